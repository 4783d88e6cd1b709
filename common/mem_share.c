/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory ownership and sharing. See common/mem_share.h for the rules.
 *
 * Every range transition goes through one engine, mem_transition():
 *   1. check:  validate the arguments, then every page (nothing changes);
 *   2. apply:  for each run of consecutive pages whose change is identical,
 *              call the hooks (a "plan" of up to a few map/unmap steps);
 *   3. commit: rewrite the page records, which cannot fail.
 * A failing hook in step 2 sends us back over exactly the calls made, in
 * reverse, before the records were ever touched.
 */
#include "common/mem_share.h"
#include "common/errno.h"

enum mem_op {
	OP_SHARE,
	OP_UNSHARE,
	OP_LEND,
	OP_RECLAIM,
	OP_DONATE,
};

struct mem_req {
	enum mem_op op;
	mem_id_t owner;  /* requester: must own every page */
	mem_id_t other;  /* borrower or recipient (unused for reclaim) */
	uint8_t perms;   /* for share and lend */
};

/*
 * One hook call. For a map step @perms is what is granted; for an unmap
 * step it is what the identity had, i.e. what undoing it maps back.
 */
struct mem_step {
	bool map;
	mem_id_t id;
	uint8_t perms;
};

/* Reclaiming a page shared with every slot takes one unmap per borrower. */
#define MEM_MAX_STEPS (MEM_MAX_BORROWERS > 2 ? MEM_MAX_BORROWERS : 2)

struct mem_plan {
	unsigned int n;
	struct mem_step s[MEM_MAX_STEPS];
};

/* ---- identities, permissions and ranges -------------------------------- */

static bool mem_id_valid(const struct mem_share *ms, mem_id_t id)
{
	return id == MEM_ID_HYP || id == MEM_ID_SECURE || id <= ms->max_vmid;
}

static bool mem_perms_valid(unsigned int perms)
{
	return perms != 0 && (perms & ~MEM_PERM_RWX) == 0;
}

/*
 * Turn [addr, npages) into the index of its first page, refusing zero or
 * unaligned ranges, sizes or ends that do not fit in 64 bits and anything
 * that sticks out of the managed region.
 */
static int mem_range(const struct mem_share *ms, uint64_t addr,
		     uint64_t npages, uint64_t *first)
{
	uint64_t size, off;

	if (npages == 0 || !IS_ALIGNED(addr, MEM_PAGE_SIZE))
		return -EINVAL;
	if (mul_overflows(npages, MEM_PAGE_SIZE, &size) ||
	    range_wraps(addr, size))
		return -EOVERFLOW;
	if (addr < ms->base)
		return -ERANGE;
	off = (addr - ms->base) >> MEM_PAGE_SHIFT;
	/* Written so that neither side can overflow. */
	if (off >= ms->npages || npages > ms->npages - off)
		return -ERANGE;
	*first = off;
	return 0;
}

static int mem_borrower_slot(const struct mem_page *p, mem_id_t id)
{
	for (unsigned int i = 0; i < p->nborrowers; i++)
		if (p->borrowers[i].id == id)
			return (int)i;
	return -1;
}

/* What @id may do with page @p, following the state rules in the header. */
static unsigned int mem_page_access(const struct mem_page *p, mem_id_t id)
{
	int slot;

	if (p->owner == id)
		return p->state == MEM_LENT ? 0 : MEM_PERM_RWX;
	slot = mem_borrower_slot(p, id);
	return slot < 0 ? 0 : p->borrowers[slot].perms;
}

/* ---- step 1: per-page checks ------------------------------------------- */

/*
 * Whether @req may change page @p. The order of the checks fixes which
 * error a page with several problems reports: ownership, then pins, then
 * the state the operation needs.
 */
static int mem_check_page(const struct mem_req *req, const struct mem_page *p)
{
	if (p->owner != req->owner)
		return -EPERM;
	if (p->pins)
		return -EBUSY;

	switch (req->op) {
	case OP_SHARE:
		if (p->state == MEM_LENT)
			return -EBUSY;
		if (mem_borrower_slot(p, req->other) >= 0)
			return -EEXIST;
		if (p->nborrowers >= MEM_MAX_BORROWERS)
			return -ENOSPC;
		return 0;
	case OP_UNSHARE:
		if (p->state != MEM_SHARED ||
		    mem_borrower_slot(p, req->other) < 0)
			return -ENOENT;
		return 0;
	case OP_LEND:
	case OP_DONATE:
		return p->state == MEM_OWNED ? 0 : -EBUSY;
	case OP_RECLAIM:
		return p->state == MEM_OWNED ? -ENOENT : 0;
	}
	return -EINVAL;
}

/* ---- step 2: hook plans, runs, apply and undo -------------------------- */

