/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The CPU a guest sees (cpu_view.h): the MRS of the host's ID registers,
 * the trap controls that make a hidden feature UNDEFINED for the guest,
 * and the per-vCPU state behind the features it is shown. What to show is
 * decided by the models in cpu/; doc/arm64.md lists it field by field.
 */
#include "arch/arm64/arm64.h"
#include "arch/arm64/sysreg.h"
#include "cpu/arm64_idregs.h"

#define MDCR_HPMN_MASK 0x1fUL
#define MDCR_TDA (1UL << 9)
#define MDCR_TDOSA (1UL << 10)
#define MDCR_TDRA (1UL << 11)
#define MDCR_TPMS (1UL << 14)
#define MDCR_TTRF (1UL << 19)
#define CPTR_GUEST 0x33ffUL		/* RES1 bits, TZ, TSM; FP not trapped */
#define CPTR_TTA (1UL << 20)
#define CPTR_TAM (1UL << 30)
#define CPTR_TCPAC (1UL << 31)
#define CPACR_ZEN (3UL << 16)
#define CPACR_SMEN (3UL << 24)
#define HCR_TID3 (1UL << 18)
#define HCR_TLOR (1UL << 35)
#define HCR_TERR (1UL << 36)
#define VDISR_EL2 "S3_4_C12_C1_1"
#define TPIDR2_EL0 "S3_3_C13_C0_5"
#define OSLSR_OSLM_IMPL 0x8UL		/* OSLM = 0b10: the OS Lock is implemented */

static struct idregs_host host;
static uint64_t host_midr, guest_mdcr, guest_cptr;
/*
 * CPACR_EL1 bits that are always set in the hardware and never seen by the
 * guest: with SVE and SME hidden their fields are RES0 for it, and the EL1
 * trap they control must not fire (EC 0x19/0x1d at EL1, where a CPU without
 * SVE gives UNDEFINED): the access goes on to CPTR_EL2's trap and zarm
 * answers UNDEFINED.
 */
static uint64_t cpacr_forced;
static unsigned int nbrp, nwrp;
static bool host_ras, host_sme, switch_tpidr2;
/* The CPU's breakpoint registers may hold some vCPU's values. */
static bool dbg_dirty[ARM64_MAX_CPUS];
/* The CPU's EL2 controls for guests are set (they are the same for all). */
static bool cpu_ready[ARM64_MAX_CPUS];
uint64_t cpu_view_hcr;

#define RD(crm, op2) host.val[IDREGS_INDEX(crm, op2)] = read_sysreg_s("S3_0_C0_C" #crm "_" #op2)
#define RD8(crm) do { RD(crm, 0); RD(crm, 1); RD(crm, 2); RD(crm, 3); \
		      RD(crm, 4); RD(crm, 5); RD(crm, 6); RD(crm, 7); } while (0)

void cpu_view_probe(void)
{
	uint64_t pfr0, pfr1, dfr0, mmfr1;

	/* The whole space: reserved encodings there are RAZ at EL2 too. */
	RD8(1);
	RD8(2);
	RD8(3);
	RD8(4);
	RD8(5);
	RD8(6);
	RD8(7);
	host_midr = read_sysreg(midr_el1);
	pfr0 = host.val[IDREG_ID_AA64PFR0];
	pfr1 = host.val[IDREG_ID_AA64PFR1];
	dfr0 = host.val[IDREG_ID_AA64DFR0];
	mmfr1 = host.val[IDREG_ID_AA64MMFR1];
	nbrp = idregs_field(dfr0, 12) + 1;
	nwrp = idregs_field(dfr0, 20) + 1;
	host_ras = idregs_field(pfr0, 28) != 0;
	host_sme = idregs_field(pfr1, 24) != 0;
	if (idregs_field(pfr0, 32))
		cpacr_forced |= CPACR_ZEN;
	if (host_sme)
		cpacr_forced |= CPACR_SMEN;
	/*
	 * TPIDR2_EL0 (SME) is per-vCPU state. With an EL3 below zarm, its
	 * SCR_EL3.EnTP2 decides whether anyone below can reach it (a trap to
	 * EL3 otherwise, which zarm cannot probe safely): switched only
	 * without EL3 (QEMU's own PSCI), where it is always reachable.
	 */
	switch_tpidr2 = host_sme && idregs_field(pfr0, 12) == 0;
	/*
	 * Hidden features with trap controls are trapped, and zarm answers
	 * UNDEFINED: statistical profiling, trace, AMU, LORegions, RAS error
	 * records. Debug registers trap so that only the ones shown exist
	 * (and switch). The PMU's registers trap to the virtual PMU
	 * (pmu_arch.c: TPM, TPMCR, HPMD, HPMN), or are UNDEFINED without one.
	 */
	guest_mdcr = pmu_arch_mdcr() | MDCR_TDA | MDCR_TDOSA | MDCR_TDRA;
	if (idregs_field(dfr0, 32))
		guest_mdcr |= MDCR_TPMS;
	if (idregs_field(dfr0, 40))
		guest_mdcr |= MDCR_TTRF;
	guest_cptr = CPTR_GUEST | CPTR_TTA | (cpacr_forced ? CPTR_TCPAC : 0);
	if (idregs_field(pfr0, 44))
		guest_cptr |= CPTR_TAM;
	cpu_view_hcr = HCR_TID3;
	if (idregs_field(mmfr1, 16))
		cpu_view_hcr |= HCR_TLOR;
	if (host_ras)
		cpu_view_hcr |= HCR_TERR;
}

