/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Constants shared by assembly and C: stack size and the byte offsets of
 * struct arm64_regs (arch/arm64/arm64.h checks them with static asserts).
 */
#ifndef ZARM_ARM64_ASM_H
#define ZARM_ARM64_ASM_H

#define ARM64_MAX_CPUS 8
#define ARM64_STACK_SIZE 16384

#define REGS_X(n) ((n) * 8)
#define REGS_ELR 248
#define REGS_SPSR 256
#define REGS_SIZE 272

/* Return codes of the C trap handlers to the vector code. */
#define TRAP_RESUME 0
#define TRAP_EXIT 1
#define TRAP_FULL 2

/*
 * The null hypercall (ZARM_HC_NULL, arch/arm64/hypercall.h) as the vectors
 * test it: ESR_EL2.EC of HVC64 and x0's upper half (its lower half is 0).
 */
#define EC_HVC64_ASM 0x16
#define HC_NULL_HI16 0x8600

#endif
