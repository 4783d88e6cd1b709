/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine side of the virtual GICv3 (irq/vgic): one model per VM,
 * its GICD/GICR MMIO ranges, the kick callback (wake a blocked vCPU or
 * send its CPU a physical SGI), the list registers written before every
 * guest entry (vgic_flush) and read back after every exit (vgic_sync),
 * ICC_SGI*R_EL1 traps, and the virtual timer as a hardware-mapped PPI.
 *
 * The LRs of a vCPU are "live" from vgic_arch_flush() to vgic_arch_sync().
 * arm64_run() flushes right before arm64_enter_guest() and syncs when it
 * returns; a trap handler that needs the model while the guest stays on
 * the CPU (GIC MMIO, SGI traps, physical IRQs, WFI) syncs first and
 * flushes again before resuming. Traps that do not touch the GIC (null
 * hypercall, UART) leave the LRs in the hardware: the guest keeps working
 * on them, and anything another CPU changes for this vCPU kicks it out
 * with an SGI, whose IRQ trap syncs and flushes.
 *
 * Lock order: vgic lock, then a CPU's run-queue lock (the kick runs with
 * the vgic lock held and takes the target's run-queue lock).
 */
#include "arch/arm64/arm64.h"
#include "arch/arm64/sysreg.h"
#include "irq/vgic.h"

#define VGIC_GUEST_GICD 0x08000000UL
#define VGIC_GUEST_GICR 0x080a0000UL


unsigned int arm64_nr_lrs = 4, arm64_nr_aprs = 1;
static unsigned int prio_bits = 5;

void vgic_arch_probe(void)
{
	uint64_t vtr = read_sysreg_s(ICH_VTR_EL2);

	arm64_nr_lrs = (unsigned int)(vtr & 0x1f) + 1;
	if (arm64_nr_lrs > VGIC_MAX_LRS)
		arm64_nr_lrs = VGIC_MAX_LRS;
	prio_bits = (unsigned int)((vtr >> 29) & 7) + 1;
	if (prio_bits < 5)
		prio_bits = 5;
	/* ICH_AP<n>R<m>_EL2: one register per 32 preemption levels. */
	arm64_nr_aprs = 1U << (prio_bits - 5);
	if (arm64_nr_aprs > 4)
		arm64_nr_aprs = 4;
}

/*
 * ICH_LR<n>_EL2 encodings, listed once: system register names must be
 * literal in the instruction, so each LR needs its own case.
 */
#define VGIC_LRS(X) \
	X(0, "S3_4_C12_C12_0") X(1, "S3_4_C12_C12_1") \
	X(2, "S3_4_C12_C12_2") X(3, "S3_4_C12_C12_3") \
	X(4, "S3_4_C12_C12_4") X(5, "S3_4_C12_C12_5") \
	X(6, "S3_4_C12_C12_6") X(7, "S3_4_C12_C12_7") \
	X(8, "S3_4_C12_C13_0") X(9, "S3_4_C12_C13_1") \
	X(10, "S3_4_C12_C13_2") X(11, "S3_4_C12_C13_3") \
	X(12, "S3_4_C12_C13_4") X(13, "S3_4_C12_C13_5") \
	X(14, "S3_4_C12_C13_6") X(15, "S3_4_C12_C13_7")

#define LR_WRITE_CASE(n, enc) case n: write_sysreg_s(enc, v); break;
void vgic_lr_write(unsigned int i, uint64_t v)
{
	switch (i) {
	VGIC_LRS(LR_WRITE_CASE)
	default: break;
	}
}
#undef LR_WRITE_CASE

#define LR_READ_CASE(n, enc) case n: return read_sysreg_s(enc);
static uint64_t lr_read(unsigned int i)
{
	switch (i) {
	VGIC_LRS(LR_READ_CASE)
	default: return 0;
	}
}
#undef LR_READ_CASE

void vgic_apr_save(uint64_t *ap0, uint64_t *ap1)
{
	ap0[0] = read_sysreg_s("S3_4_C12_C8_0");
	ap1[0] = read_sysreg_s("S3_4_C12_C9_0");
	if (arm64_nr_aprs > 1) {
		ap0[1] = read_sysreg_s("S3_4_C12_C8_1");
		ap1[1] = read_sysreg_s("S3_4_C12_C9_1");
	}
	if (arm64_nr_aprs > 2) {
		ap0[2] = read_sysreg_s("S3_4_C12_C8_2");
		ap1[2] = read_sysreg_s("S3_4_C12_C9_2");
		ap0[3] = read_sysreg_s("S3_4_C12_C8_3");
		ap1[3] = read_sysreg_s("S3_4_C12_C9_3");
	}
}

