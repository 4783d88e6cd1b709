/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Synchronous external aborts where the VM has no memory, as the Arm ARM
 * defines them and the bare machine delivers them: instruction fetches and
 * data accesses, from EL1 (SP_EL1 and SP_EL0) and from EL0 (AArch64 and
 * AArch32), and stage-1
 * table walks that read a descriptor outside memory. Each must reach this
 * guest's own vector with
 *  - the vector: current EL with SP_ELx (+0x200), with SP_EL0 (+0x000),
 *    lower EL AArch64 (+0x400), lower EL AArch32 (+0x600);
 *  - ESR_EL1: EC 0x21/0x20 (instruction abort, same/lower EL), 0x25/0x24
 *    (data abort), IL = 1, ISV = 0, EA = 0, WnR for writes, FSC 0x10, or
 *    0x14 + level on a translation table walk;
 *  - FAR_EL1 = the faulting address, ELR_EL1 = the faulting instruction,
 *    SPSR_EL1 = PSTATE where it faulted (flags, masks, mode);
 *  - PSTATE in the handler: D, A, I, F masked, EL1, SP_EL1, UAO 0, PAN set
 *    unless SCTLR_EL1.SPAN, SSBS = SCTLR_EL1.DSSBS.
 * Cache maintenance by VA where there is no memory does nothing. The same
 * binary runs on bare QEMU (as an ELF at EL1) and gives the same results.
 */
#include "tests/guests/arm64/rt.h"

#define NOWHERE_LOW 0x08020000UL	/* between GICD and the GIC ITS frame */
#define NOWHERE_HIGH 0x60000000UL	/* above the RAM of this VM */

#define EC_SVC64 0x15
#define PSR_EL0T 0x0UL
#define PSR_EL1T 0x4UL
#define PSR_EL1H 0x5UL
#define PSR_A32 0x10UL			/* AArch32 User mode */
#define PSR_PAN (1UL << 22)
#define PSR_UAO (1UL << 23)
#define SCTLR_SPAN (1UL << 23)
#define SCTLR_DSSBS (1UL << 44)

/* What the vector saw; filled by ab_vectors. */
struct ab_rec {
	uint64_t vec, esr, far, elr, spsr, daif, spsel, el, pan, uao, ssbs;
};
volatile struct ab_rec ab_rec;
volatile uint64_t ab_have_uao, ab_have_ssbs;

/* Run @pc at PSTATE @spsr with x0 = @arg (and SP_EL0 = @sp0) until an exception. */
void ab_try(uint64_t pc, uint64_t spsr, uint64_t arg, uint64_t sp0);
void ab_vectors(void);
void ab_load(void), ab_store(void), ab_ldp(void), ab_stp(void), ab_dc(void), ab_el0_load(void);

__asm__(
	".pushsection .text\n"
	".globl ab_try\n"
	"ab_try:\n"
	"	stp x29, x30, [sp, #-16]!\n"
	"	msr elr_el1, x0\n"
	"	msr spsr_el1, x1\n"
	"	msr sp_el0, x3\n"
	"	mov x0, x2\n"
	"	eret\n"
	"ab_back:\n"
	"	ldp x29, x30, [sp], #16\n"
	"	ret\n"
	/* Test bodies: x0 = address. SVC says "no exception on the way". */
	".globl ab_load, ab_store, ab_ldp, ab_stp, ab_dc, ab_el0_load\n"
	"ab_load: ldr x1, [x0]\n svc #0\n"
	"ab_store: str x1, [x0]\n svc #0\n"
	"ab_ldp: ldp x1, x2, [x0]\n svc #0\n"
	"ab_stp: stp x1, x2, [x0]\n svc #0\n"
	"ab_dc: dc civac, x0\n svc #0\n"
	"ab_el0_load: ldrb w1, [x0]\n svc #0\n"
	/* Every vector: x16 = its offset, then record and go back to ab_try's caller. */
	".balign 0x800\n"
	".globl ab_vectors\n"
	"ab_vectors:\n"
	".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	".balign 0x80\n"
	"	mov x16, #(\\n * 0x80)\n"
	"	b ab_common\n"
	".endr\n"
	"ab_common:\n"
	"	adrp x17, ab_rec\n"
	"	add x17, x17, :lo12:ab_rec\n"
	"	str x16, [x17, #0]\n"
	"	mrs x16, esr_el1\n	str x16, [x17, #8]\n"
	"	mrs x16, far_el1\n	str x16, [x17, #16]\n"
	"	mrs x16, elr_el1\n	str x16, [x17, #24]\n"
	"	mrs x16, spsr_el1\n	str x16, [x17, #32]\n"
	"	mrs x16, daif\n	str x16, [x17, #40]\n"
	"	mrs x16, spsel\n	str x16, [x17, #48]\n"
	"	mrs x16, currentel\n	str x16, [x17, #56]\n"
	"	mrs x16, S3_0_C4_C2_3\n	str x16, [x17, #64]\n"	/* PAN */
	"	adrp x16, ab_have_uao\n	ldr x16, [x16, :lo12:ab_have_uao]\n"
	"	cbz x16, 1f\n"
	"	mrs x16, S3_0_C4_C2_4\n	str x16, [x17, #72]\n"	/* UAO */
	"1:	adrp x16, ab_have_ssbs\n	ldr x16, [x16, :lo12:ab_have_ssbs]\n"
	"	cbz x16, 2f\n"
	"	mrs x16, S3_3_C4_C2_6\n	str x16, [x17, #80]\n"	/* SSBS */
	"2:	adr x16, ab_back\n"
	"	msr elr_el1, x16\n"
	"	mov x16, #0x3c5\n"
	"	msr spsr_el1, x16\n"
	"	eret\n"
	".popsection\n");

