/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FF-A through zarm's proxy to the test peer (tests/ffa_peer), two VMs of
 * this same program. The one with FF-A id 1 speaks FF-A 1.1 and runs the
 * main checks (features, RX/TX, partition info, direct requests, share,
 * lend with its own access faulting until reclaim, refused descriptors,
 * two fragments); it keeps one page shared throughout. The one with id 2
 * speaks FF-A 1.0 (8-byte partition descriptors, the 1.0 descriptor
 * layout) and tries to reclaim the other VM's handles; it first leaves a
 * share and its RX/TX behind and resets, to see that a reset VM starts
 * afresh (its transactions reclaimed, RX/TX unmapped).
 */
#include "tests/guests/arm64/rt.h"

#define FFA_ERROR 0x84000060UL
#define FFA_SUCCESS_32 0x84000061UL
#define FFA_VERSION 0x84000063UL
#define FFA_FEATURES 0x84000064UL
#define FFA_RX_RELEASE 0x84000065UL
#define FFA_RXTX_MAP_64 0xC4000066UL
#define FFA_RXTX_UNMAP 0x84000067UL
#define FFA_PART_INFO 0x84000068UL
#define FFA_ID_GET 0x84000069UL
#define FFA_REQ_32 0x8400006FUL
#define FFA_RESP_32 0x84000070UL
#define FFA_LEND_32 0x84000072UL
#define FFA_SHARE_32 0x84000073UL
#define FFA_RECLAIM 0x84000077UL
#define FFA_FRAG_RX 0x8400007AUL
#define FFA_FRAG_TX 0x8400007BUL
#define FFA_SPM_ID_GET 0x84000085UL
#define FFA_REQ2 0xC400008DUL

#define NOT_SUPPORTED 0xffffffffUL
#define INVALID_PARAMETERS 0xfffffffeUL
#define DENIED 0xfffffffaUL

#define SP1 0x8001
#define SP2 0x8002
#define CMD_ADD 1
#define CMD_WRITE 2
#define CMD_READ 3
#define CMD_HOLD 4
#define CMD_RELINQUISH 5
#define CMD_COUNT 6
#define CMD_VMS 7
#define FFA_REQ_64 0xC400006FUL
#define FFA_RESP_64 0xC4000070UL

struct r8 { uint64_t x[8]; };

/* Below the image (RAM keeps its contents across SYSTEM_RESET). */
#define MARK ((volatile uint64_t *)0x40010000UL)
#define MAGIC 0x6666612d7273UL

static uint8_t tx[4096] __attribute__((aligned(4096)));
static uint8_t rx[4096] __attribute__((aligned(4096)));
static volatile uint32_t pages[6][1024] __attribute__((aligned(4096)));
static uint16_t my_id;

static struct r8 ffa(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
		     uint64_t a5, uint64_t a6, uint64_t a7)
{
	register uint64_t x0 __asm__("x0") = a0;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;
	register uint64_t x5 __asm__("x5") = a5;
	register uint64_t x6 __asm__("x6") = a6;
	register uint64_t x7 __asm__("x7") = a7;
	struct r8 r;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
			 "+r"(x5), "+r"(x6), "+r"(x7) : : "memory", "x8", "x9", "x10", "x11",
			 "x12", "x13", "x14", "x15", "x16", "x17");
	r.x[0] = x0; r.x[1] = x1; r.x[2] = x2; r.x[3] = x3;
	r.x[4] = x4; r.x[5] = x5; r.x[6] = x6; r.x[7] = x7;
	return r;
}

static bool is_err(struct r8 r, uint64_t code)
{
	return r.x[0] == FFA_ERROR && (uint32_t)r.x[2] == code;
}

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v); put16(p + 2, (uint16_t)(v >> 16)); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)v); put32(p + 4, (uint32_t)(v >> 32)); }
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

