/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host RAM for zarm's own structures (page tables, VMs, vCPUs) and for
 * guest RAM, from one common/page_alloc over the machine's memory, after
 * reserving what is already in use: zarm's image, the device tree, the
 * guest images and initrds the loader placed.
 */
#include "arch/arm64/arm64.h"
#include "common/page_alloc.h"

#define RAM_MAX_PAGES (1UL << 20)	/* 4 GiB managed */

static struct page_alloc ram;
static unsigned long ram_map[PAGE_ALLOC_MAP_WORDS(RAM_MAX_PAGES)];
static uint64_t ram_lo, ram_hi;

int ram_init(uint64_t base, uint64_t size)
{
	if (size > RAM_MAX_PAGES * PAGE_SIZE)
		size = RAM_MAX_PAGES * PAGE_SIZE;
	ram_lo = base;
	ram_hi = base + size;
	return page_alloc_init(&ram, base, size, ram_map, ARRAY_SIZE(ram_map));
}

int ram_reserve(uint64_t base, uint64_t size)
{
	uint64_t lo = ALIGN_DOWN(base, PAGE_SIZE), hi;

	if (size == 0 || range_wraps(base, size))
		return size ? -EINVAL : 0;
	hi = ALIGN_UP(base + size, PAGE_SIZE);
	lo = MAX(lo, ram_lo);
	hi = MIN(hi, ram_hi);
	if (lo >= hi)
		return 0;		/* not in managed RAM */
	return page_reserve_pages(&ram, lo, (hi - lo) / PAGE_SIZE);
}

uint64_t ram_alloc_limit(void)
{
	return ram_hi - ram_lo;
}

uint64_t ram_alloc(uint64_t size, uint64_t align)
{
	unsigned int order = 0;
	uint64_t addr;

	while ((PAGE_SIZE << order) < align)
		order++;
	if (page_alloc_pages(&ram, ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE, order, &addr))
		return 0;
	return addr;
}

void *heap_alloc_aligned(size_t size, size_t align)
{
	uint64_t p = ram_alloc(size, align);

	if (!p)
		return NULL;
	memset((void *)p, 0, ALIGN_UP(size, PAGE_SIZE));
	return (void *)p;
}

void *heap_alloc_zeroed(size_t size)
{
	return heap_alloc_aligned(size, PAGE_SIZE);
}
