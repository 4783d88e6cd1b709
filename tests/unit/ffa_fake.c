/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The FF-A test world: fake SPMC, fake guest memory and stage-2, and the
 * proxy's ops over them. See ffa_fake.h.
 */
#include "tests/unit/ffa_fake.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "common/errno.h"

const uint8_t fk_uuid1[16] = { 0x48, 0x61, 0x78, 0xe0, 0xe7, 0xf8, 0x11, 0xe3,
			       0xbc, 0x5e, 0x00, 0x02, 0xa5, 0xd5, 0xc5, 0x1b };
static const uint8_t fk_uuid2[16] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66,
				      0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc,
				      0xdd, 0xee, 0xff, 0x00 };

/* ---- fake stage-2 behind mem_share ---- */

static unsigned int id_idx(mem_id_t id)
{
	return id == MEM_ID_SECURE ? FK_NVM + 1 : id;
}

static int hook(struct fk_world *w, mem_id_t id, uint64_t addr, uint64_t n,
		unsigned int perms)
{
	uint64_t i, first = (addr - FK_BASE) / 4096;

	if (w->hook_fail_at >= 0 && w->hook_calls++ == w->hook_fail_at)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		w->s2[id_idx(id)][first + i] = (uint8_t)perms;
	return 0;
}

static int fk_map(void *ctx, mem_id_t id, uint64_t addr, uint64_t n,
		  unsigned int perms)
{
	return hook(ctx, id, addr, n, perms);
}

static int fk_unmap(void *ctx, mem_id_t id, uint64_t addr, uint64_t n)
{
	return hook(ctx, id, addr, n, 0);
}

static const struct mem_share_ops fk_ms_ops = { fk_map, fk_unmap };

/* ---- ffa ops ---- */

static int vm_index(struct fk_world *w, struct ffa_vm *vm)
{
	return (int)(vm - w->vm);
}

static int op_smc(void *ctx, const struct ffa_regs *in, struct ffa_regs *out)
{
	return fk_spmc_call(ctx, in, out);
}

static int op_map_guest(void *ctx, struct ffa_vm *vm, uint64_t ipa,
			uint64_t npages, void **hva)
{
	struct fk_world *w = ctx;
	int v = vm_index(w, vm);

	if (w->map_guest_fail > 0 && --w->map_guest_fail == 0)
		return -ENOMEM;
	if (ipa < FK_IPA_BASE || npages > FK_VMPAGES ||
	    (ipa - FK_IPA_BASE) / 4096 + npages > FK_VMPAGES)
		return -EINVAL; /* the hole is not mappable: proxy checked */
	*hva = &w->mem[v][ipa - FK_IPA_BASE];
	for (uint64_t i = 0; i < npages; i++)
		w->dirty[v] |= 1ULL << ((ipa - FK_IPA_BASE) / 4096 + i);
	w->maps++;
	return 0;
}

static void op_unmap_guest(void *ctx, struct ffa_vm *vm, void *hva,
			   uint64_t npages)
{
	struct fk_world *w = ctx;

	(void)vm;
	(void)hva;
	(void)npages;
	w->maps--;
}

static int op_ipa_to_pa(void *ctx, struct ffa_vm *vm, uint64_t ipa,
			uint64_t *pa)
{
	struct fk_world *w = ctx;
	int v = vm_index(w, vm);
	uint64_t i;

	if (ipa % 4096)
		return -EINVAL;
	if (ipa >= FK_IPA_BASE && ipa - FK_IPA_BASE < FK_VMPAGES * 4096ULL) {
		i = (ipa - FK_IPA_BASE) / 4096;
		*pa = FK_PA(v, (i + FK_VMPAGES / 2) % FK_VMPAGES);
		return 0;
	}
	if (w->hole_target >= 0 && ipa >= FK_HOLE_IPA &&
	    ipa - FK_HOLE_IPA < FK_HOLE_PAGES * 4096ULL) {
		*pa = FK_PA(w->hole_target, (ipa - FK_HOLE_IPA) / 4096);
		return 0;
	}
	return -EFAULT;
}

