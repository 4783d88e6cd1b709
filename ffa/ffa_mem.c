/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory transactions: FFA_MEM_SHARE and FFA_MEM_LEND (32/64), the
 * FFA_MEM_FRAG_TX fragments of large descriptors, FFA_MEM_RECLAIM.
 *
 * A descriptor is copied once out of the VM's TX buffer into vm->desc
 * (fragments are assembled there) and validated as a whole. Then every
 * page is translated and checked in mem_share, the ownership changes, and
 * only then is the translated descriptor sent on; if the secure side
 * refuses, the ownership change is undone exactly. The handle it returns
 * is recorded with its owner; only that VM may reclaim it, and its pages
 * come back only after the secure side agreed.
 */
#include "common/errno.h"
#include "common/string.h"
#include "ffa/ffa_mem_desc.h"
#include "ffa/ffa_priv.h"

/* Handles of pending fragment assemblies: never a secure-side handle. */
#define FRAG_HANDLE_TAG (1ULL << 63)

static bool is_lend(uint32_t fid)
{
	return (fid & ~FFA_SMC64_BIT) == FFA_MEM_LEND_32;
}

static struct ffa_handle_rec *find_rec(struct ffa_proxy *p, uint64_t handle)
{
	uint32_t i;

	for (i = 0; i < FFA_MAX_HANDLES; i++)
		if (p->recs[i].used && p->recs[i].handle == handle)
			return &p->recs[i];
	return NULL;
}

static struct ffa_handle_rec *free_rec(struct ffa_proxy *p)
{
	uint32_t i;

	for (i = 0; i < FFA_MAX_HANDLES; i++)
		if (!p->recs[i].used)
			return &p->recs[i];
	return NULL;
}

/* Can @vm hand the page at @pa over? (Checked before anything changes.) */
static int check_page(struct ffa_proxy *p, struct ffa_vm *vm, uint64_t pa,
		      bool lend)
{
	struct mem_page_info info;
	unsigned int i;

	if (mem_share_query(p->cfg.ms, vm->mem_id, pa, &info))
		return -EINVAL;
	/* Pinned pages are RX/TX buffers the proxy uses. */
	if (info.pins)
		return -EPERM;
	if (info.view == MEM_VIEW_OWNED)
		return 0;
	if (lend || info.view != MEM_VIEW_SHARED_OWNED)
		return -EPERM; /* not the VM's, lent, or borrowed */
	for (i = 0; i < info.nborrowers; i++)
		if (info.borrowers[i].id == MEM_ID_SECURE)
			return -EPERM; /* shared twice */
	return 0;
}

/*
 * Translate every range of @d into physical runs in p->runs, merging
 * contiguous pages, checking each page. Nothing changes here.
 */
static int translate(struct ffa_proxy *p, struct ffa_vm *vm,
		     const struct ffa_desc *d, bool lend, uint32_t *nruns)
{
	uint32_t i, n = 0;
	uint64_t k;
	int rc;

	if (d->total_pages > FFA_MAX_XFER_PAGES)
		return -ENOMEM;
	for (i = 0; i < d->nranges; i++) {
		uint64_t ipa, pa;
		uint32_t npages;

		ffa_desc_range(d, i, &ipa, &npages);
		for (k = 0; k < npages; k++) {
			rc = p->cfg.ops->ipa_to_pa(p->cfg.ctx, vm,
						   ipa + k * FFA_PAGE_SIZE, &pa);
			if (rc)
				return -EINVAL; /* not the VM's memory */
			rc = check_page(p, vm, pa, lend);
			if (rc)
				return rc;
			if (n && p->runs[n - 1].pa +
					 p->runs[n - 1].npages * FFA_PAGE_SIZE == pa) {
				p->runs[n - 1].npages++;
				continue;
			}
			if (n == FFA_MAX_RUNS)
				return -ENOMEM;
			p->runs[n].pa = pa;
			p->runs[n].npages = 1;
			n++;
		}
	}
	*nruns = n;
	return 0;
}

/*
 * Undo the ownership change of runs [0, n) in order; returns how many were
 * given back (n unless a stage-2 hook failed).
 */
