/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest traps: one table indexed by ESR_EL2's exception class. Handlers
 * return TRAP_RESUME (straight back into the guest), TRAP_EXIT (back to the
 * scheduler loop) or TRAP_FULL (the handler needs x19-x29 in the frame).
 * Nothing a guest does stops zarm: bad accesses become aborts in the guest.
 */
#include "arch/arm64/ffa_glue.h"
#include "arch/arm64/arm64.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/hypercall.h"
#include "arch/arm64/exc_entry.h"
#include "arch/arm64/psci_core.h"
#include "arch/arm64/s1walk.h"

#define DABT_S1PTW (1UL << 7)
#define DABT_CM (1UL << 8)
#define SCTLR_EE (1UL << 25)
/* Rare paths kept out of line, so the hot trap paths keep their short prologues. */
#define SLOWPATH __attribute__((noinline, cold))
/* Aborts at the vector they were just sent to, in a row: the guest cannot take them. */
#define ABORT_NEST_LIMIT 4

typedef int (*trap_fn)(struct arm64_regs *r, uint64_t esr);

/* vectors.S answers the null hypercall itself from these two constants. */
_Static_assert(EC_HVC64_ASM == EC_HVC64, "vectors.S: EC of HVC64");
_Static_assert(ZARM_HC_NULL == (uint64_t)HC_NULL_HI16 << 16, "vectors.S: ZARM_HC_NULL");

struct exc_cpu_features arm64_exc_features;

void arm64_skip_insn(void)
{
	write_sysreg(elr_el2, read_sysreg(elr_el2) + 4);
}

/*
 * Take a synchronous exception to the guest's EL1 vector as the hardware
 * would: SPSR_EL1/ELR_EL1 from where it was, the PSTATE and vector
 * exception entry gives (exc_entry.c). Returns the vector address.
 */
static uint64_t inject_sync(uint64_t esr_el1, uint64_t far, bool set_far)
{
	uint64_t spsr = read_sysreg(spsr_el2);
	uint64_t vec = read_sysreg(vbar_el1) + exc_vector_offset(spsr);

	write_sysreg(esr_el1, esr_el1);
	if (set_far)
		write_sysreg(far_el1, far);
	write_sysreg(elr_el1, read_sysreg(elr_el2));
	write_sysreg(spsr_el1, spsr);
	write_sysreg(elr_el2, vec);
	write_sysreg(spsr_el2, exc_entry_pstate(spsr, read_sysreg(sctlr_el1),
						&arm64_exc_features));
	return vec;
}

static bool s1_read(void *ctx, uint64_t ipa, uint64_t *desc)
{
	struct arm64_vm *avm = ctx;

	if (ipa % 8 || ipa < avm->ipa_base || ipa - avm->ipa_base >= avm->ram_size)
		return false;
	*desc = *(const volatile uint64_t *)(avm->host_base + (ipa - avm->ipa_base));
	return true;
}

/* Stage-1 level of the walk access that hit @ipa while translating @va. */
static int walk_level(struct arm64_vcpu *av, uint64_t va, uint64_t ipa)
{
	struct s1walk_regs s1 = {
		.tcr = read_sysreg(tcr_el1),
		.ttbr0 = read_sysreg(ttbr0_el1),
		.ttbr1 = read_sysreg(ttbr1_el1),
		.big_endian = read_sysreg(sctlr_el1) & SCTLR_EE,
	};

	return s1walk_fault_level(&s1, va, ipa >> 12, s1_read, vcpu_avm(av));
}

/*
 * A synchronous external abort where the VM has no memory (instruction
 * fetch, data access, or a stage-1 walk reading a descriptor), delivered
 * to the guest's EL1 vector. A guest whose vector itself faults again and
 * again cannot take it: stopped, returns false.
 */
