// SPDX-License-Identifier: GPL-2.0-only
/*
 * walk-diff32: walk-diff's comparison (guest/walk-diff.c) for 32-bit
 * paging, 2-level and PAE, on /dev/kvm with no library, so that it builds
 * for the 32-bit host (gcc -m32) as well as for x86_64 (issues 12 and 14).
 *
 * For each seed, and for each of the two paging modes, a new VM with one
 * vCPU in 32-bit protected mode gets NR_SLOTS walks with random P, R/W,
 * U/S, A/D, PS, NX (PAE) and reserved bits in the PDE and the PTE, random
 * CR0.WP, CR4.PSE (2-level), CR4.SMEP, CR4.SMAP and EFER.NXE (PAE), and
 * NR_ACCESSES random reads, writes and fetches, from supervisor mode (with
 * EFLAGS.AC random) or from user mode (a third of them), the reads and
 * writes once natively and once through KVM's forced emulation prefix.
 * Natively, under npt=0, KVM's shadow MMU and guest walker decide each #PF;
 * through the prefix, KVM's emulator walks the tables in both modes.  Then
 * it asks KVM_TRANSLATE for every slot.
 *
 * The host runs each access on its own: it points EIP at the access' stub
 * (the same code is on a supervisor page and on a user page), sets CPL and
 * EFLAGS.AC through KVM_SET_SREGS and KVM_SET_REGS, and runs the vCPU until
 * it halts in the handler of an exception.  Every stub ends in a UD2, and
 * a fetched page holds a UD2 where it is fetched, so a #UD at that address
 * is an access that completed; any other exception is its outcome.
 *
 * Output: as walk-diff's, so that guest/walk-diff.sh compares it with the
 * base's: the tables, one line per access and per translation, and a
 * digest of each seed and paging mode.  "native != fep" counts accesses
 * whose native and emulated outcomes differ, which says nothing about the
 * series (TCG and KVM's emulator can disagree on the base).
 *
 * Usage: walk-diff32 [FIRST_SEED [NR_SEEDS]]
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "walk-diff.h"

typedef uint64_t u64;
typedef uint32_t u32;
typedef uint8_t u8;

#define NR_SLOTS	16
#define NR_ACCESSES	48

/*
 * Guest physical memory, 16 MiB in one memslot.  VA 0-2 MiB is mapped to
 * the same GPA, supervisor-only but for the user stack and code pages.
 */
#define MEM_SIZE	0x1000000
#define SUP_CODE_GPA	0x1000
#define IDT_GPA		0x2000
#define GDT_GPA		0x3000
#define TSS_GPA		0x4000
#define KSTACK_TOP	0x8000
#define USER_STACK_GPA	0x8000
#define USER_CODE_GPA	0x9000
#define TABLES_GPA	0x10000
#define DATA_GPA	0x100000	/* slot i's page: DATA_GPA + i * 4 KiB */
#define LARGE_GPA	0x800000	/* the frame of every large page */
#define ALIAS_GPA	0xf00000	/* see build_tables() */

/* Slot i is PDE 256 + i (2-level), PDE 2 * i under PDPTE 1 (PAE). */
#define SLOT_VA(i)	(0x40000000u + (u32)(i) * 0x400000u)
#define FETCH_OFF	0x800
#define DATA_OFF	0x808

#define KERNEL_CS	0x08
#define KERNEL_DS	0x10
#define USER_CS		(0x18 | 3)
#define USER_DS		(0x20 | 3)
#define TSS_SEL		0x28

#define P	(1ull << 0)
#define RW	(1ull << 1)
#define US	(1ull << 2)
#define A	(1ull << 5)
#define D	(1ull << 6)
#define PS	(1ull << 7)
#define NX	(1ull << 63)

#define X86_CR0_PE	(1u << 0)
#define X86_CR0_ET	(1u << 4)
#define X86_CR0_NE	(1u << 5)
#define X86_CR0_WP	(1u << 16)
#define X86_CR0_PG	(1u << 31)
#define X86_CR4_PSE	(1u << 4)
#define X86_CR4_PAE	(1u << 5)
#define X86_CR4_SMEP	(1u << 20)
#define X86_CR4_SMAP	(1u << 21)
#define EFER_NX		(1u << 11)
#define X86_EFLAGS_AC	(1u << 18)

#define UD_VECTOR	6
#define SHUTDOWN	255	/* the outcome of a triple fault */

