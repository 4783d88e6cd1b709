/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FF-A call dispatch: the single table of functions the proxy offers, the
 * FFA_FEATURES answers derived from it, proxy bring-up, and the one place
 * where -E codes become FF-A error codes.
 */
#include "ffa/ffa.h"

#include "common/errno.h"
#include "common/string.h"
#include "ffa/ffa_priv.h"

/* Function attributes in the table. */
#define FN_SECURE 0x1u /* needs the secure side (asked with FFA_FEATURES) */
#define FN_NOLOCK 0x2u /* runs without vm->lock: touches no VM state */

struct ffa_fn {
	uint32_t fid;
	uint32_t min_version; /* both the VM and the secure side need it */
	uint32_t attrs;
	ffa_handler_fn handler;
};

static int do_features(struct ffa_proxy *p, struct ffa_vm *vm,
		       struct ffa_regs *r);

/*
 * Everything a VM may call. Any other function id in the FF-A range is
 * answered NOT_SUPPORTED, and so is a function the secure side did not
 * confirm at init or that the VM's negotiated version lacks.
 */
static const struct ffa_fn ffa_fns[] = {
	{ FFA_VERSION, FFA_VERSION_1_0, 0, ffa_do_version },
	{ FFA_FEATURES, FFA_VERSION_1_0, 0, do_features },
	{ FFA_ID_GET, FFA_VERSION_1_0, 0, ffa_do_id_get },
	{ FFA_RXTX_MAP_32, FFA_VERSION_1_0, 0, ffa_do_rxtx_map },
	{ FFA_RXTX_MAP_64, FFA_VERSION_1_0, 0, ffa_do_rxtx_map },
	{ FFA_RXTX_UNMAP, FFA_VERSION_1_0, 0, ffa_do_rxtx_unmap },
	{ FFA_RX_RELEASE, FFA_VERSION_1_0, 0, ffa_do_rx_release },
	{ FFA_PARTITION_INFO_GET, FFA_VERSION_1_0, FN_SECURE, ffa_do_part_info },
	{ FFA_MSG_SEND_DIRECT_REQ_32, FFA_VERSION_1_0, FN_SECURE | FN_NOLOCK,
	  ffa_do_direct_req },
	{ FFA_MSG_SEND_DIRECT_REQ_64, FFA_VERSION_1_0, FN_SECURE | FN_NOLOCK,
	  ffa_do_direct_req },
	{ FFA_MSG_SEND_DIRECT_RESP_32, FFA_VERSION_1_0, 0, ffa_do_direct_resp },
	{ FFA_MSG_SEND_DIRECT_RESP_64, FFA_VERSION_1_0, 0, ffa_do_direct_resp },
	{ FFA_MEM_SHARE_32, FFA_VERSION_1_0, FN_SECURE, ffa_do_mem_xfer },
	{ FFA_MEM_SHARE_64, FFA_VERSION_1_0, FN_SECURE, ffa_do_mem_xfer },
	{ FFA_MEM_LEND_32, FFA_VERSION_1_0, FN_SECURE, ffa_do_mem_xfer },
	{ FFA_MEM_LEND_64, FFA_VERSION_1_0, FN_SECURE, ffa_do_mem_xfer },
	{ FFA_MEM_FRAG_TX, FFA_VERSION_1_0, 0, ffa_do_mem_frag_tx },
	{ FFA_MEM_RECLAIM, FFA_VERSION_1_0, FN_SECURE, ffa_do_mem_reclaim },
	{ FFA_SPM_ID_GET, FFA_VERSION_1_1, FN_SECURE, ffa_do_spm_id_get },
	{ FFA_PARTITION_INFO_GET_REGS, FFA_VERSION_1_2, FN_SECURE,
	  ffa_do_part_info_regs },
	{ FFA_MSG_SEND_DIRECT_REQ2, FFA_VERSION_1_2, FN_SECURE | FN_NOLOCK,
	  ffa_do_direct_req },
	{ FFA_MSG_SEND_DIRECT_RESP2, FFA_VERSION_1_2, 0, ffa_do_direct_resp },
};

_Static_assert(ARRAY_SIZE(ffa_fns) <= FFA_MAX_FEATURES,
	       "features table too small");

/* ---- error codes ---- */

int32_t ffa_errno_to_ffa(int err)
{
	switch (err) {
	case -EOPNOTSUPP:
	case -ENODEV:
		return FFA_RET_NOT_SUPPORTED;
	case -EINVAL:
	case -ERANGE:
	case -EOVERFLOW:
	case -ENOENT:
		return FFA_RET_INVALID_PARAMETERS;
	case -ENOMEM:
	case -ENOSPC:
	case -E2BIG:
		return FFA_RET_NO_MEMORY;
	case -EBUSY:
		return FFA_RET_BUSY;
	case -EINTR:
		return FFA_RET_INTERRUPTED;
	case -EPERM:
	case -EACCES:
	case -EEXIST:
	case -EALREADY:
		return FFA_RET_DENIED;
	case -EAGAIN:
		return FFA_RET_RETRY;
	case -ENODATA:
		return FFA_RET_NO_DATA;
	default:
		return FFA_RET_ABORTED; /* -ECANCELED, -EFAULT, the unexpected */
	}
}