SLOWPATH bool arm64_inject_abort(struct arm64_vcpu *av, uint64_t esr_el2, uint64_t ipa)
{
	bool data = ESR_EC(esr_el2) != EC_IABT_LOW;
	uint64_t far = read_sysreg(far_el2);
	uint64_t spsr = read_sysreg(spsr_el2);
	bool walk = esr_el2 & DABT_S1PTW;
	int level = walk ? walk_level(av, far, ipa) : 0;
	uint64_t esr_el1;

	if (read_sysreg(elr_el2) == av->abort_vec) {
		if (++av->abort_nest >= ABORT_NEST_LIMIT) {
			arm64_vcpu_crash(av, "cannot take the abort: its vector faults", esr_el2);
			return false;
		}
	} else {
		av->abort_nest = 0;
	}
	if (walk && level == S1WALK_NONE)
		level = 0;	/* tables changed under us: the start level is as good as any */
	esr_el1 = exc_abort_esr(spsr, data, esr_el2 & DABT_WNR, walk, level);
	if (data)
		esr_el1 |= esr_el2 & DABT_CM;	/* a DC/AT whose walk faulted */
	av->abort_vec = inject_sync(esr_el1, far, true);
	return true;
}

static void inject_undef(void)
{
	inject_sync(ESR_IL, 0, false);
}

void arm64_inject_undef(void)
{
	inject_undef();
}

void arm64_inject_sync(uint64_t esr_el1)
{
	inject_sync(esr_el1, 0, false);
}

void arm64_vcpu_crash(struct arm64_vcpu *av, const char *why, uint64_t esr)
{
	struct arm64_vm *avm = vcpu_avm(av);

	log_err("VM %s vCPU %u crashed (%s): ESR %lx FAR %lx ELR %lx", avm->vm.name,
	     av->vcpu.id, why, esr, read_sysreg(far_el2), read_sysreg(elr_el2));
	arm64_vm_end(avm, true);
}

/*
 * A vGIC kick may have woken another vCPU of this CPU (only handlers that
 * call the model can cause that): give the scheduler a look instead of
 * resuming.
 */
static int resched_check(int ret)
{
	struct arm64_pcpu *pc = this_pcpu();

	if (ret == TRAP_RESUME && unlikely(pc->need_resched)) {
		pc->need_resched = false;
		return TRAP_EXIT;
	}
	return ret;
}

/*
 * Refused accesses are logged through a per-VM rate limit (a few lines per
 * second, then a count of the suppressed ones), so a guest cannot flood
 * the console.
 */
static void log_abort(struct arm64_vcpu *av, uint64_t esr, uint64_t ipa, const char *what)
{
	struct arm64_vm *avm = vcpu_avm(av);

	zlog_ratelimited(&avm->abort_rl, arm64_counter(), ZLOG_WARN,
			 "VM %s vCPU %u: %s at IPA %lx (ESR %lx, ELR %lx): abort injected",
			 avm->vm.name, av->vcpu.id, what, ipa, esr, read_sysreg(elr_el2));
}

static int trap_hvc(struct arm64_regs *r, uint64_t esr)
{
	uint64_t fn = r->x[0];

	(void)esr;
	if (likely(fn == ZARM_HC_NULL)) {
		r->x[0] = 0;
		return TRAP_RESUME;
	}
	switch (smccc_route(fn)) {
	case SMCCC_PSCI:
		return psci_guest_call(regs_vcpu(r), r);
	case SMCCC_ZARM_TEST_SPI:
		r->x[0] = (uint64_t)(int64_t)vgic_arch_test_level(regs_vcpu(r), r->x[1], r->x[2]);
		return resched_check(TRAP_RESUME);
	case SMCCC_VERSION_CALL:
		r->x[0] = 0x10001;		/* SMCCC 1.1: ARCH_FEATURES exists */
		return TRAP_RESUME;
	case SMCCC_ZARM_NULL:
		r->x[0] = 0;
		return TRAP_RESUME;
	default:
		r->x[0] = (uint64_t)-1;		/* SMCCC NOT_SUPPORTED */
		return TRAP_RESUME;
	}
}

