/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for the FF-A proxy as a whole (ffa_handle_call, every
 * handler behind it) against the fake secure side of tests/unit/ffa_fake.c:
 * a sequence of up to 64 calls from two VMs, each either
 *   - any function id the proxy knows (32- and 64-bit forms), an unknown
 *     one, or any value, with registers that are often meaningful (the
 *     VM's own IPAs, another VM's, the stage-2 "hole" that maps another
 *     VM's or the hypervisor's pages, live handles, endpoint ids, small
 *     lengths) and otherwise anything;
 *   - a memory transaction: a descriptor built from the input (well
 *     formed or with bytes flipped, or raw bytes) written into the VM's TX
 *     buffer, then MEM_SHARE/LEND/DONATE with a total and fragment length,
 *     followed by FRAG_TX calls while the proxy asks for more;
 *   - a reclaim of one of the VM's live handles;
 * with the secure side sometimes refusing a call and a stage-2 hook
 * sometimes failing, and the secure side set up with one or two
 * partitions, subscribed to VM messages or not, 1.0 size quirk or not.
 *
 * After every call:
 *  - the ownership invariants (fk_check_invariants): mem_share, the fake
 *    stage-2, the proxy's records, the secure side's handles and the RX/TX
 *    pins agree; the hypervisor's RX was released; no undo failed;
 *  - the answer is an FF-A answer (x0 one of ERROR, SUCCESS, FRAG_RX,
 *    a direct response) with a defined error code;
 *  - the other VM's access to every page did not change (isolation), and
 *    a refused call changed no one's access at all.
 * At the end both VMs are destroyed: every page is back with its owner,
 * as at the start, and the invariants hold.
 */
#include <string.h>

#include "ffa/ffa.h"
#include "ffa/ffa_mem_desc.h"
#include "tests/fuzz/fuzz_util.h"
#include "tests/unit/ffa_fake.h"

static struct fk_world W;
static struct fz_in in;
static bool trace; /* FUZZ_TRACE=1 in the environment: print every call */

static void two_parts(struct fk_spmc *sp)
{
	sp->nparts = 2;
}

static void subscribed(struct fk_spmc *sp)
{
	sp->nparts = 2;
	sp->subscribe = true;
}

static void quirky(struct fk_spmc *sp)
{
	sp->size0_quirk = true;
}

static void (*const setups[4])(struct fk_spmc *sp) = {
	NULL, two_parts, subscribed, quirky,
};

static const uint32_t fids[] = {
	FFA_VERSION, FFA_FEATURES, FFA_RX_RELEASE, FFA_RXTX_MAP_32,
	FFA_RXTX_MAP_64, FFA_RXTX_UNMAP, FFA_PARTITION_INFO_GET, FFA_ID_GET,
	FFA_MSG_SEND_DIRECT_REQ_32, FFA_MSG_SEND_DIRECT_REQ_64,
	FFA_MSG_SEND_DIRECT_RESP_32, FFA_MSG_SEND_DIRECT_RESP_64,
	FFA_MEM_DONATE_32, FFA_MEM_LEND_32, FFA_MEM_LEND_64, FFA_MEM_SHARE_32,
	FFA_MEM_SHARE_64, FFA_MEM_RETRIEVE_REQ_32, FFA_MEM_RECLAIM,
	FFA_MEM_FRAG_RX, FFA_MEM_FRAG_TX, FFA_SPM_ID_GET,
	FFA_PARTITION_INFO_GET_REGS, FFA_MSG_SEND_DIRECT_REQ2,
	FFA_MSG_SEND_DIRECT_RESP2, FFA_ERROR, FFA_SUCCESS_32, FFA_INTERRUPT,
};

static void check_world(void)
{
	const char *why = fk_check_invariants(&W);

	FUZZ_CHECK(!why, "%s", why);
}

/* A live handle of VM @v from the proxy's records, or a made-up one. */
static uint64_t some_handle(int v)
{
	unsigned int i, k = fz_u8(&in);

	for (i = 0; i < FFA_MAX_HANDLES; i++) {
		const struct ffa_handle_rec *r = &W.proxy.recs[(i + k) % FFA_MAX_HANDLES];

		if (r->used && (r->owner == v + 1 || (k & 0x80)))
			return r->handle;
	}
	return fz_val64(&in);
}

/* A register value: often one that means something to the proxy. */
static uint64_t reg(int v)
{
	uint8_t k = fz_u8(&in);

	switch (k % 10) {
	case 0: return FK_IPA(fz_u8(&in) % (FK_VMPAGES + 2));
	case 1: return FK_HOLE_IPA + (fz_u8(&in) % FK_HOLE_PAGES) * 4096ULL;
	case 2: return some_handle(v);
	case 3: return (uint64_t)(v + 1) << 16 | (k & 0x10 ? FK_SP1 : FK_SP2);
	case 4: return k >> 4;                          /* a small count */
	case 5: return FFA_VERSION_1_0 + (k >> 7);
	case 6: return 24 * (k >> 4);                   /* lengths */
	default: return fz_val64(&in);
	}
}

