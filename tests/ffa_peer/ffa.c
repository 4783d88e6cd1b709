/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ffa_peer's SPMC: answers FF-A calls from the normal world register by
 * register as TF-A v2.10 (SPMD) + OP-TEE 4.4 (SPMC at S-EL1) did on QEMU
 * (FFA-FACTS.md), with two test partitions, and checks memory transaction
 * descriptors (FF-A 1.1 layout) strictly. The partitions reach shared
 * memory by handle at the physical addresses of the descriptor (MEM_RETRIEVE
 * is internal). One lock serialises everything.
 */
#include "tests/ffa_peer/peer.h"

#define FFA_ERROR 0x84000060u
#define FFA_SUCCESS_32 0x84000061u
#define FFA_VERSION 0x84000063u
#define FFA_FEATURES 0x84000064u
#define FFA_RX_RELEASE 0x84000065u
#define FFA_RXTX_MAP_32 0x84000066u
#define FFA_RXTX_MAP_64 0xC4000066u
#define FFA_RXTX_UNMAP 0x84000067u
#define FFA_PARTITION_INFO_GET 0x84000068u
#define FFA_ID_GET 0x84000069u
#define FFA_DIRECT_REQ_32 0x8400006Fu
#define FFA_DIRECT_REQ_64 0xC400006Fu
#define FFA_DIRECT_RESP_32 0x84000070u
#define FFA_DIRECT_RESP_64 0xC4000070u
#define FFA_MEM_LEND_32 0x84000072u
#define FFA_MEM_LEND_64 0xC4000072u
#define FFA_MEM_SHARE_32 0x84000073u
#define FFA_MEM_SHARE_64 0xC4000073u
#define FFA_MEM_RECLAIM 0x84000077u
#define FFA_SPM_ID_GET 0x84000085u

#define NOT_SUPPORTED (-1)
#define INVALID_PARAMETERS (-2)
#define NO_MEMORY (-3)
#define BUSY (-4)
#define DENIED (-6)

#define VERSION_1_1 0x10001u
#define SPMC_ID 0x8000u
#define PAGE 4096u
#define MAX_BUF_PAGES 4u
#define MAX_XFERS 32u
#define MAX_RANGES 64u
#define MAX_RECV 2u
#define MAX_VMS 16u
#define HANDLE_BASE 0x0000100000000000ULL
/* Normal-world memory the peer accepts in descriptors (QEMU virt RAM). */
#define NS_RAM_BASE 0x40000000ULL
#define NS_RAM_END 0x140000000ULL

/* Direct request commands (w3) the test partitions understand. */
#define CMD_ECHO 0u      /* w4..w7 back */
#define CMD_ADD 1u       /* w4 = w4 + w5 */
#define CMD_WRITE 2u     /* handle w4|w5<<32, offset w6, 32-bit value w7 */
#define CMD_READ 3u      /* handle w4|w5<<32, offset w6 -> w4 */
#define CMD_HOLD 4u      /* handle w4|w5<<32 retrieved: reclaim DENIED */
#define CMD_RELINQUISH 5u
#define CMD_COUNT 6u     /* w4 = live transactions of the requesting VM */
#define CMD_VMS 7u       /* w4 = VMs announced (VM_CREATED, not destroyed) */

#define FW_MSG 0x80000000u
#define VM_CREATED 4u
#define VM_DESTROYED 6u
/* OP-TEE's answer to a VM it does not know (TEEC_ERROR_BAD_STATE-like). */
#define ERR_UNKNOWN_VM 0xffff0008u

struct part {
	uint16_t id;
	uint16_t nctx;
	uint32_t props;
	uint32_t uuid[4];	/* as the four registers of PARTITION_INFO_GET */
};

/*
 * 0x8001 as the facts record (OP-TEE); 0x8002 a second one that asks for
 * VM_CREATED/VM_DESTROYED (properties bits 6 and 7) like OP-TEE built with
 * NS virtualization, and refuses direct requests from VMs not announced.
 */
