/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine side of the virtual PMU (pmu/): every PMU register access of
 * a guest traps here (MDCR_EL2.TPM and TPMCR), the guest's counters live in
 * the host's counters of the same index while its vCPU is loaded, and the
 * host's PMU interrupt (PPI 23 at EL2) feeds the model's overflow flags,
 * whose level drives the vCPU's PPI 23 in its vGIC.
 *
 * A vCPU's PMU goes into the hardware only from its first PMU access on
 * ("live"): guests that never touch the PMU pay nothing per vCPU switch.
 * Between vCPUs the hardware is stopped (PMCR.E = 0, nothing enabled), and
 * the model never gives the hardware NSH = 1 (nor, with EL3, M = P), so
 * neither zarm's EL2 code nor its EL3 monitor is counted for anyone.
 * MDCR_EL2.HPMD (PMUv3p1) also prohibits counting at EL2.
 */
#include "arch/arm64/arm64.h"
#include "arch/arm64/sysreg.h"
#include "irq/vgic.h"
#include "pmu/pmu.h"

#define MDCR_TPMCR (1UL << 5)
#define MDCR_TPM (1UL << 6)
#define MDCR_HPMD (1UL << 17)

#define PMINTENSET_EL1 "S3_0_C9_C14_1"
#define PMINTENCLR_EL1 "S3_0_C9_C14_2"

static bool pmu_present;
static struct pmu_config host_cfg;

bool pmu_arch_present(void)
{
	return pmu_present;
}

void pmu_arch_probe(void)
{
	uint64_t ver = (read_sysreg(id_aa64dfr0_el1) >> 8) & 0xf;
	uint64_t pmcr;

	if (ver == 0 || ver == 0xf) {
		log_info("no PMUv3 (PMUVer %lu): guests get no PMU", ver);
		return;
	}
	pmcr = read_sysreg(pmcr_el0);
	host_cfg.nr_counters = (unsigned int)(pmcr >> PMU_PMCR_N_SHIFT) & 31;
	host_cfg.pmuver = (unsigned int)ver;
	host_cfg.host_el3 = (read_sysreg(id_aa64pfr0_el1) >> 12 & 0xf) != 0;
	/* The CPU view shows the host's EL3 field: the guest sees the same EL3. */
	host_cfg.has_el3 = host_cfg.host_el3;
	host_cfg.ceid0 = read_sysreg(pmceid0_el0);
	host_cfg.ceid1 = read_sysreg(pmceid1_el0);
	host_cfg.pmcr_id = (uint32_t)(pmcr & PMU_PMCR_ID_MASK);
	pmu_present = true;
	log_info("PMUv3 (PMUVer %lu): guests get %u event counters and the cycle counter, "
		 "PMUVer %u", ver, host_cfg.nr_counters, pmu_version(&host_cfg));
}

static void hw_stop(void)
{
	write_sysreg(pmcr_el0, 0);
	write_sysreg(pmcntenclr_el0, 0xffffffffUL);
	isb();
}

/*
 * MDCR_EL2's PMU part while guests run (cpu_view.c adds the debug traps):
 * every PMU register access traps, every counter is in EL1's range, and
 * counting at EL2 is prohibited.
 */
uint64_t pmu_arch_mdcr(void)
{
	uint64_t mdcr = MDCR_TPM | MDCR_TPMCR;

	if (pmu_present) {
		mdcr |= host_cfg.nr_counters;	/* HPMN */
		if (host_cfg.pmuver >= PMU_VER_V3P1)
			mdcr |= MDCR_HPMD;
	}
	return mdcr;
}

void pmu_arch_cpu_init(void)
{
	if (pmu_present) {
		hw_stop();
		write_sysreg_s(PMINTENCLR_EL1, 0xffffffffUL);
		write_sysreg(pmovsclr_el0, 0xffffffffUL);
		write_sysreg(pmuserenr_el0, 0);
	}
	write_sysreg(mdcr_el2, pmu_arch_mdcr());
	isb();
}

