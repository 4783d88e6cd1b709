/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory ownership and sharing: who owns each 4 KiB page of a managed
 * physical range and who else may touch it. This is the single place that
 * decides whether a VM may hand a page to someone else; the FF-A proxy and
 * VM-to-VM sharing both go through it, and arch/ applies the result to
 * stage-2 (arm64) or guest storage (s390) through two hooks.
 *
 * Identities (mem_id_t):
 *   MEM_ID_HYP (0)       the hypervisor; initially owns every page
 *   1 .. max_vmid        VMs (max_vmid chosen at init, at most MEM_VMID_MAX)
 *   MEM_ID_SECURE        the secure world (FF-A SPMC / partitions)
 *
 * Per page the model keeps the owner, a state and up to MEM_MAX_BORROWERS
 * borrowers with their permissions:
 *   OWNED   the owner alone has access (read/write/execute)
 *   SHARED  the owner keeps its access and 1..MEM_MAX_BORROWERS borrowers
 *           have theirs (the owner's view is "shared-owned", a borrower's
 *           "shared-borrowed")
 *   LENT    exactly one borrower has access and the owner has none until
 *           it reclaims the page
 * Donation (and assign, the hypervisor's boot-time donation to a VM) moves
 * ownership for good: the page becomes OWNED by the recipient and the
 * previous owner keeps no claim, so "donated" is a transition, not a state.
 *
 * Every operation takes a physical range [addr, addr + npages * 4 KiB).
 * It is all-or-nothing: every page is validated first (the first failing
 * page's error is returned, nothing changed); then the hooks are called,
 * one call per run of consecutive pages needing the same change; and only
 * when all of them succeeded are the page records updated. If a hook fails,
 * the calls already made (and the failed call's whole range) are undone in
 * reverse order, so stage-2 and the records are exactly as before.
 *
 * Errors: -EINVAL bad identity, permissions, alignment, zero count,
 * borrower == owner; -EOVERFLOW range size or end wraps; -ERANGE range not
 * inside the managed region; -EPERM requester is not the owner (or, for
 * pin/unpin, has no access); -EBUSY page pinned, lent when it must not be,
 * or shared when it must be exclusive; -EEXIST already shared with that
 * borrower; -ENOSPC no free borrower slot; -ENOENT nothing to unshare or
 * reclaim; any error a hook returns.
 *
 * Not locked: callers serialise (one lock around the whole model).
 */
#ifndef ZARM_COMMON_MEM_SHARE_H
#define ZARM_COMMON_MEM_SHARE_H

#include "common/compiler.h"

typedef uint16_t mem_id_t;

#define MEM_ID_HYP ((mem_id_t)0)
#define MEM_ID_SECURE ((mem_id_t)0xffff)
#define MEM_VMID_MAX ((mem_id_t)0xfffe)

#define MEM_PAGE_SHIFT 12
#define MEM_PAGE_SIZE (1ULL << MEM_PAGE_SHIFT)

/* Access permissions, as passed to the map hook. */
#define MEM_PERM_R 0x1u
#define MEM_PERM_W 0x2u
#define MEM_PERM_X 0x4u
#define MEM_PERM_RWX (MEM_PERM_R | MEM_PERM_W | MEM_PERM_X)

/* How many identities a page can be shared with at once. */
#define MEM_MAX_BORROWERS 4

enum mem_state {
	MEM_OWNED = 0,
	MEM_SHARED = 1,
	MEM_LENT = 2,
};

/* A page as one identity sees it (see mem_share_query()). */
enum mem_view {
	MEM_VIEW_NONE = 0,        /* no relation, no access */
	MEM_VIEW_OWNED,           /* owner, exclusive */
	MEM_VIEW_SHARED_OWNED,    /* owner, shared out, still accessible */
	MEM_VIEW_SHARED_BORROWED, /* one of the borrowers of a shared page */
	MEM_VIEW_LENT,            /* owner of a lent page: no access */
	MEM_VIEW_BORROWED,        /* the borrower of a lent page: exclusive */
};

struct mem_borrower {
	mem_id_t id;
	uint8_t perms;
};

/*
 * One record per managed page, in an array the caller provides (nothing is
 * allocated here). Treat as opaque; read it through mem_share_query().
 */
struct mem_page {
	mem_id_t owner;
	uint8_t state;      /* enum mem_state */
	uint8_t nborrowers; /* valid entries in borrowers[] */
	uint16_t pins;
	struct mem_borrower borrowers[MEM_MAX_BORROWERS];
};

/*
 * Hooks that make an identity's access real (stage-2 for VMs, the
 * hypervisor's own mapping or nothing for MEM_ID_HYP, nothing for
 * MEM_ID_SECURE: arch/ decides). @addr is the physical address of the
 * first page; arch/ turns it into the identity's guest address.
 * - map:   give @id exactly @perms on the pages (overwriting what it had)
 * - unmap: remove @id's access to the pages
 * Both must be idempotent per page (mapping again with the same perms,
 * unmapping what is not mapped, are harmless), because after a failure the
 * model undoes the failed call's whole range, not just the part the hook
 * had done. A hook returns 0 or a negative error. Undo calls restore what
 * existed a moment ago and must not fail (keep page tables they might need
 * until the transition is over); if one does, it is counted in
 * undo_failures.
 */
struct mem_share_ops {
	int (*map)(void *ctx, mem_id_t id, uint64_t addr, uint64_t npages,
		   unsigned int perms);
	int (*unmap)(void *ctx, mem_id_t id, uint64_t addr, uint64_t npages);
};

struct mem_share {
	uint64_t base;         /* physical address of page 0 */
	uint64_t npages;
	struct mem_page *pages;
	const struct mem_share_ops *ops;
	void *ctx;
	mem_id_t max_vmid;
	uint64_t undo_failures; /* undo hook calls that failed (should be 0) */
};

/* What mem_share_query() reports for one page and one identity. */
struct mem_page_info {
	mem_id_t owner;
	enum mem_state state;
	enum mem_view view;      /* the page from the asking identity's side */
	unsigned int access;     /* MEM_PERM_* the asking identity has */
	unsigned int pins;
	unsigned int nborrowers;
	struct mem_borrower borrowers[MEM_MAX_BORROWERS];
};

/*
 * Manage [base, base + npages * 4 KiB) with the caller's @pages array of
 * @npages records. Every page starts OWNED by MEM_ID_HYP, which is assumed
 * to be reflected already by arch/ (no hook is called). VM ids are
 * 1..@max_vmid. Returns 0, -EINVAL (NULL, unaligned base, zero pages,
 * missing hook, max_vmid 0 or above MEM_VMID_MAX) or -EOVERFLOW.
 */
int mem_share_init(struct mem_share *ms, uint64_t base, uint64_t npages,
		   struct mem_page *pages, mem_id_t max_vmid,
		   const struct mem_share_ops *ops, void *ctx);

/*
 * The hypervisor gives pages it owns exclusively to VM @vmid (1..max_vmid)
 * at boot: a donation from MEM_ID_HYP.
 */
int mem_share_assign(struct mem_share *ms, mem_id_t vmid, uint64_t addr,
		     uint64_t npages);

/*
 * @owner shares pages it owns (OWNED or already SHARED with others) with
 * @borrower, who gets @perms (a non-empty subset of MEM_PERM_RWX); the
 * owner keeps its access. Refused for lent or pinned pages, a borrower
 * already on a page (-EEXIST) or no free slot (-ENOSPC).
 */
int mem_share_share(struct mem_share *ms, mem_id_t owner, mem_id_t borrower,
		    uint64_t addr, uint64_t npages, unsigned int perms);

/*
 * @owner withdraws @borrower's access to pages it shared with it; a page
 * whose last borrower goes is OWNED again.
 */
int mem_share_unshare(struct mem_share *ms, mem_id_t owner, mem_id_t borrower,
		      uint64_t addr, uint64_t npages);

/*
 * @owner lends pages it owns exclusively to @borrower, who gets @perms;
 * the owner loses access until it reclaims them. Shared, lent or pinned
 * pages are refused (-EBUSY).
 */
int mem_share_lend(struct mem_share *ms, mem_id_t owner, mem_id_t borrower,
		   uint64_t addr, uint64_t npages, unsigned int perms);

/*
 * @owner takes back pages it shared or lent: every borrower loses access,
 * the owner has it again, pages are OWNED. Only the owner may do it, and
 * every page must be SHARED or LENT (-ENOENT otherwise).
 */
int mem_share_reclaim(struct mem_share *ms, mem_id_t owner, uint64_t addr,
		      uint64_t npages);

/*
 * @owner gives pages it owns exclusively to @recipient for good.
 */
int mem_share_donate(struct mem_share *ms, mem_id_t owner,
		     mem_id_t recipient, uint64_t addr, uint64_t npages);

/*
 * Pin pages that @id can access (as owner or borrower), e.g. a VM's FF-A
 * RX/TX buffers while the proxy has them mapped. A pinned page is frozen:
 * every transition above is refused with -EBUSY until the pin count drops
 * to zero, so the page cannot be shared, lent, donated, unshared or
 * reclaimed under the proxy's feet. Pins are counted (up to 65535:
 * -EOVERFLOW beyond); all-or-nothing like the rest.
 */
int mem_share_pin(struct mem_share *ms, mem_id_t id, uint64_t addr,
		  uint64_t npages);

/*
 * Drop one pin from each page; every page must be pinned (-EINVAL) and
 * accessible to @id (-EPERM).
 */
int mem_share_unpin(struct mem_share *ms, mem_id_t id, uint64_t addr,
		    uint64_t npages);

/*
 * Describe the page holding @addr (any byte of it) as seen by @id.
 * Returns 0, -EINVAL (bad id, NULL) or -ERANGE (outside the region).
 */
int mem_share_query(const struct mem_share *ms, mem_id_t id, uint64_t addr,
		    struct mem_page_info *info);

/*
 * The MEM_PERM_* bits @id has on the page holding @addr (0: no access),
 * or a negative error as for mem_share_query(). "Can VM x write here?" is
 * (mem_share_access(ms, x, a) > 0 && (... & MEM_PERM_W)).
 */
int mem_share_access(const struct mem_share *ms, mem_id_t id, uint64_t addr);

#endif
