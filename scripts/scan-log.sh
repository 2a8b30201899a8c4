#!/bin/bash
# Print every WARN, BUG, Oops, panic, KASAN, UBSAN, lockdep, RCU or kmemleak
# report in a kernel log as "TEST: REPORT", TEST being the test guest/init was
# running ("wb: start" lines) or "(no test)".  Exit 1 if there is any.
# QEMU's serial console ends lines in CR LF: without the CR, the test's name
# is the one tests/flaky.list and the outcomes give it.
set -euo pipefail
sed 's/\r$//; s/^\[[ 0-9.]*\] //' "$1" | awk '
	/^wb: start / { test = substr($0, 11) }
	/^wb: end /   { test = "" }
	/^WARNING: |^BUG: |^Oops: |^Kernel panic|^kernel BUG at|^general protection fault|KASAN|UBSAN|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|^INFO: task .* blocked|rcu_.*detected stall|self-detected stall|kmemleak: .* new suspected memory leaks/ {
		print (test != "" ? test : "(no test)") ": " $0; found = 1
	}
	END { exit found }'
