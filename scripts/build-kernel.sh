#!/bin/bash
# Build the kernel configured in OUT for BUILD (ARCH or ARCH-VARIANT, see
# configure-kernel.sh): bzImage and modules, or, for a build named in
# KVM_ONLY_BUILDS, the objects of KVM (arch/x86/kvm, its modules' included)
# and of the one file outside it that includes asm/kvm_host.h in these
# configurations, the Intel PMU driver.
set -euo pipefail
: "${TREE:?}"
name=$1 out=$(realpath "$2")
arch=${name%%-*}
jobs=${JOBS:-$(nproc)}
targets=(bzImage modules) what=built
if [[ " ${KVM_ONLY_BUILDS:-} " == *" $name "* ]]; then
	targets=(arch/x86/kvm/ arch/x86/events/intel/core.o)
	what="KVM built"
fi
start=$(date +%s)
if ! make -C "$TREE" O="$out" ARCH="$arch" -j"$jobs" -s "${targets[@]}" >"$out/build.log" 2>&1; then
	grep -E -B2 -A8 'error|Error' "$out/build.log" | head -60 >&2
	echo "kernel: $name: build failed; full log in $out/build.log" >&2
	exit 1
fi
echo "kernel: $name: $what in $(( $(date +%s) - start )) s ($(make -s -C "$TREE" O="$out" ARCH="$arch" kernelrelease))"
