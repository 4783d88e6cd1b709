/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for common/irq_queue: fixed scenarios for each rule in
 * irq_queue.h, then a seeded random run against a plain array model.
 * ZARM_TEST_SEED=<n> replays a random run; the seed is in every failure.
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errno.h"
#include "common/irq_queue.h"
#include "tests/unit/unit_test.h"

/* The random run's seed, named in its failure messages. */
static unsigned long long test_seed;

#define OK(x) ck_assert_int_eq((x), 0)

/* ---- helpers ------------------------------------------------------------ */

static enum irqq_state state_of(const struct irqq *q, unsigned int id)
{
	struct irqq_info info;

	ck_assert_int_eq(irqq_get(q, id, &info), 0);
	return info.state;
}

static struct irqq_counters counters(const struct irqq *q)
{
	struct irqq_counters c;

	ck_assert_int_eq(irqq_get_counters(q, &c), 0);
	return c;
}

static void new_queue(struct irqq *q, unsigned int nr)
{
	OK(irqq_init(q, nr));
	OK(irqq_check(q));
}

static void edge(struct irqq *q, unsigned int id, unsigned int prio)
{
	OK(irqq_set_priority(q, id, prio));
	OK(irqq_inject_edge(q, id));
}

/* Make @id level-triggered and raise its line. */
static void level_high(struct irqq *q, unsigned int id)
{
	OK(irqq_set_trigger(q, id, IRQQ_LEVEL));
	OK(irqq_set_level(q, id, true));
}

/* Complete @id in @q, which must succeed and leave it in state @st. */
static void complete_expect(struct irqq *q, unsigned int id,
			    enum irqq_state st)
{
	OK(irqq_complete(q, id));
	ck_assert_int_eq(state_of(q, id), st);
}

/* Drive @id's line to @high, which must succeed and leave it in @st. */
static void set_level_expect(struct irqq *q, unsigned int id, bool high,
			     enum irqq_state st)
{
	OK(irqq_set_level(q, id, high));
	ck_assert_int_eq(state_of(q, id), st);
}

/* Take from @q alone and expect @id; returns nothing, asserts. */
static void expect_take(struct irqq *q, const struct irqq_filter *f,
			unsigned int id)
{
	struct irqq_pick p;

	ck_assert_int_eq(irqq_take(q, f, NULL, NULL, &p), 0);
	ck_assert_ptr_eq(p.q, q);
	ck_assert_uint_eq(p.id, id);
}

static void expect_none(struct irqq *q, const struct irqq_filter *f)
{
	struct irqq_pick p;

	ck_assert_int_eq(irqq_peek(q, f, &p), -ENOENT);
}

/* Filter used by the fixed tests: priority mask plus a per-id mask. */
struct mask {
	unsigned int pmr;	/* deliverable when prio < pmr */
	bool masked[IRQQ_MAX_IDS];
	unsigned int calls;
};

static bool mask_ok(void *ctx, unsigned int id, unsigned int prio)
{
	struct mask *m = ctx;

	m->calls++;
	return prio < m->pmr && !m->masked[id];
}

/* Nothing masked, every priority deliverable, no calls counted. */
static void mask_clear(struct mask *m)
{
	memset(m, 0, sizeof(*m));
	m->pmr = IRQQ_NR_PRIOS;
}

/* A filter over @m, which starts out clear. */
static struct irqq_filter mask_filter(struct mask *m)
{
	mask_clear(m);
	return (struct irqq_filter){ mask_ok, m };
}

/* ---- fixed scenarios ---------------------------------------------------- */

START_TEST(test_init_args)
{
	static struct irqq q;

	ck_assert_int_eq(irqq_init(NULL, 8), -EINVAL);
	ck_assert_int_eq(irqq_init(&q, 0), -EINVAL);
	ck_assert_int_eq(irqq_init(&q, IRQQ_MAX_IDS + 1), -EINVAL);
	ck_assert_int_eq(irqq_init(&q, UINT_MAX), -EINVAL);
	new_queue(&q, 1);
	new_queue(&q, IRQQ_MAX_IDS);

	struct irqq_info info;

	OK(irqq_get(&q, IRQQ_MAX_IDS - 1, &info));
	ck_assert_int_eq(info.state, IRQQ_INACTIVE);
	ck_assert_int_eq(info.trigger, IRQQ_EDGE);
	ck_assert_uint_eq(info.prio, IRQQ_PRIO_LOWEST);
	ck_assert(info.enabled);
	ck_assert(!info.line);
}
END_TEST

START_TEST(test_empty_lookup)
{
	struct irqq q, fl;
	struct irqq_pick p = { NULL, 77, 77 };
	struct irqq_counters c;

	new_queue(&q, 32);
	new_queue(&fl, 64);
	ck_assert_int_eq(irqq_peek(&q, NULL, &p), -ENOENT);
	ck_assert_int_eq(irqq_take(&q, NULL, &fl, NULL, &p), -ENOENT);
	ck_assert_int_eq(irqq_best(NULL, NULL, &fl, NULL, &p), -ENOENT);
	/* A failed lookup leaves the output alone. */
	ck_assert_ptr_eq(p.q, NULL);
	ck_assert_uint_eq(p.id, 77);
	c = counters(&q);
	ck_assert_uint_eq(c.delivered, 0);
	OK(irqq_check(&q));
}
END_TEST

START_TEST(test_single_cycle)
{
	struct irqq q;
	struct irqq_pick p;
	struct irqq_counters c;

	new_queue(&q, 32);
	edge(&q, 5, 40);
	ck_assert_int_eq(state_of(&q, 5), IRQQ_PENDING);
	OK(irqq_peek(&q, NULL, &p));
	ck_assert_ptr_eq(p.q, &q);
	ck_assert_uint_eq(p.id, 5);
	ck_assert_uint_eq(p.prio, 40);
	/* Peek does not consume. */
	ck_assert_int_eq(state_of(&q, 5), IRQQ_PENDING);

	OK(irqq_take(&q, NULL, NULL, NULL, &p));
	ck_assert_uint_eq(p.id, 5);
	ck_assert_int_eq(state_of(&q, 5), IRQQ_ACTIVE);
	expect_none(&q, NULL);

	complete_expect(&q, 5, IRQQ_INACTIVE);
	expect_none(&q, NULL);
	c = counters(&q);
	ck_assert_uint_eq(c.injected, 1);
	ck_assert_uint_eq(c.delivered, 1);
	ck_assert_uint_eq(c.completed, 1);
	ck_assert_uint_eq(c.coalesced + c.dropped + c.raised, 0);
	OK(irqq_check(&q));
}
END_TEST

