#!/bin/bash
# Fetch the 32-bit host's QEMU, which starts its L2 guests (issue 14):
# Debian's i386 qemu-system-x86 of the machine's own release and what it
# depends on, as debootstrap resolves it from the machine's own Debian
# archive, unpacked into a root of its own in $CACHE_DIR (nothing is
# installed on the machine, and nothing of it runs here: the machine's
# kernel may lack IA32 emulation).  Prints the root.
set -euo pipefail
: "${CACHE_DIR:?}"
. /etc/os-release
root=$CACHE_DIR/i386-qemu-$VERSION_CODENAME
if [ -x "$root/usr/bin/qemu-system-x86_64" ]; then
	echo "$root"
	exit 0
fi
uri=$("$(dirname "$0")/debian-archive.sh" | head -n 1)
rm -rf "$root.tmp"
if ! debootstrap --download-only --arch=i386 --variant=minbase --include=qemu-system-x86 \
	"$VERSION_CODENAME" "$root.tmp" "$uri" >"$CACHE_DIR/i386-qemu.log" 2>&1; then
	tail -n 20 "$CACHE_DIR/i386-qemu.log" >&2
	echo "i386: debootstrap of qemu-system-x86:i386 failed; log in $CACHE_DIR/i386-qemu.log" >&2
	exit 1
fi
for deb in "$root.tmp"/var/cache/apt/archives/*.deb; do
	dpkg-deb -x "$deb" "$root.tmp"
done
rm -rf "$root.tmp"/var/cache/apt/archives "$root.tmp"/var/lib/apt/lists
mv "$root.tmp" "$root"
echo "$root"
