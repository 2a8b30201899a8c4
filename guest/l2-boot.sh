#!/bin/sh
# Run in the test kernel (L1): boot the L2 guest (the test kernel's own
# bzImage with guest/l2-init) with QEMU on /dev/kvm, N vCPUs and a modern
# virtio-blk-pci disk, and pass when it did its work, reached its marker and
# its log has no kernel report.
smp=${1:?usage: l2-boot.sh VCPUS}
log=/tmp/l2-$smp.log
disk=/tmp/l2-$smp.img
dd if=/dev/zero of="$disk" bs=1M count=40 2>/dev/null || { echo "l2-boot: FAIL, no disk image"; exit 1; }
# On the 32-bit host (L2 a 32-bit kernel), keep QEMU from reading L2's
# segments from KVM and writing them back while L2 runs: KVM reports TR as a
# busy TSS, and with a busy TSS in the VMCB QEMU 7.2's TCG (L0) aborts, at
# L2's next exception from CPL3 ("invalid tss type").  The TPR patching that
# QEMU does for 32-bit guests (kvmvapic) makes that round trip at each TPR
# access KVM reports.
[ "$(uname -m)" = x86_64 ] || extra="-global kvm-apic.vapic=off"
# QEMU's TCG SVM never intercepts XSETBV from L2, so CPUID 0xD would go stale
# and L2 would crash on an XSAVE size mismatch: hide XSAVE from L2.
# panic=-1 and -no-reboot make a crashed L2 end QEMU rather than hang.
# disable-legacy=on leaves the disk only its MMIO notify register, the access
# that stopped npt=0 guests on the base (issue 13).
# Give up before the runner's own time limit does, so that the log is shown.
timeout -s KILL "${L2_TIMEOUT:-240}" qemu-system-x86_64 -enable-kvm -cpu host,-xsave -smp "$smp" -m 512M \
	-nodefaults -display none -serial stdio -no-reboot -L /usr/share/qemu ${extra:-} \
	-drive file="$disk",format=raw,if=none,id=disk -device virtio-blk-pci,drive=disk,disable-legacy=on \
	-kernel /l2/bzImage -initrd /l2/initramfs.cpio.gz \
	-append "console=ttyS0 panic=-1" </dev/null >"$log" 2>&1 &
qemu=$!
# After a KVM internal error QEMU pauses the guest rather than exit: end it.
while kill -0 $qemu 2>/dev/null; do
	grep -q "^KVM internal error" "$log" && sleep 2 && kill $qemu
	sleep 2
done
wait $qemu
rc=$?
rm -f "$disk"
fail=
grep -q "^l2: up with $smp CPUs" "$log" || fail="$fail, not up with $smp CPUs"
grep -q "^l2: modern virtio-blk-pci" "$log" || fail="$fail, no modern virtio-blk-pci disk"
grep -q "^l2-work: ok" "$log" || fail="$fail, work not ok"
grep -q "^l2-disk: ok" "$log" || fail="$fail, disk not ok"
grep -q "^l2-mmio: ok" "$log" || fail="$fail, MMIO after an exception not ok"
grep -q "^KVM internal error" "$log" && fail="$fail, KVM internal error"
grep -q "^l2: done" "$log" || fail="$fail, no marker"
# The reports scripts/scan-log.sh looks for in L1's log; "lockdep" alone
# would match a debug kernel's boot banner ("RCU lockdep checking is enabled").
sed 's/^\[[ 0-9.]*\] //' "$log" |
	grep -E '^(WARNING: |BUG: |Oops: |Kernel panic|kernel BUG at|general protection fault)|KASAN|UBSAN|possible (circular|recursive) locking|inconsistent lock state|suspicious RCU usage|detected stall' &&
	fail="$fail, kernel report in L2"
[ $rc = 0 ] || fail="$fail, QEMU exit status $rc"
# What L2 said of itself goes to the kernel log too, pass or fail.
grep -E '^l2|^KVM|error' "$log" | while read -r line; do echo "l2-boot $smp: $line" >/dev/kmsg; done
grep -E '^l2|^KVM|error' "$log"
# L2's clock, like L1's, counts instructions under an instruction-counting L0.
# (L2's serial lines end in CR LF.)
sed -n 's/^\[ *\([0-9.]*\)\] l2: done.*/l2-boot: time to marker: \1s/p' "$log"
if [ -n "$fail" ]; then
	echo "l2-boot: FAIL${fail#,}"
	tail -n 30 "$log"
	exit 1
fi
echo "l2-boot: ok, $smp vCPUs"
