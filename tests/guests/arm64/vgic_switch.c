/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interrupt state across vCPU switches (2 vCPUs on 1 CPU, both busy, so
 * the 5 ms slice switches them): vCPU 0 takes edge SPI 40 (priority 0x40)
 * and, inside its handler, makes 40 pending again (pending + active) and
 * a less urgent SPI 41 (0x80) pending, then spins through several
 * slices. The active priority (ICH_AP1R), the active and pending states
 * must survive: 41 must not preempt, both must read pending/active, and
 * after the EOI 40 comes exactly once more, then 41. vCPU 1 meanwhile
 * takes SGIs of priority 0xa0, which it can only if zarm gives it its own
 * active priorities.
 */
#include "tests/guests/arm64/rt.h"

static volatile unsigned int seq[8], nseq, switches_seen;
static volatile bool in_first, preempted, states_ok, stop;
static volatile uint64_t spins_other;

static volatile unsigned int other_sgis;

static void handler(void)
{
	uint32_t intid = gic_ack();

	if (intid >= 1020)
		return;
	if (rt_cpu_id() == 1) {
		other_sgis++;
		gic_eoi(intid);
		return;
	}
	if (nseq < 8)
		seq[nseq] = intid;
	nseq++;
	if (intid == 40 && nseq == 1) {
		uint64_t elr = read_sysreg(elr_el1), spsr = read_sysreg(spsr_el1);
		uint64_t before = spins_other;

		gic_set_pending(40);
		gic_set_pending(41);
		in_first = true;
		irq_enable();
		/* Wait until vCPU 1 has run several times: we were switched out. */
		for (unsigned int n = 0; n < 6; n++) {
			uint64_t seen = spins_other, t = read_sysreg(cntvct_el0);

			while (spins_other == seen &&
			       read_sysreg(cntvct_el0) - t < read_sysreg(cntfrq_el0))
				;
			switches_seen += spins_other != seen;
		}
		irq_disable();
		preempted = nseq != 1;
		states_ok = gic_is_active(40) && gic_is_pending(40) && gic_is_pending(41) &&
			    !gic_is_active(41) && spins_other > before;
		in_first = false;
		write_sysreg(elr_el1, elr);
		write_sysreg(spsr_el1, spsr);
	}
	gic_eoi(intid);
}

void rt_secondary(unsigned int cpu)
{
	(void)cpu;
	gic_init_cpu();
	gic_set_prio(3, 0xa0);
	gic_enable(3);
	irq_enable();
	while (!stop) {
		/*
		 * Busy, taking its own SGI of priority 0xa0 each round: with
		 * vCPU 0's active priority (0x40) left in the APRs it could
		 * not, and would stall here.
		 */
		unsigned int before = other_sgis;

		gic_send_sgi(gic_sgi_val(3, 1U << 1));
		while (other_sgis == before && !stop)
			;
		spins_other++;
		for (volatile unsigned int i = 0; i < 1000; i++)
			;
	}
	irq_disable();
	rt_cpu_off();
}

void rt_main(uint64_t dtb)
{
	(void)dtb;
	tap_plan(5);
	rt_irq_handler = handler;
	gic_init();
	gic_init_cpu();
	/* SPIs 40, 41 edge-triggered (GICD_ICFGR2: 2 bits each, 1x = edge). */
	mmio_write32(GICD_BASE + GICD_ICFGR + 8, (2U << 16) | (2U << 18));
	gic_set_prio(40, 0x40);
	gic_set_prio(41, 0x80);
	gic_route(40, 0);
	gic_route(41, 0);
	gic_enable(40);
	gic_enable(41);
	rt_cpu_on(1);
	while (spins_other == 0)
		;
	gic_set_pending(40);
	irq_enable();
	for (volatile unsigned int i = 0; i < 200000 && nseq < 3; i++)
		;
	irq_disable();
	stop = true;
	tap_ok(switches_seen == 6, "vCPU 0 switched out and back %u times inside its handler, vCPU 1 taking its SGIs",
	       switches_seen);
	tap_ok(!preempted, "less urgent SPI 41 did not preempt across the switches (APRs kept)");
	tap_ok(states_ok, "SPI 40 pending+active and 41 pending survived the switches");
	tap_ok(nseq == 3 && seq[0] == 40 && seq[1] == 40 && seq[2] == 41,
	       "after the EOI: 40 once more, then 41 (%u: %u %u %u)", nseq, seq[0], seq[1], seq[2]);
	tap_ok(!gic_is_pending(40) && !gic_is_active(40) && !gic_is_active(41),
	       "everything inactive at the end");
	rt_power_off_ok();
}
