/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * List-register scheduling as pure logic (see vgic.h): which interrupts go
 * into ICH_LR<n>_EL2 before a vCPU runs, which maintenance interrupts it
 * needs, and what the LRs say the guest did once it has stopped.
 */
#include "irq/vgic.h"
#include "irq/vgic_irq.h"
#include "common/errno.h"

/* Deliverability filter context for one vCPU's flush. */
struct dctx {
	struct vgic *vg;
	unsigned int vcpu;
	unsigned int grp_en;
	bool held[2];	/* held back only by the vCPU's group enable */
	bool spi;
};

static bool group_ok(struct dctx *d, const struct vgic_irq *irq)
{
	unsigned int g = (irq->flags & VI_GROUP1) ? 1 : 0;

	/* GICD_CTLR's group enables apply to SGIs and PPIs too (ARE = 1). */
	if (!(d->vg->ctlr & (1U << g)))
		return false;
	if (!(d->grp_en & (1U << g))) {
		d->held[g] = true;
		return false;
	}
	return true;
}

static bool local_ok(void *ctx, unsigned int id, unsigned int prio)
{
	struct dctx *d = ctx;

	(void)prio;
	return group_ok(d, &d->vg->cpu[d->vcpu].irq[id]);
}

static bool spi_ok(void *ctx, unsigned int id, unsigned int prio)
{
	struct dctx *d = ctx;
	const struct vgic_irq *irq = &d->vg->spi[id];

	(void)prio;
	/* Routing first: a vCPU not targeted does not care about groups. */
	if (!(irq->irouter & IROUTER_IRM) &&
	    vgic_route_target(d->vg, irq->irouter) != (int)d->vcpu)
		return false;
	return group_ok(d, irq);
}

static struct vgic_irq *irq_of(struct vgic *vg, unsigned int vcpu,
			       unsigned int intid)
{
	return intid < VGIC_NR_PRIVATE ? &vg->cpu[vcpu].irq[intid] :
	       &vg->spi[intid - VGIC_NR_PRIVATE];
}

static uint64_t encode(const struct vgic_irq *irq, uint64_t state,
		       unsigned int prio, bool eoi)
{
	uint64_t lr = state | ((uint64_t)prio << ICH_LR_PRIO_SHIFT) |
		      irq->intid;

	if (irq->flags & VI_GROUP1)
		lr |= ICH_LR_GROUP;
	if (irq->flags & VI_HW)
		lr |= ICH_LR_HW | ((uint64_t)irq->pintid << ICH_LR_PINTID_SHIFT);
	else if (eoi)
		lr |= ICH_LR_EOI;
	return lr;
}

/* Put @irq (owned by @vcpu) into LR @n. */
static void load(struct vgic *vg, unsigned int vcpu, unsigned int n,
		 struct vgic_irq *irq, uint64_t *lrs)
{
	struct vgic_ref r;
	struct irqq_info in = { 0 };
	bool pend = irq->flags & VI_LRP;
	bool eoi;

	if (vgic_ref(vg, vcpu, irq->intid, &r)) {
		lrs[n] = 0;	/* cannot happen: @irq is one of @vcpu's */
		return;
	}
	irqq_get(r.q, r.qid, &in);
	/*
	 * Level interrupts are re-sampled at EOI; an active one with a new
	 * pending state waiting in the queue must bring the vCPU out at EOI
	 * so that the pending state follows.
	 */
	eoi = in.trigger == IRQQ_LEVEL || (!pend && (in.state & IRQQ_PENDING));
	lrs[n] = encode(irq, pend ? ICH_LR_PENDING : ICH_LR_ACTIVE,
			irq->lr_prio, eoi);
	irq->flags |= VI_INLR;
	if (eoi && !(irq->flags & VI_HW))
		irq->flags |= VI_EOI;
	irq->lr = (uint8_t)n;
	vg->cpu[vcpu].lr_intid[n] = irq->intid;
}

/* Most urgent owned active interrupt of @c not yet in an LR, or NULL. */
static struct vgic_irq *next_active(struct vgic_cpu *c)
{
	struct vgic_irq *best = NULL;
	struct list_node *n;

