/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for irq/vgic, register side: GICD and GICR semantics, RAZ/WI
 * sweeps of every offset and size, SGI generation and SPI routing.
 * The list-register side is in test_vgic_lr.c.
 */
#include "tests/unit/vgic_sim.h"

#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280
#define GICD_ISACTIVER 0x300
#define GICD_ICACTIVER 0x380
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180

static void state_is(unsigned int v, unsigned int intid, enum irqq_state st)
{
	enum irqq_state s;
	bool en;

	OK(vgic_irq_state(&S->vg, v, intid, &s, &en));
	ck_assert_msg(s == st, "intid %u state %d want %d", intid, s, st);
}

START_TEST(test_init_args)
{
	struct vgic *vg = calloc(1, sizeof(*vg));
	struct vgic_config cfg = { .nr_vcpus = 2, .nr_spis = 32 };
	uint64_t dup[2] = { 0x100, 0x100 };

	ck_assert_int_eq(vgic_init(NULL, &cfg, NULL), -EINVAL);
	ck_assert_int_eq(vgic_init(vg, NULL, NULL), -EINVAL);
	cfg.nr_vcpus = 0;
	ck_assert_int_eq(vgic_init(vg, &cfg, NULL), -EINVAL);
	cfg.nr_vcpus = VGIC_MAX_VCPUS + 1;
	ck_assert_int_eq(vgic_init(vg, &cfg, NULL), -EINVAL);
	cfg.nr_vcpus = 2;
	cfg.nr_spis = VGIC_MAX_SPIS + 1;
	ck_assert_int_eq(vgic_init(vg, &cfg, NULL), -EINVAL);
	cfg.nr_spis = 32;
	cfg.prio_bits = 3;
	ck_assert_int_eq(vgic_init(vg, &cfg, NULL), -EINVAL);
	cfg.prio_bits = 9;
	ck_assert_int_eq(vgic_init(vg, &cfg, NULL), -EINVAL);
	cfg.prio_bits = 0;
	cfg.mpidr = dup;
	ck_assert_int_eq(vgic_init(vg, &cfg, NULL), -EINVAL);
	cfg.mpidr = NULL;
	OK(vgic_init(vg, &cfg, NULL));	/* no ops at all is fine */
	OK(vgic_inject_spi(vg, 40));
	ck_assert_int_eq(vgic_inject_spi(vg, 64), -EINVAL);
	ck_assert_int_eq(vgic_inject_spi(vg, 20), -EINVAL);
	ck_assert_int_eq(vgic_inject_ppi(vg, 2, 20), -EINVAL);
	ck_assert_int_eq(vgic_inject_ppi(vg, 0, 15), -EINVAL);
	ck_assert_int_eq(vgic_set_level(vg, 0, 1024, true), -EINVAL);
	ck_assert_int_eq(vgic_sgi(vg, 2, 0, true), -EINVAL);
	ck_assert_int_eq(vgic_dist_access(vg, 0, 0, 4, false, NULL), -EINVAL);
	ck_assert_int_eq(vgic_redist_access(vg, 5, 0, 4, false, dup), -EINVAL);
	OK(vgic_check(vg));
	free(vg);
}
END_TEST

START_TEST(test_reset_values)
{
	uint64_t m;

	sim_new(3, 64, 4);
	/* CTLR: groups as set by sim_new, ARE (4) and DS (6) read as one. */
	ck_assert_uint_eq(dr(0x0), 0x53);
	/* TYPER: ITLinesNumber (32+64)/32-1 = 2, IDbits 9, A3V. */
	ck_assert_uint_eq(dr(0x4), 2 | (9U << 19) | (1U << 24));
	ck_assert_uint_eq(dr(0x8), 0x43b);
	ck_assert_uint_eq(dr(0xffe8) >> 4 & 0xf, 3);
	ck_assert_uint_eq(rr(1, 0xffe8) >> 4 & 0xf, 3);
	for (unsigned int i = 32; i < 96; i++) {
		ck_assert(!bit_read(0, i, GICD_ISENABLER));
		ck_assert(!bit_read(0, i, GICD_ISPENDR));
		ck_assert(bit_read(0, i, 0x80));	/* Group 1 */
		ck_assert_uint_eq(dr_sz(0x400 + i, 1), 0);
		ck_assert_uint_eq(dr_sz(0x6000 + 8 * i, 8), 0);
	}
	/* SGIs edge (RO), PPIs and SPIs level. */
	ck_assert_uint_eq(rr(2, SGI_FRAME + 0xc00), 0xaaaaaaaa);
	ck_assert_uint_eq(rr(2, SGI_FRAME + 0xc04), 0);
	ck_assert_uint_eq(dr(0xc08), 0);
	ck_assert_uint_eq(rr(0, 0x14), 6);	/* WAKER: asleep */
	OK(vgic_vcpu_mpidr(&S->vg, 2, &m));
	ck_assert_uint_eq(m, 2);
	ck_assert_int_eq(vgic_vcpu_mpidr(&S->vg, 3, &m), -EINVAL);
	check_model();
}
END_TEST

