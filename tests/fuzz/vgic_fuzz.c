/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for the vGICv3 model (irq/vgic*.c) driven the way
 * arch/arm64 drives it: a VM of 1-4 vCPUs, 0-64 SPIs and 1-4 list
 * registers, and a sequence of
 *   - distributor and redistributor MMIO from a vCPU (any offset, often a
 *     real register's, sizes 1/2/4/8 and odd ones, reads and writes of
 *     any value, one frame beyond the last redistributor too),
 *   - ICC_SGI1R/SGI0R writes (any 64-bit value, either group),
 *   - device injections (edge, level lines up and down, INTIDs in and
 *     out of range),
 *   - the guest running: it enters with vgic_flush(), acknowledges and
 *     EOIs on a simulated GICv3 virtual CPU interface over the list
 *     registers, and leaves through vgic_sync() on a trap (every MMIO and
 *     SGI write is one), a kick, or a maintenance interrupt it asked for.
 * After every step:
 *  - vgic_check(): injected + raised == delivered + coalesced + dropped +
 *    pending, delivered == completed + active, queues and links intact;
 *  - counters never go down; guest accesses never return an error;
 *  - no INTID twice in one vCPU's list registers, no SPI in two vCPUs'
 *    list registers (duplicated = 0), list registers well formed, unused
 *    ones zero;
 *  - the guest never EOIs an interrupt that is not in its list registers
 *    (the model's underflow promise).
 * At the end the lines go low, every vCPU runs until it has nothing left,
 * and no vCPU may still "have work" (lost = 0: nothing stays pending that
 * the guest could take).
 */
#include <string.h>

#include "common/errno.h"
#include "irq/vgic.h"
#include "tests/fuzz/fuzz_util.h"

#define NV_MAX 4
#define DEPTH 64
#define SGI_FRAME 0x10000ULL

struct cpu_sim {
	uint64_t lr[VGIC_MAX_LRS];
	struct vgic_flush_info fi;
	bool loaded, kicked, eoi_maint;
	unsigned int grp_en;
	unsigned int act[DEPTH], prio[DEPTH], depth;
};

static struct vgic vg;
static struct cpu_sim cs[NV_MAX];
static unsigned int nv, nr_spis, nr_lrs;
static struct vgic_counters last;
static bool level[VGIC_NR_PRIVATE * NV_MAX + VGIC_MAX_SPIS];
/*
 * The guest wrote an I[SC]ACTIVER: it may have ended the active state of
 * an interrupt it acknowledged, so its EOI may find no LR (hardware
 * counts that in EOIcount); from then on such an EOI is not a finding.
 */
static bool meddled;

static void kick(void *ctx, unsigned int v)
{
	(void)ctx;
	FUZZ_CHECK(v < nv, "kick of vCPU %u", v);
	cs[v].kicked = true;
}

static uint64_t state(uint64_t lr)
{
	return lr & ICH_LR_STATE_MASK;
}

static unsigned int lr_id(uint64_t lr)
{
	return (unsigned int)(lr & ICH_LR_VINTID_MASK);
}

static unsigned int lr_pr(uint64_t lr)
{
	return (unsigned int)(lr >> ICH_LR_PRIO_SHIFT & 0xff);
}

static void flush(unsigned int v)
{
	FUZZ_CHECK(vgic_flush(&vg, v, cs[v].grp_en, nr_lrs, cs[v].lr,
			      &cs[v].fi) == 0, "flush");
	cs[v].loaded = true;
	cs[v].kicked = false;
	cs[v].eoi_maint = false;
}

static void sync_out(unsigned int v)
{
	if (!cs[v].loaded)
		return;
	FUZZ_CHECK(vgic_sync(&vg, v, nr_lrs, cs[v].lr) == 0, "sync");
	cs[v].loaded = false;
}

/* A maintenance interrupt the model asked for is due on loaded @v. */
static bool maint_due(unsigned int v)
{
	const struct cpu_sim *c = &cs[v];
	unsigned int valid = 0, pend = 0, i;

	for (i = 0; i < nr_lrs; i++) {
		valid += state(c->lr[i]) != 0;
		pend += state(c->lr[i]) == ICH_LR_PENDING;
	}
	return c->eoi_maint || (c->fi.underflow && valid <= 1) ||
	       (c->fi.npie && pend == 0) ||
	       (c->fi.grp0_eie && (c->grp_en & VGIC_GRP0_EN)) ||
	       (c->fi.grp1_eie && (c->grp_en & VGIC_GRP1_EN));
}

/* The guest is about to run on @v: enter, taking any exit that is due. */
static void run(unsigned int v)
{
	if (!cs[v].loaded) {
		flush(v);
		return;
	}
	if (cs[v].kicked || maint_due(v)) {
		sync_out(v);
		flush(v);
	}
}

static unsigned int running_prio(unsigned int v)
{
	return cs[v].depth ? cs[v].prio[cs[v].depth - 1] : 0x100;
}

/* ICC_IAR1_EL1 on the virtual CPU interface; -1 when nothing signals. */
static int guest_ack(unsigned int v)
{
	struct cpu_sim *c = &cs[v];
	int best = -1;
	unsigned int i;

	for (i = 0; i < nr_lrs; i++) {
		unsigned int g = (c->lr[i] & ICH_LR_GROUP) ? VGIC_GRP1_EN
							   : VGIC_GRP0_EN;

		if (state(c->lr[i]) != ICH_LR_PENDING || !(c->grp_en & g) ||
		    lr_pr(c->lr[i]) >= running_prio(v))
			continue;
		if (best < 0 || lr_pr(c->lr[i]) < lr_pr(c->lr[best]))
			best = (int)i;
	}
	if (best < 0 || c->depth == DEPTH)
		return -1;
	c->lr[best] = (c->lr[best] & ~ICH_LR_STATE_MASK) | ICH_LR_ACTIVE;
	c->act[c->depth] = lr_id(c->lr[best]);
	c->prio[c->depth++] = lr_pr(c->lr[best]);
	return (int)lr_id(c->lr[best]);
}

/* ICC_EOIR1_EL1 (EOImode 0) for the most recent acknowledge. */
static void guest_eoi(unsigned int v)
{
	struct cpu_sim *c = &cs[v];
	unsigned int id, i;

	if (!c->depth)
		return;
	id = c->act[--c->depth];
	for (i = 0; i < nr_lrs; i++)
		if ((c->lr[i] & ICH_LR_ACTIVE) && lr_id(c->lr[i]) == id)
			break;
	FUZZ_CHECK(i < nr_lrs || meddled, "vCPU %u EOIs INTID %u, not in its LRs",
		   v, id);
	if (i == nr_lrs)
		return;
	c->lr[i] &= ~ICH_LR_ACTIVE;
	if ((c->lr[i] & ICH_LR_EOI) && !(c->lr[i] & ICH_LR_HW) &&
	    !state(c->lr[i]))
		c->eoi_maint = true;
}

static void check_lrs(void)
{
	static int16_t where[VGIC_NR_PRIVATE + VGIC_MAX_SPIS];
	unsigned int v, i, id, top = VGIC_NR_PRIVATE + nr_spis;

	memset(where, -1, sizeof(where));
	for (v = 0; v < nv; v++) {
		if (!cs[v].loaded)
			continue;
		for (i = 0; i < nr_lrs; i++) {
			uint64_t lr = cs[v].lr[i];

			FUZZ_CHECK(i < cs[v].fi.nr_used || lr == 0,
				   "LR %u of vCPU %u beyond the %u used", i, v,
				   cs[v].fi.nr_used);
			if (!state(lr))
				continue;
			id = lr_id(lr);
			FUZZ_CHECK(id < top, "LR with INTID %u of %u", id, top);
			FUZZ_CHECK(where[id] != (int16_t)v,
				   "INTID %u twice in vCPU %u's LRs", id, v);
			FUZZ_CHECK(id < VGIC_NR_PRIVATE || where[id] < 0,
				   "SPI %u in the LRs of vCPUs %d and %u", id,
				   where[id], v);
			where[id] = (int16_t)v;
		}
	}
}

/*
 * vgic_check() walks every queue slot (1024 per queue), so it runs every
 * CHECK_EVERY steps and at the end of the input; the rest every step.
 */
#define CHECK_EVERY 64

static void check_all(bool full)
{
	struct vgic_counters c;

	if (full)
		FUZZ_CHECK(vgic_check(&vg) == 0, "vgic_check failed");
	FUZZ_CHECK(vgic_get_counters(&vg, VGIC_ALL_VCPUS, &c) == 0, "counters");
	FUZZ_CHECK(c.injected >= last.injected && c.raised >= last.raised &&
		   c.coalesced >= last.coalesced && c.dropped >= last.dropped &&
		   c.delivered >= last.delivered && c.completed >= last.completed,
		   "a counter went down");
	last = c;
	check_lrs();
}

/* An offset in a frame: often a real register's, sometimes anything. */
static uint64_t pick_offset(struct fz_in *in, bool redist)
{
	static const uint16_t gicd[] = {
		0x0, 0x4, 0x8, 0xc, 0x10, 0x40, 0x48, 0x50, 0x58, 0x80, 0x100,
		0x180, 0x200, 0x280, 0x300, 0x380, 0x400, 0x800, 0xc00, 0xd00,
		0xe00, 0xf00, 0xf10, 0xf20, 0x6000, 0x6100, 0xffe8, 0xffd0,
	};
	static const uint32_t gicr[] = {
		0x0, 0x4, 0x8, 0xc, 0x10, 0x14, 0x70, 0x78, 0xffe8,
		0x10080, 0x10100, 0x10180, 0x10200, 0x10280, 0x10300, 0x10380,
		0x10400, 0x10c00, 0x10c04, 0x10d00, 0x10e00,
	};
	uint8_t k = fz_u8(in);
	uint64_t base;

	if (k < 32)
		return fz_u32(in) % (redist ? VGIC_REDIST_STRIDE : VGIC_DIST_SIZE);
	base = redist ? gicr[k % ARRAY_SIZE(gicr)] : gicd[k % ARRAY_SIZE(gicd)];
	return base + (fz_u8(in) & 0x3f) * (k & 1 ? 1 : 4);
}

static unsigned int pick_size(struct fz_in *in)
{
	static const unsigned int sizes[] = { 4, 4, 4, 1, 8, 2, 3, 0, 16 };

	return sizes[fz_u8(in) % ARRAY_SIZE(sizes)];
}

static unsigned int pick_intid(struct fz_in *in)
{
	uint8_t k = fz_u8(in);

	if (k < 8)
		return fz_u16(in);
	return k % (VGIC_NR_PRIVATE + nr_spis + 2);
}

static void step(struct fz_in *in, bool full)
{
	unsigned int op = fz_u8(in), v = fz_u8(in) % nv, intid, size;
	uint64_t off, val;
	int rc;

	switch (op % 12) {
	case 0: case 1: /* distributor MMIO (a trap: the vCPU exits) */
		off = pick_offset(in, false);
		size = pick_size(in);
		val = fz_val64(in);
		sync_out(v);
		meddled |= (op & 0x10) && off >= 0x300 && off < 0x400;
		rc = vgic_dist_access(&vg, v, off, size, op & 0x10, &val);
		FUZZ_CHECK(rc == 0, "GICD access %#llx/%u: %d",
			   (unsigned long long)off, size, rc);
		break;
	case 2: case 3: { /* redistributor MMIO, frames 0..nv */
		unsigned int frame = fz_u8(in) % (nv + 1);

		off = frame * VGIC_REDIST_STRIDE + pick_offset(in, true);
		size = pick_size(in);
		val = fz_val64(in);
		sync_out(v);
		meddled |= (op & 0x10) && off % VGIC_REDIST_STRIDE >= SGI_FRAME + 0x300 &&
			   off % VGIC_REDIST_STRIDE < SGI_FRAME + 0x400;
		rc = vgic_redist_access(&vg, v, off, size, op & 0x10, &val);
		FUZZ_CHECK(rc == 0, "GICR access %#llx/%u: %d",
			   (unsigned long long)off, size, rc);
		break;
	}
	case 4: /* ICC_SGI1R_EL1 / ICC_SGI0R_EL1 */
		val = fz_val64(in);
		if (fz_u8(in) & 1) /* often a small TargetList, INTID, Aff */
			val &= 0xff00ff0f00ffffULL;
		sync_out(v);
		rc = vgic_sgi(&vg, v, val, op & 0x10);
		FUZZ_CHECK(rc == 0, "SGI write: %d", rc);
		break;
	case 5: /* edge injection by a device */
		intid = pick_intid(in);
		rc = vgic_inject(&vg, v, intid);
		FUZZ_CHECK(rc == 0 || (rc == -EINVAL &&
				       intid >= VGIC_NR_PRIVATE + nr_spis),
			   "inject %u: %d", intid, rc);
		break;
	case 6: /* a level line */
		intid = pick_intid(in);
		rc = vgic_set_level(&vg, v, intid, op & 0x10);
		FUZZ_CHECK(rc == 0 || (rc == -EINVAL &&
				       intid >= VGIC_NR_PRIVATE + nr_spis),
			   "level %u: %d", intid, rc);
		if (!rc)
			level[intid < VGIC_NR_PRIVATE ? v * VGIC_NR_PRIVATE + intid
						      : NV_MAX * VGIC_NR_PRIVATE +
							intid - VGIC_NR_PRIVATE] =
				op & 0x10;
		break;
	case 7: case 8: /* the guest acknowledges */
		run(v);
		guest_ack(v);
		break;
	case 9: case 10: /* the guest EOIs */
		run(v);
		guest_eoi(v);
		break;
	case 11: /* the guest's group enables (ICH_VMCR_EL2, untrapped) */
		cs[v].grp_en = op >> 4 & 3;
		break;
	}
	check_all(full);
}

/*
 * Lines low; every guest wakes its redistributor (GICR_WAKER) and clears
 * the active states it may have set through ISACTIVER (which no EOI of its
 * would end); then every vCPU runs until it has nothing to do.
 */
static void drain(void)
{
	unsigned int v, i, round;
	uint64_t zero = 0, ones = 0xffffffffULL;

	for (i = 0; i < ARRAY_SIZE(level); i++) {
		if (!level[i])
			continue;
		if (i < NV_MAX * VGIC_NR_PRIVATE)
			vgic_set_level(&vg, i / VGIC_NR_PRIVATE, i % VGIC_NR_PRIVATE,
				       false);
		else
			vgic_set_level(&vg, 0, i - NV_MAX * VGIC_NR_PRIVATE +
					       VGIC_NR_PRIVATE, false);
	}
	for (v = 0; v < nv; v++) {
		sync_out(v);
		cs[v].depth = 0; /* what it acknowledged, ICACTIVER ends */
		FUZZ_CHECK(vgic_redist_access(&vg, v, v * VGIC_REDIST_STRIDE + 0x14,
					      4, true, &zero) == 0, "WAKER");
		FUZZ_CHECK(vgic_redist_access(&vg, v, v * VGIC_REDIST_STRIDE +
					      SGI_FRAME + 0x380, 4, true,
					      &ones) == 0, "ICACTIVER0");
	}
	for (i = 1; i < 1 + nr_spis / 32; i++)
		FUZZ_CHECK(vgic_dist_access(&vg, 0, 0x380 + 4 * i, 4, true,
					    &ones) == 0, "ICACTIVER");
	for (v = 0; v < nv; v++) {
		for (round = 0; round < 4096; round++) {
			run(v);
			if (guest_ack(v) >= 0) {
				guest_eoi(v);
				continue;
			}
			if (cs[v].depth) {
				guest_eoi(v);
				continue;
			}
			sync_out(v);
			if (!vgic_has_work(&vg, v, cs[v].grp_en))
				break;
		}
		check_all(false);
	}
	for (v = 0; v < nv; v++) {
		sync_out(v);
		FUZZ_CHECK(!vgic_has_work(&vg, v, cs[v].grp_en),
			   "vCPU %u still has work the guest cannot take", v);
	}
}

/*
 * vgic_init() resets all VGIC_MAX_VCPUS queues of 1024 slots: done once
 * per configuration, later inputs restore a copy (the struct only points
 * into itself, so a copy at the same address is exact).
 */
static void init(const struct vgic_config *cfg, const struct vgic_ops *ops)
{
	static struct vgic *tmpl[NV_MAX + 1][4][9];
	struct vgic **t = &tmpl[cfg->nr_vcpus][cfg->nr_spis / 32][cfg->prio_bits];

	if (!*t) {
		FUZZ_CHECK(vgic_init(&vg, cfg, ops) == 0, "init");
		FUZZ_CHECK(vgic_check(&vg) == 0, "check after init");
		*t = malloc(sizeof(vg));
		FUZZ_CHECK(*t != NULL, "out of memory");
		memcpy(*t, &vg, sizeof(vg));
		return;
	}
	memcpy(&vg, *t, sizeof(vg));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = fz_in(data, size);
	struct vgic_config cfg = { 0 };
	struct vgic_ops ops = { .kick = kick };
	uint8_t shape = fz_u8(&in);
	uint64_t ctlr = 3;
	unsigned int v, steps;

	nv = 1 + shape % NV_MAX;
	nr_spis = (shape >> 2 & 3) * 32 % 96;
	nr_lrs = 1 + (shape >> 4 & 3);
	cfg.nr_vcpus = nv;
	cfg.nr_spis = nr_spis;
	cfg.prio_bits = (shape & 0x40) ? 4 + fz_u8(&in) % 5 : 0;
	memset(cs, 0, sizeof(cs));
	memset(level, 0, sizeof(level));
	meddled = false;
	memset(&last, 0, sizeof(last));
	init(&cfg, &ops);
	for (v = 0; v < nv; v++)
		cs[v].grp_en = VGIC_GRP0_EN | VGIC_GRP1_EN;
	if (!(shape & 0x80)) /* most runs: groups on, as guests do */
		FUZZ_CHECK(vgic_dist_access(&vg, 0, 0, 4, true, &ctlr) == 0,
			   "GICD_CTLR");
	for (steps = 0; steps < 256 && !fz_done(&in); steps++)
		step(&in, steps % CHECK_EVERY == CHECK_EVERY - 1);
	check_all(true);
	drain();
	return 0;
}
