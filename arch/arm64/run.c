/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The per-CPU scheduler loop and everything that changes which vCPU runs:
 * time slices on the EL2 physical timer (CNTHP), WFI wake-ups (the live
 * virtual timer of the loaded vCPU, software deadlines for the others),
 * PSCI CPU_ON/CPU_OFF, and VM power-off/reset. vCPUs never migrate: each
 * belongs to one CPU's run queue, changed under that queue's lock.
 */
#include "arch/arm64/arm64.h"
#include "arch/arm64/sysreg.h"

#define SLICE_TICKS 312500UL		/* 5 ms at 62.5 MHz */

static volatile int vm_lock;

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

/* Earliest software deadline on @pc: its slice, blocked vCPUs' timers. */
static void timer_program(struct arm64_pcpu *pc)
{
	uint64_t next = pc->slice_end;

	for (unsigned int i = 0; i < arm64_vms.nr; i++) {
		struct arm64_vm *avm = container_of(arm64_vms.vms[i], struct arm64_vm, vm);

		for (unsigned int j = 0; j < avm->vm.nr_vcpus; j++) {
			struct vcpu *v = &avm->vcpus[j]->vcpu;

			if (v->pcpu == pc->index && v->state == VCPU_BLOCKED &&
			    v->wake_deadline && (!next || v->wake_deadline < next))
				next = v->wake_deadline;
		}
	}
	if (next) {
		write_sysreg(cnthp_cval_el2, next);
		write_sysreg(cnthp_ctl_el2, 1);
	} else {
		write_sysreg(cnthp_ctl_el2, 0);
	}
	isb();
}

/* CNTHP fired: wake vCPUs whose deadline passed; 1 when a slice ended. */
static int timer_expired(struct arm64_pcpu *pc)
{
	uint64_t now = arm64_counter();
	int resched = 0;

	hspin_lock(&pc->rq_lock);
	for (unsigned int i = 0; i < arm64_vms.nr; i++) {
		struct arm64_vm *avm = container_of(arm64_vms.vms[i], struct arm64_vm, vm);

		for (unsigned int j = 0; j < avm->vm.nr_vcpus; j++) {
			struct vcpu *v = &avm->vcpus[j]->vcpu;

			if (v->pcpu == pc->index && v->state == VCPU_BLOCKED &&
			    v->wake_deadline && v->wake_deadline <= now)
				resched |= vcpu_wake(v, &pc->rq);
		}
	}
	if (pc->slice_end && pc->slice_end <= now) {
		pc->slice_end = 0;
		resched = 1;
	}
	hspin_unlock(&pc->rq_lock);
	timer_program(pc);
	return resched;
}

int arm64_irq_handle(struct arm64_pcpu *pc, uint32_t intid)
{
	int ret = 0;

	gic_eoi(intid);
	switch (intid) {
	case PPI_VTIMER:
		/* The loaded vCPU's timer: the guest deactivates it via the LR. */
		if (!pc->loaded || vcpu_inject_vtimer()) {
			write_sysreg(cntv_ctl_el0, read_sysreg(cntv_ctl_el0) | 2);
			gic_deactivate(intid);
			break;
		}
		hspin_lock(&pc->rq_lock);
		ret = vcpu_wake(&pc->loaded->vcpu, &pc->rq);
		hspin_unlock(&pc->rq_lock);
		break;
	case PPI_HYP_TIMER:
		gic_deactivate(intid);
		ret = timer_expired(pc);
		break;
	case SGI_KICK:
		gic_deactivate(intid);
		ret = 1;
		break;
	default:
		gic_deactivate(intid);
		break;
	}
	return ret;
}

int arm64_vcpu_start(struct arm64_vcpu *av, uint64_t entry, uint64_t ctx)
{
	struct arm64_pcpu *pc = &arm64_pcpus[av->vcpu.pcpu];
	int ret;

	hspin_lock(&pc->rq_lock);
	ret = av->vcpu.state == VCPU_OFF ? 0 : -EALREADY;
	if (!ret) {
		av->boot_entry = entry;
		av->boot_ctx = ctx;
		av->boot_pending = true;
		vcpu_power_on(&av->vcpu, &pc->rq);
	}
	hspin_unlock(&pc->rq_lock);
	if (ret)
		return ret;
	if (pc == this_pcpu()) {
		/*
		 * Queued behind the caller on this CPU: make sure its slice
		 * ends (QEMU does not trap WFE, so a spinning caller might
		 * never give the CPU up otherwise).
		 */
		if (!pc->slice_end) {
			pc->slice_end = arm64_counter() + SLICE_TICKS;
			timer_program(pc);
		}
	} else {
		arm64_kick(pc->index);
	}
	return 0;
}

static void vcpu_off(struct arm64_vcpu *av)
{
	struct arm64_pcpu *pc = &arm64_pcpus[av->vcpu.pcpu];

	hspin_lock(&pc->rq_lock);
	vcpu_power_off(&av->vcpu, &pc->rq);
	hspin_unlock(&pc->rq_lock);
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
		hlog("VM %s: every vCPU is off", avm->vm.name);
		arm64_vm_end(avm, false);
	}
}

void arm64_vm_end(struct arm64_vm *avm, bool failed)
{
	int last;

	hspin_lock(&vm_lock);
	last = vm_set_end(&arm64_vms, &avm->vm, failed);
	hspin_unlock(&vm_lock);
	if (last < 0)
		return;
	for (unsigned int i = 0; i < avm->vm.nr_vcpus; i++)
		vcpu_off(avm->vcpus[i]);
	if (avm->uart.len)
		vpl011_flush(&avm->uart);
	hlog("VM %s %s", avm->vm.name, failed ? "failed" : "powered off");
	if (last) {
		hlog("all VMs stopped: %u ok, %u failed", arm64_vms.ok, arm64_vms.failed);
		arm64_halt();
	}
}

void arm64_vm_reset(struct arm64_vm *avm)
{
	if (++avm->resets > 8) {
		hlog("VM %s: too many resets", avm->vm.name);
		arm64_vm_end(avm, true);
		return;
	}
	hlog("VM %s: system reset", avm->vm.name);
	for (unsigned int i = 0; i < avm->vm.nr_vcpus; i++)
		vcpu_off(avm->vcpus[i]);
	if (avm->uart.len)
		vpl011_flush(&avm->uart);
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

	pc->slice_end = 0;
	timer_program(pc);
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
		hspin_lock(&pc->rq_lock);
		if (old->vcpu.state == VCPU_BLOCKED)
			old->vcpu.wake_deadline = vcpu_vtimer_deadline(old);
		hspin_unlock(&pc->rq_lock);
	}
	if (boot)
		vcpu_arch_reset(av, av->boot_entry, av->boot_ctx);
	if (!pc->loaded) {
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

		hspin_lock(&pc->rq_lock);
		v = sched_pick_next(&pc->rq);
		av = v ? container_of(v, struct arm64_vcpu, vcpu) : NULL;
		boot = av && av->boot_pending;
		if (boot)
			av->boot_pending = false;
		pc->slice_end = (v && sched_has_waiting(&pc->rq)) ?
				arm64_counter() + SLICE_TICKS : 0;
		hspin_unlock(&pc->rq_lock);
		if (!av) {
			idle(pc);
			continue;
		}
		switch_to(pc, av, boot);
		timer_program(pc);
		pc->cur_regs = &av->regs;
		arm64_enter_guest(&av->regs);
	}
}
