/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PSCI: zarm's calls to the firmware (QEMU's PSCI, SMC conduit) and the
 * PSCI 1.1 it implements for each VM (HVC, or SMC trapped by HCR_EL2.TSC):
 * psci_core.c decodes and validates, this file does what needs the
 * machine.
 */
#include "arch/arm64/arm64.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/psci_core.h"

int64_t psci_host_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return (int64_t)x0;
}

/* The machine side of psci_core.c for one calling vCPU. */
static int op_cpu_on(void *ctx, unsigned int vcpu, uint64_t entry,
		     uint64_t context)
{
	struct arm64_vcpu *av = ctx;

	return arm64_vcpu_start(vcpu_avm(av)->vcpus[vcpu], entry, context);
}

static int op_affinity(void *ctx, unsigned int vcpu)
{
	struct arm64_vcpu *t = vcpu_avm((struct arm64_vcpu *)ctx)->vcpus[vcpu];

	return t->vcpu.state == VCPU_OFF ? PSCI_AFF_OFF :
	       t->boot_pending ? PSCI_AFF_ON_PENDING : PSCI_AFF_ON;
}

static void op_cpu_off(void *ctx)
{
	arm64_vcpu_stop(ctx);
}

static void op_system_off(void *ctx)
{
	arm64_vm_end(vcpu_avm((struct arm64_vcpu *)ctx), false);
}

static void op_system_reset(void *ctx)
{
	arm64_vm_reset(vcpu_avm((struct arm64_vcpu *)ctx));
}

int psci_guest_call(struct arm64_vcpu *av, struct arm64_regs *r)
{
	struct arm64_vm *avm = vcpu_avm(av);
	const struct psci_vm vm = { avm->vm.nr_vcpus, avm->ipa_base,
				    avm->ram_size };
	const struct psci_ops ops = { op_cpu_on, op_affinity, op_cpu_off,
				      op_system_off, op_system_reset, av };

	return psci_handle(&vm, &ops, r->x) ? TRAP_EXIT : TRAP_RESUME;
}
