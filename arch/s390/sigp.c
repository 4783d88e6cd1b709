/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SIGNAL PROCESSOR among the vCPUs of one VM: sigp_core.c decodes the
 * operands and decides (see there); this file is the machine it acts on.
 */
#include "arch/s390/s390.h"

#include "arch/s390/sigp_core.h"
#include "arch/s390/vm.h"
#include "common/string.h"

/*
 * Store status of @t into the 512-byte save area at guest absolute @area
 * (the layout of absolute 0x1200-0x13ff): FPRs at +0x000, GRs +0x080,
 * PSW +0x100, prefix +0x118, FPC +0x11c, TOD programmable register
 * +0x124, CPU timer +0x128, clock comparator bits 0-55 in bytes
 * +0x131..0x137, access registers +0x140, control registers +0x180.
 * Every register is in @t's guest_regs and state description (it is not
 * in SIE). False if the area is not all in the VM's storage.
 */
static bool store_status_at(struct s390_vcpu *t, uint64_t area)
{
	uint8_t *p = vm_abs(t->vm, area, 0x200);
	uint64_t ckc = t->sd.ckc >> 8;
	uint32_t todpr = t->sd.todpr, prefix = t->sd.prefix;

	if (!p)
		return false;
	memcpy(p + 0x00, t->regs.fprs, 128);
	memcpy(p + 0x80, t->regs.gprs, 112);
	memcpy(p + 0x80 + 112, &t->sd.gg14, 8);
	memcpy(p + 0x80 + 120, &t->sd.gg15, 8);
	memcpy(p + 0x100, &t->sd.psw, 16);
	memcpy(p + 0x118, &prefix, 4);
	memcpy(p + 0x11c, &t->regs.fpc, 4);
	memcpy(p + 0x124, &todpr, 4);
	memcpy(p + 0x128, &t->sd.cputm, 8);
	memcpy(p + 0x130, &ckc, 8);
	memcpy(p + 0x140, t->regs.acrs, 64);
	memcpy(p + 0x180, t->sd.gcr, 128);
	return true;
}

#define STATUS_AREA 0x1200       /* absolute, for STOP AND STORE STATUS */
#define ARCH_MODE_ID 163         /* absolute byte: 1 = z/Architecture */

/*
 * The store-status part of STOP AND STORE STATUS: absolute 0x1200 and
 * the architectural-mode identification at absolute 163 (as Hercules,
 * QEMU and KVM place it). Also called by the run loop for a target that
 * was running on another CPU when the order came (sigp_stop_completed).
 */
static void store_status_stopped(struct s390_vcpu *t)
{
	uint8_t *id = vm_abs(t->vm, ARCH_MODE_ID, 1);

	if (id)
		*id = 1;
	store_status_at(t, STATUS_AREA);
}

void sigp_stop_completed(struct s390_vcpu *t)
{
	if (t->store_on_stop) {
		t->store_on_stop = false;
		store_status_stopped(t);
	}
}

/* ---- the machine side of sigp_core.c ---------------------------------- */

static struct s390_vcpu *cpu_at(void *ctx, unsigned int cpu)
{
	return ((struct s390_vcpu *)ctx)->vm->vcpus[cpu];
}

static enum sigp_cpu_state op_state(void *ctx, unsigned int cpu)
{
	switch (vcpu_state(cpu_at(ctx, cpu))) {
	case S390_VCPU_STOPPED: return SIGP_CPU_STOPPED;
	case S390_VCPU_RUNNABLE: return SIGP_CPU_RUNNABLE;
	case S390_VCPU_WAITING: return SIGP_CPU_WAITING;
	default: return SIGP_CPU_DEAD;
	}
}

static void op_set_state(void *ctx, unsigned int cpu, enum sigp_cpu_state st)
{
	vcpu_set_state(cpu_at(ctx, cpu), st == SIGP_CPU_STOPPED ?
		       S390_VCPU_STOPPED : S390_VCPU_RUNNABLE);
}

static bool op_on_cpu(void *ctx, unsigned int cpu)
{
	return cpu_at(ctx, cpu)->on_cpu;
}

static bool op_ext_call_pending(void *ctx, unsigned int cpu)
{
	return s390_irq_ext_call_pending(&cpu_at(ctx, cpu)->irq);
}

static int op_external_call(void *ctx, unsigned int src, unsigned int dst,
			    uint32_t *status)
{
	struct s390_vm *vm = ((struct s390_vcpu *)ctx)->vm;

	vcpu_irq_injected(vm);
	return s390_irq_sigp_external_call(&vm->irq, src, dst, status);
}

static int op_emergency(void *ctx, unsigned int src, unsigned int dst,
			uint32_t *status)
{
	struct s390_vm *vm = ((struct s390_vcpu *)ctx)->vm;

	vcpu_irq_injected(vm);
	return s390_irq_sigp_emergency(&vm->irq, src, dst, status);
}

static void op_restart(void *ctx, unsigned int cpu)
{
	s390_irq_inject_restart(&cpu_at(ctx, cpu)->irq);
	vcpu_irq_injected(((struct s390_vcpu *)ctx)->vm);
}

static void op_initial_reset(void *ctx, unsigned int cpu)
{
	vcpu_initial_reset(cpu_at(ctx, cpu));
}

static void op_reset(void *ctx, unsigned int cpu)
{
	s390_irq_reset_local(&cpu_at(ctx, cpu)->irq);
}

static bool op_store_pending(void *ctx, unsigned int cpu)
{
	return cpu_at(ctx, cpu)->store_on_stop;
}

static void op_store_when_stopped(void *ctx, unsigned int cpu)
{
	cpu_at(ctx, cpu)->store_on_stop = true;
}

static void op_store_stopped(void *ctx, unsigned int cpu)
{
	store_status_stopped(cpu_at(ctx, cpu));
}

static bool op_set_prefix(void *ctx, unsigned int cpu, uint32_t prefix)
{
	struct s390_vcpu *t = cpu_at(ctx, cpu);

	if (!vm_abs(t->vm, prefix, LC_SIZE))
		return false;
	t->sd.prefix = prefix;
	return true;
}

static bool op_store_status(void *ctx, unsigned int cpu, uint64_t addr)
{
	return store_status_at(cpu_at(ctx, cpu), addr);
}

static const struct sigp_ops sigp_ops = {
	op_state, op_set_state, op_on_cpu, op_ext_call_pending,
	op_external_call, op_emergency, op_restart, op_initial_reset,
	op_reset, op_store_pending, op_store_when_stopped, op_store_stopped,
	op_set_prefix, op_store_status, NULL,
};

void sigp_handle(struct s390_vcpu *v)
{
	struct sigp_ops ops = sigp_ops;
	struct sigp_insn in;
	uint64_t gprs[16];
	uint32_t status;
	int cc;

	for (unsigned int i = 0; i < 16; i++)
		gprs[i] = vcpu_gpr(v, i);
	sigp_decode(v->sd.ipa, v->sd.ipb, gprs, &in);
	ops.ctx = v;
	cc = sigp_execute(&ops, v->vm->vm.nr_vcpus, v->id, &in, &status);
	if (cc == 1 && status)
		vcpu_set_gpr(v, in.r1, (vcpu_gpr(v, in.r1) & ~0xffffffffULL) | status);
	vcpu_set_cc(v, (unsigned int)cc);
}
