// SPDX-License-Identifier: GPL-2.0-only
/*
 * walk-diff: the same random guest page tables and accesses on the base
 * kernel and on the series, outcome by outcome (issue 12).
 *
 * For each seed, build NR_SLOTS 4-level walks with random P, R/W, U/S, NX,
 * A/D, PS (2 MiB), reserved bits and, where KVM offers PKU, protection keys
 * at every level, pick random CR0.WP, CR4.SMEP, CR4.SMAP, CR4.PKE, PKRU and
 * EFER.NXE, and make NR_ACCESSES random reads, writes
 * and fetches, from supervisor mode (with RFLAGS.AC random) or from user
 * mode (a third of them), the reads and writes once natively and once
 * through KVM's forced emulation prefix.  Natively, under npt=0, KVM's
 * shadow MMU and guest walker decide each #PF; through the prefix, KVM's
 * emulator walks the tables in both modes.  Then ask KVM_TRANSLATE for
 * every slot.
 *
 * With --nested, the accesses run in an L2 guest of the test's VM, under
 * nested NPT (SVM) or nested EPT (VMX), with L2's page tables as above and
 * L1's NPT or EPT entries for the slots' page tables and pages also random
 * for a third of them: not present, read-only, NX or a reserved bit; NPT
 * entries also supervisor, EPT entries also write-only (a misconfiguration)
 * or execute-only.  Natively, KVM's shadow NPT/EPT and tdp_walk decide each
 * NPF or EPT violation; through the prefix, KVM's emulator walks L2's tables
 * with cpu_walk and translates each L2 GPA with tdp_walk.  A fault of L2's
 * tables is injected into L2; a fault of L1's tables exits to L1, which
 * notes the exit and resumes L2 past the access.  KVM_TRANSLATE is asked
 * while the vCPU is in L2.
 *
 * Output: the tables, then one line per access (vector, error code, CR2,
 * value read), one per translation, and a digest of the seed.  A run on
 * the base is the reference: diff shows the first access whose outcome
 * differs, below the tables that produced it.  "native != fep" counts the
 * accesses whose native and emulated outcomes differ, which says nothing
 * about the series (TCG and KVM's emulator can disagree on the base).
 *
 * Usage: walk-diff [--nested] [FIRST_SEED [NR_SEEDS]]
 */
#include "kvm_util.h"
#include "processor.h"
#include "svm_util.h"
#include "vmx.h"
#include "walk-diff.h"

#define NR_SLOTS	16
#define NR_ACCESSES	48

/* Slot i is PML4 entry 384 + i, far from the library's own mappings. */
#define SLOT_VA(i)	(0xffffc00000000000ull + ((u64)(i) << 39))

/*
 * User mode's code and stack: two pages mapped with U/S=1 at every level
 * through PML4 entry 384 + NR_SLOTS.
 */
#define USER_VA		SLOT_VA(NR_SLOTS)
#define USER_STACK_VA	(USER_VA + 0x1000)

/* The GDT entries that user mode runs with, after the library's. */
#define USER_DS		(0x28 | 3)
#define USER_CS		(0x30 | 3)
#define KERNEL_CS	0x8
#define KERNEL_DS	0x10

/* The 2 MiB frame that large-page slots map, in a memslot of its own. */
#define LARGE_GPA	0x40000000ull
#define LARGE_SLOT	10

#define P	(1ull << 0)
#define RW	(1ull << 1)
#define US	(1ull << 2)
#define A	(1ull << 5)
#define D	(1ull << 6)
#define PS	(1ull << 7)
#define NX	(1ull << 63)
#define PKEY_SHIFT	59

enum { ACC_READ, ACC_WRITE, ACC_FETCH };
static const char *const acc_name[] = { "read", "write", "fetch" };

struct access {
	u64 va;
	u64 wval;
	u8 type;
	u8 ac;
	u8 fep;
	u8 user;
};

struct result {
	u64 val;
	u64 cr2;
	u64 ec;
	u8 vector;
};

/* Filled in by the host before each run. */
static struct access accesses[NR_ACCESSES * 2];
static struct result results[NR_ACCESSES * 2];
static int nr_guest_accesses;
static bool have_smap;
static bool pke;
static u32 pkru;
static bool nested;
static bool vmx;

/*
 * With --nested: the access that L2 is making, and the NPF exit (SVM) or EPT
 * violation or misconfiguration (VMX) that L1 saw during it, if any.  An
 * access that exits to L1 reports NPF_VECTOR, which no exception has.
 */
#define NPF_VECTOR	0xff
#define L2_STACK_SIZE	1024

struct l1_exit {
	u64 info1;	/* SVM: EXITINFO1; VMX: the exit qualification */
	u64 gpa;
	u64 gla;	/* VMX: the guest linear address, where valid */
	u32 reason;	/* VMX: the exit reason */
};

static int cur_access;
static struct l1_exit l1_exits[NR_ACCESSES * 2];
static u64 l2_stack[L2_STACK_SIZE] __aligned(16);

/*
 * L2's general purpose registers while L1 runs, where run_guest() keeps them
 * (lib/x86/svm.c).  Its SAVE_GPR_C puts R9, R10 and R11 at offsets 0x50,
 * 0x58 and 0x60, which are not those of the fields of the same names in
 * struct gpr64_regs (one register further on): go by the offsets.
 */
