/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-interrupt state changes of the vGICv3 (see vgic_irq.h). Every change
 * keeps three things in step: the queue, the struct vgic_irq flags and the
 * exactly-once counters of vgic.h. Counting rule: a counter moves exactly
 * when the logical pending/active state of the interrupt (as vgic_check()
 * computes it) moves, so the equations hold after every call.
 */
#include "irq/vgic_irq.h"
#include "common/errno.h"

/* @r comes from vgic_ref(), so its queue and id are valid. */
static inline struct irqq_info qinfo(const struct vgic_ref *r)
{
	return irqq_info_of(r->q, r->qid);
}

static bool owned(const struct vgic_ref *r)
{
	return r->irq->flags & VI_OWNED;
}

static bool in_lr_pending(const struct vgic_ref *r)
{
	return (r->irq->flags & (VI_OWNED | VI_LRP | VI_INLR)) ==
	       (VI_OWNED | VI_LRP | VI_INLR);
}

void vgic_kick(struct vgic *vg, unsigned int vcpu)
{
	vg->stats.kicks++;
	if (vg->ops.kick)
		vg->ops.kick(vg->ops.ctx, vcpu);
}

int vgic_find_vcpu(const struct vgic *vg, uint64_t mpidr)
{
	for (unsigned int v = 0; v < vg->nr_vcpus; v++)
		if (vg->cpu[v].mpidr == (mpidr & MPIDR_AFF_MASK))
			return (int)v;
	return -1;
}

int vgic_route_target(const struct vgic *vg, uint64_t irouter)
{
	if (irouter & IROUTER_IRM)
		return -1;
	return vgic_find_vcpu(vg, irouter & IROUTER_AFF_MASK);
}

void vgic_irq_kick(struct vgic *vg, struct vgic_ref *r)
{
	struct irqq_info in = qinfo(r);
	int t;

	if (in.state != IRQQ_PENDING || !in.enabled)
		return;
	if (!r->spi) {
		vgic_kick(vg, r->vcpu);
		return;
	}
	if (r->irq->irouter & IROUTER_IRM) {
		/* 1 of N: every vCPU may take it; the first flush wins. */
		for (unsigned int v = 0; v < vg->nr_vcpus; v++)
			vgic_kick(vg, v);
		return;
	}
	t = vgic_route_target(vg, r->irq->irouter);
	if (t >= 0)
		vgic_kick(vg, (unsigned int)t);
}

/* The guest will not deactivate @r's physical interrupt: ask the arch to. */
static void hw_deactivate(struct vgic *vg, struct vgic_ref *r, unsigned int vcpu)
{
	if ((r->irq->flags & VI_HW) && vg->ops.hw_deactivate)
		vg->ops.hw_deactivate(vg->ops.ctx, vcpu, r->irq->intid, r->irq->pintid);
}

/* Kick the owner when an interrupt in its LRs changed under it. */
static void kick_owner_if_loaded(struct vgic *vg, struct vgic_ref *r)
{
	if ((r->irq->flags & (VI_OWNED | VI_INLR)) == (VI_OWNED | VI_INLR))
		vgic_kick(vg, r->irq->owner);
}

/*
 * Bring the queue's level line to LINE | LATCH. Counts a rise of an idle
 * interrupt (raised) and a fall of a pending one (dropped); while the
 * interrupt is active the queue only records the line (re-sampled at EOI).
 */
static void sync_qline(struct vgic *vg, struct vgic_ref *r)
{
	struct irqq_info in = qinfo(r);
	bool want = r->irq->flags & (VI_LINE | VI_LATCH);

	if (in.trigger != IRQQ_LEVEL || want == in.line)
		return;
	if (want && in.state == IRQQ_INACTIVE)
		r->cnt->raised++;
	if (!want && in.state == IRQQ_PENDING) {
		r->cnt->dropped++;
		hw_deactivate(vg, r, r->vcpu);
	}
	irqq_set_level(r->q, r->qid, want);
}

bool vgic_irq_is_pending(struct vgic *vg, const struct vgic_ref *r)
{
	struct irqq_info in = qinfo(r);

	(void)vg;
	if (owned(r) && (r->irq->flags & VI_LRP))
		return true;
	if (in.state & IRQQ_PENDING)
		return true;
	/* An active level interrupt with its line still high. */
	return in.trigger == IRQQ_LEVEL && owned(r) &&
	       (r->irq->flags & (VI_LINE | VI_LATCH));
}

bool vgic_irq_is_active(const struct vgic_ref *r)
{
	return owned(r) && !(r->irq->flags & VI_LRP);
}

