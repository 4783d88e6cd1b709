/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test-guest startup at EL1: the boot vCPU enters at _start with x0 = its
 * device tree, secondaries at rt_secondary_entry with x0 = their index
 * (the PSCI context id). Both get a stack and the vectors, then C.
 */
#define STACK_SIZE 8192

	.section .text.boot, "ax"
	.globl _start
_start:
#ifdef IMAGE_HEADER
	/* A Linux arm64 Image header: zarm must honour text_offset. */
	b	1f
	.long	0
	.quad	IMAGE_HEADER		/* text_offset */
	.quad	guest_image_size	/* image_size, BSS included */
	.quad	2			/* little-endian, 4 KiB pages */
	.quad	0, 0, 0
	.long	0x644d5241
	.long	0
1:
#endif
	mov	x19, x0
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	mov	x0, #0
	bl	setup
	mov	x0, x19
	bl	rt_main
	b	rt_power_off_ok

	.globl rt_secondary_entry
rt_secondary_entry:
	mov	x19, x0
	bl	setup
	mov	x0, x19
	bl	rt_secondary
	b	.

/* x0 = CPU index: stack, vectors, FP/SIMD not trapped. Keeps x19. */
setup:
	adrp	x1, rt_stacks
	add	x1, x1, :lo12:rt_stacks
	add	x2, x0, #1
	mov	x3, #STACK_SIZE
	madd	x1, x2, x3, x1
	mov	sp, x1
	adrp	x1, rt_vectors
	add	x1, x1, :lo12:rt_vectors
	msr	vbar_el1, x1
	mov	x1, #(3 << 20)
	msr	cpacr_el1, x1
	isb
	ret

/* Every vector: save the caller-saved registers, call rt_exception(kind, frame). */
.macro vec kind
	.balign 0x80
	sub	sp, sp, #(20 * 8)
	stp	x0, x1, [sp, #0]
	mov	x0, #\kind
	b	vec_common
.endm

	.balign 0x800
	.globl rt_vectors
rt_vectors:
	vec 0
	vec 1
	vec 2
	vec 3
	vec 4
	vec 5
	vec 6
	vec 7
	vec 8
	vec 9
	vec 10
	vec 11
	vec 12
	vec 13
	vec 14
	vec 15

vec_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x30, [sp, #144]
	mov	x1, sp
	bl	rt_exception
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x30, [sp, #144]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #(20 * 8)
	eret
