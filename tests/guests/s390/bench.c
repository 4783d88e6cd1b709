/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * make bench: one null hypercall round trip with Hercules' instruction
 * trace on (zarm-run --bench counts the traced instructions).
 */
#include "tests/guests/s390/rt.h"

int main(void)
{
	long r;

	rt_plan(1);
	rt_hypercall(ZARM_HC_TRACE, 1, 0);
	r = rt_hypercall(ZARM_HC_NULL, 0, 0);
	rt_hypercall(ZARM_HC_TRACE, 0, 0);
	rt_ok(r == 0, "null hypercall returned %ld", r);
	return (int)rt_failures();
}
