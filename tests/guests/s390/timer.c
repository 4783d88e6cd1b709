/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest clock comparator: set it 2 ms ahead, load an enabled-wait PSW and
 * get the clock-comparator interruption (0x1004); zarm parks the vCPU
 * while it waits and wakes it in time. Then end with a disabled wait
 * (code 0), which zarm takes as a clean stop of the VM.
 */
#include "tests/guests/s390/rt.h"

static volatile unsigned int ckc_irqs;

void rt_ext(void)
{
	if (*(volatile uint16_t *)0x86 == 0x1004) {
		uint64_t never = ~0ULL;

		ckc_irqs++;
		asm volatile("sckc %0" : : "Q"(never));
		/* Resume after the wait, disabled again. */
		*(volatile uint64_t *)0x130 &= ~0x0102000000000000ULL;
	}
}

static uint64_t tod(void)
{
	uint64_t t;

	asm volatile("stck %0" : "=Q"(t) : : "cc");
	return t;
}

static void enabled_wait(void)
{
	uint64_t psw[2] __attribute__((aligned(8)));

	psw[0] = 0x0102000180000000ULL;     /* EXT | WAIT | EA | BA */
	asm volatile("larl %%r1,0f\n\tstg %%r1,8(%0)\n\tlpswe 0(%0)\n0:"
		     : : "a"(psw) : "r1", "memory", "cc");
}

int main(void)
{
	uint64_t start, end, when;

	rt_plan(3);
	rt_enable_ext(0x800);
	/* Interruptions must not be taken before the wait: mask, arm, wait. */
	{
		uint8_t m;

		asm volatile("stnsm %0,0xfe" : "=Q"(m) : : "memory");
	}
	start = tod();
	when = start + 2 * 4096 * 1000;
	asm volatile("sckc %0" : : "Q"(when));
	enabled_wait();     /* the ext handler's return clears the wait */
	end = tod();
	rt_ok(ckc_irqs == 1, "one clock-comparator interruption (%u)", ckc_irqs);
	rt_ok(end >= when, "woken no earlier than the comparator (%lu us after)",
	      (unsigned long)((end - when) >> 12));
	rt_ok(end - start < 2000ULL * 4096 * 1000, "woken within 2 s (%lu us)",
	      (unsigned long)((end - start) >> 12));
	if (rt_failures())
		return (int)rt_failures();
	{
		static const uint64_t done[2] __attribute__((aligned(8))) = {
			0x0002000180000000ULL, 0
		};

		asm volatile("lpswe %0" : : "Q"(done) : "memory");
	}
	return 99;
}
