/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A VM's RX/TX buffer pair: FFA_RXTX_MAP, FFA_RXTX_UNMAP, FFA_RX_RELEASE.
 * The pages must be the VM's own and not shared; they stay pinned in
 * mem_share while mapped, so they cannot be shared or lent underneath the
 * proxy, which reads and writes them.
 */
#include "common/errno.h"
#include "common/string.h"
#include "ffa/ffa_priv.h"

/* Translate and check one buffer page: owned by @vm alone, not pinned. */
static int check_page(struct ffa_proxy *p, struct ffa_vm *vm, uint64_t ipa,
		      uint64_t *pa)
{
	struct mem_page_info info;
	int rc;

	rc = p->cfg.ops->ipa_to_pa(p->cfg.ctx, vm, ipa, pa);
	if (rc)
		return -EINVAL; /* not the VM's memory */
	rc = mem_share_query(p->cfg.ms, vm->mem_id, *pa, &info);
	if (rc)
		return -EINVAL;
	if (info.view != MEM_VIEW_OWNED || info.pins)
		return -EPERM;
	return 0;
}

static void unpin_pages(struct ffa_proxy *p, struct ffa_vm *vm,
			const uint64_t *pa, unsigned int n)
{
	while (n--)
		if (mem_share_unpin(p->cfg.ms, vm->mem_id, pa[n], 1))
			log_err("ffa: vm %u: unpin failed", (unsigned int)vm->id);
}

int ffa_do_rxtx_map(struct ffa_proxy *p, struct ffa_vm *vm, struct ffa_regs *r)
{
	uint64_t tx = ffa_arg(r, 1), rx = ffa_arg(r, 2);
	uint32_t w3 = (uint32_t)r->x[3];
	uint64_t pa[2 * FFA_RXTX_MAX_PAGES], bytes;
	void *tx_hva = NULL, *rx_hva = NULL;
	unsigned int n, i, pinned = 0;
	int rc;

	/* check all */
	if (vm->mapped)
		return -EPERM; /* DENIED: already mapped */
	n = w3 & 0x3fu;
	if ((w3 & ~0x3fu) || n == 0)
		return -EINVAL;
	if (n > FFA_RXTX_MAX_PAGES)
		return -ENOMEM;
	bytes = (uint64_t)n * FFA_PAGE_SIZE;
	if (tx % FFA_PAGE_SIZE || rx % FFA_PAGE_SIZE || range_wraps(tx, bytes) ||
	    range_wraps(rx, bytes) || (tx < rx + bytes && rx < tx + bytes))
		return -EINVAL;
	ffa_lock_mem(p);
	for (i = 0; i < 2 * n; i++) {
		uint64_t ipa = (i < n ? tx : rx) + (uint64_t)(i % n) * FFA_PAGE_SIZE;

		rc = check_page(p, vm, ipa, &pa[i]);
		if (rc)
			goto out_unlock;
	}
	/* act, undoing everything on failure */
	for (pinned = 0; pinned < 2 * n; pinned++) {
		rc = mem_share_pin(p->cfg.ms, vm->mem_id, pa[pinned], 1);
		if (rc)
			goto out_unpin;
	}
	rc = p->cfg.ops->map_guest(p->cfg.ctx, vm, tx, n, &tx_hva);
	if (rc)
		goto out_unpin;
	rc = p->cfg.ops->map_guest(p->cfg.ctx, vm, rx, n, &rx_hva);
	if (rc)
		goto out_unmap_tx;
	ffa_unlock_mem(p);
	vm->mapped = true;
	vm->tx_ipa = tx;
	vm->rx_ipa = rx;
	vm->npages = n;
	vm->tx = tx_hva;
	vm->rx = rx_hva;
	vm->rx_full = false;
	memcpy(vm->buf_pa, pa, sizeof(pa[0]) * 2 * n);
	ffa_set_success(r, 0, 0);
	return 0;

out_unmap_tx:
	p->cfg.ops->unmap_guest(p->cfg.ctx, vm, tx_hva, n);
out_unpin:
	unpin_pages(p, vm, pa, pinned);
out_unlock:
	ffa_unlock_mem(p);
	return rc;
}

void ffa_rxtx_teardown(struct ffa_proxy *p, struct ffa_vm *vm)
{
	if (!vm->mapped)
		return;
	p->cfg.ops->unmap_guest(p->cfg.ctx, vm, vm->tx, vm->npages);
	p->cfg.ops->unmap_guest(p->cfg.ctx, vm, vm->rx, vm->npages);
	ffa_lock_mem(p);
	unpin_pages(p, vm, vm->buf_pa, 2 * vm->npages);
	ffa_unlock_mem(p);
	vm->mapped = false;
	vm->tx = vm->rx = NULL;
	vm->tx_ipa = vm->rx_ipa = 0;
	vm->npages = 0;
	vm->rx_full = false;
}

int ffa_do_rxtx_unmap(struct ffa_proxy *p, struct ffa_vm *vm,
		      struct ffa_regs *r)
{
	uint32_t w1 = (uint32_t)r->x[1];
	uint16_t id = (uint16_t)(w1 >> 16);

	/* A VM may only name itself (or 0, "the caller"). */
	if ((id != 0 && id != vm->id) || (w1 & 0xffffu) || !vm->mapped)
		return -EINVAL;
	ffa_rxtx_teardown(p, vm);
	ffa_set_success(r, 0, 0);
	return 0;
}

int ffa_do_rx_release(struct ffa_proxy *p, struct ffa_vm *vm,
		      struct ffa_regs *r)
{
	uint32_t w1 = (uint32_t)r->x[1];
	uint16_t id = (uint16_t)(w1 >> 16);

	(void)p;
	if ((id != 0 && id != vm->id) || (w1 & 0xffffu))
		return -EINVAL;
	if (!vm->mapped || !vm->rx_full)
		return -EPERM; /* DENIED: the VM does not own a full RX */
	vm->rx_full = false;
	ffa_set_success(r, 0, 0);
	return 0;
}