static uint32_t give_back(struct ffa_proxy *p, mem_id_t owner, bool lend,
			  const struct ffa_run *runs, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		int rc = lend ? mem_share_reclaim(p->cfg.ms, owner, runs[i].pa,
						  runs[i].npages)
			      : mem_share_unshare(p->cfg.ms, owner,
						  MEM_ID_SECURE, runs[i].pa,
						  runs[i].npages);
		if (rc)
			break;
	}
	return i;
}

/* Runs [0, *handed) get @owner's pages over to the secure side. */
static int hand_over(struct ffa_proxy *p, mem_id_t owner, bool lend,
		     unsigned int perms, uint32_t nruns, uint32_t *handed)
{
	uint32_t i;
	int rc = 0;

	for (i = 0; i < nruns; i++) {
		const struct ffa_run *run = &p->runs[i];

		rc = lend ? mem_share_lend(p->cfg.ms, owner, MEM_ID_SECURE,
					   run->pa, run->npages, perms)
			  : mem_share_share(p->cfg.ms, owner, MEM_ID_SECURE,
					    run->pa, run->npages, perms);
		if (rc)
			break;
	}
	*handed = i;
	return rc;
}

/*
 * A rollback that failed half-way (a stage-2 hook failed while undoing)
 * leaves pages with the secure side in mem_share that the secure side
 * never got. Park them in @rec as already released, so the owner's
 * teardown (or a reclaim of FFA_HANDLE_INVALID) finishes giving them back.
 */
static void park(struct ffa_handle_rec *rec, const struct ffa_vm *vm,
		 bool lend, const struct ffa_run *runs, uint32_t n,
		 uint32_t done)
{
	memset(rec, 0, sizeof(*rec));
	rec->used = true;
	rec->lend = lend;
	rec->released = true;
	rec->owner = vm->id;
	rec->mem_id = vm->mem_id;
	rec->handle = FFA_HANDLE_INVALID;
	rec->nruns = n;
	rec->nrestored = done;
	memcpy(rec->runs, runs, sizeof(runs[0]) * n);
	log_err("ffa: vm %u: rollback incomplete, %u run(s) parked",
		(unsigned int)vm->id, (unsigned int)(n - done));
}

/* Send the translated descriptor (p->xbuf, @len bytes) to the secure side. */
static int send_desc(struct ffa_proxy *p, uint32_t fid, size_t len,
		     uint64_t *handle)
{
	struct ffa_regs in, out;
	int rc;

	spin_lock(&p->tx_lock);
	memcpy(p->cfg.tx, p->xbuf, len);
	memset(&in, 0, sizeof(in));
	in.x[0] = fid;
	in.x[1] = len;
	in.x[2] = len;
	rc = ffa_smc(p, &in, &out);
	spin_unlock(&p->tx_lock);
	if (!rc)
		rc = ffa_smc_status(&out);
	if (rc)
		return rc;
	*handle = (uint32_t)out.x[2] | ((uint64_t)(uint32_t)out.x[3] << 32);
	return 0;
}

/* The whole descriptor is in vm->desc: validate, hand over, send on. */
static int xfer_whole(struct ffa_proxy *p, struct ffa_vm *vm,
		      struct ffa_regs *r, uint32_t fid, uint32_t len)
{
	bool lend = is_lend(fid);
	struct ffa_handle_rec *rec;
	unsigned int perms = 0;
	struct ffa_desc d;
	uint64_t handle = 0;
	uint32_t i, nruns = 0, handed = 0, done;
	size_t xlen = 0;
	int rc;

