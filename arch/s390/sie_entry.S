/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * int sie_enter(struct sie_block *sd, struct guest_regs *regs)
 *
 * Saves the host's callee-saved GPRs and all access registers (a0/a1 hold
 * the thread pointer libfdt's stack protector reads), loads the guest's
 * FPC, FPRs, ARs and GR0-13, enables host external interruptions and runs
 * SIE. Host GR14 (the SD address) and GR15 survive SIE. On interception
 * the guest values are stored back and the host's reloaded.
 * A host interruption taken during SIE returns to the SIE instruction, so
 * the guest continues unless the handler set the stop flag.
 */
#define FRAME 256
#define F_SD 160
#define F_REGS 168
#define F_ACRS 176
#define F_MASK 240

	.text
	.globl	sie_enter
sie_enter:
	stmg	%r6,%r15,48(%r15)
	lgr	%r1,%r15
	aghi	%r15,-FRAME
	stg	%r1,0(%r15)
	stg	%r2,F_SD(%r15)
	stg	%r3,F_REGS(%r15)
	stam	%a0,%a15,F_ACRS(%r15)
	lfpc	256(%r3)
	ld	%f0,128(%r3)
	ld	%f1,136(%r3)
	ld	%f2,144(%r3)
	ld	%f3,152(%r3)
	ld	%f4,160(%r3)
	ld	%f5,168(%r3)
	ld	%f6,176(%r3)
	ld	%f7,184(%r3)
	ld	%f8,192(%r3)
	ld	%f9,200(%r3)
	ld	%f10,208(%r3)
	ld	%f11,216(%r3)
	ld	%f12,224(%r3)
	ld	%f13,232(%r3)
	ld	%f14,240(%r3)
	ld	%f15,248(%r3)
	lam	%a0,%a15,260(%r3)
	lgr	%r14,%r2
	lmg	%r0,%r13,0(%r3)
	stosm	F_MASK(%r15),0x01
	.globl	sie_insn
sie_insn:
	sie	0(%r14)
	.globl	sie_exit
sie_exit:
	stnsm	F_MASK(%r15),0xfe
	lg	%r14,F_REGS(%r15)
	stmg	%r0,%r13,0(%r14)
	std	%f0,128(%r14)
	std	%f1,136(%r14)
	std	%f2,144(%r14)
	std	%f3,152(%r14)
	std	%f4,160(%r14)
	std	%f5,168(%r14)
	std	%f6,176(%r14)
	std	%f7,184(%r14)
	std	%f8,192(%r14)
	std	%f9,200(%r14)
	std	%f10,208(%r14)
	std	%f11,216(%r14)
	std	%f12,224(%r14)
	std	%f13,232(%r14)
	std	%f14,240(%r14)
	std	%f15,248(%r14)
	stfpc	256(%r14)
	stam	%a0,%a15,260(%r14)
	lam	%a0,%a15,F_ACRS(%r15)
	lg	%r1,F_SD(%r15)
	llgc	%r2,0x50(%r1)
	lmg	%r6,%r15,FRAME+48(%r15)
	br	%r14

	.section .note.GNU-stack,"",@progbits
