#!/bin/bash
# Build the unpatched base for x86_64 the way the series is built, and its
# initramfs: a worktree of $TREE at tag "base" in $BUILD/base-linux, built in
# $BUILD/base-x86_64.  The initramfs holds the series' selftests (make
# selftests built them), so that both kernels run the same programs and a
# test the series adds has a base outcome too.
set -euo pipefail
: "${TREE:?}" "${BUILD:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
src=$BUILD/base-linux out=$BUILD/base-x86_64
[ -d "$src" ] || git -C "$TREE" worktree add -q --detach "$(realpath -m "$src")" base
[ "$(git -C "$src" rev-parse HEAD)" = "$(git -C "$TREE" rev-parse base)" ] ||
	{ echo "base: $src is not at the base commit" >&2; exit 1; }
[ -d "$BUILD/x86_64/kselftest/kselftest_install/kvm" ] ||
	{ echo "base: no selftests of the series in $BUILD/x86_64 (make selftests)" >&2; exit 1; }
TREE=$src "$top/scripts/configure-kernel.sh" x86_64 "$out"
TREE=$src "$top/scripts/build-kernel.sh" x86_64 "$out"
TREE=$src SELFTESTS_OUT=$BUILD/x86_64 "$top/scripts/make-initramfs.sh" x86_64 "$out" "$out/initramfs.cpio.gz"
