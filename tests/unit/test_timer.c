/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the timer queue (common/timer.c), over a fake clock and a
 * fake comparator that records every write.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/errno.h"
#include "common/timer.h"
#include "tests/unit/unit_test.h"

/* ---- fake hardware ---------------------------------------------------- */

struct fake_hw {
	uint64_t now;
	bool armed;        /* comparator enabled */
	uint64_t cmp;      /* its value while armed */
	unsigned programs; /* program() calls */
	unsigned stops;    /* stop() calls */
};

static uint64_t fake_now(void *ctx)
{
	return ((struct fake_hw *)ctx)->now;
}

static void fake_program(void *ctx, uint64_t deadline)
{
	struct fake_hw *hw = ctx;

	hw->armed = true;
	hw->cmp = deadline;
	hw->programs++;
}

static void fake_stop(void *ctx)
{
	struct fake_hw *hw = ctx;

	hw->armed = false;
	hw->stops++;
}

static const struct timer_queue_ops fake_ops = {
	.now = fake_now,
	.program = fake_program,
	.stop = fake_stop,
};

static const struct timer_queue_ops fake_ops_nostop = {
	.now = fake_now,
	.program = fake_program,
};

/* ---- fixtures: a queue, some timers and a log of who fired ------------ */

#define NT 8

static struct fake_hw hw;
static struct timer_queue q;
static struct timer tm[NT];
static int fired_log[64];
static unsigned nfired;

static void log_fn(struct timer *t, void *arg)
{
	(void)t;
	ck_assert_uint_lt(nfired, ARRAY_SIZE(fired_log));
	fired_log[nfired++] = (int)(intptr_t)arg;
}

static void setup(void)
{
	hw = (struct fake_hw){ 0 };
	nfired = 0;
	ck_assert_int_eq(timer_queue_init(&q, &fake_ops, &hw), 0);
	for (int i = 0; i < NT; i++)
		timer_init(&tm[i], log_fn, (void *)(intptr_t)i);
}

static void check_log(const int *want, unsigned n)
{
	ck_assert_uint_eq(nfired, n);
	for (unsigned i = 0; i < n; i++)
		ck_assert_msg(fired_log[i] == want[i], "fire %u: got %d want %d",
			      i, fired_log[i], want[i]);
}

/* ---- tests ------------------------------------------------------------ */

START_TEST(test_fire_in_deadline_order)
{
	ck_assert_int_eq(timer_arm(&q, &tm[0], 300), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[1], 100), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[2], 200), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[3], 400), 0);

	hw.now = 99;
	ck_assert_int_eq(timer_queue_expire(&q), 0);
	hw.now = 300; /* 100, 200 and 300 are due; 300 exactly at now */
	ck_assert_int_eq(timer_queue_expire(&q), 3);
	static const int want[] = { 1, 2, 0 };
	check_log(want, 3);
	ck_assert(!timer_is_armed(&tm[0]));
	ck_assert(timer_is_armed(&tm[3]));
	ck_assert(hw.armed);
	ck_assert_uint_eq(hw.cmp, 400);
	ck_assert_uint_eq(q.fired, 3);
}
END_TEST

START_TEST(test_ties_fire_fifo)
{
	/* Same deadline: arming order decides, and re-arming moves to the back. */
	ck_assert_int_eq(timer_arm(&q, &tm[3], 50), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[1], 50), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[2], 50), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[0], 50), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[1], 50), 0); /* re-arm: now last */
	ck_assert_int_eq(timer_arm(&q, &tm[4], 49), 0);

	hw.now = 1000;
	ck_assert_int_eq(timer_queue_expire(&q), 5);
	static const int want[] = { 4, 3, 2, 0, 1 };
	check_log(want, 5);
	ck_assert(!hw.armed);
}
END_TEST

START_TEST(test_rearm_earlier_and_later)
{
	ck_assert_int_eq(timer_arm(&q, &tm[0], 100), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[1], 200), 0);
	ck_assert_uint_eq(hw.cmp, 100);

	/* Later: tm0 moves behind tm1 and the comparator follows. */
	ck_assert_int_eq(timer_arm(&q, &tm[0], 300), 0);
	ck_assert_uint_eq(hw.cmp, 200);
	ck_assert_uint_eq(timer_deadline(&tm[0]), 300);

	/* Earlier: tm0 jumps to the front. */
	ck_assert_int_eq(timer_arm(&q, &tm[0], 150), 0);
	ck_assert_uint_eq(hw.cmp, 150);

	hw.now = 160;
	ck_assert_int_eq(timer_queue_expire(&q), 1);
	hw.now = 500;
	ck_assert_int_eq(timer_queue_expire(&q), 1);
	static const int want[] = { 0, 1 };
	check_log(want, 2); /* each fired once: re-arming did not duplicate */
}
END_TEST