extern struct gpr64_regs guest_regs;
#define L2_R9	(*(u64 *)((char *)&guest_regs + 0x50))
#define L2_R10	(*(u64 *)((char *)&guest_regs + 0x58))
#define L2_R11	(*(u64 *)((char *)&guest_regs + 0x60))

/*
 * Under VMX, L1 enters L2 with vmx_enter_l2() instead of the library's
 * vmlaunch() and vmresume(), which do not keep L2's general purpose
 * registers: an EPT violation in the middle of an access resumes L2 at the
 * access' fixup, which reads the registers that L2 had at the exit (RIP,
 * RSP and RFLAGS are in the VMCS).  vmx_enter_l2() loads them from
 * l2_gprs[], indexed by register number (RAX, RCX, RDX, RBX, RSP (unused),
 * RBP, RSI, RDI, R8-R15), and saves them there at the exit.  It returns
 * nonzero if VMLAUNCH or VMRESUME failed.
 */
u64 l2_gprs[16];

static u64 vmx_enter_l2(bool launched)
{
	u64 host_rsp = HOST_RSP, host_rip = HOST_RIP, fail;

	asm volatile("push %%rbp\n\t"
		     "push %%rbx\n\t"
		     "push %%r12\n\t"
		     "push %%r13\n\t"
		     "push %%r14\n\t"
		     "push %%r15\n\t"
		     "vmwrite %%rsp, %[host_rsp]\n\t"
		     "lea 1f(%%rip), %%rax\n\t"
		     "vmwrite %%rax, %[host_rip]\n\t"
		     /* MOV leaves the flags that pick VMRESUME. */
		     "test %[launched], %[launched]\n\t"
		     "mov l2_gprs+0x00(%%rip), %%rax\n\t"
		     "mov l2_gprs+0x08(%%rip), %%rcx\n\t"
		     "mov l2_gprs+0x10(%%rip), %%rdx\n\t"
		     "mov l2_gprs+0x18(%%rip), %%rbx\n\t"
		     "mov l2_gprs+0x28(%%rip), %%rbp\n\t"
		     "mov l2_gprs+0x30(%%rip), %%rsi\n\t"
		     "mov l2_gprs+0x40(%%rip), %%r8\n\t"
		     "mov l2_gprs+0x48(%%rip), %%r9\n\t"
		     "mov l2_gprs+0x50(%%rip), %%r10\n\t"
		     "mov l2_gprs+0x58(%%rip), %%r11\n\t"
		     "mov l2_gprs+0x60(%%rip), %%r12\n\t"
		     "mov l2_gprs+0x68(%%rip), %%r13\n\t"
		     "mov l2_gprs+0x70(%%rip), %%r14\n\t"
		     "mov l2_gprs+0x78(%%rip), %%r15\n\t"
		     "mov l2_gprs+0x38(%%rip), %%rdi\n\t"
		     "jnz 2f\n\t"
		     "vmlaunch\n\t"
		     "jmp 3f\n\t"
		     "2: vmresume\n\t"
		     "3: mov $1, %%eax\n\t"
		     "jmp 4f\n\t"
		     "1: mov %%rax, l2_gprs+0x00(%%rip)\n\t"
		     "mov %%rcx, l2_gprs+0x08(%%rip)\n\t"
		     "mov %%rdx, l2_gprs+0x10(%%rip)\n\t"
		     "mov %%rbx, l2_gprs+0x18(%%rip)\n\t"
		     "mov %%rbp, l2_gprs+0x28(%%rip)\n\t"
		     "mov %%rsi, l2_gprs+0x30(%%rip)\n\t"
		     "mov %%rdi, l2_gprs+0x38(%%rip)\n\t"
		     "mov %%r8, l2_gprs+0x40(%%rip)\n\t"
		     "mov %%r9, l2_gprs+0x48(%%rip)\n\t"
		     "mov %%r10, l2_gprs+0x50(%%rip)\n\t"
		     "mov %%r11, l2_gprs+0x58(%%rip)\n\t"
		     "mov %%r12, l2_gprs+0x60(%%rip)\n\t"
		     "mov %%r13, l2_gprs+0x68(%%rip)\n\t"
		     "mov %%r14, l2_gprs+0x70(%%rip)\n\t"
		     "mov %%r15, l2_gprs+0x78(%%rip)\n\t"
		     "xor %%eax, %%eax\n\t"
		     "4: pop %%r15\n\t"
		     "pop %%r14\n\t"
		     "pop %%r13\n\t"
		     "pop %%r12\n\t"
		     "pop %%rbx\n\t"
		     "pop %%rbp\n\t"
		     : "=a"(fail), [host_rsp] "+d"(host_rsp), [host_rip] "+S"(host_rip),
		       [launched] "+D"(launched)
		     :
		     : "rcx", "r8", "r9", "r10", "r11", "memory", "cc");
	return fail;
}

static void set_cr2(u64 val)
{
	asm volatile("mov %0, %%cr2" : : "r"(val));
}

static u64 get_cr2(void)
{
	u64 cr2;

	asm volatile("mov %%cr2, %0" : "=r"(cr2));
	return cr2;
}

