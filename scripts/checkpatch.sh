#!/bin/bash
# Run the base tree's checkpatch.pl --strict on every patch of patches/series
# and fail when any of them gets an error, a warning or a check.
set -euo pipefail
: "${TREE:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
bad=0 n=0
for p in $(cat "$top/patches/series"); do
	n=$((n + 1))
	if ! out=$(cd "$TREE" && scripts/checkpatch.pl --strict --quiet --no-summary "$top/patches/$p" 2>&1) || [ -n "$out" ]; then
		echo "$out"
		echo "checkpatch: $p: not clean"
		bad=$((bad + 1))
	fi
done
echo "checkpatch: $n patches, $bad not clean (--strict)"
[ $bad = 0 ]
