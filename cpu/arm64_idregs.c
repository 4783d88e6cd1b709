/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's ID registers, field by field (see arm64_idregs.h). The rule
 * is a whitelist: a field is shown only if zarm knows it and the feature
 * works per vCPU under zarm (pure instructions, or state zarm switches);
 * any field not listed, and every register not listed (the AArch32 ones,
 * since guests get no AArch32; the reserved encodings), reads as 0.
 * doc/arm64.md has the table with the reason for each field.
 */
#include "cpu/arm64_idregs.h"

enum rule {
	HOST,		/* the host's value: nothing of it lives at EL2 */
	CAP,		/* the host's, but no more than arg (unsigned field) */
	FIXED,		/* arg, whatever the host says */
	CAP_IF,		/* arg when the host has any (host >= 1), else 0 */
	PMU,		/* the host's PMU version if the VM has a virtual PMU */
};

struct field {
	uint8_t shift;
	uint8_t rule;
	uint8_t arg;
};

struct reg_policy {
	uint8_t index;
	uint8_t n;
	const struct field *f;
};

#define F(shift, rule, arg) { shift, rule, arg }

/* EL0/EL1 AArch64 only, no EL2 (no nesting), FP/SIMD switched, GICv3 virtual CPU interface. */
static const struct field pfr0[] = {
	F(0, CAP, 1),		/* EL0: AArch64 only (zarm decodes no AArch32 traps) */
	F(4, CAP, 1),		/* EL1: AArch64 only (HCR_EL2.RW) */
	F(12, CAP, 1),		/* EL3: SMCs reach zarm's PSCI/FF-A as firmware */
	F(16, HOST, 0),		/* FP: switched with the vCPU */
	F(20, HOST, 0),		/* AdvSIMD: switched with the vCPU */
	F(24, CAP_IF, 1),	/* GIC: the GICv3 system-register interface (ICH_*) */
	F(48, HOST, 0),		/* DIT: PSTATE.DIT, saved in SPSR */
	F(56, HOST, 0),		/* CSV2 */
	F(60, HOST, 0),		/* CSV3 */
};

static const struct field pfr1[] = {
	F(0, HOST, 0),		/* BT: PSTATE.BTYPE, SCTLR_EL1.BTx */
	F(4, HOST, 0),		/* SSBS: PSTATE.SSBS */
	F(32, HOST, 0),		/* CSV2_frac */
};

static const struct field dfr0[] = {
	F(0, HOST, 0),		/* DebugVer: the host's debug registers, switched */
	F(8, PMU, 0),		/* PMUVer: only with a virtual PMU */
	F(12, HOST, 0),		/* BRPs: breakpoints, switched with the vCPU */
	F(20, HOST, 0),		/* WRPs: watchpoints, switched with the vCPU */
	F(28, HOST, 0),		/* CTX_CMPs */
	F(36, HOST, 0),		/* DoubleLock: OSDLR_EL1 switched */
};

static const struct field isar0[] = {
	F(4, HOST, 0),		/* AES */
	F(8, HOST, 0),		/* SHA1 */
	F(12, HOST, 0),		/* SHA2 */
	F(16, HOST, 0),		/* CRC32 */
	F(20, HOST, 0),		/* Atomic */
	F(28, HOST, 0),		/* RDM */
	F(32, HOST, 0),		/* SHA3 */
	F(36, HOST, 0),		/* SM3 */
	F(40, HOST, 0),		/* SM4 */
	F(44, HOST, 0),		/* DP */
	F(48, HOST, 0),		/* FHM */
	F(52, HOST, 0),		/* TS */
	F(56, HOST, 0),		/* TLB: TLBI by VMID at EL1 */
	F(60, HOST, 0),		/* RNDR */
};

static const struct field isar1[] = {
	F(0, HOST, 0),		/* DPB */
	F(4, HOST, 0),		/* APA: pointer-auth keys switched */
	F(8, HOST, 0),		/* API */
	F(12, HOST, 0),		/* JSCVT */
	F(16, HOST, 0),		/* FCMA */
	F(20, HOST, 0),		/* LRCPC */
	F(24, HOST, 0),		/* GPA */
	F(28, HOST, 0),		/* GPI */
	F(32, HOST, 0),		/* FRINTTS */
	F(36, HOST, 0),		/* SB */
	F(40, HOST, 0),		/* SPECRES */
	F(44, HOST, 0),		/* BF16 */
	F(48, HOST, 0),		/* DGH */
	F(52, HOST, 0),		/* I8MM */
	F(56, HOST, 0),		/* XS */
};

static const struct field isar2[] = {
	F(4, HOST, 0),		/* RPRES */
	F(8, HOST, 0),		/* GPA3 */
	F(12, HOST, 0),		/* APA3 */
	F(20, HOST, 0),		/* BC */
	F(24, HOST, 0),		/* PAC_frac */
	F(28, HOST, 0),		/* CLRBHB */
};

