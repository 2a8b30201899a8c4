# kvm-chainsaw workbench.  Data flows one way:
#   base + patches/ -> tree -> kernels, selftests, initramfs -> boot -> results -> compare
# Each target reads the previous one's output only; see README.md.

include workbench.env
export

# The build matrix (issue 11): every build has KVM, KVM_AMD and KVM_INTEL as
# modules and KVM_WERROR=y; ARCH-VARIANT adds configs/kvm-VARIANT.config.
# make kernels builds them all; W1_BUILDS also get the W=1 and sparse check.
# x86_64 and i386 are whole kernels, booted and linked with their modules (a
# missing export fails there).  The variants turn KVM's options, and the lock
# checks that KVM's code has, on or off; the series changes KVM's code alone,
# so they compile KVM only (KVM_ONLY_BUILDS): a minute instead of 8-10.
MATRIX          := x86_64 i386 x86_64-everything x86_64-optional-off
W1_BUILDS       := x86_64 i386
KVM_ONLY_BUILDS := x86_64-everything x86_64-optional-off

K64     := $(BUILD)/x86_64
INITRD  := $(K64)/initramfs.cpio.gz
RESULTS := $(BUILD)/results

.PHONY: all check deps base sparse tree export mbox checkpatch each-patch kernels selftests \
	kvm-unit-tests initramfs smoke quick guests vmx walkers walk-diff kut kunit kut-vmx full kut-full kut-full-vmx expectations \
	i386-initramfs i386-host i386-expectations \
	walk-diff-expectations walk-diff-long faults faults-expectations faults-vmx faults-vmx-expectations \
	debug debug-quick debug-expectations sizes cost clean clean-tree FORCE

# The main job: apply the series, build, boot the patched kernel, test it a
# little and boot guests on it.
all: kernels smoke guests

# The test command: checkpatch the series, build the matrix (W=1 and sparse
# for both architectures), run the quick list and the guest boots in the AMD
# modes (QEMU) and the vmx list in the Intel modes (Bochs), the walker test,
# the differential walker test (walk-diff), kvm-unit-tests, the MMU's
# KUnit tests, the 32-bit host (i386-host) and the quick list on the debug
# kernel (debug-quick), and compare with the base.
check: checkpatch kernels quick guests vmx walkers walk-diff kut kunit i386-host debug-quick

deps:
	scripts/install-deps.sh

base: deps
	scripts/fetch-base.sh

tree: base
	scripts/make-tree.sh

# sparse for the W=1 check (Debian 12's is too old for the kernel).
sparse: deps
	scripts/build-sparse.sh

# Write the tree's commits back into patches/, and the series as one mbox.
export:
	scripts/export-series.sh

mbox:
	@test -s patches/series || { echo "mbox: the series is empty"; exit 1; }
	mkdir -p $(BUILD)
	cat patches/0000-cover-letter.patch $(addprefix patches/,$(shell cat patches/series)) \
		>$(BUILD)/kvm-chainsaw.mbox
	@echo "mbox: $(BUILD)/kvm-chainsaw.mbox (git send-email $(BUILD)/kvm-chainsaw.mbox)"

checkpatch: tree
	scripts/checkpatch.sh

# Build every patch of the series on its own; BOOT=each BOOT_MODES=npt0 also
# boots each one and runs tests/each.list; FROM=N and TO=N walk a part of it.
each-patch: tree sparse
	scripts/check-each-patch.sh

