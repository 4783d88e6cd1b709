/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * EL2 stage-1 translation: an identity map of the low 16 GiB with 1 GiB
 * blocks, device memory below 1 GiB (GIC, UART) and Normal write-back
 * memory above (RAM on the virt board). With the MMU off every access is
 * Device memory, where unaligned accesses fault on real hardware.
 */
#include "arch/arm64/arm64.h"
#include "arch/arm64/sysreg.h"

#define MAIR_VALUE 0xff00UL		/* attr0 Device-nGnRnE, attr1 Normal WB */
#define PTE_BLOCK 1UL
#define PTE_ATTR(i) ((uint64_t)(i) << 2)
#define PTE_SH_INNER (3UL << 8)
#define PTE_AF (1UL << 10)
#define PTE_XN (1UL << 54)
/* T0SZ 25 (39-bit VA, walk starts at level 1), WBWA inner shareable, 40-bit PA. */
#define TCR_VALUE ((1UL << 31) | (1UL << 23) | (2UL << 16) | (3UL << 12) | \
		   (1UL << 10) | (1UL << 8) | 25UL)
#define SCTLR_RES1 0x30c50830UL
#define SCTLR_M (1UL << 0)
#define SCTLR_C (1UL << 2)
#define SCTLR_SA (1UL << 3)
#define SCTLR_I (1UL << 12)

static uint64_t el2_l1[512] __attribute__((aligned(4096)));

void mmu_build_tables(void)
{
	el2_l1[0] = 0 | PTE_BLOCK | PTE_ATTR(0) | PTE_AF | PTE_XN;
	for (uint64_t i = 1; i < 16; i++)
		el2_l1[i] = (i << 30) | PTE_BLOCK | PTE_ATTR(1) | PTE_AF | PTE_SH_INNER;
	dsb(sy);
}

void mmu_enable(void)
{
	__asm__ volatile("tlbi alle2" ::: "memory");
	dsb(sy);
	write_sysreg(mair_el2, MAIR_VALUE);
	write_sysreg(tcr_el2, TCR_VALUE);
	write_sysreg(ttbr0_el2, (uint64_t)el2_l1);
	isb();
	write_sysreg(sctlr_el2, SCTLR_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I);
	isb();
}

void dcache_clean_range(uint64_t start, uint64_t size)
{
	for (uint64_t a = start & ~63UL; a < start + size; a += 64)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	dsb(sy);
	__asm__ volatile("ic iallu" ::: "memory");
	dsb(sy);
	isb();
}