static char el0_stack[4096] __attribute__((aligned(16)));
static const uint64_t flags = 0xa0000000UL;	/* N and C: must come back in SPSR_EL1 */

static void run(uint64_t pc, uint64_t spsr, uint64_t arg)
{
	for (unsigned int i = 0; i < sizeof(ab_rec) / 8; i++)
		((volatile uint64_t *)&ab_rec)[i] = ~0UL;
	ab_try(pc, spsr, arg, (uint64_t)(el0_stack + sizeof(el0_stack)));
}

static uint64_t vec_for(uint64_t spsr)
{
	if (spsr & PSR_A32)
		return 0x600;
	return (spsr & 0xf) == PSR_EL0T ? 0x400 : (spsr & 1) ? 0x200 : 0x000;
}

/* One abort: vector, ESR, FAR, ELR, SPSR and the handler's PSTATE. */
static void check(const char *what, uint64_t spsr, uint64_t esr, uint64_t far, uint64_t elr)
{
	bool ok = tap_ok(ab_rec.vec == vec_for(spsr), "%s: vector +%lx", what, vec_for(spsr));

	ok &= tap_ok(ab_rec.esr == esr, "%s: ESR_EL1 %lx", what, esr);
	ok &= tap_ok(ab_rec.far == far && ab_rec.elr == elr, "%s: FAR_EL1 %lx, ELR_EL1 %lx",
		     what, far, elr);
	ok &= tap_ok(ab_rec.spsr == spsr, "%s: SPSR_EL1 %lx", what, spsr);
	ok &= tap_ok(ab_rec.daif == 0x3c0 && ab_rec.el == 4 && ab_rec.spsel == 1 &&
		     (!ab_have_uao || ab_rec.uao == 0),
		     "%s: handler runs at EL1h with DAIF masked and UAO clear", what);
	if (!ok)
		rt_printf("# got vec %lx ESR %lx FAR %lx ELR %lx SPSR %lx DAIF %lx EL %lx SPSel %lx UAO %lx\n",
			  ab_rec.vec, ab_rec.esr, ab_rec.far, ab_rec.elr, ab_rec.spsr, ab_rec.daif,
			  ab_rec.el, ab_rec.spsel, ab_rec.uao);
}

static void instruction_aborts(void)
{
	uint64_t s;

	s = flags | 0x2c0 | PSR_EL1H | (ab_have_uao ? PSR_UAO : 0);
	run(NOWHERE_LOW, s, 0);
	check("fetch from EL1h", s, 0x86000010UL, NOWHERE_LOW, NOWHERE_LOW);

	s = flags | 0x1c0 | PSR_EL1T;
	run(NOWHERE_HIGH + 0x40, s, 0);
	check("fetch from EL1t", s, 0x86000010UL, NOWHERE_HIGH + 0x40, NOWHERE_HIGH + 0x40);

	s = 0x90000000UL | PSR_EL0T;
	run(NOWHERE_LOW + 0x8, s, 0);
	check("fetch from EL0", s, 0x82000010UL, NOWHERE_LOW + 0x8, NOWHERE_LOW + 0x8);
}

