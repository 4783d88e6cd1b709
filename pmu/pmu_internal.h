/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the pmu/ files share and nobody else uses: counter storage that is
 * the hardware while loaded and the struct while not, the enables and
 * widths the Arm ARM defines, and the two "something changed" updates
 * (the hardware image, the interrupt line).
 */
#ifndef ZARM_PMU_PMU_INTERNAL_H
#define ZARM_PMU_PMU_INTERNAL_H

#include "pmu/pmu.h"

#define PMU_BIT(i) (1U << (i))

/* The event number field: 16 bits from PMUv3p1, 10 before. */
static inline uint64_t pmu_evt_mask(const struct pmu *p)
{
	return p->cfg.pmuver >= PMU_VER_V3P1 ? 0xffffULL : 0x3ffULL;
}

static inline unsigned int pmu_event(const struct pmu *p, unsigned int i)
{
	return (unsigned int)(p->evtyper[i] & pmu_evt_mask(p));
}

static inline bool pmu_v3p5(const struct pmu *p)
{
	return p->cfg.pmuver >= PMU_VER_V3P5;
}

/* Counting is on for counter @i: PMCR.E and its PMCNTEN bit. */
static inline bool pmu_enabled(const struct pmu *p, unsigned int i)
{
	return (p->pmcr & PMU_PMCR_E) && (p->cnten & PMU_BIT(i));
}

/* Overflow at 64 bits (LC for the cycle counter, LP for event counters). */
static inline bool pmu_overflow64(const struct pmu *p, unsigned int i)
{
	if (i == PMU_CYCLE_IDX)
		return p->pmcr & PMU_PMCR_LC;
	return pmu_v3p5(p) && (p->pmcr & PMU_PMCR_LP);
}

/* Bits a counter holds: 64, except event counters before PMUv3p5. */
static inline uint64_t pmu_value_mask(const struct pmu *p, unsigned int i)
{
	return i == PMU_CYCLE_IDX || pmu_v3p5(p) ? ~0ULL : 0xffffffffULL;
}

static inline uint64_t pmu_counter_get(struct pmu *p, unsigned int i)
{
	if (p->loaded)
		return p->ops.read_counter(p->ops.ctx, i) & pmu_value_mask(p, i);
	return p->count[i];
}

static inline void pmu_counter_set(struct pmu *p, unsigned int i, uint64_t v)
{
	v &= pmu_value_mask(p, i);
	if (p->loaded)
		p->ops.write_counter(p->ops.ctx, i, v);
	else
		p->count[i] = v;
}

/* pmu.c */
void pmu_update_hw(struct pmu *p);
void pmu_update_irq(struct pmu *p);
/* Fold what the hardware flagged since the last look (loaded only). */
void pmu_sync_overflow(struct pmu *p);
/* Does @type's filter let the guest's @el (0, 1) count? */
bool pmu_counts_at(const struct pmu *p, uint64_t type, unsigned int el);

/* pmu_count.c */
/* Add @delta (< 2^32) to counter @i in software: overflow, chain. */
void pmu_add(struct pmu *p, unsigned int i, uint64_t delta);
/* Counter @i overflowed: PMOVS, and the carry into a CHAIN partner. */
void pmu_overflowed(struct pmu *p, unsigned int i);
/* PMSWINC_EL0 written with @val from @el. */
void pmu_sw_incr(struct pmu *p, uint32_t val, unsigned int el);

#endif
