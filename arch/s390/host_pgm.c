/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host program checks that belong to a guest (see host_pgm.h).
 *
 * SIE ends with a host program interruption when something in the host's
 * own resources fails while it interprets the guest: Hercules reflects
 * host protection and addressing exceptions to the guest itself, but any
 * other code (a translation-specification exception from the storage-key
 * assist, a host DAT exception) comes to zarm with the old PSW at the SIE
 * instruction (nullified) or right after it, and the guest's registers
 * and PSW already stored back as at an interception. The handler sends
 * such a check to sie_exit, as if SIE had intercepted, and leaves the
 * code for the run loop, which reports it and ends that VM: the guest's
 * state cannot be trusted any more, but nothing else is touched.
 *
 * A program check in zarm's own code while it handles a guest's
 * interception (a bug, reached by that guest's input) goes back to the
 * recovery point the run loop armed for that vCPU, with the big lock
 * still held; that VM ends as failed and the CPU carries on.
 */
#include "arch/s390/host_pgm.h"

#include "arch/s390/console.h"
#include "arch/s390/lowcore.h"
#include "arch/s390/vm.h"
#include "common/printf.h"

extern char sie_insn[], sie_exit[];

void host_pgm_working_for(struct s390_cpu *c, struct s390_vcpu *v)
{
	c->working_for = v;
}

bool host_pgm_claim(struct psw *old, uint64_t *regs, unsigned int code)
{
	struct s390_cpu *c = this_cpu();
	uint64_t teid = *(uint64_t *)lowcore_ptr(LC_TRANS_EXC);
	struct s390_vcpu *v;

	if (!c)
		return false;
	if (c->running_sd && (old->addr == (uint64_t)(uintptr_t)sie_insn ||
			      old->addr == (uint64_t)(uintptr_t)sie_exit)) {
		/* Code 0 would read as "none": keep some bit set. */
		c->sie_pgm_code = (uint16_t)(code ? code : 0x8000);
		c->sie_pgm_teid = teid;
		old->addr = (uint64_t)(uintptr_t)sie_exit;
		return true;
	}
	v = c->working_for;
	if (!v)
		return false;
	c->working_for = NULL;
	c->zarm_pgm_code = (uint16_t)(code ? code : 0x8000);
	c->zarm_pgm_addr = old->addr;
	con_break_lock();
	con_printf("program check 0x%04x in zarm at %016lx while working for VM %u \"%s\" vCPU %u (teid %016lx)\n",
		   code, old->addr, v->vm->vm.id, v->vm->vm.name, v->id, teid);
	for (int i = 0; i < 16; i += 4)
		con_printf("r%-2d %016lx %016lx %016lx %016lx\n", i, regs[i],
			   regs[i + 1], regs[i + 2], regs[i + 3]);
	/* Return from host_pgm_recover_point() a second time, with 1. */
	for (unsigned int i = 0; i < 10; i++)
		regs[6 + i] = c->recover[i];
	regs[2] = 1;
	old->mask = PSW_MASK_64;
	old->addr = c->recover[8];
	return true;
}

static void end_vm(struct s390_vcpu *v, const char *what, unsigned int code,
		   uint64_t where)
{
	char why[160];

	zarm_snprintf(why, sizeof(why),
		      "%s 0x%04x (at %016lx) while working for vCPU %u at guest PSW %016lx %016lx",
		      what, code, (unsigned long)where, v->id,
		      (unsigned long)v->sd.psw.mask, (unsigned long)v->sd.psw.addr);
	vm_end(v->vm, false, why);
}

bool host_pgm_after_sie(struct s390_cpu *c, struct s390_vcpu *v)
{
	unsigned int code = c->sie_pgm_code;

	if (!code)
		return false;
	c->sie_pgm_code = 0;
	end_vm(v, "host program check in SIE", code, c->sie_pgm_teid);
	return true;
}

void host_pgm_end_vm(struct s390_cpu *c, struct s390_vcpu *v)
{
	unsigned int code = c->zarm_pgm_code;

	c->zarm_pgm_code = 0;
	c->working_for = NULL;
	end_vm(v, "program check in zarm", code, c->zarm_pgm_addr);
}
