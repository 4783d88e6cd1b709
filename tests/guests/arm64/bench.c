/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Benchmark (run under QEMU -icount shift=4,sleep=off, where the virtual
 * counter CNTVCT_EL0 advances exactly once per instruction, EL2's
 * included): instructions per null hypercall, per emulated MMIO read round
 * trip (PL011, and GICD through the vGIC model) and per trapped
 * PMCCNTR_EL0 read (the virtual PMU: the guest's own cycle counter cannot
 * count zarm, so it cannot be the yardstick). Each figure includes the
 * two-instruction loop around the trap. Then virtual interrupts:
 * an SGI to itself through ICC_SGI1R_EL1 until its handler runs
 * (virq_inject), and an SGI from vCPU 0 to vCPU 1 (same CPU, waiting in
 * WFI: wake, switch, deliver) until vCPU 1's handler runs (sgi_ipi). Both
 * vCPUs have CNTVOFF 0, so both sides read one counter. vtimer_irq: the
 * virtual timer armed with TVAL = 1 (one counter tick, which is one
 * instruction here) until the handler runs: the physical PPI 27 trap at
 * EL2, its injection, the guest's entry. Every "until the handler runs"
 * ends at the handler's counter read, after the guest's own vector code
 * (rt.c's, about 30 instructions).
 */
#include "tests/guests/arm64/rt.h"

#ifndef N
#define N 10000UL
#endif
#ifndef NI
#define NI 1000UL
#endif

static volatile uint64_t t_handler;
static volatile unsigned int taken;
static volatile bool sec_ready;

static uint64_t cycles(void)
{
	uint64_t v;

	__asm__ volatile("isb\n mrs %0, cntvct_el0\n isb" : "=r"(v));
	return v;
}

static uint64_t per_op(uint64_t total)
{
	return (total + N / 2) / N;
}

static void sgi_handler(void)
{
	uint32_t intid;

	t_handler = cycles();
	intid = gic_ack();
	if (intid == 27)
		write_sysreg(cntv_ctl_el0, 0);	/* one shot: the line drops */
	if (intid < 1020) {
		taken++;
		gic_eoi(intid);
	}
}

void rt_secondary(unsigned int cpu)
{
	(void)cpu;
	gic_init_cpu();
	gic_enable(2);
	sec_ready = true;
	irq_enable();
	for (;;)
		__asm__ volatile("wfi");
}

/* Cycles from an SGI write by this vCPU to the handler of its target. */
static uint64_t sgi_latency(unsigned int sgi, unsigned int target)
{
	uint64_t sum = 0;

	for (unsigned long i = 0; i < NI; i++) {
		unsigned int before = taken;
		uint64_t t;

		t = cycles();
		gic_send_sgi(gic_sgi_val(sgi, 1U << target));
		while (taken == before)
			;
		sum += t_handler - t;
	}
	return (sum + NI / 2) / NI;
}

/* Cycles from arming the virtual timer one tick ahead to its handler. */
static uint64_t vtimer_latency(void)
{
	uint64_t sum = 0;

	for (unsigned long i = 0; i < NI; i++) {
		unsigned int before = taken;
		uint64_t t;

		t = cycles();
		write_sysreg(cntv_tval_el0, 1);
		write_sysreg(cntv_ctl_el0, 1);
		while (taken == before)
			;
		sum += t_handler - t;
	}
	return (sum + NI / 2) / NI;
}

void rt_main(uint64_t dtb)
{
	uint64_t t0, t1, t2, t3, t4, n, gicd, inject, vtimer, ipi, ipi_pmu;

	(void)dtb;

	t0 = cycles();
	n = N;
	__asm__ volatile("1: mov x0, #0x86000000\n hvc #0\n subs %0, %0, #1\n b.ne 1b"
			 : "+r"(n) : : "x0", "x1", "x2", "x3", "memory");
	t1 = cycles();
	n = N;
	__asm__ volatile("1: ldr w2, [%1]\n subs %0, %0, #1\n b.ne 1b"
			 : "+r"(n) : "r"(0x09000018UL) : "x2", "memory");
	t2 = cycles();
	n = N;
	__asm__ volatile("1: ldr w2, [%1]\n subs %0, %0, #1\n b.ne 1b"
			 : "+r"(n) : "r"(GICD_BASE + GICD_TYPER) : "x2", "memory");
	t3 = cycles();
	gicd = per_op(t3 - t2);

	rt_irq_handler = sgi_handler;
	gic_init();
	gic_init_cpu();
	gic_enable(1);
	irq_enable();
	inject = sgi_latency(1, 0);
	gic_set_prio(27, 0x80);
	gic_enable(27);
	vtimer = vtimer_latency();
	irq_disable();
	rt_cpu_on(1);
	while (!sec_ready)
		;	/* the slice timer lets vCPU 1 run; it then waits in WFI */
	ipi = sgi_latency(2, 1);
	/*
	 * The virtual PMU last: from its first access on, vCPU 0's PMU is
	 * switched with it, which the SGI to vCPU 1 then pays for too.
	 */
	(void)read_sysreg(pmccntr_el0);		/* that first access: not timed */
	t3 = cycles();
	n = N;
	__asm__ volatile("1: mrs x2, pmccntr_el0\n subs %0, %0, #1\n b.ne 1b"
			 : "+r"(n) : : "x2", "memory");
	t4 = cycles();
	ipi_pmu = sgi_latency(2, 1);
	rt_printf("BENCH arm64.hvc_null %lu\n", per_op(t1 - t0));
	rt_printf("BENCH arm64.mmio_read %lu\n", per_op(t2 - t1));
	rt_printf("BENCH arm64.gicd_read %lu\n", gicd);
	rt_printf("BENCH arm64.pmu_read %lu\n", per_op(t4 - t3));
	rt_printf("BENCH arm64.virq_inject %lu\n", inject);
	rt_printf("BENCH arm64.vtimer_irq %lu\n", vtimer);
	rt_printf("BENCH arm64.sgi_ipi %lu\n", ipi);
	rt_printf("BENCH arm64.sgi_ipi_pmu %lu\n", ipi_pmu);
	rt_power_off_ok();
}