	/* check all */
	rc = ffa_desc_parse(vm->desc, len, vm->version, lend, &d);
	if (rc)
		return rc;
	if (d.sender != vm->id)
		return -EINVAL;
	for (i = 0; i < d.nrecv; i++) {
		if (ffa_find_partition(p, d.recv[i].id) < 0)
			return -EINVAL;
		perms |= MEM_PERM_R;
		if ((d.recv[i].perms & FFA_PERM_DATA_MASK) == FFA_PERM_DATA_RW)
			perms |= MEM_PERM_W;
	}
	ffa_lock_mem(p);
	rec = free_rec(p);
	if (!rec) {
		rc = -ENOMEM;
		goto out;
	}
	rc = translate(p, vm, &d, lend, &nruns);
	if (rc)
		goto out;
	rc = ffa_desc_write(p->xbuf, sizeof(p->xbuf), p->sec_version, &d,
			    p->runs, nruns, &xlen);
	if (!rc && xlen > (size_t)p->cfg.buf_pages * FFA_PAGE_SIZE)
		rc = -ENOMEM;
	if (rc)
		goto out;
	/* act */
	rc = hand_over(p, vm->mem_id, lend, perms, nruns, &handed);
	if (rc)
		goto undo;
	rc = send_desc(p, fid, xlen, &handle);
	if (rc)
		goto undo;
	if (handle == FFA_HANDLE_INVALID || (handle & FRAG_HANDLE_TAG) ||
	    find_rec(p, handle)) {
		/*
		 * The secure side took the memory under a handle we cannot
		 * track: the pages stay with it (safer than giving them back
		 * to the VM while a partition may still map them).
		 */
		log_err("ffa: secure side returned unusable handle %#llx",
			(unsigned long long)handle);
		rc = -ECANCELED;
		goto out;
	}
	memset(rec, 0, sizeof(*rec));
	rec->used = true;
	rec->lend = lend;
	rec->owner = vm->id;
	rec->mem_id = vm->mem_id;
	rec->handle = handle;
	rec->nruns = nruns;
	memcpy(rec->runs, p->runs, sizeof(p->runs[0]) * nruns);
	ffa_unlock_mem(p);
	ffa_set_success(r, (uint32_t)handle, (uint32_t)(handle >> 32));
	return 0;

undo:
	done = give_back(p, vm->mem_id, lend, p->runs, handed);
	if (done < handed) {
		park(rec, vm, lend, p->runs, handed, done);
		rc = -ECANCELED; /* not as before: ABORTED */
	}
out:
	ffa_unlock_mem(p);
	return rc;
}

/* Answer FFA_MEM_FRAG_RX: send the next fragment from offset vm->frag_got. */
static void ask_next_fragment(struct ffa_vm *vm, struct ffa_regs *r)
{
	unsigned int i;

	for (i = 1; i < 8; i++)
		r->x[i] = 0;
	r->x[0] = FFA_MEM_FRAG_RX;
	r->x[1] = (uint32_t)vm->frag_handle;
	r->x[2] = (uint32_t)(vm->frag_handle >> 32);
	r->x[3] = vm->frag_got;
}

int ffa_do_mem_xfer(struct ffa_proxy *p, struct ffa_vm *vm, struct ffa_regs *r)
{
	uint32_t fid = (uint32_t)r->x[0];
	uint32_t total = (uint32_t)r->x[1], frag = (uint32_t)r->x[2];
	uint64_t addr = ffa_arg(r, 3);
	uint32_t count = (uint32_t)r->x[4];

	/* check all: descriptors come in the TX buffer only */
	if (addr || count)
		return -EINVAL;
	if (!vm->mapped)
		return -EPERM;
	if (vm->frag_pending)
		return -EBUSY;
	if (frag == 0 || frag > total ||
	    frag > (uint64_t)vm->npages * FFA_PAGE_SIZE)
		return -EINVAL;
	if (total > FFA_DESC_MAX)
		return -ENOMEM;
	/* act: the one copy out of guest-visible memory */
	memcpy(vm->desc, vm->tx, frag);
	if (frag == total)
		return xfer_whole(p, vm, r, fid, total);
	vm->frag_pending = true;
	vm->frag_lend = is_lend(fid);
	vm->frag_64 = (fid & FFA_SMC64_BIT) != 0;
	vm->frag_total = total;
	vm->frag_got = frag;
	vm->frag_seq++;
	vm->frag_handle = FRAG_HANDLE_TAG | ((uint64_t)vm->id << 32) |
			  vm->frag_seq;
	ask_next_fragment(vm, r);
	return 0;
}

