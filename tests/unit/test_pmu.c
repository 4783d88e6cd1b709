/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the virtual PMUv3 (pmu/), over a fake hardware PMU that
 * counts what the model programs into it the way the Arm ARM says a PMU
 * counts (filters by Exception level, enables, 32/64-bit overflow into
 * PMOVSSET, no CHAIN: like QEMU's), and a seeded randomized run against a
 * reference written straight from the architecture's rules.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errno.h"
#include "pmu/pmu.h"
#include "tests/unit/unit_test.h"

#define CYC PMU_CYCLE_IDX
#define BIT(i) (1U << (i))
#define HOST_CEID0 (BIT(0) | BIT(PMU_EV_INST_RETIRED) | BIT(PMU_EV_CPU_CYCLES))

/* ---- fake hardware PMU ---------------------------------------------------- */

struct fake_hw {
	uint64_t cnt[32];
	struct pmu_hw hw;	/* what program() left in the registers */
	uint32_t ovs;		/* the hardware's PMOVSSET */
	bool p5, el3;
	bool irq;		/* the vCPU's PMU line as set_irq() drove it */
	unsigned int irq_calls, rises, programs, stops;
};

static uint64_t fake_read(void *ctx, unsigned int idx)
{
	return ((struct fake_hw *)ctx)->cnt[idx];
}

static void fake_write(void *ctx, unsigned int idx, uint64_t v)
{
	struct fake_hw *f = ctx;

	f->cnt[idx] = idx == CYC || f->p5 ? v : (uint32_t)v;
}

static void fake_program(void *ctx, const struct pmu_hw *hw, uint64_t what)
{
	struct fake_hw *f = ctx;

	f->programs++;
	for (unsigned int i = 0; i < 31; i++)
		if (what & (1ULL << i))
			f->hw.evtyper[i] = hw->evtyper[i];
	if (what & PMU_HW_CCFILTR)
		f->hw.ccfiltr = hw->ccfiltr;
	if (what & PMU_HW_PMCR)
		f->hw.pmcr = hw->pmcr;
	if (what & PMU_HW_CNTEN)
		f->hw.cnten = hw->cnten;
	if (what & PMU_HW_INTEN)
		f->hw.inten = hw->inten;
	if (what & PMU_HW_USERENR)
		f->hw.userenr = hw->userenr;
}

static void fake_stop(void *ctx)
{
	struct fake_hw *f = ctx;

	f->stops++;
	f->hw.pmcr &= ~PMU_PMCR_E;
	f->hw.cnten = 0;
}

static uint32_t fake_take(void *ctx)
{
	struct fake_hw *f = ctx;
	uint32_t v = f->ovs;

	f->ovs = 0;
	return v;
}

static void fake_irq(void *ctx, bool level)
{
	struct fake_hw *f = ctx;

	f->irq_calls++;
	if (level && !f->irq)
		f->rises++;
	f->irq = level;
}

static struct fake_hw hw;
static struct pmu pmu;

/* Ops on the one fake PMU; @line: this vCPU's interrupt is watched. */
static struct pmu_ops ops_for(bool line)
{
	struct pmu_ops o = {
		.read_counter = fake_read,
		.write_counter = fake_write,
		.program = fake_program,
		.stop = fake_stop,
		.take_overflow = fake_take,
		.set_irq = line ? fake_irq : NULL,
		.ctx = &hw,
	};
	return o;
}

/* The hardware's own filter (Arm ARM D11.5): el 0..3, Non-secure. */
static bool hw_counts(const struct fake_hw *f, uint64_t t, unsigned int el)
{
	bool p = t & PMU_EVT_P, u = t & PMU_EVT_U;
	bool nsk = f->el3 && (t & PMU_EVT_NSK), nsu = f->el3 && (t & PMU_EVT_NSU);

	switch (el) {
	case 0: return !(u != nsu);
	case 1: return !(p != nsk);
	case 2: return t & PMU_EVT_NSH;
	default: return f->el3 && ((t & PMU_EVT_M) != 0) == p;
	}
}

static void hw_add(struct fake_hw *f, unsigned int i, uint64_t d)
{
	uint64_t old = f->cnt[i];
	bool long_ovf = i == CYC ? (f->hw.pmcr & PMU_PMCR_LC) : (f->hw.pmcr & PMU_PMCR_LP);
	uint64_t now = old + d;
	bool ovf;

	if (i != CYC && !f->p5)
		now = (uint32_t)now;
	ovf = long_ovf ? now < old : (old & 0xffffffffULL) + d > 0xffffffffULL;
	f->cnt[i] = now;
	if (ovf)
		f->ovs |= BIT(i);
}

/* @d events @ev happen at @el (d < 2^32: at most one 32-bit wrap). */
static void hw_run(struct fake_hw *f, unsigned int ev, uint64_t d, unsigned int el)
{
	if (!(f->hw.pmcr & PMU_PMCR_E))
		return;
	for (unsigned int i = 0; i < 31; i++)
		if ((f->hw.cnten & BIT(i)) && (f->hw.evtyper[i] & 0xffff) == ev &&
		    hw_counts(f, f->hw.evtyper[i], el))
			hw_add(f, i, d);
	if (ev == PMU_EV_CPU_CYCLES && (f->hw.cnten & BIT(CYC)) &&
	    hw_counts(f, f->hw.ccfiltr, el))
		hw_add(f, CYC, d);
}

/* The host PMU interrupt: zarm takes the flags and gives them to the model. */
static void hw_interrupt(struct fake_hw *f, struct pmu *p)
{
	uint32_t m = fake_take(f);

	if (m)
		pmu_hw_overflow(p, m);
}

/* ---- fixture ------------------------------------------------------------- */

static struct pmu_config cfg_of(unsigned int n, unsigned int ver, bool el3)
{
	struct pmu_config c = {
		.nr_counters = n, .pmuver = ver, .has_el3 = el3, .host_el3 = el3,
		.ceid0 = HOST_CEID0 | (1ULL << 32 | 1ULL << 36), .ceid1 = BIT(4),
		.pmcr_id = 0x41010000,
	};
	return c;
}

static void setup_with(unsigned int n, unsigned int ver, bool el3)
{
	struct pmu_config c = cfg_of(n, ver, el3);
	struct pmu_ops o = ops_for(true);

	memset(&hw, 0, sizeof(hw));
	hw.p5 = ver >= PMU_VER_V3P5;
	hw.el3 = el3;
	ck_assert_int_eq(pmu_init(&pmu, &c, &o), 0);
	pmu_load(&pmu);
}

static void setup(void)
{
	setup_with(6, PMU_VER_V3P5, false);
}

static uint64_t rd(enum pmu_reg r, unsigned int n)
{
	uint64_t v = 0xdeadbeef;

	ck_assert_int_eq(pmu_access(&pmu, r, n, false, 1, &v), PMU_DONE);
	return v;
}

static void wr(enum pmu_reg r, unsigned int n, uint64_t v)
{
	ck_assert_int_eq(pmu_access(&pmu, r, n, true, 1, &v), PMU_DONE);
}

static enum pmu_result acc(enum pmu_reg r, unsigned int n, bool write, unsigned int el)
{
	uint64_t v = 0;

	return pmu_access(&pmu, r, n, write, el, &v);
}

/* Counter @i counts @ev at EL0 and EL1, enabled, with PMCR.E. */
static void program(unsigned int i, unsigned int ev)
{
	if (i == CYC)
		wr(PMU_REG_PMCCFILTR, 0, 0);
	else
		wr(PMU_REG_PMEVTYPER, i, ev);
	wr(PMU_REG_PMCNTENSET, 0, BIT(i));
	wr(PMU_REG_PMCR, 0, rd(PMU_REG_PMCR, 0) | PMU_PMCR_E);
}

/* ---- decode ---------------------------------------------------------------- */

START_TEST(test_decode)
{
	static const struct {
		unsigned int op1, crn, crm, op2;
		enum pmu_reg reg;
		unsigned int n;
	} t[] = {
		{ 3, 9, 12, 0, PMU_REG_PMCR, 0 },	{ 3, 9, 12, 1, PMU_REG_PMCNTENSET, 0 },
		{ 3, 9, 12, 2, PMU_REG_PMCNTENCLR, 0 }, { 3, 9, 12, 3, PMU_REG_PMOVSCLR, 0 },
		{ 3, 9, 12, 4, PMU_REG_PMSWINC, 0 },	{ 3, 9, 12, 5, PMU_REG_PMSELR, 0 },
		{ 3, 9, 12, 6, PMU_REG_PMCEID0, 0 },	{ 3, 9, 12, 7, PMU_REG_PMCEID1, 0 },
		{ 3, 9, 13, 0, PMU_REG_PMCCNTR, 0 },	{ 3, 9, 13, 1, PMU_REG_PMXEVTYPER, 0 },
		{ 3, 9, 13, 2, PMU_REG_PMXEVCNTR, 0 },	{ 3, 9, 14, 0, PMU_REG_PMUSERENR, 0 },
		{ 0, 9, 14, 1, PMU_REG_PMINTENSET, 0 }, { 0, 9, 14, 2, PMU_REG_PMINTENCLR, 0 },
		{ 3, 9, 14, 3, PMU_REG_PMOVSSET, 0 },	{ 0, 9, 14, 6, PMU_REG_PMMIR, 0 },
		{ 3, 14, 8, 0, PMU_REG_PMEVCNTR, 0 },	{ 3, 14, 8, 5, PMU_REG_PMEVCNTR, 5 },
		{ 3, 14, 11, 6, PMU_REG_PMEVCNTR, 30 }, { 3, 14, 12, 0, PMU_REG_PMEVTYPER, 0 },
		{ 3, 14, 13, 1, PMU_REG_PMEVTYPER, 9 }, { 3, 14, 15, 6, PMU_REG_PMEVTYPER, 30 },
		{ 3, 14, 15, 7, PMU_REG_PMCCFILTR, 0 },
	};
	static const unsigned int none[][4] = {
		{ 3, 9, 13, 3 }, { 3, 9, 14, 1 }, { 0, 9, 14, 0 }, { 0, 9, 14, 3 },
		{ 3, 14, 11, 7 }, { 3, 14, 0, 0 }, { 3, 14, 3, 0 }, { 1, 9, 12, 0 },
		{ 3, 10, 12, 0 }, { 3, 9, 15, 0 },
	};
	enum pmu_reg r;
	unsigned int n;

	for (unsigned int i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_msg(pmu_decode(3, t[i].op1, t[i].crn, t[i].crm, t[i].op2, &r, &n),
			      "entry %u", i);
		ck_assert_int_eq(r, t[i].reg);
		ck_assert_uint_eq(n, t[i].n);
		ck_assert(!pmu_decode(2, t[i].op1, t[i].crn, t[i].crm, t[i].op2, &r, &n));
	}
	for (unsigned int i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		ck_assert_msg(!pmu_decode(3, none[i][0], none[i][1], none[i][2], none[i][3], &r, &n),
			      "none %u", i);
}
END_TEST

/* ---- PMCR ------------------------------------------------------------------ */

START_TEST(test_pmcr)
{
	uint64_t v;

	ck_assert_uint_eq(rd(PMU_REG_PMCR, 0), 0x41010000ULL | (6 << 11));
	/* N and the ID fields are read-only; P and C read as 0. */
	wr(PMU_REG_PMCR, 0, 0xffffffffULL);
	v = rd(PMU_REG_PMCR, 0);
	ck_assert_uint_eq(v, 0x41010000ULL | (6 << 11) | 0xf9);
	ck_assert_uint_eq(hw.hw.pmcr, PMU_PMCR_E | PMU_PMCR_D | PMU_PMCR_LC | PMU_PMCR_LP);
	wr(PMU_REG_PMCR, 0, 0);
	ck_assert_uint_eq(rd(PMU_REG_PMCR, 0), 0x41010000ULL | (6 << 11));
	ck_assert_uint_eq(hw.hw.pmcr, 0);

	/* P resets the event counters only, C the cycle counter only. */
	for (unsigned int i = 0; i < 6; i++)
		wr(PMU_REG_PMEVCNTR, i, 100 + i);
	wr(PMU_REG_PMCCNTR, 0, 0x123456789ULL);
	wr(PMU_REG_PMCR, 0, PMU_PMCR_P);
	for (unsigned int i = 0; i < 6; i++)
		ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, i), 0);
	ck_assert_uint_eq(rd(PMU_REG_PMCCNTR, 0), 0x123456789ULL);
	wr(PMU_REG_PMEVCNTR, 2, 7);
	wr(PMU_REG_PMCR, 0, PMU_PMCR_C);
	ck_assert_uint_eq(rd(PMU_REG_PMCCNTR, 0), 0);
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 2), 7);
}
END_TEST

