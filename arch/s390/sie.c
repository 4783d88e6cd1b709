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
#include "common/string.h"

/* CR0 external subclass masks. */
#define CR0_EMERGENCY 0x4000
#define CR0_EXT_CALL 0x2000
#define CR0_SERVICE 0x0200

uint64_t vcpu_gpr(struct s390_vcpu *v, unsigned int r)
{
	return v->regs.gprs[r & 15];
}

void vcpu_set_gpr(struct s390_vcpu *v, unsigned int r, uint64_t val)
{
	v->regs.gprs[r & 15] = val;
}

void vcpu_set_cc(struct s390_vcpu *v, unsigned int cc)
{
	v->sd.psw.mask = (v->sd.psw.mask & ~(3ULL << 44)) |
			 ((uint64_t)(cc & 3) << 44);
}

enum s390_vcpu_state vcpu_state(const struct s390_vcpu *v)
{
	switch (v->vcpu.state) {
	case VCPU_READY:
		return S390_VCPU_RUNNABLE;
	case VCPU_BLOCKED:
		return S390_VCPU_WAITING;
	default:
		return v->dead ? S390_VCPU_DEAD : S390_VCPU_STOPPED;
	}
}

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
		break;
	case S390_VCPU_WAITING:
		vcpu_block(c, rq_of(v));
		break;
	case S390_VCPU_DEAD:
		v->dead = true;
		/* fall through */
	case S390_VCPU_STOPPED:
		vcpu_power_off(c, rq_of(v));
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

void vcpu_do_restart(struct s390_vcpu *v)
{
	v->restart_pending = false;
	swap_psw(v, LC_RST_OLD_PSW, LC_RST_NEW_PSW);
}

void vcpu_post_ext(struct s390_vcpu *v, uint32_t kind)
{
	v->ext_pending |= kind;
	if (vcpu_state(v) == S390_VCPU_WAITING)
		vcpu_set_state(v, S390_VCPU_RUNNABLE);
	else
		sched_notify(v);
}

static bool ext_enabled(struct s390_vcpu *v, uint64_t cr0_bit)
{
	return (v->sd.psw.mask & PSW_MASK_EXT) && (v->sd.gcr[0] & cr0_bit);
}

static void deliver_ext(struct s390_vcpu *v, uint16_t code, uint16_t cpu,
			uint32_t param)
{
	uint8_t *lc = guest_lowcore(v);

	if (!lc) {
		vcpu_fail(v, "prefix page outside the VM's storage");
		return;
	}
	*(uint32_t *)(lc + 0x80) = param;
	*(uint16_t *)(lc + LC_EXT_CPU_ADDR) = cpu;
	*(uint16_t *)(lc + LC_EXT_CODE) = code;
	swap_psw(v, LC_EXT_OLD_PSW, LC_EXT_NEW_PSW);
	/* A delivered interruption ends an enabled wait. */
	v->sd.psw.mask &= ~PSW_MASK_WAIT;
}

void vcpu_deliver(struct s390_vcpu *v)
{
	bool masked = false;

	if (v->ext_pending & EXT_EMERGENCY) {
		if (ext_enabled(v, CR0_EMERGENCY)) {
			unsigned int src = __builtin_ctzll(v->emergency_from);

			v->emergency_from &= v->emergency_from - 1;
			if (!v->emergency_from)
				v->ext_pending &= ~EXT_EMERGENCY;
			deliver_ext(v, 0x1201, src, 0);
		} else {
			masked = true;
		}
	}
	if (v->ext_pending & EXT_CALL) {
		if (ext_enabled(v, CR0_EXT_CALL)) {
			v->ext_pending &= ~EXT_CALL;
			deliver_ext(v, 0x1202, v->ext_call_from, 0);
		} else {
			masked = true;
		}
	}
	if (v->ext_pending & EXT_SERVICE) {
		if (ext_enabled(v, CR0_SERVICE)) {
			v->ext_pending &= ~EXT_SERVICE;
			deliver_ext(v, 0x2401, 0, v->service_param);
		} else {
			masked = true;
		}
	}
	/*
	 * Still pending but masked: when only the PSW masks it, ask SIE to
	 * intercept (0x10) as soon as the guest enables; a CR0 subclass mask
	 * is rechecked on every interception instead, since SIE would keep
	 * intercepting while the subclass stays off.
	 */
	__atomic_and_fetch(&v->sd.v, (uint8_t)~SD_V_EXT, __ATOMIC_RELAXED);
	if (masked && !(v->sd.psw.mask & PSW_MASK_EXT)) {
		uint64_t want = 0;

		if (v->ext_pending & EXT_EMERGENCY)
			want |= CR0_EMERGENCY;
		if (v->ext_pending & EXT_CALL)
			want |= CR0_EXT_CALL;
		if (v->ext_pending & EXT_SERVICE)
			want |= CR0_SERVICE;
		if (v->sd.gcr[0] & want)
			__atomic_or_fetch(&v->sd.v, (uint8_t)SD_V_EXT,
					  __ATOMIC_RELAXED);
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