static const struct part parts[2] = {
	{ 0x8001, 4, 0x103, { 0xe0786148, 0xe311f8e7, 0x02005ebc, 0x1bc5d5a5 } },
	{ 0x8002, 1, 0x1c3, { 0x5a5f2d1e, 0x4c3b11ee, 0x8000f0ab, 0x01020304 } },
};

struct range {
	uint64_t pa;
	uint32_t pages;
};

struct xfer {
	bool used;
	bool lend;
	uint16_t sender;
	uint64_t handle;
	uint32_t nrecv;
	uint16_t recv[MAX_RECV];
	uint8_t perms[MAX_RECV];
	uint32_t held;		/* bit per receiver index: retrieved */
	uint32_t nranges;
	uint64_t bytes;
	struct range ranges[MAX_RANGES];
};

static struct {
	bool mapped;
	uint64_t tx, rx;
	uint32_t pages;
	bool rx_full;
	uint16_t next_cookie;
	struct xfer xfers[MAX_XFERS];
	uint16_t vms[MAX_VMS];	/* announced VM ids (0 = free) */
} st;

bool peer_is_ffa(uint64_t fid)
{
	uint32_t f = (uint32_t)fid & ~0x40000000u;

	return (fid >> 32) == 0 && f >= 0x84000060u && f <= 0x840000ffu;
}

static void clear(struct peer_regs *r)
{
	for (int i = 0; i < 8; i++)
		r->x[i] = 0;
}

static void error(struct peer_regs *r, int32_t code)
{
	clear(r);
	r->x[0] = FFA_ERROR;
	r->x[2] = (uint32_t)code;
}

static void success(struct peer_regs *r, uint64_t w2, uint64_t w3)
{
	clear(r);
	r->x[0] = FFA_SUCCESS_32;
	r->x[2] = w2;
	r->x[3] = w3;
}

static const struct part *find_part(uint16_t id)
{
	for (unsigned int i = 0; i < 2; i++)
		if (parts[i].id == id)
			return &parts[i];
	return NULL;
}

static int vm_slot(uint16_t id)
{
	for (unsigned int i = 0; i < MAX_VMS; i++)
		if (st.vms[i] == id)
			return (int)i;
	return -1;
}

static void features(struct peer_regs *r)
{
	switch ((uint32_t)r->x[1]) {
	case FFA_VERSION: case FFA_FEATURES: case FFA_RX_RELEASE:
	case FFA_RXTX_MAP_64: case FFA_RXTX_MAP_32: case FFA_RXTX_UNMAP:
	case FFA_PARTITION_INFO_GET: case FFA_DIRECT_REQ_32: case FFA_DIRECT_REQ_64:
	case FFA_MEM_RECLAIM: case FFA_SPM_ID_GET:
		success(r, 0, 0);
		break;
	case FFA_MEM_SHARE_32: case FFA_MEM_SHARE_64:
	case FFA_MEM_LEND_32: case FFA_MEM_LEND_64:
		success(r, 1, 0);	/* dynamic buffers not supported */
		break;
	default:			/* ID_GET's own query, DIRECT_REQ2, ... */
		error(r, NOT_SUPPORTED);
	}
}

static void rxtx_map(struct peer_regs *r, bool is64)
{
	uint64_t tx = r->x[1], rx = r->x[2];
	uint32_t pages = (uint32_t)r->x[3] & 0x3f;

	if (!is64) {
		tx = (uint32_t)tx;
		rx = (uint32_t)rx;
	}
	if (st.mapped) {
		error(r, DENIED);
		return;
	}
	if (!pages || pages > MAX_BUF_PAGES || (tx | rx) % PAGE || tx == rx ||
	    tx < NS_RAM_BASE || rx < NS_RAM_BASE ||
	    tx + pages * PAGE > NS_RAM_END || rx + pages * PAGE > NS_RAM_END ||
	    (tx < rx + pages * PAGE && rx < tx + pages * PAGE)) {
		error(r, INVALID_PARAMETERS);
		return;
	}
	st.mapped = true;
	st.tx = tx;
	st.rx = rx;
	st.pages = pages;
	st.rx_full = false;
	success(r, 0, 0);
}