START_TEST(test_pmcr_v3p4)
{
	setup_with(4, PMU_VER_V3P4, false);
	/* No LP before PMUv3p5; event counters are 32-bit. */
	wr(PMU_REG_PMCR, 0, PMU_PMCR_LP | PMU_PMCR_LC);
	ck_assert_uint_eq(rd(PMU_REG_PMCR, 0) & 0xff, PMU_PMCR_LC);
	ck_assert_uint_eq(hw.hw.pmcr & PMU_PMCR_LP, 0);
	wr(PMU_REG_PMEVCNTR, 3, 0x1234567890ULL);
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 3), 0x34567890ULL);
	wr(PMU_REG_PMCCNTR, 0, 0x1234567890ULL);
	ck_assert_uint_eq(rd(PMU_REG_PMCCNTR, 0), 0x1234567890ULL);
	ck_assert_uint_eq((rd(PMU_REG_PMCR, 0) >> 11) & 31, 4);
	/* A future version is reported as PMUv3p5, the most the model does. */
	ck_assert_uint_eq(pmu_version(&(struct pmu_config){ .pmuver = 8 }), PMU_VER_V3P5);
}
END_TEST

START_TEST(test_init_errors)
{
	struct pmu_config c = cfg_of(32, PMU_VER_V3P5, false);
	struct pmu_ops fake_ops = ops_for(true), o = fake_ops;
	struct pmu p;

	ck_assert_int_eq(pmu_init(&p, &c, &fake_ops), -EINVAL);
	c.nr_counters = 6;
	c.pmuver = 0;
	ck_assert_int_eq(pmu_init(&p, &c, &fake_ops), -EINVAL);
	c.pmuver = 0xf;
	ck_assert_int_eq(pmu_init(&p, &c, &fake_ops), -EINVAL);
	c.pmuver = PMU_VER_V3;
	o.take_overflow = NULL;
	ck_assert_int_eq(pmu_init(&p, &c, &o), -EINVAL);
	ck_assert_int_eq(pmu_init(NULL, &c, &fake_ops), -EINVAL);
	ck_assert_int_eq(pmu_init(&p, &c, &fake_ops), 0);
	/* N = 0: only the cycle counter. */
	c.nr_counters = 0;
	ck_assert_int_eq(pmu_init(&p, &c, &fake_ops), 0);
	ck_assert_uint_eq(pmu_valid_mask(&p), BIT(31));
}
END_TEST

/* ---- set/clear bitmask registers -------------------------------------------- */

