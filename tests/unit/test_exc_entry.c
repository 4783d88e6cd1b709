/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for exception entry to a guest's EL1 (arch/arm64/exc_entry.c)
 * and the stage-1 walk level finder (arch/arm64/s1walk.c), from the Arm
 * ARM's AArch64.TakeException, the ESR_ELx ISS encodings of instruction
 * and data aborts, and the VMSAv8-64 translation table format.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arm64/exc_entry.h"
#include "arch/arm64/s1walk.h"

static const struct exc_cpu_features none, all = { true, true, true, true, true, true };

START_TEST(vector_offsets)
{
	ck_assert_uint_eq(exc_vector_offset(PSR_MODE_EL0T), 0x400);
	ck_assert_uint_eq(exc_vector_offset(PSR_MODE_EL1T), 0x000);
	ck_assert_uint_eq(exc_vector_offset(PSR_MODE_EL1H), 0x200);
	/* AArch32 EL0 (User mode 0x10, System-less guests): lower EL AArch32. */
	ck_assert_uint_eq(exc_vector_offset(0x10), 0x600);
	/* Flags and masks do not move the vector. */
	ck_assert_uint_eq(exc_vector_offset(PSR_MODE_EL1H | PSR_NZCV | PSR_D | PSR_I), 0x200);
	ck_assert_uint_eq(exc_vector_offset(PSR_MODE_EL0T | PSR_F | PSR_PAN), 0x400);
	ck_assert(exc_from_el0(PSR_MODE_EL0T));
	ck_assert(exc_from_el0(0x10));
	ck_assert(!exc_from_el0(PSR_MODE_EL1T));
	ck_assert(!exc_from_el0(PSR_MODE_EL1H));
}
END_TEST

START_TEST(pstate_masks_and_mode)
{
	const uint64_t daif = PSR_D | PSR_A | PSR_I | PSR_F;

	/* From EL0 with everything unmasked: EL1h, all masked, flags kept. */
	ck_assert_uint_eq(exc_entry_pstate(PSR_MODE_EL0T | 0xa0000000UL, 0, &none),
			  0xa0000000UL | daif | PSR_MODE_EL1H);
	/* SS, IL, BTYPE, UAO are cleared; DIT kept. */
	ck_assert_uint_eq(exc_entry_pstate(PSR_MODE_EL1T | PSR_SS | PSR_IL | PSR_BTYPE |
					   PSR_UAO | PSR_DIT, 0, &none),
			  daif | PSR_MODE_EL1H | PSR_DIT);
	/* From AArch32 EL0: IT, T, GE and the AArch32 places of DIT/SSBS do not leak. */
	ck_assert_uint_eq(exc_entry_pstate(0x10 | 0x20 | 0x0600fc00UL | (0xfUL << 16), 0, &none),
			  daif | PSR_MODE_EL1H);
	ck_assert_uint_eq(exc_entry_pstate(0x10 | PSR_DIT_A32, 0, &none),
			  daif | PSR_MODE_EL1H | PSR_DIT);
}
END_TEST

START_TEST(pstate_pan_ssbs_tco_allint)
{
	const uint64_t base = PSR_D | PSR_A | PSR_I | PSR_F | PSR_MODE_EL1H;

	/* PAN: set on entry when SCTLR_EL1.SPAN is 0, otherwise unchanged. */
	ck_assert_uint_eq(exc_entry_pstate(PSR_MODE_EL0T, 0, &all) & PSR_PAN, PSR_PAN);
	ck_assert_uint_eq(exc_entry_pstate(PSR_MODE_EL0T, SCTLR_SPAN, &all) & PSR_PAN, 0);
	ck_assert_uint_eq(exc_entry_pstate(PSR_MODE_EL1H | PSR_PAN, SCTLR_SPAN, &all) & PSR_PAN,
			  PSR_PAN);
	/* Without FEAT_PAN nothing sets it. */
	ck_assert_uint_eq(exc_entry_pstate(PSR_MODE_EL0T, 0, &none), base);
	/* SSBS follows SCTLR_EL1.DSSBS, whatever it was. */
	ck_assert_uint_eq(exc_entry_pstate(PSR_MODE_EL0T | PSR_SSBS, SCTLR_SPAN, &all) & PSR_SSBS, 0);
	ck_assert_uint_eq(exc_entry_pstate(PSR_MODE_EL0T, SCTLR_SPAN | SCTLR_DSSBS, &all) & PSR_SSBS,
			  PSR_SSBS);
	/* TCO set with MTE. */
	ck_assert_uint_eq(exc_entry_pstate(PSR_MODE_EL0T, 0, &all) & PSR_TCO, PSR_TCO);
	/* ALLINT = NOT SCTLR_EL1.SPINTMASK with FEAT_NMI. */
	ck_assert_uint_eq(exc_entry_pstate(PSR_MODE_EL1H, 0, &all) & PSR_ALLINT, PSR_ALLINT);
	ck_assert_uint_eq(exc_entry_pstate(PSR_MODE_EL1H | PSR_ALLINT, SCTLR_SPINTMASK, &all) &
			  PSR_ALLINT, 0);
	/* UAO always cleared when implemented (and never set). */
	ck_assert_uint_eq(exc_entry_pstate(PSR_MODE_EL1H | PSR_UAO, 0, &all) & PSR_UAO, 0);
}
END_TEST

