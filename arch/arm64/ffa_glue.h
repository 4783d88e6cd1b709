/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arm64 shell of the FF-A proxy (ffa/): the ops it needs, bring-up at boot,
 * one FF-A endpoint per VM, and the SMC route for the FF-A function range.
 */
#ifndef ZARM_ARCH_ARM64_FFA_GLUE_H
#define ZARM_ARCH_ARM64_FFA_GLUE_H

#include "arch/arm64/arm64.h"
#include "ffa/ffa.h"

/*
 * Bring the proxy up (after ownership_init). Without a usable secure side
 * (plain QEMU, whose PSCI answers FFA_VERSION with -1) zarm goes on without
 * FF-A and guests' FF-A calls answer NOT_SUPPORTED.
 */
void arm64_ffa_init(void);

/* Make @avm FF-A endpoint @ffa_id (its config's ffa-id). */
int arm64_ffa_vm_init(struct arm64_vm *avm, uint16_t ffa_id);

/* A VM's SMC in the FF-A range: answer in @r (x0..x17); a TRAP_* code. */
int arm64_ffa_call(struct arm64_vcpu *av, struct arm64_regs *r);

/* @avm ended: reclaim its memory transactions, announce VM_DESTROYED. */
void arm64_ffa_vm_end(struct arm64_vm *avm);

/* @avm is reset: tear its FF-A state down and make it a fresh endpoint. */
void arm64_ffa_vm_reset(struct arm64_vm *avm);

#endif
