#!/bin/bash
# Run tests/LIST.list in each of its modes (scripts/list-modes.sh) on the
# kernel built in KOUT with INITRD, mode M's results going to PREFIX-M.
#
# QEMU's L1 has a host thread per vCPU and takes both cores, so its modes run
# one after the other.  Bochs runs in one host thread and its guest's clock
# counts instructions (clock: sync=none), not host time: its modes run side
# by side, a core each, and a test's time limit means the same as alone.
set -euo pipefail
list=$1 kout=$2 initrd=$3 prefix=$4
top=$(cd "$(dirname "$0")/.." && pwd)
modes=$("$top/scripts/list-modes.sh" "$list")
machine() { awk -v m="$1" '$1 == m { print $2 }' "$top/tests/modes"; }

for m in $modes; do
	[ "$(machine "$m")" = qemu ] || continue
	"$top/scripts/run-list.sh" "$list" "$m" "$kout" "$initrd" "$prefix-$m"
done

pids=()
for m in $modes; do
	[ "$(machine "$m")" = bochs ] || continue
	mkdir -p "$prefix-$m"
	"$top/scripts/run-list.sh" "$list" "$m" "$kout" "$initrd" "$prefix-$m" \
		>"$prefix-$m.out" 2>&1 &
	pids+=($!)
done
# run-list.sh exits 0 whatever the tests did: a failure here is the
# workbench's own, and compare.sh judges the outcomes.
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
for m in $modes; do
	[ "$(machine "$m")" = bochs ] && cat "$prefix-$m.out"
done
exit $status
