/* SPDX-License-Identifier: GPL-2.0-only */
/* The demo guest: every vCPU says hello, then the VM powers off. */
#include "tests/guests/arm64/rt.h"

static volatile unsigned int done;

void rt_secondary(unsigned int cpu)
{
	rt_printf("hello from vCPU %u\n", cpu);
	__atomic_add_fetch(&done, 1, __ATOMIC_SEQ_CST);
	rt_cpu_off();
}

void rt_main(uint64_t dtb)
{
	unsigned int n = 1, started = 0;

	rt_printf("hello from vCPU 0 (device tree at %lx)\n", dtb);
	while (n < RT_MAX_CPUS) {
		int64_t r = rt_cpu_on(n);

		if (r == -2)
			break;
		started += r == 0;
		n++;
	}
	while (done < started)
		;
	rt_printf("%u vCPU(s) said hello, powering off\n", n);
	rt_power_off_ok();
}
