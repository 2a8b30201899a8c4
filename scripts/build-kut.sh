#!/bin/bash
# Build kvm-unit-tests into OUT: its x86 .flat tests, and each test of
# x86/unittests.cfg as the standalone script `make standalone` writes
# (OUT/tests/NAME: the test's QEMU arguments from unittests.cfg and its .flat
# in one file), which the test kernel runs.  The source is $KUT_SRC, a
# tarball or a folder; unset, the pinned snapshot $KUT_SNAPSHOT, checked
# against $KUT_SHA256 and kept in $CACHE_DIR.
set -euo pipefail
: "${KUT_SNAPSHOT:?}" "${KUT_SHA256:?}" "${CACHE_DIR:?}"
out=$(realpath -m "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
src=${KUT_SRC:-}
if [ -z "$src" ]; then
	cached=$CACHE_DIR/$KUT_SNAPSHOT
	if [ ! -f "$cached" ]; then
		shared=$top/../shared/kvm-unit-tests/$KUT_SNAPSHOT
		[ -f "$shared" ] || { echo "kut: no $KUT_SNAPSHOT in $CACHE_DIR or ../shared/kvm-unit-tests;" \
			"set KUT_SRC to a kvm-unit-tests clone or tarball" >&2; exit 1; }
		mkdir -p "$CACHE_DIR"
		cp "$shared" "$cached.tmp" && mv "$cached.tmp" "$cached"
	fi
	echo "$KUT_SHA256  $cached" | sha256sum --quiet -c - ||
		{ echo "kut: $cached does not match the pinned sha256 $KUT_SHA256" >&2; exit 1; }
	src=$cached
fi
stamp="$src $(stat -c %Y "$src")"
[ -f "$out/.source" ] && [ "$(cat "$out/.source")" = "$stamp" ] && [ -d "$out/tests" ] &&
	{ echo "kut: $out (up to date)"; exit 0; }

rm -rf "$out"
mkdir -p "$out"
if [ -d "$src" ]; then
	cp -a "$src/." "$out/"
else
	tar -xf "$src" -C "$out" --strip-components=1
fi
cd "$out"
# The Makefile asks git for the source's commit (build-head): a clone answers,
# and git must not answer for the checkout that $out is in.
export GIT_CEILING_DIRECTORIES=${out%/*}
{ ./configure --arch=x86_64 && make -j"$(nproc)" && make standalone; } >build.log 2>&1 ||
	{ tail -20 build.log >&2; echo "kut: the build failed (see $out/build.log)" >&2; exit 1; }
echo "$stamp" >.source
echo "kut: $out: $(ls x86/*.flat | wc -l) tests, $(ls tests | wc -l) standalone scripts, from $src"
