/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interrupt queue: per-id state bits plus, for every priority level, a FIFO
 * list of the candidates (pending, not active, enabled) at that level and a
 * bitmap of the non-empty levels. Only candidates are on lists, so masked or
 * in-service interrupts never slow a lookup down. See irq_queue.h for the
 * rules; this file only keeps the lists in step with the state bits.
 */
#include "common/irq_queue.h"
#include "common/errno.h"

#define F_PENDING IRQQ_F_PENDING
#define F_ACTIVE IRQQ_F_ACTIVE
#define F_LEVEL IRQQ_F_LEVEL
#define F_LINE IRQQ_F_LINE
#define F_ENABLED IRQQ_F_ENABLED
#define F_QUEUED IRQQ_F_QUEUED
#define F_ALL 0x3fU

_Static_assert(IRQQ_MAX_IDS < IRQQ_NO_ID, "ids must fit below IRQQ_NO_ID");
_Static_assert(IRQQ_NR_PRIOS <= 256, "priorities are stored in a uint8_t");

static bool q_ok(const struct irqq *q)
{
	return q && q->nr_ids >= 1 && q->nr_ids <= IRQQ_MAX_IDS;
}

static bool id_ok(const struct irqq *q, unsigned int id)
{
	return q_ok(q) && id < q->nr_ids;
}

static bool is_candidate(unsigned int f)
{
	return (f & (F_PENDING | F_ACTIVE | F_ENABLED)) ==
	       (F_PENDING | F_ENABLED);
}

static void enqueue(struct irqq *q, unsigned int id)
{
	unsigned int p = q->prio[id];
	uint16_t t = q->tail[p];

	q->next[id] = IRQQ_NO_ID;
	q->prev[id] = t;
	if (t == IRQQ_NO_ID)
		q->head[p] = (uint16_t)id;
	else
		q->next[t] = (uint16_t)id;
	q->tail[p] = (uint16_t)id;
	bitmap_set(q->levels, p);
	q->flags[id] |= F_QUEUED;
	q->nr_queued++;
}

static void dequeue(struct irqq *q, unsigned int id)
{
	unsigned int p = q->prio[id];
	uint16_t n = q->next[id], pv = q->prev[id];

	if (pv == IRQQ_NO_ID)
		q->head[p] = n;
	else
		q->next[pv] = n;
	if (n == IRQQ_NO_ID)
		q->tail[p] = pv;
	else
		q->prev[n] = pv;
	if (q->head[p] == IRQQ_NO_ID)
		bitmap_clear(q->levels, p);
	q->next[id] = IRQQ_NO_ID;
	q->prev[id] = IRQQ_NO_ID;
	q->flags[id] &= (uint8_t)~F_QUEUED;
	q->nr_queued--;
}

/* Put @id on or off its level list after its state bits changed. */
static void sync(struct irqq *q, unsigned int id)
{
	bool want = is_candidate(q->flags[id]);
	bool have = q->flags[id] & F_QUEUED;

	if (want && !have)
		enqueue(q, id);
	else if (!want && have)
		dequeue(q, id);
}

int irqq_init(struct irqq *q, unsigned int nr_ids)
{
	if (!q || nr_ids < 1 || nr_ids > IRQQ_MAX_IDS)
		return -EINVAL;

	q->nr_ids = nr_ids;
	q->nr_queued = 0;
	bitmap_zero(q->levels, IRQQ_NR_PRIOS);
	for (unsigned int p = 0; p < IRQQ_NR_PRIOS; p++) {
		q->head[p] = IRQQ_NO_ID;
		q->tail[p] = IRQQ_NO_ID;
	}
	/* Ids beyond nr_ids stay all-zero; irqq_check() relies on that. */
	for (unsigned int id = 0; id < IRQQ_MAX_IDS; id++) {
		q->next[id] = IRQQ_NO_ID;
		q->prev[id] = IRQQ_NO_ID;
		q->prio[id] = id < nr_ids ? IRQQ_PRIO_LOWEST : 0;
		q->flags[id] = id < nr_ids ? F_ENABLED : 0;
	}
	q->cnt = (struct irqq_counters){ 0 };
	return 0;
}

int irqq_set_priority(struct irqq *q, unsigned int id, unsigned int prio)
{
	if (!id_ok(q, id) || prio >= IRQQ_NR_PRIOS)
		return -EINVAL;
	if (q->prio[id] == prio)
		return 0;	/* keep its place in the FIFO */

	/* Move it to the tail of its new level so both bitmaps stay right. */
	if (q->flags[id] & F_QUEUED) {
		dequeue(q, id);
		q->prio[id] = (uint8_t)prio;
		enqueue(q, id);
	} else {
		q->prio[id] = (uint8_t)prio;
	}
	return 0;
}

