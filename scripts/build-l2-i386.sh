#!/bin/bash
# Build the 32-bit host's L2 guest kernel (issue 14) and print the path of its
# bzImage: the base's i386 build with 2-level paging (configs/kvm-nopae.config:
# QEMU 7.2's TCG sets the Accessed bit, reserved there, in the PAE PDPTEs of
# L2's tables that it walks, and KVM then refuses them).  It is a guest, not
# what is tested, so it is built once, from the base in a worktree of $TREE,
# and kept in $CACHE_DIR under the base's version and its fragments' digest.
set -euo pipefail
: "${TREE:?}" "${BUILD:?}" "${CACHE_DIR:?}" "${BASE_VERSION:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
frags=(kvm-host l2-guest i386 kvm-nopae)
key=$(cd "$top/configs" && cat "${frags[@]/%/.config}" | sha256sum | cut -c1-12)
image=$CACHE_DIR/l2-i386-$BASE_VERSION-$key.bzImage
if [ -f "$image" ]; then
	echo "$image"
	exit 0
fi
src=$BUILD/l2-linux out=$BUILD/i386-l2
[ -d "$src" ] || git -C "$TREE" worktree add -q --detach "$(realpath -m "$src")" base
TREE=$src "$top/scripts/configure-kernel.sh" i386-nopae "$out" >&2
TREE=$src "$top/scripts/build-kernel.sh" i386-nopae "$out" >&2
cp "$out/arch/x86/boot/bzImage" "$image.tmp"
mv "$image.tmp" "$image"
echo "$image"