int ffa_do_mem_frag_tx(struct ffa_proxy *p, struct ffa_vm *vm,
		       struct ffa_regs *r)
{
	uint64_t handle = (uint32_t)r->x[1] | ((uint64_t)(uint32_t)r->x[2] << 32);
	uint32_t len = (uint32_t)r->x[3];
	uint16_t sender = (uint16_t)((uint32_t)r->x[4] >> 16);
	uint32_t fid;

	if (!vm->frag_pending || handle != vm->frag_handle ||
	    (sender != 0 && sender != vm->id))
		return -EINVAL; /* not this VM's transaction: it goes on */
	if (!vm->mapped || len == 0 || len > vm->frag_total - vm->frag_got ||
	    len > (uint64_t)vm->npages * FFA_PAGE_SIZE) {
		vm->frag_pending = false; /* a bad fragment aborts it all */
		return vm->mapped ? -EINVAL : -EPERM;
	}
	memcpy(vm->desc + vm->frag_got, vm->tx, len);
	vm->frag_got += len;
	if (vm->frag_got < vm->frag_total) {
		ask_next_fragment(vm, r);
		return 0;
	}
	vm->frag_pending = false;
	fid = vm->frag_lend ? FFA_MEM_LEND_32 : FFA_MEM_SHARE_32;
	if (vm->frag_64)
		fid |= FFA_SMC64_BIT;
	return xfer_whole(p, vm, r, fid, vm->frag_total);
}

/* Secure side first, then the pages; resumable if the second part fails. */
static int reclaim_rec(struct ffa_proxy *p, struct ffa_handle_rec *rec,
		       uint32_t flags)
{
	struct ffa_regs in, out;
	int rc;

	if (!rec->released) {
		memset(&in, 0, sizeof(in));
		in.x[0] = FFA_MEM_RECLAIM;
		in.x[1] = (uint32_t)rec->handle;
		in.x[2] = (uint32_t)(rec->handle >> 32);
		in.x[3] = flags;
		rc = ffa_smc(p, &in, &out);
		if (!rc)
			rc = ffa_smc_status(&out);
		if (rc)
			return rc;
		rec->released = true;
	}
	while (rec->nrestored < rec->nruns) {
		const struct ffa_run *run = &rec->runs[rec->nrestored];

		rc = rec->lend ? mem_share_reclaim(p->cfg.ms, rec->mem_id,
						   run->pa, run->npages)
			       : mem_share_unshare(p->cfg.ms, rec->mem_id,
						   MEM_ID_SECURE, run->pa,
						   run->npages);
		if (rc) {
			log_err("ffa: handle %#llx: giving pages back failed",
				(unsigned long long)rec->handle);
			return -ECANCELED;
		}
		rec->nrestored++;
	}
	memset(rec, 0, sizeof(*rec));
	return 0;
}

int ffa_do_mem_reclaim(struct ffa_proxy *p, struct ffa_vm *vm,
		       struct ffa_regs *r)
{
	uint64_t handle = (uint32_t)r->x[1] | ((uint64_t)(uint32_t)r->x[2] << 32);
	uint32_t flags = (uint32_t)r->x[3];
	struct ffa_handle_rec *rec;
	int rc;

	if (flags & ~FFA_FLAG_ZERO_MEMORY)
		return -EINVAL;
	ffa_lock_mem(p);
	rec = find_rec(p, handle);
	/* Another VM's handle looks like no handle at all. */
	if (!rec || rec->owner != vm->id ||
	    ((flags & FFA_FLAG_ZERO_MEMORY) && !rec->lend)) {
		rc = -EINVAL;
		goto out;
	}
	rc = reclaim_rec(p, rec, flags);
	if (!rc)
		ffa_set_success(r, 0, 0);
out:
	ffa_unlock_mem(p);
	return rc;
}

int ffa_mem_reclaim_all(struct ffa_proxy *p, struct ffa_vm *vm)
{
	int rc = 0;
	uint32_t i;

	for (i = 0; i < FFA_MAX_HANDLES; i++) {
		struct ffa_handle_rec *rec = &p->recs[i];
		int e;

		if (!rec->used || rec->owner != vm->id)
			continue;
		e = reclaim_rec(p, rec, 0);
		if (e && !rc)
			rc = e;
	}
	return rc;
}