START_TEST(test_cancel)
{
	ck_assert_int_eq(timer_arm(&q, &tm[0], 100), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[1], 200), 0);
	timer_cancel(&tm[0]);
	ck_assert(!timer_is_armed(&tm[0]));
	ck_assert(hw.armed);
	ck_assert_uint_eq(hw.cmp, 200);
	timer_cancel(&tm[1]);
	ck_assert(!hw.armed);
	ck_assert_uint_eq(hw.stops, 1);

	hw.now = 1000;
	ck_assert_int_eq(timer_queue_expire(&q), 0);
	ck_assert_uint_eq(nfired, 0);
}
END_TEST

START_TEST(test_cancel_unarmed_is_harmless)
{
	timer_cancel(&tm[0]);
	timer_cancel(&tm[0]);
	timer_cancel(NULL);
	ck_assert_uint_eq(hw.programs + hw.stops, 0);
	ck_assert_uint_eq(timer_queue_reprograms(&q), 0);

	ck_assert_int_eq(timer_arm(&q, &tm[0], 10), 0);
	timer_cancel(&tm[0]);
	timer_cancel(&tm[0]); /* second cancel: no extra stop() */
	ck_assert_uint_eq(hw.programs, 1);
	ck_assert_uint_eq(hw.stops, 1);
	ck_assert(!timer_is_armed(&tm[0]));
}
END_TEST

/* A periodic timer: re-arms itself from its callback. */
static unsigned periodic_count;

static void periodic_fn(struct timer *t, void *arg)
{
	(void)arg;
	periodic_count++;
	ck_assert(!timer_is_armed(t)); /* disarmed before the call */
	if (periodic_count < 5)
		ck_assert_int_eq(timer_arm(&q, t, timer_deadline(t) + 10), 0);
}

START_TEST(test_periodic_self_rearm)
{
	struct timer p;

	periodic_count = 0;
	timer_init(&p, periodic_fn, NULL);
	ck_assert_int_eq(timer_arm(&q, &p, 10), 0);
	for (uint64_t t = 10; t <= 100; t += 10) {
		hw.now = t;
		timer_queue_expire(&q);
		if (periodic_count < 5) {
			ck_assert(hw.armed);
			ck_assert_uint_eq(hw.cmp, t + 10);
		}
	}
	ck_assert_uint_eq(periodic_count, 5);
	ck_assert(!timer_is_armed(&p));
	ck_assert(!hw.armed);
}
END_TEST

/* tm[0]'s callback cancels tm[1] (due) and tm[2] (not yet due). */
static void cancel_others_fn(struct timer *t, void *arg)
{
	log_fn(t, arg);
	timer_cancel(&tm[1]);
	timer_cancel(&tm[2]);
}

START_TEST(test_callback_cancels_another)
{
	timer_init(&tm[0], cancel_others_fn, (void *)(intptr_t)0);
	ck_assert_int_eq(timer_arm(&q, &tm[0], 10), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[1], 10), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[2], 500), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[3], 600), 0);
	unsigned before = hw.programs;

	hw.now = 20;
	ck_assert_int_eq(timer_queue_expire(&q), 1);
	static const int want[] = { 0 };
	check_log(want, 1);
	ck_assert(!timer_is_armed(&tm[1]));
	ck_assert(!timer_is_armed(&tm[2]));
	/* One comparator write at the end, straight to the survivor. */
	ck_assert_uint_eq(hw.programs, before + 1);
	ck_assert_uint_eq(hw.cmp, 600);
}
END_TEST