static const struct field mmfr0[] = {
	F(0, CAP, 2),		/* PARange: zarm's stage 2 covers 40 bits */
	F(4, HOST, 0),		/* ASIDBits */
	F(12, HOST, 0),		/* SNSMem */
	F(20, HOST, 0),		/* TGran16 */
	F(24, HOST, 0),		/* TGran64 */
	F(28, HOST, 0),		/* TGran4 */
	F(32, FIXED, 1),	/* TGran16_2: no stage 2 for the guest */
	F(36, FIXED, 1),	/* TGran64_2 */
	F(40, FIXED, 1),	/* TGran4_2 */
	F(44, HOST, 0),		/* ExS */
	F(60, CAP, 1),		/* ECV: self-synchronized counter reads only */
};

static const struct field mmfr1[] = {
	F(0, HOST, 0),		/* HAFDBS */
	F(12, HOST, 0),		/* HPDS */
	F(20, HOST, 0),		/* PAN */
	F(24, HOST, 0),		/* SpecSEI */
	F(36, HOST, 0),		/* ETS */
	F(44, HOST, 0),		/* AFP: FPCR, switched */
	F(48, HOST, 0),		/* nTLBPA */
	F(52, HOST, 0),		/* TIDCP1 */
	F(56, HOST, 0),		/* CMOW */
	F(60, HOST, 0),		/* ECBHB */
};

static const struct field mmfr2[] = {
	F(0, HOST, 0),		/* CnP */
	F(4, HOST, 0),		/* UAO */
	F(8, HOST, 0),		/* LSM */
	F(16, HOST, 0),		/* VARange */
	F(20, HOST, 0),		/* CCIDX: CCSIDR_EL1 is the host's (no TID2) */
	F(28, HOST, 0),		/* ST */
	F(32, HOST, 0),		/* AT */
	F(36, HOST, 0),		/* IDS */
	F(48, HOST, 0),		/* TTL */
	F(52, HOST, 0),		/* BBM */
	F(60, HOST, 0),		/* E0PD */
};

#define REG(idx, arr) { idx, sizeof(arr) / sizeof(arr[0]), arr }

static const struct reg_policy policy[] = {
	REG(IDREG_ID_AA64PFR0, pfr0),
	REG(IDREG_ID_AA64PFR1, pfr1),
	REG(IDREG_ID_AA64DFR0, dfr0),
	REG(IDREG_ID_AA64ISAR0, isar0),
	REG(IDREG_ID_AA64ISAR1, isar1),
	REG(IDREG_ID_AA64ISAR2, isar2),
	REG(IDREG_ID_AA64MMFR0, mmfr0),
	REG(IDREG_ID_AA64MMFR1, mmfr1),
	REG(IDREG_ID_AA64MMFR2, mmfr2),
};

static unsigned int field_value(const struct field *f, unsigned int host, const struct idregs_vm *vm)
{
	switch (f->rule) {
	case HOST:
		return host;
	case CAP:
		return host < f->arg ? host : f->arg;
	case FIXED:
		return f->arg;
	case CAP_IF:
		return host ? f->arg : 0;
	case PMU:
		/*
		 * 0xf is an IMPLEMENTATION DEFINED PMU: nothing zarm could
		 * model. pmu/ emulates up to PMUv3p5 (6): a newer host shows that.
		 */
		if (!vm->vpmu || host == 0xf)
			return 0;
		return host > 6 ? 6 : host;
	}
	return 0;
}

uint64_t idregs_sanitize(unsigned int index, uint64_t host, const struct idregs_vm *vm)
{
	for (unsigned int i = 0; i < sizeof(policy) / sizeof(policy[0]); i++) {
		const struct reg_policy *p = &policy[i];
		uint64_t v = 0;

		if (p->index != index)
			continue;
		for (unsigned int j = 0; j < p->n; j++) {
			unsigned int h = idregs_field(host, p->f[j].shift);

			v |= (uint64_t)field_value(&p->f[j], h, vm) << p->f[j].shift;
		}
		return v;
	}
	return 0;
}

void idregs_view_init(struct idregs_view *v, const struct idregs_host *h,
		      const struct idregs_vm *vm)
{
	for (unsigned int i = 0; i < IDREGS_COUNT; i++)
		v->val[i] = idregs_sanitize(i, h->val[i], vm);
}

enum idregs_result idregs_access(const struct idregs_view *v, unsigned int op0,
				 unsigned int op1, unsigned int crn, unsigned int crm,
				 unsigned int op2, bool write, uint64_t *val)
{
	if (op0 != 3 || op1 != 0 || crn != 0 || crm < 1 || crm > 7 || op2 > 7)
		return IDREGS_NOT_ID;
	if (write)
		return IDREGS_UNDEF;
	*val = v->val[IDREGS_INDEX(crm, op2)];
	return IDREGS_READ;
}
