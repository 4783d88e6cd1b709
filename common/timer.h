/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-physical-CPU timer queue: any number of software timers multiplexed
 * onto ONE hardware comparator (CNTHP_EL2 on arm64, the clock comparator on
 * s390). Guest virtual timers, enabled-wait wake-ups and scheduler slices
 * all arm timers here.
 *
 * Time is an abstract monotonic 64-bit counter read through ops->now().
 * Deadlines are absolute and compared as plain unsigned numbers: the clock
 * is assumed never to wrap (2^64 ticks), so every value 0..UINT64_MAX is a
 * real deadline and no signed-difference tricks are used. A timer is due
 * when its deadline <= now.
 *
 * Data structure: a sorted intrusive list (common/list.h). Insertion is
 * O(n) but walks from the tail, where nearly every new deadline lands
 * (timers are usually armed "a bit into the future"), so the common case
 * is O(1); removal, lookup of the earliest and expiry are O(1) per timer.
 * Per-CPU queues hold a handful of timers (one per vCPU timer plus the
 * scheduler's), which makes a heap's bookkeeping not worth it, and the list
 * gives FIFO order among equal deadlines for free (a new timer goes after
 * every timer with the same deadline).
 *
 * The queue is not locked: it belongs to one physical CPU and is used with
 * that CPU's interrupts masked (the arch shell's job).
 */
#ifndef ZARM_COMMON_TIMER_H
#define ZARM_COMMON_TIMER_H

#include "common/compiler.h"
#include "common/list.h"

struct timer;
struct timer_queue;

/* Called from timer_queue_expire() once the timer's deadline has passed. */
typedef void (*timer_fn)(struct timer *t, void *arg);

/*
 * The hardware comparator, as seen by the model.
 * - now():     the current value of the monotonic clock.
 * - program(): make the comparator fire when now >= deadline. Every value
 *              is a real deadline, UINT64_MAX included; a deadline already
 *              in the past must fire at once (level semantics). The queue
 *              leaves a comparator that fired alone when the earliest
 *              deadline did not change (a timer re-armed for the same
 *              instant), so the interrupt handler must not mask it: it
 *              should simply fire again.
 * - stop():    no timer is pending: disable the comparator (CNTHP_CTL
 *              ENABLE = 0, or a clock-comparator subclass mask). Optional:
 *              when NULL, program(UINT64_MAX) is used instead, which is
 *              only exact on clocks that never reach UINT64_MAX.
 * ctx is passed back unchanged.
 */
struct timer_queue_ops {
	uint64_t (*now)(void *ctx);
	void (*program)(void *ctx, uint64_t deadline);
	void (*stop)(void *ctx);
};

/* One software timer; embed it in its user (vCPU, scheduler, ...). */
struct timer {
	struct list_node node;     /* in a queue (or an expiry batch) */
	uint64_t deadline;         /* valid while armed */
	timer_fn fn;
	void *arg;
	struct timer_queue *queue; /* the queue it is armed on, or NULL */
};

struct timer_queue {
	struct list_node head;     /* armed timers, by (deadline, arming) */
	const struct timer_queue_ops *ops;
	void *ctx;
	bool hw_armed;             /* comparator state last told to ops */
	uint64_t hw_deadline;      /* valid when hw_armed */
	bool expiring;             /* inside timer_queue_expire() */
	uint64_t reprograms;       /* program() + stop() calls made */
	uint64_t fired;            /* callbacks run since init */
};

/*
 * Set up an empty queue over the comparator @ops (now and program are
 * required). The comparator is assumed to be stopped already: init makes no
 * ops call. Returns 0 or -EINVAL.
 */
int timer_queue_init(struct timer_queue *q, const struct timer_queue_ops *ops,
		     void *ctx);

/* Prepare an unarmed timer that will call @fn(@t, @arg). */
void timer_init(struct timer *t, timer_fn fn, void *arg);

/*
 * Arm @t on @q for absolute time @deadline. An already armed timer is moved
 * (its old deadline forgotten) and counts as newly armed for FIFO ties.
 * A deadline already in the past fires on the next expiry (the comparator
 * is programmed with it, so it fires at once).
 * Returns 0, -EINVAL (NULL argument, no callback) or -EBUSY when @t is
 * armed on another queue (cancel it there first: queues are per CPU and
 * unlocked, so the model will not reach into another CPU's queue).
 */
int timer_arm(struct timer_queue *q, struct timer *t, uint64_t deadline);

/*
 * Arm @t for now() + @delta, saturating at UINT64_MAX rather than wrapping
 * into the past. Same return values as timer_arm().
 */
int timer_arm_relative(struct timer_queue *q, struct timer *t, uint64_t delta);

/* Disarm @t; harmless when it is not armed. Safe from inside callbacks. */
void timer_cancel(struct timer *t);

/* True while @t is armed (including due but not yet run). */
bool timer_is_armed(const struct timer *t);

/* The deadline @t is armed for; only meaningful while timer_is_armed(). */
uint64_t timer_deadline(const struct timer *t);

/*
 * The comparator interrupt handler's job: read now() once, run, in deadline
 * order (FIFO among equal deadlines), the callback of every timer that was
 * armed at entry with a deadline <= now, then program the comparator for
 * the earliest remaining deadline (or stop it).
 * A timer is disarmed just before its callback runs, so a callback may
 * re-arm it (periodic timers), and may arm or cancel any other timer.
 * Timers armed or re-armed during the call never run in the same call,
 * even when already due: they leave the comparator programmed in the past
 * so it fires again at once. This bounds the work done per interrupt and
 * rules out livelock from a zero-period timer.
 * Returns the number of callbacks run, or -EBUSY when called from inside a
 * callback of the same queue.
 */
int timer_queue_expire(struct timer_queue *q);

/*
 * The earliest armed deadline: true and *deadline set, or false when the
 * queue is empty.
 */
bool timer_queue_earliest(const struct timer_queue *q, uint64_t *deadline);

/*
 * Number of comparator writes (program or stop) since init. The queue
 * writes only when the earliest deadline, or emptiness, actually changes.
 */
uint64_t timer_queue_reprograms(const struct timer_queue *q);

#endif