static void plan_add(struct mem_plan *pl, bool map, mem_id_t id,
		     unsigned int perms)
{
	pl->s[pl->n].map = map;
	pl->s[pl->n].id = id;
	pl->s[pl->n].perms = (uint8_t)perms;
	pl->n++;
}

/*
 * The hook calls page @p needs. Access is always removed before it is
 * granted to someone else, so a lent or donated page is never reachable
 * by two identities at once, not even for a moment.
 */
static void mem_plan_page(const struct mem_req *req, const struct mem_page *p,
			  struct mem_plan *pl)
{
	pl->n = 0;
	switch (req->op) {
	case OP_SHARE:
		plan_add(pl, true, req->other, req->perms);
		break;
	case OP_UNSHARE:
		plan_add(pl, false, req->other,
			 p->borrowers[mem_borrower_slot(p, req->other)].perms);
		break;
	case OP_LEND:
		plan_add(pl, false, req->owner, MEM_PERM_RWX);
		plan_add(pl, true, req->other, req->perms);
		break;
	case OP_DONATE:
		plan_add(pl, false, req->owner, MEM_PERM_RWX);
		plan_add(pl, true, req->other, MEM_PERM_RWX);
		break;
	case OP_RECLAIM:
		for (unsigned int i = 0; i < p->nborrowers; i++)
			plan_add(pl, false, p->borrowers[i].id,
				 p->borrowers[i].perms);
		if (p->state == MEM_LENT)
			plan_add(pl, true, req->owner, MEM_PERM_RWX);
		break;
	}
}

static bool mem_plan_eq(const struct mem_plan *a, const struct mem_plan *b)
{
	if (a->n != b->n)
		return false;
	for (unsigned int i = 0; i < a->n; i++)
		if (a->s[i].map != b->s[i].map || a->s[i].id != b->s[i].id ||
		    a->s[i].perms != b->s[i].perms)
			return false;
	return true;
}

static uint64_t mem_page_addr(const struct mem_share *ms, uint64_t idx)
{
	return ms->base + (idx << MEM_PAGE_SHIFT);
}

static int mem_step_do(struct mem_share *ms, const struct mem_step *s,
		       uint64_t idx, uint64_t n)
{
	uint64_t addr = mem_page_addr(ms, idx);

	if (s->map)
		return ms->ops->map(ms->ctx, s->id, addr, n, s->perms);
	return ms->ops->unmap(ms->ctx, s->id, addr, n);
}

static void mem_step_undo(struct mem_share *ms, const struct mem_step *s,
			  uint64_t idx, uint64_t n)
{
	uint64_t addr = mem_page_addr(ms, idx);
	int rc;

	if (s->map)
		rc = ms->ops->unmap(ms->ctx, s->id, addr, n);
	else
		rc = ms->ops->map(ms->ctx, s->id, addr, n, s->perms);
	if (rc)
		ms->undo_failures++;
}

/* Undo steps [0, nsteps) of @pl over [idx, idx + n), last step first. */
static void mem_plan_undo(struct mem_share *ms, const struct mem_plan *pl,
			  unsigned int nsteps, uint64_t idx, uint64_t n)
{
	while (nsteps--)
		mem_step_undo(ms, &pl->s[nsteps], idx, n);
}

/*
 * Undo every run of [start, end), last run first. Runs are maximal
 * stretches of equal plans, so scanning backwards finds the same runs the
 * forward pass used (nothing has changed the records in between).
 */
static void mem_undo_runs(struct mem_share *ms, const struct mem_req *req,
			  uint64_t start, uint64_t end)
{
	struct mem_plan pl, other;

	while (end > start) {
		uint64_t b = end - 1;

		mem_plan_page(req, &ms->pages[b], &pl);
		while (b > start) {
			mem_plan_page(req, &ms->pages[b - 1], &other);
			if (!mem_plan_eq(&pl, &other))
				break;
			b--;
		}
		mem_plan_undo(ms, &pl, pl.n, b, end - b);
		end = b;
	}
}

static int mem_apply(struct mem_share *ms, const struct mem_req *req,
		     uint64_t first, uint64_t npages)
{
	uint64_t end = first + npages, i = first;
	struct mem_plan pl, other;

	while (i < end) {
		uint64_t j = i + 1;

		mem_plan_page(req, &ms->pages[i], &pl);
		while (j < end) {
			mem_plan_page(req, &ms->pages[j], &other);
			if (!mem_plan_eq(&pl, &other))
				break;
			j++;
		}
		for (unsigned int s = 0; s < pl.n; s++) {
			int rc = mem_step_do(ms, &pl.s[s], i, j - i);

			if (rc) {
				/* The failed call may have done part of its range. */
				mem_plan_undo(ms, &pl, s + 1, i, j - i);
				mem_undo_runs(ms, req, first, i);
				return rc;
			}
		}
		i = j;
	}
	return 0;
}

