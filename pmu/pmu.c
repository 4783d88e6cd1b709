/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual PMU's lifecycle (init, reset, load, put), the image of what
 * the hardware must hold, and the interrupt line (see pmu.h).
 */
#include "pmu/pmu_internal.h"
#include "common/errno.h"
#include "common/string.h"

uint32_t pmu_valid_mask(const struct pmu *p)
{
	return (uint32_t)((1ULL << p->cfg.nr_counters) - 1) | PMU_BIT(PMU_CYCLE_IDX);
}

unsigned int pmu_version(const struct pmu_config *cfg)
{
	return cfg->pmuver > PMU_VER_V3P5 ? PMU_VER_V3P5 : cfg->pmuver;
}

bool pmu_counts_at(const struct pmu *p, uint64_t type, unsigned int el)
{
	bool excl;

	if (el == 0)
		excl = (type & PMU_EVT_U) != 0;
	else
		excl = (type & PMU_EVT_P) != 0;
	/* The guest runs Non-secure: NSK/NSU invert P/U there (Arm ARM D11). */
	if (p->cfg.has_el3)
		excl ^= (type & (el == 0 ? PMU_EVT_NSU : PMU_EVT_NSK)) != 0;
	return !excl;
}

uint64_t pmu_hw_filter(const struct pmu_config *cfg, uint64_t type)
{
	bool excl1 = type & PMU_EVT_P, excl0 = type & PMU_EVT_U;
	uint64_t hw = 0;

	if (cfg->has_el3) {
		excl1 ^= (type & PMU_EVT_NSK) != 0;
		excl0 ^= (type & PMU_EVT_NSU) != 0;
	}
	/*
	 * NSK = NSU = 0 make the Non-secure filter follow P and U on any
	 * host; NSH = 0 keeps EL2 (zarm) out; where the host has EL3, M
	 * unlike P keeps EL3 out too.
	 */
	if (excl1)
		hw |= PMU_EVT_P;
	if (excl0)
		hw |= PMU_EVT_U;
	if (cfg->host_el3 && !excl1)
		hw |= PMU_EVT_M;
	return hw;
}

/*
 * Events the hardware counts for the guest: listed by the host, but not
 * CHAIN, which the model carries itself. SW_INCR counters are enabled
 * there too although zarm never writes the hardware's PMSWINC: QEMU 7.2
 * lets an EL0 PMSWINC write that PMUSERENR_EL0.SW allows reach the
 * hardware without the MDCR_EL2.TPM trap, and it must count.
 */
static bool hw_event(const struct pmu *p, unsigned int ev)
{
	uint64_t word;

	if (ev == PMU_EV_CHAIN)
		return false;
	if (ev < 0x40)
		word = ev < 0x20 ? p->cfg.ceid0 : p->cfg.ceid1;
	else if (ev >= 0x4000 && ev < 0x4040 && p->cfg.pmuver >= PMU_VER_V3P1)
		word = (ev < 0x4020 ? p->cfg.ceid0 : p->cfg.ceid1) >> 32;
	else
		return false;
	return (word >> (ev & 31)) & 1;
}

static void hw_compute(const struct pmu *p, struct pmu_hw *hw)
{
	uint64_t pmcr_bits = PMU_PMCR_E | PMU_PMCR_D | PMU_PMCR_LC;

	memset(hw, 0, sizeof(*hw));
	if (pmu_v3p5(p))
		pmcr_bits |= PMU_PMCR_LP;
	hw->pmcr = p->pmcr & pmcr_bits;
	for (unsigned int i = 0; i < p->cfg.nr_counters; i++) {
		unsigned int ev = pmu_event(p, i);

		hw->evtyper[i] = pmu_hw_filter(&p->cfg, p->evtyper[i]) | ev;
		if ((p->cnten & PMU_BIT(i)) && hw_event(p, ev))
			hw->cnten |= PMU_BIT(i);
	}
	hw->ccfiltr = pmu_hw_filter(&p->cfg, p->ccfiltr);
	hw->cnten |= p->cnten & PMU_BIT(PMU_CYCLE_IDX);
	hw->inten = hw->cnten;
	hw->userenr = p->userenr;
}

