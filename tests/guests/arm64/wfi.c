/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * WFI wake-up by the virtual timer: arm CNTV, enable the virtual CPU
 * interface and PPI 27 in the vGIC, wait in WFI; the timer's PPI (INTID 27)
 * must arrive through zarm's vGIC and wake the vCPU, several times in a row.
 */
#include "tests/guests/arm64/rt.h"

#define ROUNDS 3

static volatile unsigned int ticks, last_intid;

static void timer_irq(void)
{
	uint64_t intid;

	__asm__ volatile("mrs %0, " ICC_IAR1_EL1 : "=r"(intid));
	last_intid = (unsigned int)intid;
	if (intid == 27) {
		write_sysreg(cntv_ctl_el0, 3);	/* enabled, masked */
		ticks++;
	}
	__asm__ volatile("msr " ICC_EOIR1_EL1 ", %0" : : "r"(intid));
}

void rt_main(uint64_t dtb)
{
	uint64_t freq = read_sysreg(cntfrq_el0);

	(void)dtb;
	tap_plan(2 * ROUNDS);
	rt_irq_handler = timer_irq;
	gic_init();
	gic_init_cpu();
	gic_enable(27);
	__asm__ volatile("msr daifclr, #2");
	for (unsigned int round = 1; round <= ROUNDS; round++) {
		uint64_t start = read_sysreg(cntvct_el0), waited;
		unsigned int wfis = 0;

		write_sysreg(cntv_tval_el0, freq / 100);	/* 10 ms */
		write_sysreg(cntv_ctl_el0, 1);
		while (ticks < round && wfis < 1000) {
			__asm__ volatile("wfi");
			wfis++;
		}
		waited = read_sysreg(cntvct_el0) - start;
		tap_ok(ticks == round && last_intid == 27,
		       "round %u: virtual timer interrupt woke WFI (INTID %u, %u WFIs)",
		       round, last_intid, wfis);
		tap_ok(waited >= freq / 100, "round %u: not before the deadline", round);
	}
	rt_power_off_ok();
}