/*
 * The guest's code: the stubs that make one access each and end in UD2,
 * copied to a supervisor page and to a user page, and on the supervisor
 * page the exception handlers, one per vector, 16 bytes apart.  A handler
 * pushes a zero error code where the CPU pushes none, then the vector, and
 * halts with CR2 in ECX: the host reads the frame from the stack.
 * EDI holds the address to read or write, ESI the value to write, EDX the
 * address to fetch.  KVM skips its forced emulation prefix, "ud2; .ascii
 * \"kvm\"", and emulates the instruction after it.
 */
asm(".pushsection .rodata\n"
    ".globl stubs, stubs_end, stub_read, stub_read_end\n"
    ".globl stub_read_fep, stub_read_fep_end\n"
    ".globl stub_write, stub_write_end, stub_write_fep\n"
    ".globl stub_write_fep_end, stub_fetch\n"
    ".globl handlers, handlers_hlt\n"
    ".code32\n"
    "stubs:\n"
    "stub_read:		movl (%edi), %eax\n"
    "stub_read_end:	ud2\n"
    "stub_read_fep:	ud2; .ascii \"kvm\"; movl (%edi), %eax\n"
    "stub_read_fep_end:	ud2\n"
    "stub_write:		movl %esi, (%edi)\n"
    "stub_write_end:	ud2\n"
    "stub_write_fep:	ud2; .ascii \"kvm\"; movl %esi, (%edi)\n"
    "stub_write_fep_end:	ud2\n"
    "stub_fetch:		jmp *%edx\n"
    "stubs_end:\n"
    ".balign 16\n"
    "handlers:\n"
    ".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    ".balign 16\n"
    /* The vectors whose exceptions push an error code. */
    ".if (\\n != 8) && (\\n < 10 || \\n > 14) && (\\n != 17) && (\\n != 21) && (\\n != 29) && (\\n != 30)\n"
    "	pushl $0\n"
    ".endif\n"
    "	pushl $\\n\n"
    "	jmp handlers_common\n"
    ".endr\n"
    "handlers_common:\n"
    "	movl %cr2, %ecx\n"
    "handlers_hlt:\n"
    "	hlt\n"
    "handlers_end:\n"
#ifdef __x86_64__
    ".code64\n"
#endif
    ".popsection");
extern const u8 stubs[], stubs_end[], stub_read[], stub_read_end[];
extern const u8 stub_read_fep[], stub_read_fep_end[], stub_write[], stub_write_end[];
extern const u8 stub_write_fep[], stub_write_fep_end[], stub_fetch[];
extern const u8 handlers[], handlers_hlt[];

#define STUB(base, sym)	((u32)(base) + (u32)((sym) - stubs))

enum { ACC_READ, ACC_WRITE, ACC_FETCH };
static const char *const acc_name[] = { "read", "write", "fetch" };

struct access {
	u32 va;
	u32 wval;
	u8 type;
	u8 ac;
	u8 fep;
	u8 user;
};

struct result {
	u32 val;
	u32 cr2;
	u32 ec;
	u8 vector;
};

struct slot {
	u64 pde, pte;	/* pte unused for a large page */
	bool large;
};

struct vm {
	int fd, vcpu;
	struct kvm_run *run;
	int run_size;
	u8 *mem;
	u32 next_table;
	bool pae;
	struct kvm_sregs sregs;
};

static int kvm_fd;
static struct kvm_cpuid2 *cpuid;
static unsigned int pa_bits;
static bool have_smep, have_smap, have_nx;

/*
 * TR's type: a busy 32-bit TSS, which VMX's guest-state checks require.
 * On AMD, an available one: QEMU 7.2's TCG aborts ("qemu: fatal: invalid
 * tss type", get_ss_esp_from_tss()) when a guest whose TR is busy in its
 * VMCB takes an exception from CPL3, as it expects in TR what LTR read
 * before it set the busy bit.  SVM does not look at the type.
 */
static uint8_t tss_type = 0xb;

