#!/bin/bash
# Record walk-diff's output on the base kernel (issue 12): run
# tests/walk-diff.list on the base's x86_64 build in each of its modes and
# keep what guest/walk-diff.sh wrote to the kernel log as
# tests/walk-diff/MODE, the reference that guest/walk-diff.sh compares the
# series' output with.  The base is built by scripts/build-base.sh.
set -euo pipefail
: "${BUILD:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=$BUILD/base-x86_64
scripts/build-base.sh
SELFTESTS_OUT=$BUILD/x86_64 scripts/make-initramfs.sh x86_64 "$out" "$out/initramfs.cpio.gz"
mkdir -p tests/walk-diff
for mode in $(scripts/list-modes.sh walk-diff); do
	dir=$BUILD/base-results/walk-diff-$mode
	scripts/run-list.sh walk-diff "$mode" "$out" "$out/initramfs.cpio.gz" "$dir"
	log=$(sed 's/^\[[ 0-9.]*\] //' "$dir/console.log" | tr -d '\r')
	want=$(sed -n 's/^walk-diff-lines: //p' <<<"$log")
	sed -n 's/^walk-diff: //p' <<<"$log" >"tests/walk-diff/$mode"
	got=$(wc -l <"tests/walk-diff/$mode")
	# The kernel log may drop lines: the reference is whole or not at all.
	if [ -z "$want" ] || [ "$got" != "$want" ] || [ -s "$dir/splats" ]; then
		rm "tests/walk-diff/$mode"
		echo "walk-diff: $mode: $got lines of ${want:-?} in the kernel log, or a kernel report; nothing recorded" >&2
		exit 1
	fi
	echo "walk-diff: $mode: $got lines, $(grep -c digest "tests/walk-diff/$mode") seeds in tests/walk-diff/$mode"
done
