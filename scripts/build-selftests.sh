#!/bin/bash
# Build the KVM selftests of $TREE against the headers of the kernel built in
# OUT, with the kernel's own kselftest targets; they land in OUT/kselftest/kselftest_install/kvm.
set -euo pipefail
: "${TREE:?}"
arch=$1 out=$(realpath "$2")
start=$(date +%s)
if ! make -C "$TREE" O="$out" ARCH="$arch" -j"${JOBS:-$(nproc)}" kselftest-install TARGETS=kvm \
	>"$out/selftests.log" 2>&1; then
	grep -E -B2 -A8 'error|Error' "$out/selftests.log" | head -60 >&2
	echo "selftests: build failed; full log in $out/selftests.log" >&2
	exit 1
fi
echo "selftests: $(find "$out/kselftest/kselftest_install/kvm" -type f -perm -u+x | wc -l) programs in $out/kselftest/kselftest_install/kvm, $(( $(date +%s) - start )) s"
