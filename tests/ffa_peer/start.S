/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ffa_peer entry and EL3 vectors. QEMU (secure=on) starts this ELF at EL3
 * on every CPU at once. Each CPU gets a stack, VBAR_EL3, ICC_SRE_EL3 and
 * SCR_EL3 (SMCs enabled, EL2 AArch64 and non-secure); CPU 0 sets the GIC
 * up for the normal world and drops to zarm at EL2 (x0 = the device tree),
 * the others wait in the pen until PSCI CPU_ON releases them.
 */
#define ICC_SRE_EL3 S3_6_C12_C12_5
#define PEER_STACK 8192
/* NS | RES1 bits 4,5 | HCE | RW | APK | API; SMD = 0 so SMCs trap here. */
#define SCR_VALUE 0x30531
#define ZARM_ENTRY 0x40200000
#define ZARM_DTB 0x40000000

	.section .text.entry, "ax"
	.globl _start
_start:
	mrs	x20, mpidr_el1
	ubfx	x21, x20, #8, #8
	and	x20, x20, #0xff
	add	x20, x20, x21, lsl #3		/* Aff0 + 8 * Aff1 */
	cmp	x20, #8
	b.hs	park
	adrp	x1, peer_stacks
	add	x1, x1, :lo12:peer_stacks
	add	x2, x20, #1
	mov	x3, #PEER_STACK
	madd	x1, x2, x3, x1
	mov	sp, x1
	adrp	x1, peer_vectors
	add	x1, x1, :lo12:peer_vectors
	msr	vbar_el3, x1
	mov	x1, #0xf			/* SRE | DFB | DIB | Enable */
	msr	ICC_SRE_EL3, x1
	ldr	x1, =SCR_VALUE
	msr	scr_el3, x1
	mov	x1, #0x3c9			/* EL2h, DAIF masked */
	msr	spsr_el3, x1
	isb
	cbnz	x20, pen
	/* CPU 0: clear BSS (the others use only their stacks and .data). */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	bl	peer_boot_setup
	ldr	x1, =ZARM_ENTRY
	msr	elr_el3, x1
	ldr	x0, =ZARM_DTB
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	eret

pen:
	mov	x0, x20
	bl	peer_pen_wait			/* x0 = entry, x1 = context */
	msr	elr_el3, x0
	mov	x0, x1
	mov	x1, xzr
	eret

park:	wfe
	b	park

	.text
	.balign	0x800
	.globl	peer_vectors
peer_vectors:
	.rept	8				/* current EL: a peer bug */
	.balign	0x80
	b	fatal
	.endr
	.balign	0x80
	b	sync_lower			/* lower EL, AArch64, synchronous */
	.rept	7
	.balign	0x80
	b	fatal
	.endr

/* An SMC from the normal world: x0..x17 in a frame, peer_smc() edits it. */
sync_lower:
	sub	sp, sp, #176
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	str	x30, [sp, #160]
	mov	x0, sp
	mrs	x1, esr_el3
	bl	peer_trap
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x29, [sp, #144]
	ldr	x30, [sp, #160]
	add	sp, sp, #176
	eret

fatal:
	mrs	x0, esr_el3
	mrs	x1, elr_el3
	bl	peer_fatal
	b	park
