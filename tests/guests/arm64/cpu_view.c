/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The CPU the guest is shown is the CPU it can use (Arm ARM, the ID
 * registers' field definitions). Every feature an ID field advertises is
 * used: its instruction executes, its register is there, breakpoints and
 * watchpoints fire. Every hidden feature that has a trap control gives
 * UNDEFINED at this EL1 vector (ESR_EL1.EC 0, IL 1), as on a CPU without
 * it. The reserved encodings of the ID space read as zero, a write to an
 * ID register is UNDEFINED. AArch64 EL0 runs (EL0 = 1), with FP. vCPU 1 (same physical CPU) checks that it sees
 * the same ID registers and that vCPU 0's breakpoint does not follow it.
 */
#include "tests/guests/arm64/rt.h"

/* Let the assembler take every instruction; the ID registers decide. */
#define ARCH ".arch armv8.7-a+crypto+sha3+sm4+fp16+fp16fml+rng+sve+sme+memtag+predres" \
	     "+ssbs+flagm+i8mm+bf16\n\t"
#define NO_EXC (~0UL)
#define ESR_UNDEF 0x02000000UL		/* EC 0 (unknown reason), IL 1 */
#define EC(esr) (((esr) >> 26) & 0x3f)
#define EC_BKPT_CUR 0x31
#define EC_WPT_CUR 0x35

static uint64_t scratch[8] __attribute__((aligned(64)));

/* Run @text with x0 = &scratch; the ESR of the exception it took, or NO_EXC. */
#define TRY(text) ({ \
	rt_aborts = 0; \
	rt_expect_abort = true; \
	__asm__ volatile(ARCH "mov x0, %0\n\t" text : : "r"(scratch) \
			 : "x0", "x1", "x2", "memory"); \
	rt_expect_abort = false; \
	rt_aborts ? rt_abort_esr : NO_EXC; })