START_TEST(features_from_id_registers)
{
	struct exc_cpu_features f;

	exc_features_from_id(&f, 0, 0, 0);
	ck_assert(!f.pan && !f.uao && !f.ssbs && !f.bti && !f.mte && !f.nmi);
	exc_features_from_id(&f, 3UL << 20, 1UL << 4, (1UL << 0) | (2UL << 4) | (1UL << 8) |
			     (1UL << 36));
	ck_assert(f.pan && f.uao && f.ssbs && f.bti && f.mte && f.nmi);
	/* Neighbouring fields do not count. */
	exc_features_from_id(&f, 0xf0fffffUL, 0xfffff0fUL, 0xfffffff000UL & ~(0xfUL << 36));
	ck_assert(!f.pan && !f.uao && !f.ssbs && !f.bti && !f.mte && !f.nmi);
}
END_TEST

START_TEST(abort_syndromes)
{
	/* Instruction abort, from EL0 / EL1 (either SP), FSC 0x10, IL = 1, nothing else. */
	ck_assert_uint_eq(exc_abort_esr(PSR_MODE_EL0T, false, false, false, 0), 0x82000010UL);
	ck_assert_uint_eq(exc_abort_esr(PSR_MODE_EL1H, false, false, false, 0), 0x86000010UL);
	ck_assert_uint_eq(exc_abort_esr(PSR_MODE_EL1T, false, false, false, 0), 0x86000010UL);
	ck_assert_uint_eq(exc_abort_esr(0x10, false, false, false, 0), 0x82000010UL);
	/* WnR has no meaning for an instruction fetch. */
	ck_assert_uint_eq(exc_abort_esr(PSR_MODE_EL1H, false, true, false, 0), 0x86000010UL);
	/* Data aborts: EC 0x24 / 0x25, WnR for writes, ISV = 0. */
	ck_assert_uint_eq(exc_abort_esr(PSR_MODE_EL0T, true, false, false, 0), 0x92000010UL);
	ck_assert_uint_eq(exc_abort_esr(PSR_MODE_EL0T, true, true, false, 0), 0x92000050UL);
	ck_assert_uint_eq(exc_abort_esr(PSR_MODE_EL1H, true, false, false, 0), 0x96000010UL);
	ck_assert_uint_eq(exc_abort_esr(PSR_MODE_EL1H, true, true, false, 0), 0x96000050UL);
	/* On a translation table walk: 0x14 + level, 0x13 for level -1. */
	ck_assert_uint_eq(exc_abort_esr(PSR_MODE_EL1H, true, false, true, 0), 0x96000014UL);
	ck_assert_uint_eq(exc_abort_esr(PSR_MODE_EL1H, true, false, true, 3), 0x96000017UL);
	ck_assert_uint_eq(exc_abort_esr(PSR_MODE_EL1H, false, false, true, 1), 0x86000015UL);
	ck_assert_uint_eq(exc_abort_esr(PSR_MODE_EL0T, false, false, true, -1), 0x82000013UL);
}
END_TEST

/* ---- stage-1 walks over a fake guest RAM --------------------------------- */

#define RAM_BASE 0x40000000ULL
#define RAM_SIZE (4ULL << 20)
static uint8_t *ram;

/* The read hook's contract: the 8 bytes as a little-endian value, whatever the host's order. */
static bool ram_read(void *ctx, uint64_t ipa, uint64_t *d)
{
	const uint8_t *b;

	(void)ctx;
	if (ipa < RAM_BASE || ipa - RAM_BASE >= RAM_SIZE)
		return false;
	b = ram + (ipa - RAM_BASE);
	*d = 0;
	for (int i = 7; i >= 0; i--)
		*d = *d << 8 | b[i];
	return true;
}

static void put(uint64_t ipa, uint64_t v, bool be)
{
	uint8_t b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(be ? v >> (8 * (7 - i)) : v >> (8 * i));
	memcpy(ram + (ipa - RAM_BASE), b, 8);
}

static void ram_setup(void)
{
	ram = calloc(1, RAM_SIZE);
	ck_assert_ptr_nonnull(ram);
}

static void ram_teardown(void)
{
	free(ram);
}

/*
 * 4 KiB granule, 48-bit VAs (T0SZ 16, start level 0): L0 at RAM+0, L1 at
 * +0x1000, L2 at +0x2000. The L2 entry points outside RAM, so the level-3
 * read faults; cutting the chain earlier moves the fault up.
 */
