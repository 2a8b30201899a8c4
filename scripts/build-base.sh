#!/bin/bash
# Build the unpatched base the way the series is built, and its initramfs: a
# worktree of $TREE at tag "base" in $BUILD/base-linux, built in
# $BUILD/base-NAME.  NAME is x86_64 unless given: a build of x86_64, such as
# x86_64-debug (see configure-kernel.sh), or i386, the 32-bit host, whose
# initramfs is scripts/make-initramfs-i386.sh's.  The initramfs holds the series'
# selftests (make selftests built them), so that both kernels run the same
# programs and a test the series adds has a base outcome too.
# LAYOUT=N builds the base with N unused functions added to mmu/mmu.c, in
# $BUILD/base-layoutN-linux and $BUILD/base-layoutN-NAME: the same code at
# other addresses, which make cost runs to see how far a figure moves with
# the layout alone.
set -euo pipefail
: "${TREE:?}" "${BUILD:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
name=${1:-x86_64}
base=base${LAYOUT:+-layout$LAYOUT}
src=$BUILD/$base-linux out=$BUILD/$base-$name
if [ ! -d "$src" ]; then
	git -C "$TREE" worktree add -q --detach "$(realpath -m "$src")" base
	for i in $(seq "${LAYOUT:-0}"); do
		sed -i '/^#include "trace.h"$/a\
\
/* Moves the code that follows: a layout probe of make cost. */\
u64 kvm_mmu_layout_probe'"$i"'(u64 a, u64 b);\
noinline u64 kvm_mmu_layout_probe'"$i"'(u64 a, u64 b)\
{\
	return (a * 0x9e3779b97f4a7c15ULL) ^ (b >> 7) ^ (a << 13) ^ (b * 31);\
}' "$src/arch/x86/kvm/mmu/mmu.c"
	done
fi
[ -z "${LAYOUT:-}" ] || grep -q "kvm_mmu_layout_probe$LAYOUT(" "$src/arch/x86/kvm/mmu/mmu.c" ||
	{ echo "base: no layout probe $LAYOUT in $src" >&2; exit 1; }
[ "$(git -C "$src" rev-parse HEAD)" = "$(git -C "$TREE" rev-parse base)" ] ||
	{ echo "base: $src is not at the base commit" >&2; exit 1; }
[ "$name" = i386 ] || [ -d "$BUILD/x86_64/kselftest/kselftest_install/kvm" ] ||
	{ echo "base: no selftests of the series in $BUILD/x86_64 (make selftests)" >&2; exit 1; }
TREE=$src "$top/scripts/configure-kernel.sh" "$name" "$out"
TREE=$src "$top/scripts/build-kernel.sh" "$name" "$out"
if [ "$name" = i386 ]; then
	TREE=$src "$top/scripts/make-initramfs-i386.sh" "$out" "$out/initramfs.cpio.gz"
else
	TREE=$src SELFTESTS_OUT=$BUILD/x86_64 "$top/scripts/make-initramfs.sh" x86_64 "$out" "$out/initramfs.cpio.gz"
fi