/* An ID register by its encoding (CRm, op2: op0 3, op1 0, CRn 0). */
#define IDR(crm, op2) ({ uint64_t __v; \
	__asm__ volatile("mrs %0, S3_0_C0_C" #crm "_" #op2 : "=r"(__v)); __v; })

static uint64_t idr[8][8];		/* [CRm][op2] as vCPU 0 read them */
static volatile uint64_t idr_cpu1[8][8];
static volatile int cpu1_done, cpu1_bp_taken;
static unsigned int fails;

static void read_all(uint64_t (*out)[8])
{
#define R8(crm) out[crm][0] = IDR(crm, 0); out[crm][1] = IDR(crm, 1); \
	out[crm][2] = IDR(crm, 2); out[crm][3] = IDR(crm, 3); out[crm][4] = IDR(crm, 4); \
	out[crm][5] = IDR(crm, 5); out[crm][6] = IDR(crm, 6); out[crm][7] = IDR(crm, 7);
	R8(1) R8(2) R8(3) R8(4) R8(5) R8(6) R8(7)
#undef R8
}

static unsigned int field(unsigned int crm, unsigned int op2, unsigned int shift)
{
	return (unsigned int)(idr[crm][op2] >> shift) & 0xf;
}

#define OK(cond, ...) do { if (!tap_ok(cond, __VA_ARGS__)) fails++; } while (0)

/* A feature shown (field >= min): its instruction runs without exception. */
struct use {
	unsigned int crm, op2, shift, min;
	const char *what;
	uint64_t (*run)(void);
};

#define USE(name, text) static uint64_t use_##name(void) { return TRY(text); }
USE(fp, "fadd d0, d1, d2")
USE(fp16, "fadd h0, h1, h2")
USE(simd, "add v0.4s, v1.4s, v2.4s")
USE(simd16, "fadd v0.8h, v1.8h, v2.8h")
USE(dit, "msr dit, #1\n\tmsr dit, #0")
USE(aes, "aese v0.16b, v1.16b")
USE(pmull, "pmull v0.1q, v1.1d, v2.1d")
USE(sha1, "sha1h s0, s1")
USE(sha256, "sha256h q0, q1, v2.4s")
USE(sha512, "sha512h q0, q1, v2.2d")
USE(crc32, "crc32b w1, w1, w2")
USE(lse, "ldadd x1, x2, [x0]")
USE(rdm, "sqrdmlah v0.8h, v1.8h, v2.8h")
USE(sha3, "eor3 v0.16b, v1.16b, v2.16b, v3.16b")
USE(sm3, "sm3partw1 v0.4s, v1.4s, v2.4s")
USE(sm4, "sm4e v0.4s, v1.4s")
USE(dp, "sdot v0.4s, v1.16b, v2.16b")
USE(fhm, "fmlal v0.2s, v1.2h, v2.2h")
USE(flagm, "cfinv")
USE(flagm2, "axflag")
USE(tlbios, "tlbi vmalle1os\n\tdsb sy")
USE(tlbirange, "mov x0, xzr\n\ttlbi rvae1, x0\n\tdsb sy")
USE(rndr, "mrs x1, rndr")
USE(dpb, "dc cvap, x0")
USE(dpb2, "dc cvadp, x0")
USE(pacga, "mov x1, #1\n\tmov x2, #2\n\tpacga x1, x1, x2")
USE(pacia, "mov x1, #1\n\tpacia x1, x0\n\tautia x1, x0")
USE(jscvt, "fjcvtzs w1, d0")
USE(fcma, "fcmla v0.4s, v1.4s, v2.4s, #0")
USE(rcpc, "ldapr x1, [x0]")
USE(rcpc2, "ldapur x1, [x0]")
USE(frintts, "frint32z s0, s1")
USE(sb, "sb")
USE(specres, "mov x1, xzr\n\tcfp rctx, x1")
USE(bf16, "bfdot v0.2s, v1.4h, v2.4h")
USE(i8mm, "smmla v0.4s, v1.16b, v2.16b")
USE(ssbs, "msr ssbs, #1\n\tmsr ssbs, #0")
USE(ssbs2, "mrs x1, ssbs")
USE(pan, "msr pan, #1\n\tmsr pan, #0")
USE(uao, "msr uao, #0")
USE(gic, "mrs x1, S3_0_C12_C12_5")	/* ICC_SRE_EL1 */
USE(ecv, "mrs x1, S3_3_C14_C0_6")	/* CNTVCTSS_EL0 */
USE(el3, "mov x1, x0\n\tmov x0, #0x84000000\n\tsmc #0\n\tmov x0, x1")	/* PSCI_VERSION */

static const struct use uses[] = {
	{ 4, 0, 16, 0, "FP (ID_AA64PFR0.FP)", use_fp },
	{ 4, 0, 16, 1, "half-precision FP (FP = 1)", use_fp16 },
	{ 4, 0, 20, 0, "AdvSIMD", use_simd },
	{ 4, 0, 20, 1, "AdvSIMD half precision", use_simd16 },
	{ 4, 0, 24, 1, "GIC system registers (ICC_SRE_EL1)", use_gic },
	{ 4, 0, 12, 1, "EL3 (an SMC is answered)", use_el3 },
	{ 4, 0, 48, 1, "DIT", use_dit },
	{ 4, 1, 4, 1, "SSBS", use_ssbs },
	{ 4, 1, 4, 2, "SSBS register", use_ssbs2 },
	{ 6, 0, 4, 1, "AES", use_aes },
	{ 6, 0, 4, 2, "PMULL", use_pmull },
	{ 6, 0, 8, 1, "SHA1", use_sha1 },
	{ 6, 0, 12, 1, "SHA256", use_sha256 },
	{ 6, 0, 12, 2, "SHA512", use_sha512 },
	{ 6, 0, 16, 1, "CRC32", use_crc32 },
	{ 6, 0, 20, 2, "LSE atomics", use_lse },
	{ 6, 0, 28, 1, "RDM", use_rdm },
	{ 6, 0, 32, 1, "SHA3", use_sha3 },
	{ 6, 0, 36, 1, "SM3", use_sm3 },
	{ 6, 0, 40, 1, "SM4", use_sm4 },
	{ 6, 0, 44, 1, "dot product", use_dp },
	{ 6, 0, 48, 1, "FHM", use_fhm },
	{ 6, 0, 52, 1, "flag manipulation", use_flagm },
	{ 6, 0, 52, 2, "flag manipulation 2", use_flagm2 },
	{ 6, 0, 56, 1, "TLBI outer shareable", use_tlbios },
	{ 6, 0, 56, 2, "TLBI range", use_tlbirange },
	{ 6, 0, 60, 1, "RNDR", use_rndr },
	{ 6, 1, 0, 1, "DC CVAP", use_dpb },
	{ 6, 1, 0, 2, "DC CVADP", use_dpb2 },
	{ 6, 1, 4, 1, "address authentication (APA)", use_pacia },
	{ 6, 1, 8, 1, "address authentication (API)", use_pacia },
	{ 6, 1, 24, 1, "generic authentication (GPA)", use_pacga },
	{ 6, 1, 28, 1, "generic authentication (GPI)", use_pacga },
	{ 6, 1, 12, 1, "JSCVT", use_jscvt },
	{ 6, 1, 16, 1, "FCMA", use_fcma },
	{ 6, 1, 20, 1, "LRCPC", use_rcpc },
	{ 6, 1, 20, 2, "LRCPC2", use_rcpc2 },
	{ 6, 1, 32, 1, "FRINTTS", use_frintts },
	{ 6, 1, 36, 1, "SB", use_sb },
	{ 6, 1, 40, 1, "prediction restriction (CFP)", use_specres },
	{ 6, 1, 44, 1, "BF16", use_bf16 },
	{ 6, 1, 52, 1, "I8MM", use_i8mm },
	{ 6, 2, 12, 1, "address authentication (APA3)", use_pacia },
	{ 6, 2, 8, 1, "generic authentication (GPA3)", use_pacga },
	{ 7, 0, 60, 1, "ECV (CNTVCTSS_EL0)", use_ecv },
	{ 7, 1, 20, 1, "PAN", use_pan },
	{ 7, 2, 4, 1, "UAO", use_uao },
};

/* A feature hidden (field == 0) that a trap control keeps UNDEFINED. */
struct hidden {
	unsigned int crm, op2, shift;
	const char *what;
	uint64_t (*run)(void);
};

USE(sve, "rdvl x1, #1")
USE(zcr, "mrs x1, S3_0_C1_C2_0")		/* ZCR_EL1 */
USE(smcr, "mrs x1, S3_0_C1_C2_6")		/* SMCR_EL1 */
USE(smstart, "smstart")
USE(erridr, "mrs x1, S3_0_C5_C3_0")		/* ERRIDR_EL1 */
USE(amcr, "mrs x1, S3_3_C13_C2_0")		/* AMCR_EL0 */
USE(gcr, "mrs x1, S3_0_C1_C0_6")		/* GCR_EL1 */
USE(trcidr0, "mrs x1, S2_1_C0_C8_7")		/* TRCIDR0 */
USE(pmsidr, "mrs x1, S3_0_C9_C9_7")		/* PMSIDR_EL1 */
USE(trbidr, "mrs x1, S3_0_C9_C11_7")		/* TRBIDR_EL1 */
USE(lorid, "mrs x1, S3_0_C10_C4_7")		/* LORID_EL1 */
USE(hcr, "mrs x1, S3_4_C1_C1_0")		/* HCR_EL2 */

static const struct hidden hiddens[] = {
	{ 4, 0, 32, "SVE instruction (RDVL)", use_sve },
	{ 4, 0, 32, "SVE register ZCR_EL1", use_zcr },
	{ 4, 1, 24, "SME register SMCR_EL1", use_smcr },
	{ 4, 1, 24, "SME SMSTART", use_smstart },
	{ 4, 0, 28, "RAS error records (ERRIDR_EL1)", use_erridr },
	{ 4, 0, 44, "activity monitors (AMCR_EL0)", use_amcr },
	{ 4, 1, 8, "MTE register GCR_EL1", use_gcr },
	{ 5, 0, 4, "trace unit (TRCIDR0)", use_trcidr0 },
	{ 5, 0, 32, "statistical profiling (PMSIDR_EL1)", use_pmsidr },
	{ 5, 0, 44, "trace buffer (TRBIDR_EL1)", use_trbidr },
	{ 7, 1, 16, "LORegions (LORID_EL1)", use_lorid },
	{ 4, 0, 8, "EL2 register HCR_EL2", use_hcr },
};

static bool use_shown(const struct use *u)
{
	unsigned int f = field(u->crm, u->op2, u->shift);

	/* FP and AdvSIMD (PFR0 bits 16-23) are signed: 0xf is "not implemented". */
	if (u->crm == 4 && u->op2 == 0 && (u->shift == 16 || u->shift == 20))
		return f != 0xf && f >= u->min;
	return f >= u->min;
}

/* ---- breakpoints and watchpoints ---------------------------------------- */

void bp_target(void);
__asm__(".globl bp_target\nbp_target:\n\tnop\n\tret\n");

#define BCR_EL1_EXEC ((0xfUL << 5) | (3UL << 1) | 1)	/* BAS all, EL1+EL0, E */
#define WCR_EL1_STORE ((0xffUL << 5) | (2UL << 3) | (3UL << 1) | 1)
#define MDSCR_KDE (1UL << 13)
#define MDSCR_MDE (1UL << 15)

static void debug_on(void)
{
	write_sysreg(mdscr_el1, MDSCR_KDE | MDSCR_MDE);
	__asm__ volatile("msr oslar_el1, xzr\n\tisb\n\tmsr daifclr, #8\n\tisb" ::: "memory");
}

static uint64_t call_bp_target(void)
{
	rt_aborts = 0;
	rt_expect_abort = true;
	bp_target();
	rt_expect_abort = false;
	return rt_aborts ? rt_abort_esr : NO_EXC;
}

static void test_debug(void)
{
	unsigned int brps = field(5, 0, 12) + 1, wrps = field(5, 0, 20) + 1;
	uint64_t esr, v, oslsr;

	oslsr = read_sysreg(oslsr_el1);
	OK((oslsr & 0xb) == 0xa, "debug: OSLSR_EL1 %lx (OS Lock implemented, locked at reset)",
	   oslsr);
	debug_on();
	oslsr = read_sysreg(oslsr_el1);
	OK((oslsr & 0xb) == 0x8, "debug: OSLSR_EL1 %lx after OSLAR_EL1 = 0", oslsr);
	/* The last breakpoint and watchpoint shown keep what is written. */
	write_sysreg(dbgbvr1_el1, 0x1234567000UL);
	v = read_sysreg(dbgbvr1_el1);
	OK(v == 0x1234567000UL, "debug: DBGBVR1_EL1 keeps %lx (%u breakpoints)", v, brps);
	/* One past the last breakpoint shown: UNDEFINED. */
	if (brps < 16) {
		rt_aborts = 0;
		rt_expect_abort = true;
		switch (brps) {
		case 2: v = read_sysreg(dbgbcr2_el1); break;
		case 3: v = read_sysreg(dbgbcr3_el1); break;
		case 4: v = read_sysreg(dbgbcr4_el1); break;
		case 5: v = read_sysreg(dbgbcr5_el1); break;
		case 6: v = read_sysreg(dbgbcr6_el1); break;
		default: v = read_sysreg(dbgbcr15_el1); break;
		}
		rt_expect_abort = false;
		OK(rt_aborts == 1 && rt_abort_esr == ESR_UNDEF,
		   "debug: DBGBCR%u_EL1 (not shown) is UNDEFINED (ESR %lx)", brps,
		   rt_aborts ? rt_abort_esr : 0);
	} else {
		OK(true, "debug: all 16 breakpoints shown");
	}
	/* A breakpoint really fires: EC 0x31 at the breakpointed address. */
	write_sysreg(dbgbvr0_el1, (uint64_t)bp_target);
	write_sysreg(dbgbcr0_el1, BCR_EL1_EXEC);
	__asm__ volatile("isb");
	esr = call_bp_target();
	OK(esr != NO_EXC && EC(esr) == EC_BKPT_CUR, "debug: breakpoint 0 fires (ESR %lx)",
	   esr == NO_EXC ? 0 : esr);
	/* A watchpoint too: EC 0x35, FAR the stored-to address. */
	write_sysreg(dbgwvr0_el1, (uint64_t)&scratch[0]);
	write_sysreg(dbgwcr0_el1, WCR_EL1_STORE);
	__asm__ volatile("isb");
	rt_aborts = 0;
	rt_expect_abort = true;
	*(volatile uint64_t *)&scratch[0] = 5;
	rt_expect_abort = false;
	OK(rt_aborts == 1 && EC(rt_abort_esr) == EC_WPT_CUR &&
	   rt_abort_far == (uint64_t)&scratch[0],
	   "debug: watchpoint 0 fires on a store (ESR %lx, FAR %lx)",
	   rt_aborts ? rt_abort_esr : 0, rt_aborts ? rt_abort_far : 0);
	write_sysreg(dbgwcr0_el1, 0);
	(void)wrps;
}

/* ---- every op0 = 2 encoding, read and written ------------------------------ */

/* MRS/MSR x1 with a run-time encoding, executed from this buffer. */
static uint32_t insn_buf[2] __attribute__((aligned(8)));

static uint64_t run_sysreg(uint32_t insn)
{
	insn_buf[0] = insn;
	insn_buf[1] = 0xd65f03c0;	/* ret */
	__asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb"
			 : : "r"(insn_buf) : "memory");
	rt_aborts = 0;
	rt_expect_abort = true;
	__asm__ volatile("mov x1, xzr\n\tblr %0" : : "r"(insn_buf) : "x1", "x30", "memory");
	rt_expect_abort = false;
	return rt_aborts ? rt_abort_esr : NO_EXC;
}