START_TEST(test_gicd_ctlr)
{
	sim_new(2, 32, 4);
	dw(0, 0);
	ck_assert_uint_eq(dr(0), 0x50);
	dw(0, 0xffffffff);	/* only EnableGrp0/1 are writable */
	ck_assert_uint_eq(dr(0), 0x53);
	dw(0, 2);
	ck_assert_uint_eq(dr(0), 0x52);
	/* Group 1 disabled in the distributor: nothing is forwarded. */
	dw(0, 1);
	enable(0, 40);
	OK(vgic_inject_spi(&S->vg, 40));
	set_edge(0, 41, true);
	flush(0);
	ck_assert_uint_eq(S->fi[0].nr_used, 0);
	sync(0);
	S->kicks[0] = 0;
	dw(0, 3);	/* enabling kicks everybody */
	ck_assert_uint_gt(S->kicks[0], 0);
	flush(0);
	ck_assert_uint_eq(S->fi[0].nr_used, 1);
	sync(0);
	check_model();
}
END_TEST

START_TEST(test_typer_itlines)
{
	static const unsigned int spis[] = { 0, 1, 31, 32, 33, 64, 988 };

	for (unsigned int i = 0; i < ARRAY_SIZE(spis); i++) {
		sim_new(1, spis[i], 4);
		ck_assert_uint_eq(dr(4) & 0x1f, (32 + spis[i] + 31) / 32 - 1);
		/* INTIDs beyond the configured ones are RAZ/WI. */
		dw(GICD_ISENABLER + 4 * 31, 0xffffffff);
		if (spis[i] < 988)
			ck_assert_uint_eq(dr(GICD_ISENABLER + 4 * 31), 0);
		check_model();
	}
}
END_TEST

START_TEST(test_enable_set_clear)
{
	sim_new(2, 64, 4);
	dw(GICD_ISENABLER + 4, 0x00010003);
	ck_assert_uint_eq(dr(GICD_ISENABLER + 4), 0x00010003);
	ck_assert_uint_eq(dr(GICD_ICENABLER + 4), 0x00010003);
	dw(GICD_ISENABLER + 4, 0);	/* zeros change nothing */
	ck_assert_uint_eq(dr(GICD_ISENABLER + 4), 0x00010003);
	dw(GICD_ICENABLER + 4, 0x1);
	ck_assert_uint_eq(dr(GICD_ISENABLER + 4), 0x00010002);
	/* Word 0 (SGIs/PPIs) is the redistributor's with ARE = 1. */
	dw(GICD_ISENABLER, 0xffffffff);
	ck_assert_uint_eq(dr(GICD_ISENABLER), 0);
	rw(1, SGI_FRAME + 0x100, 0x08000001);
	ck_assert_uint_eq(rr(1, SGI_FRAME + 0x100), 0x08000001);
	ck_assert_uint_eq(rr(0, SGI_FRAME + 0x100), 0);
	rw(1, SGI_FRAME + 0x180, 0x1);
	ck_assert_uint_eq(rr(1, SGI_FRAME + 0x180), 0x08000000);
	check_model();
}
END_TEST

START_TEST(test_pending_edge)
{
	struct vgic_counters c;

	sim_new(1, 64, 4);
	set_edge(0, 50, true);
	dw(GICD_ISPENDR + 4, 1U << 18);	/* INTID 50 */
	ck_assert(bit_read(0, 50, GICD_ISPENDR));
	ck_assert(bit_read(0, 50, GICD_ICPENDR));
	state_is(0, 50, IRQQ_PENDING);
	OK(vgic_inject_spi(&S->vg, 50));	/* coalesces */
	dw(GICD_ICPENDR + 4, 1U << 18);
	state_is(0, 50, IRQQ_INACTIVE);
	c = totals();
	ck_assert_uint_eq(c.injected, 2);
	ck_assert_uint_eq(c.coalesced, 1);
	ck_assert_uint_eq(c.dropped, 1);
	/* SGI pending through the redistributor. */
	rw(0, SGI_FRAME + 0x200, 1U << 3);
	ck_assert(bit_read(0, 3, GICD_ISPENDR));
	rw(0, SGI_FRAME + 0x280, 1U << 3);
	ck_assert(!bit_read(0, 3, GICD_ISPENDR));
	check_model();
}
END_TEST