static const struct ffa_ops fk_ops = { op_smc, op_map_guest, op_unmap_guest,
				       op_ipa_to_pa };

/* ---- fake SPMC ---- */

static void ret_success(struct ffa_regs *o, uint64_t w2, uint64_t w3)
{
	o->x[0] = FFA_SUCCESS_32;
	o->x[2] = w2;
	o->x[3] = w3;
}

static void ret_error(struct ffa_regs *o, int32_t code)
{
	o->x[0] = FFA_ERROR;
	o->x[2] = (uint32_t)code;
}

static bool feature_ok(const struct fk_spmc *sp, uint32_t fid, uint64_t *w2)
{
	*w2 = 0;
	switch (fid) {
	case FFA_VERSION: case FFA_FEATURES: case FFA_RXTX_MAP_64:
	case FFA_RXTX_MAP_32: case FFA_RXTX_UNMAP:
	case FFA_PARTITION_INFO_GET: case FFA_RX_RELEASE:
	case FFA_MSG_SEND_DIRECT_REQ_32: case FFA_MSG_SEND_DIRECT_REQ_64:
	case FFA_MEM_RECLAIM: case FFA_MEM_FRAG_TX:
		return true;
	case FFA_MEM_SHARE_32: case FFA_MEM_SHARE_64:
	case FFA_MEM_LEND_32: case FFA_MEM_LEND_64:
		*w2 = 1;
		return true;
	case FFA_SPM_ID_GET:
		return sp->version >= FFA_VERSION_1_1;
	case FFA_PARTITION_INFO_GET_REGS: case FFA_MSG_SEND_DIRECT_REQ2:
		return sp->version >= FFA_VERSION_1_2;
	default:
		return false; /* FFA_ID_GET's query too, as OP-TEE answers */
	}
}

struct fk_part {
	uint16_t id, nctx;
	uint32_t props;
	const uint8_t *uuid;
};

static uint32_t parts(const struct fk_spmc *sp, struct fk_part *p)
{
	uint32_t sub = sp->subscribe ? (FFA_PART_PROP_VM_CREATED |
					FFA_PART_PROP_VM_DESTROYED) : 0;

	p[0] = (struct fk_part){ FK_SP1, 4, 0x103 | sub, fk_uuid1 };
	p[1] = (struct fk_part){ FK_SP2, 1, 0x103 | sub, fk_uuid2 };
	return sp->nparts > 2 ? 2 : sp->nparts;
}

static void part_info(struct fk_world *w, const struct ffa_regs *in,
		      struct ffa_regs *o)
{
	struct fk_spmc *sp = &w->sp;
	struct fk_part p[2];
	uint32_t n = parts(sp, p), i, cnt = 0, size;
	uint8_t uuid[16], *rx = w->hyp_rx;
	bool nil;

	size = sp->version >= FFA_VERSION_1_1 ? 24 : 8;
	for (i = 0; i < 4; i++)
		ffa_put32(uuid + 4 * i, (uint32_t)in->x[1 + i]);
	nil = !memcmp(uuid, (uint8_t[16]){ 0 }, 16);
	if (sp->version >= FFA_VERSION_1_1 && (in->x[5] & 1)) {
		for (i = 0; i < n; i++)
			cnt += nil || !memcmp(uuid, p[i].uuid, 16);
		if (!cnt)
			return ret_error(o, FFA_RET_INVALID_PARAMETERS);
		return ret_success(o, cnt, sp->size0_quirk ? 0 : size);
	}
	if (!sp->mapped)
		return ret_error(o, FFA_RET_DENIED);
	if (sp->rx_busy)
		return ret_error(o, FFA_RET_BUSY);
	for (i = 0; i < n; i++) {
		uint8_t *d = rx + cnt * size;

		if (!nil && memcmp(uuid, p[i].uuid, 16))
			continue;
		ffa_put16(d, p[i].id);
		ffa_put16(d + 2, p[i].nctx);
		ffa_put32(d + 4, p[i].props);
		if (size == 24)
			memcpy(d + 8, p[i].uuid, 16);
		cnt++;
	}
	if (!cnt)
		return ret_error(o, FFA_RET_INVALID_PARAMETERS);
	sp->rx_busy = true;
	ret_success(o, sp->bad_count ? sp->bad_count : cnt,
		    sp->size0_quirk ? 0 : size);
}

