/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Instructions the VM may not or cannot use get the architected program
 * interruption: an undefined opcode (operation, 1), DIAG codes zarm does
 * not offer (specification, 6), privileged instructions in problem state
 * (privileged operation, 2), SERVC with a bad SCCB address (6 or 5).
 */
#include "tests/guests/s390/rt.h"

static void undefined_op(void)
{
	asm volatile(".short 0x0000");
}

static void diag_unknown(void)
{
	asm volatile("diag %%r0,%%r0,0x123" : : : "memory");
}

static void diag_in_problem_state(void)
{
	/* Problem state, then a DIAG: privileged operation. */
	asm volatile("aghi %%r15,-16\n\t"
		     "larl %%r1,0f\n\t"
		     "stg %%r1,8(%%r15)\n\t"
		     "llihf %%r1,0x00010001\n\t"
		     "oilf %%r1,0x80000000\n\t"
		     "stg %%r1,0(%%r15)\n\t"
		     "lpswe 0(%%r15)\n"
		     "0:\tdiag %%r0,%%r0,0x5a0"
		     : : : "r1", "memory");
}

static void servc_odd_sccb(void)
{
	asm volatile("lgfi %%r1,0x00020001\n\tlghi %%r2,0x4004\n\t"
		     ".insn rre,0xb2200000,%%r1,%%r2" : : : "r1", "r2", "cc", "memory");
}

static void servc_sccb_outside(void)
{
	asm volatile("lgfi %%r1,0x00020001\n\tllilh %%r2,0x7000\n\t"
		     ".insn rre,0xb2200000,%%r1,%%r2" : : : "r1", "r2", "cc", "memory");
}

int main(void)
{
	unsigned int code;

	rt_plan(5);
	code = rt_try(undefined_op);
	rt_ok(code == 1, "undefined opcode: operation exception (code %u)", code);
	code = rt_try(diag_unknown);
	rt_ok(code == 6, "DIAG X'123': specification exception (code %u)", code);
	code = rt_try(diag_in_problem_state);
	rt_ok(code == 2, "DIAG in problem state: privileged-operation exception (code %u)", code);
	code = rt_try(servc_odd_sccb);
	rt_ok(code == 6, "SERVC with an unaligned SCCB: specification exception (code %u)", code);
	code = rt_try(servc_sccb_outside);
	rt_ok(code == 5, "SERVC with an SCCB beyond storage: addressing exception (code %u)", code);
	return (int)rt_failures();
}
