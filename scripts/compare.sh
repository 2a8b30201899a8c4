#!/bin/bash
# Compare the outcomes of LIST in each MODE (DIR/LIST-MODE/outcomes) with the
# base kernel's (EXPECTED/LIST-MODE, or another list's for a test that
# LIST-MODE does not have; EXPECTED is tests/expected unless set: the debug
# kernel's are in tests/expected-debug).  A test fails when it does worse
# than on the base: pass to anything else, skip to fail; a result of a test's
# own (kvm-unit-tests' report lines) also when it is missing, but for those
# after its last when both kernels ran the test to its time limit; such a
# result of a test that the base skips as a whole, or fails before it comes
# to that result, must pass.  Any kernel-log report
# fails, but for a report made while a test of tests/flaky.list ran: such a
# test, report included, is shown but does not gate.  A test of
# tests/fixed.list fails on the base and must pass with the series.
# Prints TAP and the closing line "N passed, N failed, N skipped", then the
# end of the log of each test that failed, as its run kept it.
set -euo pipefail
dir=$1 list=$2; shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
expected=$(realpath "${EXPECTED:-$top/tests/expected}")
failed=$(mktemp)
for mode in "$@"; do
	run=$dir/$list-$mode
	# A run that left no outcomes is no evidence: a failure, not nothing.
	if [ ! -f "$run/outcomes" ]; then
		printf '%s\t%s\t%s\t%s\t\n' "$mode" "$list: no outcomes in $run" notrun pass
		continue
	fi
	# A test's base outcome in a mode comes from its own list's expectations,
	# or else from another list that runs it (tests/each.list has none).
	exp=$(mktemp)
	cat $(ls "$expected/$list-$mode" 2>/dev/null) \
	    $(ls "$expected/"*-"$mode" | grep -v "/$list-$mode\$") >"$exp"
	# mode <TAB> test <TAB> outcome <TAB> base outcome <TAB> flaky or fixed, and
	# mode <TAB> "report" <TAB> test: report <TAB> flaky or fixed
	awk -v mode="$mode" '
		function rest(s) { s = $0; sub(/^[^ ]+ +/, "", s); return s }
		# A result of its own of a flaky test is flaky too.
		function tagof(t, p) { p = t; sub(/ :: .*$/, "", p); return (t in tag) ? tag[t] : tag[p] }
		FILENAME == ARGV[1] || FILENAME == ARGV[2] {
			sub(/ *#.*$/, "")
			if ($1 == mode) tag[rest()] = (FILENAME == ARGV[1]) ? "flaky" : "fixed"
			next
		}
		FILENAME == ARGV[3] { if (!(rest() in base)) base[rest()] = $1; next }
		FILENAME == ARGV[4] {
			t = $0; sub(/: .*$/, "", t)
			print mode "\treport\t" $0 "\t" tag[t]; next
		}
		{
			t = rest(); b = (t in base) ? base[t] : "none"
			# A result of its own of a test the base skips as a whole
			# (a KUnit test the series adds) has no base outcome: "new".
			if (b == "none" && t ~ / :: /) { p = t; sub(/ :: .*$/, "", p); if (base[p] == "skip") b = "new" }
			# One of a test that failed on the base before it came to that
			# result (kut-full: a test that reached its time limit) has none
			# either: "beyond" what the base ran.
			if (b == "none" && t ~ / :: / && (base[p] == "fail" || base[p] == "timeout")) b = "beyond"
			print mode "\t" t "\t" $1 "\t" b "\t" tagof(t)
		}' \
		"$top/tests/flaky.list" "$top/tests/fixed.list" "$exp" "$run/splats" "$run/outcomes"
	# A result a test reports of its own (" :: ", kvm-unit-tests' report
	# lines) that the base gave and this run did not is "missing".
	# When both the run and the base reached the time limit of the test, the
	# base lines after the last one the run gave are "unreached": how far a
	# test gets in its time depends on the host as much as on the kernel.
	own=$expected/$list-$mode
	[ -f "$own" ] && awk -v mode="$mode" '
		function rest(s) { s = $0; sub(/^[^ ]+ +/, "", s); return s }
		function test(s) { s = rest(); sub(/ :: .*$/, "", s); return s }
		FNR == 1 { pass++ }
		pass == 1 { sub(/ *#.*$/, ""); if ($1 == mode) flaky[rest()] = 1; next }
		pass == 2 { seen[rest()] = 1; if (!/ :: /) now[rest()] = $1; next }
		pass == 3 {
			if (!/ :: /) base[rest()] = $1
			else if (rest() in seen) last[test()] = FNR
			next
		}
		/ :: / && !(rest() in seen) {
			p = test()
			o = (now[p] == "timeout" && base[p] == "timeout" && FNR > last[p]) ? "unreached" : "missing"
			print mode "\t" rest() "\t" o "\t" $1 "\t" ((p in flaky) ? "flaky" : "")
		}' "$top/tests/flaky.list" "$run/outcomes" "$own" "$own"
	rm -f "$exp"
done | awk -F'\t' -v failed_tests="$failed" '
	function ok(what, note) { n++; printf "ok %d %s%s\n", n, what, note }
	function notok(what, note,   t) {
		n++; failed++; printf "not ok %d %s # %s\n", n, what, note
		if ($2 != "report") { t = $2; sub(/ :: .*$/, "", t); print $1 "\t" t >failed_tests }
	}
	$2 == "report" {
		if ($4 == "flaky") { skipped++; ok($1 " kernel log: " $3, " # SKIP during a test flaky on the base, not gating") }
		else notok($1 " kernel log: " $3, "kernel log report")
		next
	}
	{
		what = $1 " " $2; now = $3; base = $4; tag = $5
		bad = (now == "fail" || now == "timeout" || now == "notrun" || now == "missing" || now == "xpass")
		if (tag == "flaky") {
			skipped++; ok(what, " # SKIP flaky on the base, not gating: " now " (base " base ")")
		} else if (now == "unreached") {
			skipped++; ok(what, " # SKIP not reached in the time limit, as the base reached it too (base " base ")")
		} else if (base == "none")
			notok(what, "no base expectation: " now)
		else if (base == "beyond") {
			if (now == "pass") { passed++; ok(what, " # the base failed before it") }
			else notok(what, now ", the base failed before it")
		}
		else if (base == "new") {
			if (now == "pass") { passed++; ok(what, " # new with the series") }
			else notok(what, now ", new with the series")
		}
		else if (tag == "fixed") {
			if (now == "pass") { passed++; ok(what, " # fixed by the series (base " base ")") }
			else notok(what, now ", but the series fixes it (base " base ")")
		} else if (now == "pass") {
			passed++; ok(what, base == "pass" ? "" : " # better than the base (" base ")")
		} else if (base == "pass")
			notok(what, now ", passes on the base")
		else if (bad && base == "skip")
			notok(what, now ", skips on the base")
		else if (bad) {
			skipped++; ok(what, " # TODO " now ", " base " on the base too")
		} else {
			skipped++; ok(what, " # SKIP " (base == "skip" ? "skips on the base too" : "fails on the base"))
		}
	}
	END {
		printf "1..%d\n", n
		printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
		exit failed > 0
	}' || status=$?

# CI keeps this output and nothing else: what the guest said before a test
# failed (the runner keeps its last lines, before the test's TAP line) makes
# a failure that does not come back on a rerun something to go on.
sort -u "$failed" | while IFS=$'\t' read -r mode test; do
	echo "# $mode $test, the end of its log:"
	awk -v t="$test" '
		/^# / && !/^# subtest: / { log_[++n] = $0; next }
		/^not ok [0-9]+ / {
			s = $0; sub(/^not ok [0-9]+ /, "", s); sub(/ # .*$/, "", s)
			if (s == t) for (i = 1; i <= n; i++) print log_[i]
		}
		{ n = 0 }' "$dir/$list-$mode/results.tap" 2>/dev/null || true
done
rm -f "$failed"
exit "${status:-0}"
