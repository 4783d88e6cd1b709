/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for the FF-A proxy's descriptor handling: the input
 * becomes a VM's TX buffer content and the registers of MEM_SHARE/LEND
 * (and of the FRAG_TX calls that follow), run through the whole proxy
 * (ffa_handle_call) against the fake secure side of tests/unit/ffa_fake.c.
 * It also parses the bytes directly and checks that a descriptor the
 * parser accepted survives being re-written and parsed again.
 *
 * After every input the world's invariants must hold (mem_share agrees
 * with the proxy's records and the secure side's handles, RX/TX pins and
 * mappings match, the hypervisor's RX was released) and a refused call
 * must have changed nothing; any violation aborts, which libFuzzer
 * reports like a crash.
 *
 * Input layout: byte 0 selects the mode (bit 0: lend; bit 1: 64-bit call;
 * bit 2: build a well-formed descriptor from the following bytes and then
 * XOR the rest over it, instead of taking the bytes as they are; bit 3:
 * the VM negotiated 1.0 instead of 1.1; bits 4-5: the stage-2 "hole" maps
 * another VM's or the hypervisor's pages; bit 6: the secure side refuses;
 * bit 7: a stage-2 hook fails), byte 1 the first fragment length (0: all),
 * bytes 2-3 noise for the length registers (and, with bit 7 of byte 2,
 * up to 7 further calls with registers taken from the input after the
 * share), the rest the descriptor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ffa/ffa.h"
#include "ffa/ffa_mem_desc.h"
#include "tests/unit/ffa_fake.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct fk_world W;

static void fail(const char *why)
{
	fprintf(stderr, "ffa_desc_fuzz: %s\n", why);
	abort();
}

static void check_world(void)
{
	const char *why = fk_check_invariants(&W);

	if (why)
		fail(why);
}

/*
 * Secure access of every page (and VM 1's): what a refused call must not
 * change. Read from the fake stage-2, which check_world() proves equal to
 * the model after every step, rather than asking the model again.
 */
static void snapshot(uint8_t *acc)
{
	unsigned int i;

	for (i = 0; i < FK_NPAGES; i++)
		acc[i] = (uint8_t)(W.s2[FK_NVM + 1][i] | W.s2[1][i] << 3);
}

static void call(struct ffa_regs *r, uint64_t x0, uint64_t x1, uint64_t x2,
		 uint64_t x3, uint64_t x4)
{
	memset(r, 0, sizeof(*r));
	r->x[0] = x0;
	r->x[1] = x1;
	r->x[2] = x2;
	r->x[3] = x3;
	r->x[4] = x4;
	fk_call(&W, 0, r);
}

/* Check the parser directly: accepted => re-writable and re-parseable. */
static void parse_roundtrip(const uint8_t *d, size_t len, uint32_t version,
			    bool lend)
{
	static uint8_t out[FFA_DESC_MAX];
	struct ffa_run runs[FFA_MAX_RUNS];
	struct ffa_desc desc, again;
	size_t olen;
	uint32_t i, n;
	uint64_t a;

	if (ffa_desc_parse(d, len, version, lend, &desc))
		return;
	if (desc.nranges == 0 || desc.nranges > FFA_MAX_RANGES ||
	    desc.nrecv == 0 || desc.nrecv > FFA_MAX_RECEIVERS)
		fail("parser accepted impossible counts");
	for (i = 0; i < desc.nranges; i++) {
		ffa_desc_range(&desc, i, &a, &n);
		if (desc.ranges + (i + 1) * FFA_RANGE_SIZE > d + len)
			fail("range outside the buffer");
		runs[i].pa = a;
		runs[i].npages = n;
	}
	if (ffa_desc_write(out, sizeof(out), FFA_VERSION_1_1, &desc, runs,
			   desc.nranges, &olen))
		return; /* does not fit: fine, refused as NO_MEMORY */
	if (ffa_desc_parse(out, olen, FFA_VERSION_1_1, lend, &again) ||
	    again.nranges != desc.nranges || again.sender != desc.sender ||
	    again.total_pages != desc.total_pages)
		fail("re-written descriptor does not parse the same");
}

/* Mode bit 2: a valid descriptor built from the bytes, then disturbed. */
static size_t structured(uint8_t *tx, const uint8_t *d, size_t n,
			 uint32_t version, bool lend)
{
	static const uint16_t recv[2] = { FK_SP1, FK_SP2 };
	struct fk_range rg[8];
	uint32_t nr, i;
	size_t len, k;

	if (n < 2)
		return 0;
	nr = 1 + d[0] % 8;
	for (i = 0; i < nr; i++) {
		uint8_t b = n > 2 + i ? d[2 + i] : (uint8_t)i;

		rg[i].addr = (b & 0x80) ? FK_HOLE_IPA + (b & 7) * 4096ULL
					: FK_IPA(b % FK_VMPAGES);
		rg[i].npages = 1 + (b >> 5 & 3);
	}
	len = fk_build_desc(tx, 4096, version, 1, recv, 1 + (d[1] & 1),
			    (d[1] & 2) ? FFA_PERM_DATA_RO : FFA_PERM_DATA_RW,
			    (d[1] & 4) ? 0 : 0x2f,
			    lend ? FFA_FLAG_TYPE_LEND : FFA_FLAG_TYPE_SHARE,
			    rg, nr);
	/* XOR the remaining bytes over it: sparse, targeted corruption. */
	for (k = 2 + nr; k + 1 < n && len; k += 2)
		tx[d[k] % len] ^= d[k + 1];
	return len;
}