/* A descriptor in VM @v's TX (mapped): built and disturbed, or raw. */
static size_t fill_tx(int v)
{
	uint8_t *tx = W.vm[v].tx;
	size_t cap = W.vm[v].npages * 4096ULL, len;
	uint8_t k = fz_u8(&in);

	if (k & 1) {
		static const uint16_t recv[3] = { FK_SP1, FK_SP2, 2 };
		struct fk_range rg[8];
		uint32_t nr = 1 + (k >> 1) % 8, i, f;

		for (i = 0; i < nr; i++) {
			uint8_t b = fz_u8(&in);

			rg[i].addr = (b & 0x80) ? FK_HOLE_IPA + (b & 7) * 4096ULL
						: FK_IPA(b % FK_VMPAGES);
			rg[i].npages = 1 + (b >> 5 & 3);
		}
		f = fz_u8(&in);
		len = fk_build_desc(tx, cap, W.vm[v].version,
				    (f & 0x40) ? (uint16_t)fz_u16(&in)
					       : (uint16_t)(v + 1),
				    recv + (f & 1), 1 + (f >> 1 & 1),
				    (f & 4) ? FFA_PERM_DATA_RO : FFA_PERM_DATA_RW,
				    (f & 8) ? 0 : 0x2f, (f >> 4 & 3) << 3, rg, nr);
		/* Flip a few bytes: targeted corruption of a valid layout. */
		for (i = fz_u8(&in) % 4; i && len; i--) {
			uint16_t at = fz_u16(&in);

			tx[at % len] ^= fz_u8(&in);
		}
		return len;
	}
	len = fz_u16(&in) % (cap + 1);
	fz_bytes(&in, tx, len);
	return len;
}

static bool ffa_answer(uint32_t fid, const struct ffa_regs *r)
{
	if (fid == FFA_VERSION) /* a version, or NOT_SUPPORTED (-1) */
		return !(r->x[0] & 0x80000000u) ||
		       (uint32_t)r->x[0] == (uint32_t)FFA_RET_NOT_SUPPORTED;
	switch ((uint32_t)r->x[0]) {
	case FFA_ERROR:
		return (int32_t)r->x[2] <= -1 && (int32_t)r->x[2] >= -9;
	case FFA_SUCCESS_32: case FFA_SUCCESS_64: case FFA_MEM_FRAG_RX:
	case FFA_MSG_SEND_DIRECT_RESP_32: case FFA_MSG_SEND_DIRECT_RESP_64:
	case FFA_MSG_SEND_DIRECT_RESP2:
		return true;
	}
	return (int64_t)r->x[0] < 0; /* not an FF-A call: arch/ routes it */
}

/* One call from VM @v, with everything checked after it. */
static void call(int v, struct ffa_regs *r)
{
	uint8_t before[FK_NID][FK_NPAGES];
	uint32_t fid = (uint32_t)r->x[0];
	unsigned int id;

	memcpy(before, W.s2, sizeof(before));
	if (trace)
		fprintf(stderr, "VM %d: %#x %#llx %#llx %#llx %#llx (refuse %#x x%u, hook %ld)\n",
			v + 1, fid, (unsigned long long)r->x[1],
			(unsigned long long)r->x[2], (unsigned long long)r->x[3],
			(unsigned long long)r->x[4], W.sp.refuse_fid,
			W.sp.refuse_times, W.hook_fail_at);
	fk_call(&W, v, r);
	if (trace)
		fprintf(stderr, "  -> %#llx %#llx %#llx %#llx\n",
			(unsigned long long)r->x[0], (unsigned long long)r->x[1],
			(unsigned long long)r->x[2], (unsigned long long)r->x[3]);
	W.hook_fail_at = -1;
	check_world();
	FUZZ_CHECK(ffa_answer(fid, r), "fid %#x: answer x0 %#llx x2 %#llx",
		   fid, (unsigned long long)r->x[0], (unsigned long long)r->x[2]);
	for (id = 0; id < FK_NVM + 1; id++)
		if (id != (unsigned int)v + 1)
			FUZZ_CHECK(!memcmp(before[id], W.s2[id], FK_NPAGES),
				   "a call by VM %d changed identity %u's access",
				   v + 1, id);
	if ((uint32_t)r->x[0] == FFA_ERROR && (int32_t)r->x[2] != FFA_RET_ABORTED)
		FUZZ_CHECK(!memcmp(before, W.s2, sizeof(before)),
			   "refused call (error %d) changed ownership",
			   (int32_t)r->x[2]);
}

static void set_regs(struct ffa_regs *r, uint64_t x0)
{
	memset(r, 0, sizeof(*r));
	r->x[0] = x0;
}