/*
 * The self-hosted debug registers the Arm ARM defines (op0 = 2, AArch64)
 * outside the breakpoint/watchpoint arrays, as op1 << 11 | CRn << 7 |
 * CRm << 3 | op2 with R/W: MDCCINT, MDSCR, OSDTRRX, OSDTRTX, OSECCR,
 * MDRAR, OSLAR, OSLSR, OSDLR, DBGPRCR, DBGCLAIMSET/CLR, DBGAUTHSTATUS,
 * MDCCSR_EL0, DBGDTR_EL0, DBGDTRRX/TX_EL0. (DBGVCR32_EL2 is EL2's.)
 */
#define DENC(op1, crn, crm, op2) (((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))
static const struct { uint16_t enc; uint8_t rw; } debug_defined[] = {
	{ DENC(0, 0, 2, 0), 3 }, { DENC(0, 0, 2, 2), 3 }, { DENC(0, 0, 0, 2), 3 },
	{ DENC(0, 0, 3, 2), 3 }, { DENC(0, 0, 6, 2), 3 }, { DENC(0, 1, 0, 0), 1 },
	{ DENC(0, 1, 0, 4), 2 }, { DENC(0, 1, 1, 4), 1 }, { DENC(0, 1, 3, 4), 3 },
	{ DENC(0, 1, 4, 4), 3 }, { DENC(0, 7, 8, 6), 3 }, { DENC(0, 7, 9, 6), 3 },
	{ DENC(0, 7, 14, 6), 1 }, { DENC(3, 0, 1, 0), 1 }, { DENC(3, 0, 4, 0), 3 },
	{ DENC(3, 0, 5, 0), 3 },
};