START_TEST(test_priority_order)
{
	struct irqq q;
	static const unsigned int prio[] = { 200, 3, 255, 0, 64, 128, 1 };
	/* Expected delivery: by priority, ids are the array indexes. */
	static const unsigned int order[] = { 3, 6, 1, 4, 5, 0, 2 };

	new_queue(&q, 16);
	for (unsigned int i = 0; i < ARRAY_SIZE(prio); i++)
		edge(&q, i, prio[i]);
	OK(irqq_check(&q));
	for (unsigned int i = 0; i < ARRAY_SIZE(order); i++) {
		expect_take(&q, NULL, order[i]);
		OK(irqq_check(&q));
	}
	expect_none(&q, NULL);
}
END_TEST

START_TEST(test_same_priority_fifo)
{
	struct irqq q;

	new_queue(&q, 16);
	edge(&q, 9, 7);
	edge(&q, 2, 7);
	edge(&q, 12, 7);
	edge(&q, 4, 7);
	/* Disabling and re-enabling 9 sends it to the back of the level. */
	OK(irqq_set_enabled(&q, 9, false));
	OK(irqq_set_enabled(&q, 9, true));
	expect_take(&q, NULL, 2);
	expect_take(&q, NULL, 12);
	expect_take(&q, NULL, 4);
	expect_take(&q, NULL, 9);
	OK(irqq_check(&q));
}
END_TEST

START_TEST(test_edge_coalesce)
{
	struct irqq q;
	struct irqq_counters c;

	new_queue(&q, 8);
	edge(&q, 3, 10);
	OK(irqq_inject_edge(&q, 3));
	OK(irqq_inject_edge(&q, 3));
	expect_take(&q, NULL, 3);
	expect_none(&q, NULL);
	OK(irqq_complete(&q, 3));
	expect_none(&q, NULL);
	c = counters(&q);
	ck_assert_uint_eq(c.injected, 3);
	ck_assert_uint_eq(c.coalesced, 2);
	ck_assert_uint_eq(c.delivered, 1);
	OK(irqq_check(&q));
}
END_TEST

START_TEST(test_pending_active_reraise)
{
	struct irqq q;
	struct irqq_counters c;

	new_queue(&q, 8);
	edge(&q, 1, 10);
	expect_take(&q, NULL, 1);
	OK(irqq_inject_edge(&q, 1));
	ck_assert_int_eq(state_of(&q, 1), IRQQ_PENDING_ACTIVE);
	/* Not offered again while in service. */
	expect_none(&q, NULL);
	ck_assert_int_eq(irqq_ack(&q, 1), -ENOENT);
	/* A further injection coalesces into the pending half. */
	OK(irqq_inject_edge(&q, 1));
	complete_expect(&q, 1, IRQQ_PENDING);
	expect_take(&q, NULL, 1);
	complete_expect(&q, 1, IRQQ_INACTIVE);
	c = counters(&q);
	ck_assert_uint_eq(c.injected, 3);
	ck_assert_uint_eq(c.coalesced, 1);
	ck_assert_uint_eq(c.delivered, 2);
	ck_assert_uint_eq(c.completed, 2);
	OK(irqq_check(&q));
}
END_TEST

START_TEST(test_level_resample)
{
	struct irqq q;
	struct irqq_info info;
	struct irqq_counters c;

	new_queue(&q, 8);
	OK(irqq_set_trigger(&q, 4, IRQQ_LEVEL));
	OK(irqq_set_priority(&q, 4, 20));
	set_level_expect(&q, 4, true, IRQQ_PENDING);
	/* Raising a high line again is no new event. */
	OK(irqq_set_level(&q, 4, true));
	expect_take(&q, NULL, 4);
	OK(irqq_get(&q, 4, &info));
	ck_assert_int_eq(info.state, IRQQ_ACTIVE);
	ck_assert(info.line);
	expect_none(&q, NULL);
	/* Line still high at EOI: pending again. */
	complete_expect(&q, 4, IRQQ_PENDING);
	expect_take(&q, NULL, 4);
	/* Line low at EOI: done. */
	set_level_expect(&q, 4, false, IRQQ_ACTIVE);
	complete_expect(&q, 4, IRQQ_INACTIVE);
	c = counters(&q);
	ck_assert_uint_eq(c.raised, 2);
	ck_assert_uint_eq(c.delivered, 2);
	ck_assert_uint_eq(c.completed, 2);
	ck_assert_uint_eq(c.dropped, 0);
	ck_assert_uint_eq(c.injected, 0);
	OK(irqq_check(&q));
}
END_TEST

START_TEST(test_level_drop_cancels)
{
	struct irqq q;
	struct irqq_counters c;

	new_queue(&q, 8);
	level_high(&q, 6);
	set_level_expect(&q, 6, false, IRQQ_INACTIVE);
	expect_none(&q, NULL);
	ck_assert_int_eq(irqq_ack(&q, 6), -ENOENT);
	/* Also while disabled: pending goes, nothing is ever delivered. */
	OK(irqq_set_enabled(&q, 6, false));
	set_level_expect(&q, 6, true, IRQQ_PENDING);
	OK(irqq_set_level(&q, 6, false));
	OK(irqq_set_enabled(&q, 6, true));
	expect_none(&q, NULL);
	c = counters(&q);
	ck_assert_uint_eq(c.raised, 2);
	ck_assert_uint_eq(c.dropped, 2);
	ck_assert_uint_eq(c.delivered, 0);
	OK(irqq_check(&q));
}
END_TEST

START_TEST(test_level_rise_while_active)
{
	struct irqq q;

	new_queue(&q, 8);
	level_high(&q, 2);
	expect_take(&q, NULL, 2);
	/* Drop and raise again during service: only the EOI re-sample
	 * makes it pending, and only once. */
	OK(irqq_set_level(&q, 2, false));
	set_level_expect(&q, 2, true, IRQQ_ACTIVE);
	expect_none(&q, NULL);
	complete_expect(&q, 2, IRQQ_PENDING);
	ck_assert_uint_eq(counters(&q).raised, 2);
	ck_assert_uint_eq(counters(&q).dropped, 0);
	OK(irqq_check(&q));
}
END_TEST