bool arm64_vm_has_vpmu(const struct arm64_vm *avm)
{
	(void)avm;
	return pmu_arch_present();	/* every VM, when the host has a PMUv3 */
}

void cpu_view_vm_init(struct arm64_vm *avm)
{
	struct idregs_vm vm = { .vpmu = arm64_vm_has_vpmu(avm) };

	idregs_view_init(&avm->idregs, &host, &vm);
}

void cpu_view_vcpu_reset(struct arm64_vcpu *av)
{
	memset(&av->view, 0, sizeof(av->view));
	av->view.oslk = 1;	/* the OS Lock is locked at reset */
	av->sys.cpacr |= cpacr_forced;	/* loaded as it is, kept by the CPACR trap */
}

/* Breakpoint/watchpoint register @n of @kind (0 BVR, 1 BCR, 2 WVR, 3 WCR). */
static void bp_write(unsigned int kind, unsigned int n, uint64_t v)
{
#define BP(n) \
	case n: write_sysreg(dbgbvr##n##_el1, v); break; \
	case 16 + n: write_sysreg(dbgbcr##n##_el1, v); break; \
	case 32 + n: write_sysreg(dbgwvr##n##_el1, v); break; \
	case 48 + n: write_sysreg(dbgwcr##n##_el1, v); break;
	switch (kind * 16 + n) {
	BP(0) BP(1) BP(2) BP(3) BP(4) BP(5) BP(6) BP(7)
	BP(8) BP(9) BP(10) BP(11) BP(12) BP(13) BP(14) BP(15)
	}
#undef BP
}

static void bp_load_all(const struct cpu_view_vcpu *d)
{
	for (unsigned int i = 0; i < nbrp && i < DBGREGS_MAX_BP; i++) {
		bp_write(0, i, d ? d->bvr[i] : 0);
		bp_write(1, i, d ? d->bcr[i] : 0);
	}
	for (unsigned int i = 0; i < nwrp && i < DBGREGS_MAX_BP; i++) {
		bp_write(2, i, d ? d->wvr[i] : 0);
		bp_write(3, i, d ? d->wcr[i] : 0);
	}
}

void cpu_view_load(struct arm64_vcpu *av)
{
	struct cpu_view_vcpu *d = &av->view;
	unsigned int cpu = this_pcpu()->index;

	if (unlikely(!cpu_ready[cpu])) {
		cpu_ready[cpu] = true;
		write_sysreg(vpidr_el2, host_midr);
		write_sysreg(mdcr_el2, guest_mdcr);
		write_sysreg(cptr_el2, guest_cptr);
	}
	write_sysreg(oslar_el1, d->oslk);
	write_sysreg(osdlr_el1, d->osdlr);
	/* Only a vCPU that set breakpoints pays for loading them. */
	if (d->armed) {
		bp_load_all(d);
		dbg_dirty[cpu] = true;
	} else if (dbg_dirty[cpu]) {
		bp_load_all(NULL);
		dbg_dirty[cpu] = false;
	}
	if (host_ras)
		write_sysreg_s(VDISR_EL2, d->vdisr);
	if (switch_tpidr2)
		write_sysreg_s(TPIDR2_EL0, d->tpidr2);
}

void cpu_view_put(struct arm64_vcpu *av)
{
	if (host_ras)
		av->view.vdisr = read_sysreg_s(VDISR_EL2);
	if (switch_tpidr2)
		av->view.tpidr2 = read_sysreg_s(TPIDR2_EL0);
}

static uint64_t *bp_slot(struct cpu_view_vcpu *d, enum dbg_action a, unsigned int n)
{
	switch (a) {
	case DBG_BVR:
		return &d->bvr[n];
	case DBG_BCR:
		return &d->bcr[n];
	case DBG_WVR:
		return &d->wvr[n];
	default:
		return &d->wcr[n];
	}
}

/* A debug-register access; false if UNDEFINED. */
static bool debug_access(struct arm64_vcpu *av, struct dbg_decoded dd, bool write,
			 uint64_t *val)
{
	struct cpu_view_vcpu *d = &av->view;

	switch (dd.action) {
	case DBG_UNDEF:
		return false;
	case DBG_RAZ_WI:
		*val = 0;
		return true;
	case DBG_BVR:
	case DBG_BCR:
	case DBG_WVR:
	case DBG_WCR: {
		uint64_t *slot = bp_slot(d, dd.action, dd.n);

		if (!write) {
			*val = *slot;
			return true;
		}
		*slot = *val;
		if (*val)
			d->armed = true;
		bp_write((unsigned int)(dd.action - DBG_BVR), dd.n, *val);
		dbg_dirty[this_pcpu()->index] = true;
		return true;
	}
	case DBG_MDSCR:
		if (write)
			write_sysreg(mdscr_el1, *val);
		else
			*val = read_sysreg(mdscr_el1);
		return true;
	case DBG_OSLAR:
		d->oslk = *val & 1;
		write_sysreg(oslar_el1, d->oslk);
		return true;
	case DBG_OSLSR:
		*val = OSLSR_OSLM_IMPL | (d->oslk << 1);
		return true;
	case DBG_OSDLR:
		if (write) {
			d->osdlr = *val & 1;
			write_sysreg(osdlr_el1, d->osdlr);
		} else {
			*val = read_sysreg(osdlr_el1);
		}
		return true;
	case DBG_AUTHSTATUS:
		*val = read_sysreg(dbgauthstatus_el1);
		return true;
	}
	return false;
}

int cpu_view_sysreg(struct arm64_regs *r, uint64_t esr, bool full)
{
	struct arm64_vcpu *av = regs_vcpu(r);
	unsigned int op0 = (esr >> 20) & 3, op2 = (esr >> 17) & 7, op1 = (esr >> 14) & 7;
	unsigned int crn = (esr >> 10) & 15, rt = (esr >> 5) & 31, crm = (esr >> 1) & 15;
	bool write = !(esr & 1), ok;
	uint64_t val = 0;

	if (op0 == 3 && op1 == 0 && crn == 1 && crm == 0 && op2 == 2) {
		/* CPACR_EL1 (CPTR_EL2.TCPAC): without the forced bits. */
		if (!full && rt >= 19 && rt <= 29)
			return TRAP_FULL;
		if (write)
			write_sysreg(cpacr_el1, (rt == 31 ? 0 : r->x[rt] & ~cpacr_forced) |
				     cpacr_forced);
		else if (rt != 31)
			r->x[rt] = read_sysreg(cpacr_el1) & ~cpacr_forced;
		arm64_skip_insn();
		return TRAP_RESUME;
	}
	if (op0 == 3) {
		if (idregs_access(&vcpu_avm(av)->idregs, op0, op1, crn, crm, op2, write, &val) ==
		    IDREGS_NOT_ID)
			return -1;
	} else if (op0 != 2) {
		return -1;
	}
	if (!full && rt >= 19 && rt <= 29)
		return TRAP_FULL;	/* the operand is in a register not saved yet */
	if (write)
		val = rt == 31 ? 0 : r->x[rt];
	if (op0 == 3)
		ok = !write;		/* ID registers are read-only */
	else
		ok = debug_access(av, dbgregs_decode(op0, op1, crn, crm, op2, write, nbrp, nwrp),
				  write, &val);
	if (!ok) {
		arm64_inject_undef();
		return TRAP_RESUME;
	}
	if (!write && rt != 31)
		r->x[rt] = val;
	arm64_skip_insn();
	return TRAP_RESUME;
}
