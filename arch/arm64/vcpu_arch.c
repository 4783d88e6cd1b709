/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The EL1 context of a vCPU: reset state, and the switch between the
 * registers of the CPU and the saved copy (system registers, FP/SIMD,
 * virtual timer with CNTVOFF, the GIC virtual interface's VMCR and active
 * priorities; the list registers belong to irq/vgic, see vgic_arch.c). A
 * vCPU stays loaded
 * until another one needs the CPU, so a guest that traps and resumes pays
 * for none of this.
 */
#include "arch/arm64/arm64.h"
#include "arch/arm64/sysreg.h"

#define SCTLR_EL1_RESET 0x30d00800UL
#define CNTV_ENABLE (1UL << 0)
#define CNTV_IMASK (1UL << 1)
#define CNTV_ISTATUS (1UL << 2)

void vcpu_arch_reset(struct arm64_vcpu *av, uint64_t entry, uint64_t x0)
{
	memset(&av->regs, 0, sizeof(av->regs));
	memset(&av->sys, 0, sizeof(av->sys));
	memset(&av->fp, 0, sizeof(av->fp));
	av->regs.x[0] = x0;
	av->regs.elr = entry;
	av->regs.spsr = SPSR_EL1H_MASKED;
	av->sys.sctlr = SCTLR_EL1_RESET;
	av->abort_vec = ~0UL;
	av->abort_nest = 0;
	/* Aff0 = vCPU index, as the guest's device tree says. */
	av->sys.vmpidr = (1UL << 31) | av->vcpu.id;
	cpu_view_vcpu_reset(av);
	pmu_arch_vcpu_reset(av);
}

/* The pointer-authentication keys, in struct order. */
static void apkeys_load(const uint64_t *k)
{
	write_sysreg_s(APKEY_ENC(1, 0), k[0]);
	write_sysreg_s(APKEY_ENC(1, 1), k[1]);
	write_sysreg_s(APKEY_ENC(1, 2), k[2]);
	write_sysreg_s(APKEY_ENC(1, 3), k[3]);
	write_sysreg_s(APKEY_ENC(2, 0), k[4]);
	write_sysreg_s(APKEY_ENC(2, 1), k[5]);
	write_sysreg_s(APKEY_ENC(2, 2), k[6]);
	write_sysreg_s(APKEY_ENC(2, 3), k[7]);
	write_sysreg_s(APKEY_ENC(3, 0), k[8]);
	write_sysreg_s(APKEY_ENC(3, 1), k[9]);
}

static void apkeys_save(uint64_t *k)
{
	k[0] = read_sysreg_s(APKEY_ENC(1, 0));
	k[1] = read_sysreg_s(APKEY_ENC(1, 1));
	k[2] = read_sysreg_s(APKEY_ENC(1, 2));
	k[3] = read_sysreg_s(APKEY_ENC(1, 3));
	k[4] = read_sysreg_s(APKEY_ENC(2, 0));
	k[5] = read_sysreg_s(APKEY_ENC(2, 1));
	k[6] = read_sysreg_s(APKEY_ENC(2, 2));
	k[7] = read_sysreg_s(APKEY_ENC(2, 3));
	k[8] = read_sysreg_s(APKEY_ENC(3, 0));
	k[9] = read_sysreg_s(APKEY_ENC(3, 1));
}

void vcpu_arch_load(struct arm64_vcpu *av)
{
	struct arm64_sysregs *s = &av->sys;

	stage2_load(vcpu_avm(av));
	av->lr_hw = 0;		/* no vCPU loaded: every LR is 0 (see _put) */
	write_sysreg(sctlr_el1, s->sctlr);
	write_sysreg(actlr_el1, s->actlr);
	write_sysreg(cpacr_el1, s->cpacr);
	write_sysreg(ttbr0_el1, s->ttbr0);
	write_sysreg(ttbr1_el1, s->ttbr1);
	write_sysreg(tcr_el1, s->tcr);
	write_sysreg(esr_el1, s->esr);
	write_sysreg(afsr0_el1, s->afsr0);
	write_sysreg(afsr1_el1, s->afsr1);
	write_sysreg(far_el1, s->far);
	write_sysreg(mair_el1, s->mair);
	write_sysreg(amair_el1, s->amair);
	write_sysreg(vbar_el1, s->vbar);
	write_sysreg(contextidr_el1, s->contextidr);
	write_sysreg(tpidr_el1, s->tpidr_el1);
	write_sysreg(tpidr_el0, s->tpidr_el0);
	write_sysreg(tpidrro_el0, s->tpidrro);
	write_sysreg(sp_el0, s->sp_el0);
	write_sysreg(sp_el1, s->sp_el1);
	write_sysreg(elr_el1, s->elr_el1);
	write_sysreg(spsr_el1, s->spsr_el1);
	write_sysreg(par_el1, s->par);
	write_sysreg(cntkctl_el1, s->cntkctl);
	write_sysreg(csselr_el1, s->csselr);
	write_sysreg(mdscr_el1, s->mdscr);
	write_sysreg(vmpidr_el2, s->vmpidr);
	write_sysreg(cntvoff_el2, s->cntvoff);
	write_sysreg(cntv_cval_el0, s->cntv_cval);
	write_sysreg(cntv_ctl_el0, s->cntv_ctl);
	write_sysreg_s(ICH_VMCR_EL2, s->ich_vmcr);
	vgic_apr_load(s->ich_ap0r, s->ich_ap1r);
	arm64_fpsimd_load(&av->fp);
	if (arm64_has_pauth)
		apkeys_load(s->apkey);
	cpu_view_load(av);
	if (av->pmu_live)
		pmu_arch_load(av);
	write_sysreg(hcr_el2, HCR_GUEST | cpu_view_hcr);
	isb();
}