/*
 * Every op0 = 2 encoding read and written (x1 = 0) at EL1: each access
 * completes or is UNDEFINED (EC 0), nothing completes that the
 * architecture does not define for that direction, and the breakpoint and
 * watchpoint registers exist exactly up to the counts ID_AA64DFR0 shows.
 * (An emulator may leave some defined registers out: QEMU 7.2 has no
 * claim tags, DBGAUTHSTATUS, OSDTR*, OSECCR, DBGPRCR or DBGDTR*; those are
 * then UNDEFINED before any trap to zarm, as on the bare emulator.)
 */
static void test_debug_sweep(void)
{
	unsigned int brps = field(5, 0, 12) + 1, wrps = field(5, 0, 20) + 1;
	unsigned int reads = 0, writes = 0, odd = 0, extra = 0, arrays = 0;
	uint64_t odd_esr = 0, extra_enc = 0;

	for (unsigned int enc = 0; enc < (8 << 11); enc++) {
		uint32_t sys = 0xd5100000 | (enc << 5) | 1;		/* op0 = 2, Rt = x1 */
		uint64_t r = run_sysreg(sys | (1 << 21));		/* MRS */
		uint64_t w = run_sysreg(sys);				/* MSR, x1 = 0 */
		unsigned int crm = (enc >> 3) & 15, op2 = enc & 7, rw = 0;

		reads += r == NO_EXC;
		writes += w == NO_EXC;
		if ((r != NO_EXC && r != ESR_UNDEF) || (w != NO_EXC && w != ESR_UNDEF)) {
			odd++;
			odd_esr = r != NO_EXC && r != ESR_UNDEF ? r : w;
		}
		if ((enc >> 7) == 0 && op2 >= 4) {
			/* DBG{B,W}{V,C}R<CRm>: must exist exactly below the count. */
			bool exists = crm < (op2 < 6 ? brps : wrps);

			arrays += exists ? (r == NO_EXC && w == NO_EXC) : (r != NO_EXC || w != NO_EXC);
			continue;
		}
		for (unsigned int i = 0; i < sizeof(debug_defined) / sizeof(debug_defined[0]); i++)
			if (debug_defined[i].enc == enc)
				rw = debug_defined[i].rw;
		if ((r == NO_EXC && !(rw & 1)) || (w == NO_EXC && !(rw & 2))) {
			extra++;
			extra_enc = enc;
		}
	}
	rt_printf("# op0 = 2 sweep: %u reads and %u writes completed\n", reads, writes);
	OK(odd == 0, "op0 = 2 sweep: every access completes or is UNDEFINED (%u not, ESR %lx)",
	   odd, odd_esr);
	OK(arrays == 16 * 4, "op0 = 2 sweep: %u breakpoints and %u watchpoints exist, no more (%u of 64 right)",
	   brps, wrps, arrays);
	OK(extra == 0, "op0 = 2 sweep: nothing the Arm ARM does not define completes (%u do, last %lx)",
	   extra, extra_enc);
}