START_TEST(test_filter_masked_high_prio)
{
	struct irqq q;
	static struct mask m;
	struct irqq_filter f = mask_filter(&m);
	struct irqq_pick p;

	new_queue(&q, 32);
	edge(&q, 1, 0);		/* most urgent, but masked by id */
	edge(&q, 2, 0);		/* same level, masked too */
	edge(&q, 20, 50);	/* deliverable */
	edge(&q, 21, 60);
	m.masked[1] = m.masked[2] = true;
	OK(irqq_peek(&q, &f, &p));
	ck_assert_uint_eq(p.id, 20);
	ck_assert_uint_eq(p.prio, 50);
	ck_assert_uint_ge(m.calls, 3);
	/* Priority mask hides 20 and 21 as well. */
	m.pmr = 50;
	expect_none(&q, &f);
	ck_assert_int_eq(irqq_take(&q, &f, NULL, NULL, &p), -ENOENT);
	ck_assert_int_eq(state_of(&q, 20), IRQQ_PENDING);
	m.pmr = 61;
	m.masked[20] = true;
	expect_take(&q, &f, 21);
	/* Unmasking shows the urgent ones again, in order. */
	memset(m.masked, 0, sizeof(m.masked));
	expect_take(&q, &f, 1);
	expect_take(&q, &f, 2);
	expect_take(&q, &f, 20);
	/* A filter with no function accepts everything. */
	struct irqq_filter none = { NULL, NULL };

	edge(&q, 30, 255);
	expect_take(&q, &none, 30);
	OK(irqq_check(&q));
}
END_TEST

START_TEST(test_disabled_stays_pending)
{
	struct irqq q;
	struct irqq_info info;

	new_queue(&q, 8);
	OK(irqq_set_enabled(&q, 3, false));
	edge(&q, 3, 1);
	edge(&q, 4, 9);
	OK(irqq_get(&q, 3, &info));
	ck_assert_int_eq(info.state, IRQQ_PENDING);
	ck_assert(!info.enabled);
	expect_take(&q, NULL, 4);
	expect_none(&q, NULL);
	ck_assert_int_eq(irqq_ack(&q, 3), -ENOENT);
	OK(irqq_set_enabled(&q, 3, true));
	expect_take(&q, NULL, 3);
	/* Disabling an active one does not stop its completion. */
	OK(irqq_set_enabled(&q, 3, false));
	complete_expect(&q, 3, IRQQ_INACTIVE);
	OK(irqq_check(&q));
}
END_TEST

START_TEST(test_priority_change_pending)
{
	struct irqq q;
	struct irqq_pick p;

	new_queue(&q, 16);
	edge(&q, 1, 10);
	edge(&q, 2, 20);
	edge(&q, 3, 10);
	/* 2 overtakes; level 20 must empty out of the bitmap. */
	OK(irqq_set_priority(&q, 2, 5));
	OK(irqq_check(&q));
	/* 1 moves down behind 3 ... */
	OK(irqq_set_priority(&q, 1, 30));
	/* ... while re-setting 3's own priority keeps its place. */
	OK(irqq_set_priority(&q, 3, 10));
	OK(irqq_check(&q));
	OK(irqq_peek(&q, NULL, &p));
	ck_assert_uint_eq(p.id, 2);
	ck_assert_uint_eq(p.prio, 5);
	expect_take(&q, NULL, 2);
	expect_take(&q, NULL, 3);
	/* Move the last one to the very ends of the range. */
	OK(irqq_set_priority(&q, 1, IRQQ_PRIO_LOWEST));
	OK(irqq_check(&q));
	OK(irqq_set_priority(&q, 1, 0));
	OK(irqq_check(&q));
	OK(irqq_peek(&q, NULL, &p));
	ck_assert_uint_eq(p.prio, 0);
	expect_take(&q, NULL, 1);
	expect_none(&q, NULL);
	OK(irqq_check(&q));
}
END_TEST

START_TEST(test_priority_change_active_and_disabled)
{
	struct irqq q;
	struct irqq_pick p;

	new_queue(&q, 8);
	edge(&q, 1, 10);
	expect_take(&q, NULL, 1);
	OK(irqq_inject_edge(&q, 1));
	OK(irqq_set_priority(&q, 1, 3));	/* pending+active, unlisted */
	OK(irqq_set_enabled(&q, 2, false));
	edge(&q, 2, 50);
	OK(irqq_set_priority(&q, 2, 1));	/* pending, disabled */
	OK(irqq_check(&q));
	OK(irqq_complete(&q, 1));
	OK(irqq_set_enabled(&q, 2, true));
	OK(irqq_peek(&q, NULL, &p));
	ck_assert_uint_eq(p.id, 2);
	ck_assert_uint_eq(p.prio, 1);
	expect_take(&q, NULL, 2);
	OK(irqq_peek(&q, NULL, &p));
	ck_assert_uint_eq(p.id, 1);
	ck_assert_uint_eq(p.prio, 3);
	OK(irqq_check(&q));
}
END_TEST

START_TEST(test_floating_local_merge)
{
	struct irqq loc, fl;
	struct irqq_pick p;
	/* (queue, id, prio): 0 = local, 1 = floating. */
	static const unsigned int inj[][3] = {
		{ 0, 1, 30 }, { 1, 40, 10 }, { 0, 2, 10 }, { 1, 41, 20 },
		{ 0, 3, 200 }, { 1, 42, 0 }, { 1, 43, 30 },
	};
	static const unsigned int want[][2] = {
		{ 1, 42 }, { 0, 2 }, { 1, 40 }, { 1, 41 }, { 0, 1 },
		{ 1, 43 }, { 0, 3 },
	};

	new_queue(&loc, 32);
	new_queue(&fl, 64);
	for (unsigned int i = 0; i < ARRAY_SIZE(inj); i++)
		edge(inj[i][0] ? &fl : &loc, inj[i][1], inj[i][2]);
	for (unsigned int i = 0; i < ARRAY_SIZE(want); i++) {
		OK(irqq_take(&loc, NULL, &fl, NULL, &p));
		ck_assert_ptr_eq(p.q, want[i][0] ? &fl : &loc);
		ck_assert_uint_eq(p.id, want[i][1]);
		ck_assert_int_eq(state_of(p.q, p.id), IRQQ_ACTIVE);
		OK(irqq_complete(p.q, p.id));
	}
	ck_assert_int_eq(irqq_take(&loc, NULL, &fl, NULL, &p), -ENOENT);
	ck_assert_uint_eq(counters(&loc).delivered, 3);
	ck_assert_uint_eq(counters(&fl).delivered, 4);
	OK(irqq_check(&loc));
	OK(irqq_check(&fl));
}
END_TEST

