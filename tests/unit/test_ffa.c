/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the FF-A proxy (ffa/), against the fake secure side of
 * ffa_fake.c, which answers as real TF-A + OP-TEE did (FFA-FACTS.md), over
 * a real common/mem_share instance and fake guest memory.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errno.h"
#include "ffa/ffa.h"
#include "ffa/ffa_mem_desc.h"
#include "tests/unit/ffa_fake.h"
#include "tests/unit/unit_test.h"

static struct fk_world W;

#define V11 FFA_VERSION_1_1
#define V10 FFA_VERSION_1_0
#define NORMAL_WB_IS 0x2fu /* normal, write-back, inner shareable */
#define RW FFA_PERM_DATA_RW
#define ERR(code) ((uint64_t)(uint32_t)(code))
#define TX_PAGE 0
#define RX_PAGE 1
#define HANDLE(r) ((uint32_t)(r).x[2] | ((uint64_t)(uint32_t)(r).x[3] << 32))

static const uint16_t sp1[1] = { FK_SP1 };

static void setup(void)
{
	ck_assert_int_eq(fk_world_init(&W, NULL), 0);
}

static struct ffa_regs call(int v, uint64_t x0, uint64_t x1, uint64_t x2,
			    uint64_t x3, uint64_t x4, uint64_t x5)
{
	struct ffa_regs r;

	memset(&r, 0, sizeof(r));
	r.x[0] = x0;
	r.x[1] = x1;
	r.x[2] = x2;
	r.x[3] = x3;
	r.x[4] = x4;
	r.x[5] = x5;
	fk_call(&W, v, &r);
	return r;
}

#define ck_success(r) ck_assert_uint_eq((r).x[0], FFA_SUCCESS_32)
#define ck_error(r, code)                                   \
	do {                                                \
		ck_assert_uint_eq((r).x[0], FFA_ERROR);      \
		ck_assert_uint_eq((r).x[2], ERR(code));      \
	} while (0)

static void ck_invariants(void)
{
	const char *why = fk_check_invariants(&W);

	ck_assert_msg(why == NULL, "invariant: %s", why);
}

/* Negotiate @version and map TX/RX at IPA pages 0 and 1. */
static void vm_ready(int v, uint32_t version)
{
	struct ffa_regs r = call(v, FFA_VERSION, version, 0, 0, 0, 0);

	ck_assert_uint_eq(r.x[0], W.proxy.version);
	r = call(v, FFA_RXTX_MAP_64, FK_IPA(TX_PAGE), FK_IPA(RX_PAGE), 1, 0, 0);
	ck_success(r);
}

static uint8_t *vm_tx(int v)
{
	return W.mem[v] + TX_PAGE * 4096;
}

static uint8_t *vm_rx(int v)
{
	return W.mem[v] + RX_PAGE * 4096;
}

/* Write a descriptor into VM @v's TX; returns its length. */
static uint32_t put_desc(int v, uint32_t version, uint16_t sender,
			 const struct fk_range *rg, uint32_t n, bool lend)
{
	size_t len = fk_build_desc(vm_tx(v), 4096, version, sender, sp1, 1, RW,
				   NORMAL_WB_IS,
				   lend ? FFA_FLAG_TYPE_LEND : FFA_FLAG_TYPE_SHARE,
				   rg, n);

	ck_assert_uint_gt(len, 0);
	return (uint32_t)len;
}

static struct ffa_regs share(int v, uint32_t fid, const struct fk_range *rg,
			     uint32_t n)
{
	uint32_t len = put_desc(v, W.vm[v].version, W.vm[v].id, rg, n,
				(fid & ~FFA_SMC64_BIT) == FFA_MEM_LEND_32);

	return call(v, fid, len, len, 0, 0, 0);
}

/* Reclaim handle @h for VM @v with @flags, as the VM's own call would. */
static struct ffa_regs reclaim(int v, uint64_t h, uint64_t flags)
{
	return call(v, FFA_MEM_RECLAIM, (uint32_t)h, h >> 32, flags, 0, 0);
}

/* One-range transaction @fid by VM @v that must succeed; its handle. */
static uint64_t share_ok(int v, uint32_t fid, const struct fk_range *rg)
{
	struct ffa_regs r = share(v, fid, rg, 1);

	ck_success(r);
	return HANDLE(r);
}

/*
 * VM 0 ready at @version gets the partition info into an RX buffer whose
 * first bytes are 0xee, so that the test can see where the answer ends: one
 * descriptor of @size bytes (0: the 1.0 layout), for SP 0x8001 with 4
 * execution contexts and properties @props.
 */
static void part_info_one_sp(uint32_t version, uint64_t size, uint32_t props)
{
	uint8_t *rx = vm_rx(0);
	struct ffa_regs r;

	vm_ready(0, version);
	memset(rx, 0xee, 64);
	r = call(0, FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0);
	ck_success(r);
	ck_assert_uint_eq(r.x[2], 1);
	ck_assert_uint_eq(r.x[3], size);
	ck_assert_uint_eq(ffa_get16(rx), 0x8001);
	ck_assert_uint_eq(ffa_get16(rx + 2), 4);
	ck_assert_uint_eq(ffa_get32(rx + 4), props);
}

static int access_of(mem_id_t id, uint64_t pa)
{
	return mem_share_access(&W.ms, id, pa);
}

/* PA of IPA page @i of VM @v (the fake's rotation). */
static uint64_t pa_of(int v, unsigned int i)
{
	return FK_PA(v, (i + FK_VMPAGES / 2) % FK_VMPAGES);
}

/* Snapshot of everything an error must leave alone. */
struct snap {
	struct mem_page_info pages[FK_NPAGES];
	struct ffa_handle_rec recs[FFA_MAX_HANDLES];
	uint8_t s2[FK_NID][FK_NPAGES];
	unsigned int sp_handles;
};

static void take(struct snap *s)
{
	unsigned int i;

	/* Through the model's query: stale slots in a record do not count. */
	memset(s->pages, 0, sizeof(s->pages));
	for (i = 0; i < FK_NPAGES; i++)
		mem_share_query(&W.ms, 0, FK_BASE + i * 4096ULL, &s->pages[i]);
	memcpy(s->recs, W.proxy.recs, sizeof(s->recs));
	memcpy(s->s2, W.s2, sizeof(s->s2));
	s->sp_handles = fk_sp_handles(&W);
}

static bool same(const struct snap *s)
{
	struct snap now;

	take(&now);
	return !memcmp(s->pages, now.pages, sizeof(s->pages)) &&
	       !memcmp(s->recs, W.proxy.recs, sizeof(s->recs)) &&
	       !memcmp(s->s2, W.s2, sizeof(s->s2)) &&
	       s->sp_handles == fk_sp_handles(&W);
}

/* ---- init, version, features, ids ---- */

START_TEST(test_init_matches_secure_side)
{
	ck_assert_uint_eq(W.proxy.sec_version, 0x10001);
	ck_assert_uint_eq(W.proxy.nparts, 1);
	ck_assert_uint_eq(W.proxy.parts[0].id, 0x8001);
	ck_assert_uint_eq(W.proxy.parts[0].nctx, 4);
	ck_assert_uint_eq(W.proxy.parts[0].props, 0x103);
	ck_assert_mem_eq(W.proxy.parts[0].uuid, fk_uuid1, 16);
	ck_assert(W.sp.mapped);
	ck_assert_uint_eq(W.sp.tx_pa, FK_HYP_PA(0));
	ck_assert_uint_eq(W.sp.rx_pa, FK_HYP_PA(1));
	ck_invariants();
}
END_TEST

START_TEST(test_init_refuses_bad_config_and_no_ffa)
{
	struct ffa_proxy *p = malloc(sizeof(*p));
	struct ffa_config c = W.cfg;

	c.tx_pa |= 4;
	ck_assert_int_eq(ffa_proxy_init(p, &c), -EINVAL);
	c = W.cfg;
	c.buf_pages = 0;
	ck_assert_int_eq(ffa_proxy_init(p, &c), -EINVAL);
	W.sp.version = 0xffffffffu; /* NOT_SUPPORTED: no SPMC */
	ck_assert_int_eq(ffa_proxy_init(p, &W.cfg), -EOPNOTSUPP);
	W.sp.version = 0x20000; /* major 2 */
	ck_assert_int_eq(ffa_proxy_init(p, &W.cfg), -EOPNOTSUPP);
	free(p);
}
END_TEST

START_TEST(test_version_1_0_and_1_1_guests)
{
	struct ffa_regs r = call(0, FFA_VERSION, V10, 0, 0, 0, 0);

	ck_assert_uint_eq(r.x[0], 0x10001);
	ck_assert_uint_eq(W.vm[0].version, V10);
	r = call(1, FFA_VERSION, V11, 0, 0, 0, 0);
	ck_assert_uint_eq(r.x[0], 0x10001);
	ck_assert_uint_eq(W.vm[1].version, V11);
	/* A 1.2 guest gets what the secure side speaks. */
	r = call(2, FFA_VERSION, FFA_VERSION_1_2, 0, 0, 0, 0);
	ck_assert_uint_eq(r.x[0], 0x10001);
	ck_assert_uint_eq(W.vm[2].version, V11);
}
END_TEST