static void direct_req(struct fk_world *w, const struct ffa_regs *in,
		       struct ffa_regs *o)
{
	struct fk_spmc *sp = &w->sp;
	uint32_t fid = (uint32_t)in->x[0];
	uint16_t src = (uint16_t)(in->x[1] >> 16), dst = (uint16_t)in->x[1];
	uint32_t w2 = (uint32_t)in->x[2];
	struct fk_part p[2];
	uint32_t n = parts(sp, p), i;
	bool req2 = fid == FFA_MSG_SEND_DIRECT_REQ2;
	uint16_t vmid = (uint16_t)in->x[5];

	for (i = 0; i < n && p[i].id != dst; i++)
		;
	if (i == n)
		return ret_error(o, FFA_RET_INVALID_PARAMETERS);
	o->x[1] = (uint32_t)dst << 16 | src;
	if (!req2 && (w2 & FFA_MSG_FLAG_FRAMEWORK)) {
		uint32_t msg = w2 & 0xff;

		if (src != 0 || vmid == 0 || vmid > FK_NVM ||
		    (msg != FFA_MSG_VM_CREATED && msg != FFA_MSG_VM_DESTROYED))
			return ret_error(o, FFA_RET_INVALID_PARAMETERS);
		o->x[0] = FFA_MSG_SEND_DIRECT_RESP_32;
		o->x[2] = FFA_MSG_FLAG_FRAMEWORK | (msg + 1);
		if (msg == FFA_MSG_VM_DESTROYED && sp->destroy_retry) {
			sp->destroy_retry--;
			o->x[3] = (uint32_t)FFA_RET_RETRY;
			return;
		}
		if (msg == FFA_MSG_VM_CREATED) {
			sp->created[vmid]++;
			sp->announced |= 1u << vmid;
		} else {
			sp->destroyed[vmid]++;
			sp->announced &= ~(1u << vmid);
		}
		return;
	}
	o->x[0] = req2 ? FFA_MSG_SEND_DIRECT_RESP2
		       : (fid == FFA_MSG_SEND_DIRECT_REQ_64
				  ? FFA_MSG_SEND_DIRECT_RESP_64
				  : FFA_MSG_SEND_DIRECT_RESP_32);
	if (sp->subscribe && !(sp->announced & (1u << src))) {
		o->x[3] = 0xffff0008u; /* OP-TEE: VM never announced */
		return;
	}
	/* Echo: a partition that answers with what it was sent. */
	for (i = req2 ? 4 : 3; i < (req2 ? 18u : 8u); i++)
		o->x[i] = in->x[i];
}

static int sp_find(struct fk_spmc *sp, uint64_t handle)
{
	int i;

	for (i = 0; i < FK_MAX_SP_HANDLES; i++)
		if (sp->h[i].used && sp->h[i].handle == handle)
			return i;
	return -1;
}

/* As strict as the spec on what it can see: layout, bounds, ownership. */
static void mem_xfer(struct fk_world *w, const struct ffa_regs *in,
		     struct ffa_regs *o, bool lend)
{
	struct fk_spmc *sp = &w->sp;
	const uint8_t *d = w->hyp_tx;
	uint32_t len = (uint32_t)in->x[1], frag = (uint32_t)in->x[2];
	bool v10 = sp->version < FFA_VERSION_1_1;
	uint32_t nrecv, emad_off, comp_off, nranges, total, sum = 0, i;
	uint16_t sender;
	int slot = -1;