void vgic_apr_load(const uint64_t *ap0, const uint64_t *ap1)
{
	write_sysreg_s("S3_4_C12_C8_0", ap0[0]);
	write_sysreg_s("S3_4_C12_C9_0", ap1[0]);
	if (arm64_nr_aprs > 1) {
		write_sysreg_s("S3_4_C12_C8_1", ap0[1]);
		write_sysreg_s("S3_4_C12_C9_1", ap1[1]);
	}
	if (arm64_nr_aprs > 2) {
		write_sysreg_s("S3_4_C12_C8_2", ap0[2]);
		write_sysreg_s("S3_4_C12_C9_2", ap1[2]);
		write_sysreg_s("S3_4_C12_C8_3", ap0[3]);
		write_sysreg_s("S3_4_C12_C9_3", ap1[3]);
	}
}

/* The loaded vCPU's group enables, as the guest set them (no trap). */
static unsigned int grp_enables(void)
{
	return vgic_vmcr_grp_en(read_sysreg_s(ICH_VMCR_EL2));
}

/*
 * The virtual timer is level-sensitive: the model's PPI 27 line must follow
 * CNTV's output. The physical PPI 27 raises it (vgic_arch_vtimer, the
 * physical interrupt then stays active until the guest's EOI through the
 * HW list register); the guest lowers the output by disabling, masking or
 * re-programming the timer, which does not trap, so every exit of the
 * loaded vCPU re-samples a line that is up (vgic_arch_sync, GIC MMIO and
 * the TALL trap below). Called with the vgic lock held, on the vCPU's CPU.
 */
static __attribute__((noinline, cold)) void vtimer_resample(struct arm64_vcpu *av)
{
	struct arm64_pcpu *pc = this_pcpu();

	if (av->vtimer_line && pc->loaded == av && !vcpu_vtimer_output()) {
		av->vtimer_line = false;
		/* Withdrawn if not yet acknowledged; ops.hw_deactivate then frees the physical PPI. */
		vgic_set_level(vcpu_avm(av)->vgic, av->vcpu.id, PPI_VTIMER, false);
	}
	if (av->vtimer_release) {
		av->vtimer_release = false;
		if (pc->loaded == av && pc->vtimer_active) {
			pc->vtimer_active = false;
			gic_deactivate(PPI_VTIMER);
		}
	}
}

/*
 * ops.hw_deactivate: the guest will not EOI the physical interrupt behind
 * @intid. A passed-through SPI is deactivated here (from any CPU); the
 * timer PPI is banked per CPU, so its vCPU's CPU does it at its next sync
 * (at once if that is this CPU's loaded vCPU, else after a kick).
 */
static void vgic_hw_deactivate(void *ctx, unsigned int vcpu, unsigned int intid,
			       unsigned int pintid)
{
	struct arm64_vm *avm = ctx;
	struct arm64_vcpu *av = avm->vcpus[vcpu];
	struct arm64_pcpu *pc = this_pcpu();

	if (intid >= VGIC_NR_PRIVATE) {
		gic_deactivate(pintid);
		return;
	}
	if (intid != PPI_VTIMER)
		return;
	if (pc->loaded == av) {
		if (pc->vtimer_active) {
			pc->vtimer_active = false;
			gic_deactivate(PPI_VTIMER);
		}
		return;
	}
	av->vtimer_release = true;
	arm64_kick(av->vcpu.pcpu);
}

void vgic_arch_flush(struct arm64_vcpu *av)
{
	struct arm64_vm *avm = vcpu_avm(av);
	uint64_t lrs[VGIC_MAX_LRS];
	struct vgic_flush_info info;
	unsigned int n;
	int ret;

	if (av->lr_live)
		return;
	spin_lock(&avm->vgic_lock);
	ret = vgic_flush(avm->vgic, av->vcpu.id, grp_enables(), arm64_nr_lrs, lrs, &info);
	spin_unlock(&avm->vgic_lock);
	if (ret) {
		/* Cannot happen (flush and sync alternate): run without virtual IRQs. */
		log_err("VM %s vCPU %u: vgic_flush %d", avm->vm.name, av->vcpu.id, ret);
		write_sysreg_s(ICH_HCR_EL2, 0);
		return;
	}
	/*
	 * Only the LRs this flush fills and those an earlier one left
	 * non-zero: the rest are 0 already (vgic_flush() fills from LR 0 up).
	 */
	n = info.nr_used > av->lr_hw ? info.nr_used : av->lr_hw;
	for (unsigned int i = 0; i < n; i++)
		vgic_lr_write(i, lrs[i]);
	av->lr_hw = info.nr_used;
	/*
	 * The timer in an LR as pending can be disabled by the guest without
	 * an exit: trap its first Group 0/1 ICC_* access (IAR, HPPIR, ...)
	 * to re-sample the line before it can see the stale interrupt.
	 */
	write_sysreg_s(ICH_HCR_EL2, vgic_hcr(&info) |
		       (info.hw_ppi_pending ? ICH_HCR_TALL0 | ICH_HCR_TALL1 : 0));
	isb();
	av->lr_used = info.nr_used;
	av->lr_live = true;
}

