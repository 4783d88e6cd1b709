/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A VM's life as an FF-A endpoint: set up, announced with VM_CREATED to
 * the partitions that subscribed (before the first call that reaches the
 * secure side), and torn down: its transactions reclaimed, VM_DESTROYED
 * sent, its RX/TX unmapped.
 */
#include "common/errno.h"
#include "common/string.h"
#include "ffa/ffa_priv.h"

#define FFA_SUBSCRIBED (FFA_PART_PROP_VM_CREATED | FFA_PART_PROP_VM_DESTROYED)

int ffa_vm_init(struct ffa_proxy *p, struct ffa_vm *vm, uint16_t id,
		mem_id_t mem_id)
{
	if (!p || !vm || id == 0 || (id & FFA_ID_SECURE_BIT) ||
	    mem_id == MEM_ID_HYP || mem_id > p->cfg.ms->max_vmid)
		return -EINVAL;
	memset(vm, 0, sizeof(*vm));
	spin_lock_init(&vm->lock);
	vm->id = id;
	vm->mem_id = mem_id;
	vm->version = FFA_VERSION_1_0; /* until the VM says otherwise */
	log_ratelimit_init(&vm->rl, "ffa refused calls", 10, 1000);
	return 0;
}

int ffa_vm_announce(struct ffa_proxy *p, struct ffa_vm *vm)
{
	uint32_t i;
	int rc;

	for (i = 0; i < p->nparts; i++) {
		uint32_t props = p->parts[i].props;

		if (!(props & FFA_SUBSCRIBED) || (vm->announced & (1u << i)))
			continue;
		if (props & FFA_PART_PROP_VM_CREATED) {
			rc = ffa_send_vm_msg(p, p->parts[i].id, vm->id,
					     FFA_MSG_VM_CREATED);
			if (rc) {
				log_warn("ffa: VM_CREATED of vm %u to %#x: %d",
					 (unsigned int)vm->id,
					 (unsigned int)p->parts[i].id, rc);
				return rc;
			}
		}
		/* Marked even for destroy-only subscribers: they hear the end. */
		vm->announced |= 1u << i;
	}
	return 0;
}

int ffa_vm_destroy(struct ffa_proxy *p, struct ffa_vm *vm)
{
	uint32_t i;
	int rc;

	if (!p || !vm)
		return -EINVAL;
	spin_lock(&vm->lock);
	vm->destroying = true;
	vm->frag_pending = false;
	ffa_lock_mem(p);
	rc = ffa_mem_reclaim_all(p, vm);
	ffa_unlock_mem(p);
	if (rc) {
		rc = -EBUSY; /* the secure side still holds some memory */
		goto out;
	}
	for (i = 0; i < p->nparts; i++) {
		if (!(vm->announced & (1u << i)))
			continue;
		if (p->parts[i].props & FFA_PART_PROP_VM_DESTROYED) {
			rc = ffa_send_vm_msg(p, p->parts[i].id, vm->id,
					     FFA_MSG_VM_DESTROYED);
			if (rc) {
				rc = -EAGAIN; /* RETRY, INTERRUPTED...: later */
				goto out;
			}
		}
		vm->announced &= ~(1u << i);
	}
	ffa_rxtx_teardown(p, vm);
out:
	spin_unlock(&vm->lock);
	return rc;
}