START_TEST(test_comparator_tracks_earliest)
{
	ck_assert(!hw.armed);
	ck_assert_int_eq(timer_arm(&q, &tm[0], 500), 0);
	ck_assert_uint_eq(hw.cmp, 500);
	ck_assert_int_eq(timer_arm(&q, &tm[1], 300), 0);
	ck_assert_uint_eq(hw.cmp, 300);
	ck_assert_int_eq(timer_arm(&q, &tm[2], 0), 0); /* in the past */
	ck_assert_uint_eq(hw.cmp, 0);

	uint64_t e;
	ck_assert(timer_queue_earliest(&q, &e));
	ck_assert_uint_eq(e, 0);

	timer_cancel(&tm[2]);
	ck_assert_uint_eq(hw.cmp, 300);
	hw.now = 300;
	ck_assert_int_eq(timer_queue_expire(&q), 1);
	ck_assert_uint_eq(hw.cmp, 500);
	hw.now = 500;
	ck_assert_int_eq(timer_queue_expire(&q), 1);
	ck_assert(!hw.armed);
	ck_assert(!timer_queue_earliest(&q, &e));
	ck_assert_uint_eq(timer_queue_reprograms(&q),
			  hw.programs + hw.stops);
}
END_TEST

START_TEST(test_no_reprogram_without_change)
{
	ck_assert_int_eq(timer_arm(&q, &tm[0], 100), 0);
	ck_assert_uint_eq(hw.programs, 1);

	/* Later timers, cancelling/re-arming them: earliest stays 100. */
	ck_assert_int_eq(timer_arm(&q, &tm[1], 200), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[2], 100), 0); /* tie behind tm0 */
	ck_assert_int_eq(timer_arm(&q, &tm[1], 250), 0);
	timer_cancel(&tm[1]);
	timer_cancel(&tm[2]);
	ck_assert_int_eq(timer_arm(&q, &tm[0], 100), 0); /* same deadline */

	/* An expiry with nothing due leaves the comparator alone. */
	hw.now = 50;
	ck_assert_int_eq(timer_queue_expire(&q), 0);

	/* Cancel the head while an equal deadline remains: no write. */
	ck_assert_int_eq(timer_arm(&q, &tm[3], 100), 0);
	timer_cancel(&tm[0]);

	ck_assert_uint_eq(hw.programs, 1);
	ck_assert_uint_eq(hw.stops, 0);
	ck_assert_uint_eq(timer_queue_reprograms(&q), 1);
}
END_TEST

START_TEST(test_deadlines_near_u64_max)
{
	ck_assert_int_eq(timer_arm(&q, &tm[0], UINT64_MAX), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[1], UINT64_MAX - 1), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[2], 0), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[3], UINT64_MAX / 2 + 1), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[4], UINT64_MAX), 0);

	/* A signed difference would call 0 "after" the top half. */
	hw.now = 1;
	ck_assert_int_eq(timer_queue_expire(&q), 1);
	ck_assert_uint_eq(hw.cmp, UINT64_MAX / 2 + 1);
	hw.now = UINT64_MAX / 2;
	ck_assert_int_eq(timer_queue_expire(&q), 0);
	hw.now = UINT64_MAX - 2;
	ck_assert_int_eq(timer_queue_expire(&q), 1);
	ck_assert_uint_eq(hw.cmp, UINT64_MAX - 1);
	hw.now = UINT64_MAX - 1;
	ck_assert_int_eq(timer_queue_expire(&q), 1);
	ck_assert(hw.armed);
	ck_assert_uint_eq(hw.cmp, UINT64_MAX); /* a real deadline, not "off" */
	hw.now = UINT64_MAX;
	ck_assert_int_eq(timer_queue_expire(&q), 2);
	static const int want[] = { 2, 3, 1, 0, 4 };
	check_log(want, 5);
	ck_assert(!hw.armed);
	ck_assert_uint_eq(hw.stops, 1);
}
END_TEST

START_TEST(test_arm_relative_saturates)
{
	hw.now = 1000;
	ck_assert_int_eq(timer_arm_relative(&q, &tm[0], 5), 0);
	ck_assert_uint_eq(timer_deadline(&tm[0]), 1005);
	ck_assert_int_eq(timer_arm_relative(&q, &tm[1], 0), 0);
	ck_assert_uint_eq(timer_deadline(&tm[1]), 1000);

	hw.now = UINT64_MAX - 10;
	ck_assert_int_eq(timer_arm_relative(&q, &tm[2], 10), 0);
	ck_assert_uint_eq(timer_deadline(&tm[2]), UINT64_MAX);
	ck_assert_int_eq(timer_arm_relative(&q, &tm[3], 11), 0);
	ck_assert_uint_eq(timer_deadline(&tm[3]), UINT64_MAX);
	ck_assert_int_eq(timer_arm_relative(&q, &tm[4], UINT64_MAX), 0);
	ck_assert_uint_eq(timer_deadline(&tm[4]), UINT64_MAX);

	/* Saturated timers must not have wrapped into the past. */
	ck_assert_int_eq(timer_queue_expire(&q), 2);
	static const int want[] = { 1, 0 };
	check_log(want, 2);
	ck_assert_uint_eq(hw.cmp, UINT64_MAX);
}
END_TEST

