#!/bin/bash
# Make the 32-bit host's initramfs (issue 14): Debian's i386 busybox-static
# (scripts/fetch-i386-busybox.sh), guest/init, the modules of the i386
# kernel built in KOUT, the test lists, and the workbench's programs for it
# built with -m32: guest/tiny-guest.c and guest/walk-diff32.c, with
# guest/walk-diff.sh and the base's output it compares with; and the L2
# guest of guest/l2-boot.sh as make-initramfs.sh makes it, but 32-bit: the
# kernel of scripts/build-l2-i386.sh, guest/l2-*.c built with -m32, and
# Debian's i386 QEMU (scripts/fetch-i386-qemu.sh), its libraries and firmware.
set -euo pipefail
: "${TREE:?}"
kout=$(realpath "$1") cpio=$(realpath -m "$2")
top=$(cd "$(dirname "$0")/.." && pwd)
busybox=$("$top/scripts/fetch-i386-busybox.sh")
qroot=$("$top/scripts/fetch-i386-qemu.sh")
l2image=$("$top/scripts/build-l2-i386.sh")
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

# The L2 guest and what starts it.
l2=$root/tmp/l2root
mkdir -p "$root/l2" "$root/lib" "$root/usr/bin" "$root/usr/share/qemu" "$l2"/{bin,dev,proc,sys}
cp "$busybox" "$l2/bin/busybox"
cp "$top/guest/l2-init" "$l2/init"
gcc -m32 -O2 -Wall -static -pthread -o "$l2/bin/l2-work" "$top/guest/l2-work.c"
for p in l2-disk l2-mmio; do gcc -m32 -O2 -Wall -static -o "$l2/bin/$p" "$top/guest/$p.c"; done
(cd "$l2" && find . | cpio -o -H newc --quiet) | gzip -1 >"$root/l2/initramfs.cpio.gz"
rm -rf "$l2"
cp "$l2image" "$root/l2/bzImage"
cp "$top/guest/l2-boot.sh" "$root/wb/"
cp "$qroot/usr/bin/qemu-system-x86_64" "$root/usr/bin/"
# The firmware QEMU reads, as in make-initramfs.sh.
cp -L "$qroot/usr/share/seabios/bios-256k.bin" "$qroot/usr/share/qemu/linuxboot_dma.bin" \
	"$qroot/usr/share/qemu/multiboot_dma.bin" "$qroot/usr/share/qemu/kvmvapic.bin" "$root/usr/share/qemu/"
# QEMU's shared libraries, read from the ELF headers (this machine need not
# run i386 programs, so no ldd), into /lib, where the i386 dynamic linker
# looks without an ld.so.cache.
cp -L "$qroot/lib/ld-linux.so.2" "$root/lib/"
todo=("$qroot/usr/bin/qemu-system-x86_64") seen=" "
while [ ${#todo[@]} -gt 0 ]; do
	for lib in $(readelf -d "${todo[0]}" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		case "$seen" in *" $lib "*) continue ;; esac
		seen="$seen$lib "
		path=$qroot/lib/i386-linux-gnu/$lib
		[ -e "$path" ] || path=$qroot/usr/lib/i386-linux-gnu/$lib
		[ -e "$path" ] || { echo "initramfs: $lib, which i386 QEMU needs, is not in $qroot" >&2; exit 1; }
		cp -L "$path" "$root/lib/"
		todo+=("$path")
	done
	todo=("${todo[@]:1}")
done

(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$cpio"
echo "initramfs: $cpio ($(du -h "$cpio" | cut -f1), i386)"
