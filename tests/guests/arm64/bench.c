/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Benchmark (run under QEMU -icount shift=0,sleep=off): instructions per
 * null hypercall and per emulated MMIO read round trip, counted by the
 * cycle counter with PMCCFILTR_EL0.NSH set so EL2's instructions count.
 * Each figure includes the two-instruction loop around the trap.
 */
#include "tests/guests/arm64/rt.h"

#define N 10000UL

static uint64_t cycles(void)
{
	uint64_t v;

	__asm__ volatile("isb\n mrs %0, pmccntr_el0\n isb" : "=r"(v));
	return v;
}

static uint64_t per_op(uint64_t total)
{
	return (total + N / 2) / N;
}

void rt_main(uint64_t dtb)
{
	uint64_t t0, t1, t2, n;

	(void)dtb;
	write_sysreg(pmccfiltr_el0, 1UL << 27);	/* NSH: count EL2 too */
	write_sysreg(pmcntenset_el0, 1UL << 31);
	write_sysreg(pmcr_el0, read_sysreg(pmcr_el0) | 1 | 4);
	__asm__ volatile("isb");

	t0 = cycles();
	n = N;
	__asm__ volatile("1: mov x0, #0x86000000\n hvc #0\n subs %0, %0, #1\n b.ne 1b"
			 : "+r"(n) : : "x0", "x1", "x2", "x3", "memory");
	t1 = cycles();
	n = N;
	__asm__ volatile("1: ldr w2, [%1]\n subs %0, %0, #1\n b.ne 1b"
			 : "+r"(n) : "r"(0x09000018UL) : "x2", "memory");
	t2 = cycles();
	rt_printf("BENCH arm64.hvc_null %lu\n", per_op(t1 - t0));
	rt_printf("BENCH arm64.mmio_read %lu\n", per_op(t2 - t1));
	rt_power_off_ok();
}