START_TEST(test_bitmasks)
{
	static const enum pmu_reg set[3] = { PMU_REG_PMCNTENSET, PMU_REG_PMINTENSET,
					     PMU_REG_PMOVSSET };
	static const enum pmu_reg clr[3] = { PMU_REG_PMCNTENCLR, PMU_REG_PMINTENCLR,
					     PMU_REG_PMOVSCLR };

	for (unsigned int k = 0; k < 3; k++) {
		/* Bits of counters that do not exist are RAZ/WI. */
		wr(set[k], 0, 0xffffffffffffffffULL);
		ck_assert_uint_eq(rd(set[k], 0), 0x8000003fULL);
		ck_assert_uint_eq(rd(clr[k], 0), 0x8000003fULL);
		wr(clr[k], 0, 0x80000005ULL);
		ck_assert_uint_eq(rd(set[k], 0), 0x3aULL);
		wr(set[k], 0, 0);
		ck_assert_uint_eq(rd(clr[k], 0), 0x3aULL);
		wr(clr[k], 0, 0xffffffffULL);
		ck_assert_uint_eq(rd(set[k], 0), 0);
	}
}
END_TEST

START_TEST(test_cnten_hw)
{
	/* Only events the hardware counts are enabled there. */
	wr(PMU_REG_PMEVTYPER, 0, PMU_EV_CPU_CYCLES);
	wr(PMU_REG_PMEVTYPER, 1, PMU_EV_CHAIN);
	wr(PMU_REG_PMEVTYPER, 2, PMU_EV_SW_INCR);
	wr(PMU_REG_PMEVTYPER, 3, 0x23);		/* not listed by the host */
	wr(PMU_REG_PMEVTYPER, 4, PMU_EV_INST_RETIRED);
	wr(PMU_REG_PMEVTYPER, 5, 0x4000);	/* listed in PMCEID0[32] */
	wr(PMU_REG_PMCNTENSET, 0, 0x8000003f);
	ck_assert_uint_eq(hw.hw.cnten, 0x80000035);
	ck_assert_uint_eq(hw.hw.inten, 0x80000035);
	ck_assert_uint_eq(hw.hw.pmcr & PMU_PMCR_E, 0);
	wr(PMU_REG_PMCR, 0, PMU_PMCR_E);
	ck_assert_uint_eq(hw.hw.pmcr & PMU_PMCR_E, PMU_PMCR_E);
	wr(PMU_REG_PMCNTENCLR, 0, BIT(0) | BIT(31));
	ck_assert_uint_eq(hw.hw.cnten, 0x34);
	ck_assert_uint_eq(hw.hw.evtyper[4], PMU_EV_INST_RETIRED);
	/* The unlisted event does not count; its type reads back as written. */
	wr(PMU_REG_PMCNTENSET, 0, BIT(3));
	hw_run(&hw, 0x23, 1000, 1);
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 3), 0);
	ck_assert_uint_eq(rd(PMU_REG_PMEVTYPER, 3), 0x23);
}
END_TEST

/* ---- the interrupt line ------------------------------------------------------ */

START_TEST(test_irq_level)
{
	ck_assert(!hw.irq);
	wr(PMU_REG_PMOVSSET, 0, BIT(2));
	ck_assert(!hw.irq);			/* PMINTEN and E still 0 */
	wr(PMU_REG_PMINTENSET, 0, BIT(2));
	ck_assert(!hw.irq);			/* E still 0 */
	wr(PMU_REG_PMCR, 0, PMU_PMCR_E);
	ck_assert(hw.irq);
	ck_assert_uint_eq(hw.rises, 1);
	wr(PMU_REG_PMCR, 0, 0);
	ck_assert(!hw.irq);
	wr(PMU_REG_PMCR, 0, PMU_PMCR_E);
	ck_assert(hw.irq);
	wr(PMU_REG_PMINTENCLR, 0, BIT(2));
	ck_assert(!hw.irq);
	wr(PMU_REG_PMINTENSET, 0, BIT(2) | BIT(31));
	ck_assert(hw.irq);
	/* Another flag while high: no new edge, no call. */
	unsigned int calls = hw.irq_calls;

	wr(PMU_REG_PMOVSSET, 0, BIT(31));
	ck_assert_uint_eq(hw.irq_calls, calls);
	wr(PMU_REG_PMOVSCLR, 0, BIT(2));
	ck_assert(hw.irq);
	wr(PMU_REG_PMOVSCLR, 0, BIT(31));
	ck_assert(!hw.irq);
	ck_assert_uint_eq(hw.rises, 3);
	/* A counter that is not enabled still raises it (PMCNTEN is no term). */
	wr(PMU_REG_PMOVSSET, 0, BIT(5));
	wr(PMU_REG_PMINTENSET, 0, BIT(5));
	ck_assert(hw.irq);
	/* Reset lowers it. */
	pmu_put(&pmu);
	pmu_reset(&pmu);
	ck_assert(!hw.irq);
	ck_assert_uint_eq(pmu.irq_level, false);
}
END_TEST

/* ---- PMSELR and the PMXEV* windows -------------------------------------------- */

START_TEST(test_selr)
{
	wr(PMU_REG_PMSELR, 0, 0xffffffe3ULL);
	ck_assert_uint_eq(rd(PMU_REG_PMSELR, 0), 3);
	wr(PMU_REG_PMXEVTYPER, 0, PMU_EV_CPU_CYCLES | PMU_EVT_U);
	ck_assert_uint_eq(rd(PMU_REG_PMEVTYPER, 3), PMU_EV_CPU_CYCLES | PMU_EVT_U);
	wr(PMU_REG_PMXEVCNTR, 0, 0xabc);
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 3), 0xabc);
	ck_assert_uint_eq(rd(PMU_REG_PMXEVCNTR, 0), 0xabc);
	wr(PMU_REG_PMEVCNTR, 3, 0x5);
	ck_assert_uint_eq(rd(PMU_REG_PMXEVCNTR, 0), 0x5);
	/* SEL = 31: PMXEVTYPER is PMCCFILTR, PMXEVCNTR is UNDEFINED. */
	wr(PMU_REG_PMSELR, 0, 31);
	wr(PMU_REG_PMXEVTYPER, 0, 0xffffffffULL);
	ck_assert_uint_eq(rd(PMU_REG_PMCCFILTR, 0), PMU_EVT_P | PMU_EVT_U | PMU_EVT_NSH);
	ck_assert_int_eq(acc(PMU_REG_PMXEVCNTR, 0, false, 1), PMU_UNDEF);
	ck_assert_int_eq(acc(PMU_REG_PMXEVCNTR, 0, true, 1), PMU_UNDEF);
	/* SEL beyond N: UNDEFINED; so are PMEVCNTR/PMEVTYPER beyond N. */
	wr(PMU_REG_PMSELR, 0, 6);
	ck_assert_int_eq(acc(PMU_REG_PMXEVCNTR, 0, false, 1), PMU_UNDEF);
	ck_assert_int_eq(acc(PMU_REG_PMXEVTYPER, 0, true, 1), PMU_UNDEF);
	for (unsigned int n = 6; n < 31; n++) {
		ck_assert_int_eq(acc(PMU_REG_PMEVCNTR, n, false, 1), PMU_UNDEF);
		ck_assert_int_eq(acc(PMU_REG_PMEVTYPER, n, true, 1), PMU_UNDEF);
	}
	ck_assert_uint_eq(pmu.stats.undef, 2 + 2 + 50);
}
END_TEST

/* ---- PMCEID, PMMIR, directions -------------------------------------------------- */

