#!/bin/bash
# Fetch the base kernel source: $BASE_PACKAGE=$BASE_VERSION from Debian $BASE_SUITE,
# through a private apt configuration (own sources and lists, nothing installed),
# and leave its tarball, checked against $BASE_SHA256, in $CACHE_DIR.
set -euo pipefail
: "${BASE_PACKAGE:?}" "${BASE_VERSION:?}" "${BASE_SUITE:?}" "${BASE_TARBALL:?}" "${BASE_SHA256:?}" "${CACHE_DIR:?}"

out=$CACHE_DIR/$BASE_PACKAGE-$BASE_VERSION.tar.xz
if [ -f "$out" ] && echo "$BASE_SHA256  $out" | sha256sum --quiet -c - 2>/dev/null; then
	echo "base: $out (sha256 ok)"
	exit 0
fi

apt=$CACHE_DIR/apt
mkdir -p "$apt/sources" "$apt/lists/partial" "$apt/archives/partial"

# The machine's own Debian archive URIs (deb822 and one-line formats),
# less the security archive, which does not carry $BASE_SUITE.
uris=$( { sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null || true
	  sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' \
		/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true; } |
	tr ' ' '\n' | grep -v -e '^$' -e security | sort -u)
[ -n "$uris" ] || { echo "base: no Debian archive in the machine's apt sources" >&2; exit 1; }
{
	echo "Types: deb"
	echo "URIs: $(echo $uris)"
	echo "Suites: $BASE_SUITE"
	echo "Components: main"
	echo "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
} >"$apt/sources/base.sources"

aptopts=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$apt/sources"
	 -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt" -o Dir::Cache::archives="$apt/archives"
	 -o Dir::State::status=/dev/null -o APT::Sandbox::User=root)
apt-get "${aptopts[@]}" -qq update

cd "$apt/archives"
if ! apt-get "${aptopts[@]}" -qq download "$BASE_PACKAGE=$BASE_VERSION"; then
	echo "base: cannot fetch $BASE_PACKAGE version $BASE_VERSION from Debian $BASE_SUITE." >&2
	echo "base: versions available from Debian $BASE_SUITE:" >&2
	apt-cache "${aptopts[@]}" madison "$BASE_PACKAGE" >&2 || true
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
rm -f "$deb"
echo "base: $out (sha256 ok)"
