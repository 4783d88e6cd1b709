/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for common/spinlock.h: mutual exclusion between real host
 * threads, trylock, and the relax hook being called while waiting.
 */
#include <check.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

#include "common/spinlock.h"
#include "tests/unit/unit_test.h"

#define ITERATIONS 200000

struct shared {
	struct spinlock lock;
	pthread_barrier_t start;
	/*
	 * Only the lock keeps these consistent. volatile stops the compiler
	 * from merging the read-modify-write, so that without mutual
	 * exclusion increments really get lost.
	 */
	volatile unsigned long counter;
	volatile unsigned long shadow;
	int broken;
};

static void *hammer(void *arg)
{
	struct shared *sh = arg;

	/* Start together, so that the threads really overlap. */
	pthread_barrier_wait(&sh->start);
	for (int i = 0; i < ITERATIONS; i++) {
		unsigned long v;

		spin_lock(&sh->lock);
		v = sh->counter;
		/* Two fields that must always agree inside the lock. */
		if (v != sh->shadow)
			sh->broken = 1;
		sh->shadow = v + 1;
		sh->counter = v + 1;
		spin_unlock(&sh->lock);
	}
	return NULL;
}

START_TEST(test_two_threads_count)
{
	struct shared sh = { .lock = SPINLOCK_INIT };
	pthread_t a, b;

	ck_assert_int_eq(pthread_barrier_init(&sh.start, NULL, 2), 0);
	ck_assert_int_eq(pthread_create(&a, NULL, hammer, &sh), 0);
	ck_assert_int_eq(pthread_create(&b, NULL, hammer, &sh), 0);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	pthread_barrier_destroy(&sh.start);
	ck_assert_uint_eq(sh.counter, 2UL * ITERATIONS);
	ck_assert_int_eq(sh.broken, 0);
	ck_assert(!spin_is_locked(&sh.lock));
}
END_TEST

START_TEST(test_trylock)
{
	struct spinlock l;

	spin_lock_init(&l);
	ck_assert(!spin_is_locked(&l));
	ck_assert(spin_trylock(&l));
	ck_assert(spin_is_locked(&l));
	ck_assert(!spin_trylock(&l));
	spin_unlock(&l);
	ck_assert(spin_trylock(&l));
	spin_unlock(&l);
	spin_lock(&l);
	ck_assert(!spin_trylock(&l));
	spin_unlock(&l);
}
END_TEST

static struct spinlock relax_lock = SPINLOCK_INIT;
static unsigned long relax_calls;
static int waiter_done;

static void count_relax(void)
{
	__atomic_fetch_add(&relax_calls, 1, __ATOMIC_RELAXED);
}

static void *waiter(void *arg)
{
	(void)arg;
	spin_lock_relax(&relax_lock, count_relax);
	__atomic_store_n(&waiter_done, 1, __ATOMIC_RELEASE);
	spin_unlock(&relax_lock);
	return NULL;
}

START_TEST(test_relax_hook_while_contended)
{
	pthread_t t;

	spin_lock(&relax_lock);
	ck_assert_int_eq(pthread_create(&t, NULL, waiter, NULL), 0);
	/* Hold the lock until the waiter has demonstrably spun on it. */
	while (__atomic_load_n(&relax_calls, __ATOMIC_RELAXED) < 100)
		sched_yield();
	ck_assert_int_eq(__atomic_load_n(&waiter_done, __ATOMIC_ACQUIRE), 0);
	spin_unlock(&relax_lock);
	pthread_join(t, NULL);
	ck_assert_int_eq(waiter_done, 1);
	ck_assert(!spin_is_locked(&relax_lock));
}
END_TEST

static Suite *spinlock_suite(void)
{
	Suite *s = suite_create("spinlock");
	/* qemu-user runs threads slowly; give it room. */
	TCase *tc = unit_test_tcase(s, "core", NULL, 120);

	tcase_add_test(tc, test_two_threads_count);
	tcase_add_test(tc, test_trylock);
	tcase_add_test(tc, test_relax_hook_while_contended);
	return s;
}

int main(void)
{
	return unit_test_run(spinlock_suite());
}
