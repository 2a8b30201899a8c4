#!/bin/bash
# Install the Debian packages the workbench uses, if any is missing.
set -euo pipefail
pkgs=(
	git make gcc bc bison flex libelf-dev libssl-dev python3 perl	# kernel build
	rsync								# headers_install
	xz-utils cpio busybox-static libc6-dev				# base tarball, initramfs, guest/l2-work.c
	gcc-multilib							# guest/tiny-guest.c for the i386 host
	qemu-system-x86 seabios						# the test platform, L2 guests
	bochs bochs-term bochsbios vgabios				# VMX; bochs-term keeps apt from picking bochs-wx
	isolinux syslinux-common genisoimage				# the CD Bochs boots from
	dwarves								# pahole, for make sizes
	debootstrap							# the i386 host's QEMU (scripts/fetch-i386-qemu.sh)
	python3-ply python3-git					# checkpatch's SPDX check (spdxcheck.py)
	ca-certificates
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && { echo "deps: all installed"; exit 0; }
echo "deps: installing ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
