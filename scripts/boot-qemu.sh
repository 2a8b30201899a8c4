#!/bin/bash
# Boot KERNEL with INITRD under QEMU TCG (-cpu max: AMD SVM with NPT) and wait
# for it to end by itself.  The kernel log goes to DIR/console.log, what
# guest/init reports to DIR/results.tap.  Further arguments go on the kernel
# command line; QEMU_ARGS, when set, are more arguments for QEMU.
# SILENCE_TIMEOUT=SECS, when set, also ends a boot whose kernel log and TAP
# file have not grown for that long: guest/init logs each test's start and
# end and kills a test at its time limit, so a silence much longer than that
# limit is a kernel that stopped answering, and a list of long tests (make
# kut-full) need not wait for its whole BOOT_TIMEOUT.  It counts host
# seconds, which are the guest's only without -icount.
set -euo pipefail
: "${BOOT_TIMEOUT:?}" "${L1_MEMORY:?}" "${L1_SMP:?}" "${L1_ACCEL:?}"
kernel=$1 initrd=$2 dir=$3; shift 3
mkdir -p "$dir"
rm -f "$dir/console.log" "$dir/results.tap" "$dir/hang.txt" "$dir/timedout" "$dir"/monitor.*
touch "$dir/console.log" "$dir/results.tap"
# A kernel that stops answering prints nothing more: what its vCPUs were
# doing is then only in QEMU.  Its monitor listens on two FIFOs, so that at
# the time limit the registers of every vCPU and the host threads' CPU time
# (spinning, or blocked in QEMU) go to DIR/hang.txt before QEMU is killed.
mkfifo "$dir/monitor.in" "$dir/monitor.out"
start=$(date +%s)
# Without ACPI, -smp N alone gives the guest one CPU: N sockets give N.
# panic=-1 with -no-reboot makes a panic end QEMU as well as guest/init's reboot.
qemu-system-x86_64 \
	-accel "$L1_ACCEL" -cpu max -smp "$L1_SMP,sockets=$L1_SMP" -m "$L1_MEMORY" \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 loglevel=7 panic=-1 $*" \
	-display none -monitor "pipe:$dir/monitor" -no-reboot ${QEMU_ARGS:-} \
	-serial "file:$dir/console.log" -serial "file:$dir/results.tap" \
	</dev/null &
qemu=$!
# The watchdog ends its sleep when it is killed, and holds none of our
# output open: a caller reading our output would otherwise wait for it.
(
	set +e
	trap 'kill $sleeper 2>/dev/null; exit 0' TERM
	why=
	while [ -z "$why" ]; do
		sleep 10 & sleeper=$!
		wait $sleeper
		now=$(date +%s)
		last=$(stat -c %Y "$dir/console.log" "$dir/results.tap" | sort -n | tail -1)
		if [ $((now - start)) -ge "$BOOT_TIMEOUT" ]; then
			why="did not end within ${BOOT_TIMEOUT}s"
		elif [ -n "${SILENCE_TIMEOUT:-}" ] && [ $((now - last)) -ge "$SILENCE_TIMEOUT" ]; then
			why="printed nothing for ${SILENCE_TIMEOUT}s"
		fi
	done
	kill -0 $qemu 2>/dev/null || exit 0
	echo "$why" >"$dir/timedout"
	{
		echo "# QEMU's threads after $(( $(date +%s) - start ))s (CPU time, twice 5 s apart)"
		ps -L -o tid=,time=,comm= -p $qemu; sleep 5; ps -L -o tid=,time=,comm= -p $qemu
		echo "# info registers -a"
		# (The monitor echoes each key with terminal escapes: drop them.)
		timeout 5 cat "$dir/monitor.out" | sed 's/\x1b\[[0-9;]*[A-Za-z]//g' | grep -v '^(qemu)' &
		echo "info registers -a" >"$dir/monitor.in"
		wait
	} >"$dir/hang.txt" 2>&1
	kill $qemu; sleep 10; kill -9 $qemu 2>/dev/null
) </dev/null >/dev/null 2>&1 &
watchdog=$!
rc=0
wait $qemu || rc=$?
kill $watchdog 2>/dev/null || true
wait $watchdog 2>/dev/null || true
secs=$(( $(date +%s) - start ))
echo "$secs" >"$dir/seconds"
rm -f "$dir/monitor.in" "$dir/monitor.out"
if [ -e "$dir/timedout" ]; then
	echo "boot: $dir: QEMU $(cat "$dir/timedout"); where each vCPU was:" >&2
	# RIP of each vCPU, with the symbol of System.map below it.
	map=$(dirname "$kernel")/../../../System.map
	grep -o 'RIP=[0-9a-f]*' "$dir/hang.txt" | cut -d= -f2 |
	while read -r rip; do
		sym=$(awk -v r="$rip" 'BEGIN { r = tolower(r) }
			length($1) == length(r) && $1 <= r { s = $3; a = $1 }
			END { if (s != "") print s, a }' "$map" 2>/dev/null) || true
		[ -z "$sym" ] || sym="${sym% *}+0x$(printf %x $(( 16#$rip - 16#${sym#* } )))"
		echo "boot: $dir:   RIP $rip ${sym:-(not in System.map)}" >&2
	done
	exit 1
elif [ "$rc" != 0 ]; then
	echo "boot: $dir: QEMU exited with status $rc" >&2
	exit 1
fi
grep -q '^wb: done' <(sed 's/^\[[ 0-9.]*\] //' "$dir/console.log") ||
	{ echo "boot: $dir: the test kernel stopped before guest/init finished" >&2; exit 1; }
echo "boot: $dir: ${secs}s"