START_TEST(test_pending_level_latch)
{
	sim_new(1, 64, 4);
	enable(0, 60);	/* level by reset */
	dw(GICD_ISPENDR + 4, 1U << 28);	/* latch */
	state_is(0, 60, IRQQ_PENDING);
	OK(vgic_set_level(&S->vg, 0, 60, true));
	dw(GICD_ICPENDR + 4, 1U << 28);	/* the line keeps it pending */
	state_is(0, 60, IRQQ_PENDING);
	OK(vgic_set_level(&S->vg, 0, 60, false));
	state_is(0, 60, IRQQ_INACTIVE);
	/* A latch is cleared by the guest's acknowledge. */
	OK(vgic_inject_spi(&S->vg, 60));
	flush(0);
	ck_assert_int_eq(gack(0), 60);
	geoi(0);
	ck_assert(S->lr[0][0] & ICH_LR_EOI);	/* level: EOI maintenance */
	sync(0);
	state_is(0, 60, IRQQ_INACTIVE);
	check_model();
}
END_TEST

START_TEST(test_active_set_clear)
{
	sim_new(2, 64, 4);
	set_edge(0, 33, true);
	dw(GICD_ISACTIVER + 4, 0x3);	/* 32 level, 33 edge */
	ck_assert_uint_eq(dr(GICD_ISACTIVER + 4), 0x3);
	ck_assert_uint_eq(dr(GICD_ICACTIVER + 4), 0x3);
	state_is(0, 32, IRQQ_ACTIVE);
	/* Active and routed to vCPU 0 (IROUTER 0): flush loads it active. */
	enable(0, 33);
	flush(0);
	ck_assert_uint_eq(S->fi[0].nr_used, 2);
	ck_assert_int_ge(find_lr(0, 33, ICH_LR_ACTIVE), 0);
	sync(0);
	dw(GICD_ICACTIVER + 4, 0x3);
	ck_assert_uint_eq(dr(GICD_ISACTIVER + 4), 0);
	expect_delivered_and_completed(2);
	/* Pending then set active: pending and active. */
	enable(0, 34);
	set_edge(0, 34, true);
	OK(vgic_inject_spi(&S->vg, 34));
	dw(GICD_ISACTIVER + 4, 1U << 2);
	state_is(0, 34, IRQQ_ACTIVE);	/* the pending part was consumed */
	dw(GICD_ICACTIVER + 4, 1U << 2);
	/* PPI active via GICR on vCPU 1 */
	rw(1, SGI_FRAME + 0x300, 1U << 20);
	ck_assert_uint_eq(rr(1, SGI_FRAME + 0x300), 1U << 20);
	rw(1, SGI_FRAME + 0x380, 1U << 20);
	ck_assert_uint_eq(rr(1, SGI_FRAME + 0x300), 0);
	check_model();
}
END_TEST

START_TEST(test_priority_byte_word)
{
	sim_new(2, 64, 4);
	dw(0x400 + 40, 0x12345678);
	/* 5 priority bits: the low 3 of each byte read as zero. */
	ck_assert_uint_eq(dr(0x400 + 40), 0x10305078);
	ck_assert_uint_eq(dr_sz(0x400 + 41, 1), 0x50);
	dw_sz(0x400 + 42, 1, 0xff);
	ck_assert_uint_eq(dr(0x400 + 40), 0x10f85078);
	/* 16-bit and unaligned word accesses are RAZ/WI. */
	dw_sz(0x400 + 40, 2, 0);
	ck_assert_uint_eq(dr_sz(0x400 + 40, 2), 0);
	dw_sz(0x400 + 41, 4, 0);
	ck_assert_uint_eq(dr(0x400 + 40), 0x10f85078);
	/* Private priorities: RAZ/WI in GICD, per vCPU in GICR. */
	dw(0x400, 0xffffffff);
	ck_assert_uint_eq(dr(0x400), 0);
	rw_sz(1, SGI_FRAME + 0x400 + 27, 1, 0xa0);
	ck_assert_uint_eq(rr(1, SGI_FRAME + 0x418), 0xa0000000);
	ck_assert_uint_eq(rr(0, SGI_FRAME + 0x418), 0);
	check_model();
}
END_TEST

