#!/bin/bash
# Run tests/LIST.list on the series (KOUT, INITRD) and on the base
# ($BUILD/base-x86_64, scripts/build-base.sh) side by side, mode by mode:
# mode M's results go to PREFIX-M, the base's to PREFIX-base/M, and the
# base's outcomes to PREFIX-base/LIST-M, where scripts/compare.sh finds them
# (EXPECTED=PREFIX-base).
#
# For a list whose tests run for hours, such as kut-full, a time limit
# reached or not depends on the machine's load: two kernels measured hours
# apart, or one beside other work, differ for that alone.  Side by side both
# get the same host.  The QEMU modes run one after the other, the two
# kernels' L1s sharing both cores; the Bochs modes all at once (a host thread
# each, and a guest clock that counts instructions).
set -euo pipefail
: "${BUILD:?}"
list=$1 kout=$2 initrd=$3 prefix=$4
top=$(cd "$(dirname "$0")/.." && pwd)
bout=$BUILD/base-x86_64
modes=$("$top/scripts/list-modes.sh" "$list")
machine() { awk -v m="$1" '$1 == m { print $2 }' "$top/tests/modes"; }

# run MODE: both kernels at once; the series' report to PREFIX-MODE.out, the
# base's to PREFIX-base/MODE.out.
run() {
	mkdir -p "$prefix-$1" "$prefix-base/$1"
	"$top/scripts/run-list.sh" "$list" "$1" "$kout" "$initrd" "$prefix-$1" \
		>"$prefix-$1.out" 2>&1 &
	"$top/scripts/run-list.sh" "$list" "$1" "$bout" "$bout/initramfs.cpio.gz" \
		"$prefix-base/$1" >"$prefix-base/$1.out" 2>&1 &
}
# run-list.sh exits 0 whatever the tests did: a failure here is the
# workbench's own, and compare.sh judges the outcomes.
status=0
finish() { for p in $(jobs -p); do wait "$p" || status=1; done; }
rm -rf "$prefix-base"
for m in $modes; do
	[ "$(machine "$m")" = qemu ] || continue
	run "$m"
	finish
done
for m in $modes; do
	[ "$(machine "$m")" = bochs ] && run "$m"
done
finish
for m in $modes; do
	echo "series:"; cat "$prefix-$m.out"
	echo "base:"; cat "$prefix-base/$m.out"
	cp "$prefix-base/$m/outcomes" "$prefix-base/$list-$m" 2>/dev/null || true
done
exit $status
