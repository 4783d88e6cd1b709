/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest state around SIE: register access for intercept handlers and
 * interruption delivery by the architected lowcore PSW swap (Hercules has
 * no injection fields in the state description, so zarm stores the code
 * and old PSW in the guest's prefix page and loads the new PSW itself).
 */
#include "arch/s390/s390.h"

#include "arch/s390/console.h"
#include "arch/s390/gaccess.h"
#include "arch/s390/pgm.h"
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

/* Exceptions that nullify: the old PSW points at the instruction. */
static bool pgm_nullifies(uint16_t code)
{
	switch (code & 0xff) {
	case PGM_SEGMENT:
	case PGM_PAGE:
	case PGM_ASCE_TYPE:
	case PGM_REGION_FIRST:
	case PGM_REGION_SECOND:
	case PGM_REGION_THIRD:
		return true;
	default:
		return false;
	}
}

/* Exceptions that store a translation-exception identification. */
static bool pgm_has_teid(uint16_t code)
{
	return pgm_nullifies(code) || (code & 0xff) == PGM_PROTECTION;
}

/* The byte at guest logical @a (instruction fetch), or -1. */
static int insn_byte(struct s390_vcpu *v, uint64_t a)
{
	uint64_t real, teid;
	const uint8_t *p;

	if (!(v->sd.psw.mask & PSW_MASK_EA))
		a &= 0x7fffffffULL;
	if (gaccess_translate(v, a, false, &real, &teid))
		return -1;
	p = vm_abs(v->vm, vcpu_real_to_abs(v, real), 1);
	return p ? *p : -1;
}

/*
 * The length of the instruction SIE intercepted, as the ILC must give it:
 * @natural, unless it was the target of EXECUTE (interception status bit
 * SD_F_EX), whose own length counts: 4 for EX (opcode 0x44 four bytes
 * back; an EXRL's immediate byte there is 0x44 only for a target 1.5 GiB
 * away), 6 for EXRL (C6x0 six bytes back).
 */
static unsigned int icpt_ilen(struct s390_vcpu *v, unsigned int natural)
{
	uint64_t a = v->sd.psw.addr;
	int b;

	if (v->sd.icptcode != ICPT_INST || !(v->sd.f & SD_F_EX))
		return natural;
	if (insn_byte(v, a - 4) == 0x44)
		return 4;
	b = insn_byte(v, a - 5);
	return insn_byte(v, a - 6) == 0xc6 && b >= 0 && !(b & 0x0f) ? 6 : 4;
}

static void inject_pgm(struct s390_vcpu *v, uint16_t code, unsigned int ilen,
		       const uint64_t *teid)
{
	uint8_t *lc = guest_lowcore(v);

	if (!lc) {
		vcpu_fail(v, "prefix page outside the VM's storage");
		return;
	}
	ilen = icpt_ilen(v, ilen);
	/*
	 * An intercepted instruction leaves the PSW past it; a nullifying
	 * exception zarm finds while emulating it must point back at it.
	 */
	if (v->sd.icptcode == ICPT_INST && pgm_nullifies(code))
		v->sd.psw.addr -= ilen;
	*(uint16_t *)(lc + LC_PGM_ILC) = (uint16_t)ilen;
	*(uint16_t *)(lc + LC_PGM_CODE) = code;
	if (teid && pgm_has_teid(code))
		memcpy(lc + LC_TRANS_EXC, teid, 8);
	swap_psw(v, LC_PGM_OLD_PSW, LC_PGM_NEW_PSW);
}

void vcpu_inject_pgm_teid(struct s390_vcpu *v, uint16_t code, unsigned int ilen,
			  uint64_t teid)
{
	inject_pgm(v, code, ilen, &teid);
}

void vcpu_inject_pgm(struct s390_vcpu *v, uint16_t code, unsigned int ilen)
{
	inject_pgm(v, code, ilen, NULL);
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
