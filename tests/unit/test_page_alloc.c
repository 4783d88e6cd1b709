/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for common/page_alloc.c, ending in a long randomized run
 * against a deliberately naive reference allocator (an array of bools
 * and a list of live blocks) that must pick the very same addresses.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/page_alloc.h"
#include "tests/unit/unit_test.h"

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	return unit_test_rand(&rng_state);
}

#define P(n) ((uint64_t)(n) * PAGE_SIZE)

/* 0x40003000: deliberately not aligned to anything above one page. */
#define BASE 0x40003000ULL
#define NPAGES 300
static unsigned long map[PAGE_ALLOC_MAP_WORDS(NPAGES)];
static struct page_alloc pa;

static void setup(void)
{
	memset(map, 0xff, sizeof(map));	/* init must clear it */
	ck_assert_int_eq(page_alloc_init(&pa, BASE, P(NPAGES), map,
					 PAGE_ALLOC_MAP_WORDS(NPAGES)), 0);
}

static struct page_alloc_stats stats(void)
{
	struct page_alloc_stats s;

	page_alloc_get_stats(&pa, &s);
	return s;
}

START_TEST(test_init_validation)
{
	struct page_alloc p;
	unsigned long m[PAGE_ALLOC_MAP_WORDS(64)];

	ck_assert_int_eq(page_alloc_init(&p, 0x1000, P(64), m, ARRAY_SIZE(m)), 0);
	ck_assert_int_eq(page_alloc_init(&p, 0x1001, P(64), m, ARRAY_SIZE(m)), -EINVAL);
	ck_assert_int_eq(page_alloc_init(&p, 0x1000, P(64) + 1, m, ARRAY_SIZE(m)), -EINVAL);
	ck_assert_int_eq(page_alloc_init(&p, 0x1000, 0, m, ARRAY_SIZE(m)), -EINVAL);
	ck_assert_int_eq(page_alloc_init(&p, 0x1000, P(64), NULL, ARRAY_SIZE(m)), -EINVAL);
	ck_assert_int_eq(page_alloc_init(&p, UINT64_MAX - P(2) + 1, P(4), m,
					 ARRAY_SIZE(m)), -EINVAL);
	/* Ending exactly at 2^64 counts as wrapping. */
	ck_assert_int_eq(page_alloc_init(&p, UINT64_MAX - P(2) + 1, P(2), m,
					 ARRAY_SIZE(m)), -EINVAL);
	ck_assert_int_eq(page_alloc_init(&p, 0, P(PAGE_ALLOC_MAX_PAGES) + PAGE_SIZE,
					 m, ARRAY_SIZE(m)), -EINVAL);
	ck_assert_int_eq(page_alloc_init(&p, 0x1000, P(64), m, ARRAY_SIZE(m) - 1),
			 -ENOSPC);
	ck_assert_int_eq(page_alloc_init(&p, 0x1000, P(65), m, ARRAY_SIZE(m)), -ENOSPC);
}
END_TEST

START_TEST(test_alloc_free_counters)
{
	uint64_t a, b;
	struct page_alloc_stats s = stats();

	ck_assert_uint_eq(s.total_pages, NPAGES);
	ck_assert_uint_eq(s.free_pages, NPAGES);
	ck_assert_int_eq(page_alloc_pages(&pa, 3, 0, &a), 0);
	ck_assert_uint_eq(a, BASE);
	ck_assert_int_eq(page_alloc_pages(&pa, 1, 0, &b), 0);
	ck_assert_uint_eq(b, BASE + P(3));
	s = stats();
	ck_assert_uint_eq(s.free_pages, NPAGES - 4);
	ck_assert_uint_eq(s.allocs, 2);
	ck_assert_int_eq(page_free_pages(&pa, a, 3), 0);
	s = stats();
	ck_assert_uint_eq(s.free_pages, NPAGES - 1);
	ck_assert_uint_eq(s.frees, 1);
	/* The hole is reused first (lowest address). */
	ck_assert_int_eq(page_alloc_pages(&pa, 2, 0, &a), 0);
	ck_assert_uint_eq(a, BASE);
}
END_TEST