START_TEST(test_prio_bits_config)
{
	struct vgic_config cfg = { .nr_vcpus = 1, .nr_spis = 32,
				   .prio_bits = 8 };

	sim_new(1, 32, 4);
	OK(vgic_init(&S->vg, &cfg, NULL));
	dw_sz(0x400 + 33, 1, 0xff);
	ck_assert_uint_eq(dr_sz(0x400 + 33, 1), 0xff);
	cfg.prio_bits = 4;
	OK(vgic_init(&S->vg, &cfg, NULL));
	dw_sz(0x400 + 33, 1, 0xff);
	ck_assert_uint_eq(dr_sz(0x400 + 33, 1), 0xf0);
}
END_TEST

START_TEST(test_icfgr)
{
	sim_new(1, 64, 4);
	dw(0xc08, 0xffffffff);	/* INTIDs 32-47: edge (bit 0 RES0) */
	ck_assert_uint_eq(dr(0xc08), 0xaaaaaaaa);
	dw(0xc08, 0x00000008);	/* 33 edge, others level */
	ck_assert_uint_eq(dr(0xc08), 0x8);
	/* SGIs read-only edge, PPIs writable, GICD word 0/1 RAZ/WI. */
	rw(0, SGI_FRAME + 0xc00, 0);
	ck_assert_uint_eq(rr(0, SGI_FRAME + 0xc00), 0xaaaaaaaa);
	rw(0, SGI_FRAME + 0xc04, 0x80000000);
	ck_assert_uint_eq(rr(0, SGI_FRAME + 0xc04), 0x80000000);
	ck_assert_uint_eq(dr(0xc00), 0);
	ck_assert_uint_eq(dr(0xc04), 0);
	/* Changing the trigger of a pending interrupt is ignored. */
	OK(vgic_set_level(&S->vg, 0, 34, true));
	dw(0xc08, 0x8 | (2U << 4));
	ck_assert_uint_eq(dr(0xc08), 0x8);
	OK(vgic_set_level(&S->vg, 0, 34, false));
	dw(0xc08, 0x8 | (2U << 4));
	ck_assert_uint_eq(dr(0xc08), 0x28);
	/* Edge config: a rising line injects once. */
	OK(vgic_set_level(&S->vg, 0, 34, true));
	OK(vgic_set_level(&S->vg, 0, 34, true));
	state_is(0, 34, IRQQ_PENDING);
	OK(vgic_set_level(&S->vg, 0, 34, false));
	state_is(0, 34, IRQQ_PENDING);	/* edge: stays latched */
	check_model();
}
END_TEST

START_TEST(test_irouter)
{
	sim_new(4, 64, 4);
	route(40, 0xff00000003ULL | (1ULL << 31) | 0xffff000000000000ULL);
	/* Reserved bits read as zero; Aff3 and IRM kept. */
	ck_assert_uint_eq(dr_sz(0x6000 + 8 * 40, 8), 0xff80000003ULL);
	ck_assert_uint_eq(dr_sz(0x6000 + 8 * 40, 4), 0x80000003);
	ck_assert_uint_eq(dr_sz(0x6000 + 8 * 40 + 4, 4), 0xff);
	dw_sz(0x6000 + 8 * 40 + 4, 4, 0);	/* high half alone */
	ck_assert_uint_eq(dr_sz(0x6000 + 8 * 40, 8), 0x80000003ULL);
	dw_sz(0x6000 + 8 * 40, 4, 0x0102);	/* low half alone */
	ck_assert_uint_eq(dr_sz(0x6000 + 8 * 40, 8), 0x0102);
	/* IROUTER0-31 do not exist; beyond nr_spis RAZ/WI; 1 byte bad. */
	dw_sz(0x6000 + 8 * 5, 8, 1);
	ck_assert_uint_eq(dr_sz(0x6000 + 8 * 5, 8), 0);
	dw_sz(0x6000 + 8 * 100, 8, 1);
	ck_assert_uint_eq(dr_sz(0x6000 + 8 * 100, 8), 0);
	ck_assert_uint_eq(dr_sz(0x6000 + 8 * 40, 1), 0);
	check_model();
}
END_TEST

START_TEST(test_igroupr)
{
	sim_new(2, 64, 4);
	dw(0x84, 0x0000ffff);
	ck_assert_uint_eq(dr(0x84), 0x0000ffff);
	ck_assert_uint_eq(dr(0x80), 0);	/* word 0 RAZ/WI */
	rw(1, SGI_FRAME + 0x80, 0xfffffffe);
	ck_assert_uint_eq(rr(1, SGI_FRAME + 0x80), 0xfffffffe);
	ck_assert_uint_eq(rr(0, SGI_FRAME + 0x80), 0xffffffff);
	/* A Group 0 interrupt goes into an LR without the Group bit. */
	enable(0, 40);
	set_edge(0, 40, true);
	dw(0x84, 0xfffffeff);	/* 40 -> group 0 */
	OK(vgic_inject_spi(&S->vg, 40));
	flush(0);
	ck_assert_uint_eq(S->fi[0].nr_used, 1);
	ck_assert(!(S->lr[0][0] & ICH_LR_GROUP));
	sync(0);
	check_model();
}
END_TEST

