/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Two VMs on one physical CPU (pmu_switch.tap, under -icount so that
 * INST_RETIRED counts and every figure is exact), each alternating two
 * phases for several rounds: it measures a fixed loop with INST_RETIRED,
 * CPU_CYCLES and the cycle counter, and then resets (PMCR.P, .C),
 * disables, reprograms and rewrites its own counters hundreds of times,
 * random values into every PMU register included (PMSELR beyond N makes
 * PMXEVTYPER UNDEFINED: the runtime skips those).
 * Time slices interleave the two, so one VM's measurement runs across the
 * other's resets. Each VM's counts must only grow and only with its own
 * work: the instruction count of the same loop is the same in every round
 * (the loop's two instructions per pass and a few around it), the cycle
 * count stays within a few instructions' worth of it (16 cycles per
 * instruction at shift=4), and thousands of reads across slices never go
 * backwards. The virtual counter (one tick per instruction, everyone's)
 * shows that the other VM did run inside the measured regions.
 */
#include "tests/guests/arm64/rt.h"

#define ROUNDS 10
#define LOOP 400000UL			/* 2 instructions per pass */
#define SAMPLES 4000
#define HAMMER 150
#define EV_SW_INCR 0x00
#define EV_INST_RETIRED 0x08
#define EV_CPU_CYCLES 0x11
#define EV_CHAIN 0x1e
#define CYCLES_PER_INSN 16		/* -icount shift=4, 1 GHz cycle clock */

#define isb() __asm__ volatile("isb" ::: "memory")

static void program(void)
{
	write_sysreg(pmcr_el0, 0x46);		/* P, C, LC; E off */
	write_sysreg(pmcntenclr_el0, 0xffffffffUL);
	write_sysreg(pmevtyper0_el0, EV_INST_RETIRED);	/* EL0 and EL1 */
	write_sysreg(pmevtyper1_el0, EV_CPU_CYCLES);
	write_sysreg(pmccfiltr_el0, 0);
	write_sysreg(pmcntenset_el0, (1UL << 31) | 3);
	write_sysreg(pmcr_el0, 0x41);		/* E, LC */
	isb();
}

struct sample {
	uint64_t inst, cyc, ev_cyc, vct;
};

static void sample(struct sample *s)
{
	isb();
	s->vct = read_sysreg(cntvct_el0);
	s->inst = read_sysreg(pmevcntr0_el0);
	s->ev_cyc = read_sysreg(pmevcntr1_el0);
	s->cyc = read_sysreg(pmccntr_el0);
}

/* The other phase: this VM plays with its own counters, hard. */
static bool hammer(unsigned int round)
{
	bool ok = true;

	rt_expect_abort = true;		/* UNDEFINED ones are skipped */
	for (unsigned int k = 0; k < HAMMER; k++) {
		uint64_t v = (uint64_t)k * 0x9e3779b97f4a7c15UL + round;

		write_sysreg(pmcr_el0, 0x6);		/* reset everything, E off */
		isb();
		ok &= read_sysreg(pmccntr_el0) == 0 && read_sysreg(pmevcntr0_el0) == 0 &&
		      read_sysreg(pmevcntr3_el0) == 0;
		write_sysreg(pmcntenclr_el0, 0xffffffffUL);
		write_sysreg(pmevtyper0_el0, k & 1 ? EV_CPU_CYCLES : EV_SW_INCR);
		write_sysreg(pmevtyper1_el0, EV_CHAIN);
		write_sysreg(pmevtyper2_el0, EV_INST_RETIRED | (k & 2 ? 1UL << 31 : 0));
		write_sysreg(pmccfiltr_el0, k & 4 ? 1UL << 30 : 0);
		write_sysreg(pmevcntr0_el0, v & 0xffffffffUL);
		write_sysreg(pmevcntr2_el0, v >> 32);
		write_sysreg(pmccntr_el0, v);
		write_sysreg(pmcntenset_el0, (1UL << 31) | 7);
		write_sysreg(pmcr_el0, 1);
		write_sysreg(pmswinc_el0, 0x3f);
		write_sysreg(pmovsclr_el0, 0xffffffffUL);
		if (k & 8)
			write_sysreg(pmcntenclr_el0, 1UL << 31);
		/* Random values into everything, as a hostile guest would. */
		write_sysreg(pmcr_el0, v >> 7);		/* D, LC, LP, X, DP, P, C, E */
		write_sysreg(pmselr_el0, v >> 11);
		write_sysreg(pmxevtyper_el0, v >> 3);
		write_sysreg(pmintenset_el1, v >> 17);
		write_sysreg(pmovsset_el0, v >> 23);
		write_sysreg(pmuserenr_el0, v >> 29);
		write_sysreg(pmevtyper5_el0, v);
		write_sysreg(pmevcntr5_el0, v);
		write_sysreg(pmccfiltr_el0, v << 3);
	}
	write_sysreg(pmintenclr_el1, 0xffffffffUL);
	write_sysreg(pmovsclr_el0, 0xffffffffUL);
	write_sysreg(pmuserenr_el0, 0);
	rt_expect_abort = false;
	write_sysreg(pmcr_el0, 0x6);
	return ok;
}

void rt_main(uint64_t dtb)
{
	uint64_t d_inst[ROUNDS], d_cyc[ROUNDS], d_ev[ROUNDS], d_vct[ROUNDS];
	unsigned int same = 0, cyc_ok = 0, shared = 0, back = 0, samples = 0;
	bool own_ok = true;

	(void)dtb;
	tap_plan(6);
	tap_ok(read_sysreg(pmceid0_el0) >> EV_INST_RETIRED & 1,
	       "PMCEID0 lists INST_RETIRED (QEMU counts it under -icount)");
	for (unsigned int r = 0; r < ROUNDS; r++) {
		struct sample a, b, prev;
		uint64_t n = LOOP;

		program();
		sample(&a);
		__asm__ volatile("1: subs %0, %0, #1\n b.ne 1b" : "+r"(n) : : "memory");
		sample(&b);
		d_inst[r] = b.inst - a.inst;
		d_cyc[r] = b.cyc - a.cyc;
		d_ev[r] = b.ev_cyc - a.ev_cyc;
		d_vct[r] = b.vct - a.vct;
		/* Reads across slices never go backwards. */
		prev = b;
		for (unsigned int k = 0; k < SAMPLES; k++) {
			struct sample s;

			sample(&s);
			if (s.inst <= prev.inst || s.cyc < prev.cyc || s.ev_cyc < prev.ev_cyc)
				back++;
			prev = s;
			samples++;
		}
		own_ok &= hammer(r);
	}
	for (unsigned int r = 0; r < ROUNDS; r++) {
		uint64_t lo = CYCLES_PER_INSN * d_inst[0];

		same += d_inst[r] == d_inst[0];
		/* 2 per pass, 64 instructions' worth of slack for the edges. */
		cyc_ok += d_cyc[r] >= lo - 64 * CYCLES_PER_INSN &&
			  d_cyc[r] <= lo + 64 * CYCLES_PER_INSN &&
			  d_ev[r] >= lo - 64 * CYCLES_PER_INSN &&
			  d_ev[r] <= lo + 64 * CYCLES_PER_INSN;
		/* The virtual counter (everyone's time) saw more: the other VM. */
		shared += d_vct[r] > d_inst[r] + 100000;
		rt_printf("# round %u: instructions %lu cycles %lu/%lu, virtual counter %lu\n", r,
			  d_inst[r], d_cyc[r], d_ev[r], d_vct[r]);
	}
	tap_ok(same == ROUNDS && d_inst[0] >= 2 * LOOP && d_inst[0] <= 2 * LOOP + 16,
	       "INST_RETIRED of the same loop identical in all %u rounds: %lu (2 x %lu + edges)",
	       ROUNDS, d_inst[0], LOOP);
	tap_ok(cyc_ok == ROUNDS, "PMCCNTR and a CPU_CYCLES counter: %u of %u rounds within 64 "
	       "instructions' worth of %u cycles per instruction", cyc_ok, ROUNDS,
	       CYCLES_PER_INSN);
	tap_ok(shared >= 2, "the other VM ran inside %u of the %u measured loops", shared,
	       ROUNDS);
	tap_ok(back == 0, "%u reads of three counters across slices: none went back (%u)",
	       samples, back);
	tap_ok(own_ok, "this VM's own %u resets (PMCR.P, .C) zeroed its counters every time",
	       ROUNDS * HAMMER);
	rt_power_off_ok();
}