START_TEST(test_alignment_is_physical)
{
	uint64_t a;

	/* BASE is 0x40003000: the first 64 KiB boundary is 0x40010000. */
	ck_assert_int_eq(page_alloc_pages(&pa, 1, 4, &a), 0);
	ck_assert_uint_eq(a, 0x40010000ULL);
	ck_assert_int_eq(page_alloc_pages(&pa, 2, 1, &a), 0);
	ck_assert_uint_eq(a, 0x40004000ULL);
	ck_assert_int_eq(page_alloc_pages(&pa, 16, 4, &a), 0);
	ck_assert_uint_eq(a, 0x40020000ULL);
	ck_assert_int_eq(page_alloc_pages(&pa, 1, 0, &a), 0);
	ck_assert_uint_eq(a, 0x40003000ULL);
	/* 1 MiB alignment: 0x40100000 is page 253 of 300. */
	ck_assert_int_eq(page_alloc_pages(&pa, 47, 8, &a), 0);
	ck_assert_uint_eq(a, 0x40100000ULL);
	ck_assert_int_eq(page_alloc_pages(&pa, 1, 8, &a), -ENOMEM);
}
END_TEST

START_TEST(test_exhaustion_and_bad_requests)
{
	uint64_t a = 0x1234;
	struct page_alloc_stats s;

	ck_assert_int_eq(page_alloc_pages(&pa, NPAGES + 1, 0, &a), -ENOMEM);
	ck_assert_int_eq(page_alloc_pages(&pa, 0, 0, &a), -EINVAL);
	ck_assert_int_eq(page_alloc_pages(&pa, 1, PAGE_ALLOC_MAX_ORDER + 1, &a), -EINVAL);
	ck_assert_int_eq(page_alloc_pages(&pa, SIZE_MAX, 0, &a), -ENOMEM);
	ck_assert_int_eq(page_alloc_pages(&pa, 1, PAGE_ALLOC_MAX_ORDER, &a), -ENOMEM);
	ck_assert_uint_eq(a, 0x1234);
	s = stats();
	ck_assert_uint_eq(s.failed_allocs, 5);
	ck_assert_uint_eq(s.free_pages, NPAGES);
	ck_assert_int_eq(page_alloc_pages(&pa, NPAGES, 0, &a), 0);
	ck_assert_int_eq(page_alloc_pages(&pa, 1, 0, &a), -ENOMEM);
	ck_assert_int_eq(page_free_pages(&pa, BASE, NPAGES), 0);
	ck_assert_uint_eq(stats().free_pages, NPAGES);
}
END_TEST

START_TEST(test_double_free_refused)
{
	uint64_t a;

	ck_assert_int_eq(page_alloc_pages(&pa, 4, 0, &a), 0);
	ck_assert_int_eq(page_free_pages(&pa, a, 4), 0);
	ck_assert_int_eq(page_free_pages(&pa, a, 4), -EALREADY);
	ck_assert_uint_eq(stats().refused_frees, 1);
	ck_assert_uint_eq(stats().free_pages, NPAGES);
	ck_assert_uint_eq(stats().frees, 1);
}
END_TEST

START_TEST(test_foreign_frees_refused)
{
	uint64_t a, b;

	ck_assert_int_eq(page_alloc_pages(&pa, 4, 0, &a), 0);
	ck_assert_int_eq(page_alloc_pages(&pa, 2, 0, &b), 0);
	ck_assert_uint_eq(b, a + P(4));
	/* Outside the range, below and above; misaligned; empty. */
	ck_assert_int_eq(page_free_pages(&pa, BASE - PAGE_SIZE, 1), -EINVAL);
	ck_assert_int_eq(page_free_pages(&pa, BASE + P(NPAGES), 1), -EINVAL);
	ck_assert_int_eq(page_free_pages(&pa, BASE + P(NPAGES - 1), 2), -EINVAL);
	ck_assert_int_eq(page_free_pages(&pa, a + 8, 4), -EINVAL);
	ck_assert_int_eq(page_free_pages(&pa, a, 0), -EINVAL);
	ck_assert_int_eq(page_free_pages(&pa, UINT64_MAX & ~(PAGE_SIZE - 1), 1), -EINVAL);
	/* The middle of a block, a shorter size, a size spilling into b. */
	ck_assert_int_eq(page_free_pages(&pa, a + P(1), 3), -EINVAL);
	ck_assert_int_eq(page_free_pages(&pa, a, 3), -EINVAL);
	ck_assert_int_eq(page_free_pages(&pa, a, 5), -EINVAL);
	ck_assert_int_eq(page_free_pages(&pa, a, 6), -EINVAL);
	ck_assert_int_eq(page_free_pages(&pa, b, 3), -EINVAL);
	/* Never allocated at all. */
	ck_assert_int_eq(page_free_pages(&pa, BASE + P(100), 1), -EALREADY);
	ck_assert_uint_eq(stats().refused_frees, 12);
	ck_assert_uint_eq(stats().free_pages, NPAGES - 6);
	/* Nothing was disturbed: the real frees still work. */
	ck_assert_int_eq(page_free_pages(&pa, a, 4), 0);
	ck_assert_int_eq(page_free_pages(&pa, b, 2), 0);
	ck_assert_uint_eq(stats().free_pages, NPAGES);
}
END_TEST

