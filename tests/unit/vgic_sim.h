/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test harness for irq/vgic: one VM's vGICv3 plus, per vCPU, a simulated
 * GICv3 virtual CPU interface as the hardware would run it over the list
 * registers (acknowledge the most urgent pending LR above the running
 * priority, EOI with EOImode 0 = drop + deactivate the most recent), and
 * the maintenance interrupts the model asked for (underflow, NPIE, EOI
 * bit), which force an exit (sync + flush) as they would on hardware.
 *
 * Header only, shared by the vgic test programs.
 */
#ifndef ZARM_TESTS_UNIT_VGIC_SIM_H
#define ZARM_TESTS_UNIT_VGIC_SIM_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/errno.h"
#include "irq/vgic.h"
#include "tests/unit/unit_test.h"

#define OK(x) ck_assert_int_eq((x), 0)
#define SGI_FRAME 0x10000ULL
#define STACK_MAX 64

struct sim {
	struct vgic vg;
	unsigned int nv;
	unsigned int nr_lrs;
	uint64_t lr[VGIC_MAX_VCPUS][VGIC_MAX_LRS];
	struct vgic_flush_info fi[VGIC_MAX_VCPUS];
	bool loaded[VGIC_MAX_VCPUS];
	unsigned int grp_en[VGIC_MAX_VCPUS];
	/* guest CPU interface: active priorities, most recent last */
	unsigned int stack[VGIC_MAX_VCPUS][STACK_MAX];
	unsigned int sprio[VGIC_MAX_VCPUS][STACK_MAX];
	unsigned int depth[VGIC_MAX_VCPUS];
	bool eoi_maint[VGIC_MAX_VCPUS];
	unsigned int kicks[VGIC_MAX_VCPUS];
	bool hw_level;		/* what ops.resample answers */
	unsigned int resamples;
	unsigned int hw_deacts;	/* ops.hw_deactivate calls */
	unsigned int hw_deact_vcpu, hw_deact_intid, hw_deact_pintid;	/* the last one */
	unsigned long acks, eois, eoi_miss, exits;
};

static struct sim *S;

static inline void sim_kick(void *ctx, unsigned int vcpu)
{
	struct sim *s = ctx;

	ck_assert_uint_lt(vcpu, s->nv);
	s->kicks[vcpu]++;
}

static inline bool sim_resample(void *ctx, unsigned int vcpu, unsigned int intid)
{
	struct sim *s = ctx;

	(void)vcpu;
	(void)intid;
	s->resamples++;
	return s->hw_level;
}

static inline void sim_hw_deactivate(void *ctx, unsigned int vcpu, unsigned int intid,
				     unsigned int pintid)
{
	struct sim *s = ctx;

	s->hw_deacts++;
	s->hw_deact_vcpu = vcpu;
	s->hw_deact_intid = intid;
	s->hw_deact_pintid = pintid;
}

/* A fresh VM: groups enabled in GICD_CTLR and in every vCPU's VMCR. */
static inline struct sim *sim_new_aff(unsigned int nv, unsigned int nr_spis,
				      unsigned int nr_lrs,
				      const uint64_t *mpidr)
{
	struct vgic_config cfg = { .nr_vcpus = nv, .nr_spis = nr_spis,
				   .mpidr = mpidr };
	struct vgic_ops ops = { .kick = sim_kick, .resample = sim_resample,
				.hw_deactivate = sim_hw_deactivate };
	uint64_t v = 3;

	free(S);
	S = calloc(1, sizeof(*S));
	ck_assert_ptr_nonnull(S);
	ops.ctx = S;
	S->nv = nv;
	S->nr_lrs = nr_lrs;
	OK(vgic_init(&S->vg, &cfg, &ops));
	for (unsigned int i = 0; i < nv; i++)
		S->grp_en[i] = VGIC_GRP0_EN | VGIC_GRP1_EN;
	OK(vgic_dist_access(&S->vg, 0, 0, 4, true, &v));
	return S;
}

static inline struct sim *sim_new(unsigned int nv, unsigned int nr_spis,
				  unsigned int nr_lrs)
{
	return sim_new_aff(nv, nr_spis, nr_lrs, NULL);
}

/* ---- register access ----------------------------------------------------- */

static inline uint64_t dr_sz(uint64_t off, unsigned int size)
{
	uint64_t v = 0xdeadbeefdeadbeefULL;

	OK(vgic_dist_access(&S->vg, 0, off, size, false, &v));
	return v;
}

static inline void dw_sz(uint64_t off, unsigned int size, uint64_t val)
{
	OK(vgic_dist_access(&S->vg, 0, off, size, true, &val));
}

static inline uint32_t dr(uint64_t off)
{
	return (uint32_t)dr_sz(off, 4);
}

static inline void dw(uint64_t off, uint32_t val)
{
	dw_sz(off, 4, val);
}

