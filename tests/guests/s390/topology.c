/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PERFORM TOPOLOGY FUNCTION (B9A2), every outcome the Principles of
 * Operation define: privileged-operation exception in problem state,
 * specification exception for nonzero bits 0-55 of GR R1 or an undefined
 * function code, cc 2 with reason code 1 (bits 48-55) for a request of the
 * polarization already in effect, cc 0 for a change, and the
 * topology-change report (cc 1 once, then cc 0) that a change leaves.
 */
#include "tests/guests/s390/rt.h"

static uint64_t ptf_arg;

static void ptf_problem_state(void)
{
	asm volatile("aghi %%r15,-16\n\t"
		     "larl %%r1,0f\n\t"
		     "stg %%r1,8(%%r15)\n\t"
		     "llihf %%r1,0x00010001\n\t"
		     "oilf %%r1,0x80000000\n\t"
		     "stg %%r1,0(%%r15)\n\t"
		     "lghi %%r2,2\n\t"
		     "lpswe 0(%%r15)\n"
		     "0:\t.insn rre,0xb9a20000,2,0"
		     : : : "r1", "r2", "memory", "cc");
}

static void ptf_checked(void)
{
	register uint64_t r3 asm("3") = ptf_arg;

	asm volatile(".insn rre,0xb9a20000,%0,0" : "+d"(r3) : : "cc");
}

/* PTF with GR3 = @fc; returns the cc, *out = GR3 afterwards. */
static unsigned int ptf(uint64_t fc, uint64_t *out)
{
	register uint64_t r3 asm("3") = fc;
	int cc;

	asm volatile(".insn rre,0xb9a20000,%1,0\n\tipm %0\n\tsrl %0,28"
		     : "=d"(cc), "+d"(r3) : : "cc");
	*out = r3;
	return (unsigned int)cc;
}

int main(void)
{
	unsigned int code, cc;
	uint64_t r;

	rt_plan(9);
	code = rt_try(ptf_problem_state);
	rt_ok(code == 0x02, "PTF in problem state: privileged operation (code 0x%x)", code);
	ptf_arg = 0x100;
	code = rt_try(ptf_checked);
	rt_ok(code == 0x06, "PTF with bit 55 of GR R1 set: specification (code 0x%x)", code);
	ptf_arg = 3;
	code = rt_try(ptf_checked);
	rt_ok(code == 0x06, "PTF function code 3: specification (code 0x%x)", code);
	cc = ptf(0, &r);
	rt_ok(cc == 2 && r == 0x100,
	      "FC 0 when horizontal already: cc 2, reason code 1 (cc %u, GR %lx)", cc,
	      (unsigned long)r);
	cc = ptf(2, &r);
	rt_ok(cc == 0, "FC 2 with no change yet: cc 0 (cc %u)", cc);
	cc = ptf(1, &r);
	rt_ok(cc == 0 && r == 1, "FC 1 (vertical): cc 0 (cc %u)", cc);
	cc = ptf(1, &r);
	rt_ok(cc == 2 && r == 0x101, "FC 1 again: cc 2, reason code 1 (cc %u, GR %lx)", cc,
	      (unsigned long)r);
	cc = ptf(2, &r);
	rt_ok(cc == 1, "FC 2 after the change: a report was pending, cc 1 (cc %u)", cc);
	cc = ptf(2, &r);
	rt_ok(cc == 0, "FC 2 again: the report was cleared, cc 0 (cc %u)", cc);
	ptf(0, &r);
	return (int)rt_failures();
}
