#!/bin/bash
# Make the test kernel's initramfs: Debian's busybox-static, guest/init, the
# kernel's modules, the KVM selftests with the shared libraries they use, and
# the test lists.
set -euo pipefail
: "${TREE:?}"
arch=$1 kout=$(realpath "$2") cpio=$(realpath -m "$3")
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
cp -a "$kout/kselftest/kselftest_install/kvm/." "$root/selftests/"
# The shared libraries they need, at the paths the dynamic linker looks for.
find "$root/selftests" -type f -perm -u+x ! -name "*.sh" -exec ldd {} + 2>/dev/null |
	grep -o '/[^ ]*\.so[^ ]*' | sort -u |
while read -r lib; do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done

(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$cpio"
echo "initramfs: $cpio ($(du -h "$cpio" | cut -f1), $(find "$root/selftests" -type f | wc -l) selftests)"