static int trap_smc(struct arm64_regs *r, uint64_t esr)
{
	/* A trapped SMC has not executed: step over it, then treat as HVC. */
	arm64_skip_insn();
	if (ffa_is_ffa_call(r->x[0]))
		return arm64_ffa_call(regs_vcpu(r), r);
	return trap_hvc(r, esr);
}

static int trap_wfx(struct arm64_regs *r, uint64_t esr)
{
	struct arm64_vcpu *av = regs_vcpu(r);
	struct arm64_pcpu *pc = this_pcpu();
	int ret = TRAP_RESUME;

	arm64_skip_insn();
	if (esr & 1) {
		/* WFE: a yield hint, worth acting on only if someone waits. */
		spin_lock(&pc->rq_lock);
		if (sched_has_waiting(&pc->rq))
			ret = TRAP_EXIT;
		spin_unlock(&pc->rq_lock);
	} else if (vgic_arch_wfi_block(av)) {
		ret = TRAP_EXIT;
	}
	return ret;
}

/* ISS of a trapped MSR/MRS: Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10] CRm[4:1]. */
#define SYSREG_KEY(op0, op1, crn, crm, op2) \
	(((uint64_t)(op0) << 20) | ((uint64_t)(op2) << 17) | ((uint64_t)(op1) << 14) | \
	 ((uint64_t)(crn) << 10) | ((uint64_t)(crm) << 1))
#define SYSREG_KEY_MASK 0x3ffc1eUL
#define SYSREG_READ 1UL

typedef int (*sysreg_fn)(struct arm64_regs *r, uint64_t esr);

/* ICC_* at op0 3, op1 0, CRn 12, CRm 8-15: the ones ICH_HCR_EL2.TALL0/1 trap live there. */
#define ICC_GROUP_KEY SYSREG_KEY(3, 0, 12, 8, 0)
#define ICC_GROUP_MASK SYSREG_KEY(3, 7, 15, 8, 0)

#define SYSREG_RT(esr) (((esr) >> 5) & 31)
/* CRn 9 or 14: where every PMU register lives (a cheap first filter). */
#define SYSREG_PMU_CRN(esr) ((((esr) >> 10) & 15) == 9 || (((esr) >> 10) & 15) == 14)

/* ICC_SGI1R_EL1, ICC_ASGI1R_EL1 (Group 1) and ICC_SGI0R_EL1 (Group 0): write-only. */
static int sysreg_sgi(struct arm64_regs *r, uint64_t esr)
{
	unsigned int rt = SYSREG_RT(esr);

	if (esr & SYSREG_READ) {
		inject_undef();
		return TRAP_RESUME;
	}
	if (rt >= 19 && rt <= 29)
		return TRAP_FULL;	/* the value is in a register not saved yet */
	vgic_arch_sgi(regs_vcpu(r), rt == 31 ? 0 : r->x[rt], ((esr >> 17) & 7) != 7);
	arm64_skip_insn();
	return resched_check(TRAP_RESUME);
}

static const struct {
	uint64_t key;
	sysreg_fn fn;
} sysreg_table[] = {
	{ SYSREG_KEY(3, 0, 12, 11, 5), sysreg_sgi },	/* ICC_SGI1R_EL1 */
	{ SYSREG_KEY(3, 0, 12, 11, 6), sysreg_sgi },	/* ICC_ASGI1R_EL1 */
	{ SYSREG_KEY(3, 0, 12, 11, 7), sysreg_sgi },	/* ICC_SGI0R_EL1 */
};

/*
 * Trapped system-register accesses go to the handler in the table, the ID
 * and debug registers (and CPACR_EL1) to cpu_view.c; the rest (e.g. the EL1
 * physical timer, which CNTHCTL_EL2 traps and zarm does not virtualise)
 * are UNDEFINED for the guest.
 */
