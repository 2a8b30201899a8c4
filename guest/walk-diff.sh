#!/bin/sh
# Run a differential walker test (issue 12): walk-diff, or with --prog the
# named one (walk-diff32: 2-level and PAE paging), and compare what it
# prints with what it printed on the base on this host and in this mode,
# /tests/walk-diff/PROG-ARCH-MODE.  With wb.record on the kernel's command
# line, the whole output also goes to the kernel log ("PROG: " lines of
# console.log), from which scripts/record-walk-diff.sh takes the base's.
# With --nested, walk-diff runs its accesses in an L2 guest under nested NPT
# or EPT, and its output is named walk-diff-nested.  Other arguments: the
# program's.
# With --digests, there is no reference: only each seed's digest line goes
# to the kernel log, as "PROG-digest: ", for scripts/walk-diff-long.sh to
# compare between the base and the series.
prog=walk-diff digests= nested=
while :; do
	case "$1" in
	--prog) prog=$2; shift 2 ;;
	--digests) digests=1; shift ;;
	--nested) nested=--nested; shift ;;
	*) break ;;
	esac
done
arch=$(uname -m | sed 's/^i.86$/i386/')
for v in amd intel; do
	for p in npt ept; do
		f=/sys/module/kvm_$v/parameters/$p
		[ -f $f ] && mode=$p$(sed 's/Y/1/; s/N/0/' $f)
	done
done
name=$prog${nested:+-nested}
out=/tmp/$name.out
/wb/$prog $nested "$@" >$out 2>&1
rc=$?
# A skip (no nested NPT or EPT with npt=0 or ept=0) is the program's to report.
[ $rc = 4 ] && { tail -n 3 $out; exit 4; }
echo on >/proc/sys/kernel/printk_devkmsg
if [ -n "$digests" ]; then
	grep '^seed .* digest ' $out |
		while read -r l; do echo "$name-digest: $l" >/dev/kmsg; done
	[ $rc = 0 ] || tail -n 20 $out
	exit $rc
fi
# The whole output goes to the kernel log only when the kernel's command
# line asks for it (wb.record, scripts/record-walk-diff.sh): on Bochs' serial
# console each line takes a tenth of a second.
if grep -qw wb.record /proc/cmdline; then
	while read -r l; do echo "$name: $l" >/dev/kmsg; done <$out
	echo "$name-lines: $(wc -l <$out)" >/dev/kmsg
fi
[ $rc = 0 ] || { tail -n 20 $out; exit $rc; }
exp=/tests/walk-diff/$name-$arch-$mode
[ -f "$exp" ] || { echo "$name: no base output for $arch $mode in $exp"; exit 4; }
if ! cmp -s "$exp" $out; then
	# The first line that differs, below its seed's header and tables.
	n=$(awk 'NR == FNR { a[FNR] = $0; m = FNR; next }
		 $0 != a[FNR] { print FNR; found = 1; exit }
		 END { if (!found) print (FNR < m ? FNR : m) + 1 }' "$exp" $out)
	head -n "$n" "$exp" | awk '/^seed .* levels .* pa_bits/ { buf = "" }
		/^(seed .* levels .* pa_bits|slot |npt slot |ept slot )/ { buf = buf $0 "\n" }
		END { printf "%s", buf }'
	echo "base:   $(sed -n "${n}p" "$exp")"
	echo "series: $(sed -n "${n}p" $out)"
	exit 1
fi
grep 'digest' $out