/*
 * A share/lend descriptor for @n ranges of one page each at @ipa[i], one
 * receiver @sp with read-write; FF-A 1.1 layout, or 1.0's with @v10.
 * Returns its length.
 */
static uint32_t desc(bool v10, uint16_t sp, const uint64_t *ipa, unsigned int n)
{
	uint32_t hdr = v10 ? 32 : 48, comp = hdr + 16;

	for (unsigned int i = 0; i < 256; i++)
		tx[i] = 0;
	put16(tx, my_id);
	if (v10) {
		tx[2] = 0x2f;
		put32(tx + 28, 1);		/* receivers */
	} else {
		put16(tx + 2, 0x2f);		/* normal, write-back, inner shareable */
		put32(tx + 24, 16);		/* access descriptor size */
		put32(tx + 28, 1);
		put32(tx + 32, hdr);
	}
	put16(tx + hdr, sp);
	tx[hdr + 2] = 0x2;			/* read-write */
	put32(tx + hdr + 4, comp);
	put32(tx + comp, n);			/* total pages */
	put32(tx + comp + 4, n);		/* ranges */
	for (unsigned int i = 0; i < n; i++) {
		put64(tx + comp + 16 + 16 * i, ipa[i]);
		put32(tx + comp + 16 + 16 * i + 8, 1);
	}
	return comp + 16 + 16 * n;
}

static uint64_t handle_of(struct r8 r)
{
	return (uint32_t)r.x[2] | ((uint64_t)(uint32_t)r.x[3] << 32);
}

static struct r8 req(uint16_t sp, uint64_t cmd, uint64_t a4, uint64_t a5, uint64_t a6,
		     uint64_t a7)
{
	return ffa(FFA_REQ_32, (uint32_t)my_id << 16 | sp, 0, cmd, a4, a5, a6, a7);
}

static struct r8 reclaim(uint64_t h)
{
	return ffa(FFA_RECLAIM, (uint32_t)h, h >> 32, 0, 0, 0, 0, 0);
}

static uint64_t live(void)
{
	return req(SP1, CMD_COUNT, 0, 0, 0, 0).x[4];
}

