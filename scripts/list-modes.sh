#!/bin/bash
# Print the modes of tests/modes that tests/LIST.list runs in.  The vmx list
# runs on Bochs, the only machine here with VMX; every other list on QEMU.
set -euo pipefail
list=$1
top=$(cd "$(dirname "$0")/.." && pwd)
case $list in
vmx) machine=bochs ;;
*)   machine=qemu ;;
esac
awk -v m="$machine" '!/^#/ && $2 == m { print $1 }' "$top/tests/modes" | xargs
