#!/bin/bash
# Print the modes of tests/modes that tests/LIST.list runs in: those its
# "# modes:" line names, or else every mode of the machine the list needs.
# The vmx list runs on Bochs, the only machine here with VMX; every other list
# on QEMU.  ONLY_MODES="npt1 npt0", if set, keeps those of them alone, e.g. to
# record again the base's outcomes in the modes that a change of L1 touches.
set -euo pipefail
list=$1
top=$(cd "$(dirname "$0")/.." && pwd)
named=$(sed -n 's/^# modes: *//p' "$top/tests/$list.list" 2>/dev/null | head -1)
if [ -z "$named" ]; then
	case $list in
	vmx) machine=bochs ;;
	*)   machine=qemu ;;
	esac
	named=$(awk -v m="$machine" '!/^#/ && $2 == m { print $1 }' "$top/tests/modes")
fi
for m in $named; do
	[ -z "${ONLY_MODES:-}" ] || [[ " $ONLY_MODES " == *" $m "* ]] || continue
	echo "$m"
done | xargs
