#!/bin/sh
# Run in the test kernel (L1): run a program that reports how long its phases
# took (a selftest, or guest/l2-boot.sh), show its output, and hand each of
# those figures to the runner as a result of its own ($WB_SUBTESTS),
# "pass LABEL: SECONDS", for scripts/measure-cost.sh to read.  Under QEMU's
# -icount and Bochs' clock sync=none, L1's clock counts instructions, so the
# figures are instruction counts rather than noisy times.  The exit status is
# the program's.
[ $# -gt 0 ] || { echo "usage: measure.sh SELFTEST|guest/SCRIPT [ARGS]"; exit 1; }
# Random addresses would change the page tables, and with them the counts,
# from run to run.
echo 0 >/proc/sys/kernel/randomize_va_space
# A scheduler tick that comes inside a measured phase adds its work, and
# often another thread's, to the figure; which ticks come inside depends on
# where the workload starts against L1's 4 ms tick.  wb.skew=USECS delays the
# start, so that scripts/measure-cost.sh can see how far a figure moves with
# that phase alone.
skew=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^wb\.skew=//p')
[ -z "$skew" ] || usleep "$skew"
case $1 in
guest/*) prog=/wb/${1#guest/}; shift; set -- sh "$prog" "$@" ;;
*)       set -- ./"$@" ;;
esac
"$@" >/tmp/measure.log 2>&1
rc=$?
cat /tmp/measure.log
# "Total guest execution time:	3.460179392s", "Iteration 2 dirty memory
# time: 0.123456789s", "KVM_CREATE_MAPPINGS: total execution time: ...",
# "l2-boot: time to marker: 5.123456s": the label is the text before the
# figure, without its colons.
sed -n 's/^\(.*time[^:]*\)[^0-9]*\([0-9][0-9]*\.[0-9][0-9]*\)s.*$/pass \1: \2/p' /tmp/measure.log |
	tr -d '\t' | sed 's/: \([^0-9]\)/ \1/g' >>"${WB_SUBTESTS:-/dev/null}"
exit $rc
