/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Counting the model does itself: SW_INCR, the carry of an even counter's
 * overflow into its CHAIN partner, and the overflow flags (see pmu.h).
 */
#include "pmu/pmu_internal.h"

void pmu_overflowed(struct pmu *p, unsigned int i)
{
	unsigned int odd = i + 1;

	p->ovs |= PMU_BIT(i);
	if (i == PMU_CYCLE_IDX || (i & 1) || odd >= p->cfg.nr_counters)
		return;
	if (pmu_event(p, odd) == PMU_EV_CHAIN && pmu_enabled(p, odd))
		pmu_add(p, odd, 1);
}

void pmu_add(struct pmu *p, unsigned int i, uint64_t delta)
{
	uint64_t old = pmu_counter_get(p, i);
	uint64_t now = (old + delta) & pmu_value_mask(p, i);
	bool ovf;

	if (pmu_overflow64(p, i))
		ovf = now < old;
	else
		ovf = (old & 0xffffffffULL) + delta > 0xffffffffULL;
	pmu_counter_set(p, i, now);
	if (ovf) {
		p->stats.sw_overflows++;
		pmu_overflowed(p, i);
	}
}

void pmu_sw_incr(struct pmu *p, uint32_t val, unsigned int el)
{
	for (unsigned int i = 0; i < p->cfg.nr_counters; i++) {
		if (!(val & PMU_BIT(i)) || !pmu_enabled(p, i) ||
		    pmu_event(p, i) != PMU_EV_SW_INCR ||
		    !pmu_counts_at(p, p->evtyper[i], el))
			continue;
		pmu_add(p, i, 1);
	}
	pmu_update_irq(p);
}
