#!/bin/bash
# Build the kernel configured in OUT: bzImage and modules.
set -euo pipefail
: "${TREE:?}"
arch=$1 out=$(realpath "$2")
jobs=${JOBS:-$(nproc)}
start=$(date +%s)
if ! make -C "$TREE" O="$out" ARCH="$arch" -j"$jobs" -s bzImage modules >"$out/build.log" 2>&1; then
	grep -E -B2 -A8 'error|Error' "$out/build.log" | head -60 >&2
	echo "kernel: $arch: build failed; full log in $out/build.log" >&2
	exit 1
fi
echo "kernel: $arch: built in $(( $(date +%s) - start )) s ($(make -s -C "$TREE" O="$out" ARCH="$arch" kernelrelease))"