	list_for_each(n, &c->owned) {
		struct vgic_irq *irq = list_entry(n, struct vgic_irq, node);

		if (irq->flags & (VI_INLR | VI_LRP))
			continue;
		if (!best || irq->lr_prio < best->lr_prio ||
		    (irq->lr_prio == best->lr_prio && irq->intid < best->intid))
			best = irq;
	}
	return best;
}

/* Owned active interrupts of @c not in an LR. */
static unsigned int count_unloaded(struct vgic_cpu *c)
{
	struct list_node *n;
	unsigned int cnt = 0;

	list_for_each(n, &c->owned) {
		const struct vgic_irq *irq =
			list_entry(n, struct vgic_irq, node);

		cnt += !(irq->flags & (VI_INLR | VI_LRP));
	}
	return cnt;
}

static int pick(struct vgic *vg, struct dctx *dl, struct dctx *ds,
		struct irqq_pick *p, bool take)
{
	struct irqq_filter lf = { local_ok, dl }, sf = { spi_ok, ds };
	struct irqq *spiq = vg->nr_spis ? &vg->spiq : NULL;
	struct irqq *lq = &vg->cpu[dl->vcpu].q;

	if (take)
		return irqq_take(lq, &lf, spiq, &sf, p);
	return irqq_best(lq, &lf, spiq, &sf, p);
}

int vgic_flush(struct vgic *vg, unsigned int vcpu, unsigned int grp_en,
	       unsigned int nr_lrs, uint64_t lrs[],
	       struct vgic_flush_info *info)
{
	struct dctx dl, ds;
	struct vgic_cpu *c;
	struct irqq_pick p;
	struct vgic_irq *irq;
	unsigned int n = 0, nr_pend = 0, active_slots;
	bool exhausted = false;

	if (!vg || vcpu >= vg->nr_vcpus || !lrs || !info || nr_lrs < 1 ||
	    nr_lrs > VGIC_MAX_LRS)
		return -EINVAL;
	c = &vg->cpu[vcpu];
	if (c->loaded)
		return -EBUSY;

	*info = (struct vgic_flush_info){ 0 };
	dl = (struct dctx){ .vg = vg, .vcpu = vcpu, .grp_en = grp_en };
	ds = dl;
	ds.spi = true;

	/*
	 * Active ones first, most urgent first, so the guest can EOI them.
	 * When they alone would fill every LR, keep one LR back for a pending
	 * interrupt urgent enough to preempt the most urgent active one: the
	 * actives left out are the least urgent, EOIed last, and underflow
	 * brings them back before then.
	 */
	irq = next_active(c);
	active_slots = nr_lrs;
	if (irq && nr_lrs > 1 && count_unloaded(c) >= nr_lrs &&
	    pick(vg, &dl, &ds, &p, false) == 0 && p.prio < irq->lr_prio)
		active_slots = nr_lrs - 1;
	while (n < active_slots && (irq = next_active(c)) != NULL)
		load(vg, vcpu, n++, irq, lrs);
	info->left_active = count_unloaded(c);

	while (n < nr_lrs) {
		struct vgic_ref r;

		if (pick(vg, &dl, &ds, &p, true)) {
			exhausted = true;
			break;
		}
		vgic_ref(vg, vcpu, p.q == &vg->spiq ?
			 VGIC_NR_PRIVATE + p.id : p.id, &r);
		vgic_irq_own(vg, &r, vcpu, true, p.prio);
		load(vg, vcpu, n++, r.irq, lrs);
		nr_pend++;
		if (!r.spi && (r.irq->flags & VI_HW))
			info->hw_ppi_pending = true;
	}
	/*
	 * A take that found nothing walked every candidate with the same
	 * filter (and noted the held groups): looking again cannot find one.
	 */
	if (!exhausted && pick(vg, &dl, &ds, &p, false) == 0)
		info->left_pending = 1;

	for (unsigned int i = n; i < nr_lrs; i++)
		lrs[i] = 0;
	c->loaded = true;
	c->nr_loaded = n;
	info->nr_used = n;

	/*
	 * NPIE fires once the guest has taken every pending LR; with none
	 * pending it would fire at once, so wait for LRs to empty (underflow)
	 * instead. Actives left out always need underflow: it fires while one
	 * LR is still valid, before the guest can EOI one that is not loaded.
	 */
	info->npie = info->left_pending && nr_pend > 0;
	info->underflow = info->left_active > 0 ||
			  (info->left_pending && nr_pend == 0);
	info->grp0_eie = dl.held[0] || ds.held[0];
	info->grp1_eie = dl.held[1] || ds.held[1];
	return 0;
}