void vgic_irq_set_pending(struct vgic *vg, struct vgic_ref *r)
{
	struct irqq_info in = qinfo(r);

	if (in.trigger == IRQQ_EDGE) {
		r->cnt->injected++;
		if (in.state & IRQQ_PENDING)
			r->cnt->coalesced++;
		irqq_inject_edge(r->q, r->qid);
	} else {
		r->irq->flags |= VI_LATCH;
		sync_qline(vg, r);
	}
	kick_owner_if_loaded(vg, r);
	vgic_irq_kick(vg, r);
}

void vgic_irq_set_line(struct vgic *vg, struct vgic_ref *r, bool high)
{
	struct irqq_info in = qinfo(r);
	bool was = r->irq->flags & VI_LINE;

	if (high)
		r->irq->flags |= VI_LINE;
	else
		r->irq->flags &= (uint16_t)~VI_LINE;
	if (in.trigger == IRQQ_EDGE) {
		/* An edge-configured input latches on its rising edge. */
		if (high && !was)
			vgic_irq_set_pending(vg, r);
		return;
	}
	sync_qline(vg, r);
	if (high && !was)
		vgic_irq_kick(vg, r);
	else if (!high && was)
		kick_owner_if_loaded(vg, r);
}

static void clear_pending(struct vgic *vg, struct vgic_ref *r)
{
	struct irqq_info in = qinfo(r);

	if (in.trigger == IRQQ_EDGE) {
		if (in.state & IRQQ_PENDING) {
			irqq_clear_pending(r->q, r->qid);
			r->cnt->dropped++;
		}
		if (in_lr_pending(r))
			r->irq->flags |= VI_CANCEL;
	} else {
		/* Only the latch: a high line keeps a level interrupt pending. */
		r->irq->flags &= (uint16_t)~VI_LATCH;
		sync_qline(vg, r);
	}
	kick_owner_if_loaded(vg, r);
}

static void set_enabled(struct vgic *vg, struct vgic_ref *r, bool en)
{
	irqq_set_enabled(r->q, r->qid, en);
	if (en)
		vgic_irq_kick(vg, r);
	else if (in_lr_pending(r))
		kick_owner_if_loaded(vg, r);
}

void vgic_irq_own(struct vgic *vg, struct vgic_ref *r, unsigned int owner,
		  bool lr_pending, unsigned int lr_prio)
{
	struct vgic_irq *irq = r->irq;

	irq->flags |= VI_OWNED;
	if (lr_pending)
		irq->flags |= VI_LRP;
	irq->owner = (uint8_t)owner;
	irq->lr_prio = (uint8_t)lr_prio;
	list_add_tail(&irq->node, &vg->cpu[owner].owned);
}

void vgic_irq_disown(struct vgic *vg, struct vgic_ref *r)
{
	(void)vg;
	r->irq->flags &= (uint16_t)~(VI_OWNED | VI_LRP | VI_INLR | VI_CANCEL |
				     VI_DEACT | VI_MKACT | VI_EOI);
	list_del(&r->irq->node);
}

/* Set the queue's line of an active level interrupt; counts nothing. */
static void quiet_qline(struct vgic_ref *r)
{
	struct irqq_info in = qinfo(r);
	bool want = r->irq->flags & (VI_LINE | VI_LATCH);

	if (in.trigger == IRQQ_LEVEL && in.line != want)
		irqq_set_level(r->q, r->qid, want);
}

/*
 * Make a not-owned interrupt active for @owner (GICD_ISACTIVER): the queue
 * only activates by acknowledging a candidate, so make it one for a moment.
 */
static void activate(struct vgic *vg, struct vgic_ref *r, unsigned int owner)
{
	struct irqq_info in = qinfo(r);

	if (!in.enabled)
		irqq_set_enabled(r->q, r->qid, true);
	if (!(in.state & IRQQ_PENDING)) {
		if (in.trigger == IRQQ_EDGE) {
			irqq_inject_edge(r->q, r->qid);
			r->cnt->injected++;
		} else {
			irqq_set_level(r->q, r->qid, true);
			r->cnt->raised++;
		}
	}
	irqq_ack(r->q, r->qid);
	quiet_qline(r);
	if (!in.enabled)
		irqq_set_enabled(r->q, r->qid, false);
	vg->cpu[owner].cnt.delivered++;
	vgic_irq_own(vg, r, owner, false, in.prio);
	vgic_kick(vg, owner);
}