static void data_aborts(void)
{
	uint64_t s = flags | 0x2c0 | PSR_EL1H;
	uint64_t a = NOWHERE_HIGH + 0x18;

	run((uint64_t)ab_load, s, a);
	check("load from EL1h", s, 0x96000010UL, a, (uint64_t)ab_load);
	run((uint64_t)ab_store, s, a);
	check("store from EL1h", s, 0x96000050UL, a, (uint64_t)ab_store);
	run((uint64_t)ab_ldp, s, NOWHERE_LOW + 0x30);
	check("LDP from EL1h", s, 0x96000010UL, NOWHERE_LOW + 0x30, (uint64_t)ab_ldp);
	run((uint64_t)ab_stp, s, NOWHERE_LOW + 0x30);
	check("STP from EL1h", s, 0x96000050UL, NOWHERE_LOW + 0x30, (uint64_t)ab_stp);

	s = flags | 0x3c0 | PSR_EL1T;
	run((uint64_t)ab_store, s, NOWHERE_LOW);
	check("store from EL1t", s, 0x96000050UL, NOWHERE_LOW, (uint64_t)ab_store);

	s = 0x60000000UL | PSR_EL0T;
	run((uint64_t)ab_el0_load, s, a + 3);
	check("byte load from EL0", s, 0x92000010UL, a + 3, (uint64_t)ab_el0_load);
	run((uint64_t)ab_store, s, NOWHERE_LOW + 0x100);
	check("store from EL0", s, 0x92000050UL, NOWHERE_LOW + 0x100, (uint64_t)ab_store);

	/* DC CIVAC where nothing is: no abort, the SVC after it is reached. */
	s = PSR_EL1H | 0x3c0;
	run((uint64_t)ab_dc, s, NOWHERE_HIGH);
	tap_ok(ab_rec.esr >> 26 == EC_SVC64 && ab_rec.elr == (uint64_t)ab_dc + 8,
	       "DC CIVAC where there is no memory does nothing (ESR %lx)", ab_rec.esr);
}

/* AArch32 EL0 (A32: LDR r1, [r0]; SVC #0), when the CPU has it: vector +0x600. */
static const uint32_t a32_load[2] __attribute__((aligned(8))) = { 0xe5901000, 0xef000000 };

static void aarch32_el0(void)
{
	uint64_t s = 0x60000000UL | PSR_A32;

	if (((read_sysreg(id_aa64pfr0_el1) >> 0) & 0xf) != 2) {
		for (unsigned int i = 0; i < 10; i++)
			tap_ok(true, "# SKIP no AArch32 at EL0");
		return;
	}
	run(NOWHERE_LOW + 0x40, s, 0);
	check("A32 fetch from EL0", s, 0x82000010UL, NOWHERE_LOW + 0x40, NOWHERE_LOW + 0x40);
	run((uint64_t)a32_load, s, NOWHERE_LOW + 0x44);
	check("A32 load from EL0", s, 0x92000010UL, NOWHERE_LOW + 0x44, (uint64_t)a32_load);
}

/* PAN is set on entry unless SCTLR_EL1.SPAN; SSBS follows SCTLR_EL1.DSSBS. */
static void entry_pstate(void)
{
	uint64_t sctlr = read_sysreg(sctlr_el1);
	uint64_t s = PSR_EL1H | 0x3c0;

	write_sysreg(sctlr_el1, sctlr & ~SCTLR_SPAN);
	__asm__ volatile("isb");
	run((uint64_t)ab_load, s, NOWHERE_LOW);
	tap_ok(ab_rec.pan == PSR_PAN, "SCTLR_EL1.SPAN = 0: PAN set on entry (%lx)", ab_rec.pan);
	write_sysreg(sctlr_el1, sctlr | SCTLR_SPAN);
	__asm__ volatile("isb");
	run((uint64_t)ab_load, s, NOWHERE_LOW);
	tap_ok(ab_rec.pan == 0, "SCTLR_EL1.SPAN = 1: PAN left clear (%lx)", ab_rec.pan);
	run((uint64_t)ab_load, s | PSR_PAN, NOWHERE_LOW);
	tap_ok(ab_rec.pan == PSR_PAN && ab_rec.spsr == (s | PSR_PAN),
	       "SCTLR_EL1.SPAN = 1: PAN kept set (%lx)", ab_rec.pan);
	if (ab_have_ssbs) {
		write_sysreg(sctlr_el1, sctlr | SCTLR_SPAN | SCTLR_DSSBS);
		__asm__ volatile("isb");
		run((uint64_t)ab_load, s, NOWHERE_LOW);
		tap_ok(ab_rec.ssbs == (1UL << 12), "SSBS = SCTLR_EL1.DSSBS = 1 on entry");
		write_sysreg(sctlr_el1, (sctlr | SCTLR_SPAN) & ~SCTLR_DSSBS);
		__asm__ volatile("isb");
		run((uint64_t)ab_load, s | (1UL << 12), NOWHERE_LOW);
		tap_ok(ab_rec.ssbs == 0, "SSBS = SCTLR_EL1.DSSBS = 0 on entry");
	} else {
		tap_ok(true, "# SKIP no FEAT_SSBS");
		tap_ok(true, "# SKIP no FEAT_SSBS");
	}
	write_sysreg(sctlr_el1, sctlr);
	__asm__ volatile("isb");
}

