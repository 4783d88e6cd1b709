/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vGICv3: reset, the device-facing injection API, counters and the
 * consistency check (see vgic.h).
 */
#include "irq/vgic.h"
#include "irq/vgic_irq.h"
#include "common/errno.h"

static void reset_irq(struct vgic_irq *irq, unsigned int intid)
{
	irq->irouter = 0;
	irq->intid = (uint16_t)intid;
	irq->pintid = 0;
	irq->flags = VI_GROUP1;
	irq->owner = 0;
	irq->lr_prio = 0;
	irq->lr = 0;
	list_init(&irq->node);
}

/* Reset values of one queue: all disabled at priority 0, @level from @lo. */
static void reset_queue(struct irqq *q, unsigned int nr, unsigned int lo)
{
	irqq_init(q, nr);
	for (unsigned int id = 0; id < nr; id++) {
		irqq_set_enabled(q, id, false);
		irqq_set_priority(q, id, 0);
		if (id >= lo)
			irqq_set_trigger(q, id, IRQQ_LEVEL);
	}
}

int vgic_init(struct vgic *vg, const struct vgic_config *cfg,
	      const struct vgic_ops *ops)
{
	unsigned int bits;

	if (!vg || !cfg || cfg->nr_vcpus < 1 ||
	    cfg->nr_vcpus > VGIC_MAX_VCPUS || cfg->nr_spis > VGIC_MAX_SPIS)
		return -EINVAL;
	bits = cfg->prio_bits ? cfg->prio_bits : 5;
	if (bits < 4 || bits > 8)
		return -EINVAL;
	/* Affinities must be distinct, or routing would be ambiguous. */
	if (cfg->mpidr) {
		for (unsigned int i = 0; i < cfg->nr_vcpus; i++)
			for (unsigned int j = 0; j < i; j++)
				if (((cfg->mpidr[i] ^ cfg->mpidr[j]) &
				     MPIDR_AFF_MASK) == 0)
					return -EINVAL;
	}

	vg->nr_vcpus = cfg->nr_vcpus;
	vg->nr_spis = cfg->nr_spis;
	vg->prio_mask = (uint8_t)(0xff00U >> bits);
	vg->ctlr = 0;
	vg->ops = ops ? *ops : (struct vgic_ops){ 0 };
	vg->spi_cnt = (struct vgic_counters){ 0 };
	vg->stats = (struct vgic_stats){ 0 };
	/* A queue has at least one id; with no SPIs it stays unused. */
	reset_queue(&vg->spiq, cfg->nr_spis ? cfg->nr_spis : 1, 0);
	for (unsigned int i = 0; i < VGIC_MAX_SPIS; i++)
		reset_irq(&vg->spi[i], VGIC_NR_PRIVATE + i);

	for (unsigned int v = 0; v < VGIC_MAX_VCPUS; v++) {
		struct vgic_cpu *c = &vg->cpu[v];

		reset_queue(&c->q, VGIC_NR_PRIVATE, VGIC_NR_SGIS);
		for (unsigned int i = 0; i < VGIC_NR_PRIVATE; i++)
			reset_irq(&c->irq[i], i);
		list_init(&c->owned);
		if (cfg->mpidr && v < cfg->nr_vcpus)
			c->mpidr = cfg->mpidr[v] & MPIDR_AFF_MASK;
		else
			c->mpidr = ((uint64_t)(v / 16) << 8) | (v % 16);
		c->loaded = false;
		c->sleep = true;
		c->nr_loaded = 0;
		for (unsigned int i = 0; i < VGIC_MAX_LRS; i++)
			c->lr_intid[i] = 0;
		c->cnt = (struct vgic_counters){ 0 };
	}
	return 0;
}

int vgic_vcpu_mpidr(const struct vgic *vg, unsigned int vcpu, uint64_t *out)
{
	if (!vg || !out || vcpu >= vg->nr_vcpus)
		return -EINVAL;
	*out = vg->cpu[vcpu].mpidr;
	return 0;
}

