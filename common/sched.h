/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Round-robin run queue, one per physical CPU. The queue holds the READY
 * vCPUs that are not running; @current is the one running (or last picked).
 * Callers serialise access (the arch holds a per-queue lock).
 */
#ifndef ZARM_COMMON_SCHED_H
#define ZARM_COMMON_SCHED_H

#include "common/list.h"
#include "common/vcpu.h"

struct sched_rq {
	struct list_node queue;
	struct vcpu *current;
	unsigned int nr_queued;
};

/* An empty run queue with nothing running. */
void sched_rq_init(struct sched_rq *rq);

/* Queue @v at the tail unless it is queued or current already. */
void sched_enqueue(struct sched_rq *rq, struct vcpu *v);

/* Take @v off the queue; if it is current, nothing is current any more. */
void sched_remove(struct sched_rq *rq, struct vcpu *v);

/*
 * End the current slice: a still-READY current vCPU goes to the tail, the
 * head becomes current and is returned (NULL when nothing is ready).
 */
struct vcpu *sched_pick_next(struct sched_rq *rq);

/* True when another vCPU waits for this CPU (a time slice is worth arming). */
bool sched_has_waiting(const struct sched_rq *rq);

#endif
