/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Taking a synchronous exception to a guest's EL1 the way the hardware
 * would (Arm ARM, AArch64.TakeException): which vector, the PSTATE the
 * guest's handler starts with, and the syndrome of the external aborts
 * zarm injects for accesses where a VM has no memory. Plain C (no system
 * registers): traps.c reads the registers, calls these and writes the
 * results back; tests/unit/test_exc_entry.c checks them on the host.
 */
#ifndef ZARM_ARM64_EXC_ENTRY_H
#define ZARM_ARM64_EXC_ENTRY_H

#include <stdbool.h>
#include <stdint.h>

/* PSTATE/SPSR bits (AArch64 layout unless named _A32). */
#define PSR_MODE_MASK 0xfUL
#define PSR_MODE_EL0T 0x0UL
#define PSR_MODE_EL1T 0x4UL
#define PSR_MODE_EL1H 0x5UL
#define PSR_A32 (1UL << 4)		/* M[4]: taken from AArch32 */
#define PSR_F (1UL << 6)
#define PSR_I (1UL << 7)
#define PSR_A (1UL << 8)
#define PSR_D (1UL << 9)
#define PSR_BTYPE (3UL << 10)
#define PSR_SSBS (1UL << 12)
#define PSR_ALLINT (1UL << 13)
#define PSR_IL (1UL << 20)
#define PSR_SS (1UL << 21)
#define PSR_PAN (1UL << 22)
#define PSR_UAO (1UL << 23)
#define PSR_DIT (1UL << 24)
#define PSR_TCO (1UL << 25)
#define PSR_NZCV (0xfUL << 28)
#define PSR_DIT_A32 (1UL << 21)
#define PSR_SSBS_A32 (1UL << 23)

/* SCTLR_EL1 bits that steer exception entry. */
#define SCTLR_SPAN (1UL << 23)
#define SCTLR_DSSBS (1UL << 44)
#define SCTLR_SPINTMASK (1UL << 62)

/* Vector offsets from VBAR_EL1 for a synchronous exception. */
#define VEC_CUR_SP0 0x000UL
#define VEC_CUR_SPX 0x200UL
#define VEC_LOWER_A64 0x400UL
#define VEC_LOWER_A32 0x600UL

/* Exception classes and fault status codes of the injected aborts. */
#define EC_IABT_LOWER 0x20UL
#define EC_IABT_SAME 0x21UL
#define EC_DABT_LOWER 0x24UL
#define EC_DABT_SAME 0x25UL
#define ESR_EC_SHIFT 26
#define ESR_IL_BIT (1UL << 25)
#define ABT_WNR (1UL << 6)
#define FSC_EXT_ABORT 0x10UL		/* not on a translation table walk */
#define FSC_EXT_ABORT_WALK(level) ((level) < 0 ? 0x13UL : 0x14UL + (uint64_t)(level))

/* PSTATE features of the CPU: what exception entry changes depends on them. */
struct exc_cpu_features {
	bool pan, uao, ssbs, bti, mte, nmi;
};

/* Fill @f from ID_AA64MMFR1_EL1, ID_AA64MMFR2_EL1 and ID_AA64PFR1_EL1. */
void exc_features_from_id(struct exc_cpu_features *f, uint64_t mmfr1, uint64_t mmfr2,
			  uint64_t pfr1);

/* True when PSTATE @spsr is EL0 (either execution state). */
static inline bool exc_from_el0(uint64_t spsr)
{
	return (spsr & PSR_A32) || (spsr & PSR_MODE_MASK) == PSR_MODE_EL0T;
}

/* Offset from VBAR_EL1 of the synchronous vector for a guest at PSTATE @spsr. */
uint64_t exc_vector_offset(uint64_t spsr);

/*
 * The guest's PSTATE after taking an exception to EL1 from PSTATE @spsr
 * (SPSR_EL1 gets @spsr itself): D, A, I, F set, EL1h, AArch64; NZCV and
 * DIT kept; SS, IL, UAO and BTYPE cleared; PAN set unless SCTLR_EL1.SPAN;
 * SSBS from SCTLR_EL1.DSSBS; TCO set with MTE; ALLINT from SPINTMASK with
 * FEAT_NMI.
 */
uint64_t exc_entry_pstate(uint64_t spsr, uint64_t sctlr_el1, const struct exc_cpu_features *f);

/*
 * ESR_EL1 of a synchronous external abort taken by a guest at PSTATE
 * @spsr: instruction (@data false) or data abort, from EL0 or EL1, IL = 1,
 * ISV = 0 (ISS[23:14] RES0), EA = 0 (the IMPLEMENTATION DEFINED class
 * "decode error": nothing answers at that address), FnV = 0 (FAR valid),
 * WnR for a data write, and FSC 0x10, or 0x13..0x17 with @walk_level
 * (-1..3) when the abort hit a stage-1 translation table walk (@walk).
 */
uint64_t exc_abort_esr(uint64_t spsr, bool data, bool write, bool walk, int walk_level);

#endif