/* ---- step 3: commit ---------------------------------------------------- */

static void mem_commit_page(const struct mem_req *req, struct mem_page *p)
{
	int slot;

	switch (req->op) {
	case OP_SHARE:
		p->borrowers[p->nborrowers].id = req->other;
		p->borrowers[p->nborrowers].perms = req->perms;
		p->nborrowers++;
		p->state = MEM_SHARED;
		break;
	case OP_UNSHARE:
		slot = mem_borrower_slot(p, req->other);
		for (unsigned int i = (unsigned int)slot + 1; i < p->nborrowers;
		     i++)
			p->borrowers[i - 1] = p->borrowers[i];
		p->nborrowers--;
		if (!p->nborrowers)
			p->state = MEM_OWNED;
		break;
	case OP_LEND:
		p->borrowers[0].id = req->other;
		p->borrowers[0].perms = req->perms;
		p->nborrowers = 1;
		p->state = MEM_LENT;
		break;
	case OP_RECLAIM:
		p->nborrowers = 0;
		p->state = MEM_OWNED;
		break;
	case OP_DONATE:
		p->owner = req->other;
		p->nborrowers = 0;
		p->state = MEM_OWNED;
		break;
	}
}

/* ---- the engine -------------------------------------------------------- */

static int mem_transition(struct mem_share *ms, const struct mem_req *req,
			  uint64_t addr, uint64_t npages)
{
	uint64_t first;
	int rc;

	if (!ms || !mem_id_valid(ms, req->owner))
		return -EINVAL;
	if (req->op != OP_RECLAIM &&
	    (!mem_id_valid(ms, req->other) || req->other == req->owner))
		return -EINVAL;
	if ((req->op == OP_SHARE || req->op == OP_LEND) &&
	    !mem_perms_valid(req->perms))
		return -EINVAL;
	rc = mem_range(ms, addr, npages, &first);
	if (rc)
		return rc;

	for (uint64_t i = first; i < first + npages; i++) {
		rc = mem_check_page(req, &ms->pages[i]);
		if (rc)
			return rc;
	}

	rc = mem_apply(ms, req, first, npages);
	if (rc)
		return rc;

	for (uint64_t i = first; i < first + npages; i++)
		mem_commit_page(req, &ms->pages[i]);
	return 0;
}

/* ---- public API -------------------------------------------------------- */

int mem_share_init(struct mem_share *ms, uint64_t base, uint64_t npages,
		   struct mem_page *pages, mem_id_t max_vmid,
		   const struct mem_share_ops *ops, void *ctx)
{
	uint64_t size;

	if (!ms || !pages || !ops || !ops->map || !ops->unmap)
		return -EINVAL;
	if (npages == 0 || !IS_ALIGNED(base, MEM_PAGE_SIZE))
		return -EINVAL;
	if (max_vmid == 0 || max_vmid > MEM_VMID_MAX)
		return -EINVAL;
	if (mul_overflows(npages, MEM_PAGE_SIZE, &size) ||
	    range_wraps(base, size))
		return -EOVERFLOW;

	ms->base = base;
	ms->npages = npages;
	ms->pages = pages;
	ms->ops = ops;
	ms->ctx = ctx;
	ms->max_vmid = max_vmid;
	ms->undo_failures = 0;
	for (uint64_t i = 0; i < npages; i++) {
		pages[i].owner = MEM_ID_HYP;
		pages[i].state = MEM_OWNED;
		pages[i].nborrowers = 0;
		pages[i].pins = 0;
		for (unsigned int b = 0; b < MEM_MAX_BORROWERS; b++) {
			pages[i].borrowers[b].id = 0;
			pages[i].borrowers[b].perms = 0;
		}
	}
	return 0;
}

int mem_share_assign(struct mem_share *ms, mem_id_t vmid, uint64_t addr,
		     uint64_t npages)
{
	struct mem_req req = { .op = OP_DONATE, .owner = MEM_ID_HYP,
			       .other = vmid };

	/* Only VMs: the secure world's memory is not the boot loader's to give. */
	if (!ms || vmid == MEM_ID_HYP || vmid == MEM_ID_SECURE ||
	    vmid > ms->max_vmid)
		return -EINVAL;
	return mem_transition(ms, &req, addr, npages);
}

/* Share and lend differ only in the op: both check and carry perms. */
static int mem_transition_perms(struct mem_share *ms, enum mem_op op,
				mem_id_t owner, mem_id_t borrower,
				uint64_t addr, uint64_t npages,
				unsigned int perms)
{
	struct mem_req req = { .op = op, .owner = owner, .other = borrower };

	if (!mem_perms_valid(perms))
		return -EINVAL;
	req.perms = (uint8_t)perms;
	return mem_transition(ms, &req, addr, npages);
}

