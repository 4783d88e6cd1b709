/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Virtual CPU lifecycle, independent of the architecture: power state
 * (PSCI's on/off on arm64, SIGP's started/stopped on s390) and the
 * ready/blocked state the scheduler acts on. The architecture keeps its
 * register state behind @arch.
 */
#ifndef ZARM_COMMON_VCPU_H
#define ZARM_COMMON_VCPU_H

#include "common/compiler.h"
#include "common/list.h"

struct vm;
struct sched_rq;

enum vcpu_state {
	VCPU_OFF,	/* powered off: never scheduled */
	VCPU_READY,	/* runnable: queued on its run queue or running */
	VCPU_BLOCKED,	/* waiting (WFI, enabled wait) until woken */
};

struct vcpu {
	struct vm *vm;
	unsigned int id;	/* index inside its VM */
	unsigned int pcpu;	/* physical CPU whose run queue owns it */
	enum vcpu_state state;
	struct list_node rq_node;	/* linked while queued */
	void *arch;		/* architecture register state */
};

/* Initialise @v as powered off, bound to physical CPU @pcpu. */
void vcpu_init(struct vcpu *v, struct vm *vm, unsigned int id, unsigned int pcpu,
	       void *arch);

/* OFF -> READY and queued on @rq. -EALREADY when it is not off. */
int vcpu_power_on(struct vcpu *v, struct sched_rq *rq);

/* Any state -> OFF, removed from @rq. -EALREADY when already off. */
int vcpu_power_off(struct vcpu *v, struct sched_rq *rq);

/* READY -> BLOCKED (leaves @rq). -EINVAL when it is not ready. */
int vcpu_block(struct vcpu *v, struct sched_rq *rq);

/* BLOCKED -> READY (queued). Returns 1 when woken, 0 when it was not blocked. */
int vcpu_wake(struct vcpu *v, struct sched_rq *rq);

#endif