START_TEST(test_version_bad_requests)
{
	struct ffa_regs r = call(0, FFA_VERSION, 0x80010001u, 0, 0, 0, 0);

	ck_assert_uint_eq(r.x[0], ERR(FFA_RET_NOT_SUPPORTED));
	r = call(0, FFA_VERSION, 0x20000, 0, 0, 0, 0);
	ck_assert_uint_eq(r.x[0], 0x10001);
	ck_assert_uint_eq(W.vm[0].version, V10); /* unchanged */
	/* After RX/TX are mapped the layout is fixed. */
	vm_ready(0, V10);
	r = call(0, FFA_VERSION, V11, 0, 0, 0, 0);
	ck_assert_uint_eq(r.x[0], 0x10001);
	ck_assert_uint_eq(W.vm[0].version, V10);
}
END_TEST

START_TEST(test_features_table)
{
	struct ffa_regs r = call(0, FFA_FEATURES, FFA_VERSION, 0, 0, 0, 0);

	ck_success(r);
	ck_assert_uint_eq(r.x[2], 0);
	r = call(0, FFA_FEATURES, FFA_MEM_SHARE_32, 0, 0, 0, 0);
	ck_success(r);
	ck_assert_uint_eq(r.x[2], 1); /* as the secure side said */
	r = call(0, FFA_FEATURES, FFA_RXTX_MAP_64, 0, 0, 0, 0);
	ck_success(r);
	r = call(0, FFA_FEATURES, FFA_ID_GET, 0, 0, 0, 0);
	ck_success(r); /* answered by the proxy itself */
	r = call(0, FFA_FEATURES, 0x8400006A /* MSG_POLL */, 0, 0, 0, 0);
	ck_error(r, FFA_RET_NOT_SUPPORTED);
	r = call(0, FFA_FEATURES, FFA_MSG_SEND_DIRECT_REQ2, 0, 0, 0, 0);
	ck_error(r, FFA_RET_NOT_SUPPORTED);
	r = call(0, FFA_FEATURES, 1 /* a feature id, not a function */, 0, 0,
		 0, 0);
	ck_error(r, FFA_RET_NOT_SUPPORTED);
	/* SPM_ID_GET is 1.1: not for a guest that speaks 1.0. */
	r = call(0, FFA_FEATURES, FFA_SPM_ID_GET, 0, 0, 0, 0);
	ck_error(r, FFA_RET_NOT_SUPPORTED);
	call(0, FFA_VERSION, V11, 0, 0, 0, 0);
	r = call(0, FFA_FEATURES, FFA_SPM_ID_GET, 0, 0, 0, 0);
	ck_success(r);
}
END_TEST

START_TEST(test_unsupported_functions)
{
	static const uint32_t fids[] = {
		FFA_MEM_DONATE_32, FFA_MEM_RETRIEVE_REQ_32, FFA_MEM_FRAG_RX,
		0x84000086 /* MSG_SEND2 */, 0x8400006D /* RUN */,
		FFA_INTERRUPT, FFA_SUCCESS_32, FFA_ERROR, 0x840000ff,
		FFA_MSG_SEND_DIRECT_REQ2,
	};
	struct ffa_regs r;
	unsigned int i;

	call(0, FFA_VERSION, V11, 0, 0, 0, 0);
	for (i = 0; i < ARRAY_SIZE(fids); i++) {
		r = call(0, fids[i], 1, 2, 3, 4, 5);
		ck_error(r, FFA_RET_NOT_SUPPORTED);
	}
	/* Not FF-A at all (PSCI_VERSION): left to arch/ to route. */
	memset(&r, 0, sizeof(r));
	r.x[0] = 0x84000000;
	ck_assert_int_eq(ffa_handle_call(&W.proxy, &W.vm[0], &r), -ENOENT);
	ck_assert(!ffa_is_ffa_call(0x0000000184000063ULL));
	ck_assert(ffa_is_ffa_call(FFA_MEM_SHARE_64));
}
END_TEST

START_TEST(test_id_get_and_spm_id_get)
{
	struct ffa_regs r;
	int v;

	for (v = 0; v < FK_NVM; v++) {
		r = call(v, FFA_ID_GET, 0, 0, 0, 0, 0);
		ck_success(r);
		ck_assert_uint_eq(r.x[2], (uint64_t)v + 1);
	}
	call(0, FFA_VERSION, V11, 0, 0, 0, 0);
	r = call(0, FFA_SPM_ID_GET, 0, 0, 0, 0, 0);
	ck_success(r);
	ck_assert_uint_eq(r.x[2], 0x8000);
}
END_TEST

/* ---- RX/TX ---- */