static u8 do_read(struct access *a, u64 *val, u64 *ec)
{
	u8 vector;

	if (a->fep)
		asm volatile(KVM_ASM_SAFE_FEP("movq (%[va]), %[val]")
			     : KVM_ASM_SAFE_OUTPUTS(vector, *ec), [val] "=&r"(*val)
			     : [va] "r"(a->va + 8)
			     : "memory", KVM_ASM_SAFE_CLOBBERS);
	else
		asm volatile(KVM_ASM_SAFE("movq (%[va]), %[val]")
			     : KVM_ASM_SAFE_OUTPUTS(vector, *ec), [val] "=&r"(*val)
			     : [va] "r"(a->va + 8)
			     : "memory", KVM_ASM_SAFE_CLOBBERS);
	return vector;
}

static u8 do_write(struct access *a, u64 *ec)
{
	u8 vector;

	if (a->fep)
		asm volatile(KVM_ASM_SAFE_FEP("movq %[val], (%[va])")
			     : KVM_ASM_SAFE_OUTPUTS(vector, *ec)
			     : [va] "r"(a->va + 8), [val] "r"(a->wval)
			     : "memory", KVM_ASM_SAFE_CLOBBERS);
	else
		asm volatile(KVM_ASM_SAFE("movq %[val], (%[va])")
			     : KVM_ASM_SAFE_OUTPUTS(vector, *ec)
			     : [va] "r"(a->va + 8), [val] "r"(a->wval)
			     : "memory", KVM_ASM_SAFE_CLOBBERS);
	return vector;
}

/*
 * Jump to the test page, which holds "jmp *%rax" at offset 0.  A fetch
 * fault is taken with RIP at the page, so that is the RIP the library's
 * exception fixup is told to expect (R10); nothing is pushed, so the
 * fixup's jump to label 2 leaves the stack as it was.
 */
static u8 do_fetch(struct access *a, u64 *ec)
{
	u8 vector;

	asm volatile("mov $" __stringify(KVM_EXCEPTION_MAGIC) ", %%r9\n\t"
		     "mov %[va], %%r10\n\t"
		     "lea 2f(%%rip), %%r11\n\t"
		     "lea 1f(%%rip), %%rax\n\t"
		     "jmp *%%r10\n\t"
		     "1: xor %%r9, %%r9\n\t"
		     "2: mov %%r9b, %[vector]\n\t"
		     "mov %%r10, %[error_code]\n\t"
		     : KVM_ASM_SAFE_OUTPUTS(vector, *ec)
		     : [va] "r"(a->va)
		     : "rax", "memory", KVM_ASM_SAFE_CLOBBERS);
	return vector;
}

/*
 * The code that user mode runs, one stub per kind of access, copied by the
 * host to USER_VA.  Each ends in the UD2 at its label "_end", which takes
 * the CPU back to supervisor mode (user_ud_handler()).  The library's
 * exception fixup works as in KVM_ASM_SAFE(): R9 holds KVM_EXCEPTION_MAGIC,
 * R10 the RIP of the access, R11 the stub's UD2, where a fault resumes with
 * the vector in R9 and the error code in R10.
 */
extern char user_stubs[], user_stubs_end[];
extern char user_read[], user_read_end[], user_read_fep[], user_read_fep_end[];
extern char user_write[], user_write_end[], user_write_fep[], user_write_fep_end[];
extern char user_fetch[], user_fetch_end[];
asm(".pushsection .text\n"
    "user_stubs:\n"
    "user_read: movq (%rdi), %rax\n"
    "user_read_end: ud2\n"
    "user_read_fep: " KVM_FEP " movq (%rdi), %rax\n"
    "user_read_fep_end: ud2\n"
    "user_write: movq %rsi, (%rdi)\n"
    "user_write_end: ud2\n"
    "user_write_fep: " KVM_FEP " movq %rsi, (%rdi)\n"
    "user_write_fep_end: ud2\n"
    /* The fetched page holds "jmp *%rax", RAX points at the UD2. */
    "user_fetch: jmp *%rdx\n"
    "user_fetch_end: ud2\n"
    "user_stubs_end:\n"
    ".popsection");

#define USER_ADDR(sym)	(USER_VA + ((sym) - user_stubs))

/*
 * KVM_FEP, UD2 and "kvm": KVM skips it before it emulates the instruction,
 * so an emulated access faults at the instruction after it.
 */
#define FEP_LEN		5

/*
 * Where the UD2 of a user stub returns to, and with which stack; global, as
 * do_user()'s assembly names them.
 */
u64 user_return_rip, user_return_rsp;

/*
 * A UD2 at CPL3: return to supervisor mode, at user_return_rip, on the stack
 * that do_user() left.  The frame that IRETQ pops goes on, past RFLAGS, with
 * RSP and SS.  A #UD of user mode anywhere but at a stub's UD2 (R11) is the
 * access' own outcome.
 */
static void user_ud_handler(struct ex_regs *regs)
{
	u64 *frame = &regs->rflags;

	__GUEST_ASSERT((regs->cs & 3) == 3, "#UD in supervisor mode at 0x%lx",
		       regs->rip);
	if (regs->rip != regs->r11) {
		regs->r9 = UD_VECTOR;
		regs->r10 = 0;
	}
	regs->rip = user_return_rip;
	regs->cs = KERNEL_CS;
	frame[1] = user_return_rsp;
	frame[2] = KERNEL_DS;
}