static int trap_sysreg(struct arm64_regs *r, uint64_t esr)
{
	uint64_t key = esr & SYSREG_KEY_MASK;
	int ret;

	for (unsigned int i = 0; i < ARRAY_SIZE(sysreg_table); i++)
		if (sysreg_table[i].key == key)
			return sysreg_table[i].fn(r, esr);
	if ((key & ICC_GROUP_MASK) == ICC_GROUP_KEY) {
		ret = vgic_arch_icc_trap(regs_vcpu(r), r, esr);
		if (ret >= 0)
			return resched_check(ret);
	}
	ret = SYSREG_PMU_CRN(esr) ? pmu_arch_trap(r, esr, false) : -1;	/* PMU: pmu_arch.c */
	if (ret < 0)
		ret = cpu_view_sysreg(r, esr, false);	/* ID and debug registers */
	if (ret >= 0)
		return ret;
	inject_undef();
	return TRAP_RESUME;
}

static int trap_iabt(struct arm64_regs *r, uint64_t esr)
{
	struct arm64_vcpu *av = regs_vcpu(r);
	uint64_t ipa = ((read_sysreg(hpfar_el2) >> 4) << 12) | (read_sysreg(far_el2) & 0xfff);

	log_abort(av, esr, ipa, esr & DABT_S1PTW ? "instruction fetch walk outside its memory"
						  : "instruction fetch outside its memory");
	return arm64_inject_abort(av, esr, ipa) ? TRAP_RESUME : TRAP_EXIT;
}

static SLOWPATH int dabt_refuse(struct arm64_vcpu *av, uint64_t esr, uint64_t ipa,
				const char *what)
{
	log_abort(av, esr, ipa, what);
	return arm64_inject_abort(av, esr, ipa) ? TRAP_RESUME : TRAP_EXIT;
}

/* Emulate one data abort with a valid syndrome; @r must be complete for SRT. */
static int dabt_emulate(struct arm64_regs *r, uint64_t esr)
{
	struct arm64_vcpu *av = regs_vcpu(r);
	uint64_t ipa = ((read_sysreg(hpfar_el2) >> 4) << 12) | (read_sysreg(far_el2) & 0xfff);
	unsigned int srt = DABT_SRT(esr);
	bool write = esr & DABT_WNR;
	uint64_t val = 0;

	if (write && srt != 31)
		val = r->x[srt];
	if (unlikely(mmio_access(&vcpu_avm(av)->bus, ipa, 1U << DABT_SAS(esr), write,
				 esr & DABT_SSE, esr & DABT_SF, &val)))
		return dabt_refuse(av, esr, ipa, "access outside its memory");
	if (!write && srt != 31)
		r->x[srt] = val;
	arm64_skip_insn();
	return resched_check(TRAP_RESUME);	/* GIC registers may kick */
}

static int trap_dabt(struct arm64_regs *r, uint64_t esr)
{
	unsigned int srt = DABT_SRT(esr);

	if (unlikely(esr & DABT_CM) && !(esr & DABT_S1PTW)) {
		/*
		 * Cache maintenance by VA on a device or where there is no
		 * memory (ISV = 0): nothing to maintain, no abort (as on the
		 * bare machine).
		 */
		arm64_skip_insn();
		return TRAP_RESUME;
	}
	if (unlikely((esr & (DABT_ISV | DABT_S1PTW)) != DABT_ISV)) {
		uint64_t ipa = ((read_sysreg(hpfar_el2) >> 4) << 12) |
			       (read_sysreg(far_el2) & 0xfff);

		return dabt_refuse(regs_vcpu(r), esr, ipa,
				   esr & DABT_S1PTW ? "page-table walk outside its memory"
						    : "undecodable access");
	}
	if (unlikely(srt - 19 <= 29 - 19))
		return TRAP_FULL;
	return dabt_emulate(r, esr);
}

/*
 * A trapped instruction of a class zarm does not emulate (SME under
 * CPTR_EL2.TSM, AArch32 coprocessor accesses from EL0, ...): UNDEFINED for
 * the guest, as KVM answers, with the trapped instruction's length.
 */
