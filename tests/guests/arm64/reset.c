/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PSCI SYSTEM_RESET restarts the VM: the first boot leaves a mark in RAM
 * outside its image (RAM keeps its contents across a reset, as on real
 * hardware) and resets; the second boot finds the mark and powers off.
 * Also: the EL1 physical timer is not the guest's (UNDEFINED).
 */
#include "tests/guests/arm64/rt.h"

#define MARK ((volatile uint64_t *)0x40010000UL)	/* below the image at +0x80000 */
#define MAGIC 0x7265736574UL

void rt_main(uint64_t dtb)
{
	(void)dtb;
	if (*MARK != MAGIC) {
		*MARK = MAGIC;
		rt_printf("# first boot: SYSTEM_RESET\n");
		rt_hvc(0x84000009UL, 0, 0, 0);
		rt_printf("not ok - SYSTEM_RESET returned\n");
		rt_power_off_ok();
	}
	tap_plan(2);
	tap_ok(true, "came back after SYSTEM_RESET with RAM kept");
	rt_expect_abort = true;
	(void)read_sysreg(cntp_ctl_el0);
	rt_expect_abort = false;
	tap_ok(rt_aborts == 1 && (rt_abort_esr >> 26) == 0, "CNTP_CTL_EL0 is UNDEFINED (ESR %lx)",
	       rt_abort_esr);
	rt_power_off_ok();
}