START_TEST(test_ceid)
{
	ck_assert_uint_eq(rd(PMU_REG_PMCEID0, 0),
			  HOST_CEID0 | BIT(PMU_EV_CHAIN) | (1ULL << 32 | 1ULL << 36));
	ck_assert_uint_eq(rd(PMU_REG_PMCEID1, 0), BIT(4));
	ck_assert_uint_eq(rd(PMU_REG_PMMIR, 0), 0);
	ck_assert_int_eq(acc(PMU_REG_PMCEID0, 0, true, 1), PMU_UNDEF);
	ck_assert_int_eq(acc(PMU_REG_PMCEID1, 0, true, 1), PMU_UNDEF);
	ck_assert_int_eq(acc(PMU_REG_PMMIR, 0, true, 1), PMU_UNDEF);
	ck_assert_int_eq(acc(PMU_REG_PMSWINC, 0, false, 1), PMU_UNDEF);
	ck_assert_int_eq(acc(PMU_NR_REGS, 0, false, 1), PMU_UNDEF);
	/* Before PMUv3p1 there is no 0x4000 event range. */
	setup_with(6, PMU_VER_V3, false);
	ck_assert_uint_eq(rd(PMU_REG_PMCEID0, 0), HOST_CEID0 | BIT(PMU_EV_CHAIN));
	wr(PMU_REG_PMEVTYPER, 0, 0xffff);
	ck_assert_uint_eq(rd(PMU_REG_PMEVTYPER, 0), 0x3ff);
}
END_TEST

/* ---- EL0 access (PMUSERENR_EL0) ---------------------------------------------------- */

/* Expected from the Arm ARM's access tables, one register at a time. */
static enum pmu_result el0_expect(enum pmu_reg r, bool write, uint32_t en)
{
	bool EN = en & 1, SW = en & 2, CR = en & 4, ER = en & 8;

	if (r == PMU_REG_PMINTENSET || r == PMU_REG_PMINTENCLR || r == PMU_REG_PMMIR)
		return PMU_UNDEF;
	if ((r == PMU_REG_PMMIR || r == PMU_REG_PMCEID0 || r == PMU_REG_PMCEID1) && write)
		return PMU_UNDEF;
	if (r == PMU_REG_PMSWINC && !write)
		return PMU_UNDEF;
	if (r == PMU_REG_PMUSERENR)
		return write ? PMU_UNDEF : PMU_DONE;
	if (EN)
		return PMU_DONE;
	if (r == PMU_REG_PMSWINC && SW)
		return PMU_DONE;
	if (r == PMU_REG_PMCCNTR && CR && !write)
		return PMU_DONE;
	if ((r == PMU_REG_PMEVCNTR || r == PMU_REG_PMXEVCNTR) && ER && !write)
		return PMU_DONE;
	if (r == PMU_REG_PMSELR && ER)
		return PMU_DONE;
	return PMU_TRAP_EL1;
}

START_TEST(test_el0)
{
	for (uint32_t en = 0; en < 16; en++) {
		wr(PMU_REG_PMUSERENR, 0, en | 0xfff0);
		ck_assert_uint_eq(rd(PMU_REG_PMUSERENR, 0), en);
		ck_assert_uint_eq(hw.hw.userenr, en);	/* the hardware traps EL0 first */
		for (unsigned int r = 0; r < PMU_NR_REGS; r++) {
			for (unsigned int w = 0; w < 2; w++) {
				uint64_t v = 0;
				enum pmu_result want = el0_expect(r, w, en);

				wr(PMU_REG_PMSELR, 0, 1);
				ck_assert_msg(pmu_access(&pmu, r, 1, w, 0, &v) == want,
					      "reg %u write %u en %x", r, w, en);
			}
		}
	}
	/* An EL0 read of PMUSERENR sees the value. */
	wr(PMU_REG_PMUSERENR, 0, PMU_USERENR_CR);
	uint64_t v = 0;

	ck_assert_int_eq(pmu_access(&pmu, PMU_REG_PMUSERENR, 0, false, 0, &v), PMU_DONE);
	ck_assert_uint_eq(v, PMU_USERENR_CR);
	/* A refused EL0 write changes nothing. */
	v = 0x1234;
	ck_assert_int_eq(pmu_access(&pmu, PMU_REG_PMCCNTR, 0, true, 0, &v), PMU_TRAP_EL1);
	ck_assert_uint_eq(rd(PMU_REG_PMCCNTR, 0), 0);
}
END_TEST

/* ---- filters -------------------------------------------------------------------- */

START_TEST(test_filter_hw)
{
	struct pmu_config c = cfg_of(6, PMU_VER_V3P5, false);
	struct pmu_config c3 = cfg_of(6, PMU_VER_V3P5, true);

	/* EL2 never: NSH never reaches the hardware. */
	ck_assert_uint_eq(pmu_hw_filter(&c, PMU_EVT_NSH), 0);
	ck_assert_uint_eq(pmu_hw_filter(&c, PMU_EVT_P | PMU_EVT_NSH), PMU_EVT_P);
	ck_assert_uint_eq(pmu_hw_filter(&c, PMU_EVT_U), PMU_EVT_U);
	/* Without EL3 NSK/NSU are RES0: no effect. */
	ck_assert_uint_eq(pmu_hw_filter(&c, PMU_EVT_NSK | PMU_EVT_NSU), 0);
	/* With EL3: the Non-secure filter is P^NSK, U^NSU; M keeps EL3 out. */
	ck_assert_uint_eq(pmu_hw_filter(&c3, PMU_EVT_NSK), PMU_EVT_P);
	ck_assert_uint_eq(pmu_hw_filter(&c3, PMU_EVT_P | PMU_EVT_NSK), PMU_EVT_M);
	ck_assert_uint_eq(pmu_hw_filter(&c3, PMU_EVT_U | PMU_EVT_NSU), PMU_EVT_M);
	ck_assert_uint_eq(pmu_hw_filter(&c3, PMU_EVT_NSU), PMU_EVT_U | PMU_EVT_M);
	ck_assert_uint_eq(pmu_hw_filter(&c3, PMU_EVT_NSH | PMU_EVT_M), PMU_EVT_M);
}
END_TEST

/* Counts at EL0..3 for each filter value, through the fake hardware. */
static void filter_run(bool el3)
{
	setup_with(6, PMU_VER_V3P5, el3);
	for (uint64_t f = 0; f < 64; f++) {
		uint64_t t = f << 26;	/* P U NSK NSU NSH M */
		bool p = t & PMU_EVT_P, u = t & PMU_EVT_U;
		bool nsk = el3 && (t & PMU_EVT_NSK), nsu = el3 && (t & PMU_EVT_NSU);
		uint64_t want[4] = { u == nsu, p == nsk, 0, 0 };

		wr(PMU_REG_PMEVTYPER, 0, t | PMU_EV_CPU_CYCLES);
		wr(PMU_REG_PMCCFILTR, 0, t);
		wr(PMU_REG_PMCNTENSET, 0, BIT(0) | BIT(31));
		wr(PMU_REG_PMCR, 0, PMU_PMCR_E | PMU_PMCR_LC);
		for (unsigned int el = 0; el < 4; el++) {
			wr(PMU_REG_PMEVCNTR, 0, 0);
			wr(PMU_REG_PMCCNTR, 0, 0);
			hw_run(&hw, PMU_EV_CPU_CYCLES, 1, el);
			ck_assert_msg(rd(PMU_REG_PMEVCNTR, 0) == want[el],
				      "filter %lx el %u", (unsigned long)t, el);
			ck_assert_msg(rd(PMU_REG_PMCCNTR, 0) == want[el],
				      "ccfilter %lx el %u", (unsigned long)t, el);
		}
		/* The guest reads back what it wrote (NSH too). */
		ck_assert_uint_eq(rd(PMU_REG_PMEVTYPER, 0) & ~0xffffULL,
				  t & (el3 ? ~0ULL : ~(PMU_EVT_NSK | PMU_EVT_NSU | PMU_EVT_M)));
	}
}

