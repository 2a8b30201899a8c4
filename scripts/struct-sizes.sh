#!/bin/bash
# Print, for the base and for the series, the sizes of the structures the
# series reshapes (pahole, from Debian's dwarves, on arch/x86/kvm/x86.o
# compiled with -g in build/sizes-REV), the MMU state each vCPU carries, and
# the text, data and bss sizes of the KVM modules and their code alone
# (size(1) on the x86_64 builds).  The base is the worktree that
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
	# What each vCPU spends on MMU state: kvm_vcpu_arch's members that are a
	# struct kvm_mmu or struct kvm_pagewalk, or point to one.
	pahole -C kvm_vcpu_arch "$out/arch/x86/kvm/x86.o" |
		awk '$1 == "struct" && $2 ~ /^kvm_(mmu|pagewalk)$/ { sub(/;$/, "", $0); n += $(NF - 1) }
		     END { printf "sizes: '"$rev"': MMU state per vCPU: %d bytes\n", n }'
	size "$kout"/arch/x86/kvm/kvm{,-amd,-intel}.ko | sed "1d; s|^|sizes: $rev: |; s|$kout/||"
	# size's text counts the export tables too, which CONFIG_KUNIT grows by
	# the symbols exported for KUnit tests alone: the code is .text.
	for m in kvm kvm-amd kvm-intel; do
		size -A "$kout/arch/x86/kvm/$m.ko" | awk -v m="$m" -v r="$rev" '$1 == ".text" { print "sizes: " r ": " m ".ko .text " $2 }'
	done
done
