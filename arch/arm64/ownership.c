/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Who owns each page of host RAM, kept by the common memory-ownership
 * model (common/mem_share): zarm owns everything at boot and gives each VM
 * its RAM; the model's map hook is what builds the VM's stage-2 mapping,
 * so stage 2 never grants a page the model does not say the VM may use.
 */
#include "arch/arm64/arm64.h"
#include "common/mem_share.h"

static struct mem_share owners;
static struct arm64_vm *vm_by_id[ZARM_MAX_VMS + 1];

/* Guest-physical address of host page @pa in @avm (its RAM is contiguous). */
static int owner_map(void *ctx, mem_id_t id, uint64_t pa, uint64_t npages,
		     unsigned int perms)
{
	struct arm64_vm *avm = id <= ZARM_MAX_VMS ? vm_by_id[id] : NULL;

	(void)ctx;
	(void)perms;		/* guests get RAM read/write/execute */
	if (id == MEM_ID_SECURE)
		return 0;	/* the secure world sees all RAM anyway */
	if (!avm || pa < avm->host_base || pa - avm->host_base >= avm->ram_size)
		return -EINVAL;
	return stage2_map(avm, avm->ipa_base + (pa - avm->host_base), pa,
			  npages * MEM_PAGE_SIZE);
}

/*
 * The hypervisor keeps its identity map of all RAM (it loads images and
 * device trees into guest memory), so a page leaving MEM_ID_HYP needs no
 * change, nor one leaving the secure world; a page leaving a VM (lent to
 * the secure world over FF-A) leaves its stage 2.
 */
static int owner_unmap(void *ctx, mem_id_t id, uint64_t pa, uint64_t npages)
{
	struct arm64_vm *avm = id <= ZARM_MAX_VMS ? vm_by_id[id] : NULL;

	(void)ctx;
	if (id == MEM_ID_HYP || id == MEM_ID_SECURE)
		return 0;
	if (!avm || pa < avm->host_base || pa - avm->host_base >= avm->ram_size)
		return -EINVAL;
	return stage2_unmap(avm, avm->ipa_base + (pa - avm->host_base),
			    npages * MEM_PAGE_SIZE);
}

static const struct mem_share_ops owner_ops = { owner_map, owner_unmap };

int ownership_init(uint64_t base, uint64_t size)
{
	uint64_t npages = size / MEM_PAGE_SIZE;
	struct mem_page *pages = heap_alloc_zeroed(npages * sizeof(*pages));

	if (!pages)
		return -ENOMEM;
	return mem_share_init(&owners, base, npages, pages, ZARM_MAX_VMS, &owner_ops, NULL);
}

/* The ownership model itself (the FF-A proxy changes owners through it). */
struct mem_share *ownership_ms(void)
{
	return &owners;
}

int ownership_give_vm(struct arm64_vm *avm)
{
	unsigned int id = avm->vm.id;

	if (id == 0 || id > ZARM_MAX_VMS)
		return -EINVAL;
	vm_by_id[id] = avm;
	return mem_share_assign(&owners, (mem_id_t)id, avm->host_base,
				avm->ram_size / MEM_PAGE_SIZE);
}