/* Redistributor of vCPU @v, frame offset @off (add SGI_FRAME for SGI). */
static inline uint64_t rr_sz(unsigned int v, uint64_t off, unsigned int size)
{
	uint64_t x = 0xdeadbeefdeadbeefULL;

	OK(vgic_redist_access(&S->vg, v, v * VGIC_REDIST_STRIDE + off, size,
			      false, &x));
	return x;
}

static inline void rw_sz(unsigned int v, uint64_t off, unsigned int size,
			 uint64_t val)
{
	OK(vgic_redist_access(&S->vg, v, v * VGIC_REDIST_STRIDE + off, size,
			      true, &val));
}

static inline uint32_t rr(unsigned int v, uint64_t off)
{
	return (uint32_t)rr_sz(v, off, 4);
}

static inline void rw(unsigned int v, uint64_t off, uint32_t val)
{
	rw_sz(v, off, 4, val);
}

/* Word/bit of a per-INTID register at @base for @intid (GICD or GICR). */
static inline void bit_write(unsigned int v, unsigned int intid,
			     uint64_t base, bool set)
{
	uint32_t val = set ? 1U << (intid % 32) : 0;

	if (intid < 32)
		rw(v, SGI_FRAME + base, val);
	else
		dw(base + 4 * (intid / 32), val);
}

static inline bool bit_read(unsigned int v, unsigned int intid, uint64_t base)
{
	uint32_t w = intid < 32 ? rr(v, SGI_FRAME + base) :
			 dr(base + 4 * (intid / 32));

	return (w >> (intid % 32)) & 1U;
}

static inline void enable(unsigned int v, unsigned int intid)
{
	bit_write(v, intid, 0x100, true);
}

static inline void disable(unsigned int v, unsigned int intid)
{
	bit_write(v, intid, 0x180, true);
}

static inline void set_prio(unsigned int v, unsigned int intid, uint8_t p)
{
	if (intid < 32)
		rw_sz(v, SGI_FRAME + 0x400 + intid, 1, p);
	else
		dw_sz(0x400 + intid, 1, p);
}

/* ICFGR: edge (true) or level. */
static inline void set_edge(unsigned int v, unsigned int intid, bool edge)
{
	uint64_t off = intid < 32 ? SGI_FRAME + 0xc00 + 4 * (intid / 16) :
			   0xc00 + 4 * (intid / 16);
	unsigned int sh = 2 * (intid % 16) + 1;
	uint32_t w = intid < 32 ? rr(v, off) : dr(off);

	w = edge ? (w | (1U << sh)) : (w & ~(1U << sh));
	if (intid < 32)
		rw(v, off, w);
	else
		dw(off, w);
}

/* IROUTER of SPI @intid. */
static inline void route(unsigned int intid, uint64_t val)
{
	dw_sz(0x6000 + 8 * intid, 8, val);
}

static inline void check_model(void)
{
	ck_assert_msg(vgic_check(&S->vg) == 0, "vgic_check failed");
}

/* ---- list registers and the simulated guest -------------------------------- */

static inline uint64_t lr_state(uint64_t lr)
{
	return lr & ICH_LR_STATE_MASK;
}

static inline unsigned int lr_intid(uint64_t lr)
{
	return (unsigned int)(lr & ICH_LR_VINTID_MASK);
}

static inline unsigned int lr_prio(uint64_t lr)
{
	return (unsigned int)((lr >> ICH_LR_PRIO_SHIFT) & 0xff);
}

static inline void flush(unsigned int v)
{
	ck_assert(!S->loaded[v]);
	OK(vgic_flush(&S->vg, v, S->grp_en[v], S->nr_lrs, S->lr[v],
		      &S->fi[v]));
	S->loaded[v] = true;
	S->eoi_maint[v] = false;
}

static inline void sync(unsigned int v)
{
	ck_assert(S->loaded[v]);
	OK(vgic_sync(&S->vg, v, S->nr_lrs, S->lr[v]));
	S->loaded[v] = false;
}

/* LR of @v holding @intid in a state with @st bits, or -1. */
static inline int find_lr(unsigned int v, unsigned int intid, uint64_t st)
{
	for (unsigned int i = 0; i < S->nr_lrs; i++)
		if (lr_state(S->lr[v][i]) && lr_intid(S->lr[v][i]) == intid &&
		    (lr_state(S->lr[v][i]) & st))
			return (int)i;
	return -1;
}

static inline unsigned int running_prio(unsigned int v)
{
	return S->depth[v] ? S->sprio[v][S->depth[v] - 1] : 0x100;
}

/*
 * Guest reads ICC_IAR1_EL1: the most urgent LR in the pending state (not
 * pending+active) of an enabled group above the running priority; -1 when
 * nothing would be signalled.
 */
