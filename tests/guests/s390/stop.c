/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ending by SIGP stop: the second vCPU says hello and stops itself, then
 * the boot vCPU stops itself too. With every vCPU stopped the VM has
 * ended cleanly, without any hypercall.
 */
#include "tests/guests/s390/rt.h"

static volatile unsigned int done;

void secondary_main(unsigned int cpu)
{
	rt_ok(cpu == 1, "vCPU %u runs", cpu);
	done = 1;
}

int main(void)
{
	uint32_t status;

	rt_plan(3);
	rt_ok(rt_start_cpu(1) == 0, "vCPU 1 started");
	while (!done)
		rt_barrier();
	while (!(rt_sigp(1, 0x01, 0, &status) == 1 && status == 0x40))
		rt_barrier();
	rt_ok(true, "vCPU 1 stopped itself; stopping vCPU 0");
	rt_sigp(0, 0x05, 0, NULL);
	rt_puts("not reached\n");
	return 1;
}
