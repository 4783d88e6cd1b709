/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * zarm's EL3 monitor vectors (secure=on boots only): an SMC from EL2 is a
 * PSCI call handled by el3_smc() in C; anything else at EL3 is fatal.
 */
	.text
	.balign 0x800
	.globl el3_vectors
el3_vectors:
	.rept	8
	.balign	0x80
	b	el3_fatal
	.endr
	.balign	0x80
	b	el3_sync_lower		/* lower EL, AArch64, synchronous */
	.rept	7
	.balign	0x80
	b	el3_fatal
	.endr

el3_sync_lower:
	sub	sp, sp, #160
	stp	x4, x5, [sp, #0]
	stp	x6, x7, [sp, #16]
	stp	x8, x9, [sp, #32]
	stp	x10, x11, [sp, #48]
	stp	x12, x13, [sp, #64]
	stp	x14, x15, [sp, #80]
	stp	x16, x17, [sp, #96]
	stp	x18, x29, [sp, #112]
	str	x30, [sp, #128]
	mrs	x4, esr_el3
	lsr	x4, x4, #26
	cmp	x4, #0x17		/* SMC64 */
	b.ne	el3_fatal
	bl	el3_smc
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	ldp	x4, x5, [sp, #0]
	ldp	x6, x7, [sp, #16]
	ldp	x8, x9, [sp, #32]
	ldp	x10, x11, [sp, #48]
	ldp	x12, x13, [sp, #64]
	ldp	x14, x15, [sp, #80]
	ldp	x16, x17, [sp, #96]
	ldp	x18, x29, [sp, #112]
	ldr	x30, [sp, #128]
	add	sp, sp, #160
	eret

el3_fatal:
	wfe
	b	el3_fatal