static void rxtx_unmap(struct peer_regs *r)
{
	if (((uint32_t)r->x[1] >> 16) != 0 || !st.mapped) {
		error(r, INVALID_PARAMETERS);
		return;
	}
	st.mapped = false;
	success(r, 0, 0);
}

static void put32(uint64_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

static void part_info(struct peer_regs *r)
{
	uint32_t uuid[4], flags = (uint32_t)r->x[5];
	const struct part *sel[2];
	unsigned int n = 0;
	bool nil = true;

	for (int i = 0; i < 4; i++) {
		uuid[i] = (uint32_t)r->x[1 + i];
		nil = nil && !uuid[i];
	}
	if (flags & ~1u) {
		error(r, INVALID_PARAMETERS);
		return;
	}
	for (unsigned int i = 0; i < 2; i++) {
		bool match = true;

		for (int j = 0; j < 4; j++)
			match = match && parts[i].uuid[j] == uuid[j];
		if (nil || match)
			sel[n++] = &parts[i];
	}
	if (!n) {
		error(r, INVALID_PARAMETERS);
		return;
	}
	if (flags & 1) {
		success(r, n, 0);
		return;
	}
	if (!st.mapped) {
		error(r, DENIED);
		return;
	}
	if (st.rx_full) {
		error(r, BUSY);
		return;
	}
	for (unsigned int i = 0; i < n; i++) {
		uint64_t d = st.rx + 24 * i;

		put32(d, sel[i]->id | ((uint32_t)sel[i]->nctx << 16));
		put32(d + 4, sel[i]->props);
		for (int j = 0; j < 4; j++)
			put32(d + 8 + 4 * j, sel[i]->uuid[j]);
	}
	st.rx_full = true;
	success(r, n, 24);
}

static void rx_release(struct peer_regs *r)
{
	if (!st.mapped || !st.rx_full) {
		error(r, DENIED);
		return;
	}
	st.rx_full = false;
	success(r, 0, 0);
}

static struct xfer *find_xfer(uint64_t handle)
{
	for (unsigned int i = 0; i < MAX_XFERS; i++)
		if (st.xfers[i].used && st.xfers[i].handle == handle)
			return &st.xfers[i];
	return NULL;
}

static int recv_index(const struct xfer *x, uint16_t id)
{
	for (unsigned int i = 0; i < x->nrecv; i++)
		if (x->recv[i] == id)
			return (int)i;
	return -1;
}

/* Physical address of byte @off of @x, or 0. */
static uint64_t xfer_addr(const struct xfer *x, uint64_t off)
{
	for (unsigned int i = 0; i < x->nranges; i++) {
		uint64_t len = (uint64_t)x->ranges[i].pages * PAGE;

		if (off < len)
			return x->ranges[i].pa + off;
		off -= len;
	}
	return 0;
}

/* A partition's memory command; returns the status for w3. */
static uint32_t mem_cmd(uint16_t part, uint32_t cmd, uint64_t handle,
			uint64_t off, uint64_t *val)
{
	struct xfer *x = find_xfer(handle);
	int ri = x ? recv_index(x, part) : -1;
	uint64_t pa;

	if (ri < 0)
		return 1;		/* not shared with this partition */
	if (cmd == CMD_HOLD) {
		x->held |= 1u << ri;
		return 0;
	}
	if (cmd == CMD_RELINQUISH) {
		x->held &= ~(1u << ri);
		return 0;
	}
	if (off % 4 || off >= x->bytes || !(pa = xfer_addr(x, off)))
		return 2;
	if (cmd == CMD_READ) {
		*val = *(volatile uint32_t *)pa;
		return 0;
	}
	if ((x->perms[ri] & 3) != 2)
		return 3;		/* read-only */
	*(volatile uint32_t *)pa = (uint32_t)*val;
	return 0;
}

static void framework(struct peer_regs *r, uint16_t sender, uint16_t recv)
{
	uint32_t msg = (uint32_t)r->x[2] & ~FW_MSG;
	uint16_t vm = (uint16_t)r->x[5];
	uint32_t status = 0;
	int slot;

	if (sender != 0 || (msg != VM_CREATED && msg != VM_DESTROYED) || !vm) {
		error(r, INVALID_PARAMETERS);
		return;
	}
	slot = vm_slot(vm);
	if (msg == VM_CREATED) {
		if (slot >= 0)
			status = (uint32_t)INVALID_PARAMETERS;
		else if ((slot = vm_slot(0)) < 0)
			status = (uint32_t)NO_MEMORY;
		else
			st.vms[slot] = vm;
	} else {
		if (slot < 0)
			status = (uint32_t)INVALID_PARAMETERS;
		else
			st.vms[slot] = 0;
	}
	clear(r);
	r->x[0] = FFA_DIRECT_RESP_32;
	r->x[1] = (uint32_t)recv << 16;
	r->x[2] = FW_MSG | (msg + 1);
	r->x[3] = status;
}

static void direct_req(struct peer_regs *r, bool is64)
{
	uint32_t w1 = (uint32_t)r->x[1];
	uint16_t sender = (uint16_t)(w1 >> 16), recv = (uint16_t)w1;
	const struct part *p = find_part(recv);
	uint64_t a[8], mask = is64 ? ~0ULL : 0xffffffffULL;
	uint32_t cmd;

	if (!p || (sender & 0x8000)) {
		error(r, INVALID_PARAMETERS);
		return;
	}
	if ((uint32_t)r->x[2] & FW_MSG) {
		framework(r, sender, recv);
		return;
	}
	for (int i = 0; i < 8; i++)
		a[i] = r->x[i] & mask;
	clear(r);
	r->x[0] = is64 ? FFA_DIRECT_RESP_64 : FFA_DIRECT_RESP_32;
	r->x[1] = ((uint32_t)recv << 16) | sender;
	if ((p->props & 0xc0) && vm_slot(sender) < 0) {
		r->x[3] = ERR_UNKNOWN_VM;
		return;
	}
	cmd = (uint32_t)a[3];
	switch (cmd) {
	case CMD_ADD:
		r->x[3] = 0;
		r->x[4] = (a[4] + a[5]) & mask;
		break;
	case CMD_WRITE:
	case CMD_READ:
	case CMD_HOLD:
	case CMD_RELINQUISH: {
		uint64_t h = (uint32_t)a[4] | ((uint64_t)(uint32_t)a[5] << 32);
		uint64_t v = a[7];

		r->x[3] = mem_cmd(recv, cmd, h, a[6], &v);
		r->x[4] = cmd == CMD_READ ? v : 0;
		break;
	}
	case CMD_COUNT: {
		uint32_t n = 0;

		for (unsigned int i = 0; i < MAX_XFERS; i++)
			n += st.xfers[i].used && st.xfers[i].sender == sender;
		r->x[3] = 0;
		r->x[4] = n;
		break;
	}
	case CMD_VMS: {
		uint32_t n = 0;

		for (unsigned int i = 0; i < MAX_VMS; i++)
			n += st.vms[i] != 0;
		r->x[3] = 0;
		r->x[4] = n;
		break;
	}
	default:		/* echo */
		for (int i = 3; i < 8; i++)
			r->x[i] = a[i];
	}
}

/* Little-endian reads from the TX buffer (byte-wise: any alignment). */
static uint32_t tx8(uint64_t off) { return *(volatile uint8_t *)(st.tx + off); }
static uint32_t tx16(uint64_t off) { return tx8(off) | tx8(off + 1) << 8; }
static uint32_t tx32(uint64_t off) { return tx16(off) | tx16(off + 2) << 16; }
static uint64_t tx64(uint64_t off) { return tx32(off) | (uint64_t)tx32(off + 4) << 32; }

static bool tx_zero(uint64_t off, uint64_t n)
{
	while (n--)
		if (tx8(off++))
			return false;
	return true;
}

static bool overlaps(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
	return a < b + bn && b < a + an;
}

/*
 * Validate the FF-A 1.1 descriptor of @len bytes in TX into @x; returns 0
 * or an FF-A error code. Nothing is changed.
 */
static int32_t parse_desc(uint64_t len, bool lend, struct xfer *x)
{
	uint32_t attrs, flags, emad_size, nrecv, emad_off, comp_off = 0;
	uint32_t total_pages, nranges;
	uint64_t sum = 0;

	if (len < 48)
		return INVALID_PARAMETERS;
	x->sender = (uint16_t)tx16(0);
	attrs = tx16(2);
	flags = tx32(4);
	emad_size = tx32(24);
	nrecv = tx32(28);
	emad_off = tx32(32);
	if ((x->sender & 0x8000) || x->sender == 0)
		return INVALID_PARAMETERS;
	/* Normal memory, write-back, inner shareable; lend may leave it unset. */
	if (attrs != 0x2f && !(lend && attrs == 0))
		return INVALID_PARAMETERS;
	if (flags & ~(lend ? 0x3u : 0x2u))
		return INVALID_PARAMETERS;
	if (tx64(8) != 0 || !tx_zero(36, 12))
		return INVALID_PARAMETERS;
	if (emad_size != 16 || nrecv == 0 || nrecv > MAX_RECV || emad_off < 48 ||
	    emad_off % 16 || (uint64_t)emad_off + 16ULL * nrecv > len)
		return INVALID_PARAMETERS;
	x->nrecv = nrecv;
	for (uint32_t i = 0; i < nrecv; i++) {
		uint64_t e = emad_off + 16ULL * i;
		uint8_t perms = (uint8_t)tx8(e + 2);

		x->recv[i] = (uint16_t)tx16(e);
		x->perms[i] = perms;
		if (!find_part(x->recv[i]) || tx8(e + 3) || !tx_zero(e + 8, 8))
			return INVALID_PARAMETERS;
		for (uint32_t j = 0; j < i; j++)
			if (x->recv[j] == x->recv[i])
				return INVALID_PARAMETERS;
		if (((perms & 3) != 1 && (perms & 3) != 2) || (perms & 0xc) == 0x8 ||
		    (perms & 0xc) == 0xc || (perms & 0xf0))
			return DENIED;
		if (i == 0)
			comp_off = tx32(e + 4);
		else if (tx32(e + 4) != comp_off)
			return INVALID_PARAMETERS;
	}
	if (comp_off < emad_off + 16ULL * nrecv || comp_off % 8 ||
	    (uint64_t)comp_off + 16 > len)
		return INVALID_PARAMETERS;
	total_pages = tx32(comp_off);
	nranges = tx32(comp_off + 4);
	if (!tx_zero(comp_off + 8, 8) || nranges == 0 ||
	    (uint64_t)comp_off + 16 + 16ULL * nranges != len)
		return INVALID_PARAMETERS;
	if (nranges > MAX_RANGES)
		return NO_MEMORY;
	x->nranges = nranges;
	for (uint32_t i = 0; i < nranges; i++) {
		uint64_t c = comp_off + 16 + 16ULL * i;
		uint64_t pa = tx64(c);
		uint32_t pages = tx32(c + 8);

		if (pa % PAGE || pages == 0 || tx32(c + 12) || pa < NS_RAM_BASE ||
		    pa >= NS_RAM_END || pages > (NS_RAM_END - pa) / PAGE)
			return INVALID_PARAMETERS;
		for (uint32_t j = 0; j < i; j++)
			if (overlaps(pa, (uint64_t)pages * PAGE, x->ranges[j].pa,
				     (uint64_t)x->ranges[j].pages * PAGE))
				return INVALID_PARAMETERS;
		x->ranges[i].pa = pa;
		x->ranges[i].pages = pages;
		sum += pages;
	}
	if (sum != total_pages)
		return INVALID_PARAMETERS;
	x->bytes = sum * PAGE;
	x->lend = lend;
	return 0;
}

static void mem_xfer(struct peer_regs *r, uint32_t fid)
{
	bool lend = fid == FFA_MEM_LEND_32 || fid == FFA_MEM_LEND_64;
	uint64_t total = (uint32_t)r->x[1], frag = (uint32_t)r->x[2];
	static struct xfer x;
	struct xfer *slot = NULL;
	int32_t rc;

	if (r->x[3] || r->x[4]) {
		error(r, INVALID_PARAMETERS);	/* no dynamic buffers */
		return;
	}
	if (!st.mapped) {
		error(r, DENIED);
		return;
	}
	if (total == 0 || frag != total || total > (uint64_t)st.pages * PAGE) {
		error(r, INVALID_PARAMETERS);	/* fragments not supported here */
		return;
	}
	memset(&x, 0, sizeof(x));
	rc = parse_desc(total, lend, &x);
	if (rc) {
		error(r, rc);
		return;
	}
	/* Lent memory belongs to one transaction; shared may not be lent. */
	for (unsigned int i = 0; i < MAX_XFERS; i++) {
		struct xfer *o = &st.xfers[i];

		if (!o->used) {
			if (!slot)
				slot = o;
			continue;
		}
		if (!lend && !o->lend)
			continue;
		for (uint32_t a = 0; a < x.nranges; a++)
			for (uint32_t b = 0; b < o->nranges; b++)
				if (overlaps(x.ranges[a].pa, (uint64_t)x.ranges[a].pages * PAGE,
					     o->ranges[b].pa,
					     (uint64_t)o->ranges[b].pages * PAGE)) {
					error(r, DENIED);
					return;
				}
	}
	if (!slot) {
		error(r, NO_MEMORY);
		return;
	}
	x.used = true;
	x.handle = HANDLE_BASE | ((uint64_t)x.sender << 16) | st.next_cookie++;
	while (find_xfer(x.handle))	/* a cookie that wrapped */
		x.handle = HANDLE_BASE | ((uint64_t)x.sender << 16) | st.next_cookie++;
	*slot = x;
	success(r, (uint32_t)x.handle, (uint32_t)(x.handle >> 32));
}

static void mem_reclaim(struct peer_regs *r)
{
	uint64_t h = (uint32_t)r->x[1] | ((uint64_t)(uint32_t)r->x[2] << 32);
	uint32_t flags = (uint32_t)r->x[3];
	struct xfer *x = find_xfer(h);

	if (!x || (flags & ~1u)) {
		error(r, INVALID_PARAMETERS);
		return;
	}
	if (x->held) {
		error(r, DENIED);	/* a partition still has it */
		return;
	}
	if (flags & 1) {
		for (uint32_t i = 0; i < x->nranges; i++)
			memset((void *)x->ranges[i].pa, 0, (size_t)x->ranges[i].pages * PAGE);
	}
	x->used = false;
	success(r, 0, 0);
}

void peer_ffa_call(struct peer_regs *r)
{
	uint32_t fid = (uint32_t)r->x[0];

	peer_lock();
	switch (fid) {
	case FFA_VERSION:
		if ((uint32_t)r->x[1] & 0x80000000u || ((uint32_t)r->x[1] >> 16) != 1) {
			clear(r);
			r->x[0] = (uint32_t)NOT_SUPPORTED;
		} else {
			clear(r);
			r->x[0] = VERSION_1_1;
		}
		break;
	case FFA_FEATURES:
		features(r);
		break;
	case FFA_ID_GET:
		success(r, 0, 0);
		break;
	case FFA_SPM_ID_GET:
		success(r, SPMC_ID, 0);
		break;
	case FFA_RXTX_MAP_32:
	case FFA_RXTX_MAP_64:
		rxtx_map(r, fid == FFA_RXTX_MAP_64);
		break;
	case FFA_RXTX_UNMAP:
		rxtx_unmap(r);
		break;
	case FFA_PARTITION_INFO_GET:
		part_info(r);
		break;
	case FFA_RX_RELEASE:
		rx_release(r);
		break;
	case FFA_DIRECT_REQ_32:
	case FFA_DIRECT_REQ_64:
		direct_req(r, fid == FFA_DIRECT_REQ_64);
		break;
	case FFA_MEM_SHARE_32:
	case FFA_MEM_SHARE_64:
	case FFA_MEM_LEND_32:
	case FFA_MEM_LEND_64:
		mem_xfer(r, fid);
		break;
	case FFA_MEM_RECLAIM:
		mem_reclaim(r);
		break;
	default:
		error(r, NOT_SUPPORTED);
	}
	peer_unlock();
}