static void vm1(void)
{
	struct r8 r;
	uint64_t ipa[2], h, keep, before;
	uint32_t len;
	unsigned int a;

	tap_plan(38);
	r = ffa(FFA_VERSION, 0x80010001UL, 0, 0, 0, 0, 0, 0);
	tap_ok(r.x[0] == 0xffffffffUL, "FFA_VERSION with bit 31 set: NOT_SUPPORTED");
	r = ffa(FFA_VERSION, 0x20000, 0, 0, 0, 0, 0, 0);
	tap_ok(r.x[0] == 0x10001, "FFA_VERSION 2.0: answered 1.1 (major differs: caller's call)");
	r = ffa(FFA_VERSION, 0x10001, 0, 0, 0, 0, 0, 0);
	tap_ok(r.x[0] == 0x10001, "FFA_VERSION 1.1 -> %lx", r.x[0]);
	r = ffa(FFA_ID_GET, 0, 0, 0, 0, 0, 0, 0);
	tap_ok(r.x[0] == FFA_SUCCESS_32 && r.x[2] == 1, "ID_GET: 1");
	r = ffa(FFA_SPM_ID_GET, 0, 0, 0, 0, 0, 0, 0);
	tap_ok(r.x[0] == FFA_SUCCESS_32 && r.x[2] == 0x8000, "SPM_ID_GET: 0x8000");
	r = ffa(FFA_FEATURES, FFA_SHARE_32, 0, 0, 0, 0, 0, 0);
	tap_ok(r.x[0] == FFA_SUCCESS_32, "FEATURES(MEM_SHARE_32): success");
	r = ffa(FFA_FEATURES, FFA_REQ2, 0, 0, 0, 0, 0, 0);
	tap_ok(is_err(r, NOT_SUPPORTED), "FEATURES(DIRECT_REQ2): NOT_SUPPORTED");

	/* RX/TX */
	r = ffa(FFA_RXTX_MAP_64, (uint64_t)tx + 8, (uint64_t)rx, 1, 0, 0, 0, 0);
	tap_ok(is_err(r, INVALID_PARAMETERS), "RXTX_MAP misaligned: INVALID_PARAMETERS");
	r = ffa(FFA_RXTX_MAP_64, 0x80000000UL, (uint64_t)rx, 1, 0, 0, 0, 0);
	tap_ok(r.x[0] == FFA_ERROR, "RXTX_MAP outside the VM: error %lx", r.x[2]);
	r = ffa(FFA_RXTX_MAP_64, (uint64_t)tx, (uint64_t)rx, 1, 0, 0, 0, 0);
	tap_ok(r.x[0] == FFA_SUCCESS_32, "RXTX_MAP: success");
	r = ffa(FFA_RXTX_MAP_64, (uint64_t)tx, (uint64_t)rx, 1, 0, 0, 0, 0);
	tap_ok(is_err(r, DENIED), "RXTX_MAP again: DENIED");

	/* partition info (1.1: 24-byte descriptors) */
	r = ffa(FFA_PART_INFO, 0, 0, 0, 0, 0, 0, 0);
	tap_ok(r.x[0] == FFA_SUCCESS_32 && r.x[2] == 2 && r.x[3] == 24 &&
	       get16(rx) == SP1 && get16(rx + 2) == 4 && get16(rx + 24) == SP2,
	       "PARTITION_INFO_GET: 0x8001 (4 contexts) and 0x8002, 24 bytes each");
	r = ffa(FFA_RX_RELEASE, 0, 0, 0, 0, 0, 0, 0);
	tap_ok(r.x[0] == FFA_SUCCESS_32, "RX_RELEASE: success");

	/* direct requests */
	r = req(SP1, CMD_ADD, 40, 2, 0, 0);
	tap_ok(r.x[0] == FFA_RESP_32 && r.x[1] == (0x8001UL << 16 | 1) && r.x[4] == 42,
	       "direct request to 0x8001: 40 + 2 = %lu", r.x[4]);
	r = ffa(FFA_REQ_64, (uint32_t)my_id << 16 | SP1, 0, CMD_ADD, 1UL << 40, 5, 0, 0);
	tap_ok(r.x[0] == FFA_RESP_64 && r.x[4] == (1UL << 40) + 5,
	       "64-bit direct request: 2^40 + 5 = %lx", r.x[4]);
	r = ffa(FFA_REQ_32, 5UL << 16 | SP1, 0, CMD_ADD, 1, 1, 0, 0);
	tap_ok(is_err(r, INVALID_PARAMETERS), "direct request with another sender: refused");
	r = req(SP2, CMD_ADD, 1, 2, 0, 0);
	tap_ok(r.x[0] == FFA_RESP_32 && r.x[3] == 0 && r.x[4] == 3,
	       "direct request to 0x8002 (VM announced first): answered");

	/* share a page; kept for the other VM's attempts */
	ipa[0] = (uint64_t)pages[5];
	pages[5][1] = 0xa5a5;
	r = ffa(FFA_SHARE_32, desc(false, SP1, ipa, 1), desc(false, SP1, ipa, 1), 0, 0, 0, 0, 0);
	keep = handle_of(r);
	tap_ok(r.x[0] == FFA_SUCCESS_32 && keep == (0x0000100000000000UL | 1UL << 16 | (keep & 0xffff)),
	       "MEM_SHARE: handle %lx", keep);
	before = live();

	/* share, partition writes, guest sees it, reclaim */
	ipa[0] = (uint64_t)pages[0];
	len = desc(false, SP1, ipa, 1);
	r = ffa(FFA_SHARE_32, len, len, 0, 0, 0, 0, 0);
	h = handle_of(r);
	pages[0][3] = 0x1234;
	r = req(SP1, CMD_WRITE, (uint32_t)h, h >> 32, 8, 0xc0ffee);
	tap_ok(r.x[3] == 0 && pages[0][2] == 0xc0ffee, "partition wrote into the shared page");
	r = req(SP1, CMD_READ, (uint32_t)h, h >> 32, 12, 0);
	tap_ok(r.x[3] == 0 && r.x[4] == 0x1234, "partition read the guest's value");
	len = desc(false, SP1, ipa, 1);
	r = ffa(FFA_SHARE_32, len, len, 0, 0, 0, 0, 0);
	tap_ok(r.x[0] == FFA_ERROR && live() == before + 1, "sharing the same page twice: error %lx",
	       r.x[2]);
	r = reclaim(h);
	tap_ok(r.x[0] == FFA_SUCCESS_32, "MEM_RECLAIM: success");
	r = reclaim(h);
	tap_ok(is_err(r, INVALID_PARAMETERS), "second MEM_RECLAIM: INVALID_PARAMETERS");

	/* lend: the guest's own access faults until reclaim */
	ipa[0] = (uint64_t)pages[1];
	pages[1][0] = 7;
	len = desc(false, SP1, ipa, 1);
	r = ffa(FFA_LEND_32, len, len, 0, 0, 0, 0, 0);
	h = handle_of(r);
	a = rt_aborts;
	rt_expect_abort = true;
	(void)pages[1][0];
	rt_expect_abort = false;
	tap_ok(r.x[0] == FFA_SUCCESS_32 && rt_aborts == a + 1 && rt_abort_far == ipa[0],
	       "MEM_LEND: the guest's read of the lent page aborts");
	r = req(SP1, CMD_WRITE, (uint32_t)h, h >> 32, 0, 99);
	tap_ok(r.x[3] == 0, "partition writes the lent page");
	r = reclaim(h);
	tap_ok(r.x[0] == FFA_SUCCESS_32 && pages[1][0] == 99,
	       "reclaimed: the guest reads the partition's value");

	/* the secure side refuses a reclaim while a partition holds the page */
	ipa[0] = (uint64_t)pages[2];
	len = desc(false, SP1, ipa, 1);
	r = ffa(FFA_LEND_32, len, len, 0, 0, 0, 0, 0);
	h = handle_of(r);
	req(SP1, CMD_HOLD, (uint32_t)h, h >> 32, 0, 0);
	r = reclaim(h);
	a = rt_aborts;
	rt_expect_abort = true;
	pages[2][0] = 1;
	rt_expect_abort = false;
	tap_ok(is_err(r, DENIED) && rt_aborts == a + 1,
	       "reclaim while a partition holds it: DENIED, page still not the guest's");
	req(SP1, CMD_RELINQUISH, (uint32_t)h, h >> 32, 0, 0);
	r = reclaim(h);
	pages[2][0] = 2;
	tap_ok(r.x[0] == FFA_SUCCESS_32 && pages[2][0] == 2,
	       "after relinquish: reclaimed, the guest writes it again");
	r = ffa(FFA_RECLAIM, (uint32_t)keep, keep >> 32, 4, 0, 0, 0, 0);
	tap_ok(is_err(r, INVALID_PARAMETERS), "reclaim with unknown flags: INVALID_PARAMETERS");

	/* refused descriptors change nothing */
	ipa[0] = 0x3f000000UL;				/* below this VM's RAM */
	len = desc(false, SP1, ipa, 1);
	r = ffa(FFA_SHARE_32, len, len, 0, 0, 0, 0, 0);
	tap_ok(is_err(r, INVALID_PARAMETERS) && live() == before,
	       "share of memory outside the VM: INVALID_PARAMETERS");
	ipa[0] = (uint64_t)pages[2];
	len = desc(false, SP1, ipa, 1);
	put32(tx + 32, 4000);				/* access descriptors past the end */
	r = ffa(FFA_SHARE_32, len, len, 0, 0, 0, 0, 0);
	tap_ok(is_err(r, INVALID_PARAMETERS) && live() == before,
	       "offset outside the descriptor: INVALID_PARAMETERS");
	len = desc(false, SP1, ipa, 1);
	put32(tx + 64 + 4, 0xffffffffU);		/* range count overflows */
	r = ffa(FFA_SHARE_32, len, len, 0, 0, 0, 0, 0);
	tap_ok(is_err(r, INVALID_PARAMETERS) && live() == before,
	       "range count overflow: INVALID_PARAMETERS");

	/* two fragments */
	ipa[0] = (uint64_t)pages[3];
	ipa[1] = (uint64_t)pages[4];
	len = desc(false, SP1, ipa, 2);
	r = ffa(FFA_SHARE_32, len, 64, 0, 0, 0, 0, 0);
	if (r.x[0] == FFA_FRAG_RX && r.x[3] == 64) {
		for (unsigned int i = 0; i < len - 64; i++)
			tx[i] = tx[64 + i];
		r = ffa(FFA_FRAG_TX, r.x[1], r.x[2], len - 64, (uint64_t)my_id << 16, 0, 0, 0);
	}
	h = handle_of(r);
	tap_ok(r.x[0] == FFA_SUCCESS_32 &&
	       req(SP1, CMD_WRITE, (uint32_t)h, h >> 32, 4096 + 4, 5).x[3] == 0 &&
	       pages[4][1] == 5 && reclaim(h).x[0] == FFA_SUCCESS_32,
	       "two-fragment share of two pages works");

	/* the kept handle survived the other VM's attempts */
	for (unsigned int i = 0; i < 200000000 && !pages[5][0]; i++)
		__asm__ volatile("" ::: "memory");
	tap_ok(pages[5][0] == 0xd0e && reclaim(keep).x[0] == FFA_SUCCESS_32,
	       "the other VM could not reclaim this VM's handle");
	r = ffa(FFA_RXTX_UNMAP, 2UL << 16, 0, 0, 0, 0, 0, 0);
	tap_ok(r.x[0] == FFA_ERROR, "RXTX_UNMAP of another endpoint: error %lx", r.x[2]);
	r = ffa(FFA_RXTX_UNMAP, (uint64_t)my_id << 16, 0, 0, 0, 0, 0, 0);
	tap_ok(r.x[0] == FFA_SUCCESS_32, "RXTX_UNMAP: success");
	r = ffa(FFA_RXTX_UNMAP, (uint64_t)my_id << 16, 0, 0, 0, 0, 0, 0);
	tap_ok(r.x[0] == FFA_ERROR, "RXTX_UNMAP again: error %lx", r.x[2]);
	/* The other VM ended: zarm sent VM_DESTROYED to the partition that asked. */
	for (unsigned int i = 0; i < 100000 && req(SP2, CMD_VMS, 0, 0, 0, 0).x[4] != 1; i++)
		;
	tap_ok(req(SP2, CMD_VMS, 0, 0, 0, 0).x[4] == 1,
	       "after the other VM ended, 0x8002 knows only this VM (VM_DESTROYED)");
	rt_power_off_ok();
}