void vcpu_arch_put(struct arm64_vcpu *av)
{
	struct arm64_sysregs *s = &av->sys;

	s->sctlr = read_sysreg(sctlr_el1);
	s->actlr = read_sysreg(actlr_el1);
	s->cpacr = read_sysreg(cpacr_el1);
	s->ttbr0 = read_sysreg(ttbr0_el1);
	s->ttbr1 = read_sysreg(ttbr1_el1);
	s->tcr = read_sysreg(tcr_el1);
	s->esr = read_sysreg(esr_el1);
	s->afsr0 = read_sysreg(afsr0_el1);
	s->afsr1 = read_sysreg(afsr1_el1);
	s->far = read_sysreg(far_el1);
	s->mair = read_sysreg(mair_el1);
	s->amair = read_sysreg(amair_el1);
	s->vbar = read_sysreg(vbar_el1);
	s->contextidr = read_sysreg(contextidr_el1);
	s->tpidr_el1 = read_sysreg(tpidr_el1);
	s->tpidr_el0 = read_sysreg(tpidr_el0);
	s->tpidrro = read_sysreg(tpidrro_el0);
	s->sp_el0 = read_sysreg(sp_el0);
	s->sp_el1 = read_sysreg(sp_el1);
	s->elr_el1 = read_sysreg(elr_el1);
	s->spsr_el1 = read_sysreg(spsr_el1);
	s->par = read_sysreg(par_el1);
	s->cntkctl = read_sysreg(cntkctl_el1);
	s->csselr = read_sysreg(csselr_el1);
	s->mdscr = read_sysreg(mdscr_el1);
	s->cntv_ctl = read_sysreg(cntv_ctl_el0) & ~CNTV_ISTATUS;
	s->cntv_cval = read_sysreg(cntv_cval_el0);
	s->cntvoff = read_sysreg(cntvoff_el2);
	/* A stopped timer cannot fire for the next vCPU. */
	write_sysreg(cntv_ctl_el0, 0);
	/*
	 * Its LRs went back to the model at the last exit (vgic_arch_sync).
	 * The physical timer interrupt behind a hardware LR stays active
	 * until this guest deactivates it, which would starve the next
	 * vCPU: deactivate it now; the model keeps the virtual one, and the
	 * physical line fires again at the next load if still high.
	 */
	if (this_pcpu()->vtimer_active) {
		this_pcpu()->vtimer_active = false;
		gic_deactivate(PPI_VTIMER);
	}
	av->vtimer_release = false;
	/* Leave every LR 0 for the next vCPU: only the ones flushes used. */
	for (unsigned int i = 0; i < av->lr_hw; i++)
		vgic_lr_write(i, 0);
	av->lr_hw = 0;
	s->ich_vmcr = read_sysreg_s(ICH_VMCR_EL2);
	vgic_apr_save(s->ich_ap0r, s->ich_ap1r);
	arm64_fpsimd_save(&av->fp);
	if (arm64_has_pauth)
		apkeys_save(s->apkey);
	if (av->pmu_live)
		pmu_arch_put(av);
	cpu_view_put(av);
	isb();
}

bool vcpu_vtimer_pending(struct arm64_vcpu *av, bool loaded)
{
	uint64_t ctl;

	if (loaded) {
		ctl = read_sysreg(cntv_ctl_el0);
		return (ctl & (CNTV_ENABLE | CNTV_IMASK | CNTV_ISTATUS)) ==
		       (CNTV_ENABLE | CNTV_ISTATUS);
	}
	ctl = av->sys.cntv_ctl;
	return (ctl & (CNTV_ENABLE | CNTV_IMASK)) == CNTV_ENABLE &&
	       arm64_counter() - av->sys.cntvoff >= av->sys.cntv_cval;
}

bool vcpu_vtimer_output(void)
{
	uint64_t ctl = read_sysreg(cntv_ctl_el0);

	return (ctl & (CNTV_ENABLE | CNTV_IMASK | CNTV_ISTATUS)) == (CNTV_ENABLE | CNTV_ISTATUS);
}

uint64_t vcpu_vtimer_deadline(struct arm64_vcpu *av)
{
	if ((av->sys.cntv_ctl & (CNTV_ENABLE | CNTV_IMASK)) != CNTV_ENABLE)
		return 0;
	return av->sys.cntv_cval + av->sys.cntvoff;
}