static void set_active(struct vgic *vg, struct vgic_ref *r)
{
	int t;

	if (owned(r)) {
		if (in_lr_pending(r)) {
			r->irq->flags |= VI_MKACT;
			vgic_kick(vg, r->irq->owner);
		}
		return;
	}
	if (!r->spi) {
		activate(vg, r, r->vcpu);
		return;
	}
	/* The routed vCPU; with 1 of N (or nobody matching) the one asking. */
	t = vgic_route_target(vg, r->irq->irouter);
	activate(vg, r, t >= 0 ? (unsigned int)t : r->vcpu);
}

void vgic_irq_complete(struct vgic *vg, struct vgic_ref *r)
{
	struct vgic_irq *irq = r->irq;
	unsigned int owner = irq->owner;
	struct irqq_info in = { 0 };

	if (irq->flags & VI_HW) {
		/* The guest's EOI deactivated the physical interrupt. */
		bool hi = vg->ops.resample &&
			  vg->ops.resample(vg->ops.ctx, owner, irq->intid);

		if (hi)
			irq->flags |= VI_LINE;
		else
			irq->flags &= (uint16_t)~VI_LINE;
	}
	quiet_qline(r);
	irqq_complete(r->q, r->qid);
	vgic_irq_disown(vg, r);
	vg->cpu[owner].cnt.completed++;
	in = qinfo(r);
	if (in.trigger == IRQQ_LEVEL && (in.state & IRQQ_PENDING))
		r->cnt->raised++;
	vgic_irq_kick(vg, r);
}

void vgic_irq_unload_pending(struct vgic *vg, struct vgic_ref *r)
{
	struct vgic_irq *irq = r->irq;
	unsigned int owner = irq->owner;
	uint16_t f = irq->flags;
	struct irqq_info in = qinfo(r);

	if ((f & VI_MKACT) && !(f & VI_CANCEL)) {
		/* ISACTIVER on a pending interrupt: pending and active. */
		irq->flags &= (uint16_t)~(VI_LRP | VI_INLR | VI_MKACT | VI_DEACT);
		vg->cpu[owner].cnt.delivered++;
		if (in.trigger == IRQQ_EDGE)
			vgic_irq_set_pending(vg, r);
		return;
	}
	if (in.trigger == IRQQ_LEVEL) {
		quiet_qline(r);
		irqq_complete(r->q, r->qid);
		vgic_irq_disown(vg, r);
		in = qinfo(r);
		if (!(in.state & IRQQ_PENDING)) {
			r->cnt->dropped++;	/* the line fell meanwhile */
			hw_deactivate(vg, r, owner);
		}
		return;
	}
	irqq_complete(r->q, r->qid);
	vgic_irq_disown(vg, r);
	in = qinfo(r);
	if (in.state & IRQQ_PENDING) {
		/* Re-injected while in the LR: two pendings merge into one,
		 * or, after ICPENDR, the older one is withdrawn. */
		if (f & VI_CANCEL)
			r->cnt->dropped++;
		else
			r->cnt->coalesced++;
	} else if (f & VI_CANCEL) {
		r->cnt->dropped++;
	} else {
		/* Still the same pending state: no new injection to count. */
		irqq_inject_edge(r->q, r->qid);
	}
}

void vgic_irq_acked(struct vgic *vg, struct vgic_ref *r)
{
	struct vgic_irq *irq = r->irq;

	/* Acknowledging clears a level interrupt's latch (as in the GIC). */
	irq->flags &= (uint16_t)~(VI_LRP | VI_CANCEL | VI_MKACT | VI_LATCH);
	quiet_qline(r);
	vg->cpu[irq->owner].cnt.delivered++;
}

static void clear_active(struct vgic *vg, struct vgic_ref *r)
{
	if (!owned(r))
		return;
	if (r->irq->flags & VI_INLR) {
		/*
		 * In the LRs of a running vCPU: the guest may have acknowledged
		 * it already even if the model still sees it pending, so the
		 * request waits for the sync, which applies it if the LR turns
		 * out active.
		 */
		r->irq->flags |= VI_DEACT;
		vgic_kick(vg, r->irq->owner);
		return;
	}
	vgic_irq_deactivate(vg, r);
}

void vgic_irq_deactivate(struct vgic *vg, struct vgic_ref *r)
{
	hw_deactivate(vg, r, r->irq->owner);
	vgic_irq_complete(vg, r);
}

static void set_group(struct vgic *vg, struct vgic_ref *r, bool g1)
{
	bool was = r->irq->flags & VI_GROUP1;

	if (was == g1)
		return;
	if (g1)
		r->irq->flags |= VI_GROUP1;
	else
		r->irq->flags &= (uint16_t)~VI_GROUP1;
	kick_owner_if_loaded(vg, r);
	vgic_irq_kick(vg, r);
}

