/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * EL2 exception vectors and the guest entry/exit path.
 *
 * While a guest runs, SP_EL2 points at the frame arm64_enter_guest pushed
 * (the host's callee-saved registers) and TPIDR_EL2 points at this CPU's
 * struct arm64_pcpu, whose first field is the running vCPU's register
 * frame. A trap saves only the caller-saved registers (x0-x18, x30) and
 * calls C: the C code preserves x19-x29, which still hold the guest's
 * values. The handler's return value decides what happens next:
 *   TRAP_RESUME  restore x0-x18, x30 and ERET (the fast path)
 *   TRAP_FULL    store x19-x29 too, call the full-frame handler, then
 *                restore everything (handlers that write any register)
 *   TRAP_EXIT    store x19-x29, ELR and SPSR and return from
 *                arm64_enter_guest to the scheduler loop
 */
#include "arch/arm64/asm.h"

.macro save_caller_saved
	stp	x0, x1, [sp, #-16]!
	save_caller_saved_x0_x1_pushed
.endm

/* The rest of save_caller_saved, once x0 and x1 are on the stack. */
.macro save_caller_saved_x0_x1_pushed
	mrs	x0, tpidr_el2
	ldr	x0, [x0]
	stp	x2, x3, [x0, #REGS_X(2)]
	stp	x4, x5, [x0, #REGS_X(4)]
	stp	x6, x7, [x0, #REGS_X(6)]
	stp	x8, x9, [x0, #REGS_X(8)]
	stp	x10, x11, [x0, #REGS_X(10)]
	stp	x12, x13, [x0, #REGS_X(12)]
	stp	x14, x15, [x0, #REGS_X(14)]
	stp	x16, x17, [x0, #REGS_X(16)]
	str	x18, [x0, #REGS_X(18)]
	str	x30, [x0, #REGS_X(30)]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #REGS_X(0)]
.endm

.macro save_callee_saved reg
	stp	x19, x20, [\reg, #REGS_X(19)]
	stp	x21, x22, [\reg, #REGS_X(21)]
	stp	x23, x24, [\reg, #REGS_X(23)]
	stp	x25, x26, [\reg, #REGS_X(25)]
	stp	x27, x28, [\reg, #REGS_X(27)]
	str	x29, [\reg, #REGS_X(29)]
.endm

.macro restore_callee_saved reg
	ldp	x19, x20, [\reg, #REGS_X(19)]
	ldp	x21, x22, [\reg, #REGS_X(21)]
	ldp	x23, x24, [\reg, #REGS_X(23)]
	ldp	x25, x26, [\reg, #REGS_X(25)]
	ldp	x27, x28, [\reg, #REGS_X(27)]
	ldr	x29, [\reg, #REGS_X(29)]
.endm

.macro restore_caller_saved_eret
	mrs	x0, tpidr_el2
	ldr	x0, [x0]
	ldp	x2, x3, [x0, #REGS_X(2)]
	ldp	x4, x5, [x0, #REGS_X(4)]
	ldp	x6, x7, [x0, #REGS_X(6)]
	ldp	x8, x9, [x0, #REGS_X(8)]
	ldp	x10, x11, [x0, #REGS_X(10)]
	ldp	x12, x13, [x0, #REGS_X(12)]
	ldp	x14, x15, [x0, #REGS_X(14)]
	ldp	x16, x17, [x0, #REGS_X(16)]
	ldr	x18, [x0, #REGS_X(18)]
	ldr	x30, [x0, #REGS_X(30)]
	ldp	x0, x1, [x0, #REGS_X(0)]
	eret
.endm

/* A trap from the guest: x0..x18, x30 saved; call \handler(regs). */
.macro guest_trap handler
	save_caller_saved
	bl	\handler
	cbnz	w0, 1f
	restore_caller_saved_eret
1:	b	trap_not_fast
.endm

.macro ventry label
	.balign 0x80
	b	\label
.endm

	.text
	.balign 0x800
	.globl arm64_el2_vectors
arm64_el2_vectors:
	ventry	hyp_sync_sp0
	ventry	hyp_irq_sp0
	ventry	hyp_fiq_sp0
	ventry	hyp_serr_sp0
	ventry	hyp_sync
	ventry	hyp_irq
	ventry	hyp_fiq
	ventry	hyp_serr
	/* Lower EL, AArch64: the guest. */
	ventry	guest_sync_entry
	ventry	guest_irq_entry
	ventry	guest_fiq_entry
	ventry	guest_serr_entry
	/* Lower EL, AArch32: zarm's guests are 64-bit only. */
	ventry	guest_aarch32
	ventry	guest_aarch32
	ventry	guest_aarch32
	ventry	guest_aarch32

/*
 * The null hypercall is answered before anything else is saved: it reads
 * and writes only x0, and it is what the round-trip benchmark measures
 * (trap_hvc() answers it the same way when it comes as an SMC).
 */
guest_sync_entry:
	stp	x0, x1, [sp, #-16]!
	mrs	x1, esr_el2
	ubfx	x1, x1, #26, #6
	cmp	x1, #EC_HVC64_ASM
	b.ne	1f
	mov	x1, #(HC_NULL_HI16 << 16)
	cmp	x0, x1
	b.ne	1f
	mov	x0, #0
	ldr	x1, [sp, #8]
	add	sp, sp, #16
	eret
1:	save_caller_saved_x0_x1_pushed
	bl	arm64_trap_sync
	cbnz	w0, 2f
	restore_caller_saved_eret
2:	b	trap_not_fast
guest_irq_entry:
	guest_trap arm64_trap_irq
guest_fiq_entry:
	guest_trap arm64_trap_fiq
guest_serr_entry:
	guest_trap arm64_trap_serror

/* Not resumable straight away: x0 = TRAP_EXIT or TRAP_FULL. */
trap_not_fast:
	mrs	x1, tpidr_el2
	ldr	x1, [x1]
	save_callee_saved x1
	cmp	w0, #TRAP_FULL
	b.ne	trap_exit
	mov	x0, x1
	bl	arm64_trap_full
	cbnz	w0, trap_exit
	mrs	x0, tpidr_el2
	ldr	x0, [x0]
	restore_callee_saved x0
	restore_caller_saved_eret

/* Leave the guest: the frame is complete once ELR and SPSR are in it. */
trap_exit:
	mrs	x1, tpidr_el2
	ldr	x1, [x1]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x1, #REGS_ELR]
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #96
	ret

/*
 * void arm64_enter_guest(struct arm64_regs *regs): run the guest whose
 * frame is @regs (already this CPU's current frame) until a handler
 * returns TRAP_EXIT.
 */
	.globl arm64_enter_guest
arm64_enter_guest:
	sub	sp, sp, #96
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	ldp	x2, x3, [x0, #REGS_ELR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	restore_callee_saved x0
	restore_caller_saved_eret

guest_aarch32:
	mov	x0, #0
	b	hyp_fatal_common

/* Exceptions taken at EL2 itself are zarm bugs: report and stop. */
hyp_sync_sp0:
hyp_irq_sp0:
hyp_fiq_sp0:
hyp_serr_sp0:
hyp_sync:
hyp_irq:
hyp_fiq:
hyp_serr:
	mov	x0, #1
hyp_fatal_common:
	mrs	x1, esr_el2
	mrs	x2, elr_el2
	mrs	x3, far_el2
	bl	arm64_hyp_fatal
	b	hang

/*
 * void arm64_fpsimd_save(struct arm64_fpsimd *s) / _load(): the 32 vector
 * registers then FPSR and FPCR. zarm itself is built general-regs-only, so
 * the guest's values stay in the registers until another vCPU is loaded.
 */
	.globl arm64_fpsimd_save
arm64_fpsimd_save:
	stp	q0, q1, [x0, #0]
	stp	q2, q3, [x0, #32]
	stp	q4, q5, [x0, #64]
	stp	q6, q7, [x0, #96]
	stp	q8, q9, [x0, #128]
	stp	q10, q11, [x0, #160]
	stp	q12, q13, [x0, #192]
	stp	q14, q15, [x0, #224]
	stp	q16, q17, [x0, #256]
	stp	q18, q19, [x0, #288]
	stp	q20, q21, [x0, #320]
	stp	q22, q23, [x0, #352]
	stp	q24, q25, [x0, #384]
	stp	q26, q27, [x0, #416]
	stp	q28, q29, [x0, #448]
	stp	q30, q31, [x0, #480]
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #512
	stp	x1, x2, [x0]
	ret

	.globl arm64_fpsimd_load
arm64_fpsimd_load:
	ldp	q0, q1, [x0, #0]
	ldp	q2, q3, [x0, #32]
	ldp	q4, q5, [x0, #64]
	ldp	q6, q7, [x0, #96]
	ldp	q8, q9, [x0, #128]
	ldp	q10, q11, [x0, #160]
	ldp	q12, q13, [x0, #192]
	ldp	q14, q15, [x0, #224]
	ldp	q16, q17, [x0, #256]
	ldp	q18, q19, [x0, #288]
	ldp	q20, q21, [x0, #320]
	ldp	q22, q23, [x0, #352]
	ldp	q24, q25, [x0, #384]
	ldp	q26, q27, [x0, #416]
	ldp	q28, q29, [x0, #448]
	ldp	q30, q31, [x0, #480]
	add	x0, x0, #512
	ldp	x1, x2, [x0]
	msr	fpsr, x1
	msr	fpcr, x2
	ret
