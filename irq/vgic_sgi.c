/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SGI generation from a trapped ICC_SGI1R_EL1 / ICC_ASGI1R_EL1 /
 * ICC_SGI0R_EL1 write (see vgic.h). Field layout (IHI 0069):
 * TargetList 15:0, Aff1 23:16, INTID 27:24, Aff2 39:32, IRM 40, RS 47:44,
 * Aff3 55:48. Target i of the list has Aff0 = RS * 16 + i.
 */
#include "irq/vgic.h"
#include "irq/vgic_irq.h"
#include "common/errno.h"

#define SGIR_TARGETS(v) ((unsigned int)((v) & 0xffffU))
#define SGIR_AFF1(v) (((v) >> 16) & 0xffULL)
#define SGIR_INTID(v) ((unsigned int)(((v) >> 24) & 0xfU))
#define SGIR_AFF2(v) (((v) >> 32) & 0xffULL)
#define SGIR_IRM (1ULL << 40)
#define SGIR_RS(v) ((unsigned int)(((v) >> 44) & 0xfU))
#define SGIR_AFF3(v) (((v) >> 48) & 0xffULL)

/* Make SGI @intid pending on @target if its group matches. */
static void send(struct vgic *vg, unsigned int target, unsigned int intid,
		 bool group1)
{
	struct vgic_ref r;

	if (vgic_ref(vg, target, intid, &r))
		return;		/* cannot happen: callers pass a vCPU and an SGI */
	if (!!(r.irq->flags & VI_GROUP1) != group1) {
		vg->stats.sgi_ignored++;
		return;
	}
	vg->stats.sgi_sent++;
	vgic_irq_set_pending(vg, &r);
}

int vgic_sgi(struct vgic *vg, unsigned int vcpu, uint64_t sgir, bool group1)
{
	unsigned int intid, targets;
	uint64_t base;

	if (!vg || vcpu >= vg->nr_vcpus)
		return -EINVAL;
	intid = SGIR_INTID(sgir);

	if (sgir & SGIR_IRM) {
		for (unsigned int v = 0; v < vg->nr_vcpus; v++)
			if (v != vcpu)
				send(vg, v, intid, group1);
		return 0;
	}
	/* The RS range selector picks which 16 Aff0 values the list covers. */
	base = (SGIR_AFF3(sgir) << 32) | (SGIR_AFF2(sgir) << 16) |
	       (SGIR_AFF1(sgir) << 8) | ((uint64_t)SGIR_RS(sgir) * 16);
	/* Only the set bits of the target list: usually one. */
	for (targets = SGIR_TARGETS(sgir); targets; targets &= targets - 1) {
		unsigned int i = (unsigned int)__builtin_ctz(targets);
		int t;

		t = vgic_find_vcpu(vg, base + i);
		if (t < 0) {
			vg->stats.sgi_ignored++;	/* no such PE: ignored */
			continue;
		}
		send(vg, (unsigned int)t, intid, group1);
	}
	return 0;
}
