#!/bin/bash
# Check that every patch of the series builds on its own, so that the series
# bisects: for each commit from the base to the tree's HEAD, in a worktree of
# $TREE (build/each-linux), build every configuration of $MATRIX (KVM, KVM_AMD
# and KVM_INTEL as modules, KVM_WERROR=y), compile KVM with W=1 and sparse for
# those of $W1_BUILDS, and, when
# BOOT=LIST is set, boot the x86_64 kernel and run that list in every mode of
# $BOOT_MODES (default: all of tests/modes), e.g. BOOT=each BOOT_MODES=npt0,
# and the i386 kernel with tests/i386.list in those of them it runs in.
# FROM=N starts at patch N, e.g. for the patches added since a full walk;
# TO=N stops after patch N, e.g. at the end of a part of the series.
# The builds are incremental from one patch to the next.  Prints one line per
# patch and fails at the first patch that does not build.
set -euo pipefail
: "${TREE:?}" "${BUILD:?}" "${MATRIX:?}" "${W1_BUILDS:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
src=$BUILD/each-linux
modes=${BOOT_MODES:-$(awk '!/^#/ && NF { print $1 }' tests/modes)}
[ -d "$src" ] || git -C "$TREE" worktree add -q --detach "$(realpath -m "$src")" base
commits=$(git -C "$TREE" rev-list --reverse base..HEAD)
[ -n "$commits" ] || { echo "each-patch: the series is empty"; exit 0; }
from=${FROM:-1}
to=${TO:-$(echo "$commits" | wc -l)}
# Configure at the commit before the first one built.
start=base
[ "$from" -le 1 ] || start=$(echo "$commits" | sed -n "$((from - 1))p")
git -C "$src" checkout -q --detach "${start:?FROM is past the last patch}"
for b in $MATRIX; do
	TREE=$src scripts/configure-kernel.sh "$b" "$BUILD/each-$b"
done
n=0
for c in $commits; do
	n=$((n + 1))
	[ "$n" -ge "$from" ] || continue
	[ "$n" -le "$to" ] || break
	subject=$(git -C "$TREE" log -1 --format=%s "$c")
	echo "each-patch: $n: $subject"
	git -C "$src" checkout -q --detach "$c"
	# A patch that adds a Kconfig option (the series' KUnit test) needs the
	# fragments merged again: the configuration made at the base lacks it.
	if ! git -C "$TREE" diff --quiet "$c^" "$c" -- '*Kconfig*'; then
		for b in $MATRIX; do
			TREE=$src scripts/configure-kernel.sh "$b" "$BUILD/each-$b"
		done
	fi
	for b in $MATRIX; do
		out=$BUILD/each-$b
		TREE=$src scripts/build-kernel.sh "$b" "$out"
		case " $W1_BUILDS " in *" $b "*) TREE=$src scripts/check-warnings.sh "$b" "$out" ;; esac
	done
	if [ -n "${BOOT:-}" ]; then
		out=$BUILD/each-x86_64
		TREE=$src scripts/build-selftests.sh x86_64 "$out"
		TREE=$src scripts/make-initramfs.sh x86_64 "$out" "$out/initramfs.cpio.gz"
		for m in $modes; do
			scripts/run-list.sh "$BOOT" "$m" "$out" "$out/initramfs.cpio.gz" "$BUILD/each-results/$n/$BOOT-$m"
		done
		scripts/compare.sh "$BUILD/each-results/$n" "$BOOT" $modes
		# The 32-bit host (issue 14): tests/i386.list in those of the
		# modes that it runs in, as make i386-host does.
		out=$BUILD/each-i386 i386_modes=
		TREE=$src scripts/make-initramfs-i386.sh "$out" "$out/initramfs.cpio.gz"
		for m in $modes; do
			case " $(scripts/list-modes.sh i386) " in *" $m "*) ;; *) continue ;; esac
			L1_MEMORY=2G scripts/run-list.sh i386 "$m" "$out" "$out/initramfs.cpio.gz" \
				"$BUILD/each-results/$n/i386-$m"
			i386_modes="$i386_modes $m"
		done
		[ -z "$i386_modes" ] || scripts/compare.sh "$BUILD/each-results/$n" i386 $i386_modes
	fi
done
echo "each-patch: patches $from-$to build in $MATRIX, with no new W=1 or sparse warning in $W1_BUILDS${BOOT:+, and pass the $BOOT and i386 lists}"
