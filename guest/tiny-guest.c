// SPDX-License-Identifier: GPL-2.0-only
/*
 * tiny-guest: the smallest guest that walks page tables, run on /dev/kvm
 * with no library and no firmware, so that it builds for a 32-bit host
 * (gcc -m32) as well as for x86_64 (issue 14).
 *
 * The guest runs in 32-bit protected mode with paging, 2-level or PAE
 * (the argument), from page tables the host builds:
 *
 *   VA 0-2 MiB           identity, read/write (code, stack, tables)
 *   VA 0x400000          GPA 0x3000, read/write (an alias of a data page)
 *   VA 0x401000          GPA 0x4000, read-only
 *   VA 0x402000          GPA 0x200000, outside every memslot: MMIO
 *
 * It writes through the alias and reads the value back through the
 * identity map, reads the read-only page, reads and writes the MMIO page
 * (KVM's emulator translates the VA with the guest walker), and then
 * writes the read-only page with CR0.WP set, a #PF whose CR2 and error
 * code its handler reports.  Every value goes out on an I/O port; the
 * host checks them all.  Under npt=0, KVM's shadow MMU walks the guest's
 * tables for every access; under npt=1, the emulator's walk of the MMIO
 * accesses and the #PF are the guest walker's.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define MEM_SIZE	0x200000
#define CODE_GPA	0x1000
#define DATA_GPA	0x3000
#define RO_GPA		0x4000
#define IDT_GPA		0x5000
#define GDT_GPA		0x6000
#define STACK_TOP	0x8000
#define TABLES_GPA	0x10000
#define MMIO_GPA	0x200000

#define PTE_P		0x1u
#define PTE_RW		0x2u

#define RO_VALUE	0xcafef00du
#define MMIO_VALUE	0x5a5a5a5au

/*
 * The guest's code, position independent but for the absolute addresses
 * of the map above.  The #PF handler's offset is put in the IDT.
 */
asm(".pushsection .rodata\n"
    ".globl guest_code, guest_pf, guest_end\n"
    ".code32\n"
    "guest_code:\n"
    "	movl $0x12345678, 0x400010\n"
    "	movl 0x3010, %eax\n"
    "	outl %eax, $0x10\n"
    "	movl 0x401000, %eax\n"
    "	outl %eax, $0x11\n"
    "	movl 0x402020, %eax\n"
    "	outl %eax, $0x14\n"
    "	movl $0x600df00d, 0x402040\n"
    "	movl $1, 0x401000\n"
    "	hlt\n"
    "guest_pf:\n"
    "	movl %cr2, %eax\n"
    "	outl %eax, $0x12\n"
    "	popl %eax\n"
    "	outl %eax, $0x13\n"
    "	hlt\n"
    "guest_end:\n"
#ifdef __x86_64__
    ".code64\n"
#endif
    ".popsection");
extern const uint8_t guest_code[], guest_pf[], guest_end[];

struct expect {
	const char *what;
	uint16_t port;
	uint32_t value;
};

static const struct expect expected[] = {
	{ "read back through the identity map", 0x10, 0x12345678 },
	{ "read of the read-only page", 0x11, RO_VALUE },
	{ "MMIO read", 0x14, MMIO_VALUE },
	{ "MMIO write", 0, 0x600df00d },
	{ "#PF CR2", 0x12, 0x401000 },
	{ "#PF error code (present, write)", 0x13, 0x3 },
};
#define NR_EXPECTED (sizeof(expected) / sizeof(expected[0]))