int irqq_set_trigger(struct irqq *q, unsigned int id,
		     enum irqq_trigger trigger)
{
	if (!id_ok(q, id) || (trigger != IRQQ_EDGE && trigger != IRQQ_LEVEL))
		return -EINVAL;
	/* An inactive level interrupt always has its line low (see header). */
	if (q->flags[id] & (F_PENDING | F_ACTIVE))
		return -EBUSY;

	if (trigger == IRQQ_LEVEL)
		q->flags[id] |= F_LEVEL;
	else
		q->flags[id] &= (uint8_t)~F_LEVEL;
	q->flags[id] &= (uint8_t)~F_LINE;
	return 0;
}

int irqq_set_enabled(struct irqq *q, unsigned int id, bool enabled)
{
	if (!id_ok(q, id))
		return -EINVAL;

	if (enabled)
		q->flags[id] |= F_ENABLED;
	else
		q->flags[id] &= (uint8_t)~F_ENABLED;
	sync(q, id);
	return 0;
}

int irqq_inject_edge(struct irqq *q, unsigned int id)
{
	if (!id_ok(q, id) || (q->flags[id] & F_LEVEL))
		return -EINVAL;

	q->cnt.injected++;
	if (q->flags[id] & F_PENDING) {
		q->cnt.coalesced++;
		return 0;
	}
	/* Pending+active is allowed: it is offered again after completion. */
	q->flags[id] |= F_PENDING;
	sync(q, id);
	return 0;
}

int irqq_set_level(struct irqq *q, unsigned int id, bool high)
{
	unsigned int f;

	if (!id_ok(q, id) || !(q->flags[id] & F_LEVEL))
		return -EINVAL;
	f = q->flags[id];
	if (!!(f & F_LINE) == high)
		return 0;

	if (high) {
		f |= F_LINE;
		/* While active the rise is picked up by the re-sample at EOI. */
		if (!(f & F_ACTIVE)) {
			f |= F_PENDING;
			q->cnt.raised++;
		}
	} else {
		f &= ~F_LINE;
		if (f & F_PENDING) {
			f &= ~F_PENDING;
			q->cnt.dropped++;
		}
	}
	q->flags[id] = (uint8_t)f;
	sync(q, id);
	return 0;
}

int irqq_clear_pending(struct irqq *q, unsigned int id)
{
	if (!id_ok(q, id))
		return -EINVAL;
	if ((q->flags[id] & F_LEVEL) || !(q->flags[id] & F_PENDING))
		return 0;

	q->flags[id] &= (uint8_t)~F_PENDING;
	q->cnt.dropped++;
	sync(q, id);
	return 0;
}

static bool accepts(const struct irqq_filter *f, unsigned int id,
		    unsigned int prio)
{
	if (!f || !f->deliverable)
		return true;
	return f->deliverable(f->ctx, id, prio);
}

/* First candidate of @q that @f accepts, by level then FIFO; or NO_ID. */
static unsigned int best_in(const struct irqq *q, const struct irqq_filter *f)
{
	if (!q->nr_queued)
		return IRQQ_NO_ID;	/* the usual case: no bitmap search */
	for (unsigned int p = bitmap_find_first(q->levels, IRQQ_NR_PRIOS);
	     p < IRQQ_NR_PRIOS;
	     p = bitmap_find_next(q->levels, IRQQ_NR_PRIOS, p + 1)) {
		for (unsigned int id = q->head[p]; id != IRQQ_NO_ID;
		     id = q->next[id]) {
			if (accepts(f, id, p))
				return id;
		}
	}
	return IRQQ_NO_ID;
}

int irqq_best(struct irqq *local, const struct irqq_filter *lf,
	      struct irqq *floating, const struct irqq_filter *ff,
	      struct irqq_pick *out)
{
	unsigned int lid = IRQQ_NO_ID, fid = IRQQ_NO_ID;

	if (!out || (!local && !floating) || local == floating ||
	    (local && !q_ok(local)) || (floating && !q_ok(floating)))
		return -EINVAL;

	if (local)
		lid = best_in(local, lf);
	if (floating)
		fid = best_in(floating, ff);