int vgic_map_hw(struct vgic *vg, unsigned int vcpu, unsigned int intid,
		unsigned int pintid)
{
	struct vgic_ref r;
	struct irqq_info in = { 0 };

	if (vgic_ref(vg, vcpu, intid, &r) || intid < VGIC_NR_SGIS ||
	    (pintid && (pintid < VGIC_NR_SGIS || pintid > 1019)))
		return -EINVAL;
	irqq_get(r.q, r.qid, &in);
	if (in.state != IRQQ_INACTIVE || (r.irq->flags & VI_OWNED))
		return -EBUSY;
	r.irq->pintid = (uint16_t)pintid;
	if (pintid)
		r.irq->flags |= VI_HW;
	else
		r.irq->flags &= (uint16_t)~VI_HW;
	return 0;
}

int vgic_inject(struct vgic *vg, unsigned int vcpu, unsigned int intid)
{
	struct vgic_ref r;

	if (vgic_ref(vg, vcpu, intid, &r))
		return -EINVAL;
	vgic_irq_set_pending(vg, &r);
	return 0;
}

int vgic_inject_ppi(struct vgic *vg, unsigned int vcpu, unsigned int intid)
{
	if (intid < VGIC_NR_SGIS || intid >= VGIC_NR_PRIVATE)
		return -EINVAL;
	return vgic_inject(vg, vcpu, intid);
}

int vgic_inject_spi(struct vgic *vg, unsigned int intid)
{
	if (intid < VGIC_NR_PRIVATE)
		return -EINVAL;
	return vgic_inject(vg, 0, intid);
}

int vgic_set_level(struct vgic *vg, unsigned int vcpu, unsigned int intid,
		   bool high)
{
	struct vgic_ref r;

	if (vgic_ref(vg, vcpu, intid, &r))
		return -EINVAL;
	vgic_irq_set_line(vg, &r, high);
	return 0;
}

static void add_counters(struct vgic_counters *s, const struct vgic_counters *c)
{
	s->injected += c->injected;
	s->raised += c->raised;
	s->coalesced += c->coalesced;
	s->dropped += c->dropped;
	s->delivered += c->delivered;
	s->completed += c->completed;
}

int vgic_get_counters(const struct vgic *vg, unsigned int vcpu,
		      struct vgic_counters *out)
{
	if (!vg || !out || (vcpu != VGIC_ALL_VCPUS && vcpu >= vg->nr_vcpus))
		return -EINVAL;
	if (vcpu != VGIC_ALL_VCPUS) {
		*out = vg->cpu[vcpu].cnt;
		return 0;
	}
	*out = vg->spi_cnt;
	for (unsigned int v = 0; v < vg->nr_vcpus; v++)
		add_counters(out, &vg->cpu[v].cnt);
	return 0;
}

int vgic_get_stats(const struct vgic *vg, struct vgic_stats *out)
{
	if (!vg || !out)
		return -EINVAL;
	*out = vg->stats;
	return 0;
}

int vgic_irq_state(const struct vgic *vg, unsigned int vcpu,
		   unsigned int intid, enum irqq_state *state, bool *enabled)
{
	struct vgic_ref r;
	struct irqq_info in = { 0 };
	/* vgic_ref() and the readers take a non-const vgic but only read. */
	struct vgic *v = (struct vgic *)vg;

	if (!state || !enabled || vgic_ref(v, vcpu, intid, &r))
		return -EINVAL;
	irqq_get(r.q, r.qid, &in);
	*state = (enum irqq_state)((vgic_irq_is_pending(v, &r) ?
				    IRQQ_PENDING : 0) |
				   (vgic_irq_is_active(&r) ? IRQQ_ACTIVE : 0));
	*enabled = in.enabled;
	return 0;
}

/* Tallies of the logical state, for the equations. */
struct tally {
	uint64_t pending;
	uint64_t active;
	unsigned int owned[VGIC_MAX_VCPUS];
};

