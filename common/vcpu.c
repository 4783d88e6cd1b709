/* SPDX-License-Identifier: GPL-2.0-only */
/* vCPU state machine; the run queue is changed only through common/sched. */
#include "common/vcpu.h"
#include "common/errno.h"
#include "common/sched.h"

void vcpu_init(struct vcpu *v, struct vm *vm, unsigned int id, unsigned int pcpu,
	       void *arch)
{
	v->vm = vm;
	v->id = id;
	v->pcpu = pcpu;
	v->state = VCPU_OFF;
	list_init(&v->rq_node);
	v->arch = arch;
}

int vcpu_power_on(struct vcpu *v, struct sched_rq *rq)
{
	if (v->state != VCPU_OFF)
		return -EALREADY;
	v->state = VCPU_READY;
	sched_enqueue(rq, v);
	return 0;
}

int vcpu_power_off(struct vcpu *v, struct sched_rq *rq)
{
	if (v->state == VCPU_OFF)
		return -EALREADY;
	sched_remove(rq, v);
	v->state = VCPU_OFF;
	return 0;
}

int vcpu_block(struct vcpu *v, struct sched_rq *rq)
{
	if (v->state != VCPU_READY)
		return -EINVAL;
	sched_remove(rq, v);
	v->state = VCPU_BLOCKED;
	return 0;
}

int vcpu_wake(struct vcpu *v, struct sched_rq *rq)
{
	if (v->state != VCPU_BLOCKED)
		return 0;
	v->state = VCPU_READY;
	sched_enqueue(rq, v);
	return 1;
}