void vgic_arch_sync(struct arm64_vcpu *av)
{
	struct arm64_vm *avm = vcpu_avm(av);
	uint64_t lrs[VGIC_MAX_LRS];
	int ret;

	if (!av->lr_live)
		return;
	/* En = 0: no maintenance interrupt while the model owns the state. */
	write_sysreg_s(ICH_HCR_EL2, 0);
	isb();
	/* The model reads back only the LRs the flush filled; the rest stay 0. */
	for (unsigned int i = 0; i < arm64_nr_lrs; i++)
		lrs[i] = i < av->lr_used ? lr_read(i) : 0;
	av->lr_live = false;
	spin_lock(&avm->vgic_lock);
	ret = vgic_sync(avm->vgic, av->vcpu.id, arm64_nr_lrs, lrs);
	if (unlikely(av->vtimer_line || av->vtimer_release))
		vtimer_resample(av);
	spin_unlock(&avm->vgic_lock);
	/* -EINVAL only after a system reset re-initialised the model: nothing to keep. */
	(void)ret;
}

/*
 * After a trap handler changed the model: refill the LRs of the vCPU that
 * resumes. Not when a kick woke another vCPU of this CPU (need_resched):
 * the trap then leaves for the scheduler (resched_check()), whose exit
 * path syncs and whose next entry flushes, so a flush now would be undone
 * at once (on an SGI to a blocked vCPU that was a third of the path).
 */
static void flush_unless_leaving(struct arm64_vcpu *av)
{
	if (!this_pcpu()->need_resched)
		vgic_arch_flush(av);
}

/* The vCPU whose trap is being handled on this CPU. */
static struct arm64_vcpu *cur_vcpu(void)
{
	return regs_vcpu(this_pcpu()->cur_regs);
}

/* One GIC register access of the running vCPU, with its LRs read back first. */
static int gic_mmio(struct arm64_vm *avm, bool redist, uint64_t off, unsigned int size,
		    bool write, uint64_t *val)
{
	struct arm64_vcpu *av = cur_vcpu();
	/*
	 * A read while the vCPU's LRs are empty cannot see stale state and
	 * changes nothing: skip the sync/flush round (most GICD reads).
	 */
	bool quick = !write && av->lr_live && av->lr_used == 0 && !av->vtimer_line;

	if (!quick)
		vgic_arch_sync(av);
	spin_lock(&avm->vgic_lock);
	if (redist)
		vgic_redist_access(avm->vgic, av->vcpu.id, off, size, write, val);
	else
		vgic_dist_access(avm->vgic, av->vcpu.id, off, size, write, val);
	spin_unlock(&avm->vgic_lock);
	if (!quick)
		flush_unless_leaving(av);
	return 0;
}

static int gicd_read(void *opaque, uint64_t off, unsigned int size, uint64_t *val)
{
	return gic_mmio(opaque, false, off, size, false, val);
}

static int gicd_write(void *opaque, uint64_t off, unsigned int size, uint64_t val)
{
	return gic_mmio(opaque, false, off, size, true, &val);
}

static int gicr_read(void *opaque, uint64_t off, unsigned int size, uint64_t *val)
{
	return gic_mmio(opaque, true, off, size, false, val);
}

static int gicr_write(void *opaque, uint64_t off, unsigned int size, uint64_t val)
{
	return gic_mmio(opaque, true, off, size, true, &val);
}

/*
 * Something may have become deliverable to @vcpu. Another CPU's vCPU gets
 * woken if blocked and its CPU an SGI (it exits, syncs and flushes, or
 * leaves WFI when idle). A vCPU of this CPU: the running one flushes
 * before it resumes; a blocked one is woken and the scheduler asked to
 * look again.
 */