START_TEST(test_gicr_typer_waker)
{
	static const uint64_t aff[3] = { 0x0, 0x0102, 0x7f00030405ULL };
	uint64_t t;

	sim_new_aff(3, 32, 4, aff);
	for (unsigned int v = 0; v < 3; v++) {
		t = rr_sz(v, 0x8, 8);
		ck_assert_uint_eq((t >> 8) & 0xffff, v);	/* Processor_Number */
		ck_assert_uint_eq(!!(t & (1U << 4)), v == 2);	/* Last */
		ck_assert_uint_eq(rr(v, 0x8), (uint32_t)t);
		ck_assert_uint_eq(rr(v, 0xc), (uint32_t)(t >> 32));
	}
	ck_assert_uint_eq(rr_sz(1, 0x8, 8) >> 32, 0x0102);
	ck_assert_uint_eq(rr_sz(2, 0x8, 8) >> 32, 0x7f030405);
	rw_sz(2, 0x8, 8, 0);	/* read-only */
	ck_assert_uint_eq(rr_sz(2, 0x8, 8) >> 32, 0x7f030405);
	/* WAKER: ProcessorSleep writable, ChildrenAsleep follows. */
	rw(1, 0x14, 0);
	ck_assert_uint_eq(rr(1, 0x14), 0);
	ck_assert_uint_eq(rr(0, 0x14), 6);
	rw(1, 0x14, 2);
	ck_assert_uint_eq(rr(1, 0x14), 6);
	rw(1, 0x14, 4);	/* ChildrenAsleep is read-only */
	ck_assert_uint_eq(rr(1, 0x14), 0);
	/* CTLR, PROPBASER: RAZ/WI; IIDR. */
	rw(1, 0x0, 1);
	ck_assert_uint_eq(rr(1, 0x0), 0);
	ck_assert_uint_eq(rr(1, 0x4), 0x43b);
	rw_sz(1, 0x70, 8, ~0ULL);
	ck_assert_uint_eq(rr_sz(1, 0x70, 8), 0);
	/* A redistributor beyond the last vCPU: RAZ/WI. */
	ck_assert_uint_eq(rr_sz(0, 3 * VGIC_REDIST_STRIDE + 8, 8), 0);
	check_model();
}
END_TEST

/* Every offset and size on a frame, read and write: never an error. */
static void sweep(bool dist, unsigned int v, uint64_t base, uint64_t len,
		  uint64_t *rng)
{
	static const unsigned int sizes[] = { 1, 2, 4, 8 };

	for (uint64_t off = 0; off < len; off++) {
		for (unsigned int s = 0; s < 4; s++) {
			unsigned int sz = sizes[s];
			uint64_t val = ~0ULL, w = unit_test_rand(rng);
			int r1, r2;

			if (dist) {
				r1 = vgic_dist_access(&S->vg, v, base + off, sz,
						      false, &val);
				r2 = vgic_dist_access(&S->vg, v, base + off, sz,
						      true, &w);
			} else {
				r1 = vgic_redist_access(&S->vg, v, base + off,
							sz, false, &val);
				r2 = vgic_redist_access(&S->vg, v, base + off,
							sz, true, &w);
			}
			UNIT_CHECK(r1 == 0 && r2 == 0, "off %llx size %u",
				   (unsigned long long)off, sz);
			UNIT_CHECK(sz == 8 || val >> (8 * sz) == 0,
				   "off %llx size %u read %llx",
				   (unsigned long long)off, sz,
				   (unsigned long long)val);
		}
		if ((off & 0xfff) == 0xfff)
			UNIT_CHECK(vgic_check(&S->vg) == 0, "check at %llx",
				   (unsigned long long)off);
	}
}

/* After a sweep the model still delivers. */
static void still_works(void)
{
	unsigned int got;

	dw(0, 3);
	for (unsigned int v = 0; v < S->nv; v++) {
		if (S->loaded[v])
			sync(v);
		/* Clear whatever the sweep left active or pending. */
		rw(v, SGI_FRAME + 0x380, ~0U);
		rw(v, SGI_FRAME + 0x280, ~0U);
		rw(v, SGI_FRAME + 0x180, ~0U);
		rw_sz(v, SGI_FRAME + 0x400, 4, 0);
		rw(v, SGI_FRAME + 0x80, ~0U);
	}
	for (unsigned int w = 1; w < 3; w++) {
		dw(0x380 + 4 * w, ~0U);
		dw(0x280 + 4 * w, ~0U);
		dw(0x180 + 4 * w, ~0U);
	}
	check_model();
	enable(0, 5);
	OK(vgic_sgi(&S->vg, 1, (5ULL << 24) | 1, true));
	got = drain(0, NULL, 0);
	ck_assert_uint_ge(got, 1);
	check_model();
}

