/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stage-2 translation, one table per VM: 4 KiB granule, 40-bit IPA (T0SZ
 * 24), walks starting at level 1 with two concatenated root tables. Guest
 * RAM is mapped as Normal write-back memory with 2 MiB blocks where the
 * alignment allows, 4 KiB pages elsewhere. Anything unmapped faults to EL2.
 */
#include "arch/arm64/arm64.h"
#include "arch/arm64/sysreg.h"

/* T0SZ 24, SL0 1 (level 1), inner/outer WBWA, inner shareable, 4K, 40-bit PS. */
#define VTCR_VALUE 0x80023558UL
#define S2_VALID 1UL
#define S2_TABLE 3UL
#define S2_PAGE 3UL
/* MemAttr 0b1111 (Normal WB), S2AP read/write, inner shareable, AF. */
#define S2_NORMAL_RW 0x7fcUL
#define IPA_LIMIT (1UL << 40)
#define L1_ENTRIES 1024
#define ADDR_MASK 0x0000fffffffff000UL

static uint64_t *s2_next_table(uint64_t *entry)
{
	uint64_t *t;

	if ((*entry & 3) == S2_TABLE)
		return (uint64_t *)(*entry & ADDR_MASK);
	if (*entry & S2_VALID)
		return NULL;		/* a block is already there */
	t = heap_alloc_zeroed(4096);
	if (!t)
		return NULL;
	*entry = (uint64_t)t | S2_TABLE;
	return t;
}

int stage2_init(struct arm64_vm *avm, unsigned int vmid)
{
	if (vmid == 0 || vmid > 255)
		return -EINVAL;
	avm->s2_root = heap_alloc_aligned(L1_ENTRIES * 8, L1_ENTRIES * 8);
	if (!avm->s2_root)
		return -ENOMEM;
	avm->vttbr = (uint64_t)avm->s2_root | ((uint64_t)vmid << 48);
	return 0;
}

int stage2_map(struct arm64_vm *avm, uint64_t ipa, uint64_t pa, uint64_t size)
{
	uint64_t end;

	if (!IS_ALIGNED(ipa | pa | size, 4096UL) || size == 0 ||
	    add_overflows(ipa, size, &end) || end > IPA_LIMIT)
		return -EINVAL;
	while (ipa < end) {
		uint64_t *l2 = s2_next_table(&avm->s2_root[ipa >> 30]);
		uint64_t *e;

		if (!l2)
			return -ENOMEM;
		e = &l2[(ipa >> 21) & 511];
		if (IS_ALIGNED(ipa | pa, 1UL << 21) && end - ipa >= (1UL << 21) &&
		    !(*e & S2_VALID)) {
			*e = pa | S2_NORMAL_RW | S2_VALID;
			ipa += 1UL << 21;
			pa += 1UL << 21;
			continue;
		}
		{
			uint64_t *l3 = s2_next_table(e);

			if (!l3)
				return -ENOMEM;
			l3[(ipa >> 12) & 511] = pa | S2_NORMAL_RW | S2_PAGE;
		}
		ipa += 4096;
		pa += 4096;
	}
	dsb(ishst);
	return 0;
}

/*
 * Remove @size bytes at @ipa from @avm's stage 2 (pages lent away): a
 * 2 MiB block is split into pages first (break-before-make), then the
 * pages are cleared and every CPU's TLBs for guests are invalidated.
 * Unmapping what is not mapped is harmless.
 */
int stage2_unmap(struct arm64_vm *avm, uint64_t ipa, uint64_t size)
{
	uint64_t end;

	if (!IS_ALIGNED(ipa | size, 4096UL) || size == 0 ||
	    add_overflows(ipa, size, &end) || end > IPA_LIMIT)
		return -EINVAL;
	for (; ipa < end; ipa += 4096) {
		uint64_t l1 = avm->s2_root[ipa >> 30], *l2, *e, *l3;

		if ((l1 & 3) != S2_TABLE)
			continue;
		l2 = (uint64_t *)(l1 & ADDR_MASK);
		e = &l2[(ipa >> 21) & 511];
		if (!(*e & S2_VALID))
			continue;
		if ((*e & 3) != S2_TABLE) {
			uint64_t block = *e & ADDR_MASK & ~((1UL << 21) - 1);

			l3 = heap_alloc_aligned(4096, 4096);
			if (!l3)
				return -ENOMEM;
			for (unsigned int i = 0; i < 512; i++)
				l3[i] = (block + i * 4096UL) | S2_NORMAL_RW | S2_PAGE;
			*e = 0;
			dsb(ishst);
			__asm__ volatile("tlbi alle1is" ::: "memory");
			dsb(ish);
			*e = (uint64_t)l3 | S2_TABLE;
		}
		l3 = (uint64_t *)(*e & ADDR_MASK);
		l3[(ipa >> 12) & 511] = 0;
	}
	dsb(ishst);
	__asm__ volatile("tlbi alle1is" ::: "memory");
	dsb(ish);
	isb();
	return 0;
}

/* Program this CPU for @avm's stage 2 (called when one of its vCPUs is loaded). */
void stage2_load(const struct arm64_vm *avm)
{
	write_sysreg(vtcr_el2, VTCR_VALUE);
	write_sysreg(vttbr_el2, avm->vttbr);
	isb();
}
