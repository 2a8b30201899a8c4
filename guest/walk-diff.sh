#!/bin/sh
# Run walk-diff (issue 12) and compare what it prints with what it printed
# on the base in this mode, /tests/walk-diff/MODE.  The whole output also
# goes to the kernel log ("walk-diff: " lines of console.log), from which
# scripts/record-walk-diff.sh takes the base's.  Arguments: walk-diff's.
# With --digests first, there is no reference: only each seed's digest line
# goes to the kernel log, as "walk-diff-digest: ", for
# scripts/walk-diff-long.sh to compare between the base and the series.
for v in amd intel; do
	for p in npt ept; do
		f=/sys/module/kvm_$v/parameters/$p
		[ -f $f ] && mode=$p$(sed 's/Y/1/; s/N/0/' $f)
	done
done
if [ "$1" = --digests ]; then
	shift
	/wb/walk-diff "$@" >/tmp/walk-diff.out 2>&1
	rc=$?
	echo on >/proc/sys/kernel/printk_devkmsg
	grep '^seed .* digest ' /tmp/walk-diff.out |
		while read -r l; do echo "walk-diff-digest: $l" >/dev/kmsg; done
	[ $rc = 0 ] || tail -n 20 /tmp/walk-diff.out
	exit $rc
fi
/wb/walk-diff "$@" >/tmp/walk-diff.out 2>&1
rc=$?
echo on >/proc/sys/kernel/printk_devkmsg
while read -r l; do echo "walk-diff: $l" >/dev/kmsg; done </tmp/walk-diff.out
echo "walk-diff-lines: $(wc -l </tmp/walk-diff.out)" >/dev/kmsg
[ $rc = 0 ] || { tail -n 20 /tmp/walk-diff.out; exit $rc; }
exp=/tests/walk-diff/$mode
[ -f "$exp" ] || { echo "walk-diff: no base output for $mode in $exp"; exit 4; }
if ! cmp -s "$exp" /tmp/walk-diff.out; then
	# The first line that differs, below its seed's header and tables.
	n=$(awk 'NR == FNR { a[FNR] = $0; m = FNR; next }
		 $0 != a[FNR] { print FNR; found = 1; exit }
		 END { if (!found) print (FNR < m ? FNR : m) + 1 }' "$exp" /tmp/walk-diff.out)
	head -n "$n" "$exp" | grep -e '^seed .* levels' -e '^slot ' | tail -n 17
	echo "base:   $(sed -n "${n}p" "$exp")"
	echo "series: $(sed -n "${n}p" /tmp/walk-diff.out)"
	exit 1
fi
grep 'digest' /tmp/walk-diff.out
