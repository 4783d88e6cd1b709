/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest startup, written for a real IPL: ESA/390 IPL PSW at 0, SIGP
 * set-architecture to z/Architecture, 64-bit addressing, a stack, .bss
 * cleared, then main(); its return value is the power-off status.
 * Secondary vCPUs (started by SIGP restart) enter at secondary_entry and
 * take the 8 KiB stack their CPU address selects.
 * The program new PSW goes to pgm_stub, which hands the program check to
 * rt_pgm_check() in C and resumes at the old PSW it may have changed.
 */
	.section .ipl, "a"
	.long	0x00080000, 0x80000000 + _start

	.section .text.entry, "ax"
	.globl	_start
_start:
	lhi	%r1,1
	sigp	%r1,%r0,0x12
	sam64
	larl	%r2,__bss_start
	larl	%r3,__bss_end
1:	clgr	%r2,%r3
	jhe	2f
	xc	0(256,%r2),0(%r2)
	la	%r2,256(%r2)
	j	1b
2:	larl	%r15,rt_stack_top
	aghi	%r15,-160
	xc	0(8,%r15),0(%r15)
	brasl	%r14,rt_start
	/* rt_start powers off; should it return, stop with a bad code. */
	larl	%r1,bad_psw
	lpswe	0(%r1)

	.globl	secondary_entry
secondary_entry:
	lghi	%r1,3			/* ZARM_HC_VCPU_INFO: r2 <- address */
	diag	%r2,%r3,0x5a0
	sllg	%r2,%r2,13
	larl	%r15,rt_sec_stacks
	agr	%r15,%r2
	aghi	%r15,8192-160
	xc	0(8,%r15),0(%r15)
	brasl	%r14,rt_secondary
	larl	%r1,bad_psw
	lpswe	0(%r1)

	.globl	pgm_stub
pgm_stub:
	stmg	%r0,%r15,0x200
	larl	%r15,rt_pgm_stack_top
	aghi	%r15,-160
	xc	0(8,%r15),0(%r15)
	brasl	%r14,rt_pgm_check
	lmg	%r0,%r15,0x200
	lpswe	0x150

	.globl	ext_stub
ext_stub:
	stmg	%r0,%r15,0x280
	larl	%r15,rt_pgm_stack_top
	aghi	%r15,-160
	xc	0(8,%r15),0(%r15)
	brasl	%r14,rt_ext
	lmg	%r0,%r15,0x280
	lpswe	0x130

/*
 * unsigned int rt_try(void (*fn)(void)): the program-check handler sends
 * a fault during fn to rt_try_fixup with GR2 = the interruption code.
 */
	.globl	rt_try
rt_try:
	stmg	%r6,%r15,48(%r15)
	/* A frame of its own: fn saves its GR14 in its caller's save area. */
	aghi	%r15,-160
	larl	%r1,rt_try_sp
	stg	%r15,0(%r1)
	larl	%r1,rt_try_fixup
	larl	%r3,rt_resume
	stg	%r1,0(%r3)
	basr	%r14,%r2
	lghi	%r2,0
rt_try_fixup:
	larl	%r1,rt_try_sp
	lg	%r15,0(%r1)
	larl	%r3,rt_resume
	mvghi	0(%r3),0
	lmg	%r6,%r15,160+48(%r15)
	br	%r14

	.globl	rt_probe_read
rt_probe_read:
	stmg	%r6,%r15,48(%r15)
	aghi	%r15,-160
	larl	%r1,rt_try_sp
	stg	%r15,0(%r1)
	larl	%r1,rt_try_fixup
	larl	%r3,rt_resume
	stg	%r1,0(%r3)
	lg	%r4,0(%r2)
	lghi	%r2,0
	j	rt_try_fixup

	.globl	rt_probe_write
rt_probe_write:
	stmg	%r6,%r15,48(%r15)
	aghi	%r15,-160
	larl	%r1,rt_try_sp
	stg	%r15,0(%r1)
	larl	%r1,rt_try_fixup
	larl	%r3,rt_resume
	stg	%r1,0(%r3)
	mvghi	0(%r2),0x5a
	lghi	%r2,0
	j	rt_try_fixup

	.globl	rt_enable_ext
rt_enable_ext:
	aghi	%r15,-16
	stctg	%c0,%c0,0(%r15)
	og	%r2,0(%r15)
	stg	%r2,0(%r15)
	lctlg	%c0,%c0,0(%r15)
	aghi	%r15,16
	stosm	0(%r15),0x01
	br	%r14

	.section .bss
	.balign	8
rt_try_sp:
	.quad	0

	.text
	.balign	8
bad_psw:
	.quad	0x0002000180000000, 0xbad

	.section .note.GNU-stack,"",@progbits
