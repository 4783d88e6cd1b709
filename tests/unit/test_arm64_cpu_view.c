/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the CPU guests see (cpu/arm64_idregs.c, cpu/arm64_dbgregs.c).
 * The expectations are written from the Arm ARM's field definitions and the
 * policy in doc/arm64.md, independently of the model's tables: fields of
 * features zarm does not switch read as absent whatever the host has, lower
 * is never raised, and a randomized run checks every field of every register
 * against a reference.
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "cpu/arm64_dbgregs.h"
#include "cpu/arm64_idregs.h"
#include "tests/unit/unit_test.h"

static const struct idregs_vm no_pmu = { .vpmu = false }, with_pmu = { .vpmu = true };

static unsigned int fld(uint64_t v, unsigned int shift)
{
	return idregs_field(v, shift);
}

/* ID_AA64PFR0_EL1 of QEMU 7.2's `-cpu max` (SVE, RAS, AArch32 EL0/EL1, no EL3). */
#define QEMU_PFR0 0x0101000111112222ULL

START_TEST(pfr0_qemu_max)
{
	uint64_t g = idregs_sanitize(IDREG_ID_AA64PFR0, QEMU_PFR0, &no_pmu);

	ck_assert_uint_eq(fld(g, 0), 1);	/* EL0: AArch64 only */
	ck_assert_uint_eq(fld(g, 4), 1);	/* EL1: AArch64 only */
	ck_assert_uint_eq(fld(g, 8), 0);	/* no EL2 for guests */
	ck_assert_uint_eq(fld(g, 12), 1);	/* EL3 (host has it here) */
	ck_assert_uint_eq(fld(g, 16), 1);	/* FP with FP16 */
	ck_assert_uint_eq(fld(g, 20), 1);	/* AdvSIMD with FP16 */
	ck_assert_uint_eq(fld(g, 24), 1);	/* GICv3 system registers */
	ck_assert_uint_eq(fld(g, 28), 0);	/* RAS hidden */
	ck_assert_uint_eq(fld(g, 32), 0);	/* SVE hidden */
	ck_assert_uint_eq(fld(g, 48), 1);	/* DIT */
	ck_assert_uint_eq(fld(g, 56), 1);	/* CSV2 */
	ck_assert_uint_eq(fld(g, 60), 0);	/* CSV3 as the host */
}
END_TEST

