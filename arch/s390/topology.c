/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PERFORM TOPOLOGY FUNCTION (B9A2). The configuration-topology facility
 * (11) is in the host's facility list, which VMs see, and Hercules
 * intercepts PTF under SIE; Linux calls it from its topology timer (an
 * operation exception there is a kernel oops). Each VM has its own
 * polarization (horizontal after reset) and topology-change-report
 * pending flag. The Principles of Operation define:
 *  - privileged;
 *  - bits 0-55 of GR R1 not zero, or a function code other than 0, 1, 2:
 *    specification exception;
 *  - FC 0 / 1 (request horizontal / vertical polarization): cc 2 with
 *    reason code 1 in bits 48-55 of GR R1 when already polarized so,
 *    else cc 0 and a topology-change report becomes pending;
 *  - FC 2 (check topology-change status): cc 1 if a report was pending
 *    (now cleared), cc 0 otherwise.
 */
#include "arch/s390/s390.h"

#include "arch/s390/pgm.h"

void instr_ptf(struct s390_vcpu *v)
{
	unsigned int r1 = (v->sd.ipb >> 20) & 15;
	uint64_t gr = vcpu_gpr(v, r1);
	struct s390_vm *vm = v->vm;
	bool vertical;

	if (v->sd.psw.mask & PSW_MASK_PSTATE) {
		vcpu_inject_pgm(v, PGM_PRIVILEGED, 4);
		return;
	}
	if (gr > 2) {
		vcpu_inject_pgm(v, PGM_SPECIFICATION, 4);
		return;
	}
	if (gr == 2) {
		vcpu_set_cc(v, vm->topo_change ? 1 : 0);
		vm->topo_change = false;
		return;
	}
	vertical = gr == 1;
	if (vm->topo_vertical == vertical) {
		vcpu_set_gpr(v, r1, gr | 1ULL << 8);   /* already polarized so */
		vcpu_set_cc(v, 2);
		return;
	}
	vm->topo_vertical = vertical;
	vm->topo_change = true;
	vcpu_set_cc(v, 0);
}