static void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("walk-diff32: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *gpa(struct vm *vm, u32 addr)
{
	return vm->mem + addr;
}

static struct kvm_cpuid_entry2 *cpuid_entry(u32 function, u32 index)
{
	u32 i;

	for (i = 0; i < cpuid->nent; i++)
		if (cpuid->entries[i].function == function &&
		    cpuid->entries[i].index == index)
			return &cpuid->entries[i];
	return NULL;
}

static void get_supported_cpuid(void)
{
	struct kvm_cpuid_entry2 *e;
	int nent = 256;

	cpuid = calloc(1, sizeof(*cpuid) + nent * sizeof(cpuid->entries[0]));
	cpuid->nent = nent;
	if (ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, cpuid) < 0)
		die("KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
	e = cpuid_entry(7, 0);
	have_smep = e && (e->ebx & (1u << 7));
	have_smap = e && (e->ebx & (1u << 20));
	e = cpuid_entry(0x80000001, 0);
	have_nx = e && (e->edx & (1u << 20));
	e = cpuid_entry(0x80000008, 0);
	pa_bits = e ? e->eax & 0xff : 36;
	e = cpuid_entry(0, 0);
	if (e && e->ebx == 0x68747541)		/* "Auth"enticAMD */
		tss_type = 0x9;
}

static u32 alloc_table(struct vm *vm)
{
	u32 t = vm->next_table;

	vm->next_table += 0x1000;
	return t;
}

/* Store entry INDEX of the table at TABLE, 4 or 8 bytes wide. */
static void set_entry(struct vm *vm, u32 table, unsigned int index, u64 e)
{
	if (vm->pae)
		((u64 *)gpa(vm, table))[index] = e;
	else
		((u32 *)gpa(vm, table))[index] = (u32)e;
}

/* A random PDE (LEVEL 2) or PTE (LEVEL 1), without its address. */
static u64 random_entry(struct vm *vm, int level, bool large)
{
	u64 e = 0;

	if (rnd(16))
		e |= P;
	if (rnd(4))
		e |= RW;
	if (rnd(3))
		e |= US;
	if (vm->pae && !rnd(4))
		e |= NX;
	if (rnd(2))
		e |= A;
	if ((level == 1 || large) && rnd(2))
		e |= D;
	if (!rnd(16)) {
		/*
		 * A reserved bit: with PAE one above MAXPHYADDR, or bit 13 of
		 * a 2 MiB PDE; with 2-level paging, bit 21 of a 4 MiB PDE,
		 * above the PSE-36 address bits.  Entries of 2-level paging
		 * have no other reserved bit.
		 */
		if (vm->pae && pa_bits < 52 && rnd(2))
			e |= 1ull << pa_bits;
		else if (large)
			e |= vm->pae ? 1ull << 13 : 1ull << 21;
	}
	return e;
}

/* The supervisor code, the IDT, the GDT and the TSS. */
static void setup_descriptors(struct vm *vm)
{
	u64 *idt = gpa(vm, IDT_GPA), *gdt = gpa(vm, GDT_GPA);
	u32 *tss = gpa(vm, TSS_GPA);
	int i;

	memcpy(gpa(vm, SUP_CODE_GPA), stubs, handlers_hlt + 1 - stubs);
	memcpy(gpa(vm, USER_CODE_GPA), stubs, stubs_end - stubs);
	for (i = 0; i < 32; i++) {
		u32 h = STUB(SUP_CODE_GPA, handlers) + i * 16;

		/* A 32-bit interrupt gate, DPL 0. */
		idt[i] = (h & 0xffff) | ((u64)KERNEL_CS << 16) | (0x8eull << 40) |
			 ((u64)(h >> 16) << 48);
	}
	gdt[KERNEL_CS >> 3] = 0x00cf9b000000ffffull;
	gdt[KERNEL_DS >> 3] = 0x00cf93000000ffffull;
	gdt[USER_CS >> 3] = 0x00cffb000000ffffull;
	gdt[USER_DS >> 3] = 0x00cff3000000ffffull;
	/* The TSS: ESP0 and SS0 are what user mode's faults use. */
	gdt[TSS_SEL >> 3] = 0x67 | ((u64)TSS_GPA << 16) | ((0x80ull | tss_type) << 40);
	tss[1] = KSTACK_TOP;
	tss[2] = KERNEL_DS;
}

/*
 * Identity-map VA 0-2 MiB, supervisor-only but for the user stack and
 * code, and build the slots' walks.  A large 2-level PDE with CR4.PSE=0
 * is a PDE whose PS bit the CPU ignores: it points to LARGE_GPA as to a
 * page table, whose first entry (for FETCH_OFF and DATA_OFF) is made a
 * present, writable user PTE of ALIAS_GPA.  Return CR3.
 */
static u32 build_tables(struct vm *vm, struct slot *slots)
{
	u32 root = alloc_table(vm), pd = vm->pae ? alloc_table(vm) : root;
	u32 pt = alloc_table(vm), slots_pd = pd;
	u64 dir = P | RW | US | A;
	int i;

	for (i = 0; i < 512; i++) {
		u64 e = ((u64)i << 12) | P | RW | A | D;

		if (i << 12 == USER_STACK_GPA || i << 12 == USER_CODE_GPA)
			e |= US;
		set_entry(vm, pt, i, e);
	}
	set_entry(vm, pd, 0, pt | dir);
	if (vm->pae) {
		/* A PDPTE has no R/W, U/S or A bit: they are reserved there. */
		slots_pd = alloc_table(vm);
		set_entry(vm, root, 0, pd | P);
		set_entry(vm, root, 1, slots_pd | P);
	}
	set_entry(vm, LARGE_GPA, 0, ALIAS_GPA | P | RW | US | A | D);

	for (i = 0; i < NR_SLOTS; i++) {
		struct slot *s = &slots[i];
		unsigned int index = vm->pae ? 2 * i : 256 + i;

		s->large = !rnd(4);
		if (s->large) {
			s->pde = random_entry(vm, 2, true) | PS | LARGE_GPA;
			s->pte = 0;
		} else {
			u32 t = alloc_table(vm);

			s->pde = random_entry(vm, 2, false) | t;
			s->pte = random_entry(vm, 1, false) | (DATA_GPA + i * 0x1000);
			set_entry(vm, t, 0, s->pte);
		}
		set_entry(vm, slots_pd, index, s->pde);
	}
	return root;
}

static void set_seg(struct kvm_segment *s, uint16_t sel, u8 type)
{
	memset(s, 0, sizeof(*s));
	s->limit = 0xffffffff;
	s->selector = sel;
	s->type = type;
	s->present = 1;
	s->dpl = sel & 3;
	s->db = 1;
	s->s = 1;
	s->g = 1;
}

static void set_cpl(struct vm *vm, bool user)
{
	set_seg(&vm->sregs.cs, user ? USER_CS : KERNEL_CS, 0xb);
	set_seg(&vm->sregs.ds, user ? USER_DS : KERNEL_DS, 0x3);
	vm->sregs.es = vm->sregs.ss = vm->sregs.ds;
	vm->sregs.cr2 = 0;
	if (ioctl(vm->vcpu, KVM_SET_SREGS, &vm->sregs) < 0)
		die("KVM_SET_SREGS: %s", strerror(errno));
}

static void create_vm(struct vm *vm)
{
	struct kvm_userspace_memory_region region;
	int size;

	vm->fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (vm->fd < 0)
		die("KVM_CREATE_VM: %s", strerror(errno));
	vm->mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vm->mem == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	region = (struct kvm_userspace_memory_region) {
		.slot = 0, .guest_phys_addr = 0, .memory_size = MEM_SIZE,
		.userspace_addr = (uintptr_t)vm->mem,
	};
	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		die("KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));
	vm->vcpu = ioctl(vm->fd, KVM_CREATE_VCPU, 0);
	if (vm->vcpu < 0)
		die("KVM_CREATE_VCPU: %s", strerror(errno));
	if (ioctl(vm->vcpu, KVM_SET_CPUID2, cpuid) < 0)
		die("KVM_SET_CPUID2: %s", strerror(errno));
	size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < 0)
		die("KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
	vm->run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vm->vcpu, 0);
	if (vm->run == MAP_FAILED)
		die("mmap of kvm_run: %s", strerror(errno));
	vm->next_table = TABLES_GPA;
	vm->run_size = size;
}

static void destroy_vm(struct vm *vm)
{
	munmap(vm->run, vm->run_size);
	munmap(vm->mem, MEM_SIZE);
	close(vm->vcpu);
	close(vm->fd);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* Run one access; a guest that never halts is a test failure. */
static void run_access(struct vm *vm, struct access *a, struct result *r)
{
	u32 code = a->user ? USER_CODE_GPA : SUP_CODE_GPA;
	u32 start, done;
	struct kvm_regs regs;

	switch (a->type) {
	case ACC_READ:
		start = STUB(code, a->fep ? stub_read_fep : stub_read);
		done = STUB(code, a->fep ? stub_read_fep_end : stub_read_end);
		break;
	case ACC_WRITE:
		start = STUB(code, a->fep ? stub_write_fep : stub_write);
		done = STUB(code, a->fep ? stub_write_fep_end : stub_write_end);
		break;
	default:
		start = STUB(code, stub_fetch);
		done = a->va + FETCH_OFF;
		break;
	}

	set_cpl(vm, a->user);
	memset(&regs, 0, sizeof(regs));
	regs.rip = start;
	regs.rsp = a->user ? USER_STACK_GPA + 0x1000 : KSTACK_TOP;
	regs.rflags = 0x2 | (a->ac ? X86_EFLAGS_AC : 0);
	regs.rdi = a->va + DATA_OFF;
	regs.rsi = a->wval;
	regs.rdx = a->va + FETCH_OFF;
	if (ioctl(vm->vcpu, KVM_SET_REGS, &regs) < 0)
		die("KVM_SET_REGS: %s", strerror(errno));

	memset(r, 0, sizeof(*r));
	alarm(20);
	if (ioctl(vm->vcpu, KVM_RUN, 0) < 0)
		die("KVM_RUN at %#x (%s %s %s): %s", a->va, a->user ? "user" : "sup",
		    acc_name[a->type], a->fep ? "fep" : "native",
		    errno == EINTR ? "no exit in 20 s" : strerror(errno));
	alarm(0);
	if (vm->run->exit_reason == KVM_EXIT_SHUTDOWN) {
		r->vector = SHUTDOWN;
		return;
	}
	if (vm->run->exit_reason != KVM_EXIT_HLT)
		die("access at %#x: exit reason %u", a->va, vm->run->exit_reason);
	if (ioctl(vm->vcpu, KVM_GET_REGS, &regs) < 0)
		die("KVM_GET_REGS: %s", strerror(errno));
	if (regs.rip != STUB(SUP_CODE_GPA, handlers_hlt) + 1)
		die("access at %#x: halted at %#llx", a->va, (unsigned long long)regs.rip);

	/* The handler's frame: vector, error code, EIP, CS, EFLAGS... */
	{
		u32 *frame = gpa(vm, (u32)regs.rsp);

		if (frame[0] == UD_VECTOR && frame[2] == done) {
			r->val = a->type == ACC_READ ? (u32)regs.rax : 0;
			return;
		}
		r->vector = frame[0];
		r->ec = frame[1];
		r->cr2 = (u32)regs.rcx;
	}
}

static void run_seed(u64 seed, bool pae)
{
	struct access accesses[NR_ACCESSES * 2];
	struct result results[NR_ACCESSES * 2];
	struct slot slots[NR_SLOTS];
	bool wp, pse, smep, smap, nxe;
	u64 h = DIGEST_START;
	struct vm vm = { .pae = pae };
	int i, n, differ = 0;
	u32 cr3;

	rnd_seed(seed * 2 + pae);
	create_vm(&vm);
	wp = rnd(2);
	pse = !pae && rnd(2);
	smep = have_smep && rnd(2);
	smap = have_smap && rnd(2);
	nxe = pae && have_nx && rnd(4);
	h = emit(h, "seed %llu levels %d pa_bits %u cr0.wp %d cr4.pse %d cr4.smep %d cr4.smap %d efer.nxe %d\n",
		 (unsigned long long)seed, pae ? 3 : 2, pa_bits, wp, pse, smep, smap, nxe);

	setup_descriptors(&vm);
	cr3 = build_tables(&vm, slots);
	for (i = 0; i < NR_SLOTS; i++)
		h = emit(h, "slot %d va %#x pde %016llx pte %016llx\n", i, SLOT_VA(i),
			 (unsigned long long)slots[i].pde, (unsigned long long)slots[i].pte);
	/* What a read finds and a fetch executes, on every page a slot maps. */
	for (i = 0; i <= NR_SLOTS; i++) {
		u32 page = i < NR_SLOTS ? DATA_GPA + i * 0x1000 : ALIAS_GPA;

		memcpy(gpa(&vm, page + FETCH_OFF), "\x0f\x0b", 2);
		*(u32 *)gpa(&vm, page + DATA_OFF) = 0x11110000 + i;
	}
	memcpy(gpa(&vm, LARGE_GPA + FETCH_OFF), "\x0f\x0b", 2);
	*(u32 *)gpa(&vm, LARGE_GPA + DATA_OFF) = 0x2222ffff;

	if (ioctl(vm.vcpu, KVM_GET_SREGS, &vm.sregs) < 0)
		die("KVM_GET_SREGS: %s", strerror(errno));
	vm.sregs.gdt.base = GDT_GPA;
	vm.sregs.gdt.limit = 6 * 8 - 1;
	vm.sregs.idt.base = IDT_GPA;
	vm.sregs.idt.limit = 32 * 8 - 1;
	memset(&vm.sregs.tr, 0, sizeof(vm.sregs.tr));
	vm.sregs.tr.base = TSS_GPA;
	vm.sregs.tr.limit = 0x67;
	vm.sregs.tr.selector = TSS_SEL;
	vm.sregs.tr.type = tss_type;
	vm.sregs.tr.present = 1;
	vm.sregs.cr3 = cr3;
	vm.sregs.cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE | X86_CR0_PG |
		       (wp ? X86_CR0_WP : 0);
	vm.sregs.cr4 = (pae ? X86_CR4_PAE : 0) | (pse ? X86_CR4_PSE : 0) |
		       (smep ? X86_CR4_SMEP : 0) | (smap ? X86_CR4_SMAP : 0);
	vm.sregs.efer = nxe ? EFER_NX : 0;

	/* Each read and write natively, then through the emulator. */
	for (i = 0, n = 0; i < NR_ACCESSES; i++) {
		struct access a = {
			.va = SLOT_VA(rnd(NR_SLOTS)),
			.wval = (u32)rnd64(),
			.type = rnd(3),
			.ac = rnd(2),
			.user = !rnd(3),
		};

		accesses[n++] = a;
		if (a.type != ACC_FETCH) {
			a.fep = 1;
			a.wval = ~a.wval;
			accesses[n++] = a;
		}
	}
	for (i = 0; i < n; i++) {
		struct access *a = &accesses[i];
		struct result *r = &results[i];

		run_access(&vm, a, r);
		h = emit(h, "access %d slot %d %s %s %s ac %d: vector %u ec %#x cr2 %s val %#x\n",
			 i, (int)((a->va - SLOT_VA(0)) / 0x400000), a->user ? "user" : "sup",
			 acc_name[a->type], a->fep ? "fep" : "native", a->ac,
			 r->vector, r->ec,
			 r->cr2 == a->va + (a->type == ACC_FETCH ? FETCH_OFF : DATA_OFF) ? "va" :
			 r->cr2 ? "other" : "0", r->val);
		if (a->fep) {
			struct result *nat = &results[i - 1];

			differ += nat->vector != r->vector || nat->ec != r->ec;
		}
	}

	set_cpl(&vm, false);
	for (i = 0; i < NR_SLOTS; i++) {
		struct kvm_translation tr = { .linear_address = SLOT_VA(i) + DATA_OFF };

		if (ioctl(vm.vcpu, KVM_TRANSLATE, &tr) < 0)
			die("KVM_TRANSLATE: %s", strerror(errno));
		h = emit(h, "translate slot %d: valid %u gpa %#llx writeable %u usermode %u\n",
			 i, tr.valid, tr.valid ? (unsigned long long)tr.physical_address : 0ull,
			 tr.writeable, tr.usermode);
	}
	printf("seed %llu levels %d digest %016llx accesses %d native!=fep %d\n",
	       (unsigned long long)seed, pae ? 3 : 2, (unsigned long long)h, n, differ);
	destroy_vm(&vm);
}

int main(int argc, char *argv[])
{
	u64 first = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
	u64 nr = argc > 2 ? strtoull(argv[2], NULL, 0) : 8;
	struct sigaction sa = { .sa_handler = on_alarm };
	char fep[2] = "";
	u64 seed;
	int fd;

	/* The forced emulation prefix is what makes the emulator walk. */
	fd = open("/sys/module/kvm/parameters/force_emulation_prefix", O_RDONLY);
	if (fd < 0 || read(fd, fep, 1) != 1 || fep[0] == '0' || fep[0] == 'N') {
		printf("walk-diff32: SKIP: kvm.force_emulation_prefix is not set\n");
		return 4;
	}
	close(fd);
	/* No SA_RESTART: the alarm makes a KVM_RUN that never exits fail. */
	sigaction(SIGALRM, &sa, NULL);
	kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm_fd < 0)
		die("/dev/kvm: %s", strerror(errno));
	get_supported_cpuid();

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (seed = first; seed < first + nr; seed++) {
		run_seed(seed, false);
		run_seed(seed, true);
	}
	return 0;
}