void pmu_update_hw(struct pmu *p)
{
	struct pmu_hw n;
	uint64_t what = 0;

	hw_compute(p, &n);
	for (unsigned int i = 0; i < PMU_MAX_EVENT_COUNTERS; i++)
		if (n.evtyper[i] != p->hw.evtyper[i])
			what |= 1ULL << i;
	if (n.ccfiltr != p->hw.ccfiltr)
		what |= PMU_HW_CCFILTR;
	if (n.pmcr != p->hw.pmcr)
		what |= PMU_HW_PMCR;
	if (n.cnten != p->hw.cnten)
		what |= PMU_HW_CNTEN;
	if (n.inten != p->hw.inten)
		what |= PMU_HW_INTEN;
	if (n.userenr != p->hw.userenr)
		what |= PMU_HW_USERENR;
	p->hw = n;
	if (p->loaded && what)
		p->ops.program(p->ops.ctx, &p->hw, what);
}

void pmu_update_irq(struct pmu *p)
{
	bool level = (p->pmcr & PMU_PMCR_E) && (p->ovs & p->inten & pmu_valid_mask(p));

	if (level == p->irq_level)
		return;
	p->irq_level = level;
	if (level)
		p->stats.irq_raised++;
	if (p->ops.set_irq)
		p->ops.set_irq(p->ops.ctx, level);
}

void pmu_sync_overflow(struct pmu *p)
{
	uint32_t m;

	if (!p->loaded)
		return;
	m = p->ops.take_overflow(p->ops.ctx);
	if (m)
		pmu_hw_overflow(p, m);
}

void pmu_hw_overflow(struct pmu *p, uint32_t mask)
{
	mask &= pmu_valid_mask(p);
	for (unsigned int i = 0; i < PMU_NR_IDX; i++) {
		if (!(mask & PMU_BIT(i)))
			continue;
		p->stats.hw_overflows++;
		pmu_overflowed(p, i);
	}
	pmu_update_irq(p);
}

void pmu_reset(struct pmu *p)
{
	p->pmcr = 0;
	p->cnten = p->inten = p->ovs = 0;
	p->selr = p->userenr = 0;
	p->ccfiltr = 0;
	memset(p->evtyper, 0, sizeof(p->evtyper));
	memset(p->count, 0, sizeof(p->count));
	if (p->loaded) {
		for (unsigned int i = 0; i < p->cfg.nr_counters; i++)
			p->ops.write_counter(p->ops.ctx, i, 0);
		p->ops.write_counter(p->ops.ctx, PMU_CYCLE_IDX, 0);
		(void)p->ops.take_overflow(p->ops.ctx);
	}
	pmu_update_hw(p);
	pmu_update_irq(p);
}

int pmu_init(struct pmu *p, const struct pmu_config *cfg, const struct pmu_ops *ops)
{
	if (!p || !cfg || !ops || !ops->read_counter || !ops->write_counter ||
	    !ops->program || !ops->stop || !ops->take_overflow)
		return -EINVAL;
	if (cfg->nr_counters > PMU_MAX_EVENT_COUNTERS || cfg->pmuver < PMU_VER_V3 ||
	    cfg->pmuver == 0xf)
		return -EINVAL;
	memset(p, 0, sizeof(*p));
	p->cfg = *cfg;
	p->cfg.pmuver = pmu_version(cfg);
	p->ops = *ops;
	hw_compute(p, &p->hw);
	pmu_reset(p);
	return 0;
}

void pmu_load(struct pmu *p)
{
	if (p->loaded)
		return;
	for (unsigned int i = 0; i < p->cfg.nr_counters; i++)
		p->ops.write_counter(p->ops.ctx, i, p->count[i]);
	p->ops.write_counter(p->ops.ctx, PMU_CYCLE_IDX, p->count[PMU_CYCLE_IDX]);
	p->loaded = true;
	hw_compute(p, &p->hw);
	p->ops.program(p->ops.ctx, &p->hw, PMU_HW_ALL);
}

void pmu_put(struct pmu *p)
{
	uint32_t ovf;

	if (!p->loaded)
		return;
	p->ops.stop(p->ops.ctx);
	ovf = p->ops.take_overflow(p->ops.ctx);
	for (unsigned int i = 0; i < p->cfg.nr_counters; i++)
		p->count[i] = pmu_counter_get(p, i);
	p->count[PMU_CYCLE_IDX] = pmu_counter_get(p, PMU_CYCLE_IDX);
	p->loaded = false;
	if (ovf)
		pmu_hw_overflow(p, ovf);
}
