/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Program interruptions SIE leaves to zarm (interception code 0x08).
 *
 * Hercules 3.13 (cpu.c, program_interrupt) intercepts a guest's
 * protection, addressing, specification and special-operation exceptions
 * always (and every program interruption with interception control 0x20,
 * which zarm does not set, see doc/s390.md). It then stores what the
 * interruption would have stored at guest real 0x80..0xb3 in the state
 * description's interruption-parameter area, SD 0xc0..0xf3 (lowcore
 * offset + 0x40), leaves the guest's lowcore alone, does not swap PSWs,
 * and leaves in the SD the PSW the program old PSW would have been
 * (already past a suppressed or completed instruction, at a nullified
 * one). zarm completes the interruption as the Principles of Operation
 * describe it: the fields the code defines go to the guest's lowcore,
 * then the PSW swap (vcpu_inject_pgm).
 */
#include "arch/s390/s390.h"

#include "arch/s390/pgm.h"
#include "arch/s390/vm.h"
#include "common/string.h"

/* SD interruption-parameter area: guest lowcore offset @off. */
#define SD_IP(off) ((off) - 0x80)
/* Hercules puts an intercepted monitor event's code here (its SD 0xf0). */
#define SD_MONCODE 0x30

#define LC_DXC 0x90          /* word: data-exception code */
#define LC_MON_CLASS 0x94    /* halfword */
#define LC_PER_CODE 0x96     /* halfword: PER code, ATMID */
#define LC_PER_ADDR 0x98     /* doubleword */
#define LC_EXC_ACCESS_ID 0xa0
#define LC_PER_ACCESS_ID 0xa1
#define LC_OP_ACCESS_ID 0xa2
#define LC_TEID_LOW 0xac     /* word: ASN/PC-number translation exceptions */
#define LC_MON_CODE 0xb0     /* doubleword */

#define PGM_PER 0x80

/* Codes that store the translation-exception identification (0xa8). */
static bool stores_teid(unsigned int code)
{
	switch (code) {
	case PGM_PROTECTION:	/* suppression on protection */
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

/* Codes that store the exception access id (0xa0) and operand access id. */
static bool stores_access_ids(unsigned int code)
{
	return stores_teid(code) || (code >= 0x29 && code <= 0x2d) || code == 0x2f;
}

/* ASN and PC-number translation exceptions: the word at 0xac. */
static bool stores_teid_low(unsigned int code)
{
	return code == 0x1c || (code >= 0x20 && code <= 0x27);
}

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
	unsigned int base = code & 0x7f;

	if (!lc) {
		vcpu_fail(v, "prefix page outside the VM's storage");
		return false;
	}
	if (stores_access_ids(base)) {
		copy_field(lc, ip, LC_EXC_ACCESS_ID, 1);
		copy_field(lc, ip, LC_OP_ACCESS_ID, 1);
	}
	if (stores_teid(base))
		copy_field(lc, ip, LC_TRANS_EXC, 8);
	if (stores_teid_low(base))
		copy_field(lc, ip, LC_TEID_LOW, 4);
	if (base == 0x07)
		copy_field(lc, ip, LC_DXC, 4);
	if (base == 0x40) {
		copy_field(lc, ip, LC_MON_CLASS, 2);
		memcpy(lc + LC_MON_CODE, ip + SD_MONCODE, 8);
	}
	if (code & PGM_PER) {
		copy_field(lc, ip, LC_PER_CODE, 2);
		copy_field(lc, ip, LC_PER_ADDR, 8);
		copy_field(lc, ip, LC_PER_ACCESS_ID, 1);
	}
	vcpu_inject_pgm(v, code, ilc);
	return true;
}