/* ---- EL0 (ID_AA64PFR0.EL0 = 1: AArch64) -------------------------------- */

/*
 * el0_call(fn, stack): run @fn at EL0t with SP_EL0 = @stack, interrupts
 * masked, until its first exception to EL1, which lands in el0_vectors'
 * lower-EL synchronous entry: that restores the caller (callee-saved
 * registers, SP, VBAR_EL1, DAIF) and returns ESR_EL1.
 */
uint64_t el0_call(void (*fn)(void), void *stack);
void el0_svc(void);
void el0_fp(void);
void el0_sve(void);
__asm__(
	".pushsection .text\n"
	".balign 0x800\n"
	"el0_vectors:\n"
	".rept 8\n .balign 0x80\n b .\n .endr\n"
	".balign 0x80\n"			/* +0x400: lower EL, AArch64, synchronous */
	"	mrs	x0, esr_el1\n"
	"	adrp	x1, el0_saved\n"
	"	add	x1, x1, :lo12:el0_saved\n"
	"	ldp	x2, x3, [x1, #96]\n"
	"	mov	sp, x2\n"
	"	msr	vbar_el1, x3\n"
	"	ldr	x3, [x1, #112]\n"
	"	msr	daif, x3\n"			/* the exception masked D, A, I, F */
	"	isb\n"
	"	ldp	x19, x20, [x1, #0]\n"
	"	ldp	x21, x22, [x1, #16]\n"
	"	ldp	x23, x24, [x1, #32]\n"
	"	ldp	x25, x26, [x1, #48]\n"
	"	ldp	x27, x28, [x1, #64]\n"
	"	ldp	x29, x30, [x1, #80]\n"
	"	ret\n"
	".rept 7\n .balign 0x80\n b .\n .endr\n"
	".globl el0_call\n"
	"el0_call:\n"
	"	adrp	x2, el0_saved\n"
	"	add	x2, x2, :lo12:el0_saved\n"
	"	stp	x19, x20, [x2, #0]\n"
	"	stp	x21, x22, [x2, #16]\n"
	"	stp	x23, x24, [x2, #32]\n"
	"	stp	x25, x26, [x2, #48]\n"
	"	stp	x27, x28, [x2, #64]\n"
	"	stp	x29, x30, [x2, #80]\n"
	"	mov	x3, sp\n"
	"	mrs	x4, vbar_el1\n"
	"	stp	x3, x4, [x2, #96]\n"
	"	mrs	x4, daif\n"
	"	str	x4, [x2, #112]\n"
	"	adrp	x3, el0_vectors\n"
	"	add	x3, x3, :lo12:el0_vectors\n"
	"	msr	vbar_el1, x3\n"
	"	msr	sp_el0, x1\n"
	"	msr	elr_el1, x0\n"
	"	mov	x3, #0x3c0\n"			/* EL0t, D A I F masked */
	"	msr	spsr_el1, x3\n"
	"	isb\n"
	"	eret\n"
	".globl el0_svc\nel0_svc:\n	svc	#0x5a\n	b	.\n"
	".globl el0_fp\nel0_fp:\n	fadd	d0, d1, d2\n	svc	#1\n	b	.\n"
	".globl el0_sve\nel0_sve:\n	.inst	0x04bf5020\n	svc	#2\n	b	.\n"	/* rdvl x0, #1 */
	".popsection\n");
