#!/bin/bash
# Run the selftests of tests/LIST.list in MODE (a line of tests/modes) on the
# kernel built in KOUT with INITRD, and write DIR/outcomes: one line per test,
# "name pass|fail|skip|timeout|notrun", plus the boot's logs.
set -euo pipefail
: "${TEST_TIMEOUT:?}"
list=$1 mode=$2 kout=$3 initrd=$4 dir=$5
top=$(cd "$(dirname "$0")/.." && pwd)

read -r _ kvm vendor vopts < <(awk -v m="$mode" '$1 == m' "$top/tests/modes")
[ -n "${vendor:-}" ] || { echo "run: no mode '$mode' in tests/modes" >&2; exit 1; }
boot=ok
"$top/scripts/boot-qemu.sh" "$kout/arch/x86/boot/bzImage" "$initrd" "$dir" \
	"wb.kvm=$kvm" "wb.vendor=$vendor" "wb.vendor_opts=$vopts" \
	"wb.list=$list" "wb.timeout=$TEST_TIMEOUT" || boot=failed

# A test the kernel did not get to (it hung or crashed) counts as "notrun".
grep -v -e '^#' -e '^$' "$top/tests/$list.list" | cut -d' ' -f1 |
awk 'FNR == NR {
	if ($1 == "ok" || $1 == "not") {
		name = ($1 == "ok") ? $3 : $4
		if ($0 ~ /# SKIP/) o = "skip"; else if ($0 ~ /# TIMEOUT/) o = "timeout"
		else o = ($1 == "ok") ? "pass" : "fail"
		out[name] = o
	}
	next
     }
     { print $1, ($1 in out) ? out[$1] : "notrun" }' "$dir/results.tap" - >"$dir/outcomes"
"$top/scripts/scan-log.sh" "$dir/console.log" >"$dir/splats" || true
awk -v d="$dir" -v b="$boot" '{ n[$2]++ } END {
	printf "run: %s: %d pass, %d fail, %d skip, %d timeout, %d notrun; boot %s\n", d,
	       n["pass"], n["fail"], n["skip"], n["timeout"], n["notrun"], b }' "$dir/outcomes"
[ -s "$dir/splats" ] && { echo "run: $dir: kernel log reports:"; cat "$dir/splats"; }
exit 0