static inline int gack(unsigned int v)
{
	int best = -1;

	ck_assert(S->loaded[v]);
	for (unsigned int i = 0; i < S->nr_lrs; i++) {
		uint64_t lr = S->lr[v][i];
		unsigned int g = (lr & ICH_LR_GROUP) ? VGIC_GRP1_EN :
			VGIC_GRP0_EN;

		if (lr_state(lr) != ICH_LR_PENDING || !(S->grp_en[v] & g) ||
		    lr_prio(lr) >= running_prio(v))
			continue;
		if (best < 0 || lr_prio(lr) < lr_prio(S->lr[v][best]))
			best = (int)i;
	}
	if (best < 0)
		return -1;
	S->lr[v][best] = (S->lr[v][best] & ~ICH_LR_STATE_MASK) | ICH_LR_ACTIVE;
	ck_assert_uint_lt(S->depth[v], STACK_MAX);
	S->stack[v][S->depth[v]] = lr_intid(S->lr[v][best]);
	S->sprio[v][S->depth[v]] = lr_prio(S->lr[v][best]);
	S->depth[v]++;
	S->acks++;
	return (int)lr_intid(S->lr[v][best]);
}

/* Guest writes ICC_EOIR1_EL1 for the most recent acknowledge; -1 if none. */
static inline int geoi(unsigned int v)
{
	unsigned int id;
	int i;

	ck_assert(S->loaded[v]);
	if (!S->depth[v])
		return -1;
	id = S->stack[v][--S->depth[v]];
	S->eois++;
	i = find_lr(v, id, ICH_LR_ACTIVE);
	if (i < 0) {
		S->eoi_miss++;	/* hardware would bump EOIcount */
		return (int)id;
	}
	S->lr[v][i] &= ~ICH_LR_ACTIVE;
	if ((S->lr[v][i] & ICH_LR_EOI) && !(S->lr[v][i] & ICH_LR_HW) &&
	    !lr_state(S->lr[v][i]))
		S->eoi_maint[v] = true;
	return (int)id;
}

/* True when no LR of @v would be signalled to the guest now. */
static inline bool gack_peek_none(unsigned int v)
{
	for (unsigned int i = 0; i < S->nr_lrs; i++) {
		uint64_t lr = S->lr[v][i];
		unsigned int g = (lr & ICH_LR_GROUP) ? VGIC_GRP1_EN :
			VGIC_GRP0_EN;

		if (lr_state(lr) == ICH_LR_PENDING && (S->grp_en[v] & g) &&
		    lr_prio(lr) < running_prio(v))
			return false;
	}
	return true;
}

/* Would a maintenance interrupt be pending now for loaded vCPU @v? */
static inline bool maint(unsigned int v)
{
	unsigned int valid = 0, pend = 0;

	for (unsigned int i = 0; i < S->nr_lrs; i++) {
		valid += lr_state(S->lr[v][i]) != 0;
		pend += lr_state(S->lr[v][i]) == ICH_LR_PENDING;
	}
	return S->eoi_maint[v] || (S->fi[v].underflow && valid <= 1) ||
	       (S->fi[v].npie && pend == 0) ||
	       (S->fi[v].grp0_eie && (S->grp_en[v] & VGIC_GRP0_EN)) ||
	       (S->fi[v].grp1_eie && (S->grp_en[v] & VGIC_GRP1_EN));
}

/* Take the maintenance exit if one is due; true if taken. */
static inline bool maint_exit(unsigned int v)
{
	if (!S->loaded[v] || !maint(v))
		return false;
	sync(v);
	flush(v);
	S->exits++;
	return true;
}

/* The distributor's counters summed over all vCPUs. */
static inline struct vgic_counters totals(void)
{
	struct vgic_counters c;

	OK(vgic_get_counters(&S->vg, VGIC_ALL_VCPUS, &c));
	return c;
}

/* Exactly @n interrupts delivered to and completed by the guests so far. */
static inline void expect_delivered_and_completed(unsigned int n)
{
	ck_assert_uint_eq(totals().delivered, n);
	ck_assert_uint_eq(totals().completed, n);
}

/*
 * Run @v until it has nothing to do: ack + EOI one at a time, honouring
 * maintenance exits; log the acknowledged INTIDs. Returns how many.
 */
static inline unsigned int drain(unsigned int v, unsigned int *log,
				 unsigned int max)
{
	unsigned int n = 0;

	for (unsigned int round = 0; round < 100000; round++) {
		int id;

		if (!S->loaded[v])
			flush(v);
		id = gack(v);
		if (id < 0) {
			/* Nothing signalled: exit, and stop when the next
			 * flush brings nothing either. */
			sync(v);
			flush(v);
			if (S->fi[v].nr_used == 0 || gack_peek_none(v)) {
				sync(v);
				return n;
			}
			continue;
		}
		if (log && n < max)
			log[n] = (unsigned int)id;
		n++;
		geoi(v);
		maint_exit(v);
	}
	ck_abort_msg("drain did not converge");
	return n;
}

#endif