START_TEST(test_filter_counting)
{
	filter_run(false);
	filter_run(true);
}
END_TEST

/* ---- widths and overflow ------------------------------------------------------------- */

START_TEST(test_event_overflow_32)
{
	program(0, PMU_EV_INST_RETIRED);
	wr(PMU_REG_PMINTENSET, 0, BIT(0));
	wr(PMU_REG_PMEVCNTR, 0, 0xfffffff0ULL);
	hw_run(&hw, PMU_EV_INST_RETIRED, 0xf, 1);
	hw_interrupt(&hw, &pmu);
	ck_assert(!hw.irq);
	hw_run(&hw, PMU_EV_INST_RETIRED, 2, 0);
	hw_interrupt(&hw, &pmu);
	ck_assert(hw.irq);
	ck_assert_uint_eq(hw.rises, 1);
	ck_assert_uint_eq(rd(PMU_REG_PMOVSSET, 0), BIT(0));
	/* PMUv3p5, LP = 0: 64-bit value, overflow at 32 bits. */
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 0), 0x100000001ULL);
	wr(PMU_REG_PMOVSCLR, 0, BIT(0));
	ck_assert(!hw.irq);
	/* A second wrap of the low half flags again. */
	wr(PMU_REG_PMEVCNTR, 0, 0x1ffffffffULL);
	hw_run(&hw, PMU_EV_INST_RETIRED, 1, 1);
	ck_assert_uint_eq(rd(PMU_REG_PMOVSSET, 0), BIT(0));	/* the read folds it */
	ck_assert(hw.irq);
	ck_assert_uint_eq(hw.rises, 2);
}
END_TEST

START_TEST(test_event_overflow_64)
{
	wr(PMU_REG_PMCR, 0, PMU_PMCR_LP);
	program(2, PMU_EV_CPU_CYCLES);
	wr(PMU_REG_PMEVCNTR, 2, 0xfffffffffULL);
	hw_run(&hw, PMU_EV_CPU_CYCLES, 1, 1);
	ck_assert_uint_eq(rd(PMU_REG_PMOVSSET, 0), 0);
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 2), 0x1000000000ULL);
	wr(PMU_REG_PMEVCNTR, 2, ~0ULL);
	hw_run(&hw, PMU_EV_CPU_CYCLES, 3, 1);
	ck_assert_uint_eq(rd(PMU_REG_PMOVSSET, 0), BIT(2));
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 2), 2);
}
END_TEST

START_TEST(test_event_32bit_v3)
{
	setup_with(6, PMU_VER_V3P1, false);
	program(1, PMU_EV_CPU_CYCLES);
	wr(PMU_REG_PMEVCNTR, 1, 0xffffffffULL);
	hw_run(&hw, PMU_EV_CPU_CYCLES, 5, 1);
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 1), 4);
	ck_assert_uint_eq(rd(PMU_REG_PMOVSSET, 0), BIT(1));
}
END_TEST

START_TEST(test_cycle_counter)
{
	program(CYC, 0);
	wr(PMU_REG_PMINTENSET, 0, BIT(31));
	/* LC = 0: overflow at 32 bits, the value still 64-bit. */
	wr(PMU_REG_PMCCNTR, 0, 0x2fffffffeULL);
	hw_run(&hw, PMU_EV_CPU_CYCLES, 4, 1);
	hw_interrupt(&hw, &pmu);
	ck_assert_uint_eq(rd(PMU_REG_PMCCNTR, 0), 0x300000002ULL);
	ck_assert_uint_eq(rd(PMU_REG_PMOVSSET, 0), BIT(31));
	ck_assert(hw.irq);
	wr(PMU_REG_PMOVSCLR, 0, BIT(31));
	/* LC = 1: only a 64-bit wrap flags. */
	wr(PMU_REG_PMCR, 0, PMU_PMCR_E | PMU_PMCR_LC);
	wr(PMU_REG_PMCCNTR, 0, 0xfffffffeULL);
	hw_run(&hw, PMU_EV_CPU_CYCLES, 4, 1);
	ck_assert_uint_eq(rd(PMU_REG_PMOVSSET, 0), 0);
	wr(PMU_REG_PMCCNTR, 0, ~0ULL - 1);
	hw_run(&hw, PMU_EV_CPU_CYCLES, 4, 0);
	ck_assert_uint_eq(rd(PMU_REG_PMOVSSET, 0), BIT(31));
	ck_assert_uint_eq(rd(PMU_REG_PMCCNTR, 0), 2);
	/* Disabled (PMCNTEN or E): no counting. */
	wr(PMU_REG_PMCNTENCLR, 0, BIT(31));
	hw_run(&hw, PMU_EV_CPU_CYCLES, 4, 1);
	ck_assert_uint_eq(rd(PMU_REG_PMCCNTR, 0), 2);
	wr(PMU_REG_PMCNTENSET, 0, BIT(31));
	wr(PMU_REG_PMCR, 0, PMU_PMCR_LC);
	hw_run(&hw, PMU_EV_CPU_CYCLES, 4, 1);
	ck_assert_uint_eq(rd(PMU_REG_PMCCNTR, 0), 2);
}
END_TEST

/* ---- SW_INCR ------------------------------------------------------------------------ */

START_TEST(test_sw_incr)
{
	wr(PMU_REG_PMEVTYPER, 0, PMU_EV_SW_INCR);
	wr(PMU_REG_PMEVTYPER, 1, PMU_EV_SW_INCR);
	wr(PMU_REG_PMEVTYPER, 2, PMU_EV_CPU_CYCLES);
	wr(PMU_REG_PMEVTYPER, 3, PMU_EV_SW_INCR | PMU_EVT_P);	/* not at EL1 */
	wr(PMU_REG_PMEVTYPER, 4, PMU_EV_SW_INCR | PMU_EVT_U);	/* not at EL0 */
	wr(PMU_REG_PMCNTENSET, 0, BIT(0) | BIT(2) | BIT(3) | BIT(4));
	wr(PMU_REG_PMSWINC, 0, 0x3f);
	for (unsigned int i = 0; i < 6; i++)
		ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, i), 0);		/* E = 0 */
	wr(PMU_REG_PMCR, 0, PMU_PMCR_E);
	wr(PMU_REG_PMSWINC, 0, 0xffffffffULL);
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 0), 1);
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 1), 0);	/* not enabled */
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 2), 0);	/* not SW_INCR */
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 3), 0);	/* filtered at EL1 */
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 4), 1);
	wr(PMU_REG_PMSWINC, 0, BIT(4));
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 0), 1);	/* not named */
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 4), 2);
	/* From EL0 (PMUSERENR.SW): counter 3 counts, 4 does not. */
	wr(PMU_REG_PMUSERENR, 0, PMU_USERENR_SW);
	uint64_t v = 0x18;

	ck_assert_int_eq(pmu_access(&pmu, PMU_REG_PMSWINC, 0, true, 0, &v), PMU_DONE);
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 3), 1);
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 4), 2);
	/* Overflow at 32 bits raises the interrupt once. */
	wr(PMU_REG_PMINTENSET, 0, BIT(0));
	wr(PMU_REG_PMEVCNTR, 0, 0xffffffffULL);
	wr(PMU_REG_PMSWINC, 0, BIT(0));
	ck_assert_uint_eq(rd(PMU_REG_PMOVSSET, 0), BIT(0));
	ck_assert(hw.irq);
	ck_assert_uint_eq(hw.rises, 1);
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 0), 0x100000000ULL);
	/* Enabled in the hardware too (an EL0 write QEMU lets through). */
	ck_assert_uint_eq(hw.hw.cnten & 0x1b, 0x19);
}
END_TEST