int ffa_ffa_to_errno(int64_t code)
{
	switch (code) {
	case FFA_RET_NOT_SUPPORTED:
		return -EOPNOTSUPP;
	case FFA_RET_INVALID_PARAMETERS:
		return -EINVAL;
	case FFA_RET_NO_MEMORY:
		return -ENOMEM;
	case FFA_RET_BUSY:
		return -EBUSY;
	case FFA_RET_INTERRUPTED:
		return -EINTR;
	case FFA_RET_DENIED:
		return -EPERM;
	case FFA_RET_RETRY:
		return -EAGAIN;
	case FFA_RET_NO_DATA:
		return -ENODATA;
	default:
		return -ECANCELED; /* ABORTED, or not an FF-A error at all */
	}
}

/* ---- helpers ---- */

uint64_t ffa_arg(const struct ffa_regs *r, unsigned int i)
{
	if (r->x[0] & FFA_SMC64_BIT)
		return r->x[i];
	return (uint32_t)r->x[i];
}

static void clear_results(struct ffa_regs *r)
{
	unsigned int i;

	/* x8..x17 are preserved unless a 1.2 call uses them. */
	for (i = 1; i < 8; i++)
		r->x[i] = 0;
}

void ffa_set_success(struct ffa_regs *r, uint64_t w2, uint64_t w3)
{
	clear_results(r);
	r->x[0] = FFA_SUCCESS_32;
	r->x[2] = w2;
	r->x[3] = w3;
}

static void set_error(struct ffa_regs *r, int err)
{
	clear_results(r);
	r->x[0] = FFA_ERROR;
	r->x[2] = (uint32_t)ffa_errno_to_ffa(err);
}

int ffa_smc(struct ffa_proxy *p, const struct ffa_regs *in,
	    struct ffa_regs *out)
{
	memset(out, 0, sizeof(*out));
	return p->cfg.ops->smc(p->cfg.ctx, in, out);
}

int ffa_smc_status(const struct ffa_regs *out)
{
	uint32_t fid = (uint32_t)out->x[0];
	int32_t code = (int32_t)(uint32_t)out->x[2];

	if (fid == FFA_SUCCESS_32 || fid == FFA_SUCCESS_64)
		return 0;
	/* Known codes only: an earlier OP-TEE put one in x1 and left x2 0. */
	if (fid == FFA_ERROR && code >= FFA_RET_NO_DATA && code < 0)
		return ffa_ffa_to_errno(code);
	return -ECANCELED;
}

void ffa_guest_warn(struct ffa_proxy *p, struct ffa_vm *vm, uint32_t fid,
		    int err)
{
	uint64_t now = p->cfg.now ? p->cfg.now(p->cfg.ctx) : vm->ncalls;

	zlog_ratelimited(&vm->rl, now, ZLOG_WARN,
			 "ffa: vm %u: call %#x refused: error %d",
			 (unsigned int)vm->id, (unsigned int)fid,
			 (int)ffa_errno_to_ffa(err));
}

void ffa_lock_mem(struct ffa_proxy *p)
{
	spin_lock(&p->lock);
	if (p->cfg.ms_lock)
		spin_lock(p->cfg.ms_lock);
}

void ffa_unlock_mem(struct ffa_proxy *p)
{
	if (p->cfg.ms_lock)
		spin_unlock(p->cfg.ms_lock);
	spin_unlock(&p->lock);
}

int ffa_find_partition(const struct ffa_proxy *p, uint16_t id)
{
	uint32_t i;

	for (i = 0; i < p->nparts; i++)
		if (p->parts[i].id == id)
			return (int)i;
	return -1;
}

bool ffa_is_ffa_call(uint64_t fid)
{
	uint32_t f = (uint32_t)fid & ~FFA_SMC64_BIT;

	/* Fast SMC, standard secure service, function numbers 0x60..0xff. */
	return (fid >> 32) == 0 && f >= 0x84000060u && f <= 0x840000ffu;
}

/* ---- the table ---- */

static int find_fn(uint32_t fid)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ffa_fns); i++)
		if (ffa_fns[i].fid == fid)
			return (int)i;
	return -1;
}

/* Index of @fid if @vm may call it now, or -1. */
static int offered(const struct ffa_proxy *p, const struct ffa_vm *vm,
		   uint32_t fid)
{
	int i = find_fn(fid);

	if (i < 0 || !p->features[i].available ||
	    vm->version < ffa_fns[i].min_version)
		return -1;
	return i;
}

static int do_features(struct ffa_proxy *p, struct ffa_vm *vm,
		       struct ffa_regs *r)
{
	uint32_t id = (uint32_t)r->x[1];
	int i;

	/* Feature ids (bit 31 clear: interrupts, notifications): none. */
	if (!(id & 0x80000000u))
		return -EOPNOTSUPP;
	i = offered(p, vm, id);
	if (i < 0)
		return -EOPNOTSUPP;
	ffa_set_success(r, p->features[i].props, 0);
	return 0;
}

