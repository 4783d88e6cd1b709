/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry points. zarm is a raw binary with a Linux Image header, so QEMU's
 * -kernel loads it at RAM + text_offset and starts the boot CPU at EL2 with
 * x0 = its device tree. Secondary CPUs come in through PSCI CPU_ON at
 * secondary_entry with x0 = their index (the context id zarm passed).
 */
#include "arch/arm64/asm.h"

	.section .text.head, "ax"
	.globl _start_header
_start_header:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0x80000			/* text_offset */
	.quad	zarm_image_size		/* image_size, heap included */
	.quad	2			/* flags: little-endian, 4 KiB pages */
	.quad	0, 0, 0			/* res2..res4 */
	.long	0x644d5241		/* "ARM\x64" */
	.long	0			/* res5 */

primary_entry:
	mov	x19, x0			/* keep the device tree address */
	mrs	x1, CurrentEL
	cmp	x1, #(3 << 2)
	b.eq	el3_entry
	/* Clear BSS: the raw binary does not contain it. */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	mov	x0, #0
	bl	cpu_early_setup
	mov	x0, x19
	bl	arm64_primary_main
	b	hang

	.globl secondary_entry
secondary_entry:
	mov	x19, x0
	bl	cpu_early_setup
	mov	x0, x19
	bl	arm64_secondary_main
	b	hang

/*
 * Per-CPU setup that must precede C: stack, vectors, FP/SIMD at EL2 (the
 * libfdt archive uses SIMD registers). x0 = CPU index. Preserves x19.
 */
cpu_early_setup:
	adrp	x1, arm64_stacks
	add	x1, x1, :lo12:arm64_stacks
	add	x2, x0, #1
	mov	x3, #ARM64_STACK_SIZE
	madd	x1, x2, x3, x1
	mov	sp, x1
	adrp	x1, arm64_el2_vectors
	add	x1, x1, :lo12:arm64_el2_vectors
	msr	vbar_el2, x1
	mov	x1, #0x33ff		/* CPTR_EL2 RES1 bits, TFP = 0 */
	msr	cptr_el2, x1
	isb
	ret

/*
 * Started at EL3 (QEMU with secure=on and an ELF): drop to EL2 in the
 * non-secure world with AArch64 at EL2. Only the boot CPU comes through
 * here: zarm's EL3 part is deliberately minimal.
 */
el3_entry:
	mov	x1, #0x531		/* RW | HCE | NS | SMD-free defaults */
	msr	scr_el3, x1
	mov	x1, #0x3c9		/* EL2h, DAIF masked */
	msr	spsr_el3, x1
	adr	x1, primary_entry
	msr	elr_el3, x1
	mov	x0, x19
	isb
	eret

	.globl hang
hang:	wfe
	b	hang