/*
 * PMEVCNTR<n>_EL0 is S3_3_C14_C(8 + n / 8)_(n % 8), PMEVTYPER<n>_EL0
 * S3_3_C14_C(12 + n / 8)_(n % 8): names must be literal in the
 * instruction, so each counter has its own case (n, CRm, CRm, op2).
 */
#define PMU_COUNTERS(X) \
	X(0, "8", "12", "0") X(1, "8", "12", "1") X(2, "8", "12", "2") \
	X(3, "8", "12", "3") X(4, "8", "12", "4") X(5, "8", "12", "5") \
	X(6, "8", "12", "6") X(7, "8", "12", "7") X(8, "9", "13", "0") \
	X(9, "9", "13", "1") X(10, "9", "13", "2") X(11, "9", "13", "3") \
	X(12, "9", "13", "4") X(13, "9", "13", "5") X(14, "9", "13", "6") \
	X(15, "9", "13", "7") X(16, "10", "14", "0") X(17, "10", "14", "1") \
	X(18, "10", "14", "2") X(19, "10", "14", "3") X(20, "10", "14", "4") \
	X(21, "10", "14", "5") X(22, "10", "14", "6") X(23, "10", "14", "7") \
	X(24, "11", "15", "0") X(25, "11", "15", "1") X(26, "11", "15", "2") \
	X(27, "11", "15", "3") X(28, "11", "15", "4") X(29, "11", "15", "5") \
	X(30, "11", "15", "6")

static uint64_t op_read_counter(void *ctx, unsigned int idx)
{
	(void)ctx;
	switch (idx) {
	case PMU_CYCLE_IDX:
		return read_sysreg(pmccntr_el0);
#define X(n, cc, tc, op2) case n: return read_sysreg_s("S3_3_C14_C" cc "_" op2);
	PMU_COUNTERS(X)
#undef X
	default:
		return 0;
	}
}

static void op_write_counter(void *ctx, unsigned int idx, uint64_t v)
{
	(void)ctx;
	switch (idx) {
	case PMU_CYCLE_IDX:
		write_sysreg(pmccntr_el0, v);
		break;
#define X(n, cc, tc, op2) case n: write_sysreg_s("S3_3_C14_C" cc "_" op2, v); break;
	PMU_COUNTERS(X)
#undef X
	default:
		break;
	}
}

static void write_typer(unsigned int idx, uint64_t v)
{
	switch (idx) {
#define X(n, cc, tc, op2) case n: write_sysreg_s("S3_3_C14_C" tc "_" op2, v); break;
	PMU_COUNTERS(X)
#undef X
	default:
		break;
	}
}

/* Types and filters first, enables next, PMCR.E last. */
static void op_program(void *ctx, const struct pmu_hw *hw, uint64_t what)
{
	(void)ctx;
	for (unsigned int i = 0; i < host_cfg.nr_counters; i++)
		if (what & (1ULL << i))
			write_typer(i, hw->evtyper[i]);
	if (what & PMU_HW_CCFILTR)
		write_sysreg(pmccfiltr_el0, hw->ccfiltr);
	if (what & PMU_HW_INTEN) {
		write_sysreg_s(PMINTENCLR_EL1, ~(uint64_t)hw->inten & 0xffffffffUL);
		write_sysreg_s(PMINTENSET_EL1, hw->inten);
	}
	if (what & PMU_HW_CNTEN) {
		write_sysreg(pmcntenclr_el0, ~(uint64_t)hw->cnten & 0xffffffffUL);
		write_sysreg(pmcntenset_el0, hw->cnten);
	}
	if (what & PMU_HW_USERENR)
		write_sysreg(pmuserenr_el0, hw->userenr);
	if (what & PMU_HW_PMCR)
		write_sysreg(pmcr_el0, hw->pmcr);
	isb();
}

static void op_stop(void *ctx)
{
	(void)ctx;
	hw_stop();
}

static uint32_t op_take_overflow(void *ctx)
{
	uint64_t v = read_sysreg(pmovsset_el0) & 0xffffffffUL;

	(void)ctx;
	if (v) {
		write_sysreg(pmovsclr_el0, v);
		isb();
	}
	return (uint32_t)v;
}