START_TEST(test_reserve)
{
	uint64_t a;

	ck_assert_int_eq(page_reserve_pages(&pa, BASE + P(1), 3), 0);
	ck_assert_int_eq(page_reserve_pages(&pa, BASE + P(3), 2), -EBUSY);
	ck_assert_int_eq(page_reserve_pages(&pa, BASE + P(299), 2), -EINVAL);
	ck_assert_int_eq(page_reserve_pages(&pa, BASE + 1, 1), -EINVAL);
	ck_assert_int_eq(page_reserve_pages(&pa, BASE, 0), -EINVAL);
	ck_assert_uint_eq(stats().failed_allocs, 4);
	ck_assert_int_eq(page_alloc_pages(&pa, 2, 0, &a), 0);
	ck_assert_uint_eq(a, BASE + P(4));
	ck_assert_int_eq(page_alloc_pages(&pa, 1, 0, &a), 0);
	ck_assert_uint_eq(a, BASE);
	/* A reservation is one block: freed whole or not at all. */
	ck_assert_int_eq(page_free_pages(&pa, BASE + P(1), 2), -EINVAL);
	ck_assert_int_eq(page_free_pages(&pa, BASE + P(1), 3), 0);
	ck_assert_uint_eq(stats().free_pages, NPAGES - 3);
}
END_TEST

START_TEST(test_adjacent_blocks_keep_their_bounds)
{
	uint64_t a[3];

	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(page_alloc_pages(&pa, 2, 0, &a[i]), 0);
	/* Free the middle, then the first must not swallow the third. */
	ck_assert_int_eq(page_free_pages(&pa, a[1], 2), 0);
	ck_assert_int_eq(page_free_pages(&pa, a[0], 6), -EINVAL);
	ck_assert_int_eq(page_free_pages(&pa, a[0], 2), 0);
	ck_assert_int_eq(page_free_pages(&pa, a[2], 2), 0);
	ck_assert_uint_eq(stats().free_pages, NPAGES);
}
END_TEST

/* ---- reference model -------------------------------------------------- */

struct block {
	size_t start, n;
};

static struct {
	int used[NPAGES];
	struct block live[NPAGES];
	size_t nlive;
	size_t free_pages;
} ref;

static int ref_alloc(size_t n, unsigned int order, uint64_t *addr)
{
	uint64_t align = PAGE_SIZE << order;

	for (size_t i = 0; i + n <= NPAGES; i++) {
		int ok = (BASE + P(i)) % align == 0;

		for (size_t j = i; ok && j < i + n; j++)
			ok = !ref.used[j];
		if (!ok)
			continue;
		for (size_t j = i; j < i + n; j++)
			ref.used[j] = 1;
		ref.live[ref.nlive++] = (struct block){ i, n };
		ref.free_pages -= n;
		*addr = BASE + P(i);
		return 0;
	}
	return -ENOMEM;
}

/* Index of the first of @n pages at @addr; -EINVAL unless all are managed. */
static int ref_index(uint64_t addr, size_t n, size_t *idx)
{
	if (n == 0 || addr % PAGE_SIZE || addr < BASE || addr >= BASE + P(NPAGES))
		return -EINVAL;
	*idx = (addr - BASE) / PAGE_SIZE;
	return n > NPAGES - *idx ? -EINVAL : 0;
}

static int ref_free(uint64_t addr, size_t n)
{
	size_t idx;

	if (ref_index(addr, n, &idx))
		return -EINVAL;
	if (!ref.used[idx])
		return -EALREADY;
	for (size_t b = 0; b < ref.nlive; b++) {
		if (ref.live[b].start == idx && ref.live[b].n == n) {
			for (size_t j = idx; j < idx + n; j++)
				ref.used[j] = 0;
			ref.live[b] = ref.live[--ref.nlive];
			ref.free_pages += n;
			return 0;
		}
	}
	return -EINVAL;
}

