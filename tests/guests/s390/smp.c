/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SMP: the boot vCPU starts every other vCPU with SIGP (set prefix and
 * restart), each says hello and stops itself with SIGP stop; the boot vCPU
 * busy-waits for them, which only ends if zarm time-slices the vCPUs.
 */
#include "tests/guests/s390/rt.h"

static volatile unsigned int hellos;

void secondary_main(unsigned int cpu)
{
	rt_ok(cpu == rt_cpu_id(), "hello from vCPU %u", cpu);
	__atomic_add_fetch(&hellos, 1, __ATOMIC_SEQ_CST);
}

int main(void)
{
	unsigned int n = rt_cpu_count(), stopped = 0;
	uint32_t status = 0;
	int cc;

	rt_plan(n + 5);
	rt_ok(rt_cpu_id() == 0, "boot vCPU is CPU 0 of %u", n);
	cc = rt_sigp(0, 0x12, 1, NULL);
	rt_ok(cc == 0, "SIGP set architecture (z/Arch) accepted, cc %d", cc);
	cc = rt_sigp(1, 0x01, 0, &status);
	rt_ok(n < 2 || (cc == 1 && status == 0x40),
	      "SIGP sense: vCPU 1 is stopped before it is started (cc %d status 0x%x)",
	      cc, status);
	for (unsigned int cpu = 1; cpu < n; cpu++)
		if (rt_start_cpu(cpu))
			rt_ok(false, "start vCPU %u", cpu);
	while (hellos < n - 1)
		rt_barrier();
	/* Each secondary stops itself after its hello: wait for that too. */
	while (stopped < n - 1) {
		stopped = 0;
		for (unsigned int cpu = 1; cpu < n; cpu++)
			if (rt_sigp(cpu, 0x01, 0, &status) == 1 && status == 0x40)
				stopped++;
	}
	rt_ok(true, "all %u vCPUs said hello and stopped", n);
	cc = rt_sigp(n + 5, 0x01, 0, NULL);
	rt_ok(cc == 3, "SIGP sense of a CPU outside the VM: cc %d", cc);
	cc = rt_sigp(0, 0x0d, 0x2000, &status);
	rt_ok(cc == 1 && status == 0x200,
	      "SIGP set prefix on a running vCPU: incorrect state (cc %d status 0x%x)",
	      cc, status);
	return (int)rt_failures();
}
