/* SPDX-License-Identifier: GPL-2.0-only */
/* Finding the stage-1 walk level of a descriptor read (see s1walk.h). */
#include "arch/arm64/s1walk.h"

#define OA_MASK 0x0000fffffffff000ULL	/* 48-bit output address, 4 KiB aligned */

static uint64_t bswap64(uint64_t v)
{
	uint64_t r = 0;

	for (int i = 0; i < 8; i++)
		r = (r << 8) | ((v >> (8 * i)) & 0xff);
	return r;
}

/* Granule size in bits from TCR_EL1.TG0 (@upper false) or TG1, 0 if reserved. */
static unsigned int granule_bits(uint64_t tcr, bool upper)
{
	unsigned int tg = (unsigned int)(upper ? (tcr >> 30) & 3 : (tcr >> 14) & 3);

	if (upper)
		return tg == 1 ? 14 : tg == 2 ? 12 : tg == 3 ? 16 : 0;
	return tg == 0 ? 12 : tg == 1 ? 16 : tg == 2 ? 14 : 0;
}

int s1walk_fault_level(const struct s1walk_regs *r, uint64_t va, uint64_t fault_page,
		       s1walk_read_fn read, void *ctx)
{
	bool upper = (va >> 55) & 1;
	unsigned int tsz = (unsigned int)((upper ? r->tcr >> 16 : r->tcr) & 0x3f);
	unsigned int g = granule_bits(r->tcr, upper);
	unsigned int stride, inputsize, levels;
	uint64_t table = (upper ? r->ttbr1 : r->ttbr0) & OA_MASK;
	int level;

	if (!g)
		return S1WALK_NONE;
	/* TnSZ below 16 (52-bit VAs) or above 48 are clamped as QEMU and most CPUs do. */
	if (tsz < 16)
		tsz = 16;
	if (tsz > 48)
		tsz = 48;
	stride = g - 3;
	inputsize = 64 - tsz;
	levels = (inputsize - g + stride - 1) / stride;
	level = 4 - (int)levels;
	for (; level <= 3; level++) {
		unsigned int shift = g + stride * (unsigned int)(3 - level);
		unsigned int bits = inputsize - shift < stride ? inputsize - shift : stride;
		uint64_t idx = (va >> shift) & ((1ULL << bits) - 1);
		uint64_t desc_ipa = table + idx * 8;
		uint64_t d;

		if (desc_ipa >> 12 == fault_page)
			return level;
		if (level == 3 || !read(ctx, desc_ipa, &d))
			return S1WALK_NONE;
		if (r->big_endian)
			d = bswap64(d);
		if ((d & 3) != 3)
			return S1WALK_NONE;	/* a block or invalid: the walk ends here */
		table = d & OA_MASK & ~((1ULL << g) - 1);
	}
	return S1WALK_NONE;
}