START_TEST(walk_4k_levels)
{
	struct s1walk_regs r = { .tcr = 16, .ttbr0 = RAM_BASE | 1 /* CnP */ };
	uint64_t va = (1ULL << 39) * 3 + (1ULL << 30) * 5 + (1ULL << 21) * 7 + 0x1234;
	uint64_t outside = 0x80000000ULL;

	put(RAM_BASE + 3 * 8, (RAM_BASE + 0x1000) | 3, false);
	put(RAM_BASE + 0x1000 + 5 * 8, (RAM_BASE + 0x2000) | 3, false);
	put(RAM_BASE + 0x2000 + 7 * 8, outside | 3, false);
	ck_assert_int_eq(s1walk_fault_level(&r, va, outside >> 12, ram_read, NULL), 3);
	put(RAM_BASE + 0x1000 + 5 * 8, outside | 3, false);
	ck_assert_int_eq(s1walk_fault_level(&r, va, outside >> 12, ram_read, NULL), 2);
	put(RAM_BASE + 3 * 8, outside | 3, false);
	ck_assert_int_eq(s1walk_fault_level(&r, va, outside >> 12, ram_read, NULL), 1);
	r.ttbr0 = outside;
	ck_assert_int_eq(s1walk_fault_level(&r, va, outside >> 12, ram_read, NULL), 0);
	/* A page the walk never reads: no level. */
	ck_assert_int_eq(s1walk_fault_level(&r, va, (outside >> 12) + 1, ram_read, NULL),
			 S1WALK_NONE);
	/* A block descriptor ends the walk. */
	r.ttbr0 = RAM_BASE;
	put(RAM_BASE + 3 * 8, (RAM_BASE + 0x1000) | 1, false);
	ck_assert_int_eq(s1walk_fault_level(&r, va, outside >> 12, ram_read, NULL), S1WALK_NONE);
}
END_TEST

/* TTBR1 (VA bit 55 set), 39-bit VAs: the walk starts at level 1; big-endian tables. */
START_TEST(walk_4k_ttbr1_39bit_big_endian)
{
	struct s1walk_regs r = {
		.tcr = (25ULL << 16) | (2ULL << 30) | 0x3f /* TTBR0 side unused */,
		.ttbr1 = RAM_BASE + 0x10000,
		.big_endian = true,
	};
	uint64_t va = 0xffffff8000000000ULL + (1ULL << 30) * 2 + (1ULL << 21) * 9;
	uint64_t outside = 0x90000000ULL;

	put(RAM_BASE + 0x10000 + 2 * 8, (RAM_BASE + 0x11000) | 3, true);
	put(RAM_BASE + 0x11000 + 9 * 8, outside | 3, true);
	ck_assert_int_eq(s1walk_fault_level(&r, va, outside >> 12, ram_read, NULL), 3);
	r.ttbr1 = outside;
	ck_assert_int_eq(s1walk_fault_level(&r, va, outside >> 12, ram_read, NULL), 1);
}
END_TEST

/* 64 KiB granule, 48-bit: start level 1 (6 index bits), then 13-bit levels. */
START_TEST(walk_64k_and_16k)
{
	struct s1walk_regs r = { .tcr = 16 | (1ULL << 14), .ttbr0 = RAM_BASE };
	uint64_t va = (1ULL << 42) * 5 + (1ULL << 29) * 100 + 0x123;
	uint64_t outside = 0xa0000000ULL;

	put(RAM_BASE + 5 * 8, (RAM_BASE + 0x10000) | 3, false);
	put(RAM_BASE + 0x10000 + 100 * 8, outside | 3, false);
	ck_assert_int_eq(s1walk_fault_level(&r, va, outside >> 12, ram_read, NULL), 3);
	/* 16 KiB granule (TG0 = 2), 48-bit: start level 0 with 1 index bit. */
	r.tcr = 16 | (2ULL << 14);
	r.ttbr0 = RAM_BASE + 0x20000;
	va = (1ULL << 47) + (1ULL << 36) * 3;
	put(RAM_BASE + 0x20000 + 1 * 8, (RAM_BASE + 0x24000) | 3, false);
	put(RAM_BASE + 0x24000 + 3 * 8, outside | 3, false);
	ck_assert_int_eq(s1walk_fault_level(&r, va, outside >> 12, ram_read, NULL), 2);
	/* A reserved granule encoding: no answer rather than a wrong one. */
	r.tcr = 16 | (3ULL << 14);
	ck_assert_int_eq(s1walk_fault_level(&r, va, outside >> 12, ram_read, NULL), S1WALK_NONE);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("exc_entry");
	TCase *tc = tcase_create("core");
	TCase *tw = tcase_create("walk");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, vector_offsets);
	tcase_add_test(tc, pstate_masks_and_mode);
	tcase_add_test(tc, pstate_pan_ssbs_tco_allint);
	tcase_add_test(tc, features_from_id_registers);
	tcase_add_test(tc, abort_syndromes);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(tw, ram_setup, ram_teardown);
	tcase_add_test(tw, walk_4k_levels);
	tcase_add_test(tw, walk_4k_ttbr1_39bit_big_endian);
	tcase_add_test(tw, walk_64k_and_16k);
	suite_add_tcase(s, tw);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