START_TEST(hidden_whatever_the_host)
{
	const uint64_t ones = ~0ULL;
	uint64_t g;

	g = idregs_sanitize(IDREG_ID_AA64PFR0, ones, &no_pmu);
	ck_assert_uint_eq(fld(g, 8), 0);	/* EL2 */
	ck_assert_uint_eq(fld(g, 28), 0);	/* RAS */
	ck_assert_uint_eq(fld(g, 32), 0);	/* SVE */
	ck_assert_uint_eq(fld(g, 36), 0);	/* SEL2 */
	ck_assert_uint_eq(fld(g, 40), 0);	/* MPAM */
	ck_assert_uint_eq(fld(g, 44), 0);	/* AMU */
	ck_assert_uint_eq(fld(g, 52), 0);	/* RME */
	ck_assert_uint_eq(fld(g, 24), 1);	/* GIC: v3 only, never v4.1 */
	ck_assert_uint_eq(fld(g, 16), 0xf);	/* no FP stays no FP */
	g = idregs_sanitize(IDREG_ID_AA64PFR1, ones, &no_pmu);
	ck_assert_uint_eq(fld(g, 8), 0);	/* MTE */
	ck_assert_uint_eq(fld(g, 12), 0);	/* RAS_frac */
	ck_assert_uint_eq(fld(g, 16), 0);	/* MPAM_frac */
	ck_assert_uint_eq(fld(g, 24), 0);	/* SME */
	ck_assert_uint_eq(fld(g, 28), 0);	/* RNDR_trap */
	ck_assert_uint_eq(fld(g, 36), 0);	/* NMI */
	ck_assert_uint_eq(fld(g, 40), 0);	/* MTE_frac */
	ck_assert_uint_eq(fld(g, 44), 0);	/* GCS */
	ck_assert_uint_eq(g >> 48, 0);
	g = idregs_sanitize(IDREG_ID_AA64DFR0, ones, &no_pmu);
	ck_assert_uint_eq(fld(g, 4), 0);	/* TraceVer */
	ck_assert_uint_eq(fld(g, 8), 0);	/* PMUVer */
	ck_assert_uint_eq(fld(g, 32), 0);	/* PMSVer (SPE) */
	ck_assert_uint_eq(fld(g, 40), 0);	/* TraceFilt */
	ck_assert_uint_eq(fld(g, 44), 0);	/* TraceBuffer */
	ck_assert_uint_eq(fld(g, 52), 0);	/* BRBE */
	ck_assert_uint_eq(fld(g, 12), 0xf);	/* 16 breakpoints: all switched */
	g = idregs_sanitize(IDREG_ID_AA64ISAR0, ones, &no_pmu);
	ck_assert_uint_eq(fld(g, 24), 0);	/* TME */
	g = idregs_sanitize(IDREG_ID_AA64ISAR1, ones, &no_pmu);
	ck_assert_uint_eq(fld(g, 60), 0);	/* LS64: no emulation of 64-byte MMIO */
	g = idregs_sanitize(IDREG_ID_AA64ISAR2, ones, &no_pmu);
	ck_assert_uint_eq(fld(g, 0), 0);	/* WFxT: zarm's WFI trap has no timeout */
	ck_assert_uint_eq(fld(g, 16), 0);	/* MOPS: no HCRX_EL2.MSCEn */
	g = idregs_sanitize(IDREG_ID_AA64MMFR0, ones, &no_pmu);
	ck_assert_uint_eq(fld(g, 0), 2);	/* PARange: 40-bit stage 2 */
	ck_assert_uint_eq(fld(g, 8), 0);	/* BigEnd: MMIO is not byte-swapped */
	ck_assert_uint_eq(fld(g, 16), 0);	/* BigEndEL0 */
	ck_assert_uint_eq(fld(g, 32), 1);	/* no stage 2 in the guest */
	ck_assert_uint_eq(fld(g, 36), 1);
	ck_assert_uint_eq(fld(g, 40), 1);
	ck_assert_uint_eq(fld(g, 56), 0);	/* FGT */
	ck_assert_uint_eq(fld(g, 60), 1);	/* ECV: no CNTPOFF */
	g = idregs_sanitize(IDREG_ID_AA64MMFR1, ones, &no_pmu);
	ck_assert_uint_eq(fld(g, 4), 0);	/* VMIDBits */
	ck_assert_uint_eq(fld(g, 8), 0);	/* VH */
	ck_assert_uint_eq(fld(g, 16), 0);	/* LO */
	ck_assert_uint_eq(fld(g, 28), 0);	/* XNX */
	ck_assert_uint_eq(fld(g, 32), 0);	/* TWED */
	ck_assert_uint_eq(fld(g, 40), 0);	/* HCX */
	g = idregs_sanitize(IDREG_ID_AA64MMFR2, ones, &no_pmu);
	ck_assert_uint_eq(fld(g, 12), 0);	/* IESB needs RAS */
	ck_assert_uint_eq(fld(g, 24), 0);	/* NV */
	ck_assert_uint_eq(fld(g, 40), 0);	/* FWB */
	ck_assert_uint_eq(fld(g, 56), 0);	/* EVT */
	/* SVE, SME, the AArch32 registers, AFR, DFR1: all zero. */
	ck_assert_uint_eq(idregs_sanitize(IDREG_ID_AA64ZFR0, ones, &with_pmu), 0);
	ck_assert_uint_eq(idregs_sanitize(IDREG_ID_AA64SMFR0, ones, &with_pmu), 0);
	ck_assert_uint_eq(idregs_sanitize(IDREG_ID_AA64DFR1, ones, &with_pmu), 0);
	ck_assert_uint_eq(idregs_sanitize(IDREG_ID_AA64AFR0, ones, &with_pmu), 0);
	ck_assert_uint_eq(idregs_sanitize(IDREG_ID_AA64AFR1, ones, &with_pmu), 0);
	for (unsigned int i = IDREGS_INDEX(1, 0); i < IDREGS_INDEX(4, 0); i++)
		ck_assert_uint_eq(idregs_sanitize(i, ones, &with_pmu), 0);
}
END_TEST

