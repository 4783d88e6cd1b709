/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DIAGNOSE for guests: zarm's hypercalls (DIAG X'5A0', function in GR1,
 * arguments in GR2..GR3, result in GR2; see arch/s390/README.md), the
 * time-slice-end hints DIAG X'44' and X'9C', and a specification
 * exception for every other code (what a guest sees on a machine that
 * does not offer that function).
 */
#include "arch/s390/s390.h"

#include "arch/s390/console.h"
#include "arch/s390/diag_core.h"
#include "common/printf.h"
#include "arch/s390/hypercall.h"
#include "arch/s390/vm.h"

#define PGM_SPECIFICATION 0x06

/* Guest storage and the console for diag_console_write(). */
static const char *con_map(void *ctx, uint64_t real, uint64_t len)
{
	struct s390_vcpu *v = ctx;

	return (const char *)vm_abs(v->vm, vcpu_real_to_abs(v, real), len);
}

static void con_write(void *ctx, const char *s, uint64_t len)
{
	vm_console_write(((struct s390_vcpu *)ctx)->vm, s, len);
}

static int64_t hc_console_write(struct s390_vcpu *v, uint64_t addr, uint64_t len)
{
	const struct diag_console_ops ops = { con_map, con_write, v };

	return diag_console_write(&ops, addr, len);
}

static bool hypercall(struct s390_vcpu *v)
{
	uint64_t fn = vcpu_gpr(v, 1), a0 = vcpu_gpr(v, 2), a1 = vcpu_gpr(v, 3);

	switch (fn) {
	case ZARM_HC_NULL:
		vcpu_set_gpr(v, 2, 0);
		return true;
	case ZARM_HC_CONSOLE_WRITE:
		vcpu_set_gpr(v, 2, (uint64_t)hc_console_write(v, a0, a1));
		return true;
	case ZARM_HC_POWER_OFF: {
		char why[40];

		zarm_snprintf(why, sizeof(why), "powered off, status %lu",
			     (unsigned long)a0);
		vm_end(v->vm, a0 == 0, why);
		return false;
	}
	case ZARM_HC_VCPU_INFO:
		vcpu_set_gpr(v, 2, v->id);
		vcpu_set_gpr(v, 3, v->vm->vm.nr_vcpus);
		return true;
	case ZARM_HC_SIE_FLOOR:
		vcpu_set_gpr(v, 2, 0);
		sched_sie_floor(v, a0);
		return true;
	case ZARM_HC_TRACE:
		sched_set_slicing(!a0);
		con_hercules_cmd(a0 ? "t+" : "t-");
		vcpu_set_gpr(v, 2, 0);
		return true;
	default:
		vcpu_set_gpr(v, 2, (uint64_t)-ENOSYS_HC);
		return true;
	}
}

bool diag_handle(struct s390_vcpu *v)
{
	uint64_t gprs[16];

	for (unsigned int i = 0; i < 16; i++)
		gprs[i] = vcpu_gpr(v, i);
	switch (diag_classify(diag_code(v->sd.ipb, gprs))) {
	case DIAG_HYPERCALL:
		return hypercall(v);
	case DIAG_YIELD:
		sched_yield_request();
		return false;
	default:
		vcpu_inject_pgm(v, PGM_SPECIFICATION, 4);
		return true;
	}
}
