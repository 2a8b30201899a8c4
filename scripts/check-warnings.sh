#!/bin/bash
# Compile KVM (arch/x86/kvm) with W=1 and check it with sparse (C=2, the
# sparse of scripts/build-sparse.sh) for the kernel configured in OUT, in its
# own output folder OUT-w1 so that the main build is not redone, and fail on
# any warning about KVM's sources that the base does not have
# (tests/expected/w1-ARCH, line numbers dropped).  "--record" writes that file.
# KVM_WERROR=y already turns the compiler's warnings into errors; this also
# catches kernel-doc's and sparse's.  Only files compiled in this run get W=1
# warnings, and every file a patch touches is; C=2 runs sparse on every file,
# compiled in this run or not, with no cap on its warnings per file.
set -euo pipefail
: "${TREE:?}" "${CACHE_DIR:?}" "${SPARSE_VERSION:?}"
arch=$1 out=$(realpath "$2")
top=$(cd "$(dirname "$0")/.." && pwd)
exp=$top/tests/expected/w1-$arch
w1=$out-w1
mkdir -p "$w1"
cmp -s "$out/.config" "$w1/.config" || cp "$out/.config" "$w1/.config"
sparse=$CACHE_DIR/sparse-$SPARSE_VERSION/sparse
start=$(date +%s)
if ! make -C "$TREE" O="$w1" ARCH="$arch" -j"${JOBS:-$(nproc)}" -s W=1 C=2 CHECK="$sparse" CF=-fmax-warnings=unlimited arch/x86/kvm/ >"$w1/build.log" 2>&1; then
	grep -E -B2 -A8 'error|Error' "$w1/build.log" | head -60 >&2
	echo "warnings: $arch: KVM does not build with W=1; full log in $w1/build.log" >&2
	exit 1
fi
# Kbuild only warns, and skips the check, when it finds sparse unusable.
if grep -q 'specified, but .* is not available' "$w1/build.log"; then
	echo "warnings: $arch: the kernel will not run $sparse (scripts/checker-valid.sh)" >&2
	exit 1
fi
warnings=$( { grep -i -E 'warning|error:' "$w1/build.log" || true; } |
	    sed -E -e 's#[^ ]*/(arch|virt|include|tools|scripts)/#\1/#g' -e 's/:[0-9]+(:[0-9]+)?/:/g' | sort -u)
if [ "${3:-}" = --record ]; then
	printf '%s' "$warnings" >"$exp"
	echo "warnings: $arch: $(grep -c . "$exp" || true) W=1 and sparse warnings about KVM on the base, in $exp"
	exit 0
fi
new=$(printf '%s' "$warnings" | comm -23 - "$exp")
if [ -n "$new" ]; then
	echo "$new" >&2
	echo "warnings: $arch: the W=1 and sparse warnings above are new (not on the base)" >&2
	exit 1
fi
echo "warnings: $arch: KVM built with W=1 and sparse in $(( $(date +%s) - start )) s, no warning the base does not have"