START_TEST(test_floating_taken_once)
{
	struct irqq loc0, loc1, fl;
	struct irqq_pick p;
	static struct mask m0, m1;
	struct irqq_filter f0 = mask_filter(&m0), f1 = mask_filter(&m1);

	new_queue(&loc0, 32);
	new_queue(&loc1, 32);
	new_queue(&fl, 128);
	edge(&fl, 100, 8);
	/* Both vCPUs see it ... */
	OK(irqq_best(&loc0, &f0, &fl, &f0, &p));
	ck_assert_uint_eq(p.id, 100);
	OK(irqq_best(&loc1, &f1, &fl, &f1, &p));
	ck_assert_uint_eq(p.id, 100);
	/* ... vCPU 1 takes it, and it is gone for vCPU 0. */
	OK(irqq_take(&loc1, &f1, &fl, &f1, &p));
	ck_assert_ptr_eq(p.q, &fl);
	ck_assert_int_eq(irqq_take(&loc0, &f0, &fl, &f0, &p), -ENOENT);
	/* Even once completed: it was delivered once, not re-queued. */
	OK(irqq_complete(&fl, 100));
	ck_assert_int_eq(irqq_take(&loc0, &f0, &fl, &f0, &p), -ENOENT);
	/* A vCPU whose filter refuses leaves it for the other one. */
	edge(&fl, 101, 8);
	m0.masked[101] = true;
	ck_assert_int_eq(irqq_take(&loc0, &f0, &fl, &f0, &p), -ENOENT);
	OK(irqq_take(&loc1, &f1, &fl, &f1, &p));
	ck_assert_uint_eq(p.id, 101);
	ck_assert_uint_eq(counters(&fl).delivered, 2);
	ck_assert_uint_eq(counters(&loc0).delivered, 0);
	ck_assert_uint_eq(counters(&loc1).delivered, 0);
	OK(irqq_check(&fl));
}
END_TEST

START_TEST(test_merge_tie_and_filters)
{
	struct irqq loc, fl;
	struct irqq_pick p;
	static struct mask ml, mf;
	struct irqq_filter lf = mask_filter(&ml), ff = mask_filter(&mf);

	new_queue(&loc, 32);
	new_queue(&fl, 32);
	edge(&fl, 7, 16);
	edge(&loc, 7, 16);
	/* Equal priority: the local one wins. */
	OK(irqq_best(&loc, &lf, &fl, &ff, &p));
	ck_assert_ptr_eq(p.q, &loc);
	/* Each queue has its own filter. */
	ml.masked[7] = true;
	OK(irqq_best(&loc, &lf, &fl, &ff, &p));
	ck_assert_ptr_eq(p.q, &fl);
	ck_assert_uint_eq(p.id, 7);
	mf.pmr = 16;
	ck_assert_int_eq(irqq_best(&loc, &lf, &fl, &ff, &p), -ENOENT);
	/* Either queue alone works too. */
	ml.masked[7] = false;
	OK(irqq_best(&loc, &lf, NULL, NULL, &p));
	ck_assert_ptr_eq(p.q, &loc);
	mf.pmr = 256;
	OK(irqq_best(NULL, NULL, &fl, &ff, &p));
	ck_assert_ptr_eq(p.q, &fl);
}
END_TEST

/* Every call with a bad argument fails with -EINVAL and changes nothing. */
START_TEST(test_invalid_args)
{
	static struct irqq q, snap;
	struct irqq_info info;
	struct irqq_counters c;
	struct irqq_pick p;
	static const unsigned int bad_ids[] = { 16, 17, IRQQ_MAX_IDS - 1,
		IRQQ_MAX_IDS, IRQQ_NO_ID, 0x10000, UINT_MAX };

	new_queue(&q, 16);
	edge(&q, 1, 5);
	level_high(&q, 2);
	edge(&q, 3, 6);
	expect_take(&q, NULL, 1);
	memcpy(&snap, &q, sizeof(q));

	for (unsigned int i = 0; i < ARRAY_SIZE(bad_ids); i++) {
		unsigned int id = bad_ids[i];

		ck_assert_int_eq(irqq_inject_edge(&q, id), -EINVAL);
		ck_assert_int_eq(irqq_set_level(&q, id, true), -EINVAL);
		ck_assert_int_eq(irqq_set_level(&q, id, false), -EINVAL);
		ck_assert_int_eq(irqq_ack(&q, id), -EINVAL);
		ck_assert_int_eq(irqq_complete(&q, id), -EINVAL);
		ck_assert_int_eq(irqq_set_priority(&q, id, 1), -EINVAL);
		ck_assert_int_eq(irqq_set_enabled(&q, id, false), -EINVAL);
		ck_assert_int_eq(irqq_set_trigger(&q, id, IRQQ_LEVEL),
				 -EINVAL);
		ck_assert_int_eq(irqq_clear_pending(&q, id), -EINVAL);
		ck_assert_int_eq(irqq_get(&q, id, &info), -EINVAL);
	}
	/* NULL queue / outputs. */
	ck_assert_int_eq(irqq_inject_edge(NULL, 1), -EINVAL);
	ck_assert_int_eq(irqq_set_level(NULL, 2, false), -EINVAL);
	ck_assert_int_eq(irqq_ack(NULL, 3), -EINVAL);
	ck_assert_int_eq(irqq_complete(NULL, 1), -EINVAL);
	ck_assert_int_eq(irqq_set_priority(NULL, 1, 1), -EINVAL);
	ck_assert_int_eq(irqq_set_enabled(NULL, 1, true), -EINVAL);
	ck_assert_int_eq(irqq_set_trigger(NULL, 1, IRQQ_EDGE), -EINVAL);
	ck_assert_int_eq(irqq_clear_pending(NULL, 1), -EINVAL);
	ck_assert_int_eq(irqq_get(NULL, 1, &info), -EINVAL);
	ck_assert_int_eq(irqq_get(&q, 1, NULL), -EINVAL);
	ck_assert_int_eq(irqq_get_counters(NULL, &c), -EINVAL);
	ck_assert_int_eq(irqq_get_counters(&q, NULL), -EINVAL);
	ck_assert_int_eq(irqq_check(NULL), -EINVAL);
	ck_assert_int_eq(irqq_peek(NULL, NULL, &p), -EINVAL);
	ck_assert_int_eq(irqq_peek(&q, NULL, NULL), -EINVAL);
	ck_assert_int_eq(irqq_take(NULL, NULL, NULL, NULL, &p), -EINVAL);
	ck_assert_int_eq(irqq_take(&q, NULL, &q, NULL, &p), -EINVAL);
	ck_assert_int_eq(irqq_take(&q, NULL, NULL, NULL, NULL), -EINVAL);
	ck_assert_int_eq(irqq_best(&q, NULL, &q, NULL, &p), -EINVAL);
	/* Bad trigger value. */
	ck_assert_int_eq(irqq_set_trigger(&q, 4, (enum irqq_trigger)2),
			 -EINVAL);
	ck_assert_int_eq(irqq_set_trigger(&q, 4, (enum irqq_trigger)-1),
			 -EINVAL);
	ck_assert_mem_eq(&q, &snap, sizeof(q));
	OK(irqq_check(&q));
}
END_TEST