static int fail(const char *what)
{
	fprintf(stderr, "tiny-guest: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void *gpa(uint8_t *mem, uint32_t addr)
{
	return mem + addr;
}

/* Identity-map 0-2 MiB and the four pages at 0x400000; return CR3. */
static uint32_t build_2level(uint8_t *mem)
{
	uint32_t *pd = gpa(mem, TABLES_GPA), *pt = gpa(mem, TABLES_GPA + 0x1000);
	uint32_t *pt2 = gpa(mem, TABLES_GPA + 0x2000);
	int i;

	for (i = 0; i < 512; i++)
		pt[i] = (i << 12) | PTE_P | PTE_RW;
	pd[0] = (TABLES_GPA + 0x1000) | PTE_P | PTE_RW;
	pd[1] = (TABLES_GPA + 0x2000) | PTE_P | PTE_RW;	/* VA 4 MiB */
	pt2[0] = DATA_GPA | PTE_P | PTE_RW;
	pt2[1] = RO_GPA | PTE_P;
	pt2[2] = MMIO_GPA | PTE_P | PTE_RW;
	return TABLES_GPA;
}

static uint32_t build_pae(uint8_t *mem)
{
	uint64_t *pdpt = gpa(mem, TABLES_GPA), *pd = gpa(mem, TABLES_GPA + 0x1000);
	uint64_t *pt = gpa(mem, TABLES_GPA + 0x2000), *pt2 = gpa(mem, TABLES_GPA + 0x3000);
	int i;

	for (i = 0; i < 512; i++)
		pt[i] = ((uint64_t)i << 12) | PTE_P | PTE_RW;
	/* A PDPTE has no R/W bit: it is reserved there. */
	pdpt[0] = (TABLES_GPA + 0x1000) | PTE_P;
	pd[0] = (TABLES_GPA + 0x2000) | PTE_P | PTE_RW;
	pd[2] = (TABLES_GPA + 0x3000) | PTE_P | PTE_RW;	/* VA 4 MiB */
	pt2[0] = DATA_GPA | PTE_P | PTE_RW;
	pt2[1] = RO_GPA | PTE_P;
	pt2[2] = MMIO_GPA | PTE_P | PTE_RW;
	return TABLES_GPA;
}

static void set_seg(struct kvm_segment *s, uint16_t sel, uint8_t type)
{
	memset(s, 0, sizeof(*s));
	s->base = 0;
	s->limit = 0xffffffff;
	s->selector = sel;
	s->type = type;
	s->present = 1;
	s->db = 1;
	s->s = 1;
	s->g = 1;
}

int main(int argc, char *argv[])
{
	const char *mode = argc > 1 ? argv[1] : "2level";
	int kvm, vm, vcpu, run_size, nr_seen = 0, ok = 1;
	uint32_t seen[NR_EXPECTED], cr3, handler;
	struct kvm_userspace_memory_region region;
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	struct kvm_run *run;
	uint64_t *gdt, *idt;
	uint8_t *mem;
	unsigned int i;
	int pae;

	if (strcmp(mode, "2level") && strcmp(mode, "pae")) {
		fprintf(stderr, "usage: tiny-guest 2level|pae\n");
		return 2;
	}
	pae = !strcmp(mode, "pae");

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		fail("/dev/kvm");
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		fail("KVM_CREATE_VM");
	mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		fail("mmap");
	region = (struct kvm_userspace_memory_region) {
		.slot = 0, .guest_phys_addr = 0, .memory_size = MEM_SIZE,
		.userspace_addr = (uintptr_t)mem,
	};
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		fail("KVM_SET_USER_MEMORY_REGION");
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		fail("KVM_CREATE_VCPU");
	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < 0)
		fail("KVM_GET_VCPU_MMAP_SIZE");
	run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		fail("mmap of kvm_run");

	memcpy(gpa(mem, CODE_GPA), guest_code, guest_end - guest_code);
	*(uint32_t *)gpa(mem, RO_GPA) = RO_VALUE;
	/* Null, flat 32-bit code (0x8) and data (0x10) descriptors. */
	gdt = gpa(mem, GDT_GPA);
	gdt[1] = 0x00cf9b000000ffffull;
	gdt[2] = 0x00cf93000000ffffull;
	/* #PF: a 32-bit interrupt gate to guest_pf. */
	idt = gpa(mem, IDT_GPA);
	handler = CODE_GPA + (guest_pf - guest_code);
	idt[14] = (handler & 0xffff) | (0x8ull << 16) | (0x8eull << 40) |
		  ((uint64_t)(handler >> 16) << 48);
	cr3 = pae ? build_pae(mem) : build_2level(mem);

	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		fail("KVM_GET_SREGS");
	set_seg(&sregs.cs, 0x8, 0xb);
	set_seg(&sregs.ds, 0x10, 0x3);
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	sregs.gdt.base = GDT_GPA;
	sregs.gdt.limit = 3 * 8 - 1;
	sregs.idt.base = IDT_GPA;
	sregs.idt.limit = 256 * 8 - 1;
	sregs.cr3 = cr3;
	sregs.cr4 = pae ? 0x20 : 0;			/* PAE */
	sregs.cr0 = 0x80010011;				/* PG, WP, ET, PE */
	sregs.efer = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
		fail("KVM_SET_SREGS");
	memset(&regs, 0, sizeof(regs));
	regs.rip = CODE_GPA;
	regs.rsp = STACK_TOP;
	regs.rflags = 0x2;
	if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0)
		fail("KVM_SET_REGS");

	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0)
			fail("KVM_RUN");
		if (run->exit_reason == KVM_EXIT_HLT)
			break;
		if (nr_seen == NR_EXPECTED) {
			fprintf(stderr, "tiny-guest: %s: exit %u after the last expected one\n",
				mode, run->exit_reason);
			return 1;
		}
		if (run->exit_reason == KVM_EXIT_IO && run->io.direction == KVM_EXIT_IO_OUT &&
		    run->io.size == 4 && expected[nr_seen].port == run->io.port) {
			memcpy(&seen[nr_seen++], (uint8_t *)run + run->io.data_offset, 4);
		} else if (run->exit_reason == KVM_EXIT_MMIO && run->mmio.len == 4 &&
			   run->mmio.phys_addr == MMIO_GPA + 0x20 && !run->mmio.is_write) {
			uint32_t v = MMIO_VALUE;

			memcpy(run->mmio.data, &v, 4);
		} else if (run->exit_reason == KVM_EXIT_MMIO && run->mmio.len == 4 &&
			   run->mmio.phys_addr == MMIO_GPA + 0x40 && run->mmio.is_write &&
			   expected[nr_seen].port == 0) {
			memcpy(&seen[nr_seen++], run->mmio.data, 4);
		} else {
			fprintf(stderr, "tiny-guest: %s: unexpected exit %u (port %#x, MMIO %#llx) before the %s\n",
				mode, run->exit_reason, run->io.port,
				(unsigned long long)run->mmio.phys_addr, expected[nr_seen].what);
			return 1;
		}
	}
	for (i = 0; i < NR_EXPECTED; i++) {
		int good = i < (unsigned int)nr_seen && seen[i] == expected[i].value;

		printf("tiny-guest: %s: %s: %s (%#x, wanted %#x)\n", mode, expected[i].what,
		       good ? "ok" : "WRONG", i < (unsigned int)nr_seen ? seen[i] : 0,
		       expected[i].value);
		ok &= good;
	}
	return ok ? 0 : 1;
}
