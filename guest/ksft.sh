#!/bin/sh
# Run in the test kernel (L1): run the KVM selftest TEST (as a list names it,
# x86/NAME) and hand the results it reports of its own, kselftest's TAP lines
# ("ok N name", "ok N name # SKIP reason", "not ok N name"), to the runner as
# $WB_SUBTESTS lines, "outcome name" each, so that a part the test skips is
# compared as a skip and not hidden in the whole test's pass.
# Exit status: the test's own (0 pass, 4 skip, anything else a failure).
t=${1:?usage: ksft.sh TEST [ARGS]}
shift
log=/tmp/ksft.log
./"${t##*/}" "$@" </dev/null >"$log" 2>&1
rc=$?
cat "$log"
sed -n -e 's/^ok [0-9]* # SKIP \(.*\)$/skip \1/p' -e t \
       -e 's/^ok [0-9]* \(.*\) # SKIP .*$/skip \1/p' -e t \
       -e 's/^ok [0-9]* \(.*\)$/pass \1/p' -e t \
       -e 's/^not ok [0-9]* \(.*\) #  .*$/fail \1/p' -e t \
       -e 's/^not ok [0-9]* \(.*\)$/fail \1/p' "$log" >"${WB_SUBTESTS:-/dev/null}"
exit $rc
