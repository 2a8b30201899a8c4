#!/bin/sh
# Run in the test kernel (L1): load the KUnit test module MODULE (kvm.ko is
# loaded already), which runs its suites as it loads, and read their results
# back from the kernel log, where KUnit prints them as KTAP.  Each test case,
# and each parameter of a parameterized one, goes to $WB_SUBTESTS as
# "outcome case" or "outcome case: parameter", for the runner to compare with
# the base one by one.
# Exit status: 0 every suite passed; 4 the kernel has no such module (the base,
# or a patch before the one that adds the test); 1 a failure, or a module that
# printed no result.
mod=${1:?usage: kunit.sh MODULE}
ko=$(find /lib/modules/"$(uname -r)" -name "$mod.ko" | head -n 1)
[ -n "$ko" ] || { echo "$mod.ko: not in this kernel"; exit 4; }
insmod "$ko" || exit 1
# guest/init marks the start of each test in the kernel log.
dmesg | sed 's/^\[[^]]*\] //' |
	awk '/^wb: start guest\/kunit\.sh / { n = 0; next } { line[++n] = $0 }
	     END { for (i = 1; i <= n; i++) print line[i] }' >/tmp/kunit-"$mod".log
cat /tmp/kunit-"$mod".log
# KTAP nests by four spaces: a suite's result at depth 0, its cases' at 1,
# the parameters of a case at 2, under that case's "# Subtest:" line.
awk -v subtests="${WB_SUBTESTS:-/dev/null}" '
	function depth(s) { match(s, /^ */); return int(RLENGTH / 4) }
	function outcome(s) { return s ~ /^ *not ok/ ? "fail" : s ~ /# SKIP/ ? "skip" : "pass" }
	function name(s) { sub(/^ *(not )?ok [0-9]+ /, "", s); sub(/ *# SKIP.*$/, "", s); return s }
	/^ *# Subtest: / { d = depth($0); s = $0; sub(/^ *# Subtest: /, "", s); sub_at[d] = s; next }
	/^ *(not )?ok [0-9]+ / {
		d = depth($0)
		if (d == 0) { suites++; if (outcome($0) == "fail") failed++; next }
		what = (d == 2) ? sub_at[2] ": " name($0) : name($0)
		print outcome($0), what > subtests
	}
	END {
		if (!suites) { print "kunit: no suite result in the kernel log"; exit 1 }
		exit failed ? 1 : 0
	}' /tmp/kunit-"$mod".log