/* FF-A 1.0 guest; tries the other VM's handles. */
static void vm2(void)
{
	struct r8 r;
	uint64_t ipa[1], h;
	uint32_t len;
	bool all = true;
	unsigned int i;

	if (MARK[0] != MAGIC) {
		ffa(FFA_VERSION, 0x10000, 0, 0, 0, 0, 0, 0);
		ffa(FFA_RXTX_MAP_64, (uint64_t)tx, (uint64_t)rx, 1, 0, 0, 0, 0);
		ipa[0] = (uint64_t)pages[1];
		len = desc(true, SP1, ipa, 1);
		r = ffa(FFA_SHARE_32, len, len, 0, 0, 0, 0, 0);
		MARK[1] = r.x[0] == FFA_SUCCESS_32 ? handle_of(r) : 0;
		MARK[0] = MAGIC;
		rt_printf("# first boot: share %lx left behind, SYSTEM_RESET\n", MARK[1]);
		rt_hvc(0x84000009UL, 0, 0, 0);
		rt_printf("not ok - SYSTEM_RESET returned\n");
		rt_power_off_ok();
	}
	tap_plan(7);
	r = ffa(FFA_VERSION, 0x10000, 0, 0, 0, 0, 0, 0);
	tap_ok((r.x[0] >> 16) == 1, "FFA_VERSION 1.0 -> %lx", r.x[0]);
	r = ffa(FFA_RXTX_MAP_64, (uint64_t)tx, (uint64_t)rx, 1, 0, 0, 0, 0);
	tap_ok(r.x[0] == FFA_SUCCESS_32, "after SYSTEM_RESET: RXTX_MAP works again");
	h = MARK[1];
	r = req(SP1, CMD_READ, (uint32_t)h, h >> 32, 0, 0);
	tap_ok(h && r.x[3] == 1 && is_err(reclaim(h), INVALID_PARAMETERS),
	       "after SYSTEM_RESET: the share left behind (%lx) was reclaimed", h);
	r = ffa(FFA_PART_INFO, 0, 0, 0, 0, 0, 0, 0);
	tap_ok(r.x[0] == FFA_SUCCESS_32 && r.x[2] == 2 && get16(rx) == SP1 &&
	       get16(rx + 8) == SP2, "1.0 PARTITION_INFO_GET: 8-byte descriptors");
	ffa(FFA_RX_RELEASE, 0, 0, 0, 0, 0, 0, 0);
	ipa[0] = (uint64_t)pages[0];
	len = desc(true, SP1, ipa, 1);
	r = ffa(FFA_SHARE_32, len, len, 0, 0, 0, 0, 0);
	h = handle_of(r);
	tap_ok(r.x[0] == FFA_SUCCESS_32 &&
	       req(SP1, CMD_WRITE, (uint32_t)h, h >> 32, 0, 77).x[3] == 0 && pages[0][0] == 77 &&
	       reclaim(h).x[0] == FFA_SUCCESS_32, "1.0 descriptor: share, write, reclaim");
	/*
	 * Find the other VM's kept share through the partition (it reads
	 * the marker the other VM left at offset 4), try to reclaim it and
	 * its neighbours, then tell the other VM through the same page.
	 */
	h = 0;
	for (unsigned int scan = 0; scan < 20000 && !h; scan++)
		for (i = 0; i < 16 && !h; i++) {
			uint64_t c = 0x0000100000000000UL | 1UL << 16 | i;

			r = req(SP1, CMD_READ, (uint32_t)c, c >> 32, 4, 0);
			if (r.x[3] == 0 && r.x[4] == 0xa5a5)
				h = c;
		}
	tap_ok(h != 0, "found the other VM's kept share (%lx)", h);
	for (i = 0; i < 16; i++)
		all = all && is_err(reclaim(0x0000100000000000UL | 1UL << 16 | i),
				    INVALID_PARAMETERS);
	tap_ok(all, "reclaiming the other VM's handles: INVALID_PARAMETERS");
	if (h)
		req(SP1, CMD_WRITE, (uint32_t)h, h >> 32, 0, 0xd0e);
	rt_power_off_ok();
}

void rt_main(uint64_t dtb)
{
	struct r8 r = ffa(FFA_ID_GET, 0, 0, 0, 0, 0, 0, 0);

	(void)dtb;
	my_id = (uint16_t)r.x[2];
	if (r.x[0] != FFA_SUCCESS_32) {
		tap_plan(1);
		tap_ok(is_err(r, NOT_SUPPORTED), "no secure side: FF-A NOT_SUPPORTED");
		rt_power_off_ok();
	}
	if (my_id == 1)
		vm1();
	vm2();
}