/*
 * Run one access in user mode: IRETQ to its stub, which comes back through
 * user_ud_handler() with the vector of a fault in R9 (KVM_EXCEPTION_MAGIC if
 * there was none) and its error code in R10.
 */
static u8 do_user(struct access *a, u64 *val, u64 *ec)
{
	register u64 r9 asm("r9") = KVM_EXCEPTION_MAGIC;
	register u64 r10 asm("r10");
	register u64 r11 asm("r11");
	u64 rax = 0, start;

	switch (a->type) {
	case ACC_READ:
		start = a->fep ? USER_ADDR(user_read_fep) : USER_ADDR(user_read);
		r11 = a->fep ? USER_ADDR(user_read_fep_end) : USER_ADDR(user_read_end);
		r10 = start + (a->fep ? FEP_LEN : 0);
		break;
	case ACC_WRITE:
		start = a->fep ? USER_ADDR(user_write_fep) : USER_ADDR(user_write);
		r11 = a->fep ? USER_ADDR(user_write_fep_end) : USER_ADDR(user_write_end);
		r10 = start + (a->fep ? FEP_LEN : 0);
		break;
	default:
		start = USER_ADDR(user_fetch);
		r11 = USER_ADDR(user_fetch_end);
		/* A fetch fault is taken at the fetched page. */
		r10 = a->va;
		rax = r11;
		break;
	}

	asm volatile("lea 1f(%%rip), %%rcx\n\t"
		     "mov %%rcx, user_return_rip(%%rip)\n\t"
		     "mov %%rsp, user_return_rsp(%%rip)\n\t"
		     "pushq $" __stringify(USER_DS) "\n\t"
		     "pushq %[stack]\n\t"
		     "pushfq\n\t"
		     "pushq $" __stringify(USER_CS) "\n\t"
		     "pushq %[start]\n\t"
		     "iretq\n\t"
		     "1:\n\t"
		     : "+a"(rax), "+r"(r9), "+r"(r10), "+r"(r11)
		     : [start] "r"(start), [stack] "r"(USER_STACK_VA + 0x1000),
		       "D"(a->va + 8), "S"(a->wval), "d"(a->va)
		     : "rcx", "r8", "memory", "cc");

	if (r9 == KVM_EXCEPTION_MAGIC)
		r9 = 0;
	*ec = r10;
	*val = rax;
	return r9;
}

static void do_accesses(void)
{
	int i;

	/* L2 runs with L1's CR4 and shares its PKRU: either may set it. */
	if (pke)
		asm volatile("wrpkru" : : "a"(pkru), "c"(0), "d"(0));
	for (i = 0; i < nr_guest_accesses; i++) {
		struct access *a = &accesses[i];
		struct result *r = &results[i];
		u64 ec = 0, val = 0;
		u8 vector;

		WRITE_ONCE(cur_access, i);
		if (have_smap) {
			if (a->ac)
				asm volatile("stac" ::: "cc");
			else
				asm volatile("clac" ::: "cc");
		}
		set_cr2(0);
		if (a->user)
			vector = do_user(a, &val, &ec);
		else if (a->type == ACC_READ)
			vector = do_read(a, &val, &ec);
		else if (a->type == ACC_WRITE)
			vector = do_write(a, &ec);
		else
			vector = do_fetch(a, &ec);
		r->cr2 = get_cr2();
		if (have_smap)
			asm volatile("clac" ::: "cc");
		r->vector = vector;
		r->ec = vector ? ec : 0;
		r->val = vector ? 0 : val;
	}
}

static void guest_code(void)
{
	do_accesses();
	GUEST_DONE();
}

/* L2 stops in a ucall, so that the host asks KVM_TRANSLATE in L2. */
static void l2_guest_code(void)
{
	do_accesses();
	GUEST_SYNC(0);
	if (vmx)
		vmcall();
	else
		vmmcall();
}

/*
 * L1 runs L2 until its VMMCALL.  An NPF can only come from an access (the
 * slots' pages are the only ones that L1's NPT restricts), where R9 holds
 * KVM_EXCEPTION_MAGIC and R11 the RIP to resume at when the access faults:
 * note the exit, and resume L2 there as an exception would, with
 * NPF_VECTOR in R9.  A user access resumes at its stub's UD2, which takes
 * L2 back to supervisor mode.
 */
static void l1_svm_code(struct svm_test_data *svm)
{
	struct vmcb *vmcb = svm->vmcb;

	generic_svm_setup(svm, l2_guest_code, &l2_stack[L2_STACK_SIZE]);
	vmcb->control.intercept |= BIT_ULL(INTERCEPT_SHUTDOWN);
	for (;;) {
		run_guest(vmcb, svm->vmcb_gpa);
		if (vmcb->control.exit_code == SVM_EXIT_VMMCALL)
			break;
		__GUEST_ASSERT(vmcb->control.exit_code == SVM_EXIT_NPF &&
			       L2_R9 == KVM_EXCEPTION_MAGIC,
			       "L2 exit 0x%lx info 0x%lx 0x%lx at RIP 0x%lx, access %d, R9 0x%lx R11 0x%lx",
			       vmcb->control.exit_code, vmcb->control.exit_info_1,
			       vmcb->control.exit_info_2, vmcb->save.rip, cur_access,
			       L2_R9, L2_R11);
		l1_exits[cur_access].info1 = vmcb->control.exit_info_1;
		l1_exits[cur_access].gpa = vmcb->control.exit_info_2;
		L2_R9 = NPF_VECTOR;
		L2_R10 = 0;
		vmcb->save.rip = L2_R11;
	}
	GUEST_DONE();
}