/* ---- CHAIN ------------------------------------------------------------------------ */

START_TEST(test_chain)
{
	program(2, PMU_EV_CPU_CYCLES);
	program(3, PMU_EV_CHAIN);
	wr(PMU_REG_PMINTENSET, 0, BIT(3));
	ck_assert_uint_eq(hw.hw.cnten & BIT(3), 0);	/* the model counts it */
	wr(PMU_REG_PMEVCNTR, 2, 0xffffff00ULL);
	wr(PMU_REG_PMEVCNTR, 3, 0xfffffffeULL);
	hw_run(&hw, PMU_EV_CPU_CYCLES, 0x100, 1);
	/* The carry shows at the next read even before the interrupt. */
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 3), 0xffffffffULL);
	ck_assert_uint_eq(rd(PMU_REG_PMOVSSET, 0), BIT(2));
	ck_assert(!hw.irq);
	/* Pair value past 2^32, twice: the odd one overflows and interrupts. */
	wr(PMU_REG_PMEVCNTR, 2, 0xffffff00ULL);
	hw_run(&hw, PMU_EV_CPU_CYCLES, 0x180, 1);
	hw_interrupt(&hw, &pmu);
	/* PMUv3p5: 64-bit values, the odd one overflowed at 32 bits. */
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 3), 0x100000000ULL);
	ck_assert_uint_eq(rd(PMU_REG_PMOVSSET, 0), BIT(2) | BIT(3));
	ck_assert(hw.irq);
	/* The odd counter disabled: no carry. */
	wr(PMU_REG_PMCNTENCLR, 0, BIT(3));
	wr(PMU_REG_PMEVCNTR, 2, 0xffffffffULL);
	hw_run(&hw, PMU_EV_CPU_CYCLES, 1, 1);
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 3), 0x100000000ULL);
	/* A chain counts past 2^32 from zero (32-bit counters, PMUv3). */
	setup_with(4, PMU_VER_V3, false);
	program(0, PMU_EV_CPU_CYCLES);
	program(1, PMU_EV_CHAIN);
	for (unsigned int k = 0; k < 5; k++) {
		hw_run(&hw, PMU_EV_CPU_CYCLES, 0xc0000000ULL, 1);
		hw_interrupt(&hw, &pmu);
	}
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 1) << 32 | rd(PMU_REG_PMEVCNTR, 0),
			  5 * 0xc0000000ULL);
	/* CHAIN on an even counter, or on an odd one with SW_INCR below. */
	wr(PMU_REG_PMEVTYPER, 2, PMU_EV_CHAIN);
	wr(PMU_REG_PMEVTYPER, 3, PMU_EV_SW_INCR);
	wr(PMU_REG_PMCNTENSET, 0, 0xc);
	wr(PMU_REG_PMEVCNTR, 3, 0xffffffffULL);
	wr(PMU_REG_PMSWINC, 0, BIT(3));
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 2), 0);	/* counts nothing */
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 3), 0);
	/* SW_INCR on the even counter carries into its CHAIN partner. */
	wr(PMU_REG_PMEVTYPER, 2, PMU_EV_SW_INCR);
	wr(PMU_REG_PMEVTYPER, 3, PMU_EV_CHAIN);
	wr(PMU_REG_PMEVCNTR, 2, 0xffffffffULL);
	wr(PMU_REG_PMSWINC, 0, BIT(2));
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 3), 1);
}
END_TEST

START_TEST(test_chain_write_after_overflow)
{
	/* A write that follows an overflow the model has not seen yet wins. */
	program(0, PMU_EV_CPU_CYCLES);
	program(1, PMU_EV_CHAIN);
	wr(PMU_REG_PMEVCNTR, 0, 0xffffffffULL);
	hw_run(&hw, PMU_EV_CPU_CYCLES, 1, 1);
	wr(PMU_REG_PMEVCNTR, 1, 40);
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 1), 40);
	ck_assert_uint_eq(rd(PMU_REG_PMOVSSET, 0), BIT(0));
}
END_TEST

/* ---- load / put ---------------------------------------------------------------------- */

START_TEST(test_switch)
{
	struct pmu other;
	struct pmu_config c = cfg_of(6, PMU_VER_V3P5, false);
	struct pmu_ops o = ops_for(false);

	ck_assert_int_eq(pmu_init(&other, &c, &o), 0);
	program(0, PMU_EV_CPU_CYCLES);
	program(CYC, 0);
	wr(PMU_REG_PMINTENSET, 0, BIT(0));
	wr(PMU_REG_PMEVCNTR, 0, 0xfffffff0ULL);
	hw_run(&hw, PMU_EV_CPU_CYCLES, 0x20, 1);
	/* Put before the interrupt: the overflow is kept, counting stops. */
	pmu_put(&pmu);
	ck_assert_uint_eq(hw.stops, 1);
	ck_assert_uint_eq(hw.hw.cnten, 0);
	ck_assert(pmu.ovs & BIT(0));
	ck_assert(hw.irq);
	/* Another vCPU uses the hardware: resets, reprograms, counts. */
	pmu_load(&other);
	ck_assert_uint_eq(hw.cnt[0], 0);
	ck_assert_uint_eq(hw.cnt[CYC], 0);
	{
		uint64_t v = PMU_PMCR_E | PMU_PMCR_P | PMU_PMCR_C;

		ck_assert_int_eq(pmu_access(&other, PMU_REG_PMCR, 0, true, 1, &v), PMU_DONE);
		v = 0x8000003f;
		ck_assert_int_eq(pmu_access(&other, PMU_REG_PMCNTENSET, 0, true, 1, &v),
				 PMU_DONE);
		hw_run(&hw, PMU_EV_CPU_CYCLES, 1000, 1);
		v = 0;
		ck_assert_int_eq(pmu_access(&other, PMU_REG_PMCCNTR, 0, false, 1, &v),
				 PMU_DONE);
		ck_assert_uint_eq(v, 1000);
	}
	pmu_put(&other);
	hw_run(&hw, PMU_EV_CPU_CYCLES, 1000, 1);	/* nobody's */
	pmu_load(&pmu);
	ck_assert_uint_eq(rd(PMU_REG_PMEVCNTR, 0), 0x100000010ULL);
	ck_assert_uint_eq(rd(PMU_REG_PMCCNTR, 0), 0x20);
	ck_assert_uint_eq(hw.hw.cnten, BIT(0) | BIT(31));
	hw_run(&hw, PMU_EV_CPU_CYCLES, 5, 0);
	ck_assert_uint_eq(rd(PMU_REG_PMCCNTR, 0), 0x25);
	/* Load and put twice are no-ops. */
	pmu_load(&pmu);
	ck_assert_uint_eq(rd(PMU_REG_PMCCNTR, 0), 0x25);
	pmu_put(&pmu);
	pmu_put(&pmu);
	ck_assert_uint_eq(pmu.count[CYC], 0x25);
}
END_TEST

/* ---- randomized run against a reference ---------------------------------------------- */

/* The architecture's rules, written for clarity, not speed. */
struct ref {
	unsigned int n;
	bool p5;
	uint64_t pmcr;			/* E D X DP LC LP */
	uint32_t cnten, inten, ovs, selr, userenr;
	uint64_t typ[32];		/* [31] = PMCCFILTR */
	uint64_t cnt[32];
};

static bool ref_valid(const struct ref *r, unsigned int i)
{
	return i == 31 || i < r->n;
}

static bool ref_enabled(const struct ref *r, unsigned int i)
{
	return (r->pmcr & 1) && (r->cnten >> i & 1);
}

