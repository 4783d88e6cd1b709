/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Program interruptions SIE leaves to zarm (interception code 0x08).
 *
 * Hercules 3.13 (cpu.c, program_interrupt) always intercepts a guest's
 * protection, addressing, specification and special-operation exceptions
 * (with or without a concurrent PER event); with the controls zarm sets,
 * nothing else comes here (interception control 0x20, "every program
 * interruption", is off: doc/s390.md says why). It stores what the
 * interruption would have stored at guest real 0x80..0xb3 in the state
 * description's interruption-parameter area, SD 0xc0..0xf3 (lowcore
 * offset + 0x40), leaves the guest's lowcore alone, does not swap PSWs,
 * and leaves in the SD the PSW the program old PSW would have been (past a
 * suppressed or completed instruction). zarm completes the interruption as
 * the Principles of Operation describe it: the fields the code defines go
 * to the guest's lowcore, then code, ILC and the PSW swap
 * (vcpu_inject_pgm, which leaves the TEID stored here alone).
 */
#include "arch/s390/s390.h"

#include "arch/s390/pgm.h"
#include "arch/s390/vm.h"
#include "common/string.h"

/* SD interruption-parameter area: guest lowcore offset @off. */
#define SD_IP(off) ((off) - 0x80)

#define LC_PER_CODE 0x96     /* halfword: PER code, ATMID */
#define LC_PER_ADDR 0x98     /* doubleword */
#define LC_EXC_ACCESS_ID 0xa0
#define LC_PER_ACCESS_ID 0xa1
#define LC_OP_ACCESS_ID 0xa2

#define PGM_PER 0x80

static void copy_field(uint8_t *lc, const uint8_t *ip, unsigned int off,
		       unsigned int len)
{
	memcpy(lc + off, ip + SD_IP(off), len);
}

bool vcpu_reflect_pgm(struct s390_vcpu *v)
{
	const uint8_t *ip = v->sd.lc;
	uint8_t *lc = vm_abs(v->vm, v->sd.prefix, LC_SIZE);
	uint16_t code = (uint16_t)(ip[SD_IP(LC_PGM_CODE)] << 8 | ip[SD_IP(LC_PGM_CODE) + 1]);
	unsigned int ilc = ip[SD_IP(LC_PGM_ILC) + 1] & 0x06;

	if (!lc) {
		vcpu_fail(v, "prefix page outside the VM's storage");
		return false;
	}
	/*
	 * Protection (suppression on protection): the TEID, with bit 61 as
	 * Hercules computed it for DAT protection, and the access ids.
	 */
	if ((code & 0x7f) == PGM_PROTECTION) {
		copy_field(lc, ip, LC_TRANS_EXC, 8);
		copy_field(lc, ip, LC_EXC_ACCESS_ID, 1);
		copy_field(lc, ip, LC_OP_ACCESS_ID, 1);
	}
	if (code & PGM_PER) {
		copy_field(lc, ip, LC_PER_CODE, 2);
		copy_field(lc, ip, LC_PER_ADDR, 8);
		copy_field(lc, ip, LC_PER_ACCESS_ID, 1);
	}
	vcpu_inject_pgm(v, code, ilc);
	return true;
}