/*
 * The same under VMX: an EPT violation or misconfiguration can only come
 * from an access, where L1 notes the exit reason, the qualification, the
 * GPA and the linear address (where bit 7 of the qualification says it is
 * valid) and resumes L2 at R11 with NPF_VECTOR in R9.
 */
static void l1_vmx_code(struct vmx_pages *vmx_pages)
{
	bool launched = false;
	u32 reason;
	u64 qual;

	GUEST_ASSERT(prepare_for_vmx_operation(vmx_pages));
	GUEST_ASSERT(load_vmcs(vmx_pages));
	prepare_vmcs(vmx_pages, l2_guest_code, &l2_stack[L2_STACK_SIZE]);
	/*
	 * L2's #PFs are L2's.  With #PF clear in the exception bitmap, a #PF
	 * exits when its error code masked by PAGE_FAULT_ERROR_CODE_MASK
	 * differs from PAGE_FAULT_ERROR_CODE_MATCH: prepare_vmcs()'s mask 0
	 * and match -1 make every one exit, a match of 0 none.
	 */
	vmwrite(PAGE_FAULT_ERROR_CODE_MATCH, 0);
	for (;;) {
		__GUEST_ASSERT(!vmx_enter_l2(launched), "VM-entry failed, error %lu",
			       vmreadz(VM_INSTRUCTION_ERROR));
		launched = true;
		reason = vmreadz(VM_EXIT_REASON);
		if (reason == EXIT_REASON_VMCALL)
			break;
		qual = vmreadz(EXIT_QUALIFICATION);
		__GUEST_ASSERT((reason == EXIT_REASON_EPT_VIOLATION ||
				reason == EXIT_REASON_EPT_MISCONFIG) &&
			       l2_gprs[9] == KVM_EXCEPTION_MAGIC,
			       "L2 exit %u qualification 0x%lx at RIP 0x%lx, access %d, R9 0x%lx R11 0x%lx",
			       reason, qual, vmreadz(GUEST_RIP), cur_access,
			       l2_gprs[9], l2_gprs[11]);
		l1_exits[cur_access].reason = reason;
		l1_exits[cur_access].info1 = qual;
		l1_exits[cur_access].gpa = vmreadz(GUEST_PHYSICAL_ADDRESS);
		l1_exits[cur_access].gla = reason == EXIT_REASON_EPT_VIOLATION &&
					   (qual & BIT_ULL(7)) ?
					   vmreadz(GUEST_LINEAR_ADDRESS) : 0;
		l2_gprs[9] = NPF_VECTOR;
		l2_gprs[10] = 0;
		vmwrite(GUEST_RIP, l2_gprs[11]);
	}
	GUEST_DONE();
}

static u64 rsvd_bit;
static bool have_pku;

/* A random entry: level 4 is the PML4E, 1 the PTE. */
static u64 random_entry(int level, bool leaf)
{
	u64 e = 0;

	if (rnd(16))
		e |= P;
	if (rnd(4))
		e |= RW;
	if (rnd(3))
		e |= US;
	if (!rnd(4))
		e |= NX;
	if (rnd(2))
		e |= A;
	if (leaf && rnd(2))
		e |= D;
	if (!rnd(16)) {
		/*
		 * A reserved bit: one above MAXPHYADDR, or PS where it is
		 * reserved (PML4E).
		 */
		if (rsvd_bit && rnd(2))
			e |= rsvd_bit;
		else if (level == 4)
			e |= PS;
	}
	/*
	 * The key counts in the entry that maps the page; above it, the bits
	 * are ignored.  Without PKU no random number is drawn, so that a seed
	 * gives the same tables as on a host without it.
	 */
	if (have_pku)
		e |= (u64)rnd(16) << PKEY_SHIFT;
	return e;
}

struct slot {
	u64 e[5];	/* e[4] PML4E ... e[1] PTE; e[1] unused for 2 MiB */
	gpa_t gpa[4];	/* the PDPT, PD, PT and page; PT and page unused for 2 MiB */
	bool large;
};

enum { NPT_RWX, NPT_NOT_PRESENT, NPT_READ_ONLY, NPT_SUPERVISOR, NPT_NX, NPT_RSVD };
static const char *const npt_name[] = { "rwx", "np", "ro", "sup", "nx", "rsvd" };

/*
 * Restrict L1's NPT entry for an L2 page at random, a third of the time.
 * NPT walks are user accesses, so a supervisor entry denies every access;
 * NX and the reserved bit above MAXPHYADDR follow L1's EFER.NXE and CPUID.
 */