START_TEST(test_invalid_priority)
{
	static struct irqq q, snap;
	static const unsigned int bad[] = { IRQQ_NR_PRIOS, IRQQ_NR_PRIOS + 1,
		1000, 0x10000, UINT_MAX };

	new_queue(&q, 16);
	edge(&q, 1, 5);
	edge(&q, 2, 5);
	memcpy(&snap, &q, sizeof(q));
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		ck_assert_int_eq(irqq_set_priority(&q, 1, bad[i]), -EINVAL);
		ck_assert_int_eq(irqq_set_priority(&q, 3, bad[i]), -EINVAL);
	}
	ck_assert_mem_eq(&q, &snap, sizeof(q));
	OK(irqq_set_priority(&q, 1, IRQQ_PRIO_LOWEST));
	expect_take(&q, NULL, 2);
}
END_TEST

START_TEST(test_trigger_rules)
{
	static struct irqq q, snap;

	new_queue(&q, 16);
	OK(irqq_set_trigger(&q, 1, IRQQ_LEVEL));
	edge(&q, 2, 9);
	memcpy(&snap, &q, sizeof(q));
	/* Calls that do not fit the trigger mode. */
	ck_assert_int_eq(irqq_inject_edge(&q, 1), -EINVAL);
	ck_assert_int_eq(irqq_set_level(&q, 2, true), -EINVAL);
	ck_assert_int_eq(irqq_set_level(&q, 3, true), -EINVAL);
	/* No reconfiguration while pending or active. */
	ck_assert_int_eq(irqq_set_trigger(&q, 2, IRQQ_LEVEL), -EBUSY);
	ck_assert_mem_eq(&q, &snap, sizeof(q));
	expect_take(&q, NULL, 2);
	ck_assert_int_eq(irqq_set_trigger(&q, 2, IRQQ_LEVEL), -EBUSY);
	OK(irqq_complete(&q, 2));
	OK(irqq_set_trigger(&q, 2, IRQQ_LEVEL));
	OK(irqq_set_level(&q, 2, true));
	ck_assert_int_eq(irqq_set_trigger(&q, 2, IRQQ_EDGE), -EBUSY);
	OK(irqq_set_level(&q, 2, false));
	OK(irqq_set_trigger(&q, 2, IRQQ_EDGE));
	OK(irqq_inject_edge(&q, 2));
	OK(irqq_check(&q));
}
END_TEST

START_TEST(test_ack_complete_wrong_state)
{
	struct irqq q;
	struct irqq_counters c;

	new_queue(&q, 8);
	ck_assert_int_eq(irqq_ack(&q, 1), -ENOENT);
	ck_assert_int_eq(irqq_complete(&q, 1), -ENOENT);
	edge(&q, 1, 3);
	ck_assert_int_eq(irqq_complete(&q, 1), -ENOENT);
	OK(irqq_ack(&q, 1));
	ck_assert_int_eq(irqq_ack(&q, 1), -ENOENT);
	OK(irqq_complete(&q, 1));
	ck_assert_int_eq(irqq_complete(&q, 1), -ENOENT);
	c = counters(&q);
	ck_assert_uint_eq(c.delivered, 1);
	ck_assert_uint_eq(c.completed, 1);
	OK(irqq_check(&q));
}
END_TEST

START_TEST(test_clear_pending)
{
	struct irqq q;

	new_queue(&q, 8);
	edge(&q, 1, 3);
	OK(irqq_clear_pending(&q, 1));
	ck_assert_int_eq(state_of(&q, 1), IRQQ_INACTIVE);
	expect_none(&q, NULL);
	OK(irqq_clear_pending(&q, 1));		/* nothing to clear */
	/* Pending+active keeps only the active half. */
	OK(irqq_inject_edge(&q, 1));
	expect_take(&q, NULL, 1);
	OK(irqq_inject_edge(&q, 1));
	OK(irqq_clear_pending(&q, 1));
	ck_assert_int_eq(state_of(&q, 1), IRQQ_ACTIVE);
	complete_expect(&q, 1, IRQQ_INACTIVE);
	/* Level: the line rules, clearing does nothing. */
	level_high(&q, 2);
	OK(irqq_clear_pending(&q, 2));
	ck_assert_int_eq(state_of(&q, 2), IRQQ_PENDING);
	ck_assert_uint_eq(counters(&q).dropped, 2);
	OK(irqq_check(&q));
}
END_TEST

START_TEST(test_counters)
{
	struct irqq q;
	struct irqq_counters c;

	new_queue(&q, 16);
	OK(irqq_set_trigger(&q, 8, IRQQ_LEVEL));
	edge(&q, 1, 1);			/* injected 1 */
	OK(irqq_inject_edge(&q, 1));	/* injected 2, coalesced 1 */
	edge(&q, 2, 2);			/* injected 3 */
	OK(irqq_set_level(&q, 8, true));	/* raised 1 */
	OK(irqq_clear_pending(&q, 2));	/* dropped 1 */
	expect_take(&q, NULL, 1);	/* delivered 1 */
	expect_take(&q, NULL, 8);	/* delivered 2 */
	OK(irqq_complete(&q, 8));	/* completed 1, raised 2 */
	OK(irqq_set_level(&q, 8, false));	/* dropped 2 */
	OK(irqq_inject_edge(&q, 1));	/* injected 4, pending+active */
	ck_assert_int_eq(irqq_inject_edge(&q, 99), -EINVAL);	/* nothing */
	c = counters(&q);
	ck_assert_uint_eq(c.injected, 4);
	ck_assert_uint_eq(c.coalesced, 1);
	ck_assert_uint_eq(c.raised, 2);
	ck_assert_uint_eq(c.delivered, 2);
	ck_assert_uint_eq(c.dropped, 2);
	ck_assert_uint_eq(c.completed, 1);
	/* injected + raised == delivered + coalesced + dropped + pending */
	ck_assert_uint_eq(c.injected + c.raised,
			  c.delivered + c.coalesced + c.dropped + 1);
	OK(irqq_check(&q));
}
END_TEST