static void vgic_kick(void *ctx, unsigned int vcpu)
{
	struct arm64_vm *avm = ctx;
	struct arm64_vcpu *av = avm->vcpus[vcpu];
	struct arm64_pcpu *pc = &arm64_pcpus[av->vcpu.pcpu];
	int woken;

	spin_lock(&pc->rq_lock);
	woken = vcpu_wake(&av->vcpu, &pc->rq);
	spin_unlock(&pc->rq_lock);
	if (pc != this_pcpu())
		gic_send_sgi(pc->index, SGI_KICK);
	else if (woken > 0)
		pc->need_resched = true;
}

/*
 * Put @avm's vGIC in its reset state, the virtual timer PPI of every vCPU
 * mapped to the physical one. Shared by VM creation and SYSTEM_RESET.
 */
static int vgic_arch_setup(struct arm64_vm *avm)
{
	struct vgic_config cfg = {
		.nr_vcpus = avm->vm.nr_vcpus,
		.nr_spis = VGIC_GUEST_SPIS,
		.prio_bits = prio_bits,
	};
	struct vgic_ops ops = { .kick = vgic_kick, .resample = NULL,
				.hw_deactivate = vgic_hw_deactivate, .ctx = avm };
	int ret;

	ret = vgic_init(avm->vgic, &cfg, &ops);
	for (unsigned int i = 0; !ret && i < avm->vm.nr_vcpus; i++)
		ret = vgic_map_hw(avm->vgic, i, PPI_VTIMER, PPI_VTIMER);
	return ret;
}

int vgic_arch_vm_init(struct arm64_vm *avm)
{
	int ret;

	if (!avm->vgic)
		avm->vgic = heap_alloc_zeroed(sizeof(*avm->vgic));
	if (!avm->vgic)
		return -ENOMEM;
	spin_lock_init(&avm->vgic_lock);
	ret = vgic_arch_setup(avm);
	if (!ret)
		ret = mmio_register(&avm->bus, VGIC_GUEST_GICD, VGIC_DIST_SIZE, gicd_read,
				    gicd_write, avm);
	if (!ret)
		ret = mmio_register(&avm->bus, VGIC_GUEST_GICR,
				    VGIC_REDIST_STRIDE * avm->vm.nr_vcpus, gicr_read,
				    gicr_write, avm);
	return ret;
}

/* SYSTEM_RESET: every vCPU is off; the GIC returns to its reset state. */
void vgic_arch_vm_reset(struct arm64_vm *avm)
{
	int ret;

	spin_lock(&avm->vgic_lock);
	ret = vgic_arch_setup(avm);
	spin_unlock(&avm->vgic_lock);
	if (ret)
		log_err("VM %s: vGIC reset %d", avm->vm.name, ret);
}

int vgic_arch_sgi(struct arm64_vcpu *av, uint64_t sgir, bool group1)
{
	struct arm64_vm *avm = vcpu_avm(av);

	vgic_arch_sync(av);
	spin_lock(&avm->vgic_lock);
	vgic_sgi(avm->vgic, av->vcpu.id, sgir, group1);
	spin_unlock(&avm->vgic_lock);
	flush_unless_leaving(av);
	return 0;
}

/* The physical virtual-timer PPI fired for the loaded vCPU @av. */
void vgic_arch_vtimer(struct arm64_vcpu *av)
{
	struct arm64_vm *avm = vcpu_avm(av);

	spin_lock(&avm->vgic_lock);
	av->vtimer_line = true;
	vgic_set_level(avm->vgic, av->vcpu.id, PPI_VTIMER, true);
	spin_unlock(&avm->vgic_lock);
}

/*
 * A Group 0/1 ICC_* access trapped by ICH_HCR_EL2.TALL0/1, which the flush
 * sets while the timer sits pending in an LR. A timer whose output fell
 * is withdrawn first (sync re-samples, flush refills). ICC_HPPIR0/1_EL1
 * reads are then answered from the fresh LRs and the trap stays armed,
 * so a guest polling them always sees the line as it is; any other access
 * (IAR, EOIR, ...) runs again on the hardware with the traps off (an IAR
 * takes the interrupt: nothing is pending-stale after it).
 */
#define ICC_ISS_KEY(esr) ((esr) & 0x3ffc1eUL)
#define ICC_HPPIR0_KEY ((3UL << 20) | (2UL << 17) | (12UL << 10) | (8UL << 1))
#define ICC_HPPIR1_KEY ((3UL << 20) | (2UL << 17) | (12UL << 10) | (12UL << 1))