	if (!sp->mapped || len != frag || len > sizeof(w->hyp_tx) ||
	    len < (v10 ? 32u : 48u) || in->x[3] || in->x[4])
		return ret_error(o, FFA_RET_INVALID_PARAMETERS);
	memcpy(sp->last_desc, d, len);
	sp->last_desc_len = len;
	sender = ffa_get16(d);
	nrecv = ffa_get32(d + 28);
	emad_off = v10 ? 32 : ffa_get32(d + 32);
	if (sender == 0 || sender > FK_NVM || nrecv == 0 || nrecv > 4 ||
	    (!v10 && ffa_get32(d + 24) != 16) ||
	    (uint64_t)emad_off + 16ULL * nrecv > len)
		return ret_error(o, FFA_RET_INVALID_PARAMETERS);
	if (sp->subscribe && !(sp->announced & (1u << sender)))
		return ret_error(o, FFA_RET_DENIED);
	comp_off = ffa_get32(d + emad_off + 4);
	if ((uint64_t)comp_off + 16 > len)
		return ret_error(o, FFA_RET_INVALID_PARAMETERS);
	total = ffa_get32(d + comp_off);
	nranges = ffa_get32(d + comp_off + 4);
	if (nranges == 0 || (uint64_t)comp_off + 16 + 16ULL * nranges > len)
		return ret_error(o, FFA_RET_INVALID_PARAMETERS);
	for (i = 0; i < nranges; i++) {
		const uint8_t *r = d + comp_off + 16 + 16 * i;
		uint64_t pa = ffa_get64(r), k;
		uint32_t n = ffa_get32(r + 8);

		for (k = 0; k < n; k++) {
			uint64_t a = pa + k * 4096;

			/* Physical, in the sender's memory, handed to us. */
			if (a < FK_PA(sender - 1, 0) || a >= FK_PA(sender, 0) ||
			    a % 4096 ||
			    mem_share_access(&w->ms, MEM_ID_SECURE, a) <= 0)
				return ret_error(o, FFA_RET_DENIED);
		}
		sum += n;
	}
	if (sum != total)
		return ret_error(o, FFA_RET_INVALID_PARAMETERS);
	for (i = 0; i < FK_MAX_SP_HANDLES && slot < 0; i++)
		if (!sp->h[i].used)
			slot = (int)i;
	if (slot < 0)
		return ret_error(o, FFA_RET_NO_MEMORY);
	sp->h[slot].used = true;
	sp->h[slot].handle = sp->bogus_handle
				     ? FFA_HANDLE_INVALID
				     : ((0x1000ULL + sp->counter) << 32) |
					       ((uint64_t)sender << 16);
	sp->h[slot].sender = sender;
	sp->h[slot].lend = lend;
	sp->h[slot].npages = total;
	sp->counter++;
	ret_success(o, (uint32_t)sp->h[slot].handle,
		    (uint32_t)(sp->h[slot].handle >> 32));
}

int fk_spmc_call(struct fk_world *w, const struct ffa_regs *in,
		 struct ffa_regs *o)
{
	struct fk_spmc *sp = &w->sp;
	uint32_t fid = (uint32_t)in->x[0];
	uint64_t w2;
	int i;

