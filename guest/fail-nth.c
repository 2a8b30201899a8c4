// SPDX-License-Identifier: GPL-2.0-only
/*
 * fail-nth: make the 1st, the 2nd, ... allocation fail in one of KVM's calls
 * that set up MMU state, until the call no longer reaches an allocation that
 * can be failed (issue 12).  Each failure must come back as an error, to
 * userspace or to the guest, and leave nothing behind: the kernel log
 * (scripts/scan-log.sh) and kmemleak (guest/fail-nth.sh) are checked after.
 *
 * The failure is the kernel's fault injection by task, fail-nth
 * (Documentation/fault-injection/fault-injection.rst): writing N to
 * /proc/thread-self/fail-nth fails the Nth call of this thread that
 * failslab or fail_page_alloc could fail, and reading it back gives 0 if
 * that happened.  guest/fail-nth.sh makes sleeping and order-0 allocations
 * eligible, as most of KVM's are.
 *
 * The calls (the argument):
 *   create-vm         KVM_CREATE_VM
 *   create-vcpu       KVM_CREATE_VCPU
 *   first-run         the first KVM_RUN (the MMU's roots are loaded)
 *   l2-entry          the KVM_RUN in which L1 turns SVM (EFER.SVME) or VMX
 *                     (VMXON) on and enters L2 with nested NPT or EPT (the
 *                     MMU for L2, tdp_walk and cpu_walk are set up)
 *   set-nested-state  KVM_SET_NESTED_STATE of a vCPU saved while in L2
 *
 * One line per N: the outcome (ok, an errno, or what the guest saw), then a
 * summary.  Fails if the call does not succeed once no failure was injected,
 * or if the guest reports anything but a clean end then.
 */
#include <fcntl.h>

#include "kvm_util.h"
#include "processor.h"
#include "svm_util.h"
#include "vmx.h"

#define L2_GUEST_STACK_SIZE	64
#define MAX_N			2000

static int fail_nth_fd;

/* Arm fault injection for the Nth eligible call of this thread. */
static void fail_nth_set(int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d", n);

	TEST_ASSERT(pwrite(fail_nth_fd, buf, len, 0) == len,
		    "write %d to fail-nth: %s", n, strerror(errno));
}

/* Disarm it; return true if the failure was injected. */
static bool fail_nth_injected(void)
{
	char buf[16] = "";
	bool injected;

	TEST_ASSERT(pread(fail_nth_fd, buf, sizeof(buf) - 1, 0) > 0,
		    "read fail-nth: %s", strerror(errno));
	injected = atoi(buf) == 0;
	fail_nth_set(0);
	return injected;
}

/* Set by the host: L2 cannot ask CPUID, which exits to L1 on VMX. */
static bool is_svm;

static void l2_guest_code(void)
{
	GUEST_SYNC(2);
	if (is_svm)
		vmmcall();
	else
		vmcall();
}

static void l1_svm_code(struct svm_test_data *svm)
{
	unsigned long l2_guest_stack[L2_GUEST_STACK_SIZE];

	GUEST_SYNC(1);
	generic_svm_setup(svm, l2_guest_code, &l2_guest_stack[L2_GUEST_STACK_SIZE]);
	run_guest(svm->vmcb, svm->vmcb_gpa);
	GUEST_ASSERT_EQ(svm->vmcb->control.exit_code, SVM_EXIT_VMMCALL);
	GUEST_DONE();
}

static void l1_vmx_code(struct vmx_pages *vmx)
{
	unsigned long l2_guest_stack[L2_GUEST_STACK_SIZE];

	GUEST_SYNC(1);
	GUEST_ASSERT(prepare_for_vmx_operation(vmx));
	GUEST_ASSERT(load_vmcs(vmx));
	prepare_vmcs(vmx, l2_guest_code, &l2_guest_stack[L2_GUEST_STACK_SIZE]);
	GUEST_ASSERT(!vmlaunch());
	GUEST_ASSERT_EQ(vmreadz(VM_EXIT_REASON), EXIT_REASON_VMCALL);
	GUEST_DONE();
}

