/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One dispatch on the SIE interception code. Each handler leaves the
 * guest state ready for the next SIE entry; the return value says
 * whether this vCPU may keep running in the current slice.
 */
#include "arch/s390/s390.h"

#include "arch/s390/console.h"
#include "common/printf.h"
#include "arch/s390/vm.h"
#include "common/string.h"

#define PGM_OPERATION 0x01
#define PGM_PRIVILEGED 0x02
#define CR0_CKC 0x800
#define CR0_CPU_TIMER 0x400

/* Length of the instruction with first byte @op (from its two top bits). */
static unsigned int insn_len(uint8_t op)
{
	return op < 0x40 ? 2 : op < 0xc0 ? 4 : 6;
}

static bool handle_inst(struct s390_vcpu *v)
{
	uint8_t op = v->sd.ipa >> 8;

	switch (op) {
	case 0x83:
		if (v->sd.psw.mask & PSW_MASK_PSTATE) {
			vcpu_inject_pgm(v, PGM_PRIVILEGED, 4);
			return true;
		}
		return diag_handle(v);
	case 0xae:
		if (v->sd.psw.mask & PSW_MASK_PSTATE) {
			vcpu_inject_pgm(v, PGM_PRIVILEGED, 4);
			return true;
		}
		sigp_handle(v);
		return vcpu_state(v) == S390_VCPU_RUNNABLE;
	case 0xb2:
		instr_b2(v);
		return vcpu_state(v) == S390_VCPU_RUNNABLE;
	case 0xb7:
		instr_lctl(v);
		return vcpu_state(v) == S390_VCPU_RUNNABLE;
	case 0xeb:
		if ((v->sd.ipb & 0xff) == 0x2f) {
			instr_lctl(v);
			return vcpu_state(v) == S390_VCPU_RUNNABLE;
		}
		break;
	case 0x01:
		if (v->sd.ipa == 0x0104) {
			instr_ptff(v);
			return true;
		}
		break;
	default:
		/* Off the switch: it keeps the DIAG/SIGP dispatch short. */
		if (v->sd.ipa == 0xb9af) {      /* PFMF setting keys */
			skey_pfmf(v);
			return true;
		}
		if (v->sd.ipa == 0xb9a2) {      /* PTF */
			instr_ptf(v);
			return true;
		}
		break;
	}
	if (vm_log_allowed(v->vm))
		con_printf("VM %u \"%s\" vCPU %u: instruction ipa 0x%04x ipb 0x%08x at %016lx not emulated: operation exception\n",
			   v->vm->vm.id, v->vm->vm.name, v->id, v->sd.ipa, v->sd.ipb,
			   v->sd.psw.addr);
	vcpu_inject_pgm(v, PGM_OPERATION, insn_len(op));
	return true;
}

/*
 * Host TOD at which a waiting vCPU's clock comparator or CPU timer turns
 * its condition on, for the enabled subclasses (~0: never). The model
 * computes both; SIE presents the interruptions itself once the vCPU runs
 * again (zarm catches the CPU timer up for the time parked, see
 * vcpu_unpark), so the model's level conditions are dropped again here:
 * presenting them in software as well would deliver them twice.
 */
static uint64_t wait_deadline(struct s390_vcpu *v)
{
	struct s390_irq_clock clk = {
		.now = cpu_tod(),
		.epoch = v->sd.epoch,
		.ckc = v->sd.ckc,
		.cpu_timer = v->sd.cputm,
		.cpu_timer_runs = true,
	};
	struct s390_irq_deadlines dl;
	uint64_t when = ~0ULL;

	if (!(v->sd.psw.mask & PSW_MASK_EXT) ||
	    s390_irq_sync_timers(&v->irq, &clk, &dl))
		return when;
	s390_irq_set_ckc(&v->irq, false);
	s390_irq_set_cpu_timer(&v->irq, false);
	if (v->sd.gcr[0] & CR0_CKC) {
		if (!dl.ckc_armed && v->sd.ckc != ~0ULL)
			return clk.now;        /* due already */
		if (dl.ckc_armed)
			when = dl.ckc;
	}
	if (v->sd.gcr[0] & CR0_CPU_TIMER) {
		if (!dl.cpu_timer_armed)
			return clk.now;        /* already negative */
		if (dl.cpu_timer < when)
			when = dl.cpu_timer;
	}
	return when;
}

