/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for memory ownership and sharing (common/mem_share.c).
 *
 * The fake hooks keep a per-identity, per-page permission map (a stand-in
 * for stage-2), log every call, and can fail at the k-th page they touch
 * after doing the pages before it, to prove the model's rollback.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errno.h"
#include "common/mem_share.h"
#include "tests/unit/unit_test.h"

#define NPG 64
#define MAXVM 4
#define NID (MAXVM + 2) /* HYP, VM 1..MAXVM, SECURE */
#define BASE 0x80000000ULL
#define PG(i) (BASE + (uint64_t)(i) * MEM_PAGE_SIZE)
#define SEC MEM_ID_SECURE
#define HYP MEM_ID_HYP
#define RW (MEM_PERM_R | MEM_PERM_W)
#define RO MEM_PERM_R
#define RWX MEM_PERM_RWX
#define INJECTED (-ENOMEM)

static const mem_id_t all_ids[NID] = { HYP, 1, 2, 3, 4, SEC };

static unsigned int idx_of(mem_id_t id)
{
	return id == SEC ? MAXVM + 1 : id;
}

/* For code run thousands of times per test: see UNIT_CHECK. */
#define QUICK(cond) \
	UNIT_CHECK(cond, "%s:%d: %s", __FILE__, __LINE__, #cond)

/* ---- fake stage-2 -------------------------------------------------------- */

struct call {
	bool map;
	mem_id_t id;
	uint64_t addr, n;
	unsigned int perms;
	int rc;
};

struct fake {
	uint8_t map[NID][NPG];
	long fail_at;   /* page counter value at which to fail, or -1 */
	long fail_undo; /* fail the call with this index (undo test), or -1 */
	long pages;     /* pages touched by hook calls so far */
	bool failed;    /* an injected failure happened */
	unsigned int ncalls;
	struct call log[2048];
};

static struct fake F;
static struct mem_share MS;
static struct mem_page PAGES[NPG];

static int fake_apply(bool map, mem_id_t id, uint64_t addr, uint64_t n,
		      unsigned int perms)
{
	struct call *c;
	int rc = 0;

	QUICK(F.ncalls < ARRAY_SIZE(F.log));
	QUICK(addr >= BASE && (addr - BASE) % MEM_PAGE_SIZE == 0);
	QUICK(n >= 1 && (addr - BASE) / MEM_PAGE_SIZE + n <= NPG);
	QUICK(id == HYP || id == SEC || id <= MAXVM);
	if (map)
		QUICK(perms && !(perms & ~RWX));

	if (F.fail_undo >= 0 && (long)F.ncalls == F.fail_undo) {
		F.fail_undo = -1;
		rc = -EFAULT;
	}
	for (uint64_t i = 0; i < n && !rc; i++) {
		uint64_t pg = (addr - BASE) / MEM_PAGE_SIZE + i;

		if (F.fail_at >= 0 && F.pages == F.fail_at) {
			/* One-shot: the model's undo calls must go through. */
			F.fail_at = -1;
			F.failed = true;
			rc = INJECTED;
			break;
		}
		F.pages++;
		F.map[idx_of(id)][pg] = map ? (uint8_t)perms : 0;
	}
	c = &F.log[F.ncalls++];
	*c = (struct call){ map, id, addr, n, perms, rc };
	return rc;
}

static int fake_map(void *ctx, mem_id_t id, uint64_t addr, uint64_t n,
		    unsigned int perms)
{
	QUICK(ctx == &F);
	return fake_apply(true, id, addr, n, perms);
}

static int fake_unmap(void *ctx, mem_id_t id, uint64_t addr, uint64_t n)
{
	QUICK(ctx == &F);
	return fake_apply(false, id, addr, n, 0);
}

static const struct mem_share_ops fake_ops = {
	.map = fake_map,
	.unmap = fake_unmap,
};

static void fake_reset_log(void)
{
	F.ncalls = 0;
	F.pages = 0;
	F.failed = false;
	F.fail_at = -1;
	F.fail_undo = -1;
}

static void setup(void)
{
	memset(&F, 0, sizeof(F));
	memset(PAGES, 0xa5, sizeof(PAGES)); /* init must not rely on zeroes */
	for (int p = 0; p < NPG; p++)
		F.map[idx_of(HYP)][p] = RWX; /* the hypervisor starts owning all */
	fake_reset_log();
	ck_assert_int_eq(mem_share_init(&MS, BASE, NPG, PAGES, MAXVM,
					&fake_ops, &F), 0);
}

/* The model's idea of access and the fake stage-2 must agree everywhere. */
static void check_stage2(void)
{
	for (int i = 0; i < NID; i++)
		for (int p = 0; p < NPG; p++) {
			int a = mem_share_access(&MS, all_ids[i], PG(p));

			if (a < 0 || a != F.map[i][p])
				ck_abort_msg("id %u page %d: model %d stage-2 %u",
					     all_ids[i], p, a, F.map[i][p]);
		}
}

static struct mem_page_info info_of(mem_id_t id, int page)
{
	struct mem_page_info info;

	ck_assert_int_eq(mem_share_query(&MS, id, PG(page), &info), 0);
	return info;
}

/* A full copy of model and fake, to prove a refused call left no trace. */
struct snap {
	struct mem_page pages[NPG];
	uint8_t map[NID][NPG];
};

static void take(struct snap *s)
{
	memcpy(s->pages, PAGES, sizeof(PAGES));
	memcpy(s->map, F.map, sizeof(F.map));
}

static void same_as(const struct snap *s)
{
	ck_assert(memcmp(s->pages, PAGES, sizeof(PAGES)) == 0);
	ck_assert(memcmp(s->map, F.map, sizeof(F.map)) == 0);
}

/* Expect @rc with no hook call and no change at all. */
#define REFUSED(rc, call)                                        \
	do {                                                     \
		struct snap s_;                                  \
		take(&s_);                                       \
		fake_reset_log();                                \
		ck_assert_int_eq((call), (rc));                  \
		ck_assert_uint_eq(F.ncalls, 0);                  \
		same_as(&s_);                                    \
	} while (0)

#define OK(call) ck_assert_int_eq((call), 0)

/* ---- basic transitions ---------------------------------------------------- */

START_TEST(test_init)
{
	struct mem_share ms2;
	const struct mem_share_ops half = { .map = fake_map };

	for (int p = 0; p < NPG; p++) {
		struct mem_page_info i = info_of(HYP, p);

		ck_assert_uint_eq(i.owner, HYP);
		ck_assert_int_eq(i.state, MEM_OWNED);
		ck_assert_int_eq(i.view, MEM_VIEW_OWNED);
		ck_assert_uint_eq(i.access, RWX);
		ck_assert_uint_eq(i.pins, 0);
		ck_assert_uint_eq(i.nborrowers, 0);
		ck_assert_int_eq(info_of(2, p).view, MEM_VIEW_NONE);
	}
	check_stage2();
	ck_assert_uint_eq(F.ncalls, 0);

	ck_assert_int_eq(mem_share_init(NULL, BASE, 1, PAGES, 1, &fake_ops, &F),
			 -EINVAL);
	ck_assert_int_eq(mem_share_init(&ms2, BASE, 1, NULL, 1, &fake_ops, &F),
			 -EINVAL);
	ck_assert_int_eq(mem_share_init(&ms2, BASE, 1, PAGES, 1, &half, &F),
			 -EINVAL);
	ck_assert_int_eq(mem_share_init(&ms2, BASE, 0, PAGES, 1, &fake_ops, &F),
			 -EINVAL);
	ck_assert_int_eq(mem_share_init(&ms2, BASE + 8, 1, PAGES, 1, &fake_ops,
					&F), -EINVAL);
	ck_assert_int_eq(mem_share_init(&ms2, BASE, 1, PAGES, 0, &fake_ops, &F),
			 -EINVAL);
	ck_assert_int_eq(mem_share_init(&ms2, BASE, 1, PAGES, 0xffff, &fake_ops,
					&F), -EINVAL);
	ck_assert_int_eq(mem_share_init(&ms2, 0xfffffffffffff000ULL, 2, PAGES, 1,
					&fake_ops, &F), -EOVERFLOW);
	ck_assert_int_eq(mem_share_init(&ms2, 0, UINT64_MAX / 2, PAGES, 1,
					&fake_ops, &F), -EOVERFLOW);
}
END_TEST

START_TEST(test_assign)
{
	OK(mem_share_assign(&MS, 1, PG(0), 8));
	ck_assert_uint_eq(F.ncalls, 2);
	/* The hypervisor gives up access before the VM gets it. */
	ck_assert(!F.log[0].map && F.log[0].id == HYP && F.log[0].n == 8);
	ck_assert(F.log[1].map && F.log[1].id == 1 && F.log[1].perms == RWX);
	ck_assert_uint_eq(info_of(1, 7).owner, 1);
	ck_assert_int_eq(info_of(1, 7).view, MEM_VIEW_OWNED);
	ck_assert_uint_eq(info_of(HYP, 7).access, 0);
	ck_assert_uint_eq(info_of(1, 8).owner, HYP);
	check_stage2();

	REFUSED(-EPERM, mem_share_assign(&MS, 2, PG(7), 2)); /* page 7 is VM1's */
	REFUSED(-EINVAL, mem_share_assign(&MS, HYP, PG(10), 1));
	REFUSED(-EINVAL, mem_share_assign(&MS, SEC, PG(10), 1));
	REFUSED(-EINVAL, mem_share_assign(&MS, MAXVM + 1, PG(10), 1));
	REFUSED(-EINVAL, mem_share_assign(NULL, 1, PG(10), 1));
	OK(mem_share_assign(&MS, MAXVM, PG(NPG - 1), 1));
	check_stage2();
}
END_TEST

START_TEST(test_share_unshare)
{
	OK(mem_share_assign(&MS, 1, PG(0), 16));
	fake_reset_log();
	OK(mem_share_share(&MS, 1, 2, PG(4), 4, RO));
	ck_assert_uint_eq(F.ncalls, 1);
	ck_assert(F.log[0].map && F.log[0].id == 2 && F.log[0].addr == PG(4) &&
		  F.log[0].n == 4 && F.log[0].perms == RO);

	struct mem_page_info o = info_of(1, 5), b = info_of(2, 5);
	ck_assert_int_eq(o.state, MEM_SHARED);
	ck_assert_int_eq(o.view, MEM_VIEW_SHARED_OWNED);
	ck_assert_uint_eq(o.access, RWX); /* the owner keeps its access */
	ck_assert_int_eq(b.view, MEM_VIEW_SHARED_BORROWED);
	ck_assert_uint_eq(b.access, RO);
	ck_assert_uint_eq(o.nborrowers, 1);
	ck_assert_uint_eq(o.borrowers[0].id, 2);
	ck_assert_int_eq(info_of(3, 5).view, MEM_VIEW_NONE);
	check_stage2();

	/* Unshare part of it: the rest stays shared. */
	fake_reset_log();
	OK(mem_share_unshare(&MS, 1, 2, PG(4), 2));
	ck_assert_uint_eq(F.ncalls, 1);
	ck_assert(!F.log[0].map && F.log[0].id == 2 && F.log[0].n == 2);
	ck_assert_int_eq(info_of(1, 5).state, MEM_OWNED);
	ck_assert_int_eq(info_of(1, 6).state, MEM_SHARED);
	check_stage2();

	REFUSED(-ENOENT, mem_share_unshare(&MS, 1, 2, PG(4), 4)); /* 4,5 done */
	REFUSED(-ENOENT, mem_share_unshare(&MS, 1, 3, PG(6), 1)); /* not VM3 */
	REFUSED(-EPERM, mem_share_unshare(&MS, 2, 1, PG(6), 1));  /* borrower */
	REFUSED(-EINVAL, mem_share_unshare(&MS, 1, 1, PG(6), 1));
	OK(mem_share_unshare(&MS, 1, 2, PG(6), 2));
	ck_assert_int_eq(info_of(1, 7).state, MEM_OWNED);
	check_stage2();
}
END_TEST

START_TEST(test_share_refusals)
{
	OK(mem_share_assign(&MS, 1, PG(0), 16));
	OK(mem_share_assign(&MS, 2, PG(16), 4));
	OK(mem_share_share(&MS, 1, 2, PG(0), 4, RW));
	OK(mem_share_lend(&MS, 1, 3, PG(8), 2, RW));

	REFUSED(-EPERM, mem_share_share(&MS, 2, 3, PG(0), 1, RO)); /* borrower */
	REFUSED(-EPERM, mem_share_share(&MS, 1, 3, PG(15), 2, RO)); /* 16: VM2's */
	REFUSED(-EPERM, mem_share_share(&MS, HYP, 3, PG(0), 1, RO));
	REFUSED(-EEXIST, mem_share_share(&MS, 1, 2, PG(3), 2, RO));
	REFUSED(-EBUSY, mem_share_share(&MS, 1, 4, PG(7), 2, RO)); /* 8 lent */
	REFUSED(-EPERM, mem_share_share(&MS, 3, 4, PG(8), 1, RO)); /* lent-to */
	REFUSED(-EINVAL, mem_share_share(&MS, 1, 1, PG(0), 1, RO));
	REFUSED(-EINVAL, mem_share_share(&MS, 1, 2, PG(12), 1, 0));
	REFUSED(-EINVAL, mem_share_share(&MS, 1, 2, PG(12), 1, 8));
	REFUSED(-EINVAL, mem_share_share(&MS, 1, MAXVM + 1, PG(12), 1, RO));
	REFUSED(-EINVAL, mem_share_share(&MS, 0x1234, 2, PG(12), 1, RO));
	check_stage2();
}
END_TEST

START_TEST(test_share_many_borrowers)
{
	OK(mem_share_assign(&MS, 1, PG(0), 4));
	OK(mem_share_share(&MS, 1, 2, PG(0), 4, RO));
	OK(mem_share_share(&MS, 1, 3, PG(0), 4, RW));
	OK(mem_share_share(&MS, 1, HYP, PG(0), 4, RWX));
	OK(mem_share_share(&MS, 1, SEC, PG(0), 2, RW));
	ck_assert_uint_eq(info_of(1, 1).nborrowers, MEM_MAX_BORROWERS);
	REFUSED(-ENOSPC, mem_share_share(&MS, 1, 4, PG(0), 1, RO));
	ck_assert_uint_eq(info_of(SEC, 1).access, RW);
	ck_assert_uint_eq(info_of(HYP, 1).access, RWX);
	check_stage2();

	/* Drop a middle one: the others keep their slots and permissions. */
	OK(mem_share_unshare(&MS, 1, 3, PG(0), 4));
	struct mem_page_info i = info_of(1, 0);
	ck_assert_uint_eq(i.nborrowers, 3);
	ck_assert_uint_eq(i.borrowers[0].id, 2);
	ck_assert_uint_eq(i.borrowers[0].perms, RO);
	ck_assert_uint_eq(i.borrowers[1].id, HYP);
	ck_assert_uint_eq(i.borrowers[2].id, SEC);
	OK(mem_share_share(&MS, 1, 4, PG(0), 1, RO)); /* a slot is free again */
	check_stage2();
}
END_TEST

START_TEST(test_lend_reclaim)
{
	OK(mem_share_assign(&MS, 1, PG(0), 8));
	fake_reset_log();
	OK(mem_share_lend(&MS, 1, SEC, PG(2), 3, RW));
	ck_assert_uint_eq(F.ncalls, 2);
	/* The owner loses access before the borrower gets it. */
	ck_assert(!F.log[0].map && F.log[0].id == 1 && F.log[0].n == 3);
	ck_assert(F.log[1].map && F.log[1].id == SEC && F.log[1].perms == RW);

	struct mem_page_info o = info_of(1, 3), b = info_of(SEC, 3);
	ck_assert_int_eq(o.state, MEM_LENT);
	ck_assert_int_eq(o.view, MEM_VIEW_LENT);
	ck_assert_uint_eq(o.access, 0);
	ck_assert_int_eq(b.view, MEM_VIEW_BORROWED);
	ck_assert_uint_eq(b.access, RW);
	check_stage2();

	fake_reset_log();
	OK(mem_share_reclaim(&MS, 1, PG(2), 3));
	ck_assert_uint_eq(F.ncalls, 2);
	ck_assert(!F.log[0].map && F.log[0].id == SEC);
	ck_assert(F.log[1].map && F.log[1].id == 1 && F.log[1].perms == RWX);
	ck_assert_int_eq(info_of(1, 3).view, MEM_VIEW_OWNED);
	check_stage2();
}
END_TEST

START_TEST(test_lend_refusals)
{
	OK(mem_share_assign(&MS, 1, PG(0), 8));
	OK(mem_share_share(&MS, 1, 2, PG(0), 2, RO));
	OK(mem_share_lend(&MS, 1, 3, PG(4), 2, RW));

	REFUSED(-EBUSY, mem_share_lend(&MS, 1, 3, PG(1), 2, RW)); /* shared */
	REFUSED(-EBUSY, mem_share_lend(&MS, 1, 2, PG(5), 1, RW)); /* lent */
	REFUSED(-EBUSY, mem_share_lend(&MS, 1, 3, PG(5), 1, RW)); /* lent, same */
	REFUSED(-EPERM, mem_share_lend(&MS, 3, 2, PG(4), 1, RW)); /* re-lend */
	REFUSED(-EPERM, mem_share_lend(&MS, 2, 4, PG(0), 1, RW)); /* re-lend */
	REFUSED(-EPERM, mem_share_lend(&MS, 2, 4, PG(6), 1, RW)); /* not owner */
	REFUSED(-EINVAL, mem_share_lend(&MS, 1, 1, PG(6), 1, RW));
	REFUSED(-EINVAL, mem_share_lend(&MS, 1, 2, PG(6), 1, 0x10));
	/* Donating shared or lent pages would strand the borrower. */
	REFUSED(-EBUSY, mem_share_donate(&MS, 1, 2, PG(0), 1));
	REFUSED(-EBUSY, mem_share_donate(&MS, 1, 2, PG(4), 1));
	check_stage2();
}
END_TEST

START_TEST(test_reclaim_mixed_range)
{
	/* 0-1 shared with 2 and 3, 2-3 owned-then-lent to 4, 4-5 shared with 2. */
	OK(mem_share_assign(&MS, 1, PG(0), 6));
	OK(mem_share_share(&MS, 1, 2, PG(0), 2, RO));
	OK(mem_share_share(&MS, 1, 3, PG(0), 2, RW));
	OK(mem_share_lend(&MS, 1, 4, PG(2), 2, RWX));
	OK(mem_share_share(&MS, 1, 2, PG(4), 2, RO));

	fake_reset_log();
	OK(mem_share_reclaim(&MS, 1, PG(0), 6));
	/* One call per run and step: 2 + 2 + 1. */
	ck_assert_uint_eq(F.ncalls, 5);
	ck_assert(!F.log[0].map && F.log[0].id == 2 && F.log[0].n == 2);
	ck_assert(!F.log[1].map && F.log[1].id == 3 && F.log[1].n == 2);
	ck_assert(!F.log[2].map && F.log[2].id == 4 && F.log[2].addr == PG(2));
	ck_assert(F.log[3].map && F.log[3].id == 1 && F.log[3].addr == PG(2));
	ck_assert(!F.log[4].map && F.log[4].id == 2 && F.log[4].addr == PG(4));
	for (int p = 0; p < 6; p++) {
		ck_assert_int_eq(info_of(1, p).view, MEM_VIEW_OWNED);
		ck_assert_uint_eq(info_of(1, p).nborrowers, 0);
	}
	check_stage2();
}
END_TEST

START_TEST(test_reclaim_refusals)
{
	OK(mem_share_assign(&MS, 1, PG(0), 8));
	OK(mem_share_share(&MS, 1, 2, PG(0), 2, RO));
	OK(mem_share_lend(&MS, 1, 3, PG(2), 2, RW));

	REFUSED(-EPERM, mem_share_reclaim(&MS, 2, PG(0), 1)); /* borrower */
	REFUSED(-EPERM, mem_share_reclaim(&MS, 3, PG(2), 1)); /* borrower */
	REFUSED(-EPERM, mem_share_reclaim(&MS, HYP, PG(2), 1));
	REFUSED(-ENOENT, mem_share_reclaim(&MS, 1, PG(4), 1)); /* never shared */
	REFUSED(-ENOENT, mem_share_reclaim(&MS, 1, PG(0), 5)); /* page 4 owned */
	REFUSED(-EINVAL, mem_share_reclaim(&MS, 9, PG(0), 1));
	OK(mem_share_reclaim(&MS, 1, PG(0), 4));
	REFUSED(-ENOENT, mem_share_reclaim(&MS, 1, PG(0), 1)); /* twice */
	check_stage2();
}
END_TEST

START_TEST(test_donate)
{
	OK(mem_share_assign(&MS, 1, PG(0), 8));
	fake_reset_log();
	OK(mem_share_donate(&MS, 1, 2, PG(0), 2));
	ck_assert_uint_eq(F.ncalls, 2);
	ck_assert(!F.log[0].map && F.log[0].id == 1);
	ck_assert(F.log[1].map && F.log[1].id == 2 && F.log[1].perms == RWX);
	ck_assert_uint_eq(info_of(2, 0).owner, 2);
	ck_assert_int_eq(info_of(2, 0).view, MEM_VIEW_OWNED);
	ck_assert_int_eq(info_of(1, 0).view, MEM_VIEW_NONE);

	/* For good: the donor has no claim left. */
	REFUSED(-EPERM, mem_share_reclaim(&MS, 1, PG(0), 1));
	REFUSED(-EPERM, mem_share_donate(&MS, 1, 3, PG(0), 1));
	REFUSED(-EINVAL, mem_share_donate(&MS, 1, 1, PG(2), 1));
	REFUSED(-EINVAL, mem_share_donate(&MS, 1, MAXVM + 1, PG(2), 1));

	OK(mem_share_donate(&MS, 1, HYP, PG(2), 1)); /* back to the hypervisor */
	OK(mem_share_donate(&MS, 1, SEC, PG(3), 1)); /* to the secure world */
	ck_assert_uint_eq(info_of(SEC, 3).owner, SEC);
	ck_assert_uint_eq(info_of(SEC, 3).access, RWX);
	/* and the new owner can share on. */
	OK(mem_share_share(&MS, 2, 3, PG(0), 2, RO));
	check_stage2();
}
END_TEST

/* ---- ranges ---------------------------------------------------------------- */

START_TEST(test_unaligned_and_zero)
{
	OK(mem_share_assign(&MS, 1, PG(0), 8));
	REFUSED(-EINVAL, mem_share_share(&MS, 1, 2, PG(0) + 1, 1, RO));
	REFUSED(-EINVAL, mem_share_share(&MS, 1, 2, PG(0) + 0x800, 1, RO));
	REFUSED(-EINVAL, mem_share_share(&MS, 1, 2, PG(0), 0, RO));
	REFUSED(-EINVAL, mem_share_lend(&MS, 1, 2, PG(1) - 8, 2, RO));
	REFUSED(-EINVAL, mem_share_reclaim(&MS, 1, PG(0), 0));
	REFUSED(-EINVAL, mem_share_donate(&MS, 1, 2, PG(3) + 4, 1));
	REFUSED(-EINVAL, mem_share_assign(&MS, 2, PG(9), 0));
	REFUSED(-EINVAL, mem_share_pin(&MS, 1, PG(0) + 2, 1));
	REFUSED(-EINVAL, mem_share_unpin(&MS, 1, PG(0), 0));
}
END_TEST

START_TEST(test_out_of_range)
{
	OK(mem_share_assign(&MS, 1, PG(0), NPG));
	REFUSED(-ERANGE, mem_share_share(&MS, 1, 2, BASE - MEM_PAGE_SIZE, 1,
					 RO));
	REFUSED(-ERANGE, mem_share_share(&MS, 1, 2, BASE - MEM_PAGE_SIZE, 2,
					 RO)); /* straddles the start */
	REFUSED(-ERANGE, mem_share_share(&MS, 1, 2, PG(NPG), 1, RO));
	REFUSED(-ERANGE, mem_share_share(&MS, 1, 2, PG(NPG - 2), 3, RO));
	REFUSED(-ERANGE, mem_share_lend(&MS, 1, 2, 0, 1, RO));
	REFUSED(-ERANGE, mem_share_pin(&MS, 1, PG(NPG - 1), 2));
	OK(mem_share_share(&MS, 1, 2, PG(NPG - 2), 2, RO)); /* exactly fits */

	struct mem_page_info i;
	ck_assert_int_eq(mem_share_query(&MS, 1, PG(NPG), &i), -ERANGE);
	ck_assert_int_eq(mem_share_query(&MS, 1, BASE - 1, &i), -ERANGE);
	ck_assert_int_eq(mem_share_query(&MS, 1, UINT64_MAX, &i), -ERANGE);
	ck_assert_int_eq(mem_share_access(&MS, 1, 0), -ERANGE);
}
END_TEST

START_TEST(test_overflowing_ranges)
{
	OK(mem_share_assign(&MS, 1, PG(0), NPG));
	/* npages * 4 KiB does not fit in 64 bits. */
	REFUSED(-EOVERFLOW, mem_share_share(&MS, 1, 2, PG(0),
					    (UINT64_MAX >> MEM_PAGE_SHIFT) + 1,
					    RO));
	REFUSED(-EOVERFLOW, mem_share_share(&MS, 1, 2, PG(0), UINT64_MAX, RO));
	/* The size fits but the end wraps around to below the region. */
	REFUSED(-EOVERFLOW, mem_share_share(&MS, 1, 2, PG(1),
					    (UINT64_MAX >> MEM_PAGE_SHIFT), RO));
	REFUSED(-EOVERFLOW, mem_share_reclaim(&MS, 1, 0xfffffffffffff000ULL,
					      2));
	REFUSED(-EOVERFLOW, mem_share_pin(&MS, 1, 0xffffffffffffe000ULL, 4));
	/* A huge count starting inside is out of range, not a wrap into it. */
	REFUSED(-ERANGE, mem_share_share(&MS, 1, 2, PG(0),
					 (1ULL << 40), RO));
	/* The page at the very top of the address space. */
	REFUSED(-ERANGE, mem_share_share(&MS, 1, 2, 0xffffffffffffe000ULL, 1,
					 RO));
}
END_TEST

/* ---- pinning ---------------------------------------------------------------- */

START_TEST(test_pin_freezes_pages)
{
	OK(mem_share_assign(&MS, 1, PG(0), 8));
	OK(mem_share_share(&MS, 1, 2, PG(4), 2, RW));

	OK(mem_share_pin(&MS, 1, PG(0), 2)); /* RX/TX buffers */
	ck_assert_uint_eq(info_of(1, 0).pins, 1);
	REFUSED(-EBUSY, mem_share_share(&MS, 1, 2, PG(1), 1, RO));
	REFUSED(-EBUSY, mem_share_lend(&MS, 1, 2, PG(0), 2, RW));
	REFUSED(-EBUSY, mem_share_donate(&MS, 1, 2, PG(1), 1));
	REFUSED(-EBUSY, mem_share_share(&MS, 1, 2, PG(1), 2, RO)); /* partial */

	/* A borrower may pin a shared page; the owner cannot then unshare. */
	OK(mem_share_pin(&MS, 2, PG(4), 1));
	REFUSED(-EBUSY, mem_share_unshare(&MS, 1, 2, PG(4), 2));
	REFUSED(-EBUSY, mem_share_reclaim(&MS, 1, PG(4), 1));
	REFUSED(-EBUSY, mem_share_share(&MS, 1, 3, PG(4), 1, RO));
	OK(mem_share_share(&MS, 1, 3, PG(5), 1, RO)); /* page 5 not pinned */

	/* Pins nest. */
	OK(mem_share_pin(&MS, 1, PG(0), 1));
	ck_assert_uint_eq(info_of(1, 0).pins, 2);
	OK(mem_share_unpin(&MS, 1, PG(0), 2));
	REFUSED(-EBUSY, mem_share_lend(&MS, 1, 2, PG(0), 1, RW));
	OK(mem_share_lend(&MS, 1, 2, PG(1), 1, RW));
	OK(mem_share_unpin(&MS, 1, PG(0), 1));
	OK(mem_share_lend(&MS, 1, 2, PG(0), 1, RW));
	OK(mem_share_unpin(&MS, 2, PG(4), 1));
	OK(mem_share_reclaim(&MS, 1, PG(4), 2));
	check_stage2();
}
END_TEST

START_TEST(test_pin_refusals_all_or_nothing)
{
	OK(mem_share_assign(&MS, 1, PG(0), 4));
	OK(mem_share_lend(&MS, 1, 2, PG(3), 1, RW));

	REFUSED(-EPERM, mem_share_pin(&MS, 3, PG(0), 1)); /* no access */
	REFUSED(-EPERM, mem_share_pin(&MS, 1, PG(0), 4)); /* page 3 lent out */
	REFUSED(-EPERM, mem_share_pin(&MS, 1, PG(3), 1));
	REFUSED(-EINVAL, mem_share_pin(&MS, 0x4321, PG(0), 1));
	REFUSED(-EINVAL, mem_share_unpin(&MS, 1, PG(0), 1)); /* not pinned */
	OK(mem_share_pin(&MS, 2, PG(3), 1));                  /* lent-to */
	OK(mem_share_pin(&MS, 1, PG(1), 1));
	REFUSED(-EINVAL, mem_share_unpin(&MS, 1, PG(0), 2)); /* page 0 isn't */
	REFUSED(-EPERM, mem_share_unpin(&MS, 3, PG(1), 1));
	for (int p = 0; p < 4; p++)
		ck_assert_uint_eq(info_of(1, p).pins, p == 1 || p == 3);

	/* The count saturates with an error, not a wrap to "unpinned". */
	for (unsigned int n = 1; n < UINT16_MAX; n++)
		OK(mem_share_pin(&MS, 1, PG(1), 1));
	ck_assert_uint_eq(info_of(1, 1).pins, UINT16_MAX);
	REFUSED(-EOVERFLOW, mem_share_pin(&MS, 1, PG(0), 2));
	ck_assert_uint_eq(info_of(1, 0).pins, 0);
}
END_TEST

START_TEST(test_query)
{
	struct mem_page_info i;

	OK(mem_share_assign(&MS, 3, PG(10), 1));
	OK(mem_share_share(&MS, 3, 4, PG(10), 1, RO));
	/* Any byte of the page answers for the page. */
	ck_assert_int_eq(mem_share_access(&MS, 4, PG(10) + 0xfff), RO);
	ck_assert_int_eq(mem_share_access(&MS, 3, PG(10) + 0x123), RWX);
	ck_assert_int_eq(mem_share_access(&MS, 2, PG(10)), 0);
	ck_assert_int_eq(mem_share_access(&MS, HYP, PG(10)), 0);
	ck_assert_int_eq(mem_share_access(&MS, HYP, PG(11)), RWX);
	ck_assert_int_eq(mem_share_access(&MS, SEC, PG(11)), 0);
	ck_assert((mem_share_access(&MS, 4, PG(10)) & MEM_PERM_W) == 0);
	ck_assert_int_eq(mem_share_access(&MS, MAXVM + 1, PG(10)), -EINVAL);
	ck_assert_int_eq(mem_share_query(&MS, 1, PG(10), NULL), -EINVAL);
	ck_assert_int_eq(mem_share_query(NULL, 1, PG(10), &i), -EINVAL);
	ck_assert_int_eq(mem_share_query(&MS, 4, PG(10) + 77, &i), 0);
	ck_assert_uint_eq(i.owner, 3);
	ck_assert_int_eq(i.view, MEM_VIEW_SHARED_BORROWED);
}
END_TEST

/* ---- rollback ---------------------------------------------------------------- */

/*
 * Make the hooks fail at every page position k of @op's hook traffic and
 * check that nothing is left: records and stage-2 as before, and the log
 * is the calls made followed by their inverses in reverse order (the
 * failed call included, over its whole range). Then let it succeed.
 */
typedef int (*op_fn)(void);

static void rollback_every_k(op_fn op)
{
	struct snap s;
	long total;

	/* Dry run on a copy to learn how many pages the hooks touch. */
	take(&s);
	fake_reset_log();
	OK(op());
	total = F.pages;
	ck_assert_int_gt(total, 1);
	memcpy(PAGES, s.pages, sizeof(PAGES));
	memcpy(F.map, s.map, sizeof(F.map));

	for (long k = 0; k < total; k++) {
		fake_reset_log();
		F.fail_at = k;
		ck_assert_int_eq(op(), INJECTED);
		ck_assert(F.failed);
		same_as(&s);
		ck_assert_uint_eq(MS.undo_failures, 0);

		unsigned int nf = 0;
		while (F.log[nf].rc == 0)
			nf++; /* calls up to and including the failed one */
		ck_assert_uint_eq(F.ncalls, 2 * (nf + 1));
		for (unsigned int j = 0; j <= nf; j++) {
			const struct call *fwd = &F.log[nf - j];
			const struct call *undo = &F.log[nf + 1 + j];

			ck_assert(undo->map == !fwd->map);
			ck_assert_uint_eq(undo->id, fwd->id);
			ck_assert_uint_eq(undo->addr, fwd->addr);
			ck_assert_uint_eq(undo->n, fwd->n);
			ck_assert_int_eq(undo->rc, 0);
		}
	}
	fake_reset_log();
	OK(op());
	check_stage2();
}

static int op_share(void)
{
	return mem_share_share(&MS, 1, 2, PG(0), 8, RW);
}

START_TEST(test_rollback_share)
{
	OK(mem_share_assign(&MS, 1, PG(0), 8));
	/* Pages already shared with VM3 need the same call: still one run. */
	OK(mem_share_share(&MS, 1, 3, PG(2), 3, RO));
	rollback_every_k(op_share);
	ck_assert_int_eq(info_of(2, 7).view, MEM_VIEW_SHARED_BORROWED);
}
END_TEST

static int op_lend(void)
{
	return mem_share_lend(&MS, 1, SEC, PG(0), 6, RW);
}

START_TEST(test_rollback_lend)
{
	OK(mem_share_assign(&MS, 1, PG(0), 6));
	rollback_every_k(op_lend); /* two steps: failure in either */
	ck_assert_int_eq(info_of(SEC, 5).view, MEM_VIEW_BORROWED);
}
END_TEST

static int op_reclaim(void)
{
	return mem_share_reclaim(&MS, 1, PG(0), 10);
}

START_TEST(test_rollback_reclaim)
{
	OK(mem_share_assign(&MS, 1, PG(0), 10));
	OK(mem_share_share(&MS, 1, 2, PG(0), 3, RO));
	OK(mem_share_share(&MS, 1, 3, PG(1), 2, RW));
	OK(mem_share_share(&MS, 1, SEC, PG(1), 1, RW));
	OK(mem_share_lend(&MS, 1, 4, PG(3), 4, RWX));
	OK(mem_share_lend(&MS, 1, HYP, PG(7), 1, RO));
	OK(mem_share_share(&MS, 1, 4, PG(8), 2, RO));
	rollback_every_k(op_reclaim);
	for (int p = 0; p < 10; p++)
		ck_assert_int_eq(info_of(1, p).view, MEM_VIEW_OWNED);
}
END_TEST

static int op_donate(void)
{
	return mem_share_donate(&MS, 2, 3, PG(20), 5);
}

static int op_unshare(void)
{
	return mem_share_unshare(&MS, 2, 4, PG(20), 5);
}

static int op_assign(void)
{
	return mem_share_assign(&MS, 2, PG(20), 5);
}

START_TEST(test_rollback_assign_unshare_donate)
{
	rollback_every_k(op_assign);
	OK(mem_share_share(&MS, 2, 4, PG(20), 2, RO));
	OK(mem_share_share(&MS, 2, 4, PG(22), 3, RW));
	rollback_every_k(op_unshare);
	rollback_every_k(op_donate);
	ck_assert_uint_eq(info_of(3, 24).owner, 3);
}
END_TEST

START_TEST(test_undo_failure_is_counted)
{
	struct snap s;

	OK(mem_share_assign(&MS, 1, PG(0), 4));
	take(&s);
	fake_reset_log();
	F.fail_at = 5;   /* during the map to the borrower (after 4 unmaps) */
	F.fail_undo = 2; /* and the first undo call fails too */
	ck_assert_int_eq(mem_share_lend(&MS, 1, 2, PG(0), 4, RW), INJECTED);
	ck_assert_uint_eq(MS.undo_failures, 1);
	/* The records are untouched even though stage-2 could not be fixed. */
	ck_assert(memcmp(s.pages, PAGES, sizeof(PAGES)) == 0);
	ck_assert_uint_eq(F.ncalls, 4);
	ck_assert_int_eq(F.log[3].rc, 0); /* the rest of the undo still ran */
	ck_assert(F.log[3].map && F.log[3].id == 1);
}
END_TEST

/* ---- randomized run against a reference ------------------------------------ */

/*
 * The reference keeps plain per-page arrays and applies the rules the
 * naive way, page by page, after checking every page. Where the model
 * succeeds but an injected hook failure made it give up, the reference is
 * left alone and both must still agree.
 */
static struct {
	mem_id_t owner[NPG];
	int state[NPG];
	int nb[NPG];
	mem_id_t bid[NPG][MEM_MAX_BORROWERS];
	unsigned int bperm[NPG][MEM_MAX_BORROWERS];
	unsigned int pins[NPG];
} REF;

static uint64_t seed, rng;
static unsigned int opno;

static uint64_t rnd(void)
{
	return unit_test_rand(&rng);
}

static uint64_t rnd_below(uint64_t n)
{
	return rnd() % n;
}

/* Like QUICK, with the seed and operation number in the message. */
#define RCHECK(cond, fmt, ...)                                         \
	UNIT_CHECK(cond, "seed %#" PRIx64 " op %u: " fmt, seed, opno, \
		   ##__VA_ARGS__)

static bool ref_id_ok(mem_id_t id)
{
	return id == HYP || id == SEC || (id >= 1 && id <= MAXVM);
}

static int ref_find(int p, mem_id_t id)
{
	for (int i = 0; i < REF.nb[p]; i++)
		if (REF.bid[p][i] == id)
			return i;
	return -1;
}

static unsigned int ref_access(int p, mem_id_t id)
{
	int i;

	if (REF.owner[p] == id)
		return REF.state[p] == MEM_LENT ? 0 : RWX;
	i = ref_find(p, id);
	return i < 0 ? 0 : REF.bperm[p][i];
}

/* Range checks spelt out with 128-bit arithmetic: no cleverness needed. */
static int ref_range(uint64_t addr, uint64_t n, int *first)
{
	unsigned __int128 end;

	if (n == 0 || addr % MEM_PAGE_SIZE)
		return -EINVAL;
	end = (unsigned __int128)addr + (unsigned __int128)n * MEM_PAGE_SIZE;
	if (end > ((unsigned __int128)1 << 64) - 1)
		return -EOVERFLOW;
	if (addr < BASE || end > (unsigned __int128)BASE + NPG * MEM_PAGE_SIZE)
		return -ERANGE;
	*first = (int)((addr - BASE) / MEM_PAGE_SIZE);
	return 0;
}

enum { R_ASSIGN, R_SHARE, R_UNSHARE, R_LEND, R_RECLAIM, R_DONATE, R_PIN,
       R_UNPIN, R_NOPS };

static int ref_op(int op, mem_id_t a, mem_id_t b, uint64_t addr, uint64_t n,
		  unsigned int perms, bool commit)
{
	int first, rc;
	bool need_perms = op == R_SHARE || op == R_LEND;
	bool need_b = op == R_SHARE || op == R_UNSHARE || op == R_LEND ||
		      op == R_DONATE;

	if (op == R_ASSIGN) {
		if (b == HYP || b == SEC || !ref_id_ok(b))
			return -EINVAL;
		a = HYP;
		op = R_DONATE;
	}
	if (!ref_id_ok(a))
		return -EINVAL;
	if (need_b && (!ref_id_ok(b) || a == b))
		return -EINVAL;
	if (need_perms && (perms == 0 || perms > RWX))
		return -EINVAL;
	rc = ref_range(addr, n, &first);
	if (rc)
		return rc;

	for (int p = first; p < first + (int)n; p++) {
		if (op == R_PIN || op == R_UNPIN) {
			if (!ref_access(p, a))
				return -EPERM;
			if (op == R_PIN && REF.pins[p] == 0xffff)
				return -EOVERFLOW;
			if (op == R_UNPIN && REF.pins[p] == 0)
				return -EINVAL;
			continue;
		}
		if (REF.owner[p] != a)
			return -EPERM;
		if (REF.pins[p])
			return -EBUSY;
		switch (op) {
		case R_SHARE:
			if (REF.state[p] == MEM_LENT)
				return -EBUSY;
			if (ref_find(p, b) >= 0)
				return -EEXIST;
			if (REF.nb[p] == MEM_MAX_BORROWERS)
				return -ENOSPC;
			break;
		case R_UNSHARE:
			if (REF.state[p] != MEM_SHARED || ref_find(p, b) < 0)
				return -ENOENT;
			break;
		case R_LEND:
		case R_DONATE:
			if (REF.state[p] != MEM_OWNED)
				return -EBUSY;
			break;
		case R_RECLAIM:
			if (REF.state[p] == MEM_OWNED)
				return -ENOENT;
			break;
		}
	}
	if (!commit)
		return 0;

	for (int p = first; p < first + (int)n; p++) {
		int i;

		switch (op) {
		case R_PIN:
			REF.pins[p]++;
			break;
		case R_UNPIN:
			REF.pins[p]--;
			break;
		case R_SHARE:
			REF.bid[p][REF.nb[p]] = b;
			REF.bperm[p][REF.nb[p]] = perms;
			REF.nb[p]++;
			REF.state[p] = MEM_SHARED;
			break;
		case R_UNSHARE:
			i = ref_find(p, b);
			for (; i + 1 < REF.nb[p]; i++) {
				REF.bid[p][i] = REF.bid[p][i + 1];
				REF.bperm[p][i] = REF.bperm[p][i + 1];
			}
			REF.nb[p]--;
			if (REF.nb[p] == 0)
				REF.state[p] = MEM_OWNED;
			break;
		case R_LEND:
			REF.nb[p] = 1;
			REF.bid[p][0] = b;
			REF.bperm[p][0] = perms;
			REF.state[p] = MEM_LENT;
			break;
		case R_RECLAIM:
			REF.nb[p] = 0;
			REF.state[p] = MEM_OWNED;
			break;
		case R_DONATE:
			REF.owner[p] = b;
			REF.nb[p] = 0;
			REF.state[p] = MEM_OWNED;
			break;
		}
	}
	return 0;
}

static int model_op(int op, mem_id_t a, mem_id_t b, uint64_t addr, uint64_t n,
		    unsigned int perms)
{
	switch (op) {
	case R_ASSIGN:
		return mem_share_assign(&MS, b, addr, n);
	case R_SHARE:
		return mem_share_share(&MS, a, b, addr, n, perms);
	case R_UNSHARE:
		return mem_share_unshare(&MS, a, b, addr, n);
	case R_LEND:
		return mem_share_lend(&MS, a, b, addr, n, perms);
	case R_RECLAIM:
		return mem_share_reclaim(&MS, a, addr, n);
	case R_DONATE:
		return mem_share_donate(&MS, a, b, addr, n);
	case R_PIN:
		return mem_share_pin(&MS, a, addr, n);
	default:
		return mem_share_unpin(&MS, a, addr, n);
	}
}

/* Weighted so that pins, which freeze pages, do not pile up. */
static const int op_mix[] = { R_ASSIGN, R_ASSIGN, R_SHARE, R_SHARE, R_SHARE,
			      R_UNSHARE, R_UNSHARE, R_LEND, R_LEND, R_RECLAIM,
			      R_RECLAIM, R_DONATE, R_PIN, R_UNPIN, R_UNPIN,
			      R_UNPIN };

static mem_id_t rnd_id(void)
{
	switch (rnd_below(16)) {
	case 0:
		return MAXVM + 1; /* invalid */
	case 1:
		return SEC;
	case 2:
	case 3:
		return HYP;
	default:
		return (mem_id_t)(1 + rnd_below(MAXVM));
	}
}

/* An identity that owns or borrows the page at @addr, to make ops succeed. */
static mem_id_t rnd_related_id(uint64_t addr, bool owner)
{
	int p;

	if (addr < BASE || addr >= PG(NPG))
		return rnd_id();
	p = (int)((addr - BASE) / MEM_PAGE_SIZE);
	if (owner || REF.nb[p] == 0)
		return REF.owner[p];
	return REF.bid[p][rnd_below((uint64_t)REF.nb[p])];
}

static void rnd_range(uint64_t *addr, uint64_t *n)
{
	switch (rnd_below(40)) {
	case 0:
		*addr = PG(rnd_below(NPG)) + 8 * (1 + rnd_below(511));
		*n = 1;
		return;
	case 1:
		*addr = PG(rnd_below(NPG));
		*n = 0;
		return;
	case 2:
		*addr = BASE - MEM_PAGE_SIZE * rnd_below(3);
		*n = 1 + rnd_below(4);
		return;
	case 3:
		*addr = PG(rnd_below(NPG));
		*n = UINT64_MAX - rnd_below(1ULL << 53);
		return;
	case 4:
		*addr = UINT64_MAX - MEM_PAGE_SIZE * rnd_below(8) + 1;
		*n = 1 + rnd_below(8);
		return;
	case 5:
		*addr = PG(0);
		*n = NPG;
		return;
	default:
		if (rnd_below(2)) {
			/* Whole 4-page blocks keep ownership from fragmenting. */
			*addr = PG(4 * rnd_below(NPG / 4));
			*n = rnd_below(3) ? 4 : 8;
			return;
		}
		*addr = PG(rnd_below(NPG));
		*n = 1 + rnd_below(rnd_below(4) ? 4 : 12);
		return;
	}
}

static void compare_all(void)
{
	for (int p = 0; p < NPG; p++) {
		struct mem_page_info i;

		RCHECK(mem_share_query(&MS, HYP, PG(p), &i) == 0, "query %d", p);
		RCHECK(i.owner == REF.owner[p] && (int)i.state == REF.state[p] &&
			       (int)i.nborrowers == REF.nb[p] &&
			       i.pins == REF.pins[p],
		       "page %d: model owner %u state %d nb %u pins %u, "
		       "reference %u %d %d %u",
		       p, i.owner, i.state, i.nborrowers, i.pins, REF.owner[p],
		       REF.state[p], REF.nb[p], REF.pins[p]);
		for (int b = 0; b < REF.nb[p]; b++)
			RCHECK(i.borrowers[b].id == REF.bid[p][b] &&
				       i.borrowers[b].perms == REF.bperm[p][b],
			       "page %d borrower %d", p, b);
		for (int k = 0; k < NID; k++) {
			int a = mem_share_access(&MS, all_ids[k], PG(p));

			RCHECK(a == (int)ref_access(p, all_ids[k]),
			       "page %d id %u access %d ref %u", p, all_ids[k],
			       a, ref_access(p, all_ids[k]));
			RCHECK(a == F.map[k][p],
			       "page %d id %u: model %d, stage-2 %u", p,
			       all_ids[k], a, F.map[k][p]);
		}
	}
}

START_TEST(test_random_against_reference)
{
	unsigned int ok = 0, injected = 0, refused = 0;
	unsigned int op_ok[R_NOPS] = { 0 }, op_injected[R_NOPS] = { 0 };

	seed = unit_test_seed(0xc0ffee11ULL);
	rng = seed ? seed : 1;
	memset(&REF, 0, sizeof(REF)); /* all pages OWNED by the hypervisor */

	for (opno = 0; opno < 20000; opno++) {
		int op = op_mix[rnd_below(ARRAY_SIZE(op_mix))];
		uint64_t addr, n;
		unsigned int perms = (unsigned int)rnd_below(16) == 0
					     ? (unsigned int)rnd_below(16)
					     : (unsigned int)(1 + rnd_below(7));
		mem_id_t a, b;

		rnd_range(&addr, &n);
		if (rnd_below(2) && addr >= BASE && addr < PG(NPG) &&
		    addr % MEM_PAGE_SIZE == 0 && n > 1 && n <= NPG) {
			/* Trim to pages with the first one's owner and state,
			 * so more requests get past the checks. */
			int f = (int)((addr - BASE) / MEM_PAGE_SIZE);
			uint64_t k = 1;

			while (k < n && f + (int)k < NPG &&
			       REF.owner[f + (int)k] == REF.owner[f] &&
			       REF.state[f + (int)k] == REF.state[f])
				k++;
			n = k;
		}
		if (op == R_PIN && n > 2 && rnd_below(4))
			n = 1 + rnd_below(2); /* pins freeze pages: keep few */
		a = rnd_below(5) ? rnd_related_id(addr, op != R_PIN &&
							    op != R_UNPIN)
				 : rnd_id();
		/* Unshare names a borrower; the others mostly someone new. */
		b = op == R_UNSHARE && rnd_below(4) ? rnd_related_id(addr, false)
						    : rnd_id();
		if (op == R_ASSIGN && rnd_below(4))
			b = (mem_id_t)(1 + rnd_below(MAXVM));
		if (b == a && rnd_below(8))
			b = a == 1 ? 2 : 1;
		if (op == R_UNPIN && rnd_below(4)) {
			/* Aim at a pinned page, or pins would only pile up. */
			for (int p = (int)rnd_below(NPG), k = 0; k < NPG;
			     k++, p = (p + 1) % NPG) {
				if (REF.pins[p]) {
					addr = PG(p);
					n = 1;
					a = rnd_related_id(addr, false);
					break;
				}
			}
		}

		fake_reset_log();
		if (rnd_below(3) == 0) /* somewhere in the hook traffic */
			F.fail_at = (long)rnd_below(n < 8 ? 3 * n + 1 : 25);

		int want = ref_op(op, a, b, addr, n, perms, false);
		int got = model_op(op, a, b, addr, n, perms);

		if (F.failed) {
			RCHECK(want == 0 && got == INJECTED,
			       "injected failure: model %d reference %d", got,
			       want);
			injected++;
			op_injected[op]++;
		} else {
			RCHECK(got == want, "op %d a %u b %u addr %#" PRIx64
			       " n %" PRIu64 " perms %u: model %d reference %d",
			       op, a, b, addr, n, perms, got, want);
			if (want == 0) {
				ref_op(op, a, b, addr, n, perms, true);
				ok++;
				op_ok[op]++;
			} else {
				RCHECK(F.ncalls == 0, "refused op called hooks");
				refused++;
			}
		}
		RCHECK(MS.undo_failures == 0, "undo failed");
		compare_all();
	}
	/* The mix must have exercised every outcome a fair number of times. */
	for (int o = 0; o < R_NOPS; o++)
		RCHECK(op_ok[o] >= 20 && (o >= R_PIN || op_injected[o] >= 3),
		       "op kind %d: %u succeeded, %u hit a hook failure", o,
		       op_ok[o], op_injected[o]);
	RCHECK(ok > 2000 && injected > 200 && refused > 2000,
	       "ok %u injected %u refused %u", ok, injected, refused);
}
END_TEST

static Suite *mem_share_suite(void)
{
	Suite *s = suite_create("mem_share");
	TCase *tc = unit_test_tcase(s, "core", setup, 120);

	tcase_add_test(tc, test_init);
	tcase_add_test(tc, test_assign);
	tcase_add_test(tc, test_share_unshare);
	tcase_add_test(tc, test_share_refusals);
	tcase_add_test(tc, test_share_many_borrowers);
	tcase_add_test(tc, test_lend_reclaim);
	tcase_add_test(tc, test_lend_refusals);
	tcase_add_test(tc, test_reclaim_mixed_range);
	tcase_add_test(tc, test_reclaim_refusals);
	tcase_add_test(tc, test_donate);
	tcase_add_test(tc, test_unaligned_and_zero);
	tcase_add_test(tc, test_out_of_range);
	tcase_add_test(tc, test_overflowing_ranges);
	tcase_add_test(tc, test_pin_freezes_pages);
	tcase_add_test(tc, test_pin_refusals_all_or_nothing);
	tcase_add_test(tc, test_query);
	tcase_add_test(tc, test_rollback_share);
	tcase_add_test(tc, test_rollback_lend);
	tcase_add_test(tc, test_rollback_reclaim);
	tcase_add_test(tc, test_rollback_assign_unshare_donate);
	tcase_add_test(tc, test_undo_failure_is_counted);
	tcase_add_test(tc, test_random_against_reference);
	return s;
}

int main(void)
{
	return unit_test_run(mem_share_suite());
}
