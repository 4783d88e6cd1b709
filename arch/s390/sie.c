/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest state around SIE: register access for intercept handlers and
 * interruption delivery by the architected lowcore PSW swap (Hercules has
 * no injection fields in the state description, so zarm stores the code
 * and old PSW in the guest's prefix page and loads the new PSW itself).
 */
#include "arch/s390/s390.h"

#include "arch/s390/console.h"
#include "arch/s390/vm.h"
#include "common/errno.h"
#include "common/string.h"


/* The run queue of the host CPU @v belongs to. */
static struct sched_rq *rq_of(struct s390_vcpu *v)
{
	return &sched_cpu(v->vcpu.pcpu)->rq;
}

void vcpu_set_state(struct s390_vcpu *v, enum s390_vcpu_state s)
{
	struct vcpu *c = &v->vcpu;

	if (v->dead)
		return;
	switch (s) {
	case S390_VCPU_RUNNABLE:
		if (c->state == VCPU_OFF)
			vcpu_power_on(c, rq_of(v));
		else
			vcpu_wake(c, rq_of(v));
		s390_irq_set_running(&v->irq, true);
		break;
	case S390_VCPU_WAITING:
		vcpu_block(c, rq_of(v));
		break;
	case S390_VCPU_DEAD:
		v->dead = true;
		/* fall through */
	case S390_VCPU_STOPPED:
		vcpu_power_off(c, rq_of(v));
		s390_irq_set_running(&v->irq, false);
		break;
	}
	sched_notify(v);
	if (s == S390_VCPU_STOPPED || s == S390_VCPU_DEAD)
		vm_check_all_stopped(v->vm);
}

/* The guest's prefix page (its lowcore) as a host pointer. */
static uint8_t *guest_lowcore(struct s390_vcpu *v)
{
	return vm_abs(v->vm, v->sd.prefix, LC_SIZE);
}

/* Swap PSWs through the guest lowcore; false if the prefix is unusable. */
static bool swap_psw(struct s390_vcpu *v, unsigned int old, unsigned int new)
{
	uint8_t *lc = guest_lowcore(v);

	if (!lc) {
		vcpu_fail(v, "prefix page outside the VM's storage");
		return false;
	}
	memcpy(lc + old, &v->sd.psw, sizeof(struct psw));
	memcpy(&v->sd.psw, lc + new, sizeof(struct psw));
	return true;
}

void vcpu_inject_pgm(struct s390_vcpu *v, uint16_t code, unsigned int ilen)
{
	uint8_t *lc = guest_lowcore(v);

	if (!lc) {
		vcpu_fail(v, "prefix page outside the VM's storage");
		return;
	}
	*(uint16_t *)(lc + LC_PGM_ILC) = (uint16_t)ilen;
	*(uint16_t *)(lc + LC_PGM_CODE) = code;
	swap_psw(v, LC_PGM_OLD_PSW, LC_PGM_NEW_PSW);
}

/* Model callback: an idle or stopped vCPU got something it can take. */
static void irq_wake(void *ctx, unsigned int addr)
{
	struct s390_vm *vm = ctx;

	if (addr < vm->vm.nr_vcpus &&
	    vcpu_state(vm->vcpus[addr]) == S390_VCPU_WAITING)
		vcpu_set_state(vm->vcpus[addr], S390_VCPU_RUNNABLE);
}

/* Model callback: a running vCPU should leave SIE and deliver. */
static void irq_kick(void *ctx, unsigned int addr)
{
	struct s390_vm *vm = ctx;

	if (addr < vm->vm.nr_vcpus)
		sched_notify(vm->vcpus[addr]);
}

const struct s390_irq_ops vcpu_irq_ops = {
	.wake = irq_wake,
	.kick = irq_kick,
};

void vcpu_deliver_if_new(struct s390_vcpu *v)
{
	if (v->irq_seen != v->vm->irq_gen)
		vcpu_deliver(v);
}

void vcpu_deliver(struct s390_vcpu *v)
{
	uint64_t gen = v->vm->irq_gen;

	/* Bounded: a guest may run with its new PSWs enabled. */
	for (unsigned int i = 0; i < 8; i++) {
		struct s390_psw psw = { v->sd.psw.mask, v->sd.psw.addr };
		struct s390_delivery d;
		uint8_t *lc;
		int rc;

		rc = s390_irq_deliver(&v->irq, &psw, v->sd.gcr[0], v->sd.gcr[6], &d);
		if (rc == -ENOENT) {
			uint8_t flags = d.req.v_flags & (SD_V_EXT | SD_V_IO);

			__atomic_and_fetch(&v->sd.v, (uint8_t)~(SD_V_EXT | SD_V_IO),
					   __ATOMIC_SEQ_CST);
			if (flags)
				__atomic_or_fetch(&v->sd.v, flags, __ATOMIC_SEQ_CST);
			/* SIE intercepts a load of a watched CR (0xB7, 0xEB..2F). */
			v->sd.lctl = d.req.lctl;
			/*
			 * Skip the next checks only when SIE itself will tell us
			 * (request flags, LCTL interception) or nothing is
			 * pending at all: a PSW watch (machine check waiting for
			 * PSW bit 13) cannot be armed in SIE here, so such a vCPU
			 * is rechecked at every entry.
			 */
			if (!d.req.watch_psw)
				v->irq_seen = gen;
			return;
		}
		if (rc)
			return;
		switch (d.kind) {
		case S390_DELIVER_PSW_SWAP:
			lc = guest_lowcore(v);
			if (!lc || s390_delivery_apply(&d, lc, LC_SIZE, &psw)) {
				s390_irq_delivery_failed(&v->irq);
				vcpu_fail(v, "interruption cannot be delivered: prefix page outside the VM");
				return;
			}
			v->sd.psw.mask = psw.mask;
			v->sd.psw.addr = psw.addr;
			break;
		case S390_DELIVER_SET_PREFIX:
			v->sd.prefix = d.prefix;
			break;
		case S390_DELIVER_STOP:
			break;
		}
		s390_irq_delivered(&v->irq);
		if (d.kind == S390_DELIVER_STOP) {
			vcpu_set_state(v, S390_VCPU_STOPPED);
			return;
		}
	}
}

void vcpu_fail(struct s390_vcpu *v, const char *why)
{
	struct sie_block *sd = &v->sd;

	con_printf("VM %u \"%s\" vCPU %u stopped: %s\n", v->vm->vm.id, v->vm->vm.name,
		   v->id, why);
	con_printf("  PSW %016lx %016lx icpt 0x%02x ipa 0x%04x ipb 0x%08x\n",
		   sd->psw.mask, sd->psw.addr, sd->icptcode, sd->ipa, sd->ipb);
	vcpu_set_state(v, S390_VCPU_DEAD);
}
