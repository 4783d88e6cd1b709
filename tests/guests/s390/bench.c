/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * make bench, with Hercules' instruction trace on (zarm-run --bench counts
 * the traced instructions): one null hypercall round trip, then one
 * interruption delivery, from a SIGP emergency signal to itself (enabled
 * for it) to the first instruction of the guest's external handler.
 */
#include "tests/guests/s390/rt.h"

static volatile unsigned int emergencies;

void rt_ext(void)
{
	if (*(volatile uint16_t *)0x86 == 0x1201)
		emergencies++;
}

int main(void)
{
	long r;
	int cc;

	rt_plan(2);
	rt_enable_ext(0x4000);
	rt_hypercall(ZARM_HC_TRACE, 1, 0);
	r = rt_hypercall(ZARM_HC_NULL, 0, 0);
	cc = rt_sigp(0, 0x03, 0, NULL);   /* the boot vCPU is CPU 0 */
	rt_hypercall(ZARM_HC_TRACE, 0, 0);
	rt_ok(r == 0, "null hypercall returned %ld", r);
	rt_ok(cc == 0 && emergencies == 1, "emergency signal to itself taken (cc %d, %u)",
	      cc, emergencies);
	return (int)rt_failures();
}
