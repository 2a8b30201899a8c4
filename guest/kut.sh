#!/bin/sh
# Run in the test kernel (L1): run the kvm-unit-tests test NAME as an L2 guest
# on /dev/kvm, through the standalone script that kvm-unit-tests' `make
# standalone` wrote for it (/kut/tests/NAME: the test's .flat and its QEMU
# arguments from x86/unittests.cfg).  Its report lines (PASS, FAIL, SKIP,
# XFAIL, XPASS) go to $WB_SUBTESTS, one "outcome text" line each, for the
# runner to compare with the base one by one.
# Exit status: 0 pass, 4 skip, anything else a failure.
name=${1:?usage: kut.sh NAME}
log=/tmp/kut-$name.log
# The standalone scripts want bash and coreutils' timeout (--foreground, -k),
# which busybox lacks.  Their time limit ends QEMU before the runner's does.
export PATH=/kut/bin:$PATH MAX_SMP=$(nproc)
export TIMEOUT=$(( ${WB_TIMEOUT:-300} - 20 ))s
# Tests that unittests.cfg keeps out of a default run (group nodefault, such
# as access_fep) run when a list names them.
export run_all_tests=yes
# The script's output reaches its stdout through process substitutions that
# can still be writing when it exits (its result line came out in the middle
# of a report line, and the report lines after it were lost): read it through
# a pipe, whose end comes only when the last of them has closed it.
{ bash /kut/tests/"$name" </dev/null 2>&1; echo $? >"$log.rc"; } | cat >"$log"
rc=$(cat "$log.rc")
cat "$log"
# Colours off; busybox sed knows no \x escapes.
esc=$(printf '\033')
tr -d '\r' <"$log" | sed "s/$esc\[[0-9;]*m//g" |
	sed -n 's/^\(PASS\|FAIL\|SKIP\|XFAIL\|XPASS\): \(.*\)$/\1 \2/p' |
	awk '{ o = tolower($1); sub(/^[A-Z]+ /, ""); print o, $0 }' >"${WB_SUBTESTS:-/dev/null}"
# run() in kvm-unit-tests' scripts/runtime.bash: 0 pass, 77 skip, 2 skipped
# before it started (another arch, a check= file), 124 its time limit.
case $rc in
0)    exit 0 ;;
2|77) exit 4 ;;
*)    exit "$rc" ;;
esac
