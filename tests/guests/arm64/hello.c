/* SPDX-License-Identifier: GPL-2.0-only */
/* The smallest test: print, check PSCI answers, power off. */
#include "tests/guests/arm64/rt.h"

void rt_main(uint64_t dtb)
{
	tap_plan(4);
	rt_printf("# hello from a zarm guest, device tree at %lx\n", dtb);
	tap_ok(dtb >= 0x40000000UL && *(volatile uint32_t *)dtb == 0xedfe0dd0U,
	       "device tree in x0");
	tap_ok(rt_hvc(PSCI_VERSION, 0, 0, 0) >= 0x10000, "PSCI version is 1.x");
	tap_ok(rt_hvc(PSCI_FEATURES, PSCI_CPU_ON, 0, 0) == 0, "PSCI_FEATURES knows CPU_ON");
	tap_ok(rt_smc(PSCI_VERSION, 0, 0, 0) >= 0x10000, "PSCI over SMC is trapped too");
	rt_power_off_ok();
}
