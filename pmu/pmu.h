/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PMUv3 of one vCPU (Arm ARM D11, "The Performance Monitors
 * Extension"), as plain C. The guest reaches every PMU register through a
 * trap (MDCR_EL2.TPM); the arch decodes the trap (pmu_decode) and calls
 * pmu_access(). The guest's counters are backed by the host's counters of
 * the same index while the vCPU is loaded: the model computes what the
 * hardware must hold (struct pmu_hw: enables, event types with zarm's
 * filter, PMCR bits) and hands it to ops.program(); counter values are read
 * and written through ops while loaded and kept in the struct while not.
 *
 * What the virtual PMU is:
 *  - N event counters (cfg.nr_counters, the host's PMCR_EL0.N at most)
 *    and the cycle counter (index 31). The version is the host's
 *    (cfg.pmuver, ID_AA64DFR0_EL1.PMUVer encoding) capped at PMUv3p5:
 *    from PMUv3p5 event counters are 64-bit and PMCR.LP picks where they
 *    overflow; before it they are 32-bit and LP is RES0. The cycle counter
 *    is 64-bit and overflows at 32 or 64 bits by PMCR.LC.
 *  - PMCR_EL0: E enables every counter (PMCNTEN selects), P resets the
 *    event counters, C the cycle counter (both read as 0); D (count every
 *    64th cycle) is passed to the hardware; X and DP are stored and have no
 *    effect (nothing is exported, counting is never prohibited at the
 *    guest's ELs); LC and LP as above. N and the IMP/IDCODE fields are
 *    read-only.
 *  - Filters: PMEVTYPER<n>.P/U (EL1/EL0) and, when the guest sees EL3
 *    (cfg.has_el3), NSK/NSU (the Non-secure EL1/EL0 filter is P^NSK,
 *    U^NSU; without EL3 they are RES0). NSH is stored, as the guest wrote
 *    it, but EL2 is never counted for a guest: the hardware always gets
 *    NSH = 0 (and M = !P where EL3 exists), so neither zarm's own EL2 code
 *    nor its EL3 monitor ever shows in a guest's counts. PMCCFILTR_EL0
 *    the same, for the cycle counter.
 *  - Events: PMCEID0/1 list the host's events (cfg.ceid0/1) plus SW_INCR
 *    and CHAIN, which the model counts itself. A counter programmed with
 *    an event the list does not have counts nothing (its type reads back
 *    as written).
 *  - SW_INCR (PMSWINC_EL0): each enabled event counter whose type is
 *    SW_INCR and whose filter allows the writer's EL increments by one.
 *  - CHAIN on an odd counter: it increments each time its even partner
 *    overflows (at 32 bits, or 64 with LP), whatever its own filter says
 *    (zarm learns of the overflow at EL2); the even counter's overflow
 *    flag is set as well.
 *  - Overflow sets PMOVS; the PMU interrupt (PPI 23) is a level that is
 *    high while PMCR.E and some bit of PMOVS & PMINTEN is set (the Arm ARM's
 *    CheckForPMUOverflow); ops.set_irq() is called on every change.
 *  - EL0: PMUSERENR_EL0.EN allows every EL0 access, SW writes of PMSWINC,
 *    CR reads of PMCCNTR, ER reads of the event counters and PMSELR
 *    reads and writes; anything else from EL0 is trapped to EL1
 *    (PMU_TRAP_EL1: EC 0x18 with the same syndrome). PMINTEN*_EL1 and
 *    PMMIR_EL1 are UNDEFINED at EL0, and so is a write of PMUSERENR_EL0.
 *  - An event counter beyond N, named directly or through PMSELR, and
 *    PMXEVCNTR_EL0 with PMSELR.SEL = 31, are UNDEFINED (the Arm ARM's
 *    CONSTRAINED UNPREDICTABLE choices; KVM makes the same). Bits of
 *    counters that do not exist are RAZ/WI in every bitmask register.
 *  - PMMIR_EL1 reads as 0 (nothing to describe).
 *
 * Hardware overflow: the arch takes the host PMU interrupt, reads and
 * clears the host's PMOVSSET and passes it to pmu_hw_overflow(). The model
 * also asks ops.take_overflow() itself before any access whose answer
 * depends on overflows (PMOVS, a CHAIN counter, PMCR), so a guest never
 * sees a flag or a chained count later than the hardware had it.
 *
 * No locking inside: a vCPU's PMU is used only by the CPU it runs on.
 * Functions return 0 or a negative error code; -EINVAL is for arguments
 * the arch controls. A guest cannot make anything fail: its bad accesses
 * get PMU_UNDEF or PMU_TRAP_EL1.
 */
#ifndef ZARM_PMU_PMU_H
#define ZARM_PMU_PMU_H

#include "common/compiler.h"

#define PMU_MAX_EVENT_COUNTERS 31U
#define PMU_CYCLE_IDX 31U
#define PMU_NR_IDX 32U
#define PMU_PPI 23U			/* INTID of the PMU interrupt (PPI 7) */

/* ID_AA64DFR0_EL1.PMUVer values. */
#define PMU_VER_V3 1U
#define PMU_VER_V3P1 4U
#define PMU_VER_V3P4 5U
#define PMU_VER_V3P5 6U

/* Architected event numbers the model knows by name. */
#define PMU_EV_SW_INCR 0x00U
#define PMU_EV_INST_RETIRED 0x08U
#define PMU_EV_CPU_CYCLES 0x11U
#define PMU_EV_CHAIN 0x1eU

/* PMCR_EL0 */
#define PMU_PMCR_E (1ULL << 0)
#define PMU_PMCR_P (1ULL << 1)
#define PMU_PMCR_C (1ULL << 2)
#define PMU_PMCR_D (1ULL << 3)
#define PMU_PMCR_X (1ULL << 4)
#define PMU_PMCR_DP (1ULL << 5)
#define PMU_PMCR_LC (1ULL << 6)
#define PMU_PMCR_LP (1ULL << 7)
#define PMU_PMCR_N_SHIFT 11
#define PMU_PMCR_N_MASK (0x1fULL << PMU_PMCR_N_SHIFT)
#define PMU_PMCR_ID_MASK 0xffff0000ULL	/* IMP, IDCODE */

/* PMEVTYPER<n>_EL0 / PMCCFILTR_EL0 filter bits */
#define PMU_EVT_P (1ULL << 31)
#define PMU_EVT_U (1ULL << 30)
#define PMU_EVT_NSK (1ULL << 29)
#define PMU_EVT_NSU (1ULL << 28)
#define PMU_EVT_NSH (1ULL << 27)
#define PMU_EVT_M (1ULL << 26)

/* PMUSERENR_EL0 */
#define PMU_USERENR_EN (1U << 0)
#define PMU_USERENR_SW (1U << 1)
#define PMU_USERENR_CR (1U << 2)
#define PMU_USERENR_ER (1U << 3)

/* The registers a trap can name (n: the counter of PMEVCNTR/PMEVTYPER). */
enum pmu_reg {
	PMU_REG_PMCR,
	PMU_REG_PMCNTENSET,
	PMU_REG_PMCNTENCLR,
	PMU_REG_PMOVSCLR,
	PMU_REG_PMSWINC,
	PMU_REG_PMSELR,
	PMU_REG_PMCEID0,
	PMU_REG_PMCEID1,
	PMU_REG_PMCCNTR,
	PMU_REG_PMXEVTYPER,
	PMU_REG_PMXEVCNTR,
	PMU_REG_PMUSERENR,
	PMU_REG_PMINTENSET,
	PMU_REG_PMINTENCLR,
	PMU_REG_PMOVSSET,
	PMU_REG_PMMIR,
	PMU_REG_PMEVCNTR,
	PMU_REG_PMEVTYPER,
	PMU_REG_PMCCFILTR,
	PMU_NR_REGS
};

/* What the arch does with an access. */
enum pmu_result {
	PMU_DONE,	/* emulated: write *val to Rt for a read, skip the instruction */
	PMU_UNDEF,	/* UNDEFINED: inject EC 0 into the guest's EL1 */
	PMU_TRAP_EL1,	/* an EL0 access PMUSERENR forbids: EC 0x18 to EL1 */
};

struct pmu_config {
	unsigned int nr_counters;	/* N, 0..31 */
	unsigned int pmuver;		/* PMU_VER_*, >= PMU_VER_V3 (capped at V3P5) */
	bool has_el3;			/* the guest sees EL3: NSK/NSU exist */
	bool host_el3;			/* the host has EL3: set the hardware's M */
	uint64_t ceid0, ceid1;		/* the host's PMCEID0/1_EL0 */
	uint32_t pmcr_id;		/* the host's PMCR_EL0 IMP/IDCODE bits */
};

/*
 * What the hardware must hold while the vCPU runs. Counter i of the guest
 * is counter i of the hardware; cnten has only the counters the hardware
 * counts (not CHAIN nor unlisted events), inten all of them (zarm wants
 * every overflow, to set PMOVS and carry chains).
 */
struct pmu_hw {
	uint64_t pmcr;			/* E, D, LC, LP */
	uint32_t cnten;
	uint32_t inten;
	uint32_t userenr;
	uint64_t evtyper[PMU_MAX_EVENT_COUNTERS];	/* filter made safe */
	uint64_t ccfiltr;
};

/* ops.program() @what: bit i (0..30) evtyper[i], then these. */
#define PMU_HW_CCFILTR (1ULL << 31)
#define PMU_HW_PMCR (1ULL << 32)
#define PMU_HW_CNTEN (1ULL << 33)
#define PMU_HW_INTEN (1ULL << 34)
#define PMU_HW_USERENR (1ULL << 35)
#define PMU_HW_ALL ((1ULL << 36) - 1)

struct pmu_ops {
	/* Counter @idx (0..30, 31 = cycle) of the hardware: read, write. */
	uint64_t (*read_counter)(void *ctx, unsigned int idx);
	void (*write_counter)(void *ctx, unsigned int idx, uint64_t val);
	/* Apply the parts of @hw that @what names. */
	void (*program)(void *ctx, const struct pmu_hw *hw, uint64_t what);
	/* Stop every hardware counter (vCPU leaving the CPU). */
	void (*stop)(void *ctx);
	/* The hardware's PMOVSSET, cleared as it is read. */
	uint32_t (*take_overflow)(void *ctx);
	/* The PMU interrupt line of this vCPU changed. */
	void (*set_irq)(void *ctx, bool level);
	void *ctx;
};

struct pmu_stats {
	uint64_t hw_overflows;	/* overflows the hardware reported */
	uint64_t sw_overflows;	/* overflows of counts the model made */
	uint64_t irq_raised;	/* rising edges of the interrupt line */
	uint64_t undef;		/* accesses answered UNDEFINED / trapped to EL1 */
};

struct pmu {
	struct pmu_config cfg;
	struct pmu_ops ops;
	uint64_t pmcr;			/* stored bits (E D X DP LC LP) */
	uint32_t cnten, inten, ovs;
	uint32_t selr, userenr;
	uint64_t evtyper[PMU_MAX_EVENT_COUNTERS];
	uint64_t ccfiltr;
	uint64_t count[PMU_NR_IDX];	/* counter values while not loaded */
	bool loaded;			/* the hardware holds the counters */
	bool irq_level;
	struct pmu_hw hw;		/* last image given to ops.program() */
	struct pmu_stats stats;
};

/* ---- lifecycle -------------------------------------------------------- */

/* Set up @p (not loaded) for @cfg and @ops (both copied), in reset state. */
int pmu_init(struct pmu *p, const struct pmu_config *cfg, const struct pmu_ops *ops);

/* The architected reset (not loaded): everything 0, the line low. */
void pmu_reset(struct pmu *p);

/* The vCPU takes the CPU: counters into the hardware, then the hw image. */
void pmu_load(struct pmu *p);

/* The vCPU leaves it: stop, fold the hardware's overflows, save counters. */
void pmu_put(struct pmu *p);

/* ---- guest accesses --------------------------------------------------- */

/*
 * Which PMU register the MRS/MSR encoding names: true with *reg (and *n
 * for PMEVCNTR/PMEVTYPER, n 0..30), false when it is none of them.
 */
bool pmu_decode(unsigned int op0, unsigned int op1, unsigned int crn, unsigned int crm,
		unsigned int op2, enum pmu_reg *reg, unsigned int *n);

/*
 * An access of @reg (@n for PMEVCNTR/PMEVTYPER) from @el (0 or 1); *@val
 * is the value written or receives the value read. The vCPU is loaded.
 */
enum pmu_result pmu_access(struct pmu *p, enum pmu_reg reg, unsigned int n, bool write,
			   unsigned int el, uint64_t *val);

/* ---- the hardware ----------------------------------------------------- */

/* The hardware reported overflow of the counters in @mask (loaded). */
void pmu_hw_overflow(struct pmu *p, uint32_t mask);

/* PMEVTYPER/PMCCFILTR value for the hardware from a guest's @type. */
uint64_t pmu_hw_filter(const struct pmu_config *cfg, uint64_t type);

/* The counters the virtual PMU has: bits 0..N-1 and 31. */
uint32_t pmu_valid_mask(const struct pmu *p);

/* ID_AA64DFR0_EL1.PMUVer the guest should see for this PMU. */
unsigned int pmu_version(const struct pmu_config *cfg);

#endif
