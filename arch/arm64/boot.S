/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry points. zarm is a raw binary with a Linux Image header, so QEMU's
 * -kernel loads it at RAM + text_offset and starts the boot CPU at EL2 with
 * x0 = its device tree. Secondary CPUs come in through PSCI CPU_ON at
 * secondary_entry with x0 = their index (the context id zarm passed).
 * Booted as an ELF with secure=on, every CPU starts here at EL3 instead:
 * see el3_entry.
 */
#include "arch/arm64/asm.h"

	.section .text.head, "ax"
	.globl _start_header
_start_header:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	zarm_text_offset	/* text_offset (zarm.ld) */
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
	/* An ELF boot passes no x0: QEMU put the device tree at RAM base. */
	cbnz	x19, 3f
	mov	x19, #0x40000000
3:
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
 * Started at EL3 (QEMU with secure=on, zarm.elf): every CPU arrives here at
 * once. Each gets an EL3 stack and zarm's minimal monitor (arch/arm64/el3.c:
 * PSCI CPU_ON and SYSTEM_OFF for EL2, since QEMU's own PSCI is off); the boot
 * CPU configures the GIC for the non-secure world and drops to EL2 at
 * primary_entry, the others wait in the pen until CPU_ON releases them to
 * EL2 at the entry it names.
 */
#define ICC_SRE_EL3 S3_6_C12_C12_5
#define EL3_STACK_SIZE 4096
/* NS, SMC enabled, HCE, RW (EL2 is AArch64), APK | API (no PAuth traps). */
#define SCR_EL3_VALUE 0x30531

el3_entry:
	mrs	x20, mpidr_el1
	ubfx	x21, x20, #8, #8
	and	x20, x20, #0xff
	add	x20, x20, x21, lsl #3	/* CPU index: Aff0 + 8 * Aff1 */
	adrp	x1, el3_stacks
	add	x1, x1, :lo12:el3_stacks
	add	x2, x20, #1
	mov	x3, #EL3_STACK_SIZE
	madd	x1, x2, x3, x1
	mov	sp, x1
	adrp	x1, el3_vectors
	add	x1, x1, :lo12:el3_vectors
	msr	vbar_el3, x1
	mov	x1, #0xf		/* SRE | DFB | DIB | Enable for EL2 */
	msr	ICC_SRE_EL3, x1
	ldr	x1, =SCR_EL3_VALUE
	msr	scr_el3, x1
	mov	x1, #0x3c9		/* EL2h, DAIF masked */
	msr	spsr_el3, x1
	isb
	cbnz	x20, el3_pen
	adrp	x1, arm64_entered_el3
	mov	w2, #1
	strb	w2, [x1, :lo12:arm64_entered_el3]
	bl	el3_boot_setup
	adr	x1, primary_entry
	msr	elr_el3, x1
	mov	x0, xzr			/* primary_entry looks at RAM base */
	eret

el3_pen:
	mov	x0, x20
	bl	el3_pen_wait		/* returns the entry, context in x1 */
	msr	elr_el3, x0
	mov	x0, x1
	eret

	.globl hang
hang:	wfe
	b	hang
