/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The bitmap and intrusive-list headers the interrupt queue, the scheduler
 * and the timer queue are built on: their edge cases (word boundaries, a
 * last partial word, removal while iterating) and a randomized run against
 * a plain bool array.
 */
#include <check.h>
#include <stdlib.h>

#include "common/bitmap.h"
#include "common/list.h"
#include "tests/unit/unit_test.h"

START_TEST(bitmap_set_clear_test_across_words)
{
	DECLARE_BITMAP(map, 200);

	bitmap_zero(map, 200);
	ck_assert(bitmap_empty(map, 200));
	bitmap_set(map, 0);
	bitmap_set(map, BITS_PER_WORD - 1);
	bitmap_set(map, BITS_PER_WORD);
	bitmap_set(map, 199);
	ck_assert(bitmap_test(map, 0));
	ck_assert(bitmap_test(map, BITS_PER_WORD - 1));
	ck_assert(bitmap_test(map, BITS_PER_WORD));
	ck_assert(bitmap_test(map, 199));
	ck_assert(!bitmap_test(map, 1));
	bitmap_clear(map, BITS_PER_WORD - 1);
	ck_assert(!bitmap_test(map, BITS_PER_WORD - 1));
	ck_assert(bitmap_test(map, BITS_PER_WORD));
}
END_TEST

START_TEST(bitmap_find_first_and_next)
{
	DECLARE_BITMAP(map, 130);

	bitmap_zero(map, 130);
	ck_assert_uint_eq(bitmap_find_first(map, 130), 130);
	bitmap_set(map, 129);
	ck_assert_uint_eq(bitmap_find_first(map, 130), 129);
	bitmap_set(map, 64);
	bitmap_set(map, 3);
	ck_assert_uint_eq(bitmap_find_first(map, 130), 3);
	ck_assert_uint_eq(bitmap_find_next(map, 130, 3), 3);
	ck_assert_uint_eq(bitmap_find_next(map, 130, 4), 64);
	ck_assert_uint_eq(bitmap_find_next(map, 130, 65), 129);
	ck_assert_uint_eq(bitmap_find_next(map, 130, 130), 130);
}
END_TEST

/* Bits past the declared size in the last word must never be reported. */
START_TEST(bitmap_ignores_bits_beyond_size)
{
	DECLARE_BITMAP(map, 70);

	bitmap_zero(map, 70);
	map[BITMAP_WORDS(70) - 1] |= 1UL << (BITS_PER_WORD - 1);
	ck_assert_uint_eq(bitmap_find_first(map, 70), 70);
	ck_assert_uint_eq(bitmap_find_next(map, 70, 10), 70);
	ck_assert(bitmap_empty(map, 70));
}
END_TEST

START_TEST(bitmap_random_against_bool_array)
{
	enum { BITS = 300 };
	DECLARE_BITMAP(map, BITS);
	bool ref[BITS] = { false };
	unsigned int seed = (unsigned int)unit_test_seed(12345u);

	srand(seed);
	bitmap_zero(map, BITS);
	for (int op = 0; op < 20000; op++) {
		unsigned int bit = (unsigned int)rand() % BITS;
		unsigned int from = (unsigned int)rand() % (BITS + 1);
		unsigned int want = BITS;

		if (rand() & 1) {
			bitmap_set(map, bit);
			ref[bit] = true;
		} else {
			bitmap_clear(map, bit);
			ref[bit] = false;
		}
		for (unsigned int i = from; i < BITS; i++) {
			if (ref[i]) {
				want = i;
				break;
			}
		}
		ck_assert_msg(bitmap_find_next(map, BITS, from) == want,
			      "seed %u op %d: find_next(%u) wrong", seed, op, from);
		ck_assert(bitmap_test(map, bit) == ref[bit]);
	}
}
END_TEST

struct item {
	int value;
	struct list_node node;
};

static int list_values(struct list_node *head, int *out, int max)
{
	struct list_node *pos;
	int n = 0;

	list_for_each(pos, head) {
		if (n < max)
			out[n] = list_entry(pos, struct item, node)->value;
		n++;
	}
	return n;
}

START_TEST(list_add_front_and_tail_keep_order)
{
	struct list_node head;
	struct item a = { .value = 1 }, b = { .value = 2 }, c = { .value = 3 };
	int v[4];

	list_init(&head);
	ck_assert(list_empty(&head));
	list_add_tail(&b.node, &head);
	list_add_tail(&c.node, &head);
	list_add(&a.node, &head);
	ck_assert_int_eq(list_values(&head, v, 4), 3);
	ck_assert_int_eq(v[0], 1);
	ck_assert_int_eq(v[1], 2);
	ck_assert_int_eq(v[2], 3);
	ck_assert_ptr_eq(list_first_entry(&head, struct item, node), &a);
}
END_TEST

START_TEST(list_del_is_idempotent_and_unlinks)
{
	struct list_node head;
	struct item a = { .value = 1 }, b = { .value = 2 };
	int v[4];

	list_init(&head);
	list_add_tail(&a.node, &head);
	list_add_tail(&b.node, &head);
	list_del(&a.node);
	ck_assert(!list_linked(&a.node));
	list_del(&a.node); /* a second removal must not corrupt the list */
	ck_assert_int_eq(list_values(&head, v, 4), 1);
	ck_assert_int_eq(v[0], 2);
	list_del(&b.node);
	ck_assert(list_empty(&head));
}
END_TEST

START_TEST(list_safe_iteration_allows_removal)
{
	struct list_node head, *pos, *tmp;
	struct item items[6];
	int v[6];

	list_init(&head);
	for (int i = 0; i < 6; i++) {
		items[i].value = i;
		list_add_tail(&items[i].node, &head);
	}
	list_for_each_safe(pos, tmp, &head) {
		if (list_entry(pos, struct item, node)->value % 2)
			list_del(pos);
	}
	ck_assert_int_eq(list_values(&head, v, 6), 3);
	ck_assert_int_eq(v[0], 0);
	ck_assert_int_eq(v[1], 2);
	ck_assert_int_eq(v[2], 4);
}
END_TEST

START_TEST(overflow_helpers_detect_wrap)
{
	uint64_t r;

	ck_assert(range_wraps(UINT64_MAX, 2));
	ck_assert(!range_wraps(UINT64_MAX - 1, 1));
	ck_assert(add_overflows((uint32_t)0xffffffffu, (uint32_t)1, (uint32_t *)&r));
	ck_assert(mul_overflows((uint64_t)1 << 33, (uint64_t)1 << 31, &r));
	ck_assert(!mul_overflows((uint64_t)4096, (uint64_t)1000, &r));
	ck_assert_uint_eq(r, 4096000);
	ck_assert_uint_eq(ALIGN_UP((uint64_t)4097, 4096), 8192);
	ck_assert_uint_eq(ALIGN_DOWN((uint64_t)8191, 4096), 4096);
	ck_assert(IS_ALIGNED((uint64_t)8192, 4096));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bitmap_list");
	TCase *tc = unit_test_tcase(s, "core", NULL, 0);

	tcase_add_test(tc, bitmap_set_clear_test_across_words);
	tcase_add_test(tc, bitmap_find_first_and_next);
	tcase_add_test(tc, bitmap_ignores_bits_beyond_size);
	tcase_add_test(tc, bitmap_random_against_bool_array);
	tcase_add_test(tc, list_add_front_and_tail_keep_order);
	tcase_add_test(tc, list_del_is_idempotent_and_unlinks);
	tcase_add_test(tc, list_safe_iteration_allows_removal);
	tcase_add_test(tc, overflow_helpers_detect_wrap);
	return unit_test_run(s);
}
