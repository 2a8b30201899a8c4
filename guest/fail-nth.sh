#!/bin/sh
# Fail the 1st, 2nd, ... allocation of one of KVM's calls (guest/fail-nth.c,
# issue 12), then ask kmemleak what the failed calls left behind.  Its lines
# also go to the kernel log ("fail-nth ..." in console.log).  Argument: the
# call, as fail-nth's.
d=/sys/kernel/debug
[ -d $d/failslab ] && [ -f $d/kmemleak ] ||
	{ echo "fail-nth: SKIP: no failslab or kmemleak in debugfs"; exit 4; }
# KVM's allocations sleep, and its page tables are single pages: neither
# may be left out, as they are by default.
for f in failslab fail_page_alloc; do
	echo N >$d/$f/ignore-gfp-wait
	echo 0 >$d/$f/verbose
done
echo N >$d/fail_page_alloc/ignore-gfp-highmem
echo 0 >$d/fail_page_alloc/min-order
# Only what this test leaks: forget what was suspected before it.
echo scan >$d/kmemleak
echo clear >$d/kmemleak

/wb/fail-nth "$@" >/tmp/fail-nth.out 2>&1
rc=$?
echo on >/proc/sys/kernel/printk_devkmsg
grep -v '^fail-nth .*: failure [0-9]*:' /tmp/fail-nth.out | tail -n 5
while read -r l; do echo "$l" >/dev/kmsg; done </tmp/fail-nth.out
[ $rc = 0 ] || { tail -n 20 /tmp/fail-nth.out; exit $rc; }

# kmemleak reports an object that has had no reference for 5 s, found by
# two scans in a row.
sleep 6
echo scan >$d/kmemleak
echo scan >$d/kmemleak
if [ -s $d/kmemleak ]; then
	echo "fail-nth $1: kmemleak:"
	head -n 60 $d/kmemleak
	exit 1
fi
echo "fail-nth $1: kmemleak: nothing"
