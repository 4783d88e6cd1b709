/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's self-hosted debug registers (op0 = 2), which MDCR_EL2.TDA,
 * TDOSA and TDRA trap: which register an encoding names and what zarm does
 * with the access. Breakpoints and watchpoints are the host's own, kept per
 * vCPU and loaded into the hardware while the vCPU runs; the debug
 * communications channel and the claim tags have nothing behind them
 * (no external debugger) and are RAZ/WI. Plain C: arch/arm64 does the
 * register accesses.
 */
#ifndef ZARM_CPU_ARM64_DBGREGS_H
#define ZARM_CPU_ARM64_DBGREGS_H

#include <stdbool.h>
#include <stdint.h>

#define DBGREGS_MAX_BP 16

enum dbg_action {
	DBG_UNDEF,		/* UNDEFINED for the guest */
	DBG_RAZ_WI,		/* reads 0, writes ignored */
	DBG_BVR,		/* breakpoint value n */
	DBG_BCR,		/* breakpoint control n */
	DBG_WVR,		/* watchpoint value n */
	DBG_WCR,		/* watchpoint control n */
	DBG_MDSCR,		/* MDSCR_EL1: the vCPU's own (switched) */
	DBG_OSLAR,		/* OS Lock Access: write-only */
	DBG_OSLSR,		/* OS Lock Status: read-only */
	DBG_OSDLR,		/* OS Double Lock */
	DBG_AUTHSTATUS,		/* read-only: the host's */
};

struct dbg_decoded {
	enum dbg_action action;
	unsigned int n;		/* breakpoint/watchpoint number */
};

/*
 * A trapped op0 = 2 access (@write: MSR) on a CPU with @nbrp breakpoints
 * and @nwrp watchpoints (the ID_AA64DFR0_EL1 counts plus one).
 */
struct dbg_decoded dbgregs_decode(unsigned int op0, unsigned int op1, unsigned int crn,
				  unsigned int crm, unsigned int op2, bool write,
				  unsigned int nbrp, unsigned int nwrp);

#endif
