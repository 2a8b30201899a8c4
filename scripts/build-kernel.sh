#!/bin/bash
# Build the kernel configured in OUT for BUILD (ARCH or ARCH-VARIANT, see
# configure-kernel.sh): bzImage and modules.
set -euo pipefail
: "${TREE:?}"
name=$1 out=$(realpath "$2")
arch=${name%%-*}
jobs=${JOBS:-$(nproc)}
start=$(date +%s)
if ! make -C "$TREE" O="$out" ARCH="$arch" -j"$jobs" -s bzImage modules >"$out/build.log" 2>&1; then
	grep -E -B2 -A8 'error|Error' "$out/build.log" | head -60 >&2
	echo "kernel: $name: build failed; full log in $out/build.log" >&2
	exit 1
fi
echo "kernel: $name: built in $(( $(date +%s) - start )) s ($(make -s -C "$TREE" O="$out" ARCH="$arch" kernelrelease))"