static void transaction(int v)
{
	static const uint32_t xfer[] = {
		FFA_MEM_SHARE_32, FFA_MEM_LEND_32, FFA_MEM_SHARE_64,
		FFA_MEM_LEND_64, FFA_MEM_DONATE_32,
	};
	struct ffa_regs r;
	size_t len = 0, sent, frag;
	uint8_t k = fz_u8(&in);

	if (W.vm[v].mapped)
		len = fill_tx(v);
	frag = (k & 0x80) ? 16 + (size_t)fz_u8(&in) * 8 : len;
	if (frag > len)
		frag = len;
	set_regs(&r, xfer[k % ARRAY_SIZE(xfer)]);
	r.x[1] = (k & 0x40) ? reg(v) : len;
	r.x[2] = frag;
	call(v, &r);
	for (sent = frag; (uint32_t)r.x[0] == FFA_MEM_FRAG_RX && sent < len;) {
		size_t n = len - sent > 64 ? 64 : len - sent;

		/* The next fragment goes to the start of TX, as VMs do. */
		memmove(W.vm[v].tx, (uint8_t *)W.vm[v].tx + sent, n);
		set_regs(&r, FFA_MEM_FRAG_TX);
		r.x[1] = W.vm[v].frag_handle & 0xffffffffu;
		r.x[2] = W.vm[v].frag_handle >> 32;
		r.x[3] = n;
		call(v, &r);
		sent += n;
	}
}

static void step(void)
{
	uint8_t op = fz_u8(&in);
	int v = op & 1;
	struct ffa_regs r;
	unsigned int i;

	if (op & 0x80) { /* trouble for the next call */
		uint8_t t = fz_u8(&in);

		if (t & 1)
			W.hook_fail_at = t >> 1 & 7;
		/* Not RX_RELEASE: an SPMC that keeps the hypervisor's RX
		 * full breaks the fake's invariant, not the proxy. */
		if ((t & 0x10) && fids[(t >> 5) % ARRAY_SIZE(fids)] != FFA_RX_RELEASE) {
			W.sp.refuse_fid = fids[(t >> 5) % ARRAY_SIZE(fids)] &
					  ~FFA_SMC64_BIT;
			W.sp.refuse_code = FFA_RET_DENIED - (t & 2);
			W.sp.refuse_times = 1;
		}
	}
	switch ((op >> 1) % 8) {
	case 0: case 1: case 2: /* any call */
		set_regs(&r, (op & 0x40) && (op & 0x20) ? fz_u32(&in)
			     : fids[fz_u8(&in) % ARRAY_SIZE(fids)]);
		for (i = 1; i < 8; i++)
			r.x[i] = (fz_u8(&in) & 1) ? reg(v) : 0;
		call(v, &r);
		break;
	case 3: /* map RX/TX the way a guest does, at its own pages */
		set_regs(&r, (op & 0x20) ? FFA_RXTX_MAP_32 : FFA_RXTX_MAP_64);
		r.x[1] = FK_IPA(fz_u8(&in) % FK_VMPAGES);
		r.x[2] = FK_IPA(fz_u8(&in) % FK_VMPAGES);
		r.x[3] = 1 + (fz_u8(&in) & 1);
		call(v, &r);
		break;
	case 4: case 5: /* a memory transaction */
		transaction(v);
		break;
	case 6: /* reclaim one of its handles */
		set_regs(&r, FFA_MEM_RECLAIM);
		r.x[1] = some_handle(v);
		r.x[2] = r.x[1] >> 32;
		r.x[1] &= 0xffffffffu;
		r.x[3] = (op & 0x20) ? fz_u8(&in) : 0;
		call(v, &r);
		break;
	case 7: /* RX_RELEASE or VERSION: state the others depend on */
		set_regs(&r, (op & 0x20) ? FFA_RX_RELEASE : FFA_VERSION);
		r.x[1] = (fz_u8(&in) & 1) ? FFA_VERSION_1_0 : FFA_VERSION_1_1;
		call(v, &r);
		break;
	}
	W.sp.refuse_times = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t start[FK_NID][FK_NPAGES];
	unsigned int n, v;
	uint8_t shape;

	in = fz_in(data, size);
	trace = getenv("FUZZ_TRACE") != NULL;
	shape = fz_u8(&in);
	log_set_level(ZLOG_ERROR);
	FUZZ_CHECK(fk_world_reinit(&W, setups[shape & 3]) == 0, "world");
	W.hole_target = (shape >> 2 & 3) == 0 ? -1 : (shape >> 2 & 3) == 3
							     ? FK_NVM
							     : 2 - (shape >> 2 & 1);
	check_world();
	memcpy(start, W.s2, sizeof(start));
	for (n = 0; n < 64 && !fz_done(&in); n++)
		step();
	W.hook_fail_at = -1;
	W.sp.refuse_times = 0;
	for (v = 0; v < 2; v++)
		FUZZ_CHECK(ffa_vm_destroy(&W.proxy, &W.vm[v]) == 0,
			   "destroy VM %u", v + 1);
	check_world();
	FUZZ_CHECK(!memcmp(start, W.s2, sizeof(start)),
		   "after both VMs went, a page is not back with its owner");
	return 0;
}