static int restrict_npt_entry(struct kvm_vm *vm, gpa_t gpa)
{
	struct kvm_mmu *mmu = &vm->stage2_mmu;
	u64 *pte = tdp_get_pte(vm, gpa);
	int r = rnd(3) ? NPT_RWX : 1 + rnd(5);

	switch (r) {
	case NPT_NOT_PRESENT:
		*pte &= ~PTE_PRESENT_MASK(mmu);
		break;
	case NPT_READ_ONLY:
		*pte &= ~PTE_WRITABLE_MASK(mmu);
		break;
	case NPT_SUPERVISOR:
		*pte &= ~PTE_USER_MASK(mmu);
		break;
	case NPT_NX:
		*pte |= PTE_NX_MASK(mmu);
		break;
	case NPT_RSVD:
		if (rsvd_bit)
			*pte |= rsvd_bit;
		else
			r = NPT_RWX;
		break;
	}
	return r;
}

/*
 * The same for L1's EPT, where bit 0 is R, not P: an entry that is writable
 * but not readable is a misconfiguration, and one that is only executable is
 * one too unless the CPU offers execute-only EPT (KVM's nested EPT does when
 * the host's does).  With EPT A/D bits, the CPU's walk of L2's page tables
 * writes to them, so a read-only L2 page table faults.
 */
enum { EPT_RWX, EPT_NOT_PRESENT, EPT_READ_ONLY, EPT_NX, EPT_RSVD, EPT_WRITE_ONLY,
       EPT_EXEC_ONLY };
static const char *const ept_name[] = { "rwx", "np", "ro", "nx", "rsvd", "wo", "xo" };

static int restrict_ept_entry(struct kvm_vm *vm, gpa_t gpa)
{
	struct kvm_mmu *mmu = &vm->stage2_mmu;
	u64 *pte = tdp_get_pte(vm, gpa);
	u64 r_mask = PTE_READABLE_MASK(mmu), w_mask = PTE_WRITABLE_MASK(mmu);
	u64 x_mask = PTE_EXECUTABLE_MASK(mmu);
	int r = rnd(3) ? EPT_RWX : 1 + rnd(6);

	switch (r) {
	case EPT_NOT_PRESENT:
		*pte &= ~(r_mask | w_mask | x_mask);
		break;
	case EPT_READ_ONLY:
		*pte &= ~w_mask;
		break;
	case EPT_NX:
		*pte &= ~x_mask;
		break;
	case EPT_RSVD:
		if (rsvd_bit)
			*pte |= rsvd_bit;
		else
			r = EPT_RWX;
		break;
	case EPT_WRITE_ONLY:
		*pte &= ~(r_mask | x_mask);
		break;
	case EPT_EXEC_ONLY:
		*pte &= ~(r_mask | w_mask);
		break;
	}
	return r;
}

/*
 * L1's NPT or EPT: the identity map of memslot 0 and of the large pages'
 * frame, then random restrictions for every slot's page tables and page.
 */
static u64 setup_npt(struct kvm_vm *vm, struct slot *slots, u64 h)
{
	const char *const *name = vmx ? ept_name : npt_name;
	int i, j, r[4];

	tdp_identity_map_default_memslots(vm);
	tdp_map(vm, LARGE_GPA, LARGE_GPA, PG_LEVEL_SIZE(PG_LEVEL_2M));
	for (i = 0; i < NR_SLOTS; i++) {
		for (j = 0; j < 4; j++)
			r[j] = slots[i].large && j >= 2 ? NPT_RWX :
			       vmx ? restrict_ept_entry(vm, slots[i].gpa[j]) :
			       restrict_npt_entry(vm, slots[i].gpa[j]);
		h = emit(h, "%s slot %d pdpt %s pd %s pt %s page %s\n", vmx ? "ept" : "npt",
			 i, name[r[0]], name[r[1]], name[r[2]], name[r[3]]);
	}
	return h;
}

static void translate_slots(struct kvm_vcpu *vcpu, struct kvm_translation *tr)
{
	int i;

	for (i = 0; i < NR_SLOTS; i++) {
		tr[i] = (struct kvm_translation) { .linear_address = SLOT_VA(i) + 8 };
		vcpu_ioctl(vcpu, KVM_TRANSLATE, &tr[i]);
	}
}

/*
 * User mode: its GDT entries, the supervisor stack that an exception taken
 * in user mode switches to (TSS.RSP0), its code and stack pages at USER_VA,
 * and the #UD handler that its stubs return through.
 */
static void setup_user_mode(struct kvm_vm *vm, u64 *pml4)
{
	u64 flags = P | RW | US | A | D;
	u64 *gdt = addr_gva2hva(vm, vm->arch.gdt);
	gpa_t pdpt = vm_alloc_page_table(vm), pd = vm_alloc_page_table(vm);
	gpa_t pt = vm_alloc_page_table(vm), code = vm_alloc_page_table(vm);
	gpa_t stack = vm_alloc_page_table(vm);
	gva_t rsp0_stack = vm_alloc_page(vm);

	gdt[USER_DS >> 3] = 0x00cff3000000ffffull;	/* data, DPL 3 */
	gdt[USER_CS >> 3] = 0x00affb000000ffffull;	/* 64-bit code, DPL 3 */
	*(u64 *)(addr_gva2hva(vm, vm->arch.tss) + 4) = rsp0_stack + PAGE_SIZE;

	pml4[384 + NR_SLOTS] = pdpt | flags;
	*(u64 *)addr_gpa2hva(vm, pdpt) = pd | flags;
	*(u64 *)addr_gpa2hva(vm, pd) = pt | flags;
	((u64 *)addr_gpa2hva(vm, pt))[0] = code | flags;
	((u64 *)addr_gpa2hva(vm, pt))[1] = stack | flags;
	memcpy(addr_gpa2hva(vm, code), user_stubs, user_stubs_end - user_stubs);
	vm_install_exception_handler(vm, UD_VECTOR, user_ud_handler);
}

