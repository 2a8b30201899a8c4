#!/bin/bash
# Record the differential walker tests' output on the base kernel (issue 12):
# run the list on the base's build in each of its modes and keep what
# guest/walk-diff.sh wrote to the kernel log for each program (walk-diff,
# walk-diff32, walk-diff-nested) as tests/walk-diff/PROG-ARCH-MODE, the
# reference that guest/walk-diff.sh compares the series' output with.  ARCH is x86_64
# (tests/walk-diff.list) or i386 (the 32-bit host, tests/i386.list); the
# base is built by scripts/build-base.sh.
set -euo pipefail
: "${BUILD:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
arch=${1:-x86_64}
out=$BUILD/base-$arch
list=walk-diff
[ "$arch" = i386 ] && list=i386
scripts/build-base.sh "$arch"
mkdir -p tests/walk-diff
for mode in $(scripts/list-modes.sh $list); do
	dir=$BUILD/base-results/walk-diff-$arch-$mode
	BOOT_ARGS="${BOOT_ARGS:+$BOOT_ARGS }wb.record" \
		scripts/run-list.sh $list "$mode" "$out" "$out/initramfs.cpio.gz" "$dir"
	log=$(sed 's/^\[[ 0-9.]*\] //' "$dir/console.log" | tr -d '\r')
	for prog in $(sed -n 's/^\(walk-diff[0-9a-z-]*\)-lines: .*/\1/p' <<<"$log"); do
		ref=tests/walk-diff/$prog-$arch-$mode
		want=$(sed -n "s/^$prog-lines: //p" <<<"$log")
		sed -n "s/^$prog: //p" <<<"$log" >"$ref"
		got=$(wc -l <"$ref")
		# The kernel log may drop lines: the reference is whole or not at all.
		if [ "$got" != "$want" ] || [ -s "$dir/splats" ]; then
			rm "$ref"
			echo "walk-diff: $ref: $got lines of $want in the kernel log, or a kernel report; not recorded" >&2
			exit 1
		fi
		echo "walk-diff: $got lines, $(grep -c digest "$ref") digests in $ref"
	done
done
