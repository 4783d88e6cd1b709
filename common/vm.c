/* SPDX-License-Identifier: GPL-2.0-only */
/* VM identity and the running/ok/failed accounting. */
#include "common/vm.h"
#include "common/errno.h"

int vm_init(struct vm *vm, unsigned int id, const char *name, unsigned int nr_vcpus,
	    void *arch)
{
	unsigned int len = 0;

	if (id == 0 || nr_vcpus == 0 || nr_vcpus > ZARM_MAX_VCPUS_PER_VM || !name)
		return -EINVAL;
	while (name[len]) {
		if (len >= ZARM_VM_NAME_MAX || name[len] < 0x21 || name[len] > 0x7e)
			return -EINVAL;
		len++;
	}
	if (len == 0)
		return -EINVAL;
	vm->id = id;
	for (unsigned int i = 0; i <= len; i++)
		vm->name[i] = name[i];
	vm->state = VM_RUNNING;
	vm->nr_vcpus = nr_vcpus;
	for (unsigned int i = 0; i < ZARM_MAX_VCPUS_PER_VM; i++)
		vm->vcpus[i] = NULL;
	vm->arch = arch;
	return 0;
}

void vm_set_init(struct vm_set *set)
{
	set->nr = 0;
	set->running = set->ok = set->failed = 0;
	for (unsigned int i = 0; i < ZARM_MAX_VMS; i++)
		set->vms[i] = NULL;
}

int vm_set_add(struct vm_set *set, struct vm *vm)
{
	if (set->nr >= ZARM_MAX_VMS)
		return -ENOSPC;
	for (unsigned int i = 0; i < set->nr; i++)
		if (set->vms[i]->id == vm->id)
			return -EEXIST;
	set->vms[set->nr++] = vm;
	if (vm->state == VM_RUNNING)
		set->running++;
	return 0;
}

int vm_set_end(struct vm_set *set, struct vm *vm, bool failed)
{
	if (vm->state != VM_RUNNING)
		return -EALREADY;
	vm->state = failed ? VM_FAILED : VM_STOPPED;
	if (failed)
		set->failed++;
	else
		set->ok++;
	set->running--;
	return set->running == 0;
}

struct vcpu *vm_vcpu(const struct vm *vm, unsigned int id)
{
	if (id >= vm->nr_vcpus)
		return NULL;
	return vm->vcpus[id];
}