static void run_seed(u64 seed)
{
	struct kvm_translation tr[NR_SLOTS];
	struct slot slots[NR_SLOTS];
	struct kvm_sregs sregs;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	bool wp, smep, smap, nxe, done = false;
	int i, n, differ = 0;
	u64 *root, *pml4, h = DIGEST_START;
	struct ucall uc;
	gva_t nested_gva;

	rnd_seed(seed);
	if (nested) {
		/*
		 * Before any allocation: vcpu_alloc_svm() and vcpu_alloc_vmx()
		 * take the NPT's or EPT's root.
		 */
		vm = vm_create_with_one_vcpu(&vcpu, vmx ? (void *)l1_vmx_code : (void *)l1_svm_code);
		vm_enable_tdp(vm);
		if (vmx)
			vcpu_alloc_vmx(vm, &nested_gva);
		else
			vcpu_alloc_svm(vm, &nested_gva);
		vcpu_args_set(vcpu, 1, nested_gva);
	} else {
		vm = vm_create_with_one_vcpu(&vcpu, guest_code);
	}
	vm_userspace_mem_region_add(vm, VM_MEM_SRC_ANONYMOUS, LARGE_GPA,
				    LARGE_SLOT, 512, 0);
	rsvd_bit = vm->pa_bits < 52 ? 1ull << vm->pa_bits : 0;

	have_smap = kvm_cpu_has(X86_FEATURE_SMAP);
	/* KVM offers PKU only with TDP, and when the host kernel uses it. */
	have_pku = kvm_cpu_has(X86_FEATURE_PKU);
	wp = rnd(2);
	smep = kvm_cpu_has(X86_FEATURE_SMEP) && rnd(2);
	smap = have_smap && rnd(2);
	nxe = rnd(4);
	vcpu_sregs_get(vcpu, &sregs);
	sregs.cr0 = wp ? sregs.cr0 | X86_CR0_WP : sregs.cr0 & ~X86_CR0_WP;
	sregs.cr4 = smep ? sregs.cr4 | X86_CR4_SMEP : sregs.cr4 & ~X86_CR4_SMEP;
	sregs.cr4 = smap ? sregs.cr4 | X86_CR4_SMAP : sregs.cr4 & ~X86_CR4_SMAP;
	sregs.efer = nxe ? sregs.efer | EFER_NX : sregs.efer & ~EFER_NX;
	pke = have_pku && rnd(4);
	pkru = have_pku ? rnd64() : 0;
	sregs.cr4 = pke ? sregs.cr4 | X86_CR4_PKE : sregs.cr4 & ~X86_CR4_PKE;
	vcpu_sregs_set(vcpu, &sregs);
	h = emit(h, "seed %lu levels %d pa_bits %u cr0.wp %d cr4.smep %d cr4.smap %d efer.nxe %d\n",
		 seed, vm->mmu.pgtable_levels, vm->pa_bits, wp, smep, smap, nxe);
	if (have_pku)
		h = emit(h, "cr4.pke %d pkru %#010x\n", pke, pkru);

	/* "jmp *%rax" at offset 0 of every page that a fetch can reach. */
	memcpy(addr_gpa2hva(vm, LARGE_GPA), "\xff\xe0", 2);
	/* With 5-level paging, the slots' PML4 hangs off PML5 entry 511. */
	root = addr_gpa2hva(vm, vm->mmu.pgd);
	if (vm->mmu.pgtable_levels == 5) {
		gpa_t p4 = vm_alloc_page_table(vm);

		root[511] = P | RW | US | A | p4;
		pml4 = addr_gpa2hva(vm, p4);
	} else {
		pml4 = root;
	}
	setup_user_mode(vm, pml4);
	for (i = 0; i < NR_SLOTS; i++) {
		struct slot *s = &slots[i];
		gpa_t pdpt = vm_alloc_page_table(vm), pd = vm_alloc_page_table(vm);
		gpa_t pt = vm_alloc_page_table(vm), data = vm_alloc_page_table(vm);

		s->large = !rnd(4);
		s->e[4] = random_entry(4, false) | pdpt;
		s->e[3] = random_entry(3, false) | pd;
		if (s->large) {
			s->e[2] = random_entry(2, true) | PS | LARGE_GPA;
			s->e[1] = 0;
		} else {
			s->e[2] = random_entry(2, false) | pt;
			s->e[1] = random_entry(1, true) | data;
		}
		memcpy(addr_gpa2hva(vm, data), "\xff\xe0", 2);
		s->gpa[0] = pdpt;
		s->gpa[1] = pd;
		s->gpa[2] = pt;
		s->gpa[3] = data;
		pml4[384 + i] = s->e[4];
		*(u64 *)addr_gpa2hva(vm, pdpt) = s->e[3];
		*(u64 *)addr_gpa2hva(vm, pd) = s->e[2];
		*(u64 *)addr_gpa2hva(vm, pt) = s->e[1];
		h = emit(h, "slot %d va %#llx pml4e %016llx pdpte %016llx pde %016llx pte %016llx\n",
			 i, SLOT_VA(i), s->e[4] & ~0xfffff000ull, s->e[3] & ~0xfffff000ull,
			 s->e[2] & ~0xfffff000ull, s->e[1] & ~0xfffff000ull);
	}
	if (nested)
		h = setup_npt(vm, slots, h);

	/* Each read and write natively, then through the emulator. */
	for (i = 0, n = 0; i < NR_ACCESSES; i++) {
		struct access a = {
			.va = SLOT_VA(rnd(NR_SLOTS)),
			.wval = rnd64(),
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
	nr_guest_accesses = n;
	sync_global_to_guest(vm, accesses);
	sync_global_to_guest(vm, nr_guest_accesses);
	sync_global_to_guest(vm, have_smap);
	sync_global_to_guest(vm, pke);
	sync_global_to_guest(vm, pkru);
	sync_global_to_guest(vm, nested);
	sync_global_to_guest(vm, vmx);

	while (!done) {
		vcpu_run(vcpu);
		switch (get_ucall(vcpu, &uc)) {
		case UCALL_SYNC:
			/* Nested: L2 is stopped, after its accesses. */
			translate_slots(vcpu, tr);
			break;
		case UCALL_DONE:
			if (!nested)
				translate_slots(vcpu, tr);
			done = true;
			break;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(uc);
			break;
		default:
			TEST_FAIL("seed %lu: exit reason %s, ucall %lu", seed,
				  exit_reason_str(vcpu->run->exit_reason), uc.cmd);
		}
	}
	sync_global_from_guest(vm, results);
	sync_global_from_guest(vm, l1_exits);

	for (i = 0; i < n; i++) {
		struct access *a = &accesses[i];
		struct result *r = &results[i];

		int slot = (a->va - SLOT_VA(0)) >> 39;

		if (r->vector == NPF_VECTOR && vmx)
			h = emit(h, "access %d slot %d %s %s %s ac %d: ept exit %u qual %#lx gpa %#lx gla %#lx\n",
				 i, slot, a->user ? "user" : "sup", acc_name[a->type],
				 a->fep ? "fep" : "native", a->ac, l1_exits[i].reason,
				 l1_exits[i].info1, l1_exits[i].gpa, l1_exits[i].gla);
		else if (r->vector == NPF_VECTOR)
			h = emit(h, "access %d slot %d %s %s %s ac %d: npf info1 %#lx gpa %#lx\n",
				 i, slot, a->user ? "user" : "sup", acc_name[a->type],
				 a->fep ? "fep" : "native", a->ac,
				 l1_exits[i].info1, l1_exits[i].gpa);
		else
			h = emit(h, "access %d slot %d %s %s %s ac %d: vector %u ec %#lx cr2 %s val %#lx\n",
				 i, slot, a->user ? "user" : "sup",
				 acc_name[a->type], a->fep ? "fep" : "native", a->ac,
				 r->vector, r->ec,
				 r->cr2 == (a->type == ACC_FETCH ? a->va : a->va + 8) ? "va" :
				 r->cr2 ? "other" : "0", r->val);
		if (a->fep) {
			struct result *nat = &results[i - 1];

			differ += nat->vector != r->vector || nat->ec != r->ec ||
				  (r->vector == NPF_VECTOR &&
				   (l1_exits[i - 1].info1 != l1_exits[i].info1 ||
				    l1_exits[i - 1].reason != l1_exits[i].reason));
		}
	}

	for (i = 0; i < NR_SLOTS; i++)
		h = emit(h, "translate slot %d: valid %u gpa %#llx writeable %u usermode %u\n",
			 i, tr[i].valid, tr[i].valid ? tr[i].physical_address : 0,
			 tr[i].writeable, tr[i].usermode);
	printf("seed %lu digest %016lx accesses %d native!=fep %d\n", seed, h, n, differ);
	kvm_vm_free(vm);
}

int main(int argc, char *argv[])
{
	u64 first, nr, seed;

	if (argc > 1 && !strcmp(argv[1], "--nested")) {
		nested = true;
		argc--;
		argv++;
	}
	first = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
	nr = argc > 2 ? strtoull(argv[2], NULL, 0) : 8;

	TEST_REQUIRE(kvm_is_forced_emulation_enabled());
	if (nested) {
		vmx = kvm_cpu_has(X86_FEATURE_VMX);
		if (vmx) {
			TEST_REQUIRE(kvm_cpu_has_ept());
		} else {
			TEST_REQUIRE(kvm_cpu_has(X86_FEATURE_SVM));
			TEST_REQUIRE(kvm_cpu_has_npt());
		}
	}

	for (seed = first; seed < first + nr; seed++)
		run_seed(seed);
	return 0;
}