	memset(o, 0, sizeof(*o));
	sp->ncalls++;
	sp->last_fid = fid;
	sp->calls_by_fn[fid & 0xff]++;
	if (sp->refuse_times && sp->refuse_fid == (fid & ~FFA_SMC64_BIT)) {
		sp->refuse_times--;
		ret_error(o, sp->refuse_code);
		return 0;
	}
	switch (fid) {
	case FFA_VERSION:
		o->x[0] = sp->version;
		break;
	case FFA_ID_GET:
		ret_success(o, 0, 0);
		break;
	case FFA_SPM_ID_GET:
		if (sp->version < FFA_VERSION_1_1)
			ret_error(o, FFA_RET_NOT_SUPPORTED);
		else
			ret_success(o, 0x8000, 0);
		break;
	case FFA_FEATURES:
		if (feature_ok(sp, (uint32_t)in->x[1], &w2))
			ret_success(o, w2, 0);
		else
			ret_error(o, FFA_RET_NOT_SUPPORTED);
		break;
	case FFA_RXTX_MAP_64:
		if (sp->mapped || in->x[3] != 1)
			return ret_error(o, FFA_RET_INVALID_PARAMETERS), 0;
		sp->mapped = true;
		sp->tx_pa = in->x[1];
		sp->rx_pa = in->x[2];
		ret_success(o, 0, 0);
		break;
	case FFA_PARTITION_INFO_GET:
		part_info(w, in, o);
		break;
	case FFA_RX_RELEASE:
		if (!sp->rx_busy)
			return ret_error(o, FFA_RET_DENIED), 0;
		sp->rx_busy = false;
		ret_success(o, 0, 0);
		break;
	case FFA_PARTITION_INFO_GET_REGS:
		if (sp->version < FFA_VERSION_1_2)
			return ret_error(o, FFA_RET_NOT_SUPPORTED), 0;
		o->x[0] = FFA_SUCCESS_64;
		o->x[2] = (uint64_t)(sp->nparts - 1) | (24ULL << 48);
		o->x[3] = FK_SP1 | (4ULL << 16) | (0x103ULL << 32);
		memcpy(&o->x[4], fk_uuid1, 16);
		break;
	case FFA_MSG_SEND_DIRECT_REQ2:
		if (sp->version < FFA_VERSION_1_2)
			return ret_error(o, FFA_RET_NOT_SUPPORTED), 0;
		/* fall through */
	case FFA_MSG_SEND_DIRECT_REQ_32:
	case FFA_MSG_SEND_DIRECT_REQ_64:
		direct_req(w, in, o);
		break;
	case FFA_MEM_SHARE_32: case FFA_MEM_SHARE_64:
		mem_xfer(w, in, o, false);
		break;
	case FFA_MEM_LEND_32: case FFA_MEM_LEND_64:
		mem_xfer(w, in, o, true);
		break;
	case FFA_MEM_RECLAIM:
		i = sp_find(sp, (uint32_t)in->x[1] | (in->x[2] << 32));
		if (i < 0)
			return ret_error(o, FFA_RET_INVALID_PARAMETERS), 0;
		sp->h[i].used = false;
		ret_success(o, 0, 0);
		break;
	default:
		ret_error(o, FFA_RET_NOT_SUPPORTED);
	}
	return 0;
}

/* ---- world ---- */

/* Everything but the guest memory, which the callers have cleared. */
static int world_setup(struct fk_world *w, void (*setup)(struct fk_spmc *sp))
{
	unsigned int v;
	int rc;

	memset(w, 0, offsetof(struct fk_world, dirty));
	w->hook_fail_at = -1;
	w->hole_target = -1;
	w->sp.version = FFA_VERSION_1_1;
	w->sp.nparts = 1;
	if (setup)
		setup(&w->sp);
	memset(w->s2[0], MEM_PERM_RWX, sizeof(w->s2[0]));
	rc = mem_share_init(&w->ms, FK_BASE, FK_NPAGES, w->pages, FK_NVM,
			    &fk_ms_ops, w);
	for (v = 0; !rc && v < FK_NVM; v++)
		rc = mem_share_assign(&w->ms, (mem_id_t)(v + 1), FK_PA(v, 0),
				      FK_VMPAGES);
	if (rc)
		return rc;
	w->cfg.ops = &fk_ops;
	w->cfg.ctx = w;
	w->cfg.ms = &w->ms;
	w->cfg.tx = w->hyp_tx;
	w->cfg.rx = w->hyp_rx;
	w->cfg.tx_pa = FK_HYP_PA(0);
	w->cfg.rx_pa = FK_HYP_PA(1);
	w->cfg.buf_pages = 1;
	rc = ffa_proxy_init(&w->proxy, &w->cfg);
	for (v = 0; !rc && v < FK_NVM; v++)
		rc = ffa_vm_init(&w->proxy, &w->vm[v], (uint16_t)(v + 1),
				 (mem_id_t)(v + 1));
	return rc;
}

