/* SPDX-License-Identifier: GPL-2.0-only */
/* Round-robin run queue: FIFO of ready vCPUs plus the one running. */
#include "common/sched.h"

void sched_rq_init(struct sched_rq *rq)
{
	list_init(&rq->queue);
	rq->current = NULL;
	rq->nr_queued = 0;
}

void sched_enqueue(struct sched_rq *rq, struct vcpu *v)
{
	if (list_linked(&v->rq_node) || rq->current == v)
		return;
	list_add_tail(&v->rq_node, &rq->queue);
	rq->nr_queued++;
}

void sched_remove(struct sched_rq *rq, struct vcpu *v)
{
	if (list_linked(&v->rq_node)) {
		list_del(&v->rq_node);
		rq->nr_queued--;
	}
	if (rq->current == v)
		rq->current = NULL;
}

struct vcpu *sched_pick_next(struct sched_rq *rq)
{
	struct vcpu *cur = rq->current, *next;

	rq->current = NULL;
	if (cur && cur->state == VCPU_READY) {
		list_add_tail(&cur->rq_node, &rq->queue);
		rq->nr_queued++;
	}
	if (list_empty(&rq->queue))
		return NULL;
	next = list_first_entry(&rq->queue, struct vcpu, rq_node);
	list_del(&next->rq_node);
	rq->nr_queued--;
	rq->current = next;
	return next;
}

bool sched_has_waiting(const struct sched_rq *rq)
{
	return rq->nr_queued != 0;
}