START_TEST(test_sweep_dist)
{
	uint64_t rng = unit_test_seed(0x5eed0001) | 1;

	struct vgic_stats st;

	sim_new(2, 64, 4);
	sweep(true, 0, 0, VGIC_DIST_SIZE + 0x100, &rng);
	check_model();
	/* Most of the 4 x 2 x 65792 accesses are RAZ/WI; all were made. */
	OK(vgic_get_stats(&S->vg, &st));
	ck_assert_uint_gt(st.bad_access, 400000);
	ck_assert_uint_lt(st.bad_access, 4 * 2 * 65792);
	still_works();
}
END_TEST

START_TEST(test_sweep_redist)
{
	uint64_t rng = unit_test_seed(0x5eed0002) | 1;

	struct vgic_stats st;

	sim_new(2, 64, 4);
	sweep(false, 1, 0, 2 * VGIC_REDIST_STRIDE + 0x100, &rng);
	check_model();
	OK(vgic_get_stats(&S->vg, &st));
	ck_assert_uint_gt(st.bad_access, 4 * 2 * 0x20000);
	still_works();
}
END_TEST

START_TEST(test_reserved_and_bad_sizes)
{
	struct vgic_stats st0, st1;
	static const uint64_t reserved[] = { 0x14, 0x40, 0x1000, 0x5ffc,
					     0xfff0, 0xffe0 };

	sim_new(2, 64, 4);
	OK(vgic_get_stats(&S->vg, &st0));
	for (unsigned int i = 0; i < ARRAY_SIZE(reserved); i++) {
		dw(reserved[i], ~0U);
		ck_assert_uint_eq(dr(reserved[i]), 0);
	}
	/* CTLR by byte, halfword, doubleword, and unaligned: RAZ/WI. */
	dw_sz(0, 1, 0);
	dw_sz(0, 2, 0);
	dw_sz(0, 8, 0);
	ck_assert_uint_eq(dr(0), 0x53);
	ck_assert_uint_eq(dr_sz(0, 1), 0);
	ck_assert_uint_eq(dr_sz(2, 2), 0);
	ck_assert_uint_eq(dr_sz(0x104, 8), 0);
	dw_sz(0x102, 2, 0xffff);
	ck_assert_uint_eq(dr(0x104), 0);
	/* Bad sizes never reach the state; odd sizes too. */
	dw_sz(0x104, 3, 0xffffff);
	ck_assert_uint_eq(dr(0x104), 0);
	/* Legacy-only registers: RAZ/WI. */
	dw(0x800 + 40, 0x01010101);
	ck_assert_uint_eq(dr(0x800 + 40), 0);
	dw(0xf00, 0x00010001);
	ck_assert_uint_eq(rr(0, SGI_FRAME + 0x200), 0);
	OK(vgic_get_stats(&S->vg, &st1));
	ck_assert_uint_ge(st1.bad_access - st0.bad_access, 12);
	/* GICR: halfword, reserved, SGI frame reserved. */
	rw_sz(0, SGI_FRAME + 0x100, 2, 0xffff);
	ck_assert_uint_eq(rr(0, SGI_FRAME + 0x100), 0);
	rw(0, SGI_FRAME + 0x104, ~0U);
	ck_assert_uint_eq(rr(0, SGI_FRAME + 0x104), 0);
	rw(0, 0x2000, ~0U);
	ck_assert_uint_eq(rr(0, 0x2000), 0);
	check_model();
}
END_TEST

/* ---- SGIs ------------------------------------------------------------------ */

static uint64_t sgir(unsigned int intid, unsigned int aff3, unsigned int aff2,
		     unsigned int aff1, unsigned int rs, unsigned int list)
{
	return ((uint64_t)aff3 << 48) | ((uint64_t)rs << 44) |
	       ((uint64_t)aff2 << 32) | ((uint64_t)intid << 24) |
	       ((uint64_t)aff1 << 16) | list;
}

static bool sgi_pending(unsigned int v, unsigned int intid)
{
	return (rr(v, SGI_FRAME + 0x200) >> intid) & 1U;
}