static SLOWPATH int trap_unknown(struct arm64_regs *r, uint64_t esr)
{
	struct arm64_vcpu *av = regs_vcpu(r);
	struct arm64_vm *avm = vcpu_avm(av);

	zlog_ratelimited(&avm->abort_rl, arm64_counter(), ZLOG_WARN,
			 "VM %s vCPU %u: trap EC %lx (ESR %lx, ELR %lx): UNDEFINED injected",
			 avm->vm.name, av->vcpu.id, ESR_EC(esr), esr, read_sysreg(elr_el2));
	inject_sync(esr & ESR_IL, 0, false);
	return TRAP_RESUME;
}

/*
 * SVE and SME are not switched with the vCPU (CPTR_EL2.TZ and TSM trap
 * them) and the guest's ID registers do not show them: UNDEFINED.
 */
static int trap_undef(struct arm64_regs *r, uint64_t esr)
{
	(void)r;
	(void)esr;
	inject_undef();
	return TRAP_RESUME;
}

static const trap_fn trap_table[64] = {
	[EC_SVE] = trap_undef,
	[EC_SME] = trap_undef,
	[EC_WFX] = trap_wfx,
	[EC_HVC64] = trap_hvc,
	[EC_SMC64] = trap_smc,
	[EC_SYS64] = trap_sysreg,
	[EC_IABT_LOW] = trap_iabt,
	[EC_DABT_LOW] = trap_dabt,
};

int arm64_trap_sync(struct arm64_regs *r);
int arm64_trap_sync(struct arm64_regs *r)
{
	uint64_t esr = read_sysreg(esr_el2);
	trap_fn fn = trap_table[ESR_EC(esr)];

	return fn ? fn(r, esr) : trap_unknown(r, esr);
}

/* Called with the whole frame saved: data aborts and SGI writes ask for it. */
int arm64_trap_full(struct arm64_regs *r);
int arm64_trap_full(struct arm64_regs *r)
{
	uint64_t esr = read_sysreg(esr_el2);

	if (ESR_EC(esr) == EC_SYS64) {
		unsigned int rt = SYSREG_RT(esr);
		int ret = SYSREG_PMU_CRN(esr) ? pmu_arch_trap(r, esr, true) : -1;

		if (ret < 0)
			ret = cpu_view_sysreg(r, esr, true);
		if (ret >= 0)
			return ret;

		vgic_arch_sgi(regs_vcpu(r), r->x[rt], ((esr >> 17) & 7) != 7);
		arm64_skip_insn();
		return resched_check(TRAP_RESUME);
	}
	return dabt_emulate(r, esr);
}

/*
 * A physical interrupt while the guest ran: read its LRs back first (the
 * maintenance interrupt, a kick or the timer may change what they should
 * hold), handle, and refill them if the guest resumes.
 */
int arm64_trap_irq(struct arm64_regs *r);
int arm64_trap_irq(struct arm64_regs *r)
{
	struct arm64_pcpu *pc = this_pcpu();
	struct arm64_vcpu *av = regs_vcpu(r);
	int ret = 0;
	uint32_t intid;

	vgic_arch_sync(av);
	while ((intid = gic_ack()) < 1020)
		ret |= arm64_irq_handle(pc, intid);
	if (ret)
		return TRAP_EXIT;
	if (!pc->need_resched)
		vgic_arch_flush(av);	/* else it leaves: arm64_run() flushes at the next entry */
	return resched_check(TRAP_RESUME);
}

int arm64_trap_fiq(struct arm64_regs *r);
int arm64_trap_fiq(struct arm64_regs *r)
{
	return arm64_trap_irq(r);
}

int arm64_trap_serror(struct arm64_regs *r);
int arm64_trap_serror(struct arm64_regs *r)
{
	arm64_vcpu_crash(regs_vcpu(r), "SError", read_sysreg(esr_el2));
	return TRAP_EXIT;
}
