#!/bin/bash
# Make the test kernel's initramfs: Debian's busybox-static, guest/init, the
# kernel's modules, the KVM selftests, Debian's QEMU with the firmware it needs
# to boot the L2 guest (the same kernel with guest/l2-init and guest/l2-*.c),
# kvm-unit-tests, the shared libraries of all of them, and the test lists.  The selftests are
# those built in KOUT, or in SELFTESTS_OUT (a kernel build folder) when set.
set -euo pipefail
: "${TREE:?}"
arch=$1 kout=$(realpath "$2") cpio=$(realpath -m "$3")
stout=$(realpath "${SELFTESTS_OUT:-$kout}")
top=$(cd "$(dirname "$0")/.." && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,dev,etc,proc,sys,tmp,selftests,tests}
# x86/nx_huge_pages_test.sh checks whoami.
echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
echo "root:x:0:" >"$root/etc/group"
cp /bin/busybox "$root/bin/busybox"
cp "$top/guest/init" "$root/init"
cp "$top"/tests/*.list "$root/tests/"
make -s -C "$TREE" O="$kout" ARCH="$arch" INSTALL_MOD_PATH="$root" INSTALL_MOD_STRIP=1 \
	DEPMOD=true modules_install

# The KVM selftests as kselftest-install lays them out, scripts included.
cp -a "$stout/kselftest/kselftest_install/kvm/." "$root/selftests/"
# The L2 guest and what starts it.
l2=$root/tmp/l2root
mkdir -p "$root/l2" "$root/wb" "$root/usr/bin" "$root/usr/share/qemu" "$l2"/{bin,dev,proc,sys}
cp /bin/busybox "$l2/bin/busybox"
cp "$top/guest/l2-init" "$l2/init"
gcc -O2 -Wall -static -pthread -o "$l2/bin/l2-work" "$top/guest/l2-work.c"
for p in l2-disk l2-mmio; do gcc -O2 -Wall -static -o "$l2/bin/$p" "$top/guest/$p.c"; done
(cd "$l2" && find . | cpio -o -H newc --quiet) | gzip -1 >"$root/l2/initramfs.cpio.gz"
rm -rf "$l2"
cp "$kout/arch/x86/boot/bzImage" "$root/l2/bzImage"
cp "$top/guest/l2-boot.sh" "$top/guest/kunit.sh" "$top/guest/ksft.sh" "$top/guest/measure.sh" \
	"$top/guest/walk-diff.sh" "$top/guest/fail-nth.sh" "$root/wb/"
# walk-diff and fail-nth (issue 12), built like a selftest against the
# selftests' library of SELFTESTS_OUT, so that the base kernel and the series
# run one program; and the base's output, in each mode, that
# guest/walk-diff.sh compares with.  walk-diff's guest code takes
# exceptions, and pushes an IRETQ frame, on the stack it runs on: no red zone
# below RSP.
kvm=$TREE/tools/testing/selftests/kvm
for p in walk-diff fail-nth; do
	gcc -D_GNU_SOURCE -O2 -g -std=gnu99 -Wall -Werror -DCONFIG_64BIT -fno-stack-protector -mno-red-zone \
		-fno-PIE -no-pie -fno-strict-aliasing -pthread \
		-I"$TREE/tools/include" -I"$TREE/tools/arch/x86/include" -isystem "$stout/usr/include" \
		-I"$kvm/include" -I"$kvm/include/x86" -I"$kvm/.." \
		-o "$root/wb/$p" "$top/guest/$p.c" $(find "$stout/kselftest/kvm/lib" -name "*.o" | sort) -ldl
done
# walk-diff32, the same for 2-level and PAE paging: plain C on /dev/kvm,
# as it also runs on the 32-bit host (scripts/make-initramfs-i386.sh).
gcc -O2 -Wall -Werror -o "$root/wb/walk-diff32" "$top/guest/walk-diff32.c"
[ -d "$top/tests/walk-diff" ] && cp -r "$top/tests/walk-diff" "$root/tests/"
cp /usr/bin/qemu-system-x86_64 "$root/usr/bin/"
# -nodefaults -display none: SeaBIOS and the DMA loaders for -kernel (a Linux
# kernel, or a kvm-unit-tests .flat: multiboot) are all QEMU reads, and the
# TPR patching ROM that QEMU adds under KVM.
cp -L /usr/share/seabios/bios-256k.bin /usr/share/qemu/linuxboot_dma.bin \
	/usr/share/qemu/multiboot_dma.bin /usr/share/qemu/kvmvapic.bin "$root/usr/share/qemu/"

# The kvm-unit-tests that a list names (guest/kut.sh NAME), as the standalone
# scripts of make kut, with the bash and the coreutils timeout they need.
kut=$(realpath -m "${KUT_OUT:-$BUILD/kut}")
names=$(sed -n 's/^guest\/kut\.sh \([^ ]*\).*/\1/p' "$top"/tests/*.list | sort -u)
if [ -n "$names" ]; then
	[ -d "$kut/tests" ] || { echo "initramfs: no kvm-unit-tests in $kut (make kut)" >&2; exit 1; }
	mkdir -p "$root/kut/tests" "$root/kut/bin"
	for n in $names; do cp "$kut/tests/$n" "$root/kut/tests/"; done
	cp /bin/bash /usr/bin/timeout "$root/kut/bin/"
	# Their scripts start with #!/usr/bin/env bash.
	ln -s /bin/busybox "$root/usr/bin/env"
	cp "$top/guest/kut.sh" "$root/wb/"
fi

# The shared libraries they need, at the paths the dynamic linker looks for.
find "$root/selftests" "$root/usr/bin" "$root/kut" "$root/wb" -type f -perm -u+x ! -name "*.sh" ! -path "*/kut/tests/*" -exec ldd {} + 2>/dev/null |
	grep -o '/[^ ]*\.so[^ ]*' | sort -u |
while read -r lib; do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done

# Written whole or not at all: a boot may be reading the previous one.
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$cpio.tmp"
mv "$cpio.tmp" "$cpio"
echo "initramfs: $cpio ($(du -h "$cpio" | cut -f1), $(find "$root/selftests" -type f | wc -l) selftests)"
