#!/bin/bash
# Boot KERNEL with INITRD under QEMU TCG (-cpu max: AMD SVM with NPT) and wait
# for it to end by itself.  The kernel log goes to DIR/console.log, what
# guest/init reports to DIR/results.tap.  Further arguments go on the kernel
# command line; QEMU_ARGS, when set, are more arguments for QEMU.
set -euo pipefail
: "${BOOT_TIMEOUT:?}" "${L1_MEMORY:?}" "${L1_SMP:?}" "${L1_ACCEL:?}"
kernel=$1 initrd=$2 dir=$3; shift 3
mkdir -p "$dir"
rm -f "$dir/console.log" "$dir/results.tap"
start=$(date +%s)
rc=0
# Without ACPI, -smp N alone gives the guest one CPU: N sockets give N.
# panic=-1 with -no-reboot makes a panic end QEMU as well as guest/init's reboot.
timeout -k 10 "$BOOT_TIMEOUT" qemu-system-x86_64 \
	-accel "$L1_ACCEL" -cpu max -smp "$L1_SMP,sockets=$L1_SMP" -m "$L1_MEMORY" \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 loglevel=7 panic=-1 $*" \
	-display none -monitor none -no-reboot ${QEMU_ARGS:-} \
	-serial "file:$dir/console.log" -serial "file:$dir/results.tap" \
	</dev/null || rc=$?
secs=$(( $(date +%s) - start ))
echo "$secs" >"$dir/seconds"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	echo "boot: $dir: QEMU did not end within ${BOOT_TIMEOUT}s" >&2
	exit 1
elif [ "$rc" != 0 ]; then
	echo "boot: $dir: QEMU exited with status $rc" >&2
	exit 1
fi
grep -q '^wb: done' <(sed 's/^\[[ 0-9.]*\] //' "$dir/console.log") ||
	{ echo "boot: $dir: the test kernel stopped before guest/init finished" >&2; exit 1; }
echo "boot: $dir: ${secs}s"
