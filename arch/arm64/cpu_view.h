/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The CPU a guest sees (arch side of cpu/arm64_idregs and cpu/arm64_dbgregs):
 * the host's ID registers read once, each VM's sanitized view, the traps
 * that enforce it (HCR_EL2, MDCR_EL2, CPTR_EL2) and the per-vCPU state
 * behind the features it shows (debug registers, VDISR_EL2, TPIDR2_EL0).
 */
#ifndef ZARM_ARM64_CPU_VIEW_H
#define ZARM_ARM64_CPU_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/arm64_dbgregs.h"

/* Per vCPU: the debug registers are kept here and loaded while it runs. */
struct cpu_view_vcpu {
	uint64_t bvr[DBGREGS_MAX_BP], bcr[DBGREGS_MAX_BP];
	uint64_t wvr[DBGREGS_MAX_BP], wcr[DBGREGS_MAX_BP];
	uint64_t oslk, osdlr;
	uint64_t vdisr, tpidr2;
	bool armed;		/* some breakpoint/watchpoint register is non-zero */
};

struct arm64_vm;
struct arm64_vcpu;
struct arm64_regs;

/* Boot CPU, before any VM: read the host's ID registers. */
void cpu_view_probe(void);
/* The VM's view (its ID registers) from the host's and its own decisions. */
void cpu_view_vm_init(struct arm64_vm *avm);
/* The one per-VM decision that shows the PMU (ID_AA64DFR0_EL1.PMUVer). */
bool arm64_vm_has_vpmu(const struct arm64_vm *avm);
/* Architectural reset state of a vCPU's part. */
void cpu_view_vcpu_reset(struct arm64_vcpu *av);
/* EL2 controls and per-vCPU state, with the vCPU's EL1 context. */
void cpu_view_load(struct arm64_vcpu *av);
void cpu_view_put(struct arm64_vcpu *av);
/* HCR_EL2 trap bits the view needs beyond HCR_GUEST. */
extern uint64_t cpu_view_hcr;
/*
 * A trapped MRS/MSR (EC 0x18) in the ID or debug space: TRAP_* (TRAP_FULL
 * when the register operand is in x19-x29 and @full is false), or -1 if it
 * is not one of them.
 */
int cpu_view_sysreg(struct arm64_regs *r, uint64_t esr, bool full);

#endif
