/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for the virtual PMUv3 (pmu/), against the fake hardware
 * PMU and the reference of tests/unit/pmu_ref.h (the ones the unit test's
 * seeded run uses): a vCPU's PMU with 1-31 event counters, PMUv3p1 or
 * PMUv3p5, and a sequence of
 *   - register writes from EL1 (every register, n 0..31 so that counters
 *     beyond N are named too, any value or one near the 32/64-bit edges),
 *   - bursts of PMSWINC,
 *   - events counted by the hardware at EL0, EL1 or EL2 (any count below
 *     2^32), with the host's overflow interrupt at once or later,
 *   - another vCPU taking the CPU and using the PMU in between,
 *   - EL0 accesses of every register with PMUSERENR as the guest set it,
 *   - MRS/MSR encodings through pmu_decode().
 * After every step every register the guest can read and the interrupt
 * line equal the reference's; a write the reference refuses is UNDEFINED
 * and changes nothing; an EL0 access the guest did not allow never
 * completes; whatever pmu_decode() names is a register pmu_access() takes.
 */
#include <string.h>

#include "common/errno.h"
#include "tests/fuzz/fuzz_util.h"

#define UNIT_CHECK(cond, ...) FUZZ_CHECK(cond, __VA_ARGS__)
#include "tests/unit/pmu_ref.h"

static struct fake_hw hw;
static struct pmu pmu, other;

static const struct pmu_ops ops_line = {
	.read_counter = fake_read, .write_counter = fake_write,
	.program = fake_program, .stop = fake_stop,
	.take_overflow = fake_take, .set_irq = fake_irq, .ctx = &hw,
};
static const struct pmu_ops ops_quiet = {
	.read_counter = fake_read, .write_counter = fake_write,
	.program = fake_program, .stop = fake_stop,
	.take_overflow = fake_take, .set_irq = NULL, .ctx = &hw,
};

static const enum pmu_reg regs[] = {
	PMU_REG_PMCR, PMU_REG_PMCNTENSET, PMU_REG_PMCNTENCLR, PMU_REG_PMINTENSET,
	PMU_REG_PMINTENCLR, PMU_REG_PMOVSSET, PMU_REG_PMOVSCLR, PMU_REG_PMSELR,
	PMU_REG_PMUSERENR, PMU_REG_PMCCNTR, PMU_REG_PMSWINC, PMU_REG_PMXEVTYPER,
	PMU_REG_PMEVTYPER, PMU_REG_PMCCFILTR, PMU_REG_PMXEVCNTR, PMU_REG_PMEVCNTR,
};

static const enum pmu_reg all_regs[] = {
	PMU_REG_PMCR, PMU_REG_PMCNTENSET, PMU_REG_PMCNTENCLR, PMU_REG_PMOVSCLR,
	PMU_REG_PMSWINC, PMU_REG_PMSELR, PMU_REG_PMCEID0, PMU_REG_PMCEID1,
	PMU_REG_PMCCNTR, PMU_REG_PMXEVTYPER, PMU_REG_PMXEVCNTR,
	PMU_REG_PMUSERENR, PMU_REG_PMINTENSET, PMU_REG_PMINTENCLR,
	PMU_REG_PMOVSSET, PMU_REG_PMMIR, PMU_REG_PMEVCNTR, PMU_REG_PMEVTYPER,
	PMU_REG_PMCCFILTR,
};

/* A value for @reg: the shapes that make things happen, or anything. */
static uint64_t value(struct fz_in *in, enum pmu_reg reg)
{
	static const unsigned int evs[] = { PMU_EV_SW_INCR, PMU_EV_INST_RETIRED,
					    PMU_EV_CPU_CYCLES, PMU_EV_CHAIN, 0x23,
					    0x4004 };
	uint8_t k = fz_u8(in);

	if (k >= 224)
		return fz_val64(in);
	switch (reg) {
	case PMU_REG_PMEVTYPER: case PMU_REG_PMXEVTYPER: case PMU_REG_PMCCFILTR:
		return ((uint64_t)(k & 0xc8) << 24) | evs[k % 6] |
		       ((k & 0x30) == 0x30 ? (uint64_t)fz_u16(in) << 16 : 0);
	case PMU_REG_PMEVCNTR: case PMU_REG_PMXEVCNTR: case PMU_REG_PMCCNTR:
		switch (k & 3) {
		case 0: return 0xffffffffULL - (k >> 2);
		case 1: return ~0ULL - (k >> 2);
		case 2: return fz_u32(in);
		default: return fz_u64(in);
		}
	case PMU_REG_PMCR:
		return (uint64_t)(k & 0xf9) | ((k & 0x7) == 0x7 ? 6 : 0);
	case PMU_REG_PMSELR:
		return k & 1 ? 31 : (k >> 1) & 31;
	case PMU_REG_PMSWINC:
		return k & 1 ? ~0ULL : (uint64_t)fz_u32(in);
	default:
		return k & 1 ? ~0ULL : (uint64_t)fz_u32(in) >> (k & 7);
	}
}

