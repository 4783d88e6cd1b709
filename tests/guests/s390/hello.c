/* SPDX-License-Identifier: GPL-2.0-only */
/* The smallest guest: says hello through zarm's console and powers off. */
#include "tests/guests/s390/rt.h"

int main(void)
{
	rt_plan(2);
	rt_ok(true, "hello from an s390x guest");
	rt_ok(rt_cpu_count() >= 1, "zarm reports %u vCPU(s)", rt_cpu_count());
	return (int)rt_failures();
}
