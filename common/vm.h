/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Virtual machines and the set of them: identity, vCPUs, and the
 * running/stopped/failed lifecycle that decides when zarm powers off.
 */
#ifndef ZARM_COMMON_VM_H
#define ZARM_COMMON_VM_H

#include "common/compiler.h"
#include "common/config.h"	/* ZARM_MAX_VMS, ZARM_MAX_VCPUS_PER_VM, ZARM_VM_NAME_MAX */
#include "common/vcpu.h"

enum vm_state {
	VM_RUNNING,
	VM_STOPPED,	/* powered itself off: counts as ok */
	VM_FAILED,	/* crashed or refused: counts as failed */
};

struct vm {
	unsigned int id;
	char name[ZARM_VM_NAME_MAX + 1];
	enum vm_state state;
	unsigned int nr_vcpus;
	struct vcpu *vcpus[ZARM_MAX_VCPUS_PER_VM];
	void *arch;
};

struct vm_set {
	struct vm *vms[ZARM_MAX_VMS];
	unsigned int nr;
	unsigned int running, ok, failed;
};

/*
 * Initialise @vm (running, no vCPUs attached yet). -EINVAL for an id of 0,
 * a vCPU count outside 1..ZARM_MAX_VCPUS_PER_VM or a name that is empty,
 * too long or not printable ASCII.
 */
int vm_init(struct vm *vm, unsigned int id, const char *name, unsigned int nr_vcpus,
	    void *arch);

/* An empty set. */
void vm_set_init(struct vm_set *set);

/* Add a running @vm. -ENOSPC when full, -EEXIST for a duplicate id. */
int vm_set_add(struct vm_set *set, struct vm *vm);

/*
 * Mark @vm stopped (ok) or failed. Returns 1 when it was the last running
 * VM, 0 otherwise, -EALREADY when it had already ended.
 */
int vm_set_end(struct vm_set *set, struct vm *vm, bool failed);

/* Find the vCPU of @vm whose index is @id, or NULL. */
struct vcpu *vm_vcpu(const struct vm *vm, unsigned int id);

#endif
