/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One guest access to a PMU register: direction and EL0 checks, then the
 * register's own semantics (see pmu.h for the choices).
 */
#include "pmu/pmu_internal.h"

/* Registers that exist only as a read or only as a write. */
static bool direction_ok(enum pmu_reg reg, bool write)
{
	switch (reg) {
	case PMU_REG_PMSWINC:
		return write;
	case PMU_REG_PMCEID0:
	case PMU_REG_PMCEID1:
	case PMU_REG_PMMIR:
		return !write;
	default:
		return true;
	}
}

/* PMUSERENR_EL0 (Arm ARM D11): what EL0 may touch. */
static enum pmu_result el0_check(const struct pmu *p, enum pmu_reg reg, bool write)
{
	uint32_t en = p->userenr;

	switch (reg) {
	case PMU_REG_PMINTENSET:
	case PMU_REG_PMINTENCLR:
	case PMU_REG_PMMIR:
		return PMU_UNDEF;		/* EL1 registers */
	case PMU_REG_PMUSERENR:
		return write ? PMU_UNDEF : PMU_DONE;
	default:
		break;
	}
	if (en & PMU_USERENR_EN)
		return PMU_DONE;
	switch (reg) {
	case PMU_REG_PMSWINC:
		return en & PMU_USERENR_SW ? PMU_DONE : PMU_TRAP_EL1;
	case PMU_REG_PMCCNTR:
		return !write && (en & PMU_USERENR_CR) ? PMU_DONE : PMU_TRAP_EL1;
	case PMU_REG_PMEVCNTR:
	case PMU_REG_PMXEVCNTR:
		return !write && (en & PMU_USERENR_ER) ? PMU_DONE : PMU_TRAP_EL1;
	case PMU_REG_PMSELR:
		return en & PMU_USERENR_ER ? PMU_DONE : PMU_TRAP_EL1;
	default:
		return PMU_TRAP_EL1;
	}
}

static uint64_t typer_mask(const struct pmu *p, bool cycle)
{
	uint64_t m = PMU_EVT_P | PMU_EVT_U | PMU_EVT_NSH;

	if (p->cfg.has_el3)
		m |= PMU_EVT_NSK | PMU_EVT_NSU | PMU_EVT_M;
	return cycle ? m : m | pmu_evt_mask(p);
}

/* PMCEID0/1: the host's events, and the two the model counts itself. */
static uint64_t ceid(const struct pmu *p, bool one)
{
	uint64_t v = one ? p->cfg.ceid1 : p->cfg.ceid0;

	if (p->cfg.pmuver < PMU_VER_V3P1)
		v &= 0xffffffffULL;	/* no 0x4000 range before PMUv3p1 */
	if (!one)
		v |= PMU_BIT(PMU_EV_SW_INCR) | PMU_BIT(PMU_EV_CHAIN);
	return v;
}

static uint64_t pmcr_read(const struct pmu *p)
{
	return ((uint64_t)p->cfg.pmcr_id & PMU_PMCR_ID_MASK) |
	       ((uint64_t)p->cfg.nr_counters << PMU_PMCR_N_SHIFT) | p->pmcr;
}

static void pmcr_write(struct pmu *p, uint64_t v)
{
	uint64_t keep = PMU_PMCR_E | PMU_PMCR_D | PMU_PMCR_X | PMU_PMCR_DP | PMU_PMCR_LC;

	if (pmu_v3p5(p))
		keep |= PMU_PMCR_LP;
	p->pmcr = v & keep;
	if (v & PMU_PMCR_P)
		for (unsigned int i = 0; i < p->cfg.nr_counters; i++)
			pmu_counter_set(p, i, 0);
	if (v & PMU_PMCR_C)
		pmu_counter_set(p, PMU_CYCLE_IDX, 0);
	pmu_update_hw(p);
	pmu_update_irq(p);
}

/* The counter PMXEV* name: PMSELR.SEL, 31 being the cycle counter. */
static unsigned int selected(const struct pmu *p)
{
	return p->selr & 31;
}

static enum pmu_result counter_access(struct pmu *p, unsigned int n, bool write, uint64_t *val)
{
	if (n >= p->cfg.nr_counters)
		return PMU_UNDEF;
	if (write) {
		pmu_counter_set(p, n, *val);
		return PMU_DONE;
	}
	*val = pmu_counter_get(p, n);
	return PMU_DONE;
}

static enum pmu_result typer_access(struct pmu *p, unsigned int n, bool write, uint64_t *val)
{
	uint64_t *t;

	if (n != PMU_CYCLE_IDX && n >= p->cfg.nr_counters)
		return PMU_UNDEF;
	t = n == PMU_CYCLE_IDX ? &p->ccfiltr : &p->evtyper[n];
	if (!write) {
		*val = *t;
		return PMU_DONE;
	}
	*t = *val & typer_mask(p, n == PMU_CYCLE_IDX);
	pmu_update_hw(p);
	return PMU_DONE;
}