static void l1_guest_code(void *data)
{
	if (is_svm)
		l1_svm_code(data);
	else
		l1_vmx_code(data);
}

static void plain_guest_code(void)
{
	GUEST_DONE();
}

/* A VM whose vCPU runs L1, set up for L2 with nested NPT or EPT. */
static struct kvm_vm *create_nested_vm(struct kvm_vcpu **vcpu)
{
	struct kvm_vm *vm = vm_create_with_one_vcpu(vcpu, l1_guest_code);
	gva_t nested_gva;

	is_svm = kvm_cpu_has(X86_FEATURE_SVM);
	sync_global_to_guest(vm, is_svm);
	vm_enable_tdp(vm);
	if (is_svm)
		vcpu_alloc_svm(vm, &nested_gva);
	else
		vcpu_alloc_vmx(vm, &nested_gva);
	tdp_identity_map_default_memslots(vm);
	vcpu_args_set(*vcpu, 1, nested_gva);
	return vm;
}

/* Run until the guest's next ucall; return it, or -1 for another exit. */
static int run_to_ucall(struct kvm_vcpu *vcpu, struct ucall *uc, char *what, size_t len)
{
	int cmd;

	if (vcpu->run->exit_reason != KVM_EXIT_IO) {
		snprintf(what, len, "exit %s", exit_reason_str(vcpu->run->exit_reason));
		return -1;
	}
	cmd = get_ucall(vcpu, uc);
	if (cmd == UCALL_ABORT)
		snprintf(what, len, "guest: %.200s", (const char *)uc->buffer);
	return cmd;
}