/*
 * Whether EL0 may make an access, by PMUSERENR_EL0 (Arm ARM D11: EN every
 * access, SW writes of PMSWINC, CR reads of PMCCNTR, ER reads of the
 * event counters and PMSELR); PMINTEN*_EL1 and PMMIR_EL1 do not exist at
 * EL0, nor does a write of PMUSERENR_EL0, which EL0 may always read;
 * a write of a read-only register or a read of PMSWINC never exists.
 * PMU_DONE: allowed (the access itself may still be UNDEFINED).
 */
static enum pmu_result el0_gate(enum pmu_reg reg, bool write, uint32_t en)
{
	/* The direction first: MSR to a read-only register or MRS of a
	 * write-only one is an unallocated encoding, UNDEFINED at any EL. */
	if (write ? reg == PMU_REG_PMCEID0 || reg == PMU_REG_PMCEID1 ||
		    reg == PMU_REG_PMMIR
		  : reg == PMU_REG_PMSWINC)
		return PMU_UNDEF;
	if (reg == PMU_REG_PMINTENSET || reg == PMU_REG_PMINTENCLR ||
	    reg == PMU_REG_PMMIR || (reg == PMU_REG_PMUSERENR && write))
		return PMU_UNDEF;
	if (reg == PMU_REG_PMUSERENR || (en & PMU_USERENR_EN))
		return PMU_DONE;
	if (reg == PMU_REG_PMSWINC && (en & PMU_USERENR_SW))
		return PMU_DONE;
	if (reg == PMU_REG_PMCCNTR && !write && (en & PMU_USERENR_CR))
		return PMU_DONE;
	if ((reg == PMU_REG_PMEVCNTR || reg == PMU_REG_PMXEVCNTR) && !write &&
	    (en & PMU_USERENR_ER))
		return PMU_DONE;
	if (reg == PMU_REG_PMSELR && (en & PMU_USERENR_ER))
		return PMU_DONE;
	return PMU_TRAP_EL1;
}

