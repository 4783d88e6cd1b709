/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest side of PSCI 1.1 and of zarm's SMCCC calls, as plain C: which
 * service a function id in an HVC (or a trapped SMC) goes to, and PSCI's
 * argument decoding, validation and answers. What needs the machine
 * (starting or stopping a vCPU, a vCPU's power state, ending or
 * resetting the VM) goes through struct psci_ops, which psci.c fills;
 * tests/fuzz/psci_fuzz.c drives this file on the build machine with a
 * fake one. No asm, no system registers.
 */
#ifndef ZARM_ARCH_ARM64_PSCI_CORE_H
#define ZARM_ARCH_ARM64_PSCI_CORE_H

#include <stdbool.h>
#include <stdint.h>

/* PSCI function ids (DEN0022D); bit 30 set: the SMC64 form. */
#define PSCI_FN_VERSION 0x84000000UL
#define PSCI_FN_CPU_OFF 0x84000002UL
#define PSCI_FN_CPU_ON32 0x84000003UL
#define PSCI_FN_CPU_ON64 0xC4000003UL
#define PSCI_FN_AFFINITY_INFO32 0x84000004UL
#define PSCI_FN_AFFINITY_INFO64 0xC4000004UL
#define PSCI_FN_MIGRATE_INFO_TYPE 0x84000006UL
#define PSCI_FN_SYSTEM_OFF 0x84000008UL
#define PSCI_FN_SYSTEM_RESET 0x84000009UL
#define PSCI_FN_FEATURES 0x8400000AUL

/* Return codes. */
#define PSCI_RET_SUCCESS 0
#define PSCI_RET_NOT_SUPPORTED (-1)
#define PSCI_RET_INVALID_PARAMS (-2)
#define PSCI_RET_DENIED (-3)
#define PSCI_RET_ALREADY_ON (-4)
#define PSCI_RET_INVALID_ADDRESS (-9)

/* AFFINITY_INFO answers. */
#define PSCI_AFF_ON 0
#define PSCI_AFF_OFF 1
#define PSCI_AFF_ON_PENDING 2

/* Where an HVC / trapped SMC function id goes (FF-A is routed before). */
enum smccc_service {
	SMCCC_ZARM_NULL,        /* ZARM_HC_NULL: answer 0 */
	SMCCC_PSCI,             /* psci_handle() */
	SMCCC_ZARM_TEST_SPI,    /* ZARM_HC_TEST_SPI_LEVEL */
	SMCCC_VERSION_CALL,     /* SMCCC_VERSION: answer 1.1 */
	SMCCC_UNKNOWN,          /* answer NOT_SUPPORTED (-1) */
};

enum smccc_service smccc_route(uint64_t fn);

/* What a VM looks like to PSCI. */
struct psci_vm {
	unsigned int nr_vcpus;  /* MPIDR Aff0 0..nr_vcpus-1, others 0 */
	uint64_t ram_base;      /* guest physical RAM: entry points in it */
	uint64_t ram_size;
};

struct psci_ops {
	/* Start @vcpu at @entry with x0 = @context: 0, -EALREADY (on or
	 * pending) or another error (DENIED). */
	int (*cpu_on)(void *ctx, unsigned int vcpu, uint64_t entry,
		      uint64_t context);
	/* PSCI_AFF_ON, _OFF or _ON_PENDING. */
	int (*affinity)(void *ctx, unsigned int vcpu);
	void (*cpu_off)(void *ctx);     /* the calling vCPU */
	void (*system_off)(void *ctx);
	void (*system_reset)(void *ctx);
	void *ctx;
};

/*
 * One PSCI call in @x[0..3] (function id, arguments) from a vCPU of @vm.
 * SMC32 ids take 32-bit arguments: x1-x3 are truncated in place, as the
 * calling convention has them. Validates everything before calling any op.
 * Returns true when the call ended the vCPU's run (CPU_OFF, SYSTEM_OFF,
 * SYSTEM_RESET: x[0] untouched), else false with the answer in x[0].
 */
bool psci_handle(const struct psci_vm *vm, const struct psci_ops *ops,
		 uint64_t x[4]);

/* Whether PSCI_FEATURES says @fn is implemented. */
bool psci_supported(uint64_t fn);

#endif
