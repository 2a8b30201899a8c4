#!/bin/bash
# Write the commits on $BRANCH since the base as git format-patch files, a cover
# letter (from the branch description) and a series file, into DIR (default
# patches/).  Nothing in them changes from run to run but the patches themselves.
set -euo pipefail
: "${TREE:?}" "${BRANCH:?}" "${SUBJECT_PREFIX:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath "${1:-$top/patches}")

git -C "$TREE" diff --quiet HEAD || { echo "export: $TREE has uncommitted changes" >&2; exit 1; }
n=$(git -C "$TREE" rev-list --count base.."$BRANCH")
rm -f "$out"/*.patch "$out/series"
mkdir -p "$out"
if [ "$n" -gt 0 ]; then
	git -C "$TREE" -c core.abbrev=12 -c diff.noprefix=false -c format.signOff=false \
		format-patch -q --cover-letter --cover-from-description=subject \
		--zero-commit --no-signature --base=base --subject-prefix="$SUBJECT_PREFIX" \
		-o "$out" base.."$BRANCH"
	# The cover letter is dated at export time: give it the last patch's date.
	last=$(ls "$out"/0*.patch | tail -1)
	date=$(grep -m1 '^Date:' "$last")
	sed -i "0,/^Date:.*/s//${date//\//\\/}/" "$out/0000-cover-letter.patch"
fi
(cd "$out" && ls 0*.patch 2>/dev/null | grep -v '^0000-cover-letter' || true) >"$out/series"
echo "export: $n patches in $out"
