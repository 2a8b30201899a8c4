#!/bin/bash
# Run the base tree's checkpatch.pl --strict on every patch of patches/series
# and fail when any of them gets an error, a warning or a check.
#
# checkpatch asks "does MAINTAINERS need updating?" of every patch that adds
# a file.  Answer it instead: each file a patch adds must already be covered
# by a MAINTAINERS entry other than THE REST, the catch-all (get_maintainer.pl
# names a maintainer of that entry for it).
set -euo pipefail
: "${TREE:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
# checkpatch's SPDX check runs "env python3" and needs Debian's python3-ply
# and python3-git: put Debian's python3 ahead of any other on the PATH.
export PATH=/usr/bin:$PATH
bad=0 n=0
for p in $(cat "$top/patches/series"); do
	n=$((n + 1))
	out=$(cd "$TREE" && scripts/checkpatch.pl --strict --quiet --no-summary \
		--ignore FILE_PATH_CHANGES "$top/patches/$p" 2>&1) || true
	for f in $(awk '/^diff --git a\// { f = $4; sub(/^b\//, "", f) } /^new file mode/ { print f }' "$top/patches/$p"); do
		(cd "$TREE" && scripts/get_maintainer.pl --no-git --no-git-fallback -f "$f") 2>/dev/null |
			grep -v 'maintainer:THE REST' | grep -q '(maintainer:' || out="$out${out:+$'\n'}$f: added, and no MAINTAINERS entry covers it"
	done
	if [ -n "$out" ]; then
		echo "$out"
		echo "checkpatch: $p: not clean"
		bad=$((bad + 1))
	fi
done
echo "checkpatch: $n patches, $bad not clean (--strict)"
[ $bad = 0 ]
