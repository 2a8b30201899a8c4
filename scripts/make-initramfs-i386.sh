#!/bin/bash
# Make the 32-bit host's initramfs (issue 14): Debian's i386 busybox-static
# (scripts/fetch-i386-busybox.sh), guest/init, the modules of the i386
# kernel built in KOUT, the test lists, and the workbench's programs for it
# built with -m32: guest/tiny-guest.c and guest/walk-diff32.c, with
# guest/walk-diff.sh and the base's output it compares with.
set -euo pipefail
: "${TREE:?}"
kout=$(realpath "$1") cpio=$(realpath -m "$2")
top=$(cd "$(dirname "$0")/.." && pwd)
busybox=$("$top/scripts/fetch-i386-busybox.sh")
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,dev,etc,proc,sys,tmp,selftests,tests,wb}
echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
echo "root:x:0:" >"$root/etc/group"
cp "$busybox" "$root/bin/busybox"
cp "$top/guest/init" "$root/init"
cp "$top"/tests/*.list "$root/tests/"
make -s -C "$TREE" O="$kout" ARCH=i386 INSTALL_MOD_PATH="$root" INSTALL_MOD_STRIP=1 \
	DEPMOD=true modules_install
gcc -m32 -static -O2 -Wall -Werror -o "$root/wb/tiny-guest" "$top/guest/tiny-guest.c"
gcc -m32 -static -O2 -Wall -Werror -o "$root/wb/walk-diff32" "$top/guest/walk-diff32.c"
cp "$top/guest/walk-diff.sh" "$root/wb/"
[ -d "$top/tests/walk-diff" ] && cp -r "$top/tests/walk-diff" "$root/tests/"
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$cpio"
echo "initramfs: $cpio ($(du -h "$cpio" | cut -f1), i386)"
