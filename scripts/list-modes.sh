#!/bin/bash
# Print the modes of tests/modes that tests/LIST.list runs in: those its
# "# modes:" line names, or else every mode of the machine the list needs.
# The vmx list runs on Bochs, the only machine here with VMX; every other list
# on QEMU.
set -euo pipefail
list=$1
top=$(cd "$(dirname "$0")/.." && pwd)
named=$(sed -n 's/^# modes: *//p' "$top/tests/$list.list" 2>/dev/null | head -1)
[ -n "$named" ] && { echo $named; exit 0; }
case $list in
vmx) machine=bochs ;;
*)   machine=qemu ;;
esac
awk -v m="$machine" '!/^#/ && $2 == m { print $1 }' "$top/tests/modes" | xargs
