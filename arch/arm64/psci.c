/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PSCI: zarm's calls to the firmware (QEMU's PSCI, SMC conduit) and the
 * PSCI 1.1 it implements for each VM (HVC, or SMC trapped by HCR_EL2.TSC).
 */
#include "arch/arm64/arm64.h"
#include "arch/arm64/sysreg.h"

#define PSCI_VERSION 0x84000000UL
#define PSCI_CPU_OFF 0x84000002UL
#define PSCI_CPU_ON32 0x84000003UL
#define PSCI_AFFINITY_INFO32 0x84000004UL
#define PSCI_AFFINITY_INFO64 0xC4000004UL
#define PSCI_MIGRATE_INFO_TYPE 0x84000006UL
#define PSCI_SYSTEM_RESET 0x84000009UL
#define PSCI_FEATURES 0x8400000AUL

#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMS (-2)
#define PSCI_DENIED (-3)
#define PSCI_ALREADY_ON (-4)
#define PSCI_INVALID_ADDRESS (-9)

int64_t psci_host_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return (int64_t)x0;
}

static bool psci_supported(uint64_t fn)
{
	switch (fn) {
	case PSCI_VERSION: case PSCI_CPU_OFF: case PSCI_CPU_ON32: case PSCI_CPU_ON64:
	case PSCI_AFFINITY_INFO32: case PSCI_AFFINITY_INFO64:
	case PSCI_MIGRATE_INFO_TYPE: case PSCI_SYSTEM_OFF: case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
		return true;
	default:
		return false;
	}
}

/* The vCPU a PSCI target affinity names: Aff0 only, as the guest DT says. */
static struct arm64_vcpu *psci_target(struct arm64_vm *avm, uint64_t mpidr)
{
	if (mpidr & ~0xffUL)
		return NULL;
	return (mpidr < avm->vm.nr_vcpus) ? avm->vcpus[mpidr] : NULL;
}

static int64_t psci_cpu_on(struct arm64_vm *avm, uint64_t mpidr, uint64_t entry,
			   uint64_t ctx)
{
	struct arm64_vcpu *t = psci_target(avm, mpidr);

	if (!t)
		return PSCI_INVALID_PARAMS;
	if (entry < avm->ipa_base || entry - avm->ipa_base >= avm->ram_size)
		return PSCI_INVALID_ADDRESS;
	switch (arm64_vcpu_start(t, entry, ctx)) {
	case 0:
		return PSCI_SUCCESS;
	case -EALREADY:
		return PSCI_ALREADY_ON;
	default:
		return PSCI_DENIED;
	}
}

int psci_guest_call(struct arm64_vcpu *av, struct arm64_regs *r)
{
	struct arm64_vm *avm = vcpu_avm(av);
	uint64_t fn = r->x[0];
	int64_t ret = PSCI_NOT_SUPPORTED;
	struct arm64_vcpu *t;

	if (!(fn & 0x40000000UL)) {
		/* SMC32 calling convention: arguments are 32-bit. */
		r->x[1] &= 0xffffffffUL;
		r->x[2] &= 0xffffffffUL;
		r->x[3] &= 0xffffffffUL;
	}
	switch (fn) {
	case PSCI_VERSION:
		ret = 0x10001;		/* 1.1 */
		break;
	case PSCI_FEATURES:
		ret = psci_supported(r->x[1]) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = 2;		/* no trusted OS needing migration */
		break;
	case PSCI_CPU_ON32:
	case PSCI_CPU_ON64:
		ret = psci_cpu_on(avm, r->x[1], r->x[2], r->x[3]);
		break;
	case PSCI_AFFINITY_INFO32:
	case PSCI_AFFINITY_INFO64:
		t = psci_target(avm, r->x[1]);
		if (!t || r->x[2] != 0)
			ret = PSCI_INVALID_PARAMS;
		else
			ret = t->vcpu.state == VCPU_OFF ? 1 :	/* OFF */
			      t->boot_pending ? 2 : 0;		/* ON_PENDING, ON */
		break;
	case PSCI_CPU_OFF:
		arm64_vcpu_stop(av);
		return TRAP_EXIT;
	case PSCI_SYSTEM_OFF:
		arm64_vm_end(avm, false);
		return TRAP_EXIT;
	case PSCI_SYSTEM_RESET:
		arm64_vm_reset(avm);
		return TRAP_EXIT;
	default:
		break;
	}
	r->x[0] = (uint64_t)ret;
	return TRAP_RESUME;
}