int mem_share_share(struct mem_share *ms, mem_id_t owner, mem_id_t borrower,
		    uint64_t addr, uint64_t npages, unsigned int perms)
{
	return mem_transition_perms(ms, OP_SHARE, owner, borrower, addr, npages,
				    perms);
}

int mem_share_unshare(struct mem_share *ms, mem_id_t owner, mem_id_t borrower,
		      uint64_t addr, uint64_t npages)
{
	struct mem_req req = { .op = OP_UNSHARE, .owner = owner,
			       .other = borrower };

	return mem_transition(ms, &req, addr, npages);
}

int mem_share_lend(struct mem_share *ms, mem_id_t owner, mem_id_t borrower,
		   uint64_t addr, uint64_t npages, unsigned int perms)
{
	return mem_transition_perms(ms, OP_LEND, owner, borrower, addr, npages,
				    perms);
}

int mem_share_reclaim(struct mem_share *ms, mem_id_t owner, uint64_t addr,
		      uint64_t npages)
{
	struct mem_req req = { .op = OP_RECLAIM, .owner = owner };

	return mem_transition(ms, &req, addr, npages);
}

int mem_share_donate(struct mem_share *ms, mem_id_t owner,
		     mem_id_t recipient, uint64_t addr, uint64_t npages)
{
	struct mem_req req = { .op = OP_DONATE, .owner = owner,
			       .other = recipient };

	return mem_transition(ms, &req, addr, npages);
}

/*
 * Pins need no hook, so check-all-then-act is all the atomicity they need.
 * @delta is +1 (pin) or -1 (unpin).
 */
static int mem_pin_range(struct mem_share *ms, mem_id_t id, uint64_t addr,
			 uint64_t npages, int delta)
{
	uint64_t first;
	int rc;

	if (!ms || !mem_id_valid(ms, id))
		return -EINVAL;
	rc = mem_range(ms, addr, npages, &first);
	if (rc)
		return rc;

	for (uint64_t i = first; i < first + npages; i++) {
		const struct mem_page *p = &ms->pages[i];

		if (!mem_page_access(p, id))
			return -EPERM;
		if (delta > 0 && p->pins == UINT16_MAX)
			return -EOVERFLOW;
		if (delta < 0 && p->pins == 0)
			return -EINVAL;
	}
	for (uint64_t i = first; i < first + npages; i++)
		ms->pages[i].pins = (uint16_t)(ms->pages[i].pins + delta);
	return 0;
}

int mem_share_pin(struct mem_share *ms, mem_id_t id, uint64_t addr,
		  uint64_t npages)
{
	return mem_pin_range(ms, id, addr, npages, 1);
}

int mem_share_unpin(struct mem_share *ms, mem_id_t id, uint64_t addr,
		    uint64_t npages)
{
	return mem_pin_range(ms, id, addr, npages, -1);
}

int mem_share_query(const struct mem_share *ms, mem_id_t id, uint64_t addr,
		    struct mem_page_info *info)
{
	const struct mem_page *p;
	uint64_t first;
	int rc;

	if (!ms || !info || !mem_id_valid(ms, id))
		return -EINVAL;
	rc = mem_range(ms, ALIGN_DOWN(addr, MEM_PAGE_SIZE), 1, &first);
	if (rc)
		return rc == -EOVERFLOW ? -ERANGE : rc;
	p = &ms->pages[first];

	info->owner = p->owner;
	info->state = (enum mem_state)p->state;
	info->access = mem_page_access(p, id);
	info->pins = p->pins;
	info->nborrowers = p->nborrowers;
	for (unsigned int i = 0; i < MEM_MAX_BORROWERS; i++) {
		if (i < p->nborrowers) {
			info->borrowers[i] = p->borrowers[i];
		} else {
			info->borrowers[i].id = 0;
			info->borrowers[i].perms = 0;
		}
	}

	if (p->owner == id)
		info->view = p->state == MEM_OWNED  ? MEM_VIEW_OWNED :
			     p->state == MEM_SHARED ? MEM_VIEW_SHARED_OWNED :
						      MEM_VIEW_LENT;
	else if (mem_borrower_slot(p, id) >= 0)
		info->view = p->state == MEM_LENT ? MEM_VIEW_BORROWED :
						    MEM_VIEW_SHARED_BORROWED;
	else
		info->view = MEM_VIEW_NONE;
	return 0;
}

int mem_share_access(const struct mem_share *ms, mem_id_t id, uint64_t addr)
{
	struct mem_page_info info;
	int rc = mem_share_query(ms, id, addr, &info);

	return rc ? rc : (int)info.access;
}
