#!/bin/bash
# The long run of walk-diff (issue 12): boot the base (scripts/build-base.sh's
# build) and the series with tests/walk-diff-long.list in each of its modes,
# and compare the digest of every seed.  A seed whose digests differ is
# printed; `guest/walk-diff.sh SEED 1` on both kernels then shows the first
# access whose outcome differs.  Also fails on a kernel-log report, or on a
# run that did not print a digest for every seed.
set -euo pipefail
: "${BUILD:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
res=$BUILD/results/walk-diff-long
seeds=$(sed -n 's/^guest\/walk-diff.sh --digests [0-9]* \([0-9]*\)$/\1/p' tests/walk-diff-long.list)
status=0
for mode in $(scripts/list-modes.sh walk-diff-long); do
	for k in base series; do
		kout=$BUILD/x86_64
		[ $k = base ] && kout=$BUILD/base-x86_64
		dir=$res/$k-$mode
		rm -rf "$dir"
		start=$(date +%s)
		scripts/run-list.sh walk-diff-long "$mode" "$kout" "$kout/initramfs.cpio.gz" "$dir" >/dev/null
		tr -d '\r' <"$dir/console.log" | sed -n 's/^\[[ 0-9.]*\] walk-diff-digest: //p' >"$dir/digests"
		echo "walk-diff-long: $k $mode: $(wc -l <"$dir/digests") seeds, $(awk '{ a += $6; d += $8 }
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
