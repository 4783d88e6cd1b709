/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test-and-test-and-set spinlock on compiler __atomic builtins.
 *
 * Waiters spin on a plain load and only try the atomic exchange once the
 * lock looks free, so a contended lock does not bounce its cache line on
 * every iteration. Taking the lock is an acquire, releasing it a release:
 * everything written inside the critical section is visible to the next
 * holder. No asm here, so models can use it and host tests can run it
 * with pthreads; arch code may pass a relax hook (e.g. one issuing YIELD
 * or WFE on arm64) to spin_lock_relax().
 *
 * Not recursive, not fair, and it does not mask interrupts: arch code
 * that shares a lock with an interrupt handler must mask around it.
 */
#ifndef ZARM_COMMON_SPINLOCK_H
#define ZARM_COMMON_SPINLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct spinlock {
	uint32_t locked;	/* 0 free, 1 held */
};

#define SPINLOCK_INIT { .locked = 0 }

/* Called on each spin while waiting; may be NULL. */
typedef void (*spin_relax_fn)(void);

static inline void spin_lock_init(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELAXED);
}

/* Take the lock if it is free; true on success (acquire), never waits. */
static inline bool spin_trylock(struct spinlock *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) == 0 &&
	       __atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE) == 0;
}

/* Take the lock, calling @relax (if not NULL) while it is held elsewhere. */
static inline void spin_lock_relax(struct spinlock *l, spin_relax_fn relax)
{
	while (!spin_trylock(l)) {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED)) {
			if (relax)
				relax();
		}
	}
}

/* Take the lock, spinning without a relax hook. */
static inline void spin_lock(struct spinlock *l)
{
	spin_lock_relax(l, NULL);
}

/* Release the lock; must be held by the caller. */
static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/* A snapshot for assertions: true when someone holds the lock. */
static inline bool spin_is_locked(struct spinlock *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) != 0;
}

#endif