	/* Ties go to the local queue (see header). */
	if (lid != IRQQ_NO_ID &&
	    (fid == IRQQ_NO_ID || local->prio[lid] <= floating->prio[fid])) {
		*out = (struct irqq_pick){ local, lid, local->prio[lid] };
		return 0;
	}
	if (fid != IRQQ_NO_ID) {
		*out = (struct irqq_pick){ floating, fid, floating->prio[fid] };
		return 0;
	}
	return -ENOENT;
}

int irqq_take(struct irqq *local, const struct irqq_filter *lf,
	      struct irqq *floating, const struct irqq_filter *ff,
	      struct irqq_pick *out)
{
	struct irqq_pick pick;
	int ret;

	if (!out)
		return -EINVAL;
	ret = irqq_best(local, lf, floating, ff, &pick);
	if (ret)
		return ret;
	ret = irqq_ack(pick.q, pick.id);
	if (ret)
		return ret;	/* cannot happen: best only returns candidates */
	*out = pick;
	return 0;
}

int irqq_peek(struct irqq *q, const struct irqq_filter *f,
	      struct irqq_pick *out)
{
	if (!q)
		return -EINVAL;
	return irqq_best(q, f, NULL, NULL, out);
}

int irqq_ack(struct irqq *q, unsigned int id)
{
	if (!id_ok(q, id))
		return -EINVAL;
	if (!is_candidate(q->flags[id]))
		return -ENOENT;

	/* A level interrupt drops pending here too: EOI re-samples it. */
	q->flags[id] = (uint8_t)((q->flags[id] & ~F_PENDING) | F_ACTIVE);
	q->cnt.delivered++;
	sync(q, id);
	return 0;
}

int irqq_complete(struct irqq *q, unsigned int id)
{
	unsigned int f;

	if (!id_ok(q, id))
		return -EINVAL;
	f = q->flags[id];
	if (!(f & F_ACTIVE))
		return -ENOENT;

	f &= ~F_ACTIVE;
	if ((f & F_LEVEL) && (f & F_LINE)) {
		f |= F_PENDING;
		q->cnt.raised++;
	}
	q->flags[id] = (uint8_t)f;
	q->cnt.completed++;
	sync(q, id);
	return 0;
}

int irqq_get_counters(const struct irqq *q, struct irqq_counters *out)
{
	if (!q_ok(q) || !out)
		return -EINVAL;
	*out = q->cnt;
	return 0;
}

/* Walk one level list; add its length to *@total. False if malformed. */
static bool check_level(const struct irqq *q, unsigned int p,
			unsigned int *total)
{
	unsigned int prev = IRQQ_NO_ID, n = 0;

	for (unsigned int id = q->head[p]; id != IRQQ_NO_ID;
	     id = q->next[id]) {
		if (id >= q->nr_ids || ++n > q->nr_ids)
			return false;
		if (!(q->flags[id] & F_QUEUED) || q->prio[id] != p ||
		    q->prev[id] != prev)
			return false;
		prev = id;
	}
	if (q->tail[p] != prev || bitmap_test(q->levels, p) != (n > 0))
		return false;
	*total += n;
	return true;
}

int irqq_check(const struct irqq *q)
{
	const struct irqq_counters *c;
	unsigned int queued = 0, listed = 0;
	uint64_t pending = 0, active = 0;

	if (!q_ok(q))
		return -EINVAL;

	for (unsigned int id = 0; id < IRQQ_MAX_IDS; id++) {
		unsigned int f = q->flags[id];
		bool level = f & F_LEVEL, line = f & F_LINE;

		if (id >= q->nr_ids) {
			if (f)
				return -EFAULT;
			continue;
		}
		if (f & ~F_ALL)
			return -EFAULT;
		if (!!(f & F_QUEUED) != is_candidate(f))
			return -EFAULT;
		/* Edge has no line; level is pending iff its line is high and
		 * it is not in service, and is never pending+active. */
		if (!level && line)
			return -EFAULT;
		if (level && !!(f & F_PENDING) != (line && !(f & F_ACTIVE)))
			return -EFAULT;
		queued += !!(f & F_QUEUED);
		pending += !!(f & F_PENDING);
		active += !!(f & F_ACTIVE);
	}

	for (unsigned int p = 0; p < IRQQ_NR_PRIOS; p++)
		if (!check_level(q, p, &listed))
			return -EFAULT;
	if (listed != queued || q->nr_queued != queued)
		return -EFAULT;

	c = &q->cnt;
	if (c->coalesced > c->injected ||
	    c->injected + c->raised !=
		    c->delivered + c->coalesced + c->dropped + pending ||
	    c->delivered != c->completed + active)
		return -EFAULT;
	return 0;
}
