/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the PMU's randomized unit test (tests/unit/test_pmu.c) and its fuzz
 * target (tests/fuzz/pmu_fuzz.c) share: a fake hardware PMU that counts
 * what the model programmed the way the Arm ARM says a PMU counts (filters
 * by Exception level, enables, 32/64-bit overflow into PMOVSSET, no CHAIN,
 * like QEMU's), and a reference of the guest-visible PMU written straight
 * from the architecture's rules, with compare() checking every register
 * the guest can read against it.
 *
 * Header only. The includer provides UNIT_CHECK(cond, fmt, ...).
 */
#ifndef ZARM_TESTS_UNIT_PMU_REF_H
#define ZARM_TESTS_UNIT_PMU_REF_H

#include <stdbool.h>
#include <stdint.h>

#include "pmu/pmu.h"

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

/* ---- the reference ---------------------------------------------------------------- */

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

#endif