/* irqq_check() must be able to fail, or the random run proves nothing. */
START_TEST(test_check_detects_damage)
{
	static struct irqq q, good;

	new_queue(&q, 16);
	edge(&q, 1, 4);
	edge(&q, 2, 4);
	expect_take(&q, NULL, 1);
	OK(irqq_check(&q));
	memcpy(&good, &q, sizeof(q));

	q.cnt.delivered++;		/* a phantom delivery */
	ck_assert_int_eq(irqq_check(&q), -EFAULT);
	memcpy(&q, &good, sizeof(q));
	q.cnt.coalesced++;		/* a lost interrupt */
	ck_assert_int_eq(irqq_check(&q), -EFAULT);
	memcpy(&q, &good, sizeof(q));
	bitmap_clear(q.levels, 4);	/* level bitmap out of step */
	ck_assert_int_eq(irqq_check(&q), -EFAULT);
	memcpy(&q, &good, sizeof(q));
	q.prio[2] = 5;			/* listed at the wrong level */
	ck_assert_int_eq(irqq_check(&q), -EFAULT);
	memcpy(&q, &good, sizeof(q));
	q.next[2] = 2;			/* cycle */
	ck_assert_int_eq(irqq_check(&q), -EFAULT);
	memcpy(&q, &good, sizeof(q));
	q.flags[9] |= 0x01;		/* pending but not listed */
	ck_assert_int_eq(irqq_check(&q), -EFAULT);
	memcpy(&q, &good, sizeof(q));
	q.flags[200] = 1;		/* beyond nr_ids */
	ck_assert_int_eq(irqq_check(&q), -EFAULT);
}
END_TEST

START_TEST(test_full_domain)
{
	static struct irqq q;
	struct irqq_pick p;
	unsigned int last_prio = 0, n = 0;

	new_queue(&q, IRQQ_MAX_IDS);
	/* Every id pending at once, priorities spread over all levels. */
	for (unsigned int id = 0; id < IRQQ_MAX_IDS; id++)
		edge(&q, id, (id * 37U) % IRQQ_NR_PRIOS);
	OK(irqq_check(&q));
	while (irqq_take(&q, NULL, NULL, NULL, &p) == 0) {
		ck_assert_uint_ge(p.prio, last_prio);
		ck_assert_uint_eq(p.prio, (p.id * 37U) % IRQQ_NR_PRIOS);
		last_prio = p.prio;
		n++;
	}
	ck_assert_uint_eq(n, IRQQ_MAX_IDS);
	ck_assert_uint_eq(counters(&q).delivered, IRQQ_MAX_IDS);
	ck_assert_uint_eq(counters(&q).dropped, 0);
	OK(irqq_check(&q));
}
END_TEST

/* ---- randomized run against a reference model --------------------------- */

#define R_LOCAL_IDS 40U
#define R_FLOAT_IDS 72U
#define R_MAX_IDS 72U
#define R_OPS 30000

/* The reference: one struct per id and a linear scan, nothing clever. */
struct ref_irq {
	bool pending, active, level, line, enabled;
	unsigned int prio;
	unsigned long long seq;	/* when it last became a candidate */
};

struct ref_q {
	unsigned int nr;
	unsigned long long clock;
	struct ref_irq irq[R_MAX_IDS];
	struct irqq_counters cnt;
};

static bool ref_cand(const struct ref_irq *r)
{
	return r->pending && !r->active && r->enabled;
}

static void ref_init(struct ref_q *r, unsigned int nr)
{
	memset(r, 0, sizeof(*r));
	r->nr = nr;
	for (unsigned int i = 0; i < nr; i++) {
		r->irq[i].enabled = true;
		r->irq[i].prio = IRQQ_PRIO_LOWEST;
	}
}

/* Stamp @i if it has just become a candidate (it joins the FIFO tail). */
static void ref_after(struct ref_q *r, unsigned int i, bool was)
{
	if (!was && ref_cand(&r->irq[i]))
		r->irq[i].seq = ++r->clock;
}

static int ref_inject(struct ref_q *r, unsigned int i)
{
	if (i >= r->nr || r->irq[i].level)
		return -EINVAL;
	bool was = ref_cand(&r->irq[i]);

	r->cnt.injected++;
	if (r->irq[i].pending)
		r->cnt.coalesced++;
	r->irq[i].pending = true;
	ref_after(r, i, was);
	return 0;
}

static int ref_set_level(struct ref_q *r, unsigned int i, bool high)
{
	if (i >= r->nr || !r->irq[i].level)
		return -EINVAL;
	struct ref_irq *x = &r->irq[i];
	bool was = ref_cand(x);

	if (x->line == high)
		return 0;
	x->line = high;
	if (high && !x->active) {
		x->pending = true;
		r->cnt.raised++;
	}
	if (!high && x->pending) {
		x->pending = false;
		r->cnt.dropped++;
	}
	ref_after(r, i, was);
	return 0;
}

static int ref_ack(struct ref_q *r, unsigned int i)
{
	if (i >= r->nr)
		return -EINVAL;
	if (!ref_cand(&r->irq[i]))
		return -ENOENT;
	r->irq[i].pending = false;
	r->irq[i].active = true;
	r->cnt.delivered++;
	return 0;
}

static int ref_complete(struct ref_q *r, unsigned int i)
{
	if (i >= r->nr)
		return -EINVAL;
	struct ref_irq *x = &r->irq[i];
	bool was = ref_cand(x);

	if (!x->active)
		return -ENOENT;
	x->active = false;
	if (x->level && x->line) {
		x->pending = true;
		r->cnt.raised++;
	}
	r->cnt.completed++;
	ref_after(r, i, was);
	return 0;
}

static int ref_set_prio(struct ref_q *r, unsigned int i, unsigned int prio)
{
	if (i >= r->nr || prio >= IRQQ_NR_PRIOS)
		return -EINVAL;
	if (r->irq[i].prio != prio && ref_cand(&r->irq[i]))
		r->irq[i].seq = ++r->clock;
	r->irq[i].prio = prio;
	return 0;
}

static int ref_set_enabled(struct ref_q *r, unsigned int i, bool en)
{
	if (i >= r->nr)
		return -EINVAL;
	bool was = ref_cand(&r->irq[i]);

	r->irq[i].enabled = en;
	ref_after(r, i, was);
	return 0;
}

static int ref_set_trigger(struct ref_q *r, unsigned int i, int trig)
{
	if (i >= r->nr || (trig != IRQQ_EDGE && trig != IRQQ_LEVEL))
		return -EINVAL;
	if (r->irq[i].pending || r->irq[i].active)
		return -EBUSY;
	r->irq[i].level = trig == IRQQ_LEVEL;
	r->irq[i].line = false;
	return 0;
}

static int ref_clear(struct ref_q *r, unsigned int i)
{
	if (i >= r->nr)
		return -EINVAL;
	if (!r->irq[i].level && r->irq[i].pending) {
		r->irq[i].pending = false;
		r->cnt.dropped++;
	}
	return 0;
}

