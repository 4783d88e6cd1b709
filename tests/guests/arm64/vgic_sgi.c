/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SGIs between vCPUs (run with 4 vCPUs on 2 CPUs, so targets sit on the
 * sender's CPU and on the other one, running or waiting in WFI): to one
 * vCPU, to a target list (self included), and to all but self (IRM),
 * many times over; every target counts each SGI it takes, nobody else
 * may see one. Then a ping-pong between vCPU 0 and vCPU 1.
 */
#include "tests/guests/arm64/rt.h"

#define REPS 50
#define SGI_IRM (1UL << 40)

static volatile unsigned int hits[RT_MAX_CPUS][16], ready, nr_cpus;
static volatile bool done;
static volatile unsigned int pongs;

static void handler(void)
{
	uint32_t intid = gic_ack();
	unsigned int me = rt_cpu_id();

	if (intid >= 16)
		return;
	__atomic_add_fetch(&hits[me][intid], 1, __ATOMIC_SEQ_CST);
	if (intid == 7 && me == 1)
		gic_send_sgi(gic_sgi_val(8, 1U << 0));	/* pong */
	if (intid == 8 && me == 0)
		pongs++;
	gic_eoi(intid);
}

static void cpu_setup(void)
{
	gic_init_cpu();
	for (unsigned int i = 0; i < 16; i++)
		gic_enable(i);
}

void rt_secondary(unsigned int cpu)
{
	(void)cpu;
	cpu_setup();
	__atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
	irq_enable();
	while (!done)
		__asm__ volatile("wfi");
	irq_disable();
	rt_cpu_off();
}

/* Wait until @want SGIs were counted for every vCPU in @mask, or give up. */
static void wait_hits(unsigned int sgi, unsigned int mask, unsigned int want)
{
	uint64_t end = read_sysreg(cntvct_el0) + read_sysreg(cntfrq_el0) / 5;

	while (read_sysreg(cntvct_el0) < end) {
		bool all = true;

		for (unsigned int c = 0; c < nr_cpus; c++)
			if ((mask >> c) & 1)
				all &= hits[c][sgi] >= want;
		if (all)
			break;
	}
}

static bool exact(unsigned int sgi, unsigned int mask, unsigned int want)
{
	bool ok = true;

	for (unsigned int c = 0; c < nr_cpus; c++) {
		unsigned int w = ((mask >> c) & 1) ? want : 0;

		if (hits[c][sgi] != w) {
			rt_printf("# SGI %u: vCPU %u took %u, expected %u\n", sgi, c, hits[c][sgi], w);
			ok = false;
		}
	}
	return ok;
}

void rt_main(uint64_t dtb)
{
	unsigned int all, others;

	(void)dtb;
	rt_irq_handler = handler;
	gic_init();
	cpu_setup();
	nr_cpus = 1;
	while (nr_cpus < RT_MAX_CPUS && rt_cpu_on(nr_cpus) == 0)
		nr_cpus++;
	while (ready < nr_cpus - 1)
		__asm__ volatile("wfe");
	tap_plan(6);
	tap_ok(nr_cpus >= 3, "%u vCPUs up", nr_cpus);
	all = (1U << nr_cpus) - 1;
	others = all & ~1U;
	irq_enable();

	for (unsigned int i = 0; i < REPS; i++) {
		gic_send_sgi(gic_sgi_val(1, 1U << 1));
		wait_hits(1, 1U << 1, i + 1);
	}
	tap_ok(exact(1, 1U << 1, REPS), "SGI 1 to vCPU 1 (other CPU): %u taken there, none elsewhere",
	       REPS);

	for (unsigned int i = 0; i < REPS; i++) {
		gic_send_sgi(gic_sgi_val(2, 1U << 2));
		wait_hits(2, 1U << 2, i + 1);
	}
	tap_ok(exact(2, 1U << 2, REPS), "SGI 2 to vCPU 2 (this CPU, waiting in WFI): %u taken",
	       REPS);

	for (unsigned int i = 0; i < REPS; i++) {
		gic_send_sgi(gic_sgi_val(3, (uint16_t)all));
		wait_hits(3, all, i + 1);
	}
	tap_ok(exact(3, all, REPS), "SGI 3 to a target list of every vCPU (self included): %u each",
	       REPS);

	for (unsigned int i = 0; i < REPS; i++) {
		gic_send_sgi(gic_sgi_val(4, 0) | SGI_IRM);
		wait_hits(4, others, i + 1);
	}
	tap_ok(exact(4, others, REPS), "SGI 4 with IRM: all but self, %u each", REPS);

	for (unsigned int i = 0; i < REPS; i++) {
		gic_send_sgi(gic_sgi_val(7, 1U << 1));
		uint64_t end = read_sysreg(cntvct_el0) + read_sysreg(cntfrq_el0) / 5;

		while (pongs < i + 1 && read_sysreg(cntvct_el0) < end)
			;
	}
	tap_ok(pongs == REPS && exact(7, 1U << 1, REPS),
	       "ping-pong vCPU 0 <-> vCPU 1: %u round trips", pongs);
	irq_disable();
	done = true;
	__asm__ volatile("dsb sy\n sev");
	gic_send_sgi(gic_sgi_val(15, 0) | SGI_IRM);	/* out of WFI */
	rt_power_off_ok();
}