START_TEST(test_sgi_one)
{
	sim_new(4, 32, 4);
	for (unsigned int v = 0; v < 4; v++)
		enable(v, 7);
	S->kicks[2] = 0;
	OK(vgic_sgi(&S->vg, 0, sgir(7, 0, 0, 0, 0, 1U << 2), true));
	for (unsigned int v = 0; v < 4; v++)
		ck_assert(sgi_pending(v, 7) == (v == 2));
	ck_assert_uint_eq(S->kicks[2], 1);
	ck_assert_uint_eq(drain(2, NULL, 0), 1);
	ck_assert(!sgi_pending(2, 7));
	/* To self. */
	OK(vgic_sgi(&S->vg, 1, sgir(7, 0, 0, 0, 0, 1U << 1), true));
	ck_assert(sgi_pending(1, 7));
	check_model();
}
END_TEST

START_TEST(test_sgi_list_rs_affinity)
{
	/* Two clusters (Aff1 0 and 1), one vCPU at Aff0 17 (RS 1), Aff3 2. */
	static const uint64_t aff[6] = { 0x000, 0x001, 0x100, 0x103,
					 0x011, 0x200000000ULL };
	struct vgic_stats st;

	sim_new_aff(6, 32, 4, aff);
	OK(vgic_sgi(&S->vg, 0, sgir(1, 0, 0, 0, 0, 0x3), true));
	ck_assert(sgi_pending(0, 1) && sgi_pending(1, 1));
	ck_assert(!sgi_pending(2, 1) && !sgi_pending(3, 1));
	OK(vgic_sgi(&S->vg, 0, sgir(2, 0, 0, 1, 0, 0x9), true));
	ck_assert(sgi_pending(2, 2) && sgi_pending(3, 2));
	ck_assert(!sgi_pending(0, 2) && !sgi_pending(1, 2));
	/* RS 1 covers Aff0 16-31: bit 1 is Aff0 17. */
	OK(vgic_sgi(&S->vg, 0, sgir(3, 0, 0, 0, 1, 0x2), true));
	ck_assert(sgi_pending(4, 3));
	ck_assert(!sgi_pending(1, 3));
	/* Aff3. */
	OK(vgic_sgi(&S->vg, 0, sgir(4, 2, 0, 0, 0, 0x1), true));
	ck_assert(sgi_pending(5, 4));
	ck_assert(!sgi_pending(0, 4));
	/* Absent targets are ignored. */
	OK(vgic_get_stats(&S->vg, &st));
	OK(vgic_sgi(&S->vg, 0, sgir(5, 0, 9, 0, 0, 0xffff), true));
	for (unsigned int v = 0; v < 6; v++)
		ck_assert(!sgi_pending(v, 5));
	OK(vgic_get_stats(&S->vg, &st));
	ck_assert_uint_eq(st.sgi_ignored, 16);
	check_model();
}
END_TEST

START_TEST(test_sgi_broadcast)
{
	sim_new(4, 32, 4);
	OK(vgic_sgi(&S->vg, 2, sgir(9, 0, 0, 0, 0, 0) | (1ULL << 40), true));
	for (unsigned int v = 0; v < 4; v++) {
		ck_assert(sgi_pending(v, 9) == (v != 2));
		enable(v, 9);
	}
	/* Each of the three others takes it exactly once. */
	for (unsigned int v = 0; v < 4; v++)
		ck_assert_uint_eq(drain(v, NULL, 0), v != 2);
	ck_assert_uint_eq(totals().injected, 3);
	expect_delivered_and_completed(3);
	check_model();
}
END_TEST

START_TEST(test_sgi_group)
{
	sim_new(2, 32, 4);
	rw(1, SGI_FRAME + 0x80, ~(1U << 3));	/* SGI 3 Group 0 on vCPU 1 */
	OK(vgic_sgi(&S->vg, 0, sgir(3, 0, 0, 0, 0, 0x2), true));
	ck_assert(!sgi_pending(1, 3));
	OK(vgic_sgi(&S->vg, 0, sgir(3, 0, 0, 0, 0, 0x2), false));
	ck_assert(sgi_pending(1, 3));
	OK(vgic_sgi(&S->vg, 0, sgir(4, 0, 0, 0, 0, 0x2), false));
	ck_assert(!sgi_pending(1, 4));
	check_model();
}
END_TEST

/* ---- SPI routing --------------------------------------------------------- */