/* Ask the secure side which of the table's functions it supports. */
static void probe_features(struct ffa_proxy *p)
{
	struct ffa_regs in, out;
	bool share = false;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ffa_fns); i++) {
		struct ffa_feature *f = &p->features[i];

		f->fid = ffa_fns[i].fid;
		f->props = 0;
		f->available = p->sec_version >= ffa_fns[i].min_version;
		if (!f->available || !(ffa_fns[i].attrs & FN_SECURE))
			continue;
		memset(&in, 0, sizeof(in));
		in.x[0] = FFA_FEATURES;
		in.x[1] = ffa_fns[i].fid;
		f->available = ffa_smc(p, &in, &out) == 0 &&
			       ffa_smc_status(&out) == 0;
		if (f->available)
			f->props = (uint32_t)out.x[2];
		if (f->available && (f->fid == FFA_MEM_SHARE_32 ||
				     f->fid == FFA_MEM_SHARE_64 ||
				     f->fid == FFA_MEM_LEND_32 ||
				     f->fid == FFA_MEM_LEND_64))
			share = true;
	}
	/* Fragments only make sense when some transfer is offered. */
	p->features[find_fn(FFA_MEM_FRAG_TX)].available = share;
	p->nfeatures = ARRAY_SIZE(ffa_fns);
}

int ffa_proxy_init(struct ffa_proxy *p, const struct ffa_config *cfg)
{
	const struct ffa_ops *ops;
	struct ffa_regs in, out;
	int rc;

	if (!p || !cfg || !cfg->ops || !cfg->ms || !cfg->tx || !cfg->rx ||
	    cfg->buf_pages == 0 || cfg->buf_pages > 0x3f ||
	    cfg->tx_pa % FFA_PAGE_SIZE || cfg->rx_pa % FFA_PAGE_SIZE)
		return -EINVAL;
	ops = cfg->ops;
	if (!ops->smc || !ops->map_guest || !ops->unmap_guest ||
	    !ops->ipa_to_pa)
		return -EINVAL;
	memset(p, 0, sizeof(*p));
	p->cfg = *cfg;
	spin_lock_init(&p->lock);
	spin_lock_init(&p->tx_lock);
	spin_lock_init(&p->rx_lock);

	rc = ffa_version_secure(p);
	if (rc)
		return rc;
	/* The secure side must see the hypervisor as endpoint 0. */
	memset(&in, 0, sizeof(in));
	in.x[0] = FFA_ID_GET;
	rc = ffa_smc(p, &in, &out);
	if (!rc)
		rc = ffa_smc_status(&out);
	if (rc)
		return rc;
	if ((uint16_t)out.x[2] != 0) {
		log_err("ffa: secure side calls the hypervisor %u, not 0",
			(unsigned int)(uint16_t)out.x[2]);
		return -EOPNOTSUPP;
	}
	memset(&in, 0, sizeof(in));
	in.x[0] = FFA_RXTX_MAP_64;
	in.x[1] = cfg->tx_pa;
	in.x[2] = cfg->rx_pa;
	in.x[3] = cfg->buf_pages;
	rc = ffa_smc(p, &in, &out);
	if (!rc)
		rc = ffa_smc_status(&out);
	if (rc)
		return rc;
	rc = ffa_part_info_probe(p);
	if (rc)
		log_warn("ffa: no partition list from the secure side (%d)",
			 rc);
	probe_features(p);
	log_info("ffa: secure side v%u.%u, %u partition(s)",
		 (unsigned int)FFA_VERSION_MAJOR(p->sec_version),
		 (unsigned int)FFA_VERSION_MINOR(p->sec_version),
		 (unsigned int)p->nparts);
	return 0;
}

int ffa_handle_call(struct ffa_proxy *p, struct ffa_vm *vm,
		    struct ffa_regs *r)
{
	uint32_t fid;
	int i, rc;

	if (!ffa_is_ffa_call(r->x[0]))
		return -ENOENT;
	fid = (uint32_t)r->x[0];
	spin_lock(&vm->lock);
	vm->ncalls++;
	i = offered(p, vm, fid);
	if (i < 0) {
		rc = -EOPNOTSUPP;
	} else if (vm->destroying) {
		rc = -EPERM;
	} else {
		rc = 0;
		/* Partitions that asked to hear of VMs hear before they act. */
		if (ffa_fns[i].attrs & FN_SECURE)
			rc = ffa_vm_announce(p, vm);
		if (!rc && (ffa_fns[i].attrs & FN_NOLOCK)) {
			spin_unlock(&vm->lock);
			rc = ffa_fns[i].handler(p, vm, r);
			spin_lock(&vm->lock);
		} else if (!rc) {
			rc = ffa_fns[i].handler(p, vm, r);
		}
	}
	if (rc) {
		if (rc != -EOPNOTSUPP)
			ffa_guest_warn(p, vm, fid, rc);
		set_error(r, rc);
	}
	spin_unlock(&vm->lock);
	return 0;
}
