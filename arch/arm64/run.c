/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The per-CPU scheduler loop and everything that changes which vCPU runs:
 * time slices on the EL2 physical timer (CNTHP), WFI wake-ups (the live
 * virtual timer of the loaded vCPU, software deadlines for the others),
 * PSCI CPU_ON/CPU_OFF, and VM power-off/reset. vCPUs never migrate: each
 * belongs to one CPU's run queue, changed under that queue's lock.
 */
#include "arch/arm64/ffa_glue.h"
#include "arch/arm64/arm64.h"
#include "arch/arm64/sysreg.h"

#define SLICE_TICKS 312500UL		/* 5 ms at 62.5 MHz */

static struct spinlock vm_lock = SPINLOCK_INIT;

uint64_t arm64_counter(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

void arm64_kick(unsigned int cpu)
{
	if (cpu != this_pcpu()->index)
		gic_send_sgi(cpu, SGI_KICK);
}

static uint64_t tq_now(void *ctx)
{
	(void)ctx;
	return arm64_counter();
}

static void tq_program(void *ctx, uint64_t deadline)
{
	(void)ctx;
	write_sysreg(cnthp_cval_el2, deadline);
	write_sysreg(cnthp_ctl_el2, 1);
	isb();
}

static void tq_stop(void *ctx)
{
	(void)ctx;
	write_sysreg(cnthp_ctl_el2, 0);
	isb();
}

static const struct timer_queue_ops cnthp_ops = { tq_now, tq_program, tq_stop };

static void slice_expired(struct timer *t, void *arg)
{
	struct arm64_pcpu *pc = arg;

	(void)t;
	pc->need_resched = true;
}

/* A blocked vCPU's virtual timer reached its deadline while not loaded. */
static void wake_expired(struct timer *t, void *arg)
{
	struct arm64_vcpu *av = arg;
	struct arm64_pcpu *pc = &arm64_pcpus[av->vcpu.pcpu];

	(void)t;
	spin_lock(&pc->rq_lock);
	if (vcpu_wake(&av->vcpu, &pc->rq))
		pc->need_resched = true;
	spin_unlock(&pc->rq_lock);
}

void arm64_pcpu_sched_init(struct arm64_pcpu *pc)
{
	timer_queue_init(&pc->tq, &cnthp_ops, pc);
	timer_init(&pc->slice, slice_expired, pc);
}

void arm64_vcpu_sched_init(struct arm64_vcpu *av)
{
	timer_init(&av->wake, wake_expired, av);
}

/* End the current slice soon if someone else waits (and none is armed). */
static void slice_arm(struct arm64_pcpu *pc)
{
	if (!timer_is_armed(&pc->slice))
		timer_arm_relative(&pc->tq, &pc->slice, SLICE_TICKS);
}

int arm64_irq_handle(struct arm64_pcpu *pc, uint32_t intid)
{
	int ret = 0;

	gic_eoi(intid);
	switch (intid) {
	case PPI_VTIMER:
		/*
		 * The loaded vCPU's timer, a hardware-mapped PPI in its vGIC:
		 * it stays active (priority dropped) until the guest's EOI
		 * deactivates it through the HW list register.
		 */
		if (!pc->loaded) {
			write_sysreg(cntv_ctl_el0, read_sysreg(cntv_ctl_el0) | 2);
			gic_deactivate(intid);
			break;
		}
		pc->vtimer_active = true;
		vgic_arch_vtimer(pc->loaded);
		ret = pc->need_resched;
		pc->need_resched = false;
		break;
	case PPI_MAINT:
		/* The LRs were read back before acknowledging: flush refills them. */
		gic_deactivate(intid);
		break;
	case PPI_HYP_TIMER:
		gic_deactivate(intid);
		timer_queue_expire(&pc->tq);
		ret = pc->need_resched;
		pc->need_resched = false;
		break;
	case SGI_KICK:
		gic_deactivate(intid);
		ret = 1;
		break;
	case PPI_PMU:
		/* Level: it drops once the overflow flags are taken. */
		pmu_arch_irq(pc);
		gic_deactivate(intid);
		break;
	default:
		/* A passed-through SPI stays active until its guest's EOI. */
		if (!passthrough_irq(pc, intid, &ret)) {
			vuart_input_irq(intid);
			gic_deactivate(intid);
			ret = pc->need_resched;
			pc->need_resched = false;
		}
		break;
	}
	return ret;
}

int arm64_vcpu_start(struct arm64_vcpu *av, uint64_t entry, uint64_t ctx)
{
	struct arm64_pcpu *pc = &arm64_pcpus[av->vcpu.pcpu];
	int ret;

	spin_lock(&pc->rq_lock);
	ret = av->vcpu.state == VCPU_OFF ? 0 : -EALREADY;
	if (av->vcpu.vm->state != VM_RUNNING)
		ret = -EPERM;		/* a sibling ended the VM meanwhile */
	if (!ret) {
		av->boot_entry = entry;
		av->boot_ctx = ctx;
		av->boot_pending = true;
		vcpu_power_on(&av->vcpu, &pc->rq);
	}
	spin_unlock(&pc->rq_lock);
	if (ret)
		return ret;
	if (pc == this_pcpu()) {
		/*
		 * Queued behind the caller on this CPU: make sure its slice
		 * ends (QEMU does not trap WFE, so a spinning caller might
		 * never give the CPU up otherwise).
		 */
		slice_arm(pc);
	} else {
		arm64_kick(pc->index);
	}
	return 0;
}

static void vcpu_off(struct arm64_vcpu *av)
{
	struct arm64_pcpu *pc = &arm64_pcpus[av->vcpu.pcpu];

	spin_lock(&pc->rq_lock);
	vcpu_power_off(&av->vcpu, &pc->rq);
	spin_unlock(&pc->rq_lock);
	arm64_kick(pc->index);
}

void arm64_vcpu_stop(struct arm64_vcpu *av)
{
	struct arm64_vm *avm = vcpu_avm(av);
	bool any_on = false;

	vcpu_off(av);
	for (unsigned int i = 0; i < avm->vm.nr_vcpus; i++)
		any_on |= avm->vcpus[i]->vcpu.state != VCPU_OFF;
	if (!any_on) {
		log_info("VM %s: every vCPU is off", avm->vm.name);
		arm64_vm_end(avm, false);
	}
}

void arm64_vm_end(struct arm64_vm *avm, bool failed)
{
	int last;

	spin_lock(&vm_lock);
	last = vm_set_end(&arm64_vms, &avm->vm, failed);
	spin_unlock(&vm_lock);
	if (last < 0)
		return;
	for (unsigned int i = 0; i < avm->vm.nr_vcpus; i++)
		vcpu_off(avm->vcpus[i]);
	vuart_vm_end(avm);
	vgic_arch_vm_report(avm);
	passthrough_vm_end(avm);
	arm64_ffa_vm_end(avm);
	log_info("VM %s %s", avm->vm.name, failed ? "failed" : "powered off");
	if (last) {
		console_line("all VMs stopped: %u ok, %u failed", arm64_vms.ok, arm64_vms.failed);
		arm64_halt();
	}
}

void arm64_vm_reset(struct arm64_vm *avm)
{
	if (++avm->resets > 8) {
		log_err("VM %s: too many resets", avm->vm.name);
		arm64_vm_end(avm, true);
		return;
	}
	log_info("VM %s: system reset", avm->vm.name);
	for (unsigned int i = 0; i < avm->vm.nr_vcpus; i++)
		vcpu_off(avm->vcpus[i]);
	vgic_arch_vm_reset(avm);
	passthrough_vm_reset(avm);
	vuart_vm_reset(avm);
	arm64_ffa_vm_reset(avm);
	if (guest_load(avm)) {
		arm64_vm_end(avm, true);
		return;
	}
	arm64_vcpu_start(avm->vcpus[0], avm->entry, avm->dtb_ipa);
}

/* Nothing to run: sleep until an interrupt, then handle what is pending. */
static void idle(struct arm64_pcpu *pc)
{
	uint32_t intid;

	timer_cancel(&pc->slice);
	wfi();
	while ((intid = gic_ack()) < 1020)
		arm64_irq_handle(pc, intid);
}

/* Switch the CPU's EL1 state to @av (or reset it after CPU_ON). */
static void switch_to(struct arm64_pcpu *pc, struct arm64_vcpu *av, bool boot)
{
	if (pc->loaded && (pc->loaded != av || boot)) {
		struct arm64_vcpu *old = pc->loaded;

		vcpu_arch_put(old);
		pc->loaded = NULL;
		spin_lock(&pc->rq_lock);
		if (old->vcpu.state == VCPU_BLOCKED) {
			/* Its CNTV is stopped now: keep its deadline in software. */
			uint64_t d = vcpu_vtimer_deadline(old);

			if (d)
				timer_arm(&pc->tq, &old->wake, d);
		}
		spin_unlock(&pc->rq_lock);
	}
	if (boot)
		vcpu_arch_reset(av, av->boot_entry, av->boot_ctx);
	if (!pc->loaded) {
		timer_cancel(&av->wake);	/* its own CNTV takes over */
		vcpu_arch_load(av);
		pc->loaded = av;
	}
}

void arm64_run(void)
{
	struct arm64_pcpu *pc = this_pcpu();

	for (;;) {
		struct vcpu *v;
		struct arm64_vcpu *av;
		bool boot;

		spin_lock(&pc->rq_lock);
		v = sched_pick_next(&pc->rq);
		while (v && v->vm->state != VM_RUNNING) {
			vcpu_power_off(v, &pc->rq);
			v = sched_pick_next(&pc->rq);
		}
		av = v ? container_of(v, struct arm64_vcpu, vcpu) : NULL;
		boot = av && av->boot_pending;
		if (boot)
			av->boot_pending = false;
		/* A fresh slice only when someone waits: alone, run untimed. */
		timer_cancel(&pc->slice);
		if (v && sched_has_waiting(&pc->rq))
			slice_arm(pc);
		spin_unlock(&pc->rq_lock);
		if (!av) {
			idle(pc);
			continue;
		}
		switch_to(pc, av, boot);
		pc->cur_regs = &av->regs;
		vgic_arch_flush(av);
		arm64_enter_guest(&av->regs);
		vgic_arch_sync(av);
	}
}