# Keep it: make would otherwise delete it as an intermediate file.
.PRECIOUS: $(BUILD)/%/.config
$(BUILD)/%/.config: $(wildcard configs/*.config) | tree
	scripts/configure-kernel.sh $* $(BUILD)/$*

kernel-%: tree sparse $(BUILD)/%/.config FORCE
	scripts/build-kernel.sh $* $(BUILD)/$*
	$(if $(filter $*,$(W1_BUILDS)),scripts/check-warnings.sh $* $(BUILD)/$*)

# Every build of the matrix.
kernels: $(addprefix kernel-,$(MATRIX))

selftests: kernel-x86_64
	scripts/build-selftests.sh x86_64 $(K64)

# kvm-unit-tests (KUT_SRC, or the pinned snapshot), run by guest/kut.sh.
kvm-unit-tests:
	scripts/build-kut.sh $(BUILD)/kut

initramfs: selftests kvm-unit-tests
	scripts/make-initramfs.sh x86_64 $(K64) $(INITRD)

# Run a test list in each of its modes and compare with the base's outcomes.
# The full list takes longer than one boot's default time limit.  kut-full's
# tests may each take up to its 1800 s limit; an L1 that stops answering (as
# with emulator, once) is ended once it has printed nothing for 2100 s
# (QEMU only: under Bochs the guest's seconds are not the host's).
full: BOOT_TIMEOUT = 7200
kut-full: BOOT_TIMEOUT = 43200
kut-full: SILENCE_TIMEOUT = 2100
kut-full-vmx: BOOT_TIMEOUT = 14400
kut-vmx: BOOT_TIMEOUT = 2700
smoke quick guests vmx walkers walk-diff kut kunit kut-vmx full: initramfs
	for m in $$(scripts/list-modes.sh $@); do rm -rf $(RESULTS)/$@-$$m $(RESULTS)/$@-$$m.out; done
	scripts/run-modes.sh $@ $(K64) $(INITRD) $(RESULTS)/$@
	scripts/compare.sh $(RESULTS) $@ $$(scripts/list-modes.sh $@)

# Whether a kut-full test reaches its limit depends on the host's load, so
# the base runs beside the series and the series is judged against that run
# of the base (tests/expected/kut-full-MODE keep the runs the README reports).
# kut-full-vmx is its Intel half, under Bochs.  ONLY_MODES="npt0" runs some
# of a list's modes alone.
kut-full kut-full-vmx: initramfs
	scripts/build-base.sh
	for m in $$(scripts/list-modes.sh $@); do rm -rf $(RESULTS)/$@-$$m $(RESULTS)/$@-$$m.out; done
	scripts/run-with-base.sh $@ $(K64) $(INITRD) $(RESULTS)/$@
	EXPECTED=$(RESULTS)/$@-base scripts/compare.sh $(RESULTS) $@ $$(scripts/list-modes.sh $@)

# The 32-bit host (issue 14): the i386 build boots as L1 with its own
# initramfs (Debian's i386 busybox, programs built with -m32) and runs
# tests/i386.list in the QEMU modes, compared with the base's outcomes
# (make i386-expectations).  HIGHMEM4G uses 4 GB at most: L1 gets 2.
I386 := $(BUILD)/i386
i386-initramfs: kernel-i386
	scripts/make-initramfs-i386.sh $(I386) $(I386)/initramfs.cpio.gz

i386-host i386-expectations: export L1_MEMORY = 2G
i386-host: i386-initramfs
	rm -rf $(RESULTS)/i386-*
	scripts/run-modes.sh i386 $(I386) $(I386)/initramfs.cpio.gz $(RESULTS)/i386
	scripts/compare.sh $(RESULTS) i386 $$(scripts/list-modes.sh i386)

i386-expectations: tree sparse
	scripts/record-walk-diff.sh i386
	BASE_BUILD=i386 LISTS=i386 scripts/record-expectations.sh

# Record the base's outcomes: build the unpatched tree and run the lists.
expectations: base sparse selftests kvm-unit-tests
	scripts/record-expectations.sh

# The differential walker tests' reference (issue 12): walk-diff's and
# walk-diff32's output on the base, tests/walk-diff/PROG-x86_64-MODE; then
# the base's outcome of the list, which compares more boots of the base with
# the first.  make i386-expectations does the same for the 32-bit host.
walk-diff-expectations: base sparse selftests kvm-unit-tests
	scripts/record-walk-diff.sh x86_64
	LISTS=walk-diff scripts/record-expectations.sh

# The long run of walk-diff (issue 12): ten times the seeds, on the base and
# on the series in one invocation, digest against digest.
walk-diff-long: initramfs
	scripts/build-base.sh
	scripts/walk-diff-long.sh

# The debug kernel (issue 8): the x86_64 build with configs/kvm-debug.config's
# detectors (KASAN, lockdep, KVM_PROVE_MMU).  make debug runs DEBUG_LISTS on
# it and compares with the base's outcomes on its own debug kernel, which
# make debug-expectations records in tests/expected-debug/.
DEBUG_LISTS ?= debug
KDBG        := $(BUILD)/x86_64-debug
# With 5-level paging (QEMU's -cpu max has LA57), an interrupt that arrives
# while identify_cpu() refills the boot CPU's features, LA57 among them,
# makes KASAN report a wild access to the direct map in the interrupt's
# spin_lock(): the base's own boot, before KVM is loaded, depending on when
# the interrupt comes; lockdep is then off for the whole run.  4-level it is.
debug debug-expectations: export BOOT_ARGS = no5lvl
debug: BOOT_TIMEOUT = 14400
debug: kernel-x86_64-debug selftests kvm-unit-tests
	SELFTESTS_OUT=$(K64) scripts/make-initramfs.sh x86_64 $(KDBG) $(KDBG)/initramfs.cpio.gz
	for l in $(DEBUG_LISTS); do rm -rf $(RESULTS)/debug/$$l-*; done
	for l in $(DEBUG_LISTS); do \
		scripts/run-modes.sh $$l $(KDBG) $(KDBG)/initramfs.cpio.gz $(RESULTS)/debug/$$l || exit 1; \
	done
	status=0; for l in $(DEBUG_LISTS); do \
		EXPECTED=tests/expected-debug scripts/compare.sh $(RESULTS)/debug $$l $$(scripts/list-modes.sh $$l) || status=1; \
	done; exit $$status

# What of it make check runs: the quick list with npt=1, the TDP MMU for L1's
# guests and nested NPT, whose shadow pages are built from the walks of L1's
# NPT tables.  The debug build (about 10 minutes) and this run (about 4) keep
# make check under an hour; the other modes and lists would not.
debug-quick:
	$(MAKE) --no-print-directory debug DEBUG_LISTS=quick ONLY_MODES=npt1

debug-expectations: BOOT_TIMEOUT = 14400
debug-expectations: base sparse selftests kvm-unit-tests
	BASE_BUILD=x86_64-debug EXPECTED=tests/expected-debug LISTS="$(DEBUG_LISTS)" scripts/record-expectations.sh

# Allocation-failure injection (issue 12): the debug build with fault
# injection and kmemleak (configs/kvm-faults.config) runs tests/faults.list,
# compared with the base's outcomes on its own such build, which make
# faults-expectations records in tests/expected-faults/.
KFLT := $(BUILD)/x86_64-debug+faults
faults faults-expectations: export BOOT_ARGS = no5lvl
faults faults-expectations: BOOT_TIMEOUT = 14400
faults: kernel-x86_64-debug+faults selftests
	SELFTESTS_OUT=$(K64) scripts/make-initramfs.sh x86_64 $(KFLT) $(KFLT)/initramfs.cpio.gz
	rm -rf $(RESULTS)/faults
	scripts/run-modes.sh faults $(KFLT) $(KFLT)/initramfs.cpio.gz $(RESULTS)/faults/faults
	EXPECTED=tests/expected-faults scripts/compare.sh $(RESULTS)/faults faults $$(scripts/list-modes.sh faults)

faults-expectations: base sparse selftests
	BASE_BUILD=x86_64-debug+faults EXPECTED=tests/expected-faults LISTS=faults scripts/record-expectations.sh

# The same under Bochs (kvm-intel, nested EPT): tests/faults-vmx.list on the
# x86_64 build with configs/kvm-faults.config alone, as KASAN and lockdep
# make Bochs too slow for it; compared with the base built the same way.
KFLTV := $(BUILD)/x86_64-faults
faults-vmx faults-vmx-expectations: BOOT_TIMEOUT = 14400
faults-vmx: kernel-x86_64-faults selftests
	SELFTESTS_OUT=$(K64) scripts/make-initramfs.sh x86_64 $(KFLTV) $(KFLTV)/initramfs.cpio.gz
	rm -rf $(RESULTS)/faults-vmx
	scripts/run-modes.sh faults-vmx $(KFLTV) $(KFLTV)/initramfs.cpio.gz $(RESULTS)/faults-vmx/faults-vmx
	EXPECTED=tests/expected-faults scripts/compare.sh $(RESULTS)/faults-vmx faults-vmx $$(scripts/list-modes.sh faults-vmx)

faults-vmx-expectations: base sparse selftests
	BASE_BUILD=x86_64-faults EXPECTED=tests/expected-faults LISTS=faults-vmx scripts/record-expectations.sh

# Struct sizes (pahole) and KVM module sizes, base against series.
sizes: deps kernel-x86_64
	scripts/struct-sizes.sh

# What the series costs: the base and the series run the same workloads
# under an instruction-counting clock, figure by figure, then the sizes.
cost: initramfs
	scripts/build-base.sh
	LAYOUT=1 scripts/build-base.sh
	LAYOUT=2 scripts/build-base.sh
	scripts/measure-cost.sh

clean:
	rm -rf $(addprefix $(BUILD)/,$(MATRIX)) $(RESULTS)

clean-tree:
	rm -rf $(TREE)