/*
 * A few more calls whose function ids and registers come from the input
 * (reading it again from the start): whatever state the share left (a
 * pending fragment, a live handle, a full RX), arbitrary calls on top.
 */
static void register_calls(const uint8_t *data, size_t size, unsigned int n)
{
	static const uint32_t fids[] = {
		FFA_VERSION, FFA_FEATURES, FFA_RX_RELEASE, FFA_RXTX_MAP_64,
		FFA_RXTX_UNMAP, FFA_PARTITION_INFO_GET, FFA_ID_GET,
		FFA_MSG_SEND_DIRECT_REQ_32, FFA_MSG_SEND_DIRECT_RESP_32,
		FFA_MEM_SHARE_32, FFA_MEM_LEND_64, FFA_MEM_FRAG_TX,
		FFA_MEM_RECLAIM, FFA_SPM_ID_GET, FFA_MEM_DONATE_32,
		FFA_MSG_SEND_DIRECT_REQ2,
	};
	struct ffa_regs r;
	unsigned int k, j;
	size_t at = 0;

	for (k = 0; k < n && at + 17 <= size; k++, at += 17) {
		uint64_t x[4];

		for (j = 0; j < 4; j++)
			x[j] = ffa_get32(data + at + 1 + 4 * j);
		/* Handles and fragment handles are 64-bit: keep them likely. */
		if (data[at] & 0x10)
			x[1] = (x[1] & 1) ? 0x1000 : x[1] >> 16;
		call(&r, fids[data[at] % ARRAY_SIZE(fids)], x[0], x[1], x[2],
		     x[3]);
		check_world();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t before[FK_NPAGES], after[FK_NPAGES];
	uint8_t mode, *tx;
	uint32_t version, fid, total, first;
	size_t len, sent;
	struct ffa_regs r;
	uint64_t h;

	if (size < 4 || size > 4 + 2 * 4096)
		return 0;
	mode = data[0];
	version = (mode & 8) ? FFA_VERSION_1_0 : FFA_VERSION_1_1;
	parse_roundtrip(data + 4, size - 4, version, mode & 1);

	log_set_level(ZLOG_ERROR);
	if (fk_world_reinit(&W, NULL))
		fail("world init");
	call(&r, FFA_VERSION, version, 0, 0, 0);
	call(&r, FFA_RXTX_MAP_64, FK_IPA(0), FK_IPA(1), 1, 0);
	if (r.x[0] != FFA_SUCCESS_32)
		fail("rxtx map");
	tx = W.vm[0].tx;
	if (mode & 4) {
		len = structured(tx, data + 4, size - 4, version, mode & 1);
	} else {
		len = size - 4;
		memcpy(tx, data + 4, len > 4096 ? 4096 : len);
	}
	W.hole_target = (mode >> 4 & 3) == 0 ? -1 : (mode >> 4 & 3) == 3
							      ? FK_NVM
							      : 1;
	if (mode & 0x40) {
		W.sp.refuse_fid = (mode & 1) ? FFA_MEM_LEND_32
					     : FFA_MEM_SHARE_32;
		W.sp.refuse_code = FFA_RET_DENIED;
		W.sp.refuse_times = 1;
	}
	if (mode & 0x80)
		W.hook_fail_at = data[2] % 8;

	fid = ((mode & 1) ? FFA_MEM_LEND_32 : FFA_MEM_SHARE_32) |
	      ((mode & 2) ? FFA_SMC64_BIT : 0);
	total = (uint32_t)len ^ (data[3] == 0xff ? data[2] << 8 : 0);
	first = data[1] ? data[1] : total;
	if (first > 4096)
		first = 4096;
	check_world(); /* also what makes snapshot() true */
	snapshot(before);
	call(&r, fid, total, first, 0, 0);
	/* Follow FRAG_RX with the rest, as a VM would. */
	for (sent = first; r.x[0] == FFA_MEM_FRAG_RX && sent < len;) {
		size_t n = len - sent > 64 ? 64 : len - sent;
		uint8_t *src = (mode & 4) ? NULL : (uint8_t *)data + 4 + sent;

		if (src)
			memcpy(tx, src, sent + n <= size - 4 ? n : 0);
		call(&r, FFA_MEM_FRAG_TX, r.x[1], r.x[2], n, 0);
		sent += n;
	}
	W.hook_fail_at = -1;
	check_world();
	/* ABORTED: a rollback failed half-way (injected); teardown fixes it. */
	if (r.x[0] == FFA_ERROR && r.x[2] != (uint32_t)FFA_RET_ABORTED) {
		snapshot(after);
		if (memcmp(before, after, sizeof(before)))
			fail("a refused transaction changed ownership");
	}
	if (data[2] & 0x80) {
		register_calls(data, size, data[2] & 7);
	} else if (r.x[0] == FFA_SUCCESS_32) {
		h = (uint32_t)r.x[2] | ((uint64_t)(uint32_t)r.x[3] << 32);
		call(&r, FFA_MEM_RECLAIM, (uint32_t)h, h >> 32, 0, 0);
		if (r.x[0] != FFA_SUCCESS_32)
			fail("reclaim of a fresh handle failed");
		snapshot(after);
		if (memcmp(before, after, sizeof(before)))
			fail("share + reclaim is not the identity");
	}
	if (ffa_vm_destroy(&W.proxy, &W.vm[0]))
		fail("destroy");
	check_world();
	snapshot(after);
	if (memcmp(before, after, sizeof(before)))
		fail("teardown did not give every page back");
	return 0;
}
