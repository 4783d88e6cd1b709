/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical page allocator over one caller-given range.
 *
 * Hands out runs of contiguous 4 KiB pages, aligned to a power of two of
 * the physical address (stage-2 tables and s390 segment tables need that).
 * State is two bitmaps in caller storage: "in use" and "first page of an
 * allocation". The second one lets a free check that it names exactly one
 * earlier allocation, so a double free or a free of someone else's pages
 * is refused with an error instead of silently corrupting the map.
 *
 * It only does bookkeeping: it never reads or writes the pages (clearing
 * them is up to the caller, who knows how to reach them). First fit from
 * the lowest address, O(pages) per call: fine for boot and VM creation,
 * which is where zarm allocates. Calls are serialised by an internal lock.
 */
#ifndef ZARM_COMMON_PAGE_ALLOC_H
#define ZARM_COMMON_PAGE_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#include "common/bitmap.h"
#include "common/spinlock.h"

#ifndef PAGE_SHIFT
#define PAGE_SHIFT 12
#endif
#ifndef PAGE_SIZE
#define PAGE_SIZE (UINT64_C(1) << PAGE_SHIFT)
#endif

/* Largest alignment order accepted (alignment = PAGE_SIZE << order). */
#define PAGE_ALLOC_MAX_ORDER (63 - PAGE_SHIFT)
/* Most pages one allocator manages (bitmap indices are unsigned int). */
#define PAGE_ALLOC_MAX_PAGES (UINT32_C(1) << 31)
/* unsigned long words of caller storage needed for @npages pages. */
#define PAGE_ALLOC_MAP_WORDS(npages) (2 * BITMAP_WORDS(npages))

struct page_alloc_stats {
	size_t total_pages;
	size_t free_pages;
	uint64_t allocs;		/* successful allocations and reservations */
	uint64_t frees;			/* successful frees */
	uint64_t failed_allocs;		/* refused allocations and reservations */
	uint64_t refused_frees;		/* double, foreign or mis-sized frees */
};

struct page_alloc {
	struct spinlock lock;
	uint64_t base;			/* physical address of page 0 */
	unsigned int npages;
	unsigned long *used;		/* bit set: page is allocated */
	unsigned long *head;		/* bit set: first page of an allocation */
	struct page_alloc_stats stats;
};

/*
 * Manage [@base, @base + @size). Both must be multiples of PAGE_SIZE,
 * @size non-zero, the range must not wrap and must hold at most
 * PAGE_ALLOC_MAX_PAGES pages. @map (@map_words unsigned longs, at least
 * PAGE_ALLOC_MAP_WORDS(pages)) must stay valid as long as @pa is used.
 * All pages start free. Returns 0, -EINVAL or -ENOSPC (map too small).
 */
int page_alloc_init(struct page_alloc *pa, uint64_t base, uint64_t size,
		    unsigned long *map, size_t map_words);

/*
 * Allocate @npages contiguous pages whose physical address is a multiple
 * of PAGE_SIZE << @align_order; the lowest such run is chosen. On success
 * stores the address in *@addr and returns 0. Returns -EINVAL (no pages,
 * order above PAGE_ALLOC_MAX_ORDER) or -ENOMEM (no such free run).
 */
int page_alloc_pages(struct page_alloc *pa, size_t npages,
		     unsigned int align_order, uint64_t *addr);

/*
 * Free an allocation made by page_alloc_pages() or page_reserve_pages():
 * @addr and @npages must be exactly those of one allocation. Returns 0,
 * -EALREADY when the page at @addr is free (a double free), or -EINVAL
 * when @addr is outside the range, not page aligned, not the start of an
 * allocation, or @npages is not its size. Nothing changes on error.
 */
int page_free_pages(struct page_alloc *pa, uint64_t addr, size_t npages);

/*
 * Mark [@addr, @addr + @npages pages) in use as one allocation (e.g. the
 * hypervisor image or the device tree inside the range). Returns 0,
 * -EINVAL (not page aligned, empty, or not wholly inside the range) or
 * -EBUSY (some page already in use). Nothing changes on error.
 */
int page_reserve_pages(struct page_alloc *pa, uint64_t addr, size_t npages);

/* A consistent snapshot of the counters. */
void page_alloc_get_stats(struct page_alloc *pa, struct page_alloc_stats *out);

#endif