/* Best candidate of @r for filter @f: lowest (prio, seq); -1 if none. */
static int ref_best1(const struct ref_q *r, const struct irqq_filter *f)
{
	int best = -1;

	for (unsigned int i = 0; i < r->nr; i++) {
		const struct ref_irq *x = &r->irq[i];

		if (!ref_cand(x) || !f->deliverable(f->ctx, i, x->prio))
			continue;
		if (best < 0 || x->prio < r->irq[best].prio ||
		    (x->prio == r->irq[best].prio &&
		     x->seq < r->irq[best].seq))
			best = (int)i;
	}
	return best;
}

/* Random-run state: two vCPUs with local queues, one floating queue. */
struct world {
	struct irqq q[3];		/* 0, 1: local; 2: floating */
	struct ref_q r[3];
	struct mask m[2][2];		/* [vcpu][0 local, 1 floating] */
	struct irqq_filter f[2][2];
	uint64_t rng;
	unsigned int op;
	unsigned long hits_take, hits_pa, hits_resample;
};

static unsigned int rnd(struct world *w, unsigned int n)
{
	return (unsigned int)(unit_test_rand(&w->rng) >> 33) % n;
}

/* Millions of checks in this run: UNIT_CHECK, naming seed and step. */
#define RCHK(w, cond) \
	UNIT_CHECK(cond, "seed %llu op %u: %s", test_seed, (w)->op, #cond)

static unsigned int rnd_prio(struct world *w)
{
	unsigned int k = rnd(w, 100);

	if (k < 3)	/* out of range */
		return rnd(w, 2) ? UINT_MAX : IRQQ_NR_PRIOS + rnd(w, 1000);
	if (k < 15)
		return rnd(w, IRQQ_NR_PRIOS);
	if (k < 20)
		return IRQQ_PRIO_LOWEST;
	return rnd(w, 6);	/* few levels: lots of same-priority ties */
}

/* Random id, sometimes out of range; biased to active ones on request. */
static unsigned int rnd_id(struct world *w, unsigned int qi, bool active)
{
	const struct ref_q *r = &w->r[qi];

	if (active && rnd(w, 4)) {
		unsigned int start = rnd(w, r->nr);

		for (unsigned int k = 0; k < r->nr; k++) {
			unsigned int i = (start + k) % r->nr;

			if (r->irq[i].active)
				return i;
		}
	}
	if (rnd(w, 50) == 0)
		return rnd(w, 2) ? UINT_MAX : r->nr + rnd(w, 100);
	return rnd(w, r->nr);
}

static void compare_all(struct world *w)
{
	for (unsigned int qi = 0; qi < 3; qi++) {
		const struct ref_q *r = &w->r[qi];
		struct irqq_counters c;

		for (unsigned int i = 0; i < r->nr; i++) {
			const struct ref_irq *x = &r->irq[i];
			struct irqq_info info;

			RCHK(w, irqq_get(&w->q[qi], i, &info) == 0);
			RCHK(w, info.state == (enum irqq_state)(
					(x->pending ? IRQQ_PENDING : 0) |
					(x->active ? IRQQ_ACTIVE : 0)));
			RCHK(w, info.trigger == (x->level ? IRQQ_LEVEL :
							     IRQQ_EDGE));
			RCHK(w, info.prio == x->prio);
			RCHK(w, info.enabled == x->enabled);
			RCHK(w, info.line == x->line);
		}
		RCHK(w, irqq_get_counters(&w->q[qi], &c) == 0);
		RCHK(w, memcmp(&c, &r->cnt, sizeof(c)) == 0);
		RCHK(w, irqq_check(&w->q[qi]) == 0);
	}
}

/* Merged lookup for vCPU @v in the model and the queue; @take acks. */
static void step_lookup(struct world *w, unsigned int v, bool take,
			bool with_floating)
{
	struct ref_q *lr = &w->r[v], *fr = &w->r[2];
	int lb = ref_best1(lr, &w->f[v][0]);
	int fb = with_floating ? ref_best1(fr, &w->f[v][1]) : -1;
	struct ref_q *wr = NULL;
	unsigned int wi = 0;
	struct irqq_pick p = { NULL, 0, 0 };
	int ret;

	if (lb >= 0 && (fb < 0 || lr->irq[lb].prio <= fr->irq[fb].prio)) {
		wr = lr;
		wi = (unsigned int)lb;
	} else if (fb >= 0) {
		wr = fr;
		wi = (unsigned int)fb;
	}

	if (take)
		ret = irqq_take(&w->q[v], &w->f[v][0],
				with_floating ? &w->q[2] : NULL, &w->f[v][1],
				&p);
	else
		ret = irqq_best(&w->q[v], &w->f[v][0],
				with_floating ? &w->q[2] : NULL, &w->f[v][1],
				&p);
	if (!wr) {
		RCHK(w, ret == -ENOENT);
		return;
	}
	RCHK(w, ret == 0);
	RCHK(w, p.q == &w->q[wr == lr ? v : 2]);
	RCHK(w, p.id == wi);
	RCHK(w, p.prio == wr->irq[wi].prio);
	if (take) {
		RCHK(w, ref_ack(wr, wi) == 0);
		w->hits_take++;
	}
}

static void step(struct world *w)
{
	unsigned int qi = rnd(w, 3), v = rnd(w, 2), op = rnd(w, 100);
	struct irqq *q = &w->q[qi];
	struct ref_q *r = &w->r[qi];
	unsigned int id, prio;
	bool b;

	if (op < 16) {
		id = rnd_id(w, qi, false);
		if (id < r->nr && r->irq[id].active && !r->irq[id].pending)
			w->hits_pa++;
		RCHK(w, irqq_inject_edge(q, id) == ref_inject(r, id));
	} else if (op < 28) {
		id = rnd_id(w, qi, false);
		b = rnd(w, 2);
		RCHK(w, irqq_set_level(q, id, b) == ref_set_level(r, id, b));
	} else if (op < 44) {
		step_lookup(w, v, true, rnd(w, 4) != 0);
	} else if (op < 50) {
		step_lookup(w, v, false, rnd(w, 4) != 0);
	} else if (op < 54) {
		id = rnd_id(w, qi, false);
		RCHK(w, irqq_ack(q, id) == ref_ack(r, id));
	} else if (op < 70) {
		id = rnd_id(w, qi, true);
		if (id < r->nr && r->irq[id].active && r->irq[id].line)
			w->hits_resample++;
		RCHK(w, irqq_complete(q, id) == ref_complete(r, id));
	} else if (op < 78) {
		id = rnd_id(w, qi, false);
		prio = rnd_prio(w);
		RCHK(w, irqq_set_priority(q, id, prio) ==
				ref_set_prio(r, id, prio));
	} else if (op < 83) {
		id = rnd_id(w, qi, false);
		b = rnd(w, 4) != 0;
		RCHK(w, irqq_set_enabled(q, id, b) ==
				ref_set_enabled(r, id, b));
	} else if (op < 89) {
		int trig = rnd(w, 20) ? (int)rnd(w, 2) : 2;

		id = rnd_id(w, qi, false);
		RCHK(w, irqq_set_trigger(q, id, (enum irqq_trigger)trig) ==
				ref_set_trigger(r, id, trig));
	} else if (op < 92) {
		id = rnd_id(w, qi, false);
		RCHK(w, irqq_clear_pending(q, id) == ref_clear(r, id));
	} else {
		/* Mask changes of one vCPU's view of one queue. */
		struct mask *m = &w->m[v][rnd(w, 2)];

		if (rnd(w, 3) == 0)
			m->pmr = rnd(w, 4) ? 2 + rnd(w, 6) : IRQQ_NR_PRIOS;
		else {
			id = rnd(w, R_MAX_IDS);
			m->masked[id] = !m->masked[id];
		}
	}
}

START_TEST(test_random_vs_reference)
{
	static struct world w;
	static const unsigned int nr[3] = { R_LOCAL_IDS, R_LOCAL_IDS,
					    R_FLOAT_IDS };
	struct irqq_counters tot = { 0 };

	memset(&w, 0, sizeof(w));
	test_seed = unit_test_seed(0x2a5eed1e5ULL);
	w.rng = test_seed ? test_seed : 1;
	for (unsigned int qi = 0; qi < 3; qi++) {
		OK(irqq_init(&w.q[qi], nr[qi]));
		ref_init(&w.r[qi], nr[qi]);
	}
	for (unsigned int v = 0; v < 2; v++) {
		for (unsigned int k = 0; k < 2; k++)
			w.f[v][k] = mask_filter(&w.m[v][k]);
	}

	for (w.op = 0; w.op < R_OPS; w.op++) {
		step(&w);
		compare_all(&w);
	}

	/* Drain: lines low, everything enabled and unmasked, then take and
	 * complete until empty; afterwards nothing may be pending. */
	for (unsigned int v = 0; v < 2; v++)
		for (unsigned int k = 0; k < 2; k++)
			mask_clear(&w.m[v][k]);
	for (unsigned int qi = 0; qi < 3; qi++) {
		for (unsigned int i = 0; i < nr[qi]; i++) {
			OK(irqq_set_enabled(&w.q[qi], i, true));
			if (w.r[qi].irq[i].level)
				OK(irqq_set_level(&w.q[qi], i, false));
			if (w.r[qi].irq[i].active)
				OK(irqq_complete(&w.q[qi], i));
		}
	}
	for (unsigned int v = 0; v < 2; v++) {
		struct irqq_pick p;

		while (irqq_take(&w.q[v], &w.f[v][0], &w.q[2], &w.f[v][1],
				 &p) == 0)
			OK(irqq_complete(p.q, p.id));
	}
	for (unsigned int qi = 0; qi < 3; qi++) {
		struct irqq_counters c = counters(&w.q[qi]);

		for (unsigned int i = 0; i < nr[qi]; i++)
			ck_assert_int_eq(state_of(&w.q[qi], i), IRQQ_INACTIVE);
		OK(irqq_check(&w.q[qi]));
		/* With nothing left pending or active the books balance. */
		ck_assert_uint_eq(c.injected + c.raised,
				  c.delivered + c.coalesced + c.dropped);
		ck_assert_uint_eq(c.delivered, c.completed);
		tot.injected += c.injected;
		tot.coalesced += c.coalesced;
		tot.raised += c.raised;
		tot.dropped += c.dropped;
	}

	/* The run must have exercised the interesting paths. */
	ck_assert_msg(w.hits_take > 1000, "seed %llu: only %lu takes",
		      test_seed, w.hits_take);
	ck_assert_msg(w.hits_pa > 50 && w.hits_resample > 20,
		      "seed %llu: pa %lu resample %lu", test_seed, w.hits_pa,
		      w.hits_resample);
	ck_assert_msg(tot.coalesced > 50 && tot.raised > 100 &&
			      tot.dropped > 100,
		      "seed %llu: coalesced %llu raised %llu dropped %llu",
		      test_seed, (unsigned long long)tot.coalesced,
		      (unsigned long long)tot.raised,
		      (unsigned long long)tot.dropped);
}
END_TEST

/* ---- main --------------------------------------------------------------- */

static Suite *irqq_suite(void)
{
	Suite *s = suite_create("irq_queue");
	TCase *tc = unit_test_tcase(s, "fixed", NULL, 0);
	/* Generous: qemu-user runs this several times slower. */
	TCase *tr = unit_test_tcase(s, "random", NULL, 120);

	tcase_add_test(tc, test_init_args);
	tcase_add_test(tc, test_empty_lookup);
	tcase_add_test(tc, test_single_cycle);
	tcase_add_test(tc, test_priority_order);
	tcase_add_test(tc, test_same_priority_fifo);
	tcase_add_test(tc, test_edge_coalesce);
	tcase_add_test(tc, test_pending_active_reraise);
	tcase_add_test(tc, test_level_resample);
	tcase_add_test(tc, test_level_drop_cancels);
	tcase_add_test(tc, test_level_rise_while_active);
	tcase_add_test(tc, test_filter_masked_high_prio);
	tcase_add_test(tc, test_disabled_stays_pending);
	tcase_add_test(tc, test_priority_change_pending);
	tcase_add_test(tc, test_priority_change_active_and_disabled);
	tcase_add_test(tc, test_floating_local_merge);
	tcase_add_test(tc, test_floating_taken_once);
	tcase_add_test(tc, test_merge_tie_and_filters);
	tcase_add_test(tc, test_invalid_args);
	tcase_add_test(tc, test_invalid_priority);
	tcase_add_test(tc, test_trigger_rules);
	tcase_add_test(tc, test_ack_complete_wrong_state);
	tcase_add_test(tc, test_clear_pending);
	tcase_add_test(tc, test_counters);
	tcase_add_test(tc, test_check_detects_damage);
	tcase_add_test(tc, test_full_domain);

	tcase_add_test(tr, test_random_vs_reference);
	return s;
}

int main(void)
{
	return unit_test_run(irqq_suite());
}