START_TEST(pmu_one_switch)
{
	uint64_t host = 0x0000000110305408ULL;	/* PMUVer 4 (PMUv3p1) */

	ck_assert_uint_eq(fld(idregs_sanitize(IDREG_ID_AA64DFR0, host, &no_pmu), 8), 0);
	ck_assert_uint_eq(fld(idregs_sanitize(IDREG_ID_AA64DFR0, host, &with_pmu), 8), 4);
	/* A newer PMU shows as PMUv3p5, what pmu/ emulates. */
	host |= 0x8ULL << 8;
	ck_assert_uint_eq(fld(idregs_sanitize(IDREG_ID_AA64DFR0, host, &with_pmu), 8), 6);
	/* An IMPLEMENTATION DEFINED PMU (0xf) is never shown. */
	host |= 0xfULL << 8;
	ck_assert_uint_eq(fld(idregs_sanitize(IDREG_ID_AA64DFR0, host, &with_pmu), 8), 0);
}
END_TEST

/*
 * The reference: for each register, the rule of each 4-bit field, as
 * doc/arm64.md states it. 'h' host, 'c'+digit cap, 'f'+digit fixed,
 * 'g' GIC (1 if any), 'p' PMU, '0' hidden. Index 0 is bits [3:0].
 */
struct ref {
	unsigned int index;
	const char *rule[16];
};

static const struct ref refs[] = {
	{ IDREG_ID_AA64PFR0, { "c1", "c1", "0", "c1", "h", "h", "g", "0", "0", "0", "0", "0",
			       "h", "0", "h", "h" } },
	{ IDREG_ID_AA64PFR1, { "h", "h", "0", "0", "0", "0", "0", "0", "h", "0", "0", "0",
			       "0", "0", "0", "0" } },
	{ IDREG_ID_AA64DFR0, { "h", "0", "p", "h", "0", "h", "0", "h", "0", "h", "0", "0",
			       "0", "0", "0", "0" } },
	{ IDREG_ID_AA64ISAR0, { "0", "h", "h", "h", "h", "h", "0", "h", "h", "h", "h", "h",
				"h", "h", "h", "h" } },
	{ IDREG_ID_AA64ISAR1, { "h", "h", "h", "h", "h", "h", "h", "h", "h", "h", "h", "h",
				"h", "h", "h", "0" } },
	{ IDREG_ID_AA64ISAR2, { "0", "h", "h", "h", "0", "h", "h", "h", "0", "0", "0", "0",
				"0", "0", "0", "0" } },
	{ IDREG_ID_AA64MMFR0, { "c2", "h", "0", "h", "0", "h", "h", "h", "f1", "f1", "f1", "h",
				"0", "0", "0", "c1" } },
	{ IDREG_ID_AA64MMFR1, { "h", "0", "0", "h", "0", "h", "h", "0", "0", "h", "0", "h",
				"h", "h", "h", "h" } },
	{ IDREG_ID_AA64MMFR2, { "h", "h", "h", "0", "h", "h", "0", "h", "h", "h", "0", "0",
				"h", "h", "0", "h" } },
};

static unsigned int ref_field(const char *rule, unsigned int host, bool vpmu)
{
	unsigned int arg = rule[1] ? (unsigned int)(rule[1] - '0') : 0;

	switch (rule[0]) {
	case 'h':
		return host;
	case 'c':
		return host < arg ? host : arg;
	case 'f':
		return arg;
	case 'g':
		return host ? 1 : 0;
	case 'p':
		/* What pmu/ emulates: at most PMUv3p5 (6). */
		return vpmu && host != 0xf ? (host > 6 ? 6 : host) : 0;
	default:
		return 0;
	}
}

static uint64_t ref_value(unsigned int index, uint64_t host, bool vpmu)
{
	for (unsigned int i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
		uint64_t v = 0;

		if (refs[i].index != index)
			continue;
		for (unsigned int f = 0; f < 16; f++)
			v |= (uint64_t)ref_field(refs[i].rule[f], fld(host, 4 * f), vpmu) << (4 * f);
		return v;
	}
	return 0;
}

