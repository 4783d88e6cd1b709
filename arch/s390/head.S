/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPL entry and interruption stubs.
 *
 * Hercules IPLs in ESA/390 mode from the 8-byte PSW at absolute 0. The
 * first instructions switch every CPU to z/Architecture (SIGP set
 * architecture, parameter 1), go to 64-bit addressing, clear .bss and
 * call C. Each interruption class has a stub: save all 16 GPRs in this
 * CPU's lowcore, switch to this CPU's interrupt stack, call the C handler
 * with the old PSW and the saved registers, restore and return with LPSWE.
 * Registers are saved in the lowcore (not on the interrupted stack) because
 * an interruption taken during SIE finds guest GR0-13 in the registers.
 */
#include "arch/s390/lowcore.h"

	.section .ipl, "a"
	.long	0x00080000, 0x80000000 + _start

	.section .text.entry, "ax"
	.globl	_start
_start:
	/* ESA/390, 31-bit: only instructions both architectures share. */
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
2:	larl	%r15,s390_boot_stack_top
	aghi	%r15,-160
	xc	0(8,%r15),0(%r15)
	brasl	%r14,s390_main
	/* s390_main does not return; stop here if it ever does. */
	larl	%r1,stop_psw
	lpswe	0(%r1)

/* A secondary CPU, started by SIGP restart from s390_main. */
	.globl	s390_secondary_start
s390_secondary_start:
	lg	%r15,LC_BOOT_STACK
	aghi	%r15,-160
	xc	0(8,%r15),0(%r15)
	brasl	%r14,s390_secondary_main
	larl	%r1,stop_psw
	lpswe	0(%r1)

	.balign	8
stop_psw:
	.quad	0x0002000180000000, 0x5a0ded

/* Save, switch stack, call handler(old_psw, regs), restore, resume. */
	.macro	INT_STUB name, save, old, handler
	.globl	\name
\name:
	stmg	%r0,%r15,\save
	lg	%r15,LC_IRQ_STACK
	aghi	%r15,-160
	xc	0(8,%r15),0(%r15)
	la	%r2,\old
	la	%r3,\save
	brasl	%r14,\handler
	lmg	%r0,%r15,\save
	lpswe	\old
	.endm

	INT_STUB s390_ext_stub, LC_SAVE_EXT, LC_EXT_OLD_PSW, s390_ext_handler
	INT_STUB s390_pgm_stub, LC_SAVE_PGM, LC_PGM_OLD_PSW, s390_pgm_handler
	INT_STUB s390_svc_stub, LC_SAVE_OTHER, LC_SVC_OLD_PSW, s390_svc_handler
	INT_STUB s390_io_stub, LC_SAVE_OTHER, LC_IO_OLD_PSW, s390_io_handler
	INT_STUB s390_mck_stub, LC_SAVE_MCK, LC_MCK_OLD_PSW, s390_mck_handler
	INT_STUB s390_rst_stub, LC_SAVE_OTHER, LC_RST_OLD_PSW, s390_rst_handler

/*
 * int host_pgm_recover_point(uint64_t buf[10]): keep GR6-15 (callee-saved,
 * and GR14 the return address) for host_pgm_claim(), which comes back here
 * with GR2 = 1 after a program check in zarm while it worked for a guest.
 */
	.globl	host_pgm_recover_point
host_pgm_recover_point:
	stmg	%r6,%r15,0(%r2)
	lghi	%r2,0
	br	%r14

	.section .note.GNU-stack,"",@progbits