static int ref_reserve(uint64_t addr, size_t n)
{
	size_t idx;

	if (ref_index(addr, n, &idx))
		return -EINVAL;
	for (size_t j = idx; j < idx + n; j++)
		if (ref.used[j])
			return -EBUSY;
	for (size_t j = idx; j < idx + n; j++)
		ref.used[j] = 1;
	ref.live[ref.nlive++] = (struct block){ idx, n };
	ref.free_pages -= n;
	return 0;
}

START_TEST(test_random_against_reference)
{
	uint64_t seed = unit_test_seed(0xa110c8);
	struct block last_freed = { 0, 0 };

	memset(&ref, 0, sizeof(ref));
	ref.free_pages = NPAGES;
	rng_state = seed | 1;
	for (int iter = 0; iter < 30000; iter++) {
		unsigned int op = (unsigned int)(rng_next() % 10);
		uint64_t a1 = 0, a2 = 0, addr;
		size_t n;
		int r1, r2;
		const char *what;

		if (op < 4) {
			unsigned int order = rng_next() % 8 == 0 ?
					     (unsigned int)(rng_next() % 10) :
					     (unsigned int)(rng_next() % 3);

			n = rng_next() % 8 == 0 ? rng_next() % 64 + 1 : rng_next() % 6 + 1;
			what = "alloc";
			r1 = ref_alloc(n, order, &a1);
			r2 = page_alloc_pages(&pa, n, order, &a2);
			addr = a2;
		} else if (op < 7 && ref.nlive) {
			size_t b = rng_next() % ref.nlive;

			last_freed = ref.live[b];
			addr = BASE + P(last_freed.start);
			n = last_freed.n;
			what = "free";
			r1 = ref_free(addr, n);
			r2 = page_free_pages(&pa, addr, n);
		} else if (op == 7 && last_freed.n) {
			/* Free something again (maybe reallocated since). */
			addr = BASE + P(last_freed.start);
			n = last_freed.n;
			what = "refree";
			r1 = ref_free(addr, n);
			r2 = page_free_pages(&pa, addr, n);
		} else if (op == 8) {
			/* A wild free: random page-ish address and size. */
			addr = BASE - P(2) + P(rng_next() % (NPAGES + 4));
			if (rng_next() % 8 == 0)
				addr += rng_next() % PAGE_SIZE;
			n = rng_next() % 8;
			what = "wild free";
			r1 = ref_free(addr, n);
			r2 = page_free_pages(&pa, addr, n);
		} else {
			addr = BASE - P(1) + P(rng_next() % (NPAGES + 2));
			n = rng_next() % 5;
			what = "reserve";
			r1 = ref_reserve(addr, n);
			r2 = page_reserve_pages(&pa, addr, n);
		}
		ck_assert_msg(r1 == r2 && a1 == a2,
			      "seed %llu iter %d: %s addr %#llx n %zu: got %d (%#llx), "
			      "reference %d (%#llx)", (unsigned long long)seed, iter,
			      what, (unsigned long long)addr, n, r2,
			      (unsigned long long)a2, r1, (unsigned long long)a1);
		ck_assert_msg(stats().free_pages == ref.free_pages,
			      "seed %llu iter %d: free pages %zu, reference %zu",
			      (unsigned long long)seed, iter, stats().free_pages,
			      ref.free_pages);
	}
	/* Everything still allocated can be given back exactly. */
	while (ref.nlive) {
		struct block b = ref.live[0];

		ck_assert_int_eq(ref_free(BASE + P(b.start), b.n), 0);
		ck_assert_int_eq(page_free_pages(&pa, BASE + P(b.start), b.n), 0);
	}
	ck_assert_uint_eq(stats().free_pages, NPAGES);
}
END_TEST

static Suite *page_alloc_suite(void)
{
	Suite *s = suite_create("page_alloc");
	TCase *tc = unit_test_tcase(s, "core", setup, 120);

	tcase_add_test(tc, test_init_validation);
	tcase_add_test(tc, test_alloc_free_counters);
	tcase_add_test(tc, test_alignment_is_physical);
	tcase_add_test(tc, test_exhaustion_and_bad_requests);
	tcase_add_test(tc, test_double_free_refused);
	tcase_add_test(tc, test_foreign_frees_refused);
	tcase_add_test(tc, test_reserve);
	tcase_add_test(tc, test_adjacent_blocks_keep_their_bounds);
	tcase_add_test(tc, test_random_against_reference);
	return s;
}

int main(void)
{
	return unit_test_run(page_alloc_suite());
}
