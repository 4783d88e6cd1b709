/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Timer queue: a deadline-sorted intrusive list per physical CPU driving one
 * hardware comparator. See common/timer.h for the rules.
 */
#include "common/timer.h"
#include "common/errno.h"

int timer_queue_init(struct timer_queue *q, const struct timer_queue_ops *ops,
		     void *ctx)
{
	if (!q || !ops || !ops->now || !ops->program)
		return -EINVAL;
	list_init(&q->head);
	q->ops = ops;
	q->ctx = ctx;
	q->hw_armed = false;
	q->hw_deadline = 0;
	q->expiring = false;
	q->reprograms = 0;
	q->fired = 0;
	return 0;
}

void timer_init(struct timer *t, timer_fn fn, void *arg)
{
	list_init(&t->node);
	t->deadline = 0;
	t->fn = fn;
	t->arg = arg;
	t->queue = NULL;
}

/*
 * Bring the comparator in line with the earliest armed deadline. Writing
 * the comparator costs a trap-free but serialising register write (and on
 * s390 an SCKC), so skip it when nothing the hardware sees would change.
 */
static void timer_queue_sync_hw(struct timer_queue *q)
{
	uint64_t next;

	if (q->expiring)
		return; /* expire syncs once at the end */

	if (timer_queue_earliest(q, &next)) {
		if (q->hw_armed && q->hw_deadline == next)
			return;
		q->hw_armed = true;
		q->hw_deadline = next;
		q->reprograms++;
		q->ops->program(q->ctx, next);
	} else {
		if (!q->hw_armed)
			return;
		q->hw_armed = false;
		q->reprograms++;
		if (q->ops->stop)
			q->ops->stop(q->ctx);
		else
			q->ops->program(q->ctx, UINT64_MAX);
	}
}

/* Unlink @t from whatever list holds it, without touching the hardware. */
static void timer_unlink(struct timer *t)
{
	list_del(&t->node);
	t->queue = NULL;
}

/*
 * Insert after the last timer whose deadline is <= @t's: that keeps the
 * list sorted and equal deadlines in arming order. Walking from the tail
 * finds the spot at once for the usual "later than everything" arming.
 */
static void timer_insert_sorted(struct timer_queue *q, struct timer *t)
{
	struct list_node *pos = q->head.prev;

	while (pos != &q->head &&
	       list_entry(pos, struct timer, node)->deadline > t->deadline)
		pos = pos->prev;
	list_add(&t->node, pos);
	t->queue = q;
}

int timer_arm(struct timer_queue *q, struct timer *t, uint64_t deadline)
{
	if (!q || !t || !t->fn)
		return -EINVAL;
	if (t->queue && t->queue != q)
		return -EBUSY;

	if (t->queue)
		timer_unlink(t);
	t->deadline = deadline;
	timer_insert_sorted(q, t);
	timer_queue_sync_hw(q);
	return 0;
}

int timer_arm_relative(struct timer_queue *q, struct timer *t, uint64_t delta)
{
	uint64_t deadline;

	if (!q)
		return -EINVAL;
	if (add_overflows(q->ops->now(q->ctx), delta, &deadline))
		deadline = UINT64_MAX;
	return timer_arm(q, t, deadline);
}

void timer_cancel(struct timer *t)
{
	struct timer_queue *q;

	if (!t || !t->queue)
		return;
	q = t->queue;
	timer_unlink(t);
	timer_queue_sync_hw(q);
}

bool timer_is_armed(const struct timer *t)
{
	return t && t->queue != NULL;
}

uint64_t timer_deadline(const struct timer *t)
{
	return t->deadline;
}

int timer_queue_expire(struct timer_queue *q)
{
	struct list_node batch;
	uint64_t now;
	int ran = 0;

	if (!q)
		return -EINVAL;
	if (q->expiring)
		return -EBUSY;

	now = q->ops->now(q->ctx);
	q->expiring = true;

	/*
	 * Move the due prefix of the sorted list to a private batch first:
	 * whatever callbacks arm from here on lands in q->head and cannot
	 * join this run. Batch members keep t->queue == q, so cancelling or
	 * re-arming them from a callback just unlinks them from the batch.
	 */
	list_init(&batch);
	while (!list_empty(&q->head)) {
		struct timer *t = list_first_entry(&q->head, struct timer, node);

		if (t->deadline > now)
			break;
		list_del(&t->node);
		list_add_tail(&t->node, &batch);
	}

	while (!list_empty(&batch)) {
		struct timer *t = list_first_entry(&batch, struct timer, node);

		/* Disarm before the call so the callback may re-arm it. */
		timer_unlink(t);
		t->fn(t, t->arg);
		ran++;
	}

	q->fired += (uint64_t)ran;
	q->expiring = false;
	timer_queue_sync_hw(q);
	return ran;
}

bool timer_queue_earliest(const struct timer_queue *q, uint64_t *deadline)
{
	if (list_empty(&q->head))
		return false;
	*deadline = list_first_entry(&q->head, struct timer, node)->deadline;
	return true;
}

uint64_t timer_queue_reprograms(const struct timer_queue *q)
{
	return q->reprograms;
}