uint64_t el0_saved[16];
static uint64_t el0_stack[512] __attribute__((aligned(16)));

static void test_el0(void)
{
	uint64_t esr;

	esr = el0_call(el0_svc, &el0_stack[512]);
	OK(esr == 0x5600005aUL, "EL0 (AArch64) runs and its SVC #0x5a reaches EL1 (ESR %lx)", esr);
	esr = el0_call(el0_fp, &el0_stack[512]);
	OK(esr == 0x56000001UL, "EL0 uses FP (CPACR_EL1.FPEN) and gets to its SVC (ESR %lx)", esr);
	esr = el0_call(el0_sve, &el0_stack[512]);
	OK(esr == ESR_UNDEF, "SVE at EL0 is UNDEFINED at EL1's lower-EL vector (ESR %lx)", esr);
}

/* The full-frame trap path: an ID or debug register in x19-x29. */
static void test_high_registers(void)
{
	uint64_t a, b;

	__asm__ volatile("mrs x20, S3_0_C0_C4_0\n\tmov %0, x20" : "=r"(a) : : "x20");
	b = idr[4][0];
	OK(a == b, "ID_AA64PFR0_EL1 read into x20: %lx (x0: %lx)", a, b);
	__asm__ volatile("mov x22, %1\n\tmsr dbgbvr1_el1, x22\n\tmrs x27, dbgbvr1_el1\n\t"
			 "mov %0, x27" : "=r"(a) : "r"(0xabcd0000UL) : "x22", "x27");
	OK(a == 0xabcd0000UL, "DBGBVR1_EL1 written from x22, read into x27: %lx", a);
}

