/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * make bench, with Hercules' instruction trace on (zarm-run --bench counts
 * the traced instructions): one null hypercall round trip, then one
 * interruption delivery, from a SIGP emergency signal to itself (enabled
 * for it) to the first instruction of the guest's external handler, then
 * one program interruption SIE intercepts (a store with low-address
 * protection on: zarm completes it, TEID included) from the store to the
 * first instruction of the guest's program-check handler.
 */
#include "tests/guests/s390/rt.h"

static volatile unsigned int emergencies;

void rt_ext(void)
{
	if (*(volatile uint16_t *)0x86 == 0x1201)
		emergencies++;
}

static void lap_store(void)
{
	/* MVGHI 0x180(%r0),0: an encoding zarm-run's counter looks for. */
	asm volatile("mvghi 0x180(%%r0),0" : : : "memory");
}

static void set_lap(void)
{
	uint64_t cr0;

	asm volatile("stctg 0,0,%0" : "=Q"(cr0));
	cr0 |= 0x10000000ULL;          /* bit 35; the handler turns it off */
	asm volatile("lctlg 0,0,%0" : : "Q"(cr0));
}

int main(void)
{
	unsigned int code;
	long r;
	int cc;

	rt_plan(3);
	rt_enable_ext(0x4000);
	rt_hypercall(ZARM_HC_TRACE, 1, 0);
	r = rt_hypercall(ZARM_HC_NULL, 0, 0);
	cc = rt_sigp(0, 0x03, 0, NULL);   /* the boot vCPU is CPU 0 */
	set_lap();
	code = rt_try(lap_store);
	rt_hypercall(ZARM_HC_TRACE, 0, 0);
	rt_ok(r == 0, "null hypercall returned %ld", r);
	rt_ok(cc == 0 && emergencies == 1, "emergency signal to itself taken (cc %d, %u)",
	      cc, emergencies);
	rt_ok(code == 0x04, "low-address protection taken (code 0x%x)", code);
	return (int)rt_failures();
}