/*
 * The vCPU's PPI 23 in its vGIC. Its LRs are read back first when they
 * are in the hardware (a trap of the running vCPU) and written again after,
 * so a new pending interrupt reaches it before it resumes.
 */
static void op_set_irq(void *ctx, bool level)
{
	struct arm64_vcpu *av = ctx;
	struct arm64_vm *avm = vcpu_avm(av);
	bool live = av->lr_live;

	vgic_arch_sync(av);
	spin_lock(&avm->vgic_lock);
	vgic_set_level(avm->vgic, av->vcpu.id, PMU_PPI, level);
	spin_unlock(&avm->vgic_lock);
	if (live)
		vgic_arch_flush(av);
}

/* With the vCPU's reset (not loaded): a fresh PMU, out of the hardware. */
void pmu_arch_vcpu_reset(struct arm64_vcpu *av)
{
	struct pmu_ops ops = {
		.read_counter = op_read_counter,
		.write_counter = op_write_counter,
		.program = op_program,
		.stop = op_stop,
		.take_overflow = op_take_overflow,
		.set_irq = op_set_irq,
		.ctx = av,
	};

	if (!pmu_present)
		return;
	av->pmu_live = false;
	if (av->pmu_ready) {
		pmu_reset(&av->pmu);
		return;
	}
	if (pmu_init(&av->pmu, &host_cfg, &ops) == 0)
		av->pmu_ready = true;
}

void pmu_arch_load(struct arm64_vcpu *av)
{
	if (av->pmu_live)
		pmu_load(&av->pmu);
}

void pmu_arch_put(struct arm64_vcpu *av)
{
	if (av->pmu_live)
		pmu_put(&av->pmu);
}

/* The host's PMU interrupt: overflows of the loaded vCPU's counters. */
void pmu_arch_irq(struct arm64_pcpu *pc)
{
	struct arm64_vcpu *av = pc->loaded;
	uint32_t ovs;

	if (!pmu_present)
		return;
	ovs = op_take_overflow(NULL);
	if (ovs && av && av->pmu_live)
		pmu_hw_overflow(&av->pmu, ovs);
}

/*
 * A trapped MRS/MSR (EC 0x18). Returns -1 when it names no PMU register,
 * else what the trap path does next. @full: x19-x29 are in the frame.
 */
int pmu_arch_trap(struct arm64_regs *r, uint64_t esr, bool full)
{
	struct arm64_vcpu *av = regs_vcpu(r);
	unsigned int rt = (esr >> 5) & 31, n;
	bool write = !(esr & 1);
	enum pmu_reg reg;
	enum pmu_result res;
	uint64_t val;

	if (!pmu_decode((esr >> 20) & 3, (esr >> 14) & 7, (esr >> 10) & 15, (esr >> 1) & 15,
			(esr >> 17) & 7, &reg, &n))
		return -1;
	if (!full && rt >= 19 && rt <= 29)
		return TRAP_FULL;	/* Rt is not in the frame yet */
	if (!av->pmu_ready) {
		arm64_inject_sync(ESR_IL);	/* no PMU: UNDEFINED, as on the hardware */
		return TRAP_RESUME;
	}
	if (unlikely(!av->pmu_live)) {
		av->pmu_live = true;
		pmu_load(&av->pmu);
	}
	val = write && rt != 31 ? r->x[rt] : 0;
	res = pmu_access(&av->pmu, reg, n, write,
			 (read_sysreg(spsr_el2) & SPSR_MODE_MASK) == 0 ? 0 : 1, &val);
	if (likely(res == PMU_DONE)) {
		if (!write && rt != 31)
			r->x[rt] = val;
		arm64_skip_insn();
	} else if (res == PMU_TRAP_EL1) {
		/* PMUSERENR_EL0 forbids it: to EL1 with the syndrome EL2 got. */
		arm64_inject_sync((uint64_t)EC_SYS64 << 26 | ESR_IL | (esr & 0x1ffffff));
	} else {
		arm64_inject_sync(ESR_IL);
	}
	return TRAP_RESUME;
}