/* PMCNTEN, PMINTEN, PMOVS: set or clear the bits of counters that exist. */
static void set_clr(uint32_t *reg, uint64_t v, bool set, uint32_t valid)
{
	if (set)
		*reg |= (uint32_t)v & valid;
	else
		*reg &= ~((uint32_t)v & valid);
}

static enum pmu_result bitmask_access(struct pmu *p, enum pmu_reg reg, bool write, uint64_t *val)
{
	bool set = reg == PMU_REG_PMCNTENSET || reg == PMU_REG_PMINTENSET ||
		   reg == PMU_REG_PMOVSSET;
	uint32_t *r;

	if (reg == PMU_REG_PMCNTENSET || reg == PMU_REG_PMCNTENCLR)
		r = &p->cnten;
	else if (reg == PMU_REG_PMINTENSET || reg == PMU_REG_PMINTENCLR)
		r = &p->inten;
	else
		r = &p->ovs;
	if (!write) {
		*val = *r;
		return PMU_DONE;
	}
	set_clr(r, *val, set, pmu_valid_mask(p));
	if (r == &p->cnten)
		pmu_update_hw(p);
	else
		pmu_update_irq(p);
	return PMU_DONE;
}

/*
 * Overflows the hardware flagged but the model has not seen yet happened
 * before this access: fold them first wherever the answer or the effect
 * could depend on them (flags, the interrupt, a CHAIN carry that a write
 * would otherwise follow instead of precede). A plain counter read, the
 * hot case, needs none.
 */
static bool needs_sync(const struct pmu *p, enum pmu_reg reg, unsigned int n, bool write)
{
	switch (reg) {
	case PMU_REG_PMCCNTR:
		return write;
	case PMU_REG_PMXEVCNTR:
		n = selected(p);
		/* fall through */
	case PMU_REG_PMEVCNTR:
		return write || (n < p->cfg.nr_counters && pmu_event(p, n) == PMU_EV_CHAIN);
	case PMU_REG_PMSELR:
	case PMU_REG_PMUSERENR:
	case PMU_REG_PMCEID0:
	case PMU_REG_PMCEID1:
	case PMU_REG_PMMIR:
		return false;
	default:
		return true;
	}
}

enum pmu_result pmu_access(struct pmu *p, enum pmu_reg reg, unsigned int n, bool write,
			   unsigned int el, uint64_t *val)
{
	enum pmu_result r = PMU_DONE;

	/* The hot case first: EL1 reads the cycle counter, nothing else to do. */
	if (likely(reg == PMU_REG_PMCCNTR && !write && el == 1)) {
		*val = pmu_counter_get(p, PMU_CYCLE_IDX);
		return PMU_DONE;
	}
	if (reg >= PMU_NR_REGS || !direction_ok(reg, write))
		r = PMU_UNDEF;
	else if (el == 0)
		r = el0_check(p, reg, write);
	if (r != PMU_DONE) {
		p->stats.undef++;
		return r;
	}
	if (needs_sync(p, reg, n, write))
		pmu_sync_overflow(p);
	switch (reg) {
	case PMU_REG_PMCR:
		if (write)
			pmcr_write(p, *val);
		else
			*val = pmcr_read(p);
		break;
	case PMU_REG_PMCNTENSET:
	case PMU_REG_PMCNTENCLR:
	case PMU_REG_PMINTENSET:
	case PMU_REG_PMINTENCLR:
	case PMU_REG_PMOVSSET:
	case PMU_REG_PMOVSCLR:
		return bitmask_access(p, reg, write, val);
	case PMU_REG_PMSWINC:
		pmu_sw_incr(p, (uint32_t)*val, el);
		break;
	case PMU_REG_PMSELR:
		if (write)
			p->selr = (uint32_t)*val & 31;
		else
			*val = p->selr;
		break;
	case PMU_REG_PMCEID0:
	case PMU_REG_PMCEID1:
		*val = ceid(p, reg == PMU_REG_PMCEID1);
		break;
	case PMU_REG_PMCCNTR:
		if (write)
			pmu_counter_set(p, PMU_CYCLE_IDX, *val);
		else
			*val = pmu_counter_get(p, PMU_CYCLE_IDX);
		break;
	case PMU_REG_PMXEVTYPER:
		r = typer_access(p, selected(p), write, val);
		break;
	case PMU_REG_PMXEVCNTR:
		r = counter_access(p, selected(p), write, val);
		break;
	case PMU_REG_PMEVTYPER:
		r = typer_access(p, n, write, val);
		break;
	case PMU_REG_PMEVCNTR:
		r = counter_access(p, n, write, val);
		break;
	case PMU_REG_PMCCFILTR:
		r = typer_access(p, PMU_CYCLE_IDX, write, val);
		break;
	case PMU_REG_PMUSERENR:
		if (write) {
			p->userenr = (uint32_t)*val & 0xf;
			pmu_update_hw(p);
		} else {
			*val = p->userenr;
		}
		break;
	case PMU_REG_PMMIR:
		*val = 0;
		break;
	default:
		r = PMU_UNDEF;
		break;
	}
	if (r != PMU_DONE)
		p->stats.undef++;
	return r;
}