START_TEST(test_bad_arguments)
{
	struct timer_queue q2;
	struct fake_hw hw2 = { 0 };
	struct timer nofn;
	const struct timer_queue_ops no_program = { .now = fake_now };

	ck_assert_int_eq(timer_queue_init(NULL, &fake_ops, &hw), -EINVAL);
	ck_assert_int_eq(timer_queue_init(&q2, NULL, &hw), -EINVAL);
	ck_assert_int_eq(timer_queue_init(&q2, &no_program, &hw), -EINVAL);
	ck_assert_int_eq(timer_queue_init(&q2, &fake_ops, &hw2), 0);

	timer_init(&nofn, NULL, NULL);
	ck_assert_int_eq(timer_arm(&q, &nofn, 5), -EINVAL);
	ck_assert_int_eq(timer_arm(NULL, &tm[0], 5), -EINVAL);
	ck_assert_int_eq(timer_arm(&q, NULL, 5), -EINVAL);
	ck_assert_int_eq(timer_arm_relative(NULL, &tm[0], 5), -EINVAL);
	ck_assert_int_eq(timer_queue_expire(NULL), -EINVAL);

	/* Armed on one CPU's queue: another queue must not steal it. */
	ck_assert_int_eq(timer_arm(&q, &tm[0], 5), 0);
	ck_assert_int_eq(timer_arm(&q2, &tm[0], 7), -EBUSY);
	ck_assert_uint_eq(timer_deadline(&tm[0]), 5);
	ck_assert_uint_eq(hw2.programs, 0);
	timer_cancel(&tm[0]);
	ck_assert_int_eq(timer_arm(&q2, &tm[0], 7), 0);
	ck_assert_uint_eq(hw2.cmp, 7);
	ck_assert(!hw.armed);
	ck_assert_uint_eq(hw.programs + hw.stops, 2);
}
END_TEST

/* Zero-period timer and a nested expire from inside a callback. */
static int nested_rc;

static void zero_period_fn(struct timer *t, void *arg)
{
	log_fn(t, arg);
	nested_rc = timer_queue_expire(&q);
	ck_assert_int_eq(timer_arm(&q, t, hw.now), 0); /* due again at once */
}

START_TEST(test_armed_during_expire_waits_for_next_call)
{
	timer_init(&tm[0], zero_period_fn, (void *)(intptr_t)0);
	ck_assert_int_eq(timer_arm(&q, &tm[0], 10), 0);
	hw.now = 10;
	nested_rc = 0;
	ck_assert_int_eq(timer_queue_expire(&q), 1);
	ck_assert_int_eq(nested_rc, -EBUSY);
	/* Still due: the comparator stays in the past so it fires again. */
	ck_assert(timer_is_armed(&tm[0]));
	ck_assert(hw.armed);
	ck_assert_uint_eq(hw.cmp, 10);
	ck_assert_int_eq(timer_queue_expire(&q), 1);
	ck_assert_uint_eq(nfired, 2);
}
END_TEST

/* A callback arming an earlier deadline than the remaining head. */
static void arm_other_fn(struct timer *t, void *arg)
{
	log_fn(t, arg);
	ck_assert_int_eq(timer_arm(&q, &tm[5], 150), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[6], 140), 0);
}

START_TEST(test_callback_arms_others_single_write)
{
	timer_init(&tm[0], arm_other_fn, (void *)(intptr_t)0);
	ck_assert_int_eq(timer_arm(&q, &tm[0], 100), 0);
	ck_assert_int_eq(timer_arm(&q, &tm[1], 900), 0);
	unsigned before = hw.programs;
	hw.now = 120;
	ck_assert_int_eq(timer_queue_expire(&q), 1);
	ck_assert_uint_eq(hw.programs, before + 1);
	ck_assert_uint_eq(hw.cmp, 140);
}
END_TEST

START_TEST(test_no_stop_op_uses_max)
{
	struct timer_queue q2;
	struct fake_hw hw2 = { 0 };

	ck_assert_int_eq(timer_queue_init(&q2, &fake_ops_nostop, &hw2), 0);
	ck_assert_int_eq(timer_arm(&q2, &tm[0], 42), 0);
	ck_assert_uint_eq(hw2.cmp, 42);
	timer_cancel(&tm[0]);
	ck_assert_uint_eq(hw2.cmp, UINT64_MAX);
	ck_assert_uint_eq(hw2.programs, 2);
}
END_TEST