/* Apply what LR @i says about @irq (loaded as pending or active). */
static void sync_one(struct vgic *vg, unsigned int vcpu, struct vgic_irq *irq,
		     uint64_t lr)
{
	uint64_t st = lr & ICH_LR_STATE_MASK;
	bool was_pend = irq->flags & VI_LRP;
	struct vgic_ref r;

	vgic_ref(vg, vcpu, irq->intid, &r);
	irq->flags &= (uint16_t)~VI_EOI;
	if ((lr & ICH_LR_VINTID_MASK) != irq->intid ||
	    st == (ICH_LR_PENDING | ICH_LR_ACTIVE) ||
	    (!was_pend && st == ICH_LR_PENDING)) {
		/*
		 * Nothing a guest can do to an LR: the arch handed back
		 * something else. Keep the state as loaded.
		 */
		vg->stats.lr_mismatch++;
		st = was_pend ? ICH_LR_PENDING : ICH_LR_ACTIVE;
	}

	if (was_pend) {
		if (st == ICH_LR_PENDING) {
			irq->flags &= (uint16_t)~VI_INLR;
			vgic_irq_unload_pending(vg, &r);
			/* Re-routed meanwhile: tell the new target. */
			if (r.spi && !(irq->flags & VI_OWNED) &&
			    !(irq->irouter & IROUTER_IRM) &&
			    vgic_route_target(vg, irq->irouter) != (int)vcpu)
				vgic_irq_kick(vg, &r);
			return;
		}
		vgic_irq_acked(vg, &r);
	}
	irq->flags &= (uint16_t)~VI_INLR;
	if (st == 0)
		vgic_irq_complete(vg, &r);	/* the guest's EOI (HW: also the physical one) */
	else if (irq->flags & VI_DEACT)
		vgic_irq_deactivate(vg, &r);	/* ICACTIVER while it was in the LR */
}

int vgic_sync(struct vgic *vg, unsigned int vcpu, unsigned int nr_lrs,
	      const uint64_t lrs[])
{
	struct vgic_cpu *c;

	if (!vg || vcpu >= vg->nr_vcpus || !lrs || nr_lrs < 1 ||
	    nr_lrs > VGIC_MAX_LRS)
		return -EINVAL;
	c = &vg->cpu[vcpu];
	if (!c->loaded || nr_lrs < c->nr_loaded)
		return -EINVAL;

	for (unsigned int i = 0; i < c->nr_loaded; i++)
		sync_one(vg, vcpu, irq_of(vg, vcpu, c->lr_intid[i]), lrs[i]);
	c->loaded = false;
	c->nr_loaded = 0;
	return 0;
}

bool vgic_has_work(struct vgic *vg, unsigned int vcpu, unsigned int grp_en)
{
	struct dctx dl, ds;
	struct irqq_pick p;

	if (!vg || vcpu >= vg->nr_vcpus)
		return false;
	dl = (struct dctx){ .vg = vg, .vcpu = vcpu, .grp_en = grp_en };
	ds = dl;
	ds.spi = true;
	return pick(vg, &dl, &ds, &p, false) == 0;
}

uint32_t vgic_lr_hppir(const uint64_t lrs[], unsigned int nr_lrs, unsigned int grp_en,
		       bool group1)
{
	unsigned int best_prio = 0xff;
	int best = -1;

	for (unsigned int i = 0; lrs && i < nr_lrs && i < VGIC_MAX_LRS; i++) {
		unsigned int prio = (unsigned int)((lrs[i] & ICH_LR_PRIO_MASK) >> ICH_LR_PRIO_SHIFT);
		unsigned int g = (lrs[i] & ICH_LR_GROUP) ? VGIC_GRP1_EN : VGIC_GRP0_EN;

		if ((lrs[i] & ICH_LR_STATE_MASK) != ICH_LR_PENDING || !(grp_en & g))
			continue;
		if (prio < best_prio) {
			best_prio = prio;
			best = (int)i;
		}
	}
	if (best < 0 || !!(lrs[best] & ICH_LR_GROUP) != group1)
		return 1023;
	return (uint32_t)(lrs[best] & ICH_LR_VINTID_MASK);
}