static void check(const struct ref *r, unsigned long step)
{
	compare(&pmu, r, step);
	FUZZ_CHECK(hw.irq == ref_irq(r), "step %lu: irq %d, reference %d", step,
		   hw.irq, ref_irq(r));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = fz_in(data, size);
	uint8_t shape = fz_u8(&in);
	unsigned int n = 1 + shape % 31;
	/* The reference knows 16-bit event numbers: PMUv3p1 and later. */
	unsigned int ver = (shape & 0x80) ? PMU_VER_V3P1 : PMU_VER_V3P5;
	struct pmu_config c = {
		.nr_counters = n, .pmuver = ver, .has_el3 = false,
		.host_el3 = false,
		.ceid0 = HOST_CEID0 | (1ULL << 32 | 1ULL << 36),
		.ceid1 = BIT(4), .pmcr_id = 0x41010000,
	};
	struct ref r;
	unsigned long step;

	memset(&hw, 0, sizeof(hw));
	hw.p5 = ver >= PMU_VER_V3P5;
	FUZZ_CHECK(pmu_init(&pmu, &c, &ops_line) == 0, "init");
	FUZZ_CHECK(pmu_init(&other, &c, &ops_quiet) == 0, "init other");
	pmu_load(&pmu);
	memset(&r, 0, sizeof(r));
	r.n = n;
	r.p5 = hw.p5;
	for (step = 0; step < 256 && !fz_done(&in); step++) {
		uint8_t kind = fz_u8(&in);

		if (kind < 96) { /* an EL1 write */
			enum pmu_reg reg = regs[kind % ARRAY_SIZE(regs)];
			unsigned int k = fz_u8(&in) % 31; /* decode gives 0..30 */
			uint64_t v = value(&in, reg);
			bool ok = ref_write(&r, reg, k, v);
			enum pmu_result res = pmu_access(&pmu, reg, k, true, 1, &v);

			FUZZ_CHECK((res == PMU_DONE) == ok, "step %lu: write reg %u n %u: %d",
				   step, reg, k, res);
		} else if (kind < 112) { /* a burst of PMSWINC */
			for (unsigned int b = fz_u8(&in) % 24; b; b--) {
				uint64_t v = ~0ULL;

				ref_write(&r, PMU_REG_PMSWINC, 0, v);
				FUZZ_CHECK(pmu_access(&pmu, PMU_REG_PMSWINC, 0, true, 1, &v) ==
					   PMU_DONE, "step %lu: PMSWINC", step);
			}
		} else if (kind < 176) { /* events counted by the hardware */
			static const unsigned int evs[] = { PMU_EV_CPU_CYCLES,
							    PMU_EV_INST_RETIRED, 0x4004,
							    0x23 };
			unsigned int ev = evs[kind & 3], el = (kind >> 2) % 3;
			uint64_t d = (kind & 0x20) ? fz_u32(&in) : fz_u16(&in) & 0xfff;

			ref_run(&r, ev, d, el);
			hw_run(&hw, ev, d, el);
			if (kind & 0x10)
				hw_interrupt(&hw, &pmu);
		} else if (kind < 192) { /* another vCPU uses the PMU */
			pmu_put(&pmu);
			pmu_load(&other);
			for (unsigned int k = 0; k < 4; k++) {
				enum pmu_reg reg = regs[fz_u8(&in) % ARRAY_SIZE(regs)];
				uint64_t v = value(&in, reg);

				pmu_access(&other, reg, k, true, 1, &v);
				hw_run(&hw, PMU_EV_CPU_CYCLES, fz_u16(&in), 1);
			}
			pmu_put(&other);
			hw_run(&hw, PMU_EV_CPU_CYCLES, 12345, 2); /* the host, at EL2 */
			pmu_load(&pmu);
		} else if (kind < 224) { /* an EL0 access */
			enum pmu_reg reg = all_regs[fz_u8(&in) % ARRAY_SIZE(all_regs)];
			bool write = kind & 1;
			unsigned int k = fz_u8(&in) % 31; /* decode gives 0..30 */
			uint64_t v = write ? value(&in, reg) : 0;
			enum pmu_result res = pmu_access(&pmu, reg, k, write, 0, &v);

			enum pmu_result gate = el0_gate(reg, write, r.userenr);

			FUZZ_CHECK(gate == PMU_DONE ? res != PMU_TRAP_EL1 : res == gate,
				   "step %lu: EL0 %s of reg %u with PMUSERENR %#x: %d, want %d",
				   step, write ? "write" : "read", reg, r.userenr, res, gate);
			if (res == PMU_DONE && write) {
				/* Allowed: the same write from EL1 semantics. */
				if (reg == PMU_REG_PMSWINC) {
					for (unsigned int i = 0; i < r.n; i++)
						if ((v >> i & 1) && ref_enabled(&r, i) &&
						    ref_ev(&r, i) == 0 &&
						    ref_filter(r.typ[i], 0))
							ref_count(&r, i, 1);
				} else {
					ref_write(&r, reg, k, v);
				}
			}
		} else { /* an MRS/MSR encoding */
			unsigned int op0 = 2 + (fz_u8(&in) & 1), op1 = fz_u8(&in) & 7;
			unsigned int crn = fz_u8(&in) & 15, crm = fz_u8(&in) & 15;
			unsigned int op2 = fz_u8(&in) & 7, k = 99;
			enum pmu_reg reg;

			if (pmu_decode(op0, op1, crn, crm, op2, &reg, &k)) {
				uint64_t v = 0;
				enum pmu_result res = pmu_access(&pmu, reg, k, false, 1, &v);

				FUZZ_CHECK(res == PMU_DONE || res == PMU_UNDEF,
					   "decoded reg %u n %u: read from EL1 gives %d", reg,
					   k, res);
				FUZZ_CHECK(k < 31 || (reg != PMU_REG_PMEVCNTR &&
						      reg != PMU_REG_PMEVTYPER),
					   "decoded counter %u", k);
			}
		}
		check(&r, step);
	}
	return 0;
}
