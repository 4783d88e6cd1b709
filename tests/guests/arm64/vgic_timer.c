/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual timer (PPI 27, hardware-mapped in zarm's vGIC) firing
 * periodically for thousands of periods: the handler moves the compare
 * value one period on (absolute, so nothing drifts) and counts. A lost
 * tick would leave the guest waiting forever (the count would stop short);
 * a duplicated one would find the timer condition already false. The
 * .tap runs two such VMs on one CPU, so the timer's physical interrupt
 * also crosses vCPU switches while active.
 */
#include "tests/guests/arm64/rt.h"

#define PERIODS 3000

static volatile unsigned int ticks, spurious, other;
static uint64_t period;

static void handler(void)
{
	uint32_t intid = gic_ack();

	if (intid == 27) {
		if (read_sysreg(cntv_ctl_el0) & 4) {	/* ISTATUS */
			ticks++;
			if (ticks >= PERIODS)
				write_sysreg(cntv_ctl_el0, 0);
			else
				write_sysreg(cntv_cval_el0, read_sysreg(cntv_cval_el0) + period);
		} else {
			spurious++;
		}
	} else if (intid < 1020) {
		other++;
	}
	if (intid < 1020)
		gic_eoi(intid);
}

void rt_main(uint64_t dtb)
{
	uint64_t freq = read_sysreg(cntfrq_el0), start, cval0, elapsed;
	unsigned int wfis = 0;

	(void)dtb;
	tap_plan(4);
	rt_irq_handler = handler;
	gic_init();
	gic_init_cpu();
	gic_set_prio(27, 0x80);
	gic_enable(27);
	period = freq / 5000;	/* 200 us */
	start = read_sysreg(cntvct_el0);
	cval0 = start + period;
	write_sysreg(cntv_cval_el0, cval0);
	write_sysreg(cntv_ctl_el0, 1);
	irq_enable();
	while (ticks < PERIODS && read_sysreg(cntvct_el0) - start < 30 * freq) {
		__asm__ volatile("wfi");
		wfis++;
	}
	irq_disable();
	elapsed = read_sysreg(cntvct_el0) - start;
	tap_ok(ticks == PERIODS, "%u of %u timer periods taken (%u WFIs)", ticks, PERIODS, wfis);
	tap_ok(read_sysreg(cntv_cval_el0) == cval0 + (uint64_t)(PERIODS - 1) * period,
	       "the compare value moved exactly one period per tick");
	tap_ok(elapsed >= (uint64_t)(PERIODS - 1) * period, "no tick before its deadline");
	tap_ok(spurious == 0 && other == 0, "no spurious timer interrupt (%u) or other INTID (%u)",
	       spurious, other);
	rt_power_off_ok();
}
