#!/bin/bash
# Record the base kernel's outcomes as tests/expected/LIST-MODE: build the
# unpatched tree (a worktree of $TREE at tag "base") the way the series is
# built, run each list ($LISTS, default "smoke quick") in every mode $RUNS
# times (default 3), and report the tests whose outcome changed between runs:
# those belong in tests/flaky.list, with a reason.
set -euo pipefail
: "${TREE:?}" "${BUILD:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
lists=${LISTS:-smoke quick}
runs=${RUNS:-3}
modes=$(awk '!/^#/ && NF { print $1 }' tests/modes)
src=$BUILD/base-linux out=$BUILD/base-x86_64 res=$BUILD/base-results

[ -d "$src" ] || git -C "$TREE" worktree add -q --detach "$(realpath -m "$src")" base
[ "$(git -C "$src" rev-parse HEAD)" = "$(git -C "$TREE" rev-parse base)" ] ||
	{ echo "expectations: $src is not at the base commit" >&2; exit 1; }
TREE=$src scripts/configure-kernel.sh x86_64 "$out"
TREE=$src scripts/build-kernel.sh x86_64 "$out"
TREE=$src scripts/check-warnings.sh x86_64 "$out" --record
TREE=$src scripts/configure-kernel.sh i386 "$BUILD/base-i386"
TREE=$src scripts/check-warnings.sh i386 "$BUILD/base-i386" --record
TREE=$src scripts/build-selftests.sh x86_64 "$out"
TREE=$src scripts/make-initramfs.sh x86_64 "$out" "$out/initramfs.cpio.gz"

rm -rf "$res"
for list in $lists; do
	for mode in $modes; do
		for r in $(seq "$runs"); do
			scripts/run-list.sh "$list" "$mode" "$out" "$out/initramfs.cpio.gz" "$res/$list-$mode-$r"
		done
		cp "$res/$list-$mode-1/outcomes" "tests/expected/$list-$mode"
		# name outcome1,outcome2,... for tests that did not give the same outcome every run
		paste -d' ' $(for r in $(seq "$runs"); do echo "$res/$list-$mode-$r/outcomes"; done) |
			awk -v mode="$mode" '{ o = $2; same = 1
				for (i = 4; i <= NF; i += 2) { o = o "," $i; if ($i != $2) same = 0 }
				if (!same) print "expectations: not stable:", mode, $1, o }'
		cat "$res/$list-$mode"-*/splats
	done
done
echo "expectations: written to tests/expected/ from $runs run(s) of: $lists"
