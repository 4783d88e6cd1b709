/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Decoding the guest's debug-register accesses (arm64_dbgregs.h). The
 * encodings are the Arm ARM's AArch64 debug registers; anything else in
 * op0 = 2 (the trace unit's registers among them, which zarm does not
 * give guests) is UNDEFINED, as is reading a write-only register or
 * writing a read-only one.
 */
#include "cpu/arm64_dbgregs.h"

#define ENC(op1, crn, crm, op2) (((op1) << 12) | ((crn) << 8) | ((crm) << 4) | (op2))

struct dbg_reg {
	uint16_t enc;
	uint8_t action;
	uint8_t access;		/* R, W or RW */
};

#define R 1
#define W 2
#define RW 3

static const struct dbg_reg regs[] = {
	{ ENC(0, 0, 2, 0), DBG_RAZ_WI, RW },		/* MDCCINT_EL1 */
	{ ENC(0, 0, 2, 2), DBG_MDSCR, RW },		/* MDSCR_EL1 */
	{ ENC(0, 0, 0, 2), DBG_RAZ_WI, RW },		/* OSDTRRX_EL1 */
	{ ENC(0, 0, 3, 2), DBG_RAZ_WI, RW },		/* OSDTRTX_EL1 */
	{ ENC(0, 0, 6, 2), DBG_RAZ_WI, RW },		/* OSECCR_EL1 */
	{ ENC(0, 1, 0, 0), DBG_RAZ_WI, R },		/* MDRAR_EL1: no ROM table */
	{ ENC(0, 1, 0, 4), DBG_OSLAR, W },		/* OSLAR_EL1 */
	{ ENC(0, 1, 1, 4), DBG_OSLSR, R },		/* OSLSR_EL1 */
	{ ENC(0, 1, 3, 4), DBG_OSDLR, RW },		/* OSDLR_EL1 */
	{ ENC(0, 1, 4, 4), DBG_RAZ_WI, RW },		/* DBGPRCR_EL1 */
	{ ENC(0, 7, 8, 6), DBG_RAZ_WI, RW },		/* DBGCLAIMSET_EL1 */
	{ ENC(0, 7, 9, 6), DBG_RAZ_WI, RW },		/* DBGCLAIMCLR_EL1 */
	{ ENC(0, 7, 14, 6), DBG_AUTHSTATUS, R },	/* DBGAUTHSTATUS_EL1 */
	{ ENC(3, 0, 1, 0), DBG_RAZ_WI, R },		/* MDCCSR_EL0 */
	{ ENC(3, 0, 4, 0), DBG_RAZ_WI, RW },		/* DBGDTR_EL0 */
	{ ENC(3, 0, 5, 0), DBG_RAZ_WI, RW },		/* DBGDTRRX_EL0 / DBGDTRTX_EL0 */
};

struct dbg_decoded dbgregs_decode(unsigned int op0, unsigned int op1, unsigned int crn,
				  unsigned int crm, unsigned int op2, bool write,
				  unsigned int nbrp, unsigned int nwrp)
{
	struct dbg_decoded d = { DBG_UNDEF, 0 };
	unsigned int enc;

	if (op0 != 2 || op1 > 7 || crn > 15 || crm > 15 || op2 > 7)
		return d;
	/* DBG{B,W}{V,C}R<n>_EL1: op1 0, CRn 0, CRm n, op2 4..7. */
	if (op1 == 0 && crn == 0 && op2 >= 4) {
		bool bp = op2 < 6;

		if (crm < (bp ? nbrp : nwrp) && crm < DBGREGS_MAX_BP) {
			static const enum dbg_action a[4] = { DBG_BVR, DBG_BCR, DBG_WVR, DBG_WCR };

			d.action = a[op2 - 4];
			d.n = crm;
		}
		return d;
	}
	enc = ENC(op1, crn, crm, op2);
	for (unsigned int i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		if (regs[i].enc != enc)
			continue;
		if (regs[i].access & (write ? W : R))
			d.action = regs[i].action;
		return d;
	}
	return d;
}