START_TEST(test_rxtx_map_pins_and_unmap)
{
	struct ffa_regs r;
	struct mem_page_info info;

	vm_ready(0, V11);
	ck_assert(W.vm[0].mapped);
	ck_assert_int_eq(mem_share_query(&W.ms, 1, pa_of(0, TX_PAGE), &info), 0);
	ck_assert_uint_eq(info.pins, 1);
	ck_assert_int_eq(mem_share_query(&W.ms, 1, pa_of(0, RX_PAGE), &info), 0);
	ck_assert_uint_eq(info.pins, 1);
	ck_assert_int_eq(W.maps, 2);
	ck_invariants();
	r = call(0, FFA_RXTX_UNMAP, 0, 0, 0, 0, 0);
	ck_success(r);
	ck_assert(!W.vm[0].mapped);
	ck_assert_int_eq(W.maps, 0);
	r = call(0, FFA_RXTX_UNMAP, 0, 0, 0, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
	ck_invariants();
}
END_TEST

START_TEST(test_rxtx_map_argument_errors)
{
	struct snap s;
	struct ffa_regs r;

	take(&s);
	r = call(0, FFA_RXTX_MAP_64, FK_IPA(0) + 8, FK_IPA(1), 1, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* unaligned */
	r = call(0, FFA_RXTX_MAP_64, FK_IPA(0), FK_IPA(1) + 0x800, 1, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
	r = call(0, FFA_RXTX_MAP_64, FK_IPA(0), FK_IPA(1), 0, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* zero pages */
	r = call(0, FFA_RXTX_MAP_64, FK_IPA(0), FK_IPA(8), 5, 0, 0);
	ck_error(r, FFA_RET_NO_MEMORY); /* larger than we take */
	r = call(0, FFA_RXTX_MAP_64, FK_IPA(0), FK_IPA(8), 0x41, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* bits 31:6 MBZ */
	r = call(0, FFA_RXTX_MAP_64, FK_IPA(0), FK_IPA(1), 2, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* TX and RX overlap */
	r = call(0, FFA_RXTX_MAP_64, 0xfffffffffffff000ULL, FK_IPA(1), 2, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* wraps */
	r = call(0, FFA_RXTX_MAP_64, 0x1000, FK_IPA(1), 1, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* not the VM's memory */
	/* The 32-bit call sees only w1/w2. */
	r = call(0, FFA_RXTX_MAP_32, (1ULL << 32) | FK_IPA(0), FK_IPA(1), 1, 0,
		 0);
	ck_success(r);
	ck_assert_uint_eq(W.vm[0].tx_ipa, FK_IPA(0));
	call(0, FFA_RXTX_UNMAP, 0, 0, 0, 0, 0);
	ck_assert(same(&s));
	ck_invariants();
}
END_TEST

START_TEST(test_rxtx_map_foreign_memory_denied)
{
	struct snap s;
	struct ffa_regs r;

	take(&s);
	W.hole_target = 1; /* stage-2 wrongly maps VM 2's pages */
	r = call(0, FFA_RXTX_MAP_64, FK_HOLE_IPA, FK_IPA(1), 1, 0, 0);
	ck_error(r, FFA_RET_DENIED);
	W.hole_target = FK_NVM; /* ... or the hypervisor's */
	r = call(0, FFA_RXTX_MAP_64, FK_IPA(0), FK_HOLE_IPA, 1, 0, 0);
	ck_error(r, FFA_RET_DENIED);
	ck_assert(!W.vm[0].mapped);
	ck_assert(same(&s));
	ck_invariants();
}
END_TEST

START_TEST(test_rxtx_already_mapped_denied)
{
	struct ffa_regs r;

	vm_ready(0, V11);
	r = call(0, FFA_RXTX_MAP_64, FK_IPA(4), FK_IPA(5), 1, 0, 0);
	ck_error(r, FFA_RET_DENIED);
	ck_assert_uint_eq(W.vm[0].tx_ipa, FK_IPA(0));
	ck_invariants();
}
END_TEST

START_TEST(test_rxtx_map_rolls_back_on_map_failure)
{
	struct snap s;
	struct ffa_regs r;

	take(&s);
	W.map_guest_fail = 1; /* TX mapping fails */
	r = call(0, FFA_RXTX_MAP_64, FK_IPA(0), FK_IPA(1), 1, 0, 0);
	ck_error(r, FFA_RET_NO_MEMORY);
	ck_assert(same(&s));
	ck_invariants();
	W.map_guest_fail = 2; /* RX mapping fails: TX unmapped again */
	r = call(0, FFA_RXTX_MAP_64, FK_IPA(0), FK_IPA(1), 1, 0, 0);
	ck_error(r, FFA_RET_NO_MEMORY);
	ck_assert(same(&s));
	ck_assert(!W.vm[0].mapped);
	ck_invariants();
	/* And it works once nothing fails. */
	r = call(0, FFA_RXTX_MAP_64, FK_IPA(0), FK_IPA(1), 1, 0, 0);
	ck_success(r);
	ck_invariants();
}
END_TEST

START_TEST(test_rxtx_shared_page_refused)
{
	struct fk_range rg = { FK_IPA(4), 1 };
	struct ffa_regs r;

	vm_ready(0, V11);
	r = share(0, FFA_MEM_SHARE_32, &rg, 1);
	ck_success(r);
	call(0, FFA_RXTX_UNMAP, 0, 0, 0, 0, 0);
	/* A page shared with the secure side cannot become a buffer. */
	r = call(0, FFA_RXTX_MAP_64, FK_IPA(4), FK_IPA(5), 1, 0, 0);
	ck_error(r, FFA_RET_DENIED);
	ck_assert(!W.vm[0].mapped);
	ck_invariants();
}
END_TEST

START_TEST(test_rx_release)
{
	struct ffa_regs r = call(0, FFA_RX_RELEASE, 0, 0, 0, 0, 0);

	ck_error(r, FFA_RET_DENIED);
	vm_ready(0, V11);
	r = call(0, FFA_RX_RELEASE, 0, 0, 0, 0, 0);
	ck_error(r, FFA_RET_DENIED); /* nothing to release */
	r = call(0, FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0);
	ck_success(r);
	r = call(0, FFA_RX_RELEASE, 5u << 16, 0, 0, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* names another endpoint */
	r = call(0, FFA_RX_RELEASE, 1u << 16, 0, 0, 0, 0);
	ck_success(r);
	r = call(0, FFA_RX_RELEASE, 0, 0, 0, 0, 0);
	ck_error(r, FFA_RET_DENIED);
}
END_TEST

/* ---- partition info ---- */

START_TEST(test_part_info_1_1_layout)
{
	uint8_t *rx = vm_rx(0);

	part_info_one_sp(V11, 24, 0x103);
	ck_assert_mem_eq(rx + 8, fk_uuid1, 16);
	ck_assert_uint_eq(rx[24], 0xee); /* nothing beyond */
	ck_assert(!W.sp.rx_busy);        /* hypervisor RX released */
	ck_assert(W.vm[0].rx_full);
}
END_TEST

START_TEST(test_part_info_1_0_layout)
{
	struct ffa_regs r;
	uint8_t *rx = vm_rx(0);

	part_info_one_sp(V10, 0, 0x3); /* 1.0 bits only */
	ck_assert_uint_eq(rx[8], 0xee); /* 8 bytes, no UUID */
	ck_assert(!W.sp.rx_busy);
	/* w5 is not a flag field in 1.0. */
	call(0, FFA_RX_RELEASE, 0, 0, 0, 0, 0);
	r = call(0, FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 1);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
}
END_TEST

START_TEST(test_part_info_count_only_and_uuid)
{
	struct ffa_regs r;
	uint32_t u[4];
	int i;

	call(0, FFA_VERSION, V11, 0, 0, 0, 0);
	/* Count only works without RX/TX. */
	r = call(0, FFA_PARTITION_INFO_GET, 0, 0, 0, 0, FFA_PART_INFO_COUNT_ONLY);
	ck_success(r);
	ck_assert_uint_eq(r.x[2], 1);
	ck_assert(!W.vm[0].rx_full);
	r = call(0, FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 2);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* unknown flag */
	vm_ready(1, V11);
	for (i = 0; i < 4; i++)
		u[i] = ffa_get32(fk_uuid1 + 4 * i);
	r = call(1, FFA_PARTITION_INFO_GET, u[0], u[1], u[2], u[3], 0);
	ck_success(r);
	ck_assert_uint_eq(r.x[2], 1);
	call(1, FFA_RX_RELEASE, 0, 0, 0, 0, 0);
	r = call(1, FFA_PARTITION_INFO_GET, 1, 2, 3, 4, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
	ck_assert(!W.sp.rx_busy);
	ck_assert(!W.vm[1].rx_full);
}
END_TEST

START_TEST(test_part_info_busy_and_unmapped)
{
	struct ffa_regs r = call(0, FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0);

	ck_error(r, FFA_RET_DENIED); /* no RX buffer */
	vm_ready(0, V11);
	r = call(0, FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0);
	ck_success(r);
	r = call(0, FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0);
	ck_error(r, FFA_RET_BUSY); /* the VM did not release its RX */
	ck_assert(!W.sp.rx_busy);
}
END_TEST

START_TEST(test_part_info_secure_side_out_of_bounds)
{
	struct ffa_regs r;

	vm_ready(0, V11);
	W.sp.bad_count = 1000; /* 1000 * 24 bytes do not fit in 4 KiB */
	r = call(0, FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0);
	ck_error(r, FFA_RET_ABORTED);
	ck_assert(!W.sp.rx_busy); /* released anyway */
	ck_assert(!W.vm[0].rx_full);
	/* Earlier OP-TEE said size 0: taken as the 1.1 size. */
	W.sp.bad_count = 0;
	W.sp.size0_quirk = true;
	r = call(0, FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0);
	ck_success(r);
	ck_assert_uint_eq(r.x[3], 24);
	ck_assert_uint_eq(ffa_get16(vm_rx(0)), 0x8001);
}
END_TEST

/* ---- direct messages ---- */

START_TEST(test_direct_req_round_trip)
{
	struct ffa_regs r = call(0, FFA_MSG_SEND_DIRECT_REQ_32, 0x00018001, 0,
				 0x11, 0x22, 0x33);

	ck_assert_uint_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	ck_assert_uint_eq(r.x[1], 0x80010001);
	ck_assert_uint_eq(r.x[3], 0x11);
	ck_assert_uint_eq(r.x[4], 0x22);
	ck_assert_uint_eq(r.x[5], 0x33);
	r = call(2, FFA_MSG_SEND_DIRECT_REQ_64, 0x00038001, 0,
		 0x1122334455667788ULL, 0, 0);
	ck_assert_uint_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	ck_assert_uint_eq(r.x[1], 0x80010003);
	ck_assert_uint_eq(r.x[3], 0x1122334455667788ULL);
	/* The 32-bit call passes 32-bit values only. */
	r = call(0, FFA_MSG_SEND_DIRECT_REQ_32, 0x00018001, 0,
		 0x1122334455667788ULL, 0, 0);
	ck_assert_uint_eq(r.x[3], 0x55667788);
}
END_TEST

START_TEST(test_direct_req_forged_or_bad)
{
	uint64_t before = W.sp.ncalls;
	struct ffa_regs r;

	r = call(0, FFA_MSG_SEND_DIRECT_REQ_32, 0x00028001, 0, 1, 2, 3);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* VM 1 claims to be 2 */
	r = call(0, FFA_MSG_SEND_DIRECT_REQ_32, 0x00008001, 0, 1, 2, 3);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* ... or the hypervisor */
	r = call(0, FFA_MSG_SEND_DIRECT_REQ_32, 0x00010002, 0, 1, 2, 3);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* not a partition */
	r = call(0, FFA_MSG_SEND_DIRECT_REQ_32, 0x00018001,
		 FFA_MSG_FLAG_FRAMEWORK | FFA_MSG_VM_DESTROYED, 0, 0, 2);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* framework message */
	r = call(0, FFA_MSG_SEND_DIRECT_RESP_32, 0x00028001, 0, 0, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
	r = call(0, FFA_MSG_SEND_DIRECT_RESP_32, 0x00018001, 0, 0, 0, 0);
	ck_error(r, FFA_RET_DENIED); /* nothing asked the VM anything */
	ck_assert_uint_eq(W.sp.ncalls, before);
}
END_TEST

static void spmc_1_2(struct fk_spmc *sp)
{
	sp->version = FFA_VERSION_1_2;
	sp->nparts = 2;
}

START_TEST(test_ffa_1_2_regs_calls)
{
	struct ffa_regs r;
	unsigned int i;

	ck_assert_int_eq(fk_world_init(&W, spmc_1_2), 0);
	ck_assert_uint_eq(W.proxy.nparts, 2);
	/* 1.1 guest: the 1.2 functions do not exist for it. */
	call(0, FFA_VERSION, V11, 0, 0, 0, 0);
	r = call(0, FFA_PARTITION_INFO_GET_REGS, 0, 0, 0, 0, 0);
	ck_error(r, FFA_RET_NOT_SUPPORTED);
	r = call(1, FFA_VERSION, FFA_VERSION_1_2, 0, 0, 0, 0);
	ck_assert_uint_eq(r.x[0], FFA_VERSION_1_2);
	r = call(1, FFA_PARTITION_INFO_GET_REGS, 0, 0, 0, 0, 0);
	ck_assert_uint_eq(r.x[0], FFA_SUCCESS_64);
	ck_assert_uint_eq(r.x[3] & 0xffff, 0x8001);
	memset(&r, 0, sizeof(r));
	r.x[0] = FFA_MSG_SEND_DIRECT_REQ2;
	r.x[1] = 0x00028002;
	for (i = 4; i < 18; i++)
		r.x[i] = 0x100 + i;
	fk_call(&W, 1, &r);
	ck_assert_uint_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP2);
	ck_assert_uint_eq(r.x[1], 0x80020002);
	for (i = 4; i < 18; i++)
		ck_assert_uint_eq(r.x[i], 0x100 + i);
	r.x[0] = FFA_MSG_SEND_DIRECT_REQ2;
	r.x[1] = 0x00018002; /* forged */
	fk_call(&W, 1, &r);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
}
END_TEST

/* ---- memory ---- */

START_TEST(test_share_and_reclaim)
{
	struct fk_range rg = { FK_IPA(4), 2 };
	struct ffa_regs r;
	uint64_t h;

	vm_ready(0, V11);
	h = share_ok(0, FFA_MEM_SHARE_32, &rg);
	ck_assert_uint_eq(h, 0x0000100000010000ULL); /* VM id at bit 16 */
	ck_assert_int_eq(access_of(MEM_ID_SECURE, pa_of(0, 4)),
			 MEM_PERM_R | MEM_PERM_W);
	ck_assert_int_eq(access_of(1, pa_of(0, 5)), MEM_PERM_RWX);
	ck_invariants();
	r = reclaim(0, h, 0);
	ck_success(r);
	ck_assert_int_eq(access_of(MEM_ID_SECURE, pa_of(0, 4)), 0);
	ck_invariants();
	r = reclaim(0, h, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
}
END_TEST

START_TEST(test_lend_makes_pages_inaccessible)
{
	struct fk_range rg = { FK_IPA(10), 3 };
	struct ffa_regs r;
	unsigned int i;
	uint64_t h;

	vm_ready(1, V11);
	h = share_ok(1, FFA_MEM_LEND_64, &rg);
	for (i = 10; i < 13; i++) {
		uint64_t pg = (pa_of(1, i) - FK_BASE) / 4096;

		ck_assert_int_eq(access_of(2, pa_of(1, i)), 0);
		ck_assert_uint_eq(W.s2[2][pg], 0); /* gone from stage-2 */
	}
	ck_invariants();
	/* Lent pages cannot be shared again or used as buffers. */
	rg.npages = 1;
	r = share(1, FFA_MEM_SHARE_32, &rg, 1);
	ck_error(r, FFA_RET_DENIED);
	r = reclaim(1, h, FFA_FLAG_ZERO_MEMORY);
	ck_success(r);
	for (i = 10; i < 13; i++)
		ck_assert_int_eq(access_of(2, pa_of(1, i)), MEM_PERM_RWX);
	ck_invariants();
}
END_TEST

START_TEST(test_share_1_0_guest_translated)
{
	/* IPA pages 30..33 are physical 62, 63, 0, 1: two runs. */
	struct fk_range rg = { FK_IPA(30), 4 };
	struct ffa_regs r;
	const uint8_t *d = W.sp.last_desc;
	uint32_t comp;

	vm_ready(0, V10);
	r = share(0, FFA_MEM_SHARE_64, &rg, 1);
	ck_success(r);
	/* What the secure side got: 1.1 layout, physical addresses. */
	ck_assert_uint_eq(W.sp.last_desc_len, 48 + 16 + 16 + 2 * 16);
	ck_assert_uint_eq(ffa_get16(d), 1);
	ck_assert_uint_eq(ffa_get32(d + 24), 16);
	ck_assert_uint_eq(ffa_get32(d + 32), 48);
	comp = ffa_get32(d + 48 + 4);
	ck_assert_uint_eq(ffa_get32(d + comp), 4);
	ck_assert_uint_eq(ffa_get32(d + comp + 4), 2);
	ck_assert_uint_eq(ffa_get64(d + comp + 16), FK_PA(0, 62));
	ck_assert_uint_eq(ffa_get32(d + comp + 24), 2);
	ck_assert_uint_eq(ffa_get64(d + comp + 32), FK_PA(0, 0));
	ck_assert_uint_eq(ffa_get32(d + comp + 40), 2);
	ck_invariants();
}
END_TEST

START_TEST(test_share_foreign_memory_refused)
{
	struct fk_range rg = { FK_HOLE_IPA, 1 };
	struct snap s;
	struct ffa_regs r;

	vm_ready(0, V11);
	take(&s);
	W.hole_target = 1; /* another VM's page */
	r = share(0, FFA_MEM_SHARE_32, &rg, 1);
	ck_error(r, FFA_RET_DENIED);
	W.hole_target = FK_NVM; /* the hypervisor's */
	r = share(0, FFA_MEM_LEND_32, &rg, 1);
	ck_error(r, FFA_RET_DENIED);
	W.hole_target = -1;
	rg.addr = 0x1000; /* not the VM's memory at all */
	r = share(0, FFA_MEM_SHARE_32, &rg, 1);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
	rg.addr = FK_IPA(FK_VMPAGES - 1); /* runs past its end */
	rg.npages = 2;
	r = share(0, FFA_MEM_SHARE_32, &rg, 1);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
	ck_assert(same(&s));
	ck_invariants();
}
END_TEST

START_TEST(test_reclaim_other_vms_handle_refused)
{
	struct fk_range rg = { FK_IPA(4), 1 };
	struct ffa_regs r;
	uint64_t h;

	vm_ready(0, V11);
	h = share_ok(0, FFA_MEM_SHARE_32, &rg);
	r = reclaim(1, h, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
	ck_assert_int_gt(access_of(MEM_ID_SECURE, pa_of(0, 4)), 0);
	r = reclaim(0, h, 2);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* reserved flag */
	r = reclaim(0, h, FFA_FLAG_ZERO_MEMORY);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* zeroing a shared page */
	ck_invariants();
}
END_TEST

START_TEST(test_double_share_and_overlap_refused)
{
	struct fk_range rg[2] = { { FK_IPA(4), 2 }, { FK_IPA(5), 1 } };
	struct ffa_regs r;
	struct snap s;

	vm_ready(0, V11);
	r = share(0, FFA_MEM_SHARE_32, rg, 1);
	ck_success(r);
	take(&s);
	r = share(0, FFA_MEM_SHARE_32, &rg[1], 1);
	ck_error(r, FFA_RET_DENIED);
	r = share(0, FFA_MEM_LEND_32, &rg[1], 1);
	ck_error(r, FFA_RET_DENIED);
	rg[0].addr = FK_IPA(8);
	rg[1].addr = FK_IPA(9);
	r = share(0, FFA_MEM_SHARE_32, rg, 2); /* one page named twice */
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
	/* The RX/TX pages are pinned. */
	rg[0].addr = FK_IPA(TX_PAGE);
	rg[0].npages = 1;
	r = share(0, FFA_MEM_SHARE_32, rg, 1);
	ck_error(r, FFA_RET_DENIED);
	ck_assert(same(&s));
	ck_invariants();
}
END_TEST

START_TEST(test_forged_descriptor_sender_refused)
{
	struct fk_range rg = { FK_IPA(4), 1 };
	struct ffa_regs r;
	struct snap s;
	uint32_t len;

	vm_ready(0, V11);
	take(&s);
	len = put_desc(0, V11, 2, &rg, 1, false); /* claims to be VM 2 */
	r = call(0, FFA_MEM_SHARE_32, len, len, 0, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
	len = put_desc(0, V11, 1, &rg, 1, false);
	ffa_put16(vm_tx(0) + 48, 0x0002); /* receiver is a VM */
	r = call(0, FFA_MEM_SHARE_32, len, len, 0, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
	ffa_put16(vm_tx(0) + 48, 0x8005); /* no such partition */
	r = call(0, FFA_MEM_SHARE_32, len, len, 0, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
	ck_assert(same(&s));
}
END_TEST

START_TEST(test_malformed_descriptors_change_nothing)
{
	struct fk_range rg = { FK_IPA(4), 1 };
	uint64_t shares = W.sp.calls_by_fn[0x73];
	uint8_t *tx = vm_tx(0);
	struct ffa_regs r;
	struct snap s;
	uint32_t len;

	vm_ready(0, V11);
	take(&s);
#define TRY(mutate, code)                                               \
	do {                                                            \
		len = put_desc(0, V11, 1, &rg, 1, false);               \
		mutate;                                                 \
		r = call(0, FFA_MEM_SHARE_32, len, len, 0, 0, 0);       \
		ck_error(r, code);                                      \
	} while (0)
	TRY(ffa_put32(tx + 32, 4096), FFA_RET_INVALID_PARAMETERS); /* emad off */
	TRY(ffa_put32(tx + 32, 0xfffffff0u), FFA_RET_INVALID_PARAMETERS);
	TRY(ffa_put32(tx + 28, 0x10000000u), FFA_RET_INVALID_PARAMETERS);
	TRY(ffa_put32(tx + 52, 0xfffffff8u), FFA_RET_INVALID_PARAMETERS);
	TRY(ffa_put32(tx + 52, (uint32_t)len), FFA_RET_INVALID_PARAMETERS);
	TRY(ffa_put32(tx + 64 + 4, 0xffffffffu), FFA_RET_INVALID_PARAMETERS);
	TRY(ffa_put32(tx + 64 + 4, 0x10000001u), FFA_RET_INVALID_PARAMETERS);
	TRY(ffa_put32(tx + 64, 7), FFA_RET_INVALID_PARAMETERS); /* page sum */
	TRY(ffa_put32(tx + 80 + 8, 0xffffffffu), FFA_RET_INVALID_PARAMETERS);
	TRY(ffa_put64(tx + 80, 0xfffffffffffff000ULL),
	    FFA_RET_INVALID_PARAMETERS); /* range wraps */
	TRY(ffa_put64(tx + 80, FK_IPA(4) + 12), FFA_RET_INVALID_PARAMETERS);
	TRY(ffa_put32(tx + 24, 8), FFA_RET_INVALID_PARAMETERS); /* emad size */
	TRY(ffa_put64(tx + 8, 5), FFA_RET_INVALID_PARAMETERS);  /* handle */
	TRY(ffa_put16(tx + 2, 0x10), FFA_RET_INVALID_PARAMETERS); /* device */
	TRY(tx[48 + 2] = FFA_PERM_DATA_RW | FFA_PERM_INST_X,
	    FFA_RET_INVALID_PARAMETERS);
	TRY(ffa_put32(tx + 4, FFA_FLAG_ZERO_MEMORY),
	    FFA_RET_INVALID_PARAMETERS);
	TRY(len -= 1, FFA_RET_INVALID_PARAMETERS); /* truncated */
	TRY(len = 16, FFA_RET_INVALID_PARAMETERS);
	/* Lengths in registers. */
	len = put_desc(0, V11, 1, &rg, 1, false);
	r = call(0, FFA_MEM_SHARE_32, len, len + 1, 0, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
	r = call(0, FFA_MEM_SHARE_32, 0x100000, 4097, 0, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
	r = call(0, FFA_MEM_SHARE_32, 0x100000, 4096, 0, 0, 0);
	ck_error(r, FFA_RET_NO_MEMORY);
	r = call(0, FFA_MEM_SHARE_64, len, len, FK_IPA(4), 1, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* dynamic buffer */
#undef TRY
	ck_assert(same(&s));
	ck_assert_uint_eq(W.sp.calls_by_fn[0x73], shares); /* never sent */
	ck_invariants();
}
END_TEST

START_TEST(test_secure_refusal_rolls_back)
{
	struct fk_range rg[2] = { { FK_IPA(30), 4 }, { FK_IPA(40), 1 } };
	struct ffa_regs r;
	struct snap s;

	vm_ready(0, V11);
	take(&s);
	W.sp.refuse_fid = FFA_MEM_SHARE_32;
	W.sp.refuse_code = FFA_RET_NO_MEMORY;
	W.sp.refuse_times = 1;
	r = share(0, FFA_MEM_SHARE_64, rg, 2);
	ck_error(r, FFA_RET_NO_MEMORY);
	ck_assert(same(&s));
	W.sp.refuse_fid = FFA_MEM_LEND_32;
	W.sp.refuse_code = FFA_RET_DENIED;
	W.sp.refuse_times = 1;
	r = share(0, FFA_MEM_LEND_32, rg, 2);
	ck_error(r, FFA_RET_DENIED);
	ck_assert(same(&s));
	ck_invariants();
	/* And it works when the secure side agrees. */
	r = share(0, FFA_MEM_LEND_32, rg, 2);
	ck_success(r);
	ck_invariants();
}
END_TEST

START_TEST(test_stage2_failure_rolls_back)
{
	struct fk_range rg[2] = { { FK_IPA(30), 4 }, { FK_IPA(40), 1 } };
	struct ffa_regs r;
	struct snap s;
	long k;

	vm_ready(0, V11);
	take(&s);
	for (k = 0; k < 6; k++) {
		W.hook_calls = 0;
		W.hook_fail_at = k;
		r = share(0, FFA_MEM_LEND_32, rg, 2);
		ck_assert_uint_eq(r.x[0], FFA_ERROR);
		W.hook_fail_at = -1;
		ck_assert(same(&s));
		ck_invariants();
	}
}
END_TEST

START_TEST(test_secure_reclaim_refusal_keeps_pages)
{
	struct fk_range rg = { FK_IPA(4), 1 };
	struct ffa_regs r;
	struct snap s;
	uint64_t h;

	vm_ready(0, V11);
	r = share(0, FFA_MEM_LEND_32, &rg, 1);
	h = HANDLE(r);
	take(&s);
	W.sp.refuse_fid = FFA_MEM_RECLAIM;
	W.sp.refuse_code = FFA_RET_DENIED; /* a partition still uses it */
	W.sp.refuse_times = 1;
	r = reclaim(0, h, 0);
	ck_error(r, FFA_RET_DENIED);
	ck_assert(same(&s));
	ck_assert_int_eq(access_of(1, pa_of(0, 4)), 0);
	r = reclaim(0, h, 0);
	ck_success(r);
	ck_assert_int_eq(access_of(1, pa_of(0, 4)), MEM_PERM_RWX);
	ck_invariants();
}
END_TEST

START_TEST(test_bogus_secure_handle_keeps_pages_away)
{
	struct fk_range rg = { FK_IPA(4), 1 };
	struct ffa_regs r;

	vm_ready(0, V11);
	W.sp.bogus_handle = true;
	r = share(0, FFA_MEM_SHARE_32, &rg, 1);
	ck_error(r, FFA_RET_ABORTED);
	/* Unusable handle: the secure side keeps the page it was given. */
	ck_assert_int_gt(access_of(MEM_ID_SECURE, pa_of(0, 4)), 0);
	r = call(0, FFA_MEM_RECLAIM, 0xffffffffu, 0xffffffffu, 0, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
}
END_TEST

START_TEST(test_handle_records_exhausted)
{
	struct fk_range rg;
	struct ffa_regs r;
	unsigned int i;

	vm_ready(0, V11);
	for (i = 0; i < FFA_MAX_HANDLES; i++) {
		rg.addr = FK_IPA(2 + i);
		rg.npages = 1;
		r = share(0, FFA_MEM_SHARE_32, &rg, 1);
		ck_success(r);
	}
	rg.addr = FK_IPA(2 + i);
	r = share(0, FFA_MEM_SHARE_32, &rg, 1);
	ck_error(r, FFA_RET_NO_MEMORY);
	ck_invariants();
}
END_TEST

START_TEST(test_two_fragment_share)
{
	struct fk_range rg[3] = { { FK_IPA(4), 1 }, { FK_IPA(8), 2 },
				  { FK_IPA(20), 1 } };
	uint8_t desc[256];
	struct ffa_regs r;
	uint64_t fh;
	size_t len;

	vm_ready(0, V11);
	len = fk_build_desc(desc, sizeof(desc), V11, 1, sp1, 1, RW,
			    NORMAL_WB_IS, 0, rg, 3);
	memcpy(vm_tx(0), desc, 60);
	r = call(0, FFA_MEM_SHARE_32, len, 60, 0, 0, 0);
	ck_assert_uint_eq(r.x[0], FFA_MEM_FRAG_RX);
	ck_assert_uint_eq(r.x[3], 60);
	fh = (uint32_t)r.x[1] | ((uint64_t)(uint32_t)r.x[2] << 32);
	/* Nothing changed yet: the whole is validated first. */
	ck_assert_int_eq(access_of(MEM_ID_SECURE, pa_of(0, 4)), 0);
	ck_assert_uint_eq(fk_sp_handles(&W), 0);
	/* The VM scribbles over its TX: the copy taken is what counts. */
	memset(vm_tx(0), 0xff, 60);
	memcpy(vm_tx(0), desc + 60, len - 60);
	r = call(0, FFA_MEM_FRAG_TX, (uint32_t)fh, fh >> 32, len - 60, 1u << 16,
		 0);
	ck_success(r);
	ck_assert_int_gt(access_of(MEM_ID_SECURE, pa_of(0, 9)), 0);
	ck_assert_int_gt(access_of(MEM_ID_SECURE, pa_of(0, 20)), 0);
	ck_assert_uint_eq(fk_sp_handles(&W), 1);
	ck_invariants();
}
END_TEST

START_TEST(test_fragment_errors)
{
	struct fk_range rg[2] = { { FK_IPA(4), 1 }, { FK_IPA(8), 2 } };
	uint8_t desc[256];
	struct ffa_regs r;
	struct snap s;
	uint64_t fh;
	size_t len;

	vm_ready(0, V11);
	take(&s);
	len = fk_build_desc(desc, sizeof(desc), V11, 1, sp1, 1, RW,
			    NORMAL_WB_IS, 0, rg, 2);
	memcpy(vm_tx(0), desc, 50);
	r = call(0, FFA_MEM_SHARE_32, len, 50, 0, 0, 0);
	ck_assert_uint_eq(r.x[0], FFA_MEM_FRAG_RX);
	fh = (uint32_t)r.x[1] | ((uint64_t)(uint32_t)r.x[2] << 32);
	r = call(0, FFA_MEM_SHARE_32, len, 50, 0, 0, 0);
	ck_error(r, FFA_RET_BUSY); /* one at a time */
	r = call(0, FFA_MEM_FRAG_TX, (uint32_t)fh + 1, fh >> 32, 10, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* wrong handle */
	r = call(1, FFA_MEM_FRAG_TX, (uint32_t)fh, fh >> 32, 10, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* another VM's */
	ck_assert(W.vm[0].frag_pending);
	r = call(0, FFA_MEM_FRAG_TX, (uint32_t)fh, fh >> 32, len, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS); /* too long: aborted */
	ck_assert(!W.vm[0].frag_pending);
	r = call(0, FFA_MEM_FRAG_TX, (uint32_t)fh, fh >> 32, 10, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
	/* A whole that is malformed fails at its last fragment. */
	desc[52] = 0xff; /* first emad's composite offset */
	memcpy(vm_tx(0), desc, 50);
	r = call(0, FFA_MEM_SHARE_32, len, 50, 0, 0, 0);
	fh = (uint32_t)r.x[1] | ((uint64_t)(uint32_t)r.x[2] << 32);
	memcpy(vm_tx(0), desc + 50, len - 50);
	r = call(0, FFA_MEM_FRAG_TX, (uint32_t)fh, fh >> 32, len - 50, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
	ck_assert(same(&s));
	ck_invariants();
}
END_TEST

static void spmc_1_0(struct fk_spmc *sp)
{
	sp->version = FFA_VERSION_1_0; /* manifest says 1.0: SPMD answers */
}

START_TEST(test_secure_side_1_0)
{
	struct fk_range rg = { FK_IPA(6), 2 };
	struct ffa_regs r;
	uint8_t *rx = vm_rx(0);
	uint64_t h;

	ck_assert_int_eq(fk_world_init(&W, spmc_1_0), 0);
	ck_assert_uint_eq(W.proxy.version, V10);
	ck_assert_uint_eq(W.proxy.parts[0].id, 0x8001);
	/* A 1.1 guest is offered 1.0 and gets 1.0 layouts. */
	r = call(0, FFA_VERSION, V11, 0, 0, 0, 0);
	ck_assert_uint_eq(r.x[0], V10);
	vm_ready(0, V11);
	ck_assert_uint_eq(W.vm[0].version, V10);
	r = call(0, FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0);
	ck_success(r);
	ck_assert_uint_eq(ffa_get16(rx), 0x8001);
	ck_assert_uint_eq(ffa_get32(rx + 4), 3);
	r = call(0, FFA_SPM_ID_GET, 0, 0, 0, 0, 0);
	ck_error(r, FFA_RET_NOT_SUPPORTED); /* a 1.1 function */
	h = share_ok(0, FFA_MEM_SHARE_32, &rg);
	ck_assert_uint_eq(W.sp.last_desc_len, 32 + 16 + 16 + 16); /* 1.0 */
	ck_assert_uint_eq(ffa_get32(W.sp.last_desc + 28), 1);
	r = reclaim(0, h, 0);
	ck_success(r);
	ck_invariants();
}
END_TEST

START_TEST(test_share_with_two_partitions)
{
	static const uint16_t both[2] = { FK_SP1, FK_SP2 };
	struct fk_range rg = { FK_IPA(6), 1 };
	struct ffa_regs r;
	size_t len;

	ck_assert_int_eq(fk_world_init(&W, spmc_1_2), 0);
	vm_ready(0, V11);
	len = fk_build_desc(vm_tx(0), 4096, V11, 1, both, 2, FFA_PERM_DATA_RO,
			    NORMAL_WB_IS, 0, &rg, 1);
	r = call(0, FFA_MEM_SHARE_64, len, len, 0, 0, 0);
	ck_success(r);
	/* The weakest common right: read-only for the secure world. */
	ck_assert_int_eq(access_of(MEM_ID_SECURE, pa_of(0, 6)), MEM_PERM_R);
	ck_assert_uint_eq(ffa_get32(W.sp.last_desc + 28), 2);
	ck_invariants();
}
END_TEST

/* ---- VM lifecycle ---- */

static void spmc_subscribed(struct fk_spmc *sp)
{
	sp->subscribe = true;
	sp->nparts = 2;
}

START_TEST(test_vm_created_before_first_call)
{
	struct ffa_regs r;

	ck_assert_int_eq(fk_world_init(&W, spmc_subscribed), 0);
	call(0, FFA_VERSION, V11, 0, 0, 0, 0);
	call(0, FFA_ID_GET, 0, 0, 0, 0, 0);
	ck_assert_uint_eq(W.sp.created[1], 0); /* local calls: not yet */
	r = call(0, FFA_MSG_SEND_DIRECT_REQ_32, 0x00018001, 0, 7, 0, 0);
	ck_assert_uint_eq(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	ck_assert_uint_eq(r.x[3], 7); /* not 0xffff0008: it was announced */
	ck_assert_uint_eq(W.sp.created[1], 2); /* one per partition */
	r = call(0, FFA_MSG_SEND_DIRECT_REQ_32, 0x00018002, 0, 8, 0, 0);
	ck_assert_uint_eq(r.x[3], 8);
	ck_assert_uint_eq(W.sp.created[1], 2); /* once per VM */
	ck_assert_uint_eq(W.vm[0].announced, 3);
	ck_assert_uint_eq(W.sp.created[2], 0);
}
END_TEST

START_TEST(test_vm_created_refused_then_retried)
{
	struct ffa_regs r;

	ck_assert_int_eq(fk_world_init(&W, spmc_subscribed), 0);
	W.sp.refuse_fid = FFA_MSG_SEND_DIRECT_REQ_32;
	W.sp.refuse_code = FFA_RET_BUSY;
	W.sp.refuse_times = 1;
	r = call(0, FFA_MSG_SEND_DIRECT_REQ_32, 0x00018001, 0, 7, 0, 0);
	ck_error(r, FFA_RET_BUSY);
	ck_assert_uint_eq(W.vm[0].announced, 0);
	r = call(0, FFA_MSG_SEND_DIRECT_REQ_32, 0x00018001, 0, 7, 0, 0);
	ck_assert_uint_eq(r.x[3], 7);
	ck_assert_uint_eq(W.sp.created[1], 2);
}
END_TEST

START_TEST(test_vm_destroyed_reclaims_first)
{
	struct fk_range rg[2] = { { FK_IPA(4), 1 }, { FK_IPA(8), 1 } };
	struct ffa_regs r;

	ck_assert_int_eq(fk_world_init(&W, spmc_subscribed), 0);
	vm_ready(0, V11);
	vm_ready(1, V11);
	r = share(0, FFA_MEM_SHARE_32, &rg[0], 1);
	ck_success(r);
	r = share(0, FFA_MEM_LEND_32, &rg[1], 1);
	ck_success(r);
	r = share(1, FFA_MEM_SHARE_32, &rg[0], 1);
	ck_success(r);
	ck_assert_uint_eq(W.sp.created[1], 2);
	/* The secure side holds on once: destroy must be called again. */
	W.sp.refuse_fid = FFA_MEM_RECLAIM;
	W.sp.refuse_code = FFA_RET_DENIED;
	W.sp.refuse_times = 1;
	ck_assert_int_eq(ffa_vm_destroy(&W.proxy, &W.vm[0]), -EBUSY);
	ck_assert_uint_eq(W.sp.destroyed[1], 0);
	r = call(0, FFA_ID_GET, 0, 0, 0, 0, 0);
	ck_error(r, FFA_RET_DENIED); /* going away */
	W.sp.destroy_retry = 1;
	ck_assert_int_eq(ffa_vm_destroy(&W.proxy, &W.vm[0]), -EAGAIN);
	ck_assert_int_eq(ffa_vm_destroy(&W.proxy, &W.vm[0]), 0);
	ck_assert_uint_eq(W.sp.destroyed[1], 2);
	ck_assert(!W.vm[0].mapped);
	ck_assert_int_eq(access_of(1, pa_of(0, 8)), MEM_PERM_RWX);
	ck_assert_int_eq(access_of(MEM_ID_SECURE, pa_of(0, 4)), 0);
	/* VM 2's share is untouched. */
	ck_assert_int_gt(access_of(MEM_ID_SECURE, pa_of(1, 4)), 0);
	ck_assert_uint_eq(fk_sp_handles(&W), 1);
	ck_invariants();
}
END_TEST

/* ---- pieces ---- */

static unsigned int log_lines;
static char last_line[256];

static void count_sink(void *ctx, const char *str, size_t n)
{
	(void)ctx;
	log_lines++;
	snprintf(last_line, sizeof(last_line), "%.*s", (int)n, str);
}

START_TEST(test_refused_calls_logged_rate_limited)
{
	struct ffa_regs r;
	unsigned int i;

	log_set_sink(count_sink, NULL);
	log_set_level(ZLOG_INFO);
	r = call(0, FFA_MSG_SEND_DIRECT_REQ_32, 0x00028001, 0, 0, 0, 0);
	ck_error(r, FFA_RET_INVALID_PARAMETERS);
	ck_assert_uint_eq(log_lines, 1);
	ck_assert_ptr_nonnull(strstr(last_line, "vm 1"));
	ck_assert_ptr_nonnull(strstr(last_line, "0x8400006f"));
	/* A flood: at most the burst gets through in one window. */
	for (i = 0; i < 100; i++)
		call(0, FFA_MSG_SEND_DIRECT_REQ_32, 0x00028001, 0, 0, 0, 0);
	ck_assert_uint_le(log_lines, 10);
	/* NOT_SUPPORTED is an answer, not a mistake: not logged. */
	log_lines = 0;
	call(1, 0x8400006A, 0, 0, 0, 0, 0);
	ck_assert_uint_eq(log_lines, 0);
	log_set_sink(NULL, NULL);
}
END_TEST

START_TEST(test_error_code_mapping)
{
	int32_t c;

	for (c = FFA_RET_NO_DATA; c <= FFA_RET_NOT_SUPPORTED; c++)
		ck_assert_int_eq(ffa_errno_to_ffa(ffa_ffa_to_errno(c)), c);
	ck_assert_int_eq(ffa_errno_to_ffa(-EEXIST), FFA_RET_DENIED);
	ck_assert_int_eq(ffa_errno_to_ffa(-EOVERFLOW),
			 FFA_RET_INVALID_PARAMETERS);
	ck_assert_int_eq(ffa_errno_to_ffa(-ENOSPC), FFA_RET_NO_MEMORY);
	ck_assert_int_eq(ffa_errno_to_ffa(-12345), FFA_RET_ABORTED);
	ck_assert_int_eq(ffa_ffa_to_errno(0x7fffffff), -ECANCELED);
}
END_TEST

START_TEST(test_desc_parse_layouts)
{
	struct fk_range rg[2] = { { 0x1000, 1 }, { 0x8000, 3 } };
	static const uint16_t two[2] = { 0x8001, 0x8002 };
	uint8_t buf[512], out[512];
	struct ffa_run runs[1] = { { 0x90000000ULL, 4 } };
	struct ffa_desc d, d2;
	size_t len, olen;
	uint64_t a;
	uint32_t n;

	len = fk_build_desc(buf, sizeof(buf), V10, 3, two, 2, FFA_PERM_DATA_RO,
			    NORMAL_WB_IS, 0, rg, 2);
	ck_assert_int_eq(ffa_desc_parse(buf, len, V10, false, &d), 0);
	ck_assert_uint_eq(d.sender, 3);
	ck_assert_uint_eq(d.nrecv, 2);
	ck_assert_uint_eq(d.total_pages, 4);
	ffa_desc_range(&d, 1, &a, &n);
	ck_assert_uint_eq(a, 0x8000);
	ck_assert_uint_eq(n, 3);
	/* The same bytes are not a 1.1 descriptor. */
	ck_assert_int_eq(ffa_desc_parse(buf, len, V11, false, &d2), -EINVAL);
	/* Written as 1.1 and read back. */
	ck_assert_int_eq(ffa_desc_write(out, sizeof(out), V11, &d, runs, 1,
					&olen), 0);
	ck_assert_uint_eq(olen, 48 + 32 + 16 + 16);
	ck_assert_int_eq(ffa_desc_parse(out, olen, V11, false, &d2), 0);
	ck_assert_uint_eq(d2.nranges, 1);
	ck_assert_uint_eq(d2.recv[1].id, 0x8002);
	ck_assert_int_eq(ffa_desc_write(out, 100, V11, &d, runs, 1, &olen),
			 -ENOMEM);
	/* Duplicate receivers, unspecified attributes for a share. */
	len = fk_build_desc(buf, sizeof(buf), V11, 3, (uint16_t[2]){ 0x8001,
			    0x8001 }, 2, RW, NORMAL_WB_IS, 0, rg, 2);
	ck_assert_int_eq(ffa_desc_parse(buf, len, V11, false, &d), -EINVAL);
	len = fk_build_desc(buf, sizeof(buf), V11, 3, two, 1, RW, 0, 0, rg, 2);
	ck_assert_int_eq(ffa_desc_parse(buf, len, V11, false, &d), -EINVAL);
	ck_assert_int_eq(ffa_desc_parse(buf, len, V11, true, &d), 0);
	/* 1.2 allows 32-byte access descriptors; 1.1 does not. */
	len = fk_build_desc(buf, sizeof(buf), V11, 3, two, 1, RW, NORMAL_WB_IS,
			    0, rg, 1);
	memmove(buf + 48 + 32, buf + 48 + 16, len - 64);
	memset(buf + 64, 0, 16);
	ffa_put32(buf + 24, 32);
	ffa_put32(buf + 48 + 4, 80);
	len += 16;
	ck_assert_int_eq(ffa_desc_parse(buf, len, V11, false, &d), -EINVAL);
	ck_assert_int_eq(ffa_desc_parse(buf, len, FFA_VERSION_1_2, false, &d),
			 0);
	ck_assert_int_eq(ffa_desc_parse(NULL, 0, V11, false, &d), -EINVAL);
}
END_TEST

START_TEST(test_desc_too_many_ranges)
{
	static struct fk_range rg[FFA_MAX_RANGES + 1];
	static uint8_t buf[FFA_DESC_MAX];
	struct ffa_desc d;
	unsigned int i;
	size_t len;

	for (i = 0; i <= FFA_MAX_RANGES; i++) {
		rg[i].addr = 0x100000ULL * (i + 1);
		rg[i].npages = 1;
	}
	len = fk_build_desc(buf, sizeof(buf), V11, 1, sp1, 1, RW, NORMAL_WB_IS,
			    0, rg, FFA_MAX_RANGES);
	ck_assert_int_eq(ffa_desc_parse(buf, len, V11, false, &d), 0);
	len = fk_build_desc(buf, sizeof(buf), V11, 1, sp1, 1, RW, NORMAL_WB_IS,
			    0, rg, FFA_MAX_RANGES + 1);
	ck_assert_int_eq(ffa_desc_parse(buf, len, V11, false, &d), -ENOMEM);
	ck_assert_int_eq(ffa_desc_parse(buf, FFA_DESC_MAX + 1, V11, false, &d),
			 -ENOMEM);
}
END_TEST

/* ---- randomized ---- */

static uint64_t rng;
static uint8_t fragsrc[FK_NVM][4096]; /* whole descriptors being sent */

static uint64_t rnd(uint64_t n)
{
	return n ? unit_test_rand(&rng) % n : 0;
}

/* A handle some VM owns, or a random number. */
static uint64_t some_handle(void)
{
	unsigned int i = (unsigned int)rnd(FFA_MAX_HANDLES);

	if (rnd(4) && W.proxy.recs[i].used)
		return W.proxy.recs[i].handle;
	return rnd(3) ? 0x0000100000000000ULL + (rnd(8) << 32) + (rnd(4) << 16)
		      : unit_test_rand(&rng);
}

static void random_desc(int v, struct ffa_regs *r)
{
	struct fk_range rg[4];
	uint32_t n = 1 + (uint32_t)rnd(3), i, len;
	uint16_t sender = rnd(20) ? W.vm[v].id : (uint16_t)rnd(5);
	bool lend = rnd(2);
	uint8_t *tx = W.vm[v].tx; /* wherever the VM mapped it */

	for (i = 0; i < n; i++) {
		rg[i].addr = rnd(12) ? FK_IPA(rnd(FK_VMPAGES))
				     : FK_HOLE_IPA + rnd(FK_HOLE_PAGES) * 4096;
		rg[i].npages = 1 + (uint32_t)rnd(rnd(8) ? 3 : 70);
	}
	len = (uint32_t)fk_build_desc(tx, 4096,
				      rnd(10) ? W.vm[v].version : V10 + V11 - W.vm[v].version,
				      sender, sp1, 1,
				      rnd(2) ? RW : FFA_PERM_DATA_RO,
				      rnd(10) ? NORMAL_WB_IS : 0, 0, rg, n);
	/* Mutate a few bytes now and then. */
	for (i = rnd(4) ? 0 : 1 + (uint32_t)rnd(4); i > 0; i--)
		tx[rnd(len + 8)] = (uint8_t)unit_test_rand(&rng);
	r->x[0] = (lend ? FFA_MEM_LEND_32 : FFA_MEM_SHARE_32) |
		  (rnd(2) ? FFA_SMC64_BIT : 0);
	r->x[1] = len;
	r->x[2] = rnd(4) ? len : 1 + rnd(len);
	if (!rnd(30))
		r->x[1] = unit_test_rand(&rng);
}

START_TEST(test_random_calls_keep_invariants)
{
	uint64_t seed = unit_test_seed(0xffa0c0de);
	unsigned int op, nok = 0, nerr = 0, i;
	uint64_t s_fid;
	unsigned int nshared = 0;
	struct snap s;

	rng = seed ? seed : 1;
	log_set_level(ZLOG_ERROR); /* no warnings on the console */
	for (op = 0; op < 6000; op++) {
		int v = (int)rnd(FK_NVM);
		struct ffa_vm *vm = &W.vm[v];
		struct ffa_regs r;
		const char *why;

		memset(&r, 0, sizeof(r));
		W.hole_target = (int)rnd(FK_NVM + 2) - 1;
		switch (rnd(14)) {
		case 0:
			r.x[0] = FFA_VERSION;
			r.x[1] = rnd(2) ? V10 : V11;
			break;
		case 1:
			r.x[0] = rnd(2) ? FFA_RXTX_MAP_64 : FFA_RXTX_MAP_32;
			r.x[1] = rnd(8) ? FK_IPA(rnd(FK_VMPAGES)) : FK_HOLE_IPA;
			r.x[2] = FK_IPA(rnd(FK_VMPAGES));
			r.x[3] = rnd(6);
			if (rnd(3) == 0) {
				W.hook_calls = 0;
				W.map_guest_fail = (int)rnd(2);
			}
			break;
		case 2:
			if (rnd(3))
				continue;
			r.x[0] = FFA_RXTX_UNMAP;
			r.x[1] = rnd(8) ? 0 : rnd(3) << 16;
			break;
		case 3:
			r.x[0] = FFA_RX_RELEASE;
			break;
		case 4:
			r.x[0] = FFA_PARTITION_INFO_GET;
			r.x[5] = rnd(3) == 0;
			W.sp.bad_count = rnd(10) ? 0 : (uint32_t)rnd(400);
			break;
		case 5:
			r.x[0] = rnd(2) ? FFA_MSG_SEND_DIRECT_REQ_32
					: FFA_MSG_SEND_DIRECT_REQ_64;
			r.x[1] = (rnd(10) ? vm->id : rnd(4)) << 16 |
				 (rnd(10) ? FK_SP1 : rnd(0x10000));
			r.x[2] = rnd(10) ? 0 : FFA_MSG_FLAG_FRAMEWORK | 4;
			r.x[3] = unit_test_rand(&rng);
			break;
		case 6: case 7: case 8: case 9:
			if (!vm->mapped) {
				/* Most shares need buffers: map some. */
				r.x[0] = FFA_RXTX_MAP_64;
				r.x[1] = FK_IPA(rnd(FK_VMPAGES / 2) * 2);
				r.x[2] = r.x[1] + 4096;
				r.x[3] = 1;
				break;
			}
			if (vm->frag_pending && vm->frag_total <= 4096 &&
			    rnd(4)) {
				/* The next fragment, as a careful VM sends it. */
				uint32_t left = vm->frag_total - vm->frag_got;

				r.x[0] = FFA_MEM_FRAG_TX;
				r.x[1] = (uint32_t)vm->frag_handle;
				r.x[2] = vm->frag_handle >> 32;
				r.x[3] = rnd(2) ? left : 1 + rnd(left);
				memcpy(vm->tx, fragsrc[v] + vm->frag_got,
				       (size_t)r.x[3]);
				break;
			}
			random_desc(v, &r);
			memcpy(fragsrc[v], vm->tx, 4096);
			if (!rnd(5)) {
				W.hook_calls = 0;
				W.hook_fail_at = (long)rnd(4);
			} else if (!rnd(5)) {
				W.sp.refuse_fid = (uint32_t)r.x[0] & ~FFA_SMC64_BIT;
				W.sp.refuse_code = (int32_t)rnd(9) - 9;
				W.sp.refuse_times = 1;
			}
			break;
		case 10:
			r.x[0] = FFA_MEM_FRAG_TX;
			r.x[1] = rnd(4) ? (uint32_t)vm->frag_handle : rnd(8);
			r.x[2] = vm->frag_handle >> 32;
			r.x[3] = rnd(4) ? vm->frag_total - vm->frag_got
					: rnd(200);
			break;
		case 11: {
			uint64_t h = some_handle();

			r.x[0] = FFA_MEM_RECLAIM;
			r.x[1] = (uint32_t)h;
			r.x[2] = h >> 32;
			r.x[3] = rnd(6) ? 0 : rnd(4);
			if (!rnd(6)) {
				W.sp.refuse_fid = FFA_MEM_RECLAIM;
				W.sp.refuse_code = FFA_RET_DENIED;
				W.sp.refuse_times = 1;
			}
			break;
		}
		case 12:
			r.x[0] = FFA_FEATURES;
			r.x[1] = 0x84000060 + rnd(0x30);
			break;
		default:
			/* Anything at all in the FF-A range. */
			r.x[0] = (0x84000060 + rnd(0xa0)) |
				 (rnd(2) ? FFA_SMC64_BIT : 0);
			for (i = 1; i < 18; i++)
				r.x[i] = rnd(3) ? rnd(0x10000)
						: unit_test_rand(&rng);
			break;
		}
		s_fid = r.x[0];
		take(&s);
		fk_call(&W, v, &r);
		W.hook_fail_at = -1;
		W.map_guest_fail = 0;
		W.sp.refuse_times = 0;
		W.sp.bad_count = 0;
		if (r.x[0] == FFA_SUCCESS_32 &&
		    ((s_fid & ~FFA_SMC64_BIT) == FFA_MEM_SHARE_32 ||
		     (s_fid & ~FFA_SMC64_BIT) == FFA_MEM_LEND_32 ||
		     s_fid == FFA_MEM_FRAG_TX))
			nshared++;
		if (r.x[0] == FFA_ERROR) {
			nerr++;
			UNIT_CHECK(same(&s),
				   "seed %llu op %u: error %d changed state",
				   (unsigned long long)seed, op,
				   (int)(int32_t)r.x[2]);
		} else {
			nok++;
		}
		W.hole_target = -1;
		why = fk_check_invariants(&W);
		UNIT_CHECK(why == NULL, "seed %llu op %u: %s",
			   (unsigned long long)seed, op, why);
	}
	/* The run must have exercised both outcomes and real sharing. */
	ck_assert_uint_gt(nok, 1000);
	ck_assert_uint_gt(nerr, 1000);
	ck_assert_uint_gt(nshared, 40);
	ck_assert_uint_eq(nshared, W.sp.counter);
	for (i = 0; i < FK_NVM; i++)
		ck_assert_int_eq(ffa_vm_destroy(&W.proxy, &W.vm[i]), 0);
	ck_assert_uint_eq(fk_sp_handles(&W), 0);
	ck_invariants();
}
END_TEST

static Suite *ffa_suite(void)
{
	Suite *s = suite_create("ffa");
	TCase *tc = unit_test_tcase(s, "proxy", setup, 60);

	tcase_add_test(tc, test_init_matches_secure_side);
	tcase_add_test(tc, test_init_refuses_bad_config_and_no_ffa);
	tcase_add_test(tc, test_version_1_0_and_1_1_guests);
	tcase_add_test(tc, test_version_bad_requests);
	tcase_add_test(tc, test_features_table);
	tcase_add_test(tc, test_unsupported_functions);
	tcase_add_test(tc, test_id_get_and_spm_id_get);
	tcase_add_test(tc, test_rxtx_map_pins_and_unmap);
	tcase_add_test(tc, test_rxtx_map_argument_errors);
	tcase_add_test(tc, test_rxtx_map_foreign_memory_denied);
	tcase_add_test(tc, test_rxtx_already_mapped_denied);
	tcase_add_test(tc, test_rxtx_map_rolls_back_on_map_failure);
	tcase_add_test(tc, test_rxtx_shared_page_refused);
	tcase_add_test(tc, test_rx_release);
	tcase_add_test(tc, test_part_info_1_1_layout);
	tcase_add_test(tc, test_part_info_1_0_layout);
	tcase_add_test(tc, test_part_info_count_only_and_uuid);
	tcase_add_test(tc, test_part_info_busy_and_unmapped);
	tcase_add_test(tc, test_part_info_secure_side_out_of_bounds);
	tcase_add_test(tc, test_direct_req_round_trip);
	tcase_add_test(tc, test_direct_req_forged_or_bad);
	tcase_add_test(tc, test_ffa_1_2_regs_calls);
	tcase_add_test(tc, test_share_and_reclaim);
	tcase_add_test(tc, test_lend_makes_pages_inaccessible);
	tcase_add_test(tc, test_share_1_0_guest_translated);
	tcase_add_test(tc, test_share_foreign_memory_refused);
	tcase_add_test(tc, test_reclaim_other_vms_handle_refused);
	tcase_add_test(tc, test_double_share_and_overlap_refused);
	tcase_add_test(tc, test_forged_descriptor_sender_refused);
	tcase_add_test(tc, test_malformed_descriptors_change_nothing);
	tcase_add_test(tc, test_secure_refusal_rolls_back);
	tcase_add_test(tc, test_stage2_failure_rolls_back);
	tcase_add_test(tc, test_secure_reclaim_refusal_keeps_pages);
	tcase_add_test(tc, test_bogus_secure_handle_keeps_pages_away);
	tcase_add_test(tc, test_handle_records_exhausted);
	tcase_add_test(tc, test_two_fragment_share);
	tcase_add_test(tc, test_fragment_errors);
	tcase_add_test(tc, test_secure_side_1_0);
	tcase_add_test(tc, test_share_with_two_partitions);
	tcase_add_test(tc, test_vm_created_before_first_call);
	tcase_add_test(tc, test_vm_created_refused_then_retried);
	tcase_add_test(tc, test_vm_destroyed_reclaims_first);
	tcase_add_test(tc, test_refused_calls_logged_rate_limited);
	tcase_add_test(tc, test_error_code_mapping);
	tcase_add_test(tc, test_desc_parse_layouts);
	tcase_add_test(tc, test_desc_too_many_ranges);
	tcase_add_test(tc, test_random_calls_keep_invariants);
	return s;
}

int main(void)
{
	return unit_test_run(ffa_suite());
}