static unsigned int ref_ev(const struct ref *r, unsigned int i)
{
	return (unsigned int)(r->typ[i] & 0xffff);
}

static void ref_count(struct ref *r, unsigned int i, uint64_t d)
{
	uint64_t old = r->cnt[i], now;
	bool at64 = i == 31 ? (r->pmcr >> 6 & 1) : (r->p5 && (r->pmcr >> 7 & 1));
	bool ovf;

	now = old + d;
	if (i != 31 && !r->p5)
		now &= 0xffffffffULL;
	ovf = at64 ? now < old : (old & 0xffffffffULL) + d >= 0x100000000ULL;
	r->cnt[i] = now;
	if (!ovf)
		return;
	r->ovs |= 1U << i;
	if (i != 31 && i % 2 == 0 && i + 1 < r->n && ref_ev(r, i + 1) == PMU_EV_CHAIN &&
	    ref_enabled(r, i + 1))
		ref_count(r, i + 1, 1);
}

static bool ref_filter(uint64_t t, unsigned int el)
{
	return el == 0 ? !(t & PMU_EVT_U) : el == 1 ? !(t & PMU_EVT_P) : false;
}

static bool ref_hw_event(unsigned int ev)
{
	return ev == PMU_EV_INST_RETIRED || ev == PMU_EV_CPU_CYCLES || ev == 0x4004;
}

static void ref_run(struct ref *r, unsigned int ev, uint64_t d, unsigned int el)
{
	for (unsigned int i = 0; i < r->n; i++)
		if (ref_enabled(r, i) && ref_ev(r, i) == ev && ref_hw_event(ev) &&
		    ref_filter(r->typ[i], el))
			ref_count(r, i, d);
	if (ev == PMU_EV_CPU_CYCLES && ref_enabled(r, 31) && ref_filter(r->typ[31], el))
		ref_count(r, 31, d);
}

static bool ref_irq(const struct ref *r)
{
	return (r->pmcr & 1) && (r->ovs & r->inten);
}

static uint32_t ref_mask(const struct ref *r)
{
	return (uint32_t)((1ULL << r->n) - 1) | 0x80000000U;
}

/* Apply a write; false when the access is refused (nothing changes). */
static bool ref_write(struct ref *r, enum pmu_reg reg, unsigned int n, uint64_t v)
{
	uint32_t m = ref_mask(r);

	switch (reg) {
	case PMU_REG_PMCR:
		r->pmcr = v & (r->p5 ? 0xf9 : 0x79);
		if (v & 2)
			for (unsigned int i = 0; i < r->n; i++)
				r->cnt[i] = 0;
		if (v & 4)
			r->cnt[31] = 0;
		return true;
	case PMU_REG_PMCNTENSET: r->cnten |= v & m; return true;
	case PMU_REG_PMCNTENCLR: r->cnten &= ~(v & m); return true;
	case PMU_REG_PMINTENSET: r->inten |= v & m; return true;
	case PMU_REG_PMINTENCLR: r->inten &= ~(v & m); return true;
	case PMU_REG_PMOVSSET: r->ovs |= v & m; return true;
	case PMU_REG_PMOVSCLR: r->ovs &= ~(v & m); return true;
	case PMU_REG_PMSELR: r->selr = v & 31; return true;
	case PMU_REG_PMUSERENR: r->userenr = v & 15; return true;
	case PMU_REG_PMCCNTR: r->cnt[31] = v; return true;
	case PMU_REG_PMSWINC:
		for (unsigned int i = 0; i < r->n; i++)
			if ((v >> i & 1) && ref_enabled(r, i) && ref_ev(r, i) == 0 &&
			    ref_filter(r->typ[i], 1))
				ref_count(r, i, 1);
		return true;
	case PMU_REG_PMXEVTYPER:
		n = r->selr;
		/* fall through */
	case PMU_REG_PMEVTYPER:
		if (reg == PMU_REG_PMXEVTYPER && n == 31) {
			r->typ[31] = v & 0xc8000000ULL;
			return true;
		}
		if (n >= r->n)
			return false;
		r->typ[n] = v & 0xc800ffffULL;
		return true;
	case PMU_REG_PMCCFILTR: r->typ[31] = v & 0xc8000000ULL; return true;
	case PMU_REG_PMXEVCNTR:
		n = r->selr;
		/* fall through */
	case PMU_REG_PMEVCNTR:
		if (n >= r->n)
			return false;
		r->cnt[n] = r->p5 ? v : v & 0xffffffffULL;
		return true;
	default:
		return false;
	}
}

static const enum pmu_reg rand_regs[] = {
	PMU_REG_PMCR, PMU_REG_PMCNTENSET, PMU_REG_PMCNTENCLR, PMU_REG_PMINTENSET,
	PMU_REG_PMINTENCLR, PMU_REG_PMOVSSET, PMU_REG_PMOVSCLR, PMU_REG_PMSELR,
	PMU_REG_PMUSERENR, PMU_REG_PMCCNTR, PMU_REG_PMSWINC, PMU_REG_PMXEVTYPER,
	PMU_REG_PMEVTYPER, PMU_REG_PMCCFILTR, PMU_REG_PMXEVCNTR, PMU_REG_PMEVCNTR,
};

static uint64_t rand_value(uint64_t *s, enum pmu_reg reg, unsigned int n)
{
	static const unsigned int evs[] = { PMU_EV_SW_INCR, PMU_EV_INST_RETIRED,
					    PMU_EV_CPU_CYCLES, PMU_EV_CHAIN, 0x23, 0x4004 };
	uint64_t x = unit_test_rand(s);

	switch (reg) {
	case PMU_REG_PMEVTYPER:
	case PMU_REG_PMXEVTYPER:
	case PMU_REG_PMCCFILTR:
		/* Mostly P/U/NSH only, so that counting happens often. */
		return ((x >> 8) & (x & 0x100 ? 0xfc000000ULL : 0x48000000ULL)) |
		       evs[(x >> 40) % 6] | ((x & 0x7) == 7 ? (x >> 20) & 0xffff0000ULL : 0);
	case PMU_REG_PMEVCNTR:
	case PMU_REG_PMXEVCNTR:
	case PMU_REG_PMCCNTR:
		/* Near the 32- and 64-bit edges most of the time. */
		switch (x & 3) {
		case 0: return 0xffffffffULL - (x >> 60);
		case 1: return ~0ULL - (x >> 60);
		case 2: return (x >> 8) & 0xffffffffULL;
		default: return x >> 2;
		}
	case PMU_REG_PMCR:
		/* E on more often than not, P and C rare. */
		return (x & ~0x6ULL) | 1 | ((x & 0xf00) == 0 ? 6 : 0);
	case PMU_REG_PMSELR:
		return x & 1 ? 31 : x >> 8 & 7;
	case PMU_REG_PMSWINC:
		return x & 1 ? ~0ULL : x >> 8;
	default:
		(void)n;
		return x >> (x & 31);
	}
}

