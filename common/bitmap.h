/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixed-size bitmaps of unsigned long words. The interrupt queue relies on
 * bitmap_find_first() to find the highest-priority pending class in O(1)
 * for the sizes it uses (a handful of words).
 */
#ifndef ZARM_COMMON_BITMAP_H
#define ZARM_COMMON_BITMAP_H

#include "common/compiler.h"

#define BITS_PER_WORD (8 * sizeof(unsigned long))
#define BITMAP_WORDS(bits) (((bits) + BITS_PER_WORD - 1) / BITS_PER_WORD)
#define DECLARE_BITMAP(name, bits) unsigned long name[BITMAP_WORDS(bits)]

static inline void bitmap_set(unsigned long *map, unsigned int bit)
{
	map[bit / BITS_PER_WORD] |= 1UL << (bit % BITS_PER_WORD);
}

static inline void bitmap_clear(unsigned long *map, unsigned int bit)
{
	map[bit / BITS_PER_WORD] &= ~(1UL << (bit % BITS_PER_WORD));
}

static inline bool bitmap_test(const unsigned long *map, unsigned int bit)
{
	return (map[bit / BITS_PER_WORD] >> (bit % BITS_PER_WORD)) & 1UL;
}

static inline void bitmap_zero(unsigned long *map, unsigned int bits)
{
	for (unsigned int i = 0; i < BITMAP_WORDS(bits); i++)
		map[i] = 0;
}

/* Index of the lowest set bit below @bits, or @bits when none is set. */
static inline unsigned int bitmap_find_first(const unsigned long *map,
					     unsigned int bits)
{
	for (unsigned int i = 0; i < BITMAP_WORDS(bits); i++) {
		if (map[i]) {
			unsigned int bit = i * BITS_PER_WORD +
					   (unsigned int)__builtin_ctzl(map[i]);
			return bit < bits ? bit : bits;
		}
	}
	return bits;
}

/* Index of the lowest set bit at or after @from, or @bits when none. */
static inline unsigned int bitmap_find_next(const unsigned long *map,
					    unsigned int bits,
					    unsigned int from)
{
	while (from < bits) {
		unsigned int i = from / BITS_PER_WORD;
		unsigned long w = map[i] & (~0UL << (from % BITS_PER_WORD));

		if (w) {
			unsigned int bit = i * BITS_PER_WORD +
					   (unsigned int)__builtin_ctzl(w);
			return bit < bits ? bit : bits;
		}
		from = (i + 1) * BITS_PER_WORD;
	}
	return bits;
}

static inline bool bitmap_empty(const unsigned long *map, unsigned int bits)
{
	return bitmap_find_first(map, bits) == bits;
}

#endif
