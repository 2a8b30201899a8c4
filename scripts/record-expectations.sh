#!/bin/bash
# Record the base kernel's outcomes as tests/expected/LIST-MODE and its W=1
# and sparse warnings as tests/expected/w1-ARCH: build the unpatched tree (a
# worktree of $TREE at tag "base", or $TREE itself while the series is empty)
# the way the series is built, run each list ($LISTS, default "smoke quick")
# with the series' selftests on the base kernel in each of its modes
# (scripts/list-modes.sh) $RUNS times (default 3), and report the tests whose
# outcome changed between runs: those belong in tests/flaky.list, with a
# reason.  BASE_BUILD=x86_64-debug EXPECTED=tests/expected-debug records the
# debug kernel's outcomes instead (no warnings: W=1 is the x86_64 build's);
# BASE_BUILD=i386 LISTS=i386, the 32-bit host's.
set -euo pipefail
: "${TREE:?}" "${BUILD:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
lists=${LISTS:-smoke quick}
runs=${RUNS:-3}
build=${BASE_BUILD:-x86_64}
expected=${EXPECTED:-tests/expected}
res=$BUILD/base-results${BASE_BUILD:+-$BASE_BUILD}
mkdir -p "$expected"
if [ "$build" != x86_64 ]; then
	out=$BUILD/base-$build
	scripts/build-base.sh "$build"
elif [ "$(git -C "$TREE" rev-parse HEAD)" = "$(git -C "$TREE" rev-parse base)" ]; then
	# The series is empty: the tree is the base, and so are its builds.
	src=$TREE out=$BUILD/x86_64 out32=$BUILD/i386
	scripts/configure-kernel.sh x86_64 "$out"
	scripts/build-kernel.sh x86_64 "$out"
	SELFTESTS_OUT=$BUILD/x86_64 scripts/make-initramfs.sh x86_64 "$out" "$out/initramfs.cpio.gz"
else
	# The base kernel runs the series' own selftests (scripts/build-base.sh).
	src=$BUILD/base-linux out=$BUILD/base-x86_64 out32=$BUILD/base-i386
	scripts/build-base.sh
fi
if [ "$build" = x86_64 ]; then
	TREE=$src scripts/check-warnings.sh x86_64 "$out" --record
	TREE=$src scripts/configure-kernel.sh i386 "$out32"
	TREE=$src scripts/check-warnings.sh i386 "$out32" --record
fi

for list in $lists; do
	for mode in $(scripts/list-modes.sh "$list"); do
		rm -rf "$res/$list-$mode"-*
		for r in $(seq "$runs"); do
			scripts/run-list.sh "$list" "$mode" "$out" "$out/initramfs.cpio.gz" "$res/$list-$mode-$r"
		done
		cp "$res/$list-$mode-1/outcomes" "$expected/$list-$mode"
		# The tests that did not give the same outcome every run, with their outcomes.
		paste -d'|' $(for r in $(seq "$runs"); do echo "$res/$list-$mode-$r/outcomes"; done) |
			awk -F'|' -v mode="$mode" '{
				t = $1; sub(/^[^ ]+ /, "", t); split($1, w, " "); o = w[1]; same = 1
				for (i = 2; i <= NF; i++) { split($i, v, " "); o = o "," v[1]; same = same && v[1] == w[1] }
				if (!same) print "expectations: not stable: " mode " " t " (" o ")" }'
		cat "$res/$list-$mode"-*/splats
	done
done
echo "expectations: written to $expected/ from $runs run(s) of: $lists"
