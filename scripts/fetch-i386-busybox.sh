#!/bin/bash
# Fetch the 32-bit host's userland: Debian $UNSTABLE_SUITE's i386
# busybox-static=$I386_BUSYBOX_VERSION, through scripts/apt-unstable.sh
# (nothing installed), checked against $I386_BUSYBOX_SHA256, and leave its
# busybox in $CACHE_DIR.  Prints the path.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
: "${I386_BUSYBOX_VERSION:?}" "${I386_BUSYBOX_SHA256:?}" "${CACHE_DIR:?}"

out=$CACHE_DIR/busybox-static-i386-${I386_BUSYBOX_VERSION#*:}
if [ -x "$out" ]; then
	echo "$out"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
if ! "$top/scripts/apt-unstable.sh" apt-get -qq download "busybox-static:i386=$I386_BUSYBOX_VERSION" >&2; then
	echo "i386: cannot fetch busybox-static:i386 version $I386_BUSYBOX_VERSION; available:" >&2
	"$top/scripts/apt-unstable.sh" apt-cache madison busybox-static:i386 >&2 || true
	exit 1
fi
deb=$(ls busybox-static_*_i386.deb)
if ! echo "$I386_BUSYBOX_SHA256  $deb" | sha256sum --quiet -c -; then
	echo "i386: $deb does not match the pinned sha256 $I386_BUSYBOX_SHA256" >&2
	exit 1
fi
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/bin/busybox >"$out.tmp"
chmod +x "$out.tmp"
mv "$out.tmp" "$out"
echo "$out"