int fk_world_init(struct fk_world *w, void (*setup)(struct fk_spmc *sp))
{
	memset(w->dirty, 0, sizeof(w->dirty));
	memset(w->mem, 0, sizeof(w->mem));
	return world_setup(w, setup);
}

/* The states world_setup() left, kept by fk_world_reinit(), per @setup. */
static struct fk_tmpl {
	const struct fk_world *w;
	void (*setup)(struct fk_spmc *sp);
	uint8_t img[offsetof(struct fk_world, dirty)];
} fk_tmpl[4];

/*
 * The world holds pointers into itself (mem_share's page array, the ops'
 * context), so a byte copy restored at the same address is exact.
 */
int fk_world_reinit(struct fk_world *w, void (*setup)(struct fk_spmc *sp))
{
	struct fk_tmpl *t = NULL;
	unsigned int v, pg, i;
	int rc;

	for (v = 0; v < FK_NVM; v++) {
		for (pg = 0; pg < FK_VMPAGES; pg++)
			if (w->dirty[v] >> pg & 1)
				memset(w->mem[v] + pg * 4096, 0, 4096);
		w->dirty[v] = 0;
	}
	for (i = 0; i < ARRAY_SIZE(fk_tmpl); i++) {
		if (fk_tmpl[i].w == w && fk_tmpl[i].setup == setup) {
			memcpy(w, fk_tmpl[i].img, sizeof(fk_tmpl[i].img));
			return 0;
		}
		if (!t && !fk_tmpl[i].w)
			t = &fk_tmpl[i];
	}
	rc = world_setup(w, setup);
	if (!rc && t) {
		t->w = w;
		t->setup = setup;
		memcpy(t->img, w, sizeof(t->img));
	}
	return rc;
}

void fk_call(struct fk_world *w, int v, struct ffa_regs *r)
{
	int rc = ffa_handle_call(&w->proxy, &w->vm[v], r);

	if (rc) { /* not FF-A: what arch/ would route elsewhere */
		memset(r, 0, sizeof(*r));
		r->x[0] = (uint64_t)(int64_t)rc;
	}
}

size_t fk_build_desc(uint8_t *buf, size_t cap, uint32_t version,
		     uint16_t sender, const uint16_t *recv, uint32_t nrecv,
		     uint8_t perms, uint16_t attrs, uint32_t flags,
		     const struct fk_range *ranges, uint32_t nranges)
{
	bool v10 = version < FFA_VERSION_1_1;
	size_t hdr = v10 ? 32 : 48, comp = hdr + 16 * (size_t)nrecv;
	size_t len = comp + 16 + 16 * (size_t)nranges;
	uint32_t i, total = 0;

	if (len > cap)
		return 0;
	memset(buf, 0, len);
	ffa_put16(buf, sender);
	if (v10)
		buf[2] = (uint8_t)attrs;
	else
		ffa_put16(buf + 2, attrs);
	ffa_put32(buf + 4, flags);
	ffa_put32(buf + 28, nrecv);
	if (!v10) {
		ffa_put32(buf + 24, 16);
		ffa_put32(buf + 32, (uint32_t)hdr);
	}
	for (i = 0; i < nrecv; i++) {
		uint8_t *e = buf + hdr + 16 * i;

		ffa_put16(e, recv[i]);
		e[2] = perms;
		ffa_put32(e + 4, (uint32_t)comp);
	}
	for (i = 0; i < nranges; i++) {
		uint8_t *r = buf + comp + 16 + 16 * i;

		ffa_put64(r, ranges[i].addr);
		ffa_put32(r + 8, ranges[i].npages);
		total += ranges[i].npages;
	}
	ffa_put32(buf + comp, total);
	ffa_put32(buf + comp + 4, nranges);
	return len;
}

