#!/bin/bash
# Boot KERNEL with INITRD under Bochs (emulated VMX with EPT: TCG has none) and
# wait for it to end by itself, like scripts/boot-qemu.sh: the kernel log goes
# to DIR/console.log, what guest/init reports to DIR/results.tap.  Further
# arguments go on the kernel command line.
set -euo pipefail
: "${BOOT_TIMEOUT:?}" "${BOCHS_MEGS:?}" "${BOCHS_CPU:?}"
kernel=$1 initrd=$2 dir=$3; shift 3
mkdir -p "$dir"
# Bochs runs in the CD's folder: its files must be named absolutely.
dir=$(cd "$dir" && pwd)
rm -f "$dir/console.log" "$dir/results.tap" "$dir/bochs.log"
iso=$(mktemp -d)
trap 'rm -rf "$iso"' EXIT

# Bochs cannot load a bzImage: it boots an isolinux CD that does.  Its Haswell
# sets CPUID.1:EDX.HTT with one logical processor in CPUID.1:EBX but 8 cores
# in CPUID.4, which makes the topology parser WARN at boot: clearcpuid=ht
# hides HTT from the kernel before it parses the topology.
mkdir -p "$iso/cd/isolinux"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$iso/cd/isolinux/"
cp "$kernel" "$iso/cd/bzimage"
cp "$initrd" "$iso/cd/initrd.gz"
cat >"$iso/cd/isolinux/isolinux.cfg" <<EOF
default wb
prompt 0
label wb
  kernel /bzimage
  append initrd=/initrd.gz console=ttyS0 loglevel=7 panic=-1 clearcpuid=ht $*
EOF
genisoimage -quiet -o "$iso/wb.iso" -b isolinux/isolinux.bin -c isolinux/boot.cat \
	-no-emul-boot -boot-load-size 4 -boot-info-table "$iso/cd"

# Debian's Bochs has no headless display but rfb, which timeout=0 keeps from
# waiting for a viewer.  clock sync=none runs the guest as fast as Bochs can.
# The built-in debugger stops at start and at every reset: "c" continues the
# first, and at the next one (guest/init's reboot, a triple fault or a panic)
# it reads the end of /dev/null and Bochs exits.
cat >"$iso/bochsrc" <<EOF
megs: $BOCHS_MEGS
cpu: model=$BOCHS_CPU, count=1, ips=100000000, ignore_bad_msrs=1
clock: sync=none, time0=local
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest
pci: enabled=1, chipset=i440fx
ata0-master: type=cdrom, path=$iso/wb.iso, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=$dir/console.log
com2: enabled=1, mode=file, dev=$dir/results.tap
display_library: rfb, options="timeout=0"
sound: waveoutdrv=dummy
log: $dir/bochs.log
panic: action=fatal
error: action=ignore
info: action=ignore
debug: action=ignore
EOF
echo c >"$iso/rc"

start=$(date +%s)
rc=0
(cd "$iso" && timeout -k 10 "$BOOT_TIMEOUT" bochs -q -f bochsrc -rc rc </dev/null >"$dir/bochs.out" 2>&1) || rc=$?
secs=$(( $(date +%s) - start ))
echo "$secs" >"$dir/seconds"
touch "$dir/console.log"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	echo "boot: $dir: Bochs did not end within ${BOOT_TIMEOUT}s" >&2
	exit 1
fi
grep -q '^wb: done' <(sed 's/^\[[ 0-9.]*\] //' "$dir/console.log") ||
	{ echo "boot: $dir: the test kernel stopped before guest/init finished (Bochs status $rc)" >&2; exit 1; }
echo "boot: $dir: ${secs}s"
