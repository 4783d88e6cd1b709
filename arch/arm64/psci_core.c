/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PSCI 1.1 for a VM and SMCCC routing, as plain C (see psci_core.h).
 */
#include "arch/arm64/psci_core.h"

#include "arch/arm64/hypercall.h"
#include "common/errno.h"

enum smccc_service smccc_route(uint64_t fn)
{
	if (fn == ZARM_HC_NULL)
		return SMCCC_ZARM_NULL;
	/* PSCI owns 0x84000000-0x8400001f and its SMC64 twin. */
	if ((fn & ~0x4000001fUL) == 0x84000000UL)
		return SMCCC_PSCI;
	if (fn == ZARM_HC_TEST_SPI_LEVEL)
		return SMCCC_ZARM_TEST_SPI;
	if (fn == SMCCC_VERSION)
		return SMCCC_VERSION_CALL;
	return SMCCC_UNKNOWN;
}

bool psci_supported(uint64_t fn)
{
	switch (fn) {
	case PSCI_FN_VERSION: case PSCI_FN_CPU_OFF: case PSCI_FN_CPU_ON32:
	case PSCI_FN_CPU_ON64: case PSCI_FN_AFFINITY_INFO32:
	case PSCI_FN_AFFINITY_INFO64: case PSCI_FN_MIGRATE_INFO_TYPE:
	case PSCI_FN_SYSTEM_OFF: case PSCI_FN_SYSTEM_RESET:
	case PSCI_FN_FEATURES:
		return true;
	default:
		return false;
	}
}

/* The vCPU a target affinity names: Aff0 only, as the guest DT says. */
static int psci_target(const struct psci_vm *vm, uint64_t mpidr)
{
	if (mpidr & ~0xffUL)
		return -1;
	return mpidr < vm->nr_vcpus ? (int)mpidr : -1;
}

static int64_t psci_cpu_on(const struct psci_vm *vm,
			   const struct psci_ops *ops, uint64_t mpidr,
			   uint64_t entry, uint64_t context)
{
	int t = psci_target(vm, mpidr);

	if (t < 0)
		return PSCI_RET_INVALID_PARAMS;
	if (entry < vm->ram_base || entry - vm->ram_base >= vm->ram_size)
		return PSCI_RET_INVALID_ADDRESS;
	switch (ops->cpu_on(ops->ctx, (unsigned int)t, entry, context)) {
	case 0:
		return PSCI_RET_SUCCESS;
	case -EALREADY:
		return PSCI_RET_ALREADY_ON;
	default:
		return PSCI_RET_DENIED;
	}
}

bool psci_handle(const struct psci_vm *vm, const struct psci_ops *ops,
		 uint64_t x[4])
{
	uint64_t fn = x[0];
	int64_t ret = PSCI_RET_NOT_SUPPORTED;
	int t;

	if (!(fn & 0x40000000UL)) {
		/* SMC32 calling convention: arguments are 32-bit. */
		x[1] &= 0xffffffffUL;
		x[2] &= 0xffffffffUL;
		x[3] &= 0xffffffffUL;
	}
	switch (fn) {
	case PSCI_FN_VERSION:
		ret = 0x10001;		/* 1.1 */
		break;
	case PSCI_FN_FEATURES:
		ret = psci_supported(x[1]) ? PSCI_RET_SUCCESS
					   : PSCI_RET_NOT_SUPPORTED;
		break;
	case PSCI_FN_MIGRATE_INFO_TYPE:
		ret = 2;		/* no trusted OS needing migration */
		break;
	case PSCI_FN_CPU_ON32:
	case PSCI_FN_CPU_ON64:
		ret = psci_cpu_on(vm, ops, x[1], x[2], x[3]);
		break;
	case PSCI_FN_AFFINITY_INFO32:
	case PSCI_FN_AFFINITY_INFO64:
		t = psci_target(vm, x[1]);
		if (t < 0 || x[2] != 0)
			ret = PSCI_RET_INVALID_PARAMS;
		else
			ret = ops->affinity(ops->ctx, (unsigned int)t);
		break;
	case PSCI_FN_CPU_OFF:
		ops->cpu_off(ops->ctx);
		return true;
	case PSCI_FN_SYSTEM_OFF:
		ops->system_off(ops->ctx);
		return true;
	case PSCI_FN_SYSTEM_RESET:
		ops->system_reset(ops->ctx);
		return true;
	default:
		break;
	}
	x[0] = (uint64_t)ret;
	return false;
}
