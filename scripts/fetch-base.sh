#!/bin/bash
# Fetch the base kernel source: $BASE_PACKAGE=$BASE_VERSION from Debian $UNSTABLE_SUITE,
# through scripts/apt-unstable.sh (own sources and lists, nothing installed),
# and leave its tarball, checked against $BASE_SHA256, in $CACHE_DIR.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
: "${BASE_PACKAGE:?}" "${BASE_VERSION:?}" "${UNSTABLE_SUITE:?}" "${BASE_TARBALL:?}" "${BASE_SHA256:?}" "${CACHE_DIR:?}"

out=$CACHE_DIR/$BASE_PACKAGE-$BASE_VERSION.tar.xz
if [ -f "$out" ] && echo "$BASE_SHA256  $out" | sha256sum --quiet -c - 2>/dev/null; then
	echo "base: $out (sha256 ok)"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
if ! "$top/scripts/apt-unstable.sh" apt-get -qq download "$BASE_PACKAGE=$BASE_VERSION"; then
	echo "base: cannot fetch $BASE_PACKAGE version $BASE_VERSION from Debian $UNSTABLE_SUITE." >&2
	echo "base: versions available from Debian $UNSTABLE_SUITE:" >&2
	"$top/scripts/apt-unstable.sh" apt-cache madison "$BASE_PACKAGE" >&2 || true
	echo "base: versions available from the machine's own apt sources:" >&2
	apt-cache madison "$BASE_PACKAGE" >&2 || true
	exit 1
fi

deb=$(ls "$BASE_PACKAGE"_"${BASE_VERSION//:/%3a}"_*.deb)
dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$BASE_TARBALL" >"$out.tmp"
if ! echo "$BASE_SHA256  $out.tmp" | sha256sum --quiet -c -; then
	echo "base: $BASE_TARBALL in $deb does not match the pinned sha256 $BASE_SHA256" >&2
	echo "base: it is $(sha256sum <"$out.tmp" | cut -d' ' -f1)" >&2
	rm -f "$out.tmp"
	exit 1
fi
mv "$out.tmp" "$out"
echo "base: $out (sha256 ok)"