/* Check one interrupt; @local_vcpu is its vCPU for INTIDs < 32, else -1. */
static bool check_irq(const struct vgic *vg, const struct irqq *q,
		      unsigned int qid, const struct vgic_irq *irq,
		      int local_vcpu, struct tally *t)
{
	struct irqq_info in = { 0 };
	uint16_t f = irq->flags;
	bool own = f & VI_OWNED;

	if (irqq_get(q, qid, &in))
		return false;
	if (own != !!(in.state & IRQQ_ACTIVE))
		return false;
	if (in.trigger == IRQQ_LEVEL && in.line != !!(f & (VI_LINE | VI_LATCH)))
		return false;
	if (in.trigger == IRQQ_EDGE && (f & VI_LATCH))
		return false;
	if (!own) {
		if (f & (VI_LRP | VI_INLR | VI_CANCEL | VI_DEACT | VI_MKACT |
			 VI_EOI) || list_linked(&irq->node))
			return false;
		t->pending += !!(in.state & IRQQ_PENDING);
		return true;
	}
	if (irq->owner >= vg->nr_vcpus ||
	    (local_vcpu >= 0 && irq->owner != (unsigned int)local_vcpu) ||
	    !list_linked(&irq->node))
		return false;
	t->owned[irq->owner]++;
	if (f & VI_INLR) {
		const struct vgic_cpu *c = &vg->cpu[irq->owner];

		if (!c->loaded || irq->lr >= c->nr_loaded ||
		    c->lr_intid[irq->lr] != irq->intid)
			return false;
	}
	if (f & VI_LRP) {
		/* Pending in an LR exists only between flush and sync. */
		if (!(f & VI_INLR))
			return false;
		t->pending += 1 + !!(in.state & IRQQ_PENDING);
	} else {
		t->pending += !!(in.state & IRQQ_PENDING);
		t->active++;
	}
	return true;
}

int vgic_check(const struct vgic *vg)
{
	struct tally t = { 0 };
	struct vgic_counters c;

	if (!vg || vg->nr_vcpus < 1 || vg->nr_vcpus > VGIC_MAX_VCPUS)
		return -EINVAL;
	if (irqq_check(&vg->spiq))
		return -EFAULT;
	for (unsigned int i = 0; i < vg->nr_spis; i++)
		if (!check_irq(vg, &vg->spiq, i, &vg->spi[i], -1, &t))
			return -EFAULT;
	for (unsigned int v = 0; v < vg->nr_vcpus; v++) {
		const struct vgic_cpu *cpu = &vg->cpu[v];
		const struct list_node *n;
		unsigned int listed = 0;

		if (irqq_check(&cpu->q))
			return -EFAULT;
		for (unsigned int i = 0; i < VGIC_NR_PRIVATE; i++)
			if (!check_irq(vg, &cpu->q, i, &cpu->irq[i], (int)v, &t))
				return -EFAULT;
		list_for_each(n, &cpu->owned) {
			const struct vgic_irq *irq =
				list_entry(n, struct vgic_irq, node);

			if (!(irq->flags & VI_OWNED) || irq->owner != v ||
			    ++listed > VGIC_NR_PRIVATE + VGIC_MAX_SPIS)
				return -EFAULT;
		}
		if (cpu->loaded) {
			for (unsigned int i = 0; i < cpu->nr_loaded; i++) {
				unsigned int id = cpu->lr_intid[i];
				const struct vgic_irq *irq =
					id < VGIC_NR_PRIVATE ? &cpu->irq[id] :
					&vg->spi[id - VGIC_NR_PRIVATE];

				if (id >= VGIC_NR_PRIVATE + vg->nr_spis ||
				    !(irq->flags & VI_INLR) ||
				    irq->owner != v || irq->lr != i)
					return -EFAULT;
			}
		}
		if (listed != t.owned[v])
			return -EFAULT;
	}
	vgic_get_counters(vg, VGIC_ALL_VCPUS, &c);
	if (c.injected + c.raised !=
		    c.delivered + c.coalesced + c.dropped + t.pending ||
	    c.delivered != c.completed + t.active)
		return -EFAULT;
	return 0;
}
