/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SCLP a VM sees (SERVICE CALL, B220). sclp_core.c decodes the
 * requests (SCP and CPU info of this VM, event mask, line-mode and VT220
 * console writes, console input); this file is the guest-facing shell. Each
 * accepted request ends
 * with a service-signal external interruption carrying the SCCB address;
 * until the guest has taken it, a new SERVC gets cc 2 (busy).
 * The SCCB is validated before anything is written: address (specification
 * or addressing exception), length and page boundary (response codes).
 */
#include "arch/s390/s390.h"

#include "arch/s390/host_input.h"
#include "arch/s390/sclp_core.h"
#include "arch/s390/vm.h"

#define SCLP_EVENT_PENDING 1u	/* service-signal parameter: read event data */
#define PGM_PRIVILEGED 0x02
#define PGM_ADDRESSING 0x05
#define PGM_SPECIFICATION 0x06

static void console_write(void *ctx, const char *s, size_t n)
{
	vm_console_write(ctx, s, n);
}

void sclp_servc(struct s390_vcpu *v)
{
	/* RRE: the register fields are in the low byte of IPB's top half. */
	unsigned int r1 = (v->sd.ipb >> 20) & 15, r2 = (v->sd.ipb >> 16) & 15;
	uint32_t cmd = (uint32_t)vcpu_gpr(v, r1);
	uint64_t real = vcpu_gpr(v, r2), abs;
	uint8_t *s;
	uint16_t len;
	size_t before;
	uint32_t param;

	if (v->sd.psw.mask & PSW_MASK_PSTATE) {
		vcpu_inject_pgm(v, PGM_PRIVILEGED, 4);
		return;
	}
	/* Below 2 GiB, doubleword aligned, not in page 0 or the prefix. */
	abs = vcpu_real_to_abs(v, real);
	if ((real & ~0x7ffffff8ULL) || real < LC_SIZE ||
	    (abs & ~(LC_SIZE - 1ULL)) == v->sd.prefix) {
		vcpu_inject_pgm(v, PGM_SPECIFICATION, 4);
		return;
	}
	s = vm_abs(v->vm, abs, 8);
	if (!s) {
		vcpu_inject_pgm(v, PGM_ADDRESSING, 4);
		return;
	}
	if (s390_irq_service_pending(&v->vm->irq)) {
		vcpu_set_cc(v, 2);
		return;
	}
	before = sclp_input_room(&v->vm->sclp);
	len = (uint16_t)(s[0] << 8 | s[1]);
	if (len < 8) {
		vcpu_inject_pgm(v, PGM_SPECIFICATION, 4);
		return;
	}
	if (!vm_abs(v->vm, abs, len)) {
		vcpu_inject_pgm(v, PGM_ADDRESSING, 4);
		return;
	}
	if ((abs & 0xfff) + len > 0x1000) {
		s[6] = SCLP_RC_BOUNDARY >> 8;
		s[7] = SCLP_RC_BOUNDARY & 0xff;
	} else {
		struct sclp_vm_info info = { v->vm->size, v->vm->vm.nr_vcpus };
		struct sclp_console out = { console_write, v->vm };

		sclp_execute(&v->vm->sclp, &info, &out, cmd, s, len);
	}
	/* More input waiting: say so in the same service signal. */
	param = (uint32_t)real & ~7u;
	if (sclp_input_pending(&v->vm->sclp))
		param |= SCLP_EVENT_PENDING;
	s390_irq_inject_service(&v->vm->irq, param);
	vcpu_irq_injected(v->vm);
	vcpu_set_cc(v, 0);
	if (sclp_input_room(&v->vm->sclp) > before)
		host_input_poll();	/* room for a command the operator sent */
}

size_t sclp_vm_input(struct s390_vm *vm, const uint8_t *buf, size_t n)
{
	size_t took = sclp_input_push(&vm->sclp, buf, n);

	/* A service signal already pending takes the bit too (merged). */
	if (took && sclp_input_pending(&vm->sclp)) {
		s390_irq_inject_service(&vm->irq, SCLP_EVENT_PENDING);
		vcpu_irq_injected(vm);
	}
	return took;
}
