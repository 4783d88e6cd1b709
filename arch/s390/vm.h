/* SPDX-License-Identifier: GPL-2.0-only */
/* Creating VMs from their configuration; see s390.h for the rest. */
#ifndef ZARM_ARCH_S390_VM_H
#define ZARM_ARCH_S390_VM_H

#include "arch/s390/config.h"
#include "arch/s390/s390.h"
#include "common/errno.h"

/* Create a VM (vCPU 0 runnable at its IPL PSW or entry). 0 or -ENOSPC. */
int vm_create(const struct vm_desc *d);
/* End @vm if every vCPU is stopped (failed if one was stopped by zarm). */
void vm_check_all_stopped(struct s390_vm *vm);
/* The common VM set: how many VMs run, ended ok, failed. */
const struct vm_set *vm_results(void);
/* Every vCPU of every VM, in creation order. */
struct s390_vcpu *vcpu_at(unsigned int idx);
unsigned int vcpu_total(void);
/* Architected initial CPU reset of @v (stays in its VM, same address). */
void vcpu_initial_reset(struct s390_vcpu *v);

#endif
