#!/bin/bash
# Run the selftests of tests/LIST.list in MODE (a line of tests/modes) on the
# kernel built in KOUT with INITRD, and write DIR/outcomes: one line per test,
# "pass|fail|skip|timeout|notrun TEST [ARGS]", beside the boot's logs.
# BOOT_ARGS, when set, go on the kernel command line too.
set -euo pipefail
: "${TEST_TIMEOUT:?}"
list=$1 mode=$2 kout=$3 initrd=$4 dir=$5
top=$(cd "$(dirname "$0")/.." && pwd)

# A list may set its own per-test time limit ("# timeout: SECS") and QEMU
# accelerator ("# accel: ACCEL").
limit=$(sed -n 's/^# timeout: *//p' "$top/tests/$list.list" | head -1)
TEST_TIMEOUT=${limit:-$TEST_TIMEOUT}
accel=$(sed -n 's/^# accel: *//p' "$top/tests/$list.list" | head -1)
export L1_ACCEL=${accel:-$L1_ACCEL}
read -r _ machine kvm vendor vopts < <(awk -v m="$mode" '$1 == m' "$top/tests/modes")
[ -n "${vendor:-}" ] || { echo "run: no mode '$mode' in tests/modes" >&2; exit 1; }
boot=ok
"$top/scripts/boot-$machine.sh" "$kout/arch/x86/boot/bzImage" "$initrd" "$dir" \
	"wb.kvm=$kvm" "wb.vendor=$vendor" "wb.vendor_opts=$vopts" \
	"wb.list=$list" "wb.timeout=$TEST_TIMEOUT" ${BOOT_ARGS:-} || boot=failed

# One line per test of the list: its outcome, then the test as the list has it.
# A test the kernel did not get to (it hung or crashed) is "notrun".  The TAP
# file is told apart by name: it is empty when the kernel never got to /init.
# The results a test reports of its own (kvm-unit-tests' report lines) follow,
# as "outcome TEST :: text", numbers that change from run to run masked.
touch "$dir/results.tap" "$dir/console.log"
grep -v -e '^#' -e '^$' "$top/tests/$list.list" |
awk 'function mask(s,   out, t) {
	# A number of five or more hex digits in a result line is an address or
	# a random value (svm_npt picks random reserved bits): it differs from
	# run to run, so the line is named without it.
	out = ""
	while (match(s, /(0x)?[0-9a-fA-F]+/)) {
		t = substr(s, RSTART, RLENGTH)
		out = out substr(s, 1, RSTART - 1) ((length(t) - (t ~ /^0x/) * 2 >= 5 && t ~ /[0-9]/) ? "N" : t)
		s = substr(s, RSTART + RLENGTH)
	}
	return out s
     }
     FILENAME == ARGV[1] && sub(/^# subtest: /, "") {
	# A line that repeats within a test is told apart by its count.
	$0 = mask($0); n[$0]++; sub_[++nsub] = $0 (n[$0] > 1 ? " #" n[$0] : ""); next
     }
     FILENAME == ARGV[1] {
	fail = /^not ok /
	if (!sub(/^(not )?ok [0-9]+ /, "")) next
	# Exit status 124 is the one of coreutils timeout: the scripts of
	# kvm-unit-tests end their QEMU at a limit of their own, 20 s before
	# the one of the runner (guest/kut.sh).
	o = / # SKIP/ ? "skip" : / # (TIMEOUT|exit=124 )/ ? "timeout" : fail ? "fail" : "pass"
	sub(/ # .*$/, ""); out[$0] = o; next
     }
     { $1 = $1; print (($0 in out) ? out[$0] : "notrun"), $0 }
     END { for (i = 1; i <= nsub; i++) print sub_[i] }' "$dir/results.tap" - >"$dir/outcomes"
"$top/scripts/scan-log.sh" "$dir/console.log" >"$dir/splats" || true
awk -v d="$dir" -v b="$boot" '{ n[$1]++ } END {
	printf "run: %s: %d pass, %d fail, %d skip, %d timeout, %d notrun; boot %s\n", d,
	       n["pass"], n["fail"], n["skip"], n["timeout"], n["notrun"], b }' "$dir/outcomes"
[ -s "$dir/splats" ] && { echo "run: $dir: kernel log reports:"; cat "$dir/splats"; }
exit 0
