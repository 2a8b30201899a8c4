#!/bin/bash
# Check that every patch of the series builds on its own, so that the series
# bisects: for each commit from the base to the tree's HEAD, in a worktree of
# $TREE (build/each-linux), build x86_64 and i386 (KVM, KVM_AMD and KVM_INTEL
# as modules, KVM_WERROR=y), compile KVM with W=1 for both, and, when
# BOOT=LIST is set, boot the x86_64 kernel and run that list in every mode of
# $BOOT_MODES (default: all of tests/modes), e.g. BOOT=each BOOT_MODES=npt0.
# The builds are incremental from one patch to the next.  Prints one line per
# patch and fails at the first patch that does not build.
set -euo pipefail
: "${TREE:?}" "${BUILD:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
src=$BUILD/each-linux
modes=${BOOT_MODES:-$(awk '!/^#/ && NF { print $1 }' tests/modes)}
[ -d "$src" ] || git -C "$TREE" worktree add -q --detach "$(realpath -m "$src")" base
commits=$(git -C "$TREE" rev-list --reverse base..HEAD)
[ -n "$commits" ] || { echo "each-patch: the series is empty"; exit 0; }
git -C "$src" checkout -q --detach base
for arch in x86_64 i386; do
	TREE=$src scripts/configure-kernel.sh $arch "$BUILD/each-$arch"
done
n=0
for c in $commits; do
	n=$((n + 1))
	subject=$(git -C "$TREE" log -1 --format=%s "$c")
	echo "each-patch: $n: $subject"
	git -C "$src" checkout -q --detach "$c"
	for arch in x86_64 i386; do
		out=$BUILD/each-$arch
		TREE=$src scripts/build-kernel.sh $arch "$out"
		TREE=$src scripts/check-warnings.sh $arch "$out"
	done
	if [ -n "${BOOT:-}" ]; then
		out=$BUILD/each-x86_64
		TREE=$src scripts/build-selftests.sh x86_64 "$out"
		TREE=$src scripts/make-initramfs.sh x86_64 "$out" "$out/initramfs.cpio.gz"
		for m in $modes; do
			scripts/run-list.sh "$BOOT" "$m" "$out" "$out/initramfs.cpio.gz" "$BUILD/each-results/$n/$BOOT-$m"
		done
		scripts/compare.sh "$BUILD/each-results/$n" "$BOOT" $modes
	fi
done
echo "each-patch: all $n patches build for x86_64 and i386 with no new W=1 or sparse warning${BOOT:+ and pass the $BOOT list}"
