#!/bin/bash
# Run apt-get or apt-cache (the first argument) against Debian $UNSTABLE_SUITE
# through a private configuration in $CACHE_DIR/apt: its own sources (binary
# and source packages, from the machine's own Debian archive), lists and
# caches, and no dpkg status, so that nothing from unstable is ever installed.
# Downloads land in the current folder.
set -euo pipefail
: "${UNSTABLE_SUITE:?}" "${CACHE_DIR:?}"
tool=$1; shift
apt=$CACHE_DIR/apt
mkdir -p "$apt/sources" "$apt/lists/partial" "$apt/archives/partial"

# The machine's own Debian archive (the security archive, which does not
# carry $UNSTABLE_SUITE, left out).
uris=$("$(dirname "$0")/debian-archive.sh")
rm -f "$apt/sources/base.sources"
src=$apt/sources/unstable.sources
{
	echo "Types: deb deb-src"
	echo "URIs: $(echo $uris)"
	echo "Suites: $UNSTABLE_SUITE"
	echo "Components: main"
	echo "Architectures: amd64 i386"
	echo "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
} >"$src.new"
cmp -s "$src.new" "$src" && rm "$src.new" || mv "$src.new" "$src"

# i386 too, for the 32-bit host's userland (scripts/fetch-i386-busybox.sh).
opts=(-o APT::Architectures::=i386 -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$apt/sources"
      -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt" -o Dir::Cache::archives="$apt/archives"
      -o Dir::State::status=/dev/null -o APT::Sandbox::User=root)
# The lists are read again once a day, or when the sources changed.
stamp=$apt/lists/updated
if [ -z "$(find "$stamp" -newer "$src" -mmin -1440 2>/dev/null)" ]; then
	apt-get "${opts[@]}" -qq update
	touch "$stamp"
fi
exec "$tool" "${opts[@]}" "$@"
