#!/bin/bash
# The long run of walk-diff (also --nested) and walk-diff32 (issue 12): boot
# the base (scripts/build-base.sh's build) and the series with
# tests/walk-diff-long.list in each of its modes, and compare the digest of
# every seed.  A seed whose digests differ is printed; `guest/walk-diff.sh
# [--prog walk-diff32 | --nested] SEED 1` on both kernels then shows the first access
# whose outcome differs.  Also fails on a kernel-log report, or on a run
# that did not print a digest for every seed.
set -euo pipefail
: "${BUILD:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
res=$BUILD/results/walk-diff-long
# A digest per seed, and walk-diff32's per seed and paging mode (2-level,
# PAE); walk-diff --nested's only where L1 has NPT or EPT (npt=1, ept=1), it
# skips with npt=0 and ept=0.
seeds_in() {
	awk -v mode="$1" '/^guest\/walk-diff.sh / && !(/--nested/ && mode !~ /^(npt1|ept1)$/) {
		n += $NF * (/walk-diff32/ ? 2 : 1) } END { print n }' tests/walk-diff-long.list
}
status=0
for mode in $(scripts/list-modes.sh walk-diff-long); do
	seeds=$(seeds_in "$mode")
	for k in base series; do
		kout=$BUILD/x86_64
		[ $k = base ] && kout=$BUILD/base-x86_64
		dir=$res/$k-$mode
		rm -rf "$dir"
		start=$(date +%s)
		scripts/run-list.sh walk-diff-long "$mode" "$kout" "$kout/initramfs.cpio.gz" "$dir" >/dev/null
		tr -d '\r' <"$dir/console.log" | sed -n 's/^\[[ 0-9.]*\] \(walk-diff[0-9a-z-]*\)-digest: /\1 /p' >"$dir/digests"
		echo "walk-diff-long: $k $mode: $(wc -l <"$dir/digests") seeds, $(awk '{ a += $(NF - 2); d += $NF }
			END { print a " accesses, native!=fep " d }' "$dir/digests"), $(( $(date +%s) - start )) s"
		if [ "$(wc -l <"$dir/digests")" != "$seeds" ] || [ -s "$dir/splats" ]; then
			echo "walk-diff-long: $k $mode: not $seeds digests, or a kernel-log report ($dir)"
			cat "$dir/splats"
			status=1
		fi
	done
	if ! diff "$res/base-$mode/digests" "$res/series-$mode/digests" >"$res/$mode.diff"; then
		echo "walk-diff-long: $mode: these seeds differ (< base, > series):"
		cat "$res/$mode.diff"
		status=1
	else
		echo "walk-diff-long: $mode: every digest is the base's"
	fi
done
exit $status
