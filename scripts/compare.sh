#!/bin/bash
# Compare the outcomes of LIST in each MODE (DIR/LIST-MODE/outcomes) with the
# base kernel's (tests/expected/LIST-MODE).  A test fails when it does worse
# than on the base: pass to anything else, skip to fail.  Tests in
# tests/flaky.list are reported but do not gate.  Any kernel-log report fails.
# Prints TAP and the closing line "N passed, N failed, N skipped".
set -euo pipefail
dir=$1 list=$2; shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
status=0
for mode in "$@"; do
	run=$dir/$list-$mode
	exp=$top/tests/expected/$list-$mode
	[ -f "$exp" ] || { echo "compare: no base expectations $exp (make expectations)" >&2; exit 1; }
	awk -v mode="$mode" 'FILENAME == ARGV[1] { if ($1 == mode) flaky[$2] = 1; next }
			     FILENAME == ARGV[2] { base[$1] = $2; next }
			     { print mode, $1, $2, ($1 in base) ? base[$1] : "none", ($1 in flaky) }' \
		"$top/tests/flaky.list" "$exp" "$run/outcomes"
	sed "s/^/$mode splat /" "$run/splats"
done | awk '
	function ok(what, note) { n++; printf "ok %d %s%s\n", n, what, note }
	function notok(what, note) { n++; failed++; printf "not ok %d %s # %s\n", n, what, note }
	$2 == "splat" { $1 = ""; $2 = ""; notok($0, "kernel log"); next }
	{
		mode = $1; t = $2; now = $3; base = $4; flaky = $5; what = mode " " t
		bad = (now == "fail" || now == "timeout" || now == "notrun")
		if (base == "none")
			notok(what, "no base expectation: " now)
		else if (flaky) {
			skipped++; ok(what, " # SKIP flaky on the base, not gating: " now " (base " base ")")
		} else if (now == "pass") {
			passed++; ok(what, base == "pass" ? "" : " # better than the base (" base ")")
		} else if (base == "pass")
			notok(what, now ", passes on the base")
		else if (bad && base == "skip")
			notok(what, now ", skips on the base")
		else if (bad) {
			skipped++; ok(what, " # TODO " now " on the base too")
		} else {
			skipped++; ok(what, " # SKIP " (base == "skip" ? "on the base too" : "fails on the base"))
		}
	}
	END {
		printf "1..%d\n", n
		printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
		exit failed > 0
	}' || status=1
exit $status