int vgic_arch_icc_trap(struct arm64_vcpu *av, struct arm64_regs *r, uint64_t esr)
{
	uint64_t key = ICC_ISS_KEY(esr);
	unsigned int rt = (esr >> 5) & 31;
	bool hppir = (key == ICC_HPPIR0_KEY || key == ICC_HPPIR1_KEY) && (esr & 1) &&
		     (rt < 19 || rt > 29);

	if (!av->lr_live ||
	    !(read_sysreg_s(ICH_HCR_EL2) & (ICH_HCR_TALL0 | ICH_HCR_TALL1)))
		return -1;	/* not zarm's trap: the register is UNDEFINED */
	if (av->vtimer_line && !vcpu_vtimer_output()) {
		vgic_arch_sync(av);
		vgic_arch_flush(av);
	}
	if (hppir) {
		uint64_t lrs[VGIC_MAX_LRS];

		for (unsigned int i = 0; i < arm64_nr_lrs; i++)
			lrs[i] = lr_read(i);
		if (rt != 31)
			r->x[rt] = vgic_lr_hppir(lrs, arm64_nr_lrs, grp_enables(),
						 key == ICC_HPPIR1_KEY);
		arm64_skip_insn();
		return TRAP_RESUME;
	}
	write_sysreg_s(ICH_HCR_EL2, read_sysreg_s(ICH_HCR_EL2) &
		       ~(ICH_HCR_TALL0 | ICH_HCR_TALL1));
	isb();
	return TRAP_RESUME;
}

/*
 * WFI of the running vCPU: block it unless an interrupt is deliverable or
 * its timer has fired. Deciding and blocking under the vgic lock means an
 * injection on another CPU either is seen here or finds it blocked.
 * Returns true when it blocked.
 */
bool vgic_arch_wfi_block(struct arm64_vcpu *av)
{
	struct arm64_vm *avm = vcpu_avm(av);
	struct arm64_pcpu *pc = this_pcpu();
	bool blocked = false;

	vgic_arch_sync(av);
	spin_lock(&avm->vgic_lock);
	if (!vcpu_vtimer_pending(av, true) &&
	    !vgic_has_work(avm->vgic, av->vcpu.id, grp_enables())) {
		spin_lock(&pc->rq_lock);
		blocked = vcpu_block(&av->vcpu, &pc->rq) == 0;
		spin_unlock(&pc->rq_lock);
	}
	spin_unlock(&avm->vgic_lock);
	if (!blocked)
		vgic_arch_flush(av);
	return blocked;
}

/*
 * A device model of @avm drove SPI @intid's line. From the trap of a vCPU
 * of @avm loaded here (an MMIO access), its LRs are read back first and
 * refilled after, so the guest sees the change when it resumes; vCPUs
 * elsewhere are kicked by the model.
 */
void vgic_arch_spi_level(struct arm64_vm *avm, unsigned int intid, bool high)
{
	struct arm64_vcpu *av = this_pcpu()->loaded;
	bool live = av && vcpu_avm(av) == avm && av->lr_live;

	if (live)
		vgic_arch_sync(av);
	spin_lock(&avm->vgic_lock);
	vgic_set_level(avm->vgic, 0, intid, high);
	spin_unlock(&avm->vgic_lock);
	if (live)
		vgic_arch_flush(av);
}

/* Test hook (ZARM_HC_TEST_SPI_LEVEL): drive SPI @intid's line. */
int vgic_arch_test_level(struct arm64_vcpu *av, uint64_t intid, uint64_t high)
{
	struct arm64_vm *avm = vcpu_avm(av);
	int ret;

	if (intid < VGIC_NR_PRIVATE || intid >= VGIC_NR_PRIVATE + VGIC_GUEST_SPIS)
		return -EINVAL;
	vgic_arch_sync(av);
	spin_lock(&avm->vgic_lock);
	ret = vgic_set_level(avm->vgic, av->vcpu.id, (unsigned int)intid, high != 0);
	spin_unlock(&avm->vgic_lock);
	flush_unless_leaving(av);
	return ret;
}

/* VM end: the model's exactly-once accounting, checked and logged. */
void vgic_arch_vm_report(struct arm64_vm *avm)
{
	struct vgic_counters c;
	int ret;

	spin_lock(&avm->vgic_lock);
	ret = vgic_check(avm->vgic);
	vgic_get_counters(avm->vgic, VGIC_ALL_VCPUS, &c);
	spin_unlock(&avm->vgic_lock);
	log_info("VM %s: vGIC injected %lu raised %lu coalesced %lu dropped %lu delivered %lu "
		 "completed %lu, accounting %s", avm->vm.name, c.injected, c.raised, c.coalesced,
		 c.dropped, c.delivered, c.completed, ret ? "BROKEN" : "consistent");
	if (ret)
		log_err("VM %s: vGIC accounting inconsistent (%d)", avm->vm.name, ret);
}