START_TEST(test_spi_routing)
{
	static const uint64_t aff[3] = { 0x0, 0x1, 0x100 };
	unsigned int log[4];

	sim_new_aff(3, 64, 4, aff);
	set_edge(0, 45, true);
	enable(0, 45);
	route(45, 0x100);	/* vCPU 2 */
	memset(S->kicks, 0, sizeof(S->kicks));
	OK(vgic_inject_spi(&S->vg, 45));
	ck_assert_uint_eq(S->kicks[2], 1);
	ck_assert_uint_eq(S->kicks[0], 0);
	ck_assert_uint_eq(drain(0, NULL, 0), 0);
	ck_assert_uint_eq(drain(1, NULL, 0), 0);
	ck_assert_uint_eq(drain(2, log, 4), 1);
	ck_assert_uint_eq(log[0], 45);
	/* Routed to nobody: stays pending until re-routed. */
	route(45, 0x5);
	OK(vgic_inject_spi(&S->vg, 45));
	for (unsigned int v = 0; v < 3; v++)
		ck_assert_uint_eq(drain(v, NULL, 0), 0);
	S->kicks[1] = 0;
	route(45, 0x1);
	ck_assert_uint_eq(S->kicks[1], 1);
	ck_assert_uint_eq(drain(1, NULL, 0), 1);
	/* Re-routed while pending in vCPU 1's LR: vCPU 1 is told to exit,
	 * and the SPI moves at its sync. */
	OK(vgic_inject_spi(&S->vg, 45));
	flush(1);
	memset(S->kicks, 0, sizeof(S->kicks));
	route(45, 0x100);
	ck_assert_uint_eq(S->kicks[1], 1);
	sync(1);
	ck_assert_uint_eq(S->kicks[2], 1);
	ck_assert_uint_eq(drain(1, NULL, 0), 0);
	ck_assert_uint_eq(drain(2, NULL, 0), 1);
	/* IRM = 1: any one vCPU, exactly once. */
	route(45, 1ULL << 31);
	OK(vgic_inject_spi(&S->vg, 45));
	flush(0);
	flush(1);
	ck_assert_uint_eq(S->fi[0].nr_used + S->fi[1].nr_used, 1);
	sync(0);
	sync(1);
	ck_assert_uint_eq(drain(2, NULL, 0) + drain(0, NULL, 0) +
			  drain(1, NULL, 0), 1);
	check_model();
}
END_TEST

START_TEST(test_active_spi_stays_with_owner)
{
	sim_new(2, 64, 4);
	set_edge(0, 40, true);
	enable(0, 40);
	OK(vgic_inject_spi(&S->vg, 40));
	flush(0);
	ck_assert_int_eq(gack(0), 40);
	sync(0);
	/* Re-routed while active: the active state stays on vCPU 0. */
	route(40, 1);
	OK(vgic_inject_spi(&S->vg, 40));	/* pending + active */
	state_is(0, 40, IRQQ_PENDING_ACTIVE);
	flush(1);
	ck_assert_uint_eq(S->fi[1].nr_used, 0);	/* not while active */
	sync(1);
	flush(0);
	ck_assert_int_ge(find_lr(0, 40, ICH_LR_ACTIVE), 0);
	geoi(0);
	sync(0);
	/* Now it goes to the new target. */
	ck_assert_uint_eq(drain(1, NULL, 0), 1);
	check_model();
}
END_TEST

static Suite *vgic_suite(void)
{
	Suite *s = suite_create("vgic");
	TCase *tc = unit_test_tcase(s, "registers", NULL, 0);
	TCase *ts = unit_test_tcase(s, "sweeps", NULL, 600);
	TCase *tg = unit_test_tcase(s, "sgi_routing", NULL, 0);

	tcase_add_test(tc, test_init_args);
	tcase_add_test(tc, test_reset_values);
	tcase_add_test(tc, test_gicd_ctlr);
	tcase_add_test(tc, test_typer_itlines);
	tcase_add_test(tc, test_enable_set_clear);
	tcase_add_test(tc, test_pending_edge);
	tcase_add_test(tc, test_pending_level_latch);
	tcase_add_test(tc, test_active_set_clear);
	tcase_add_test(tc, test_priority_byte_word);
	tcase_add_test(tc, test_prio_bits_config);
	tcase_add_test(tc, test_icfgr);
	tcase_add_test(tc, test_irouter);
	tcase_add_test(tc, test_igroupr);
	tcase_add_test(tc, test_gicr_typer_waker);
	tcase_add_test(tc, test_reserved_and_bad_sizes);
	tcase_add_test(ts, test_sweep_dist);
	tcase_add_test(ts, test_sweep_redist);
	tcase_add_test(tg, test_sgi_one);
	tcase_add_test(tg, test_sgi_list_rs_affinity);
	tcase_add_test(tg, test_sgi_broadcast);
	tcase_add_test(tg, test_sgi_group);
	tcase_add_test(tg, test_spi_routing);
	tcase_add_test(tg, test_active_spi_stays_with_owner);
	return s;
}

int main(void)
{
	return unit_test_run(vgic_suite());
}