/* The call under test, with failure N armed; its outcome in WHAT. */
static bool do_call(const char *call, int n, bool *injected, char *what, size_t len)
{
	struct kvm_vcpu *vcpu = NULL;
	struct kvm_vm *vm = NULL;
	struct ucall uc;
	bool ok = false;
	int r, cmd;

	if (!strcmp(call, "create-vm")) {
		int kvm_fd = open_kvm_dev_path_or_exit();

		fail_nth_set(n);
		r = ioctl(kvm_fd, KVM_CREATE_VM, 0);
		*injected = fail_nth_injected();
		if (r >= 0)
			close(r);
		close(kvm_fd);
		ok = r >= 0;
		snprintf(what, len, "%s", ok ? "ok" : strerror(errno));
		return ok;
	}

	if (!strcmp(call, "create-vcpu")) {
		vm = vm_create_barebones();
		fail_nth_set(n);
		r = ioctl(vm->fd, KVM_CREATE_VCPU, 0);
		*injected = fail_nth_injected();
		if (r >= 0)
			close(r);
		ok = r >= 0;
		snprintf(what, len, "%s", ok ? "ok" : strerror(errno));
		kvm_vm_free(vm);
		return ok;
	}

	if (!strcmp(call, "first-run")) {
		vm = vm_create_with_one_vcpu(&vcpu, plain_guest_code);
		fail_nth_set(n);
		r = __vcpu_run(vcpu);
		*injected = fail_nth_injected();
		if (r < 0) {
			snprintf(what, len, "%s", strerror(errno));
		} else {
			cmd = run_to_ucall(vcpu, &uc, what, len);
			ok = cmd == UCALL_DONE;
			if (ok)
				snprintf(what, len, "ok");
			else if (cmd >= 0 && cmd != UCALL_ABORT)
				snprintf(what, len, "ucall %d", cmd);
		}
		kvm_vm_free(vm);
		return ok;
	}

	if (!strcmp(call, "l2-entry")) {
		vm = create_nested_vm(&vcpu);
		vcpu_run(vcpu);
		TEST_ASSERT(run_to_ucall(vcpu, &uc, what, len) == UCALL_SYNC &&
			    uc.args[1] == 1, "L1 did not start: %s", what);
		fail_nth_set(n);
		r = __vcpu_run(vcpu);
		*injected = fail_nth_injected();
		if (r < 0) {
			snprintf(what, len, "%s", strerror(errno));
		} else {
			/* L2's sync, then L1's end. */
			cmd = run_to_ucall(vcpu, &uc, what, len);
			if (cmd == UCALL_SYNC && uc.args[1] == 2) {
				vcpu_run(vcpu);
				cmd = run_to_ucall(vcpu, &uc, what, len);
				ok = cmd == UCALL_DONE;
			}
			if (ok)
				snprintf(what, len, "ok");
			else if (cmd >= 0 && cmd != UCALL_ABORT)
				snprintf(what, len, "ucall %d", cmd);
		}
		kvm_vm_free(vm);
		return ok;
	}

	if (!strcmp(call, "set-nested-state")) {
		struct kvm_x86_state *state;
		u32 nested_size;

		vm = create_nested_vm(&vcpu);
		vcpu_run(vcpu);
		TEST_ASSERT(run_to_ucall(vcpu, &uc, what, len) == UCALL_SYNC &&
			    uc.args[1] == 1, "L1 did not start: %s", what);
		vcpu_run(vcpu);
		TEST_ASSERT(run_to_ucall(vcpu, &uc, what, len) == UCALL_SYNC &&
			    uc.args[1] == 2, "L2 did not start: %s", what);
		state = vcpu_save_state(vcpu);
		TEST_ASSERT(state->nested.size, "no nested state saved in L2");
		kvm_vm_release(vm);

		/* Everything but the nested state, which is the call. */
		vcpu = vm_recreate_with_one_vcpu(vm);
		nested_size = state->nested.size;
		state->nested.size = 0;
		vcpu_load_state(vcpu, state);
		state->nested.size = nested_size;
		fail_nth_set(n);
		r = __vcpu_ioctl(vcpu, KVM_SET_NESTED_STATE, &state->nested);
		*injected = fail_nth_injected();
		if (r < 0) {
			snprintf(what, len, "%s", strerror(errno));
		} else {
			/* Back in L2, which ends with L1. */
			vcpu_run(vcpu);
			cmd = run_to_ucall(vcpu, &uc, what, len);
			ok = cmd == UCALL_DONE;
			if (ok)
				snprintf(what, len, "ok");
			else if (cmd >= 0 && cmd != UCALL_ABORT)
				snprintf(what, len, "ucall %d", cmd);
		}
		kvm_x86_state_cleanup(state);
		kvm_vm_free(vm);
		return ok;
	}

	TEST_FAIL("unknown call %s", call);
	return false;
}

int main(int argc, char *argv[])
{
	const char *call = argc > 1 ? argv[1] : "";
	int n, nr_errors = 0, nr_ok = 0;
	char what[256];
	bool injected, ok;

	if (!strcmp(call, "l2-entry") || !strcmp(call, "set-nested-state")) {
		TEST_REQUIRE(kvm_cpu_has(X86_FEATURE_SVM) || kvm_cpu_has(X86_FEATURE_VMX));
		TEST_REQUIRE(kvm_cpu_has_tdp());
		TEST_REQUIRE(kvm_has_cap(KVM_CAP_NESTED_STATE));
	}
	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	__TEST_REQUIRE(fail_nth_fd >= 0, "no /proc/thread-self/fail-nth (CONFIG_FAULT_INJECTION)");

	for (n = 1; n <= MAX_N; n++) {
		ok = do_call(call, n, &injected, what, sizeof(what));
		if (!injected) {
			printf("fail-nth %s: no failure %d: %s\n", call, n, what);
			TEST_ASSERT(ok, "%s failed with no failure injected: %s", call, what);
			break;
		}
		printf("fail-nth %s: failure %d: %s\n", call, n, what);
		if (ok)
			nr_ok++;
		else
			nr_errors++;
	}
	TEST_ASSERT(n <= MAX_N, "%s still reached an allocation after %d failures", call, MAX_N);
	printf("fail-nth %s: %d allocations failed: %d errors returned, %d calls succeeded anyway\n",
	       call, n - 1, nr_errors, nr_ok);
	return 0;
}
