#!/bin/bash
# Make $TREE: the base tarball unpacked as a git repository with a single base
# commit, and the series in patches/ applied on branch $BRANCH with git am.
# An existing tree is kept if it holds exactly the series; otherwise this stops
# rather than lose unexported work.
set -euo pipefail
: "${BASE_PACKAGE:?}" "${BASE_VERSION:?}" "${CACHE_DIR:?}" "${TREE:?}" "${BRANCH:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
tarball=$CACHE_DIR/$BASE_PACKAGE-$BASE_VERSION.tar.xz

if [ -d "$TREE/.git" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	"$top/scripts/export-series.sh" "$tmp" >/dev/null
	if diff -r "$top/patches" "$tmp" >/dev/null; then
		echo "tree: $TREE holds the series in patches/"
		exit 0
	fi
	echo "tree: $TREE differs from patches/ (diff -r patches/ <(make export)):" >&2
	diff -r -q "$top/patches" "$tmp" >&2 || true
	echo "tree: export it (make export) or remove it (make clean-tree) first" >&2
	exit 1
fi

rm -rf "$TREE.tmp"
mkdir -p "$TREE.tmp"
tar -C "$TREE.tmp" --strip-components=1 -xJf "$tarball"
cd "$TREE.tmp"
git init -q -b "$BRANCH"
git config gc.auto 0
git config core.abbrev 12
git config user.name >/dev/null || git config user.name "kvm-chainsaw workbench"
git config user.email >/dev/null || git config user.email "workbench@kvm-chainsaw.invalid"
git add -A -f .
# Fixed identity and dates: the same tarball always gives the same base commit.
when="@$(stat -c %Y Makefile) +0000"
GIT_AUTHOR_NAME=Debian GIT_AUTHOR_EMAIL=debian-kernel@lists.debian.org \
GIT_COMMITTER_NAME=Debian GIT_COMMITTER_EMAIL=debian-kernel@lists.debian.org \
GIT_AUTHOR_DATE=$when GIT_COMMITTER_DATE=$when \
	git commit -q -m "Linux $BASE_VERSION ($BASE_PACKAGE from Debian)"
git tag base
cd - >/dev/null
mv "$TREE.tmp" "$TREE"
echo "tree: $TREE base commit $(git -C "$TREE" rev-parse --short base)"

# The cover letter's subject and blurb become the branch description, from
# which make export writes the cover letter back.
cover=$top/patches/0000-cover-letter.patch
if [ -f "$cover" ]; then
	# A long subject is folded over lines that start with a space.
	awk '/^Subject:/ { sub(/^Subject: *(\[[^]]*\] *)?/, ""); subj = $0; insubj = 1; next }
	     insubj && /^ / { subj = subj $0; next }
	     insubj { print subj; print ""; insubj = 0 }
	     /^$/ && !body { body = 1; next }
	     body && /^[^ ].* \([0-9]+\):$/ { exit }
	     body { print }' "$cover" >"$TREE/.git/description.tmp"
	git -C "$TREE" config "branch.$BRANCH.description" "$(cat "$TREE/.git/description.tmp")"
	rm "$TREE/.git/description.tmp"
fi

[ -s "$top/patches/series" ] || { echo "tree: the series is empty"; exit 0; }
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	if ! git -C "$TREE" am -q --keep-cr "$top/patches/$p"; then
		echo "tree: patches/$p does not apply; see git -C $TREE am --show-current-patch=diff" >&2
		exit 1
	fi
done <"$top/patches/series"
echo "tree: applied $(grep -c -v -e '^$' -e '^#' "$top/patches/series") patches"