/* Compare every register the guest can read. */
static void compare(struct pmu *p, const struct ref *r, unsigned long step)
{
	for (unsigned int i = 0; i < 32; i++) {
		uint64_t v = 0;

		if (!ref_valid(r, i))
			continue;
		if (i == 31)
			UNIT_CHECK(pmu_access(p, PMU_REG_PMCCNTR, 0, false, 1, &v) == PMU_DONE,
				   "step %lu", step);
		else
			UNIT_CHECK(pmu_access(p, PMU_REG_PMEVCNTR, i, false, 1, &v) == PMU_DONE,
				   "step %lu", step);
		UNIT_CHECK(v == r->cnt[i], "step %lu: counter %u %llx, reference %llx", step, i,
			   (unsigned long long)v, (unsigned long long)r->cnt[i]);
		if (i == 31)
			pmu_access(p, PMU_REG_PMCCFILTR, 0, false, 1, &v);
		else
			pmu_access(p, PMU_REG_PMEVTYPER, i, false, 1, &v);
		UNIT_CHECK(v == r->typ[i], "step %lu: type %u %llx, reference %llx", step, i,
			   (unsigned long long)v, (unsigned long long)r->typ[i]);
	}
	{
		static const enum pmu_reg regs[] = { PMU_REG_PMCNTENSET, PMU_REG_PMINTENSET,
						     PMU_REG_PMOVSSET, PMU_REG_PMSELR,
						     PMU_REG_PMUSERENR, PMU_REG_PMCR };
		uint64_t want[] = { r->cnten, r->inten, r->ovs, r->selr, r->userenr,
				    0x41010000ULL | (uint64_t)r->n << 11 | r->pmcr };

		for (unsigned int k = 0; k < 6; k++) {
			uint64_t v = 0;

			pmu_access(p, regs[k], 0, false, 1, &v);
			UNIT_CHECK(v == want[k], "step %lu: reg %u %llx, reference %llx", step,
				   regs[k], (unsigned long long)v, (unsigned long long)want[k]);
		}
	}
}

static void random_run(unsigned int ver, uint64_t seed, unsigned long steps)
{
	uint64_t s = seed ? seed : 1;
	struct ref r;
	struct pmu other;
	struct pmu_config c = cfg_of(6, ver, false);
	struct pmu_ops o = ops_for(false);
	unsigned long writes = 0, refused = 0, runs = 0, switches = 0;

	setup_with(6, ver, false);
	ck_assert_int_eq(pmu_init(&other, &c, &o), 0);
	memset(&r, 0, sizeof(r));
	r.n = 6;
	r.p5 = ver >= PMU_VER_V3P5;
	for (unsigned long step = 0; step < steps; step++) {
		uint64_t x = unit_test_rand(&s);
		unsigned int kind = x % 16;

		if (kind == 7) {
			/* A burst of software increments of every counter. */
			for (unsigned int k = 0; k < (x >> 8) % 24; k++) {
				uint64_t v = ~0ULL;

				ref_write(&r, PMU_REG_PMSWINC, 0, v);
				UNIT_CHECK(pmu_access(&pmu, PMU_REG_PMSWINC, 0, true, 1, &v) ==
					   PMU_DONE, "step %lu: PMSWINC", step);
			}
		} else if (kind < 8) {
			enum pmu_reg reg = rand_regs[(x >> 8) % (sizeof(rand_regs) /
								  sizeof(rand_regs[0]))];
			unsigned int n = (unsigned int)(x >> 20) % 8;
			uint64_t v = rand_value(&s, reg, n);
			bool ok = ref_write(&r, reg, n, v);
			enum pmu_result res = pmu_access(&pmu, reg, n, true, 1, &v);

			UNIT_CHECK((res == PMU_DONE) == ok, "step %lu: write reg %u n %u: %d", step,
				   reg, n, res);
			writes++;
			refused += !ok;
		} else if (kind < 13) {
			static const unsigned int evs[] = { PMU_EV_CPU_CYCLES,
							    PMU_EV_INST_RETIRED, 0x4004, 0x23 };
			unsigned int ev = evs[(x >> 8) & 3];
			uint64_t d = (x >> 16) & (x & 0x10000000000ULL ? 0xffffffffULL : 0xfff);
			unsigned int el = (unsigned int)(x >> 50) % 3;

			ref_run(&r, ev, d, el);
			hw_run(&hw, ev, d, el);
			/* Half the time the host interrupt comes at once. */
			if (x >> 63)
				hw_interrupt(&hw, &pmu);
			runs++;
		} else if (kind < 15) {
			/* Another vCPU takes the CPU and plays with the PMU. */
			pmu_put(&pmu);
			pmu_load(&other);
			for (unsigned int k = 0; k < 4; k++) {
				enum pmu_reg reg = rand_regs[unit_test_rand(&s) % 16];
				uint64_t v = rand_value(&s, reg, k);

				pmu_access(&other, reg, k, true, 1, &v);
				hw_run(&hw, PMU_EV_CPU_CYCLES, unit_test_rand(&s) & 0xffffff, 1);
			}
			pmu_put(&other);
			/* Nobody's counting: the host at EL2 between the two. */
			hw_run(&hw, PMU_EV_CPU_CYCLES, 12345, 2);
			pmu_load(&pmu);
			switches++;
		} else {
			/* A refused EL0 access changes nothing. */
			uint64_t v = x;

			if (!(r.userenr & PMU_USERENR_EN))
				UNIT_CHECK(pmu_access(&pmu, PMU_REG_PMCR, 0, true, 0, &v) ==
					   PMU_TRAP_EL1, "step %lu: EL0 PMCR", step);
		}
		compare(&pmu, &r, step);
		UNIT_CHECK(hw.irq == ref_irq(&r), "step %lu: irq %d, reference %d", step, hw.irq,
			   ref_irq(&r));
	}
	printf("# PMUVer %u: %lu writes (%lu refused), %lu runs, %lu switches, "
	       "%llu hw + %llu sw overflows, %llu interrupts\n", ver, writes, refused, runs,
	       switches, (unsigned long long)pmu.stats.hw_overflows,
	       (unsigned long long)pmu.stats.sw_overflows,
	       (unsigned long long)pmu.stats.irq_raised);
	fflush(stdout);
	ck_assert_uint_gt(pmu.stats.hw_overflows, 100);
	ck_assert_uint_gt(pmu.stats.sw_overflows, 10);
	ck_assert_uint_gt(pmu.stats.irq_raised, 100);
}

START_TEST(test_random_v3p5)
{
	random_run(PMU_VER_V3P5, unit_test_seed(0x504d5533ULL), 50000);
}
END_TEST

START_TEST(test_random_v3)
{
	random_run(PMU_VER_V3P1, unit_test_seed(0x504d5533ULL) ^ 0x9e3779b97f4a7c15ULL, 50000);
}
END_TEST

static Suite *pmu_suite(void)
{
	Suite *s = suite_create("pmu");
	TCase *tc = unit_test_tcase(s, "registers", setup, 0);

	tcase_add_test(tc, test_decode);
	tcase_add_test(tc, test_pmcr);
	tcase_add_test(tc, test_pmcr_v3p4);
	tcase_add_test(tc, test_init_errors);
	tcase_add_test(tc, test_bitmasks);
	tcase_add_test(tc, test_cnten_hw);
	tcase_add_test(tc, test_irq_level);
	tcase_add_test(tc, test_selr);
	tcase_add_test(tc, test_ceid);
	tcase_add_test(tc, test_el0);
	tc = unit_test_tcase(s, "counting", setup, 0);
	tcase_add_test(tc, test_filter_hw);
	tcase_add_test(tc, test_filter_counting);
	tcase_add_test(tc, test_event_overflow_32);
	tcase_add_test(tc, test_event_overflow_64);
	tcase_add_test(tc, test_event_32bit_v3);
	tcase_add_test(tc, test_cycle_counter);
	tcase_add_test(tc, test_sw_incr);
	tcase_add_test(tc, test_chain);
	tcase_add_test(tc, test_chain_write_after_overflow);
	tcase_add_test(tc, test_switch);
	tc = unit_test_tcase(s, "random", setup, 60);
	tcase_add_test(tc, test_random_v3p5);
	tcase_add_test(tc, test_random_v3);
	return s;
}

int main(void)
{
	return unit_test_run(pmu_suite());
}
