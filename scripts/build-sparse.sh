#!/bin/bash
# Build sparse for the W=1 check: the kernel's C=2 needs a sparse that knows
# __typeof_unqual__ (scripts/checker-valid.sh), which Debian 12's 0.6.4 does
# not, and Debian unstable's binary package needs a newer glibc than Debian
# 12's.  So fetch unstable's source package $SPARSE_VERSION through
# scripts/apt-unstable.sh, check its upstream tarball against $SPARSE_SHA256,
# build the sparse binary alone and keep it in $CACHE_DIR.
set -euo pipefail
: "${SPARSE_VERSION:?}" "${SPARSE_SHA256:?}" "${CACHE_DIR:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
out=$CACHE_DIR/sparse-$SPARSE_VERSION
[ -x "$out/sparse" ] && { echo "sparse: $out/sparse"; exit 0; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
"$top/scripts/apt-unstable.sh" apt-get -qq --download-only source "sparse=$SPARSE_VERSION" >/dev/null
orig=$(ls sparse_*.orig.tar.*)
if ! echo "$SPARSE_SHA256  $orig" | sha256sum --quiet -c -; then
	echo "sparse: $orig does not match the pinned sha256 $SPARSE_SHA256" >&2
	exit 1
fi
mkdir src
tar -xf "$orig" -C src --strip-components=1
make -C src -s -j"$(nproc)" HAVE_LLVM=no HAVE_GTK=no HAVE_SQLITE=no HAVE_LIBXML=no sparse >build.log 2>&1 ||
	{ tail -20 build.log >&2; echo "sparse: the build failed" >&2; exit 1; }
mkdir -p "$out"
install -m 755 src/sparse "$out/sparse"
echo "sparse: $out/sparse, built from Debian $UNSTABLE_SUITE's sparse $SPARSE_VERSION"