/* ---- vCPU 1 ------------------------------------------------------------- */

void rt_secondary(unsigned int cpu)
{
	(void)cpu;
	read_all((uint64_t (*)[8])idr_cpu1);
	/* vCPU 0's breakpoint 0 is armed: it must not fire here. */
	debug_on();
	cpu1_bp_taken = call_bp_target() != NO_EXC;
	__atomic_store_n(&cpu1_done, 1, __ATOMIC_RELEASE);
	rt_cpu_off();
}

/* Registers zarm's policy shows (CRm, op2); every other encoding is zero. */
static bool shown(unsigned int crm, unsigned int op2)
{
	return (crm == 4 && op2 <= 1) || (crm == 5 && op2 == 0) || (crm == 6 && op2 <= 2) ||
	       (crm == 7 && op2 <= 2);
}

void rt_main(uint64_t dtb)
{
	unsigned int n = 0, nz = 0;
	uint64_t esr;

	(void)dtb;
	read_all(idr);
	for (unsigned int i = 0; i < sizeof(uses) / sizeof(uses[0]); i++)
		n += use_shown(&uses[i]);
	/*
	 * 8 on the ID space, the features shown, the hidden ones, 3 sweep,
	 * 6 debug, 2 x19-x29, 3 EL0, 3 vCPU 1.
	 */
	tap_plan(8 + 2 + 3 + 3 + n + sizeof(hiddens) / sizeof(hiddens[0]) + 6 + 3);
	n = 0;
	rt_printf("# ID_AA64PFR0 %lx PFR1 %lx DFR0 %lx ISAR0 %lx ISAR1 %lx ISAR2 %lx\n",
		  idr[4][0], idr[4][1], idr[5][0], idr[6][0], idr[6][1], idr[6][2]);
	rt_printf("# ID_AA64MMFR0 %lx MMFR1 %lx MMFR2 %lx MIDR %lx\n", idr[7][0], idr[7][1],
		  idr[7][2], read_sysreg(midr_el1));

	/* The ID space: reserved encodings and hidden registers read zero. */
	for (unsigned int crm = 1; crm <= 7; crm++)
		for (unsigned int op2 = 0; op2 <= 7; op2++)
			if (!shown(crm, op2) && idr[crm][op2])
				nz++;
	OK(nz == 0, "ID space: reserved and hidden encodings read zero (%u do not)", nz);
	OK(field(4, 0, 0) == 1 && field(4, 0, 4) == 1 && field(4, 0, 8) == 0,
	   "ID_AA64PFR0: EL0 and EL1 AArch64 only, no EL2 (%lx)", idr[4][0]);
	OK(field(4, 0, 32) == 0 && field(4, 1, 24) == 0 && idr[4][4] == 0 && idr[4][5] == 0,
	   "ID registers: no SVE, no SME, ZFR0/SMFR0 zero (PFR0 %lx PFR1 %lx)",
	   idr[4][0], idr[4][1]);
	/* The virtual PMU (pmu/): shown as at most PMUv3p5, and it answers. */
	OK(field(5, 0, 8) >= 1 && field(5, 0, 8) <= 6 && (read_sysreg(pmcr_el0) >> 11 & 31) > 0,
	   "ID_AA64DFR0: PMUVer %u, the virtual PMU (PMCR_EL0.N %lu)", field(5, 0, 8),
	   read_sysreg(pmcr_el0) >> 11 & 31);
	OK(field(7, 0, 0) <= 2, "ID_AA64MMFR0: PARange %u within zarm's 40-bit stage 2",
	   field(7, 0, 0));
	/* Armv8 and later: the architecture field says "see the ID registers". */
	OK(((read_sysreg(midr_el1) >> 16) & 0xf) == 0xf, "MIDR_EL1 %lx: architecture 0xf",
	   read_sysreg(midr_el1));
	/* CPACR_EL1: ZEN and SMEN are RES0 on a CPU without SVE and SME. */
	write_sysreg(cpacr_el1, (3UL << 20) | (3UL << 16) | (3UL << 24));
	esr = read_sysreg(cpacr_el1);
	OK(esr == (3UL << 20), "CPACR_EL1 reads %lx: FPEN only, no ZEN or SMEN", esr);
	esr = TRY("msr S3_0_C0_C4_0, xzr");
	OK(esr == ESR_UNDEF, "ID space: a write to ID_AA64PFR0_EL1 is UNDEFINED (ESR %lx)",
	   esr == NO_EXC ? 0 : esr);

	for (unsigned int i = 0; i < sizeof(uses) / sizeof(uses[0]); i++) {
		const struct use *u = &uses[i];

		if (!use_shown(u)) {
			n++;
			continue;
		}
		esr = u->run();
		OK(esr == NO_EXC, "%s shown (field %u): it executes (ESR %lx)", u->what,
		   field(u->crm, u->op2, u->shift),
		   esr == NO_EXC ? 0 : esr);
	}
	rt_printf("# %u features not shown, so not used\n", n);
	for (unsigned int i = 0; i < sizeof(hiddens) / sizeof(hiddens[0]); i++) {
		const struct hidden *h = &hiddens[i];
		unsigned int f = field(h->crm, h->op2, h->shift);

		esr = h->run();
		OK(f == 0 && esr == ESR_UNDEF, "%s: field %u, UNDEFINED (ESR %lx)", h->what, f,
		   esr == NO_EXC ? 0 : esr);
	}
	test_debug();
	test_high_registers();
	test_el0();

	/* vCPU 1, on the same physical CPU: same view, its own debug state. */
	if (rt_cpu_on(1) == 0) {
		while (!__atomic_load_n(&cpu1_done, __ATOMIC_ACQUIRE))
			;
		nz = 0;
		for (unsigned int crm = 1; crm <= 7; crm++)
			for (unsigned int op2 = 0; op2 <= 7; op2++)
				nz += idr_cpu1[crm][op2] != idr[crm][op2];
		OK(nz == 0, "vCPU 1 reads the same ID registers (%u differ)", nz);
		OK(!cpu1_bp_taken, "vCPU 0's breakpoint does not fire on vCPU 1");
	} else {
		OK(false, "CPU_ON vCPU 1");
		OK(false, "vCPU 1 ran");
	}
	esr = call_bp_target();
	OK(esr != NO_EXC && EC(esr) == EC_BKPT_CUR,
	   "debug: vCPU 0's breakpoint still fires after the switch (ESR %lx)",
	   esr == NO_EXC ? 0 : esr);
	write_sysreg(dbgbcr0_el1, 0);
	test_debug_sweep();		/* last: it writes every debug register */
	rt_printf("# %u failed\n", fails);
}
