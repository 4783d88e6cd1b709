/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SIGNAL PROCESSOR among the vCPUs of one VM. A VM's CPU addresses are
 * 0..nr_vcpus-1; any other address is "not operational" (cc 3), so a guest
 * can never signal another VM's vCPUs or the host's CPUs.
 */
#include "arch/s390/s390.h"

#include "arch/s390/vm.h"
#include "common/string.h"

#define SIGP_SENSE 0x01
#define SIGP_EXTERNAL_CALL 0x02
#define SIGP_EMERGENCY 0x03
#define SIGP_START 0x04
#define SIGP_STOP 0x05
#define SIGP_RESTART 0x06
#define SIGP_STOP_STORE 0x09
#define SIGP_INITIAL_RESET 0x0b
#define SIGP_RESET 0x0c
#define SIGP_SET_PREFIX 0x0d
#define SIGP_STORE_STATUS 0x0e
#define SIGP_SET_ARCH 0x12
#define SIGP_SENSE_RUNNING 0x15

#define ST_INVALID_ORDER 0x002
#define ST_EXT_CALL_PENDING 0x080
#define ST_STOPPED 0x040
#define ST_INVALID_PARAM 0x100
#define ST_INCORRECT_STATE 0x200
#define ST_NOT_RUNNING 0x400

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

/* Orders that change the target's state description. */
static bool touches_sd(unsigned int ord)
{
	return ord == SIGP_STOP_STORE ||
	       ord == SIGP_INITIAL_RESET || ord == SIGP_RESET ||
	       ord == SIGP_SET_PREFIX || ord == SIGP_STORE_STATUS;
}

/* Returns the cc; *status is stored (with cc 1) when non-zero. */
static int order(struct s390_vcpu *v, struct s390_vcpu *t, unsigned int ord,
		 uint64_t param, uint32_t *status)
{
	/*
	 * A target still in SIE on another CPU has not stopped yet, even
	 * when a stop is on its way: it is stopped once it has left.
	 */
	bool live = t != v && t->on_cpu;
	bool stopped = !live && (vcpu_state(t) == S390_VCPU_STOPPED ||
				 vcpu_state(t) == S390_VCPU_DEAD);

	if (ord == SIGP_STOP_STORE && live) {
		/* Accepted: the CPU running it stores when it has left SIE. */
		if (t->store_on_stop)
			return 2;
		if (vcpu_state(t) == S390_VCPU_DEAD)
			return 0;
		t->store_on_stop = true;
		vcpu_set_state(t, S390_VCPU_STOPPED);
		return 0;
	}
	if (ord == SIGP_STORE_STATUS && !stopped) {
		*status = ST_INCORRECT_STATE;
		return 1;
	}
	/* Its state description is live on another CPU: try again later. */
	if (live && touches_sd(ord))
		return 2;

	switch (ord) {
	case SIGP_SENSE:
		if (stopped)
			*status = ST_STOPPED;
		if (s390_irq_ext_call_pending(&t->irq))
			*status |= ST_EXT_CALL_PENDING;
		return *status ? 1 : 0;
	case SIGP_EXTERNAL_CALL:
		vcpu_irq_injected(v->vm);
		return s390_irq_sigp_external_call(&v->vm->irq, v->id, t->id, status);
	case SIGP_EMERGENCY:
		vcpu_irq_injected(v->vm);
		return s390_irq_sigp_emergency(&v->vm->irq, v->id, t->id, status);
	case SIGP_START:
		if (vcpu_state(t) == S390_VCPU_STOPPED)
			vcpu_set_state(t, S390_VCPU_RUNNABLE);
		return 0;
	case SIGP_STOP:
		if (!stopped)
			vcpu_set_state(t, S390_VCPU_STOPPED);
		return 0;
	case SIGP_STOP_STORE:
		if (vcpu_state(t) == S390_VCPU_DEAD)
			return 0;
		if (!stopped)
			vcpu_set_state(t, S390_VCPU_STOPPED);
		store_status_stopped(t);
		return 0;
	case SIGP_RESTART:
		if (vcpu_state(t) == S390_VCPU_DEAD)
			return 0;
		/* Delivered (PSW swap) by the CPU that runs it, before SIE. */
		s390_irq_inject_restart(&t->irq);
		vcpu_irq_injected(v->vm);
		if (vcpu_state(t) != S390_VCPU_DEAD)
			vcpu_set_state(t, S390_VCPU_RUNNABLE);
		return 0;
	case SIGP_INITIAL_RESET:
		if (t != v && vcpu_state(t) != S390_VCPU_DEAD) {
			vcpu_initial_reset(t);
			vcpu_set_state(t, S390_VCPU_STOPPED);
		}
		return 0;
	case SIGP_RESET:
		s390_irq_reset_local(&t->irq);
		if (t != v && !stopped)
			vcpu_set_state(t, S390_VCPU_STOPPED);
		return 0;
	case SIGP_SET_PREFIX:
		if (!stopped) {
			*status = ST_INCORRECT_STATE;
			return 1;
		}
		param &= 0x7fffe000ULL;
		if (!vm_abs(t->vm, param, LC_SIZE)) {
			*status = ST_INVALID_PARAM;
			return 1;
		}
		t->sd.prefix = (uint32_t)param;
		return 0;
	case SIGP_STORE_STATUS:
		/* A 512-byte aligned absolute address below 2 GiB. */
		if (!store_status_at(t, param & 0x7ffffe00ULL)) {
			*status = ST_INVALID_PARAM;
			return 1;
		}
		return 0;
	case SIGP_SENSE_RUNNING:
		if (t != v) {
			*status = ST_NOT_RUNNING;
			return 1;
		}
		return 0;
	default:
		*status = ST_INVALID_ORDER;
		return 1;
	}
}

void sigp_handle(struct s390_vcpu *v)
{
	unsigned int r1 = (v->sd.ipa >> 4) & 15, r3 = v->sd.ipa & 15;
	unsigned int b2 = v->sd.ipb >> 28, d2 = (v->sd.ipb >> 16) & 0xfff;
	unsigned int ord = ((b2 ? vcpu_gpr(v, b2) : 0) + d2) & 0xff;
	uint64_t param = vcpu_gpr(v, r1 | 1);
	uint64_t addr = vcpu_gpr(v, r3) & 0xffff;
	uint32_t status = 0;
	int cc;

	if (ord == SIGP_SET_ARCH) {
		/* Already z/Architecture: modes 1 and 2 are accepted. */
		unsigned int mode = param & 0xff;

		cc = 0;
		if (mode != 1 && mode != 2) {
			status = ST_INVALID_PARAM;
			cc = 1;
		}
	} else if (addr >= v->vm->vm.nr_vcpus) {
		cc = 3;
	} else {
		cc = order(v, v->vm->vcpus[addr], ord, param, &status);
	}
	if (cc == 1 && status)
		vcpu_set_gpr(v, r1, (vcpu_gpr(v, r1) & ~0xffffffffULL) | status);
	vcpu_set_cc(v, (unsigned int)cc);
}