START_TEST(random_against_reference)
{
	uint64_t state = unit_test_seed(0x1d5eed);
	struct idregs_host h;
	struct idregs_view v;

	for (unsigned int run = 0; run < 2000; run++) {
		bool vpmu = run & 1;
		struct idregs_vm vm = { .vpmu = vpmu };

		for (unsigned int i = 0; i < IDREGS_COUNT; i++)
			h.val[i] = unit_test_rand(&state);
		idregs_view_init(&v, &h, &vm);
		for (unsigned int i = 0; i < IDREGS_COUNT; i++) {
			uint64_t want = ref_value(i, h.val[i], vpmu);

			UNIT_CHECK(v.val[i] == want, "run %u reg %u host %llx: %llx, want %llx",
				   run, i, (unsigned long long)h.val[i],
				   (unsigned long long)v.val[i], (unsigned long long)want);
		}
	}
}
END_TEST

START_TEST(access_space)
{
	struct idregs_view v;
	uint64_t val = 0;

	for (unsigned int i = 0; i < IDREGS_COUNT; i++)
		v.val[i] = 0x1000 + i;
	/* Every encoding of CRm 1..7: allocated or reserved, it reads. */
	for (unsigned int crm = 1; crm <= 7; crm++)
		for (unsigned int op2 = 0; op2 <= 7; op2++) {
			ck_assert_int_eq(idregs_access(&v, 3, 0, 0, crm, op2, false, &val), IDREGS_READ);
			ck_assert_uint_eq(val, 0x1000 + IDREGS_INDEX(crm, op2));
			ck_assert_int_eq(idregs_access(&v, 3, 0, 0, crm, op2, true, &val),
					 IDREGS_UNDEF);
		}
	/* MIDR/MPIDR/REVIDR (CRm 0), other op1/CRn: not this space. */
	ck_assert_int_eq(idregs_access(&v, 3, 0, 0, 0, 0, false, &val), IDREGS_NOT_ID);
	ck_assert_int_eq(idregs_access(&v, 3, 1, 0, 0, 1, false, &val), IDREGS_NOT_ID);
	ck_assert_int_eq(idregs_access(&v, 3, 3, 0, 0, 1, false, &val), IDREGS_NOT_ID);
	ck_assert_int_eq(idregs_access(&v, 3, 0, 1, 1, 0, false, &val), IDREGS_NOT_ID);
	ck_assert_int_eq(idregs_access(&v, 3, 0, 0, 8, 0, false, &val), IDREGS_NOT_ID);
	ck_assert_int_eq(idregs_access(&v, 2, 0, 0, 4, 0, false, &val), IDREGS_NOT_ID);
}
END_TEST