/* ---- randomized run against a reference --------------------------------- */

/*
 * The reference is the plainest possible description of the rules: a flag,
 * a deadline and an arming sequence number per timer; "next to fire" is a
 * linear scan for the smallest (deadline, seq) among the timers that were
 * due when expire started and have not been cancelled or re-armed since.
 */
#define RT 16

struct ref_timer {
	bool armed;
	uint64_t deadline;
	uint64_t seq;
	bool in_batch;     /* due at expire entry */
	uint64_t batch_seq;
};

static struct {
	uint64_t seed;
	uint64_t rng;
	struct ref_timer r[RT];
	struct timer t[RT];
	uint64_t seq;
	unsigned op;
	unsigned fired;
} R;

static uint64_t rnd(void)
{
	return unit_test_rand(&R.rng);
}

static uint64_t rnd_below(uint64_t n)
{
	return rnd() % n;
}

/* The randomized loop's check (see UNIT_CHECK), naming seed and step. */
#define RCHECK(cond, fmt, ...)                                           \
	UNIT_CHECK(cond, "seed %#" PRIx64 " op %u: " fmt, R.seed, R.op, \
		   ##__VA_ARGS__)

static void ref_arm(int i, uint64_t deadline)
{
	R.r[i].armed = true;
	R.r[i].deadline = deadline;
	R.r[i].seq = R.seq++;
}

static uint64_t rnd_deadline(void)
{
	uint64_t now = hw.now, d;

	switch (rnd_below(8)) {
	case 0:
		return now > 0 ? now - rnd_below(MIN(now, 100) + 1) : 0;
	case 1:
		return UINT64_MAX - rnd_below(4);
	case 2:
		return rnd();
	default:
		if (add_overflows(now, rnd_below(200), &d))
			d = UINT64_MAX;
		return d;
	}
}

/* Arm, arm_relative or cancel a random timer on both sides. */
static void rnd_action(void)
{
	int i = (int)rnd_below(RT);
	uint64_t d;

	switch (rnd_below(3)) {
	case 0:
		d = rnd_deadline();
		RCHECK(timer_arm(&q, &R.t[i], d) == 0, "arm");
		ref_arm(i, d);
		break;
	case 1:
		d = rnd_below(4) == 0 ? UINT64_MAX - rnd_below(3) : rnd_below(150);
		RCHECK(timer_arm_relative(&q, &R.t[i], d) == 0, "arm_rel");
		if (add_overflows(hw.now, d, &d))
			d = UINT64_MAX;
		ref_arm(i, d);
		break;
	default:
		timer_cancel(&R.t[i]);
		R.r[i].armed = false;
		break;
	}
}

static void rnd_fn(struct timer *t, void *arg)
{
	int id = (int)(intptr_t)arg, want = -1;

	(void)t;
	for (int i = 0; i < RT; i++) {
		struct ref_timer *r = &R.r[i];

		if (!r->in_batch || !r->armed || r->seq != r->batch_seq)
			continue;
		if (want < 0 || r->deadline < R.r[want].deadline ||
		    (r->deadline == R.r[want].deadline &&
		     r->seq < R.r[want].seq))
			want = i;
	}
	RCHECK(id == want, "fired %d, reference wants %d", id, want);
	R.r[id].armed = false;
	R.fired++;

	/* Callbacks poke the queue too: self re-arm, arm or cancel others. */
	for (uint64_t n = rnd_below(3); n > 0; n--)
		rnd_action();
}

/* The comparator the reference expects: earliest armed deadline, or off. */
static bool ref_earliest(uint64_t *d)
{
	bool any = false;

	for (int i = 0; i < RT; i++) {
		if (R.r[i].armed && (!any || R.r[i].deadline < *d)) {
			*d = R.r[i].deadline;
			any = true;
		}
	}
	return any;
}

static void random_run(uint64_t start, unsigned ops)
{
	nfired = 0;
	hw = (struct fake_hw){ .now = start };
	R.seed = unit_test_seed(0x5eedf00dULL);
	R.rng = R.seed ^ start ^ 0x9e3779b97f4a7c15ULL;
	if (!R.rng)
		R.rng = 1;
	R.seq = 0;
	R.fired = 0;
	ck_assert_int_eq(timer_queue_init(&q, &fake_ops, &hw), 0);
	for (int i = 0; i < RT; i++) {
		R.r[i] = (struct ref_timer){ 0 };
		timer_init(&R.t[i], rnd_fn, (void *)(intptr_t)i);
	}

	for (R.op = 0; R.op < ops; R.op++) {
		bool was_armed = hw.armed;
		uint64_t was_cmp = hw.cmp, want_cmp = 0;
		uint64_t writes = hw.programs + hw.stops;

		if (rnd_below(3) == 0) {
			/* Advance the clock (saturating) and take the interrupt. */
			uint64_t step = rnd_below(6) == 0 ? rnd_below(1000)
							   : rnd_below(40);
			unsigned expect = 0, before = R.fired;

			if (add_overflows(hw.now, step, &hw.now))
				hw.now = UINT64_MAX;
			for (int i = 0; i < RT; i++) {
				struct ref_timer *r = &R.r[i];

				r->in_batch = r->armed && r->deadline <= hw.now;
				r->batch_seq = r->seq;
				expect += r->in_batch;
			}
			int ran = timer_queue_expire(&q);
			RCHECK(ran >= 0 && (unsigned)ran == R.fired - before,
			       "expire ran %d, callbacks saw %u", ran,
			       R.fired - before);
			RCHECK((unsigned)ran <= expect, "ran %d > due %u", ran,
			       expect);
			for (int i = 0; i < RT; i++) {
				struct ref_timer *r = &R.r[i];

				RCHECK(!(r->in_batch && r->armed &&
					 r->seq == r->batch_seq),
				       "timer %d due but not run", i);
				r->in_batch = false;
			}
		} else {
			rnd_action();
		}

		/* Armed flags, comparator value, and write only on change. */
		for (int i = 0; i < RT; i++)
			RCHECK(timer_is_armed(&R.t[i]) == R.r[i].armed,
			       "armed flag of %d", i);
		bool want_armed = ref_earliest(&want_cmp);
		RCHECK(hw.armed == want_armed, "comparator enable");
		if (want_armed)
			RCHECK(hw.cmp == want_cmp,
			       "comparator %#" PRIx64 " want %#" PRIx64,
			       hw.cmp, want_cmp);
		bool changed = was_armed != want_armed ||
			       (want_armed && was_cmp != want_cmp);
		RCHECK(hw.programs + hw.stops == writes + (changed ? 1 : 0),
		       "comparator writes %" PRIu64 " -> %u (changed %d)",
		       writes, hw.programs + hw.stops, changed);
	}
	RCHECK(timer_queue_reprograms(&q) == hw.programs + hw.stops,
	       "reprogram count");
	/* The run must actually have exercised expiry. */
	RCHECK(R.fired > ops / 20, "only %u timers fired", R.fired);
}

START_TEST(test_random_against_reference)
{
	random_run(0, 20000);
	random_run(1000, 20000);
}
END_TEST

START_TEST(test_random_near_top_of_clock)
{
	random_run(UINT64_MAX - 60000, 20000);
}
END_TEST

static Suite *timer_suite(void)
{
	Suite *s = suite_create("timer");
	TCase *tc = unit_test_tcase(s, "core", setup, 60);

	tcase_add_test(tc, test_fire_in_deadline_order);
	tcase_add_test(tc, test_ties_fire_fifo);
	tcase_add_test(tc, test_rearm_earlier_and_later);
	tcase_add_test(tc, test_cancel);
	tcase_add_test(tc, test_cancel_unarmed_is_harmless);
	tcase_add_test(tc, test_periodic_self_rearm);
	tcase_add_test(tc, test_callback_cancels_another);
	tcase_add_test(tc, test_comparator_tracks_earliest);
	tcase_add_test(tc, test_no_reprogram_without_change);
	tcase_add_test(tc, test_deadlines_near_u64_max);
	tcase_add_test(tc, test_arm_relative_saturates);
	tcase_add_test(tc, test_bad_arguments);
	tcase_add_test(tc, test_armed_during_expire_waits_for_next_call);
	tcase_add_test(tc, test_callback_arms_others_single_write);
	tcase_add_test(tc, test_no_stop_op_uses_max);
	tcase_add_test(tc, test_random_against_reference);
	tcase_add_test(tc, test_random_near_top_of_clock);
	return s;
}

int main(void)
{
	return unit_test_run(timer_suite());
}