unsigned int fk_sp_handles(const struct fk_world *w)
{
	unsigned int i, n = 0;

	for (i = 0; i < FK_MAX_SP_HANDLES; i++)
		n += w->sp.h[i].used;
	return n;
}

/* Mark every page the proxy's records still hold for the secure side. */
static void record_pages(struct fk_world *w, bool *in_rec)
{
	unsigned int i, j;
	uint64_t k;

	memset(in_rec, 0, FK_NPAGES * sizeof(*in_rec));
	for (i = 0; i < FFA_MAX_HANDLES; i++) {
		const struct ffa_handle_rec *rec = &w->proxy.recs[i];

		if (!rec->used)
			continue;
		for (j = rec->nrestored; j < rec->nruns; j++)
			for (k = 0; k < rec->runs[j].npages; k++) {
				uint64_t pa = rec->runs[j].pa + k * 4096;

				if (pa >= FK_BASE &&
				    pa < FK_BASE + FK_NPAGES * 4096ULL)
					in_rec[(pa - FK_BASE) / 4096] = true;
			}
	}
}

/* What identity @id may do with a page, from the page's record. */
static unsigned int access_of(const struct mem_page *info, mem_id_t id)
{
	unsigned int b;

	if (info->owner == id)
		return info->state == MEM_LENT ? 0 : MEM_PERM_RWX;
	for (b = 0; b < info->nborrowers; b++)
		if (info->borrowers[b].id == id)
			return info->borrowers[b].perms;
	return 0;
}

/*
 * Each page's record read once (directly: this runs after every step of
 * every fuzz input, and asking mem_share_query() seven times per page made
 * it 80% of a fuzz target's time), every identity's access derived from
 * it by the rules of mem_share.h and compared with the fake stage-2.
 */
const char *fk_check_invariants(struct fk_world *w)
{
	static char why[160];
	unsigned int pg, id, v, nrec = 0, pins = 0, want_pins = 0, i;
	static const mem_id_t ids[FK_NID] = { 0, 1, 2, 3, MEM_ID_SECURE };
	bool in_rec[FK_NPAGES];

	record_pages(w, in_rec);
	for (pg = 0; pg < FK_NPAGES; pg++) {
		const struct mem_page *info = &w->pages[pg];
		bool sec = access_of(info, MEM_ID_SECURE) > 0;
		if (sec != in_rec[pg]) {
			snprintf(why, sizeof(why),
				 "page %u: secure access %d but records say %d",
				 pg, sec, !sec);
			return why;
		}
		for (id = 0; id < FK_NID; id++) {
			unsigned int acc = access_of(info, ids[id]);

			if (acc != w->s2[id][pg]) {
				snprintf(why, sizeof(why),
					 "page %u id %u: stage-2 %u, model %u",
					 pg, id, w->s2[id][pg], acc);
				return why;
			}
		}
		pins += info->pins;
	}
	for (i = 0; i < FFA_MAX_HANDLES; i++) {
		const struct ffa_handle_rec *rec = &w->proxy.recs[i];

		if (!rec->used || rec->released)
			continue; /* released: only the local part is left */
		nrec++;
		if (sp_find(&w->sp, rec->handle) < 0)
			return "recorded handle unknown to the secure side";
	}
	if (nrec != fk_sp_handles(w))
		return "secure side holds handles the proxy did not record";
	for (v = 0, i = 0; v < FK_NVM; v++)
		if (w->vm[v].mapped) {
			want_pins += 2 * w->vm[v].npages;
			i += 2;
		}
	if (pins != want_pins)
		return "pins do not match the mapped RX/TX buffers";
	if ((unsigned int)w->maps != i)
		return "map_guest calls do not match the mapped buffers";
	if (w->sp.rx_busy)
		return "hypervisor RX not released";
	if (w->ms.undo_failures)
		return "mem_share undo failures";
	return NULL;
}
