/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The arm64 CPU a guest is shown: the ID registers HCR_EL2.TID3 traps
 * (op0 = 3, op1 = 0, CRn = 0, CRm = 1..7, any op2), sanitized field by
 * field from the host's values so that every feature a guest is told about
 * really works per vCPU under zarm, and everything else reads as absent.
 * Plain C: arch/arm64 reads the host registers and writes the answers back.
 * The policy of each field, and why, is in doc/arm64.md ("The CPU guests
 * see").
 */
#ifndef ZARM_CPU_ARM64_IDREGS_H
#define ZARM_CPU_ARM64_IDREGS_H

#include <stdbool.h>
#include <stdint.h>

/* The TID3 space: CRm 1..7 by op2 0..7. */
#define IDREGS_COUNT 56
#define IDREGS_INDEX(crm, op2) (((crm) - 1) * 8 + (op2))

/* Encodings (CRm, op2) zarm's policy names. */
#define IDREG_ID_AA64PFR0 IDREGS_INDEX(4, 0)
#define IDREG_ID_AA64PFR1 IDREGS_INDEX(4, 1)
#define IDREG_ID_AA64ZFR0 IDREGS_INDEX(4, 4)
#define IDREG_ID_AA64SMFR0 IDREGS_INDEX(4, 5)
#define IDREG_ID_AA64DFR0 IDREGS_INDEX(5, 0)
#define IDREG_ID_AA64DFR1 IDREGS_INDEX(5, 1)
#define IDREG_ID_AA64AFR0 IDREGS_INDEX(5, 4)
#define IDREG_ID_AA64AFR1 IDREGS_INDEX(5, 5)
#define IDREG_ID_AA64ISAR0 IDREGS_INDEX(6, 0)
#define IDREG_ID_AA64ISAR1 IDREGS_INDEX(6, 1)
#define IDREG_ID_AA64ISAR2 IDREGS_INDEX(6, 2)
#define IDREG_ID_AA64MMFR0 IDREGS_INDEX(7, 0)
#define IDREG_ID_AA64MMFR1 IDREGS_INDEX(7, 1)
#define IDREG_ID_AA64MMFR2 IDREGS_INDEX(7, 2)

/* What the host CPU says (arch fills it; unreadable encodings as 0). */
struct idregs_host {
	uint64_t val[IDREGS_COUNT];
};

/* The per-VM decisions the view depends on. */
struct idregs_vm {
	/*
	 * The VM has a virtual PMU (pmu/): ID_AA64DFR0_EL1.PMUVer shows the
	 * host's PMU version instead of "none". The one switch for it.
	 */
	bool vpmu;
};

/* One VM's view: what each TID3-trapped read returns. */
struct idregs_view {
	uint64_t val[IDREGS_COUNT];
};

void idregs_view_init(struct idregs_view *v, const struct idregs_host *h,
		      const struct idregs_vm *vm);

/* A field of a host value as the guest sees it (exposed for the tests). */
uint64_t idregs_sanitize(unsigned int index, uint64_t host, const struct idregs_vm *vm);

enum idregs_result {
	IDREGS_NOT_ID,		/* not the TID3 space: the caller decides */
	IDREGS_READ,		/* *val is the value the read returns */
	IDREGS_UNDEF,		/* UNDEFINED (a write: ID registers are read-only) */
};

/*
 * A trapped MRS/MSR with encoding op0, op1, CRn, CRm, op2. Reads of
 * allocated ID registers give the view's value; reads of the reserved
 * encodings of the ID space give 0 (RAZ, as the architecture defines them).
 */
enum idregs_result idregs_access(const struct idregs_view *v, unsigned int op0,
				 unsigned int op1, unsigned int crn, unsigned int crm,
				 unsigned int op2, bool write, uint64_t *val);

/* Field helpers shared with the tests. */
static inline unsigned int idregs_field(uint64_t reg, unsigned int shift)
{
	return (unsigned int)(reg >> shift) & 0xf;
}

#endif