/*
 * Stage-1 walks (4 KiB granule, 39-bit VAs, start level 1): TTBR0's L1
 * table maps 0-1 GiB as device, 1-2 GiB (RAM) as normal memory, and its
 * entry for 2-3 GiB points at a level-2 table where there is no memory.
 * TTBR1's table itself is where there is no memory.
 */
static uint64_t l1[512] __attribute__((aligned(4096)));

static void walks(void)
{
	uint64_t sctlr = read_sysreg(sctlr_el1);
	uint64_t s = flags | 0x3c0 | PSR_EL1H;
	uint64_t va_hi = 0xffffff8000000000UL + 0x1238;

	l1[0] = 0x00000000UL | (1UL << 10) | (1UL << 54) | (1UL << 53) | 1;	/* AF, XN, device */
	l1[1] = 0x40000000UL | (1UL << 10) | (3UL << 8) | (1UL << 2) | 1;	/* AF, ISH, attr 1 */
	l1[2] = NOWHERE_HIGH | 3;
	__asm__ volatile("dsb sy");
	write_sysreg(mair_el1, 0xff00UL);
	/* T0SZ = T1SZ = 25, WB cacheable inner shareable walks, TG1 = 4K, IPS 48 bits. */
	write_sysreg(tcr_el1, 25UL | (1UL << 8) | (1UL << 10) | (3UL << 12) | (25UL << 16) |
			      (1UL << 24) | (1UL << 26) | (3UL << 28) | (2UL << 30) | (5UL << 32));
	write_sysreg(ttbr0_el1, (uint64_t)l1);
	write_sysreg(ttbr1_el1, NOWHERE_HIGH + 0x5000);
	__asm__ volatile("isb\n tlbi vmalle1\n dsb nsh\n isb");
	write_sysreg(sctlr_el1, sctlr | 1 | (1UL << 2) | (1UL << 12));	/* M, C, I */
	__asm__ volatile("isb");

	run((uint64_t)ab_load, s, 0x80001008UL);
	check("load through a level-2 table outside memory", s, 0x96000016UL, 0x80001008UL,
	      (uint64_t)ab_load);
	run((uint64_t)ab_store, s, va_hi);
	check("store through TTBR1 outside memory", s, 0x96000055UL, va_hi, (uint64_t)ab_store);
	run(0x80400000UL, s, 0);
	check("fetch through a level-2 table outside memory", s, 0x86000016UL, 0x80400000UL,
	      0x80400000UL);
	run((uint64_t)ab_load, s, NOWHERE_HIGH);
	check("with the MMU on, a load where there is no memory", s, 0x96000010UL,
	      NOWHERE_HIGH, (uint64_t)ab_load);

	write_sysreg(sctlr_el1, sctlr);
	__asm__ volatile("isb\n tlbi vmalle1\n dsb nsh\n isb");
}

void rt_main(uint64_t dtb)
{
	uint64_t old_vbar = read_sysreg(vbar_el1);

	(void)dtb;
	ab_have_uao = (read_sysreg(id_aa64mmfr2_el1) >> 4) & 0xf;
	ab_have_ssbs = (read_sysreg(id_aa64pfr1_el1) >> 4) & 0xf;
	tap_plan(5 * 3 + 5 * 7 + 1 + 5 * 2 + 5 + 5 * 4);
	write_sysreg(vbar_el1, (uint64_t)ab_vectors);
	__asm__ volatile("isb");
	instruction_aborts();
	data_aborts();
	aarch32_el0();
	entry_pstate();
	walks();
	write_sysreg(vbar_el1, old_vbar);
	__asm__ volatile("isb");
}