uint32_t vgic_bits_read(struct vgic *vg, unsigned int vcpu,
			unsigned int first, enum vgic_bits kind)
{
	uint32_t val = 0;
	struct vgic_ref r;

	for (unsigned int i = 0; i < 32; i++) {
		bool bit = false;

		if (vgic_ref(vg, vcpu, first + i, &r))
			break;
		switch (kind) {
		case VB_GROUP:
			bit = r.irq->flags & VI_GROUP1;
			break;
		case VB_SET_ENABLE:
		case VB_CLR_ENABLE:
			bit = qinfo(&r).enabled;
			break;
		case VB_SET_PEND:
		case VB_CLR_PEND:
			bit = vgic_irq_is_pending(vg, &r);
			break;
		case VB_SET_ACT:
		case VB_CLR_ACT:
			bit = vgic_irq_is_active(&r);
			break;
		}
		if (bit)
			val |= 1U << i;
	}
	return val;
}

void vgic_bits_write(struct vgic *vg, unsigned int vcpu, unsigned int first,
		     enum vgic_bits kind, uint32_t val)
{
	struct vgic_ref r;

	for (unsigned int i = 0; i < 32; i++) {
		bool bit = (val >> i) & 1U;

		if (vgic_ref(vg, vcpu, first + i, &r))
			break;
		if (kind == VB_GROUP) {
			set_group(vg, &r, bit);
			continue;
		}
		if (!bit)
			continue;
		switch (kind) {
		case VB_GROUP:
			break;
		case VB_SET_ENABLE:
			set_enabled(vg, &r, true);
			break;
		case VB_CLR_ENABLE:
			set_enabled(vg, &r, false);
			break;
		case VB_SET_PEND:
			vgic_irq_set_pending(vg, &r);
			break;
		case VB_CLR_PEND:
			clear_pending(vg, &r);
			break;
		case VB_SET_ACT:
			set_active(vg, &r);
			break;
		case VB_CLR_ACT:
			clear_active(vg, &r);
			break;
		}
	}
}

uint8_t vgic_prio_read(struct vgic *vg, unsigned int vcpu, unsigned int intid)
{
	struct vgic_ref r;

	if (vgic_ref(vg, vcpu, intid, &r))
		return 0;
	return (uint8_t)qinfo(&r).prio;
}

void vgic_prio_write(struct vgic *vg, unsigned int vcpu, unsigned int intid,
		     uint8_t prio)
{
	struct vgic_ref r;

	if (vgic_ref(vg, vcpu, intid, &r))
		return;
	prio &= vg->prio_mask;
	if (qinfo(&r).prio == prio)
		return;
	irqq_set_priority(r.q, r.qid, prio);
	if (in_lr_pending(&r))
		kick_owner_if_loaded(vg, &r);
	vgic_irq_kick(vg, &r);
}

uint32_t vgic_cfg_read(struct vgic *vg, unsigned int vcpu, unsigned int first)
{
	uint32_t val = 0;
	struct vgic_ref r;

	for (unsigned int i = 0; i < 16; i++) {
		if (vgic_ref(vg, vcpu, first + i, &r))
			break;
		if (qinfo(&r).trigger == IRQQ_EDGE)
			val |= 2U << (2 * i);
	}
	return val;
}

void vgic_cfg_write(struct vgic *vg, unsigned int vcpu, unsigned int first,
		    uint32_t val)
{
	struct vgic_ref r;

	for (unsigned int i = 0; i < 16; i++) {
		unsigned int intid = first + i;
		bool level = !((val >> (2 * i + 1)) & 1U);
		struct irqq_info in = { 0 };

		if (vgic_ref(vg, vcpu, intid, &r))
			break;
		if (intid < VGIC_NR_SGIS)
			continue;	/* SGIs are always edge (RO) */
		in = qinfo(&r);
		if ((in.trigger == IRQQ_LEVEL) == level)
			continue;
		/*
		 * Changing the trigger of a pending or active interrupt is
		 * UNPREDICTABLE: zarm ignores that field (WI) instead.
		 */
		if (in.state != IRQQ_INACTIVE || owned(&r))
			continue;
		irqq_set_trigger(r.q, r.qid, level ? IRQQ_LEVEL : IRQQ_EDGE);
		r.irq->flags &= (uint16_t)~VI_LATCH;
		if (level) {
			sync_qline(vg, &r);
			vgic_irq_kick(vg, &r);
		}
	}
}
