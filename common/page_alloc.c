/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical page allocator: see common/page_alloc.h for the contract.
 * Every entry point validates completely before it changes a bit, so an
 * error leaves the map exactly as it was.
 */
#include "common/compiler.h"
#include "common/errno.h"
#include "common/page_alloc.h"

int page_alloc_init(struct page_alloc *pa, uint64_t base, uint64_t size,
		    unsigned long *map, size_t map_words)
{
	uint64_t npages = size >> PAGE_SHIFT;
	size_t words;

	if (!pa || !map || !size || !IS_ALIGNED(base, PAGE_SIZE) ||
	    !IS_ALIGNED(size, PAGE_SIZE) || range_wraps(base, size) ||
	    npages > PAGE_ALLOC_MAX_PAGES)
		return -EINVAL;
	words = BITMAP_WORDS((size_t)npages);
	if (map_words < 2 * words)
		return -ENOSPC;

	spin_lock_init(&pa->lock);
	pa->base = base;
	pa->npages = (unsigned int)npages;
	pa->used = map;
	pa->head = map + words;
	bitmap_zero(pa->used, pa->npages);
	bitmap_zero(pa->head, pa->npages);
	pa->stats = (struct page_alloc_stats){
		.total_pages = (size_t)npages,
		.free_pages = (size_t)npages,
	};
	return 0;
}

/* Mark [idx, idx + n) as one allocation; the caller checked it is free. */
static void mark_used(struct page_alloc *pa, unsigned int idx, unsigned int n)
{
	for (unsigned int i = idx; i < idx + n; i++)
		bitmap_set(pa->used, i);
	bitmap_set(pa->head, idx);
	pa->stats.free_pages -= n;
	pa->stats.allocs++;
}

/* First used page in [idx, idx + n), or idx + n if all are free. */
static unsigned int first_used(const struct page_alloc *pa, unsigned int idx,
			       unsigned int n)
{
	return bitmap_find_next(pa->used, idx + n, idx);
}

/* True when every page in [idx, end) is in use. */
static bool all_used(const struct page_alloc *pa, unsigned int idx,
		     unsigned int end)
{
	for (unsigned int i = idx; i < end; i++) {
		if (!bitmap_test(pa->used, i))
			return false;
	}
	return true;
}

/* Index of the first page at or after @from whose address is aligned. */
static uint64_t next_aligned(const struct page_alloc *pa, uint64_t from,
			     uint64_t align_pages)
{
	/* Page frame numbers are below 2^52, so none of this can wrap. */
	uint64_t pfn = (pa->base >> PAGE_SHIFT) + from;

	return ALIGN_UP(pfn, align_pages) - (pa->base >> PAGE_SHIFT);
}

int page_alloc_pages(struct page_alloc *pa, size_t npages,
		     unsigned int align_order, uint64_t *addr)
{
	uint64_t align_pages, idx;
	int ret = -ENOMEM;

	spin_lock(&pa->lock);
	if (!npages || align_order > PAGE_ALLOC_MAX_ORDER || !addr) {
		ret = -EINVAL;
		goto out;
	}
	if (npages > pa->stats.free_pages)
		goto out;
	align_pages = UINT64_C(1) << align_order;
	idx = next_aligned(pa, 0, align_pages);
	/* npages <= free pages <= npages of the range: no overflow below. */
	while (idx + npages <= pa->npages) {
		unsigned int hit = first_used(pa, (unsigned int)idx,
					      (unsigned int)npages);

		if (hit == idx + npages) {
			mark_used(pa, (unsigned int)idx, (unsigned int)npages);
			*addr = pa->base + (idx << PAGE_SHIFT);
			ret = 0;
			goto out;
		}
		/* Nothing can start at or before the busy page: skip past it. */
		idx = next_aligned(pa, (uint64_t)hit + 1, align_pages);
	}
out:
	if (ret)
		pa->stats.failed_allocs++;
	spin_unlock(&pa->lock);
	return ret;
}

/* Page index of [addr, addr + npages pages) if wholly inside, else -1. */
static int64_t range_index(const struct page_alloc *pa, uint64_t addr,
			   size_t npages)
{
	uint64_t off;

	if (!npages || !IS_ALIGNED(addr, PAGE_SIZE) || addr < pa->base)
		return -1;
	off = (addr - pa->base) >> PAGE_SHIFT;
	if (off >= pa->npages || npages > pa->npages - off)
		return -1;
	return (int64_t)off;
}

int page_free_pages(struct page_alloc *pa, uint64_t addr, size_t npages)
{
	int64_t off;
	unsigned int idx, n, end;
	int ret = 0;

	spin_lock(&pa->lock);
	off = range_index(pa, addr, npages);
	if (off < 0) {
		ret = -EINVAL;
		goto out;
	}
	idx = (unsigned int)off;
	n = (unsigned int)npages;
	end = idx + n;
	if (!bitmap_test(pa->used, idx)) {
		ret = -EALREADY;
		goto out;
	}
	if (!bitmap_test(pa->head, idx)) {
		ret = -EINVAL;
		goto out;
	}
	/* Exactly one allocation: used throughout, no other head inside... */
	if (bitmap_find_next(pa->head, end, idx + 1) != end ||
	    !all_used(pa, idx, end)) {
		ret = -EINVAL;
		goto out;
	}
	/* ...and it does not continue past the end. */
	if (end < pa->npages && bitmap_test(pa->used, end) &&
	    !bitmap_test(pa->head, end)) {
		ret = -EINVAL;
		goto out;
	}
	for (unsigned int i = idx; i < end; i++)
		bitmap_clear(pa->used, i);
	bitmap_clear(pa->head, idx);
	pa->stats.free_pages += n;
	pa->stats.frees++;
out:
	if (ret)
		pa->stats.refused_frees++;
	spin_unlock(&pa->lock);
	return ret;
}

int page_reserve_pages(struct page_alloc *pa, uint64_t addr, size_t npages)
{
	int64_t off;
	int ret = 0;

	spin_lock(&pa->lock);
	off = range_index(pa, addr, npages);
	if (off < 0)
		ret = -EINVAL;
	else if (first_used(pa, (unsigned int)off, (unsigned int)npages) !=
		 (unsigned int)off + npages)
		ret = -EBUSY;
	else
		mark_used(pa, (unsigned int)off, (unsigned int)npages);
	if (ret)
		pa->stats.failed_allocs++;
	spin_unlock(&pa->lock);
	return ret;
}

void page_alloc_get_stats(struct page_alloc *pa, struct page_alloc_stats *out)
{
	spin_lock(&pa->lock);
	*out = pa->stats;
	spin_unlock(&pa->lock);
}