START_TEST(debug_decode)
{
	struct dbg_decoded d;

	/* Breakpoints 0..5 and watchpoints 0..3 exist, the rest do not. */
	for (unsigned int n = 0; n < 16; n++) {
		d = dbgregs_decode(2, 0, 0, n, 4, false, 6, 4);
		ck_assert_int_eq(d.action, n < 6 ? DBG_BVR : DBG_UNDEF);
		if (n < 6)
			ck_assert_uint_eq(d.n, n);
		d = dbgregs_decode(2, 0, 0, n, 5, true, 6, 4);
		ck_assert_int_eq(d.action, n < 6 ? DBG_BCR : DBG_UNDEF);
		d = dbgregs_decode(2, 0, 0, n, 6, true, 6, 4);
		ck_assert_int_eq(d.action, n < 4 ? DBG_WVR : DBG_UNDEF);
		d = dbgregs_decode(2, 0, 0, n, 7, false, 6, 4);
		ck_assert_int_eq(d.action, n < 4 ? DBG_WCR : DBG_UNDEF);
	}
	ck_assert_int_eq(dbgregs_decode(2, 0, 0, 2, 2, true, 6, 4).action, DBG_MDSCR);
	ck_assert_int_eq(dbgregs_decode(2, 0, 0, 2, 2, false, 6, 4).action, DBG_MDSCR);
	/* Write-only OSLAR, read-only OSLSR, MDRAR and DBGAUTHSTATUS. */
	ck_assert_int_eq(dbgregs_decode(2, 0, 1, 0, 4, true, 6, 4).action, DBG_OSLAR);
	ck_assert_int_eq(dbgregs_decode(2, 0, 1, 0, 4, false, 6, 4).action, DBG_UNDEF);
	ck_assert_int_eq(dbgregs_decode(2, 0, 1, 1, 4, false, 6, 4).action, DBG_OSLSR);
	ck_assert_int_eq(dbgregs_decode(2, 0, 1, 1, 4, true, 6, 4).action, DBG_UNDEF);
	ck_assert_int_eq(dbgregs_decode(2, 0, 1, 0, 0, false, 6, 4).action, DBG_RAZ_WI);
	ck_assert_int_eq(dbgregs_decode(2, 0, 1, 0, 0, true, 6, 4).action, DBG_UNDEF);
	ck_assert_int_eq(dbgregs_decode(2, 0, 7, 14, 6, false, 6, 4).action, DBG_AUTHSTATUS);
	ck_assert_int_eq(dbgregs_decode(2, 0, 7, 14, 6, true, 6, 4).action, DBG_UNDEF);
	ck_assert_int_eq(dbgregs_decode(2, 0, 1, 3, 4, true, 6, 4).action, DBG_OSDLR);
	ck_assert_int_eq(dbgregs_decode(2, 3, 0, 1, 0, false, 6, 4).action, DBG_RAZ_WI);
	ck_assert_int_eq(dbgregs_decode(2, 3, 0, 1, 0, true, 6, 4).action, DBG_UNDEF);
	/* Trace unit registers (op1 1), DBGVCR32_EL2, unallocated: UNDEFINED. */
	ck_assert_int_eq(dbgregs_decode(2, 1, 0, 1, 0, false, 6, 4).action, DBG_UNDEF);
	ck_assert_int_eq(dbgregs_decode(2, 4, 0, 7, 0, false, 6, 4).action, DBG_UNDEF);
	ck_assert_int_eq(dbgregs_decode(2, 0, 0, 2, 1, false, 6, 4).action, DBG_UNDEF);
	ck_assert_int_eq(dbgregs_decode(3, 0, 0, 2, 2, false, 6, 4).action, DBG_UNDEF);
}
END_TEST

START_TEST(debug_random_encodings)
{
	uint64_t state = unit_test_seed(0xdb9);

	/* Any encoding decodes to something in range, never out of the arrays. */
	for (unsigned int i = 0; i < 20000; i++) {
		uint64_t r = unit_test_rand(&state);
		unsigned int nb = (unsigned int)(r >> 40) % 17, nw = (unsigned int)(r >> 48) % 17;
		struct dbg_decoded d = dbgregs_decode((r >> 0) & 3, (r >> 2) & 7, (r >> 5) & 15,
						      (r >> 9) & 15, (r >> 13) & 7, (r >> 16) & 1,
						      nb, nw);

		if (d.action >= DBG_BVR && d.action <= DBG_BCR)
			UNIT_CHECK(d.n < nb && d.n < DBGREGS_MAX_BP, "bp %u of %u", d.n, nb);
		if (d.action >= DBG_WVR && d.action <= DBG_WCR)
			UNIT_CHECK(d.n < nw && d.n < DBGREGS_MAX_BP, "wp %u of %u", d.n, nw);
		if (((r >> 0) & 3) != 2)
			UNIT_CHECK(d.action == DBG_UNDEF, "op0 %u decoded", (unsigned int)(r & 3));
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("arm64_cpu_view");
	TCase *tc = unit_test_tcase(s, "idregs", NULL, 0);

	tcase_add_test(tc, pfr0_qemu_max);
	tcase_add_test(tc, hidden_whatever_the_host);
	tcase_add_test(tc, pmu_one_switch);
	tcase_add_test(tc, random_against_reference);
	tcase_add_test(tc, access_space);
	tc = unit_test_tcase(s, "dbgregs", NULL, 0);
	tcase_add_test(tc, debug_decode);
	tcase_add_test(tc, debug_random_encodings);
	return unit_test_run(s);
}
