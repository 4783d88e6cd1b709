/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SMP: start every vCPU with PSCI CPU_ON (found by asking until the VM
 * says INVALID_PARAMETERS), each says hello, PSCI's error answers are
 * checked, then the secondaries switch themselves off.
 */
#include "tests/guests/arm64/rt.h"

static volatile unsigned int arrived;
static volatile bool release;

static void relax(void)
{
	__asm__ volatile("wfe");	/* traps: lets other vCPUs run */
}

void rt_secondary(unsigned int cpu)
{
	tap_ok(rt_cpu_id() == cpu, "vCPU %u says hello (MPIDR Aff0 %u)", cpu, rt_cpu_id());
	__atomic_add_fetch(&arrived, 1, __ATOMIC_SEQ_CST);
	while (!release)
		relax();
	rt_cpu_off();
}

void rt_main(uint64_t dtb)
{
	unsigned int n = 1, started = 0;
	int64_t r;
	bool all_off = false;

	(void)dtb;
	for (;;) {
		r = rt_cpu_on(n);
		if (r == -2 || n == RT_MAX_CPUS)
			break;
		tap_ok(r == 0, "CPU_ON vCPU %u", n);
		started += r == 0;
		n++;
	}
	rt_printf("# %u vCPUs\n", n);
	while (arrived < started)
		relax();
	tap_ok(n < 2 || rt_cpu_on(1) == -4, "CPU_ON of a running vCPU: ALREADY_ON");
	tap_ok(rt_hvc(PSCI_CPU_ON, 0x100, 0x40080000, 0) == (uint64_t)-2,
	       "CPU_ON of a missing vCPU: INVALID_PARAMETERS");
	tap_ok(rt_hvc(PSCI_AFFINITY_INFO, 0, 0, 0) == 0, "AFFINITY_INFO: this vCPU is on");
	release = true;
	for (unsigned int spin = 0; spin < 1000000 && !all_off; spin++) {
		all_off = true;
		for (unsigned int i = 1; i < n; i++)
			all_off &= rt_hvc(PSCI_AFFINITY_INFO, i, 0, 0) == 1;
		if (!all_off)
			relax();
	}
	tap_ok(all_off, "every secondary is off after CPU_OFF");
	tap_plan((n - 1) + started + 4);
	rt_power_off_ok();
}