/* Enabled or disabled wait: block, or end the VM. */
static bool handle_wait(struct s390_vcpu *v)
{
	uint64_t mask = v->sd.psw.mask;

	if (!(mask & (PSW_MASK_EXT | PSW_MASK_IO | PSW_MASK_MCHK))) {
		char why[64];
		bool ok = v->sd.psw.addr == 0;

		zarm_snprintf(why, sizeof(why), "vCPU %u disabled wait, code 0x%lx",
			     v->id, (unsigned long)v->sd.psw.addr);
		vm_end(v->vm, ok, why);
		return false;
	}
	{
		struct s390_psw psw = { v->sd.psw.mask, v->sd.psw.addr };

		/* 1: something is deliverable now; 0: the model marked it idle. */
		if (s390_irq_enter_wait(&v->irq, &psw, v->sd.gcr[0], v->sd.gcr[6]) == 1) {
			vcpu_deliver(v);
			if (!(v->sd.psw.mask & PSW_MASK_WAIT))
				return true;
		}
	}
	sched_park(v, wait_deadline(v));
	return false;
}

/* An interruption SIE left for zarm to present (intercept 0x14). */
static bool handle_ext_int(struct s390_vcpu *v)
{
	const uint8_t *lc = v->sd.lc; /* guest lowcore 0x80.. */
	uint8_t *glc = vm_abs(v->vm, v->sd.prefix, LC_SIZE);

	if (!glc) {
		vcpu_fail(v, "prefix page outside the VM's storage");
		return false;
	}
	for (unsigned int i = 0; i < 8; i++)
		glc[0x80 + i] = lc[i];
	for (unsigned int i = 0; i < 16; i++) {
		glc[LC_EXT_OLD_PSW + i] = ((uint8_t *)&v->sd.psw)[i];
		((uint8_t *)&v->sd.psw)[i] = glc[LC_EXT_NEW_PSW + i];
	}
	return true;
}

/*
 * Operation exception intercepted (0x2c, with interception control 0x80,
 * which zarm sets only when built with ZARM_S390_INTERCEPT_PGM, a debug
 * aid): Hercules has stored the interruption code and ILC in the guest's
 * lowcore but not swapped the PSWs.
 */
static bool handle_prog_int(struct s390_vcpu *v)
{
	uint8_t *glc = vm_abs(v->vm, v->sd.prefix, LC_SIZE);

	if (!glc) {
		vcpu_fail(v, "prefix page outside the VM's storage");
		return false;
	}
	memcpy(glc + LC_PGM_OLD_PSW, &v->sd.psw, sizeof(struct psw));
	memcpy(&v->sd.psw, glc + LC_PGM_NEW_PSW, sizeof(struct psw));
	return true;
}

bool intercept_handle(struct s390_vcpu *v, int code)
{
	switch (code) {
	case ICPT_INST:
		return handle_inst(v);
	case ICPT_PROG:
	case ICPT_INST_PROG:
		return vcpu_reflect_pgm(v);
	case ICPT_PROG_INT:
		return handle_prog_int(v);
	case ICPT_EXT_REQ:
		vcpu_deliver(v);
		return true;
	case ICPT_EXT_INT:
		return handle_ext_int(v);
	case ICPT_WAIT:
		return handle_wait(v);
	case ICPT_STOP:
		return true;
	case ICPT_VALIDITY:
		vcpu_fail(v, "validity interception");
		return false;
	default: {
		char why[48];

		zarm_snprintf(why, sizeof(why), "unexpected interception 0x%02x",
			     code);
		vcpu_fail(v, why);
		return false;
	}
	}
}
