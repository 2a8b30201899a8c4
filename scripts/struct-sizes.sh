#!/bin/bash
# Print, for the base and for the series, the sizes of the structures the
# series reshapes (pahole, from Debian's dwarves, on arch/x86/kvm/x86.o
# compiled with -g in build/sizes-REV) and the text, data and bss sizes of the
# KVM modules (size(1) on the x86_64 builds).  The base is the worktree that
# make expectations builds (build/base-linux, build/base-x86_64).
set -euo pipefail
: "${TREE:?}" "${BUILD:?}"
structs="kvm_mmu kvm_pagewalk kvm_page_format rsvd_bits_validate kvm_vcpu_arch"
for rev in base series; do
	if [ "$rev" = base ]; then src=$BUILD/base-linux kout=$BUILD/base-x86_64
	else src=$TREE kout=$BUILD/x86_64
	fi
	[ -f "$kout/arch/x86/kvm/kvm.ko" ] ||
		{ echo "sizes: no $rev build in $kout (make expectations builds the base)" >&2; exit 1; }
	out=$(realpath -m "$BUILD/sizes-$rev")
	mkdir -p "$out"
	cp "$kout/.config" "$out/.config"
	make -s -C "$src" O="$out" ARCH=x86_64 olddefconfig
	make -s -C "$src" O="$out" ARCH=x86_64 KCFLAGS=-g arch/x86/kvm/x86.o
	for s in $structs; do
		size=$(pahole -C "$s" "$out/arch/x86/kvm/x86.o" 2>/dev/null |
		       sed -n 's|.*/\* size: \([0-9]*\),.*|\1|p')
		echo "sizes: $rev: struct $s: ${size:-none} bytes"
	done
	size "$kout"/arch/x86/kvm/kvm{,-amd,-intel}.ko | sed "1d; s|^|sizes: $rev: |; s|$kout/||"
done
