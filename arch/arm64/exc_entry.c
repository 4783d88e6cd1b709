/* SPDX-License-Identifier: GPL-2.0-only */
/* Exception entry to a guest's EL1, as AArch64.TakeException does it (see exc_entry.h). */
#include "arch/arm64/exc_entry.h"

static unsigned int id_field(uint64_t reg, unsigned int shift)
{
	return (unsigned int)((reg >> shift) & 0xf);
}

void exc_features_from_id(struct exc_cpu_features *f, uint64_t mmfr1, uint64_t mmfr2,
			  uint64_t pfr1)
{
	f->pan = id_field(mmfr1, 20) != 0;	/* ID_AA64MMFR1_EL1.PAN */
	f->uao = id_field(mmfr2, 4) != 0;	/* ID_AA64MMFR2_EL1.UAO */
	f->bti = id_field(pfr1, 0) != 0;	/* ID_AA64PFR1_EL1.BT */
	f->ssbs = id_field(pfr1, 4) != 0;	/* .SSBS */
	f->mte = id_field(pfr1, 8) != 0;	/* .MTE */
	f->nmi = id_field(pfr1, 36) != 0;	/* .NMI */
}

uint64_t exc_vector_offset(uint64_t spsr)
{
	if (spsr & PSR_A32)
		return VEC_LOWER_A32;
	switch (spsr & PSR_MODE_MASK) {
	case PSR_MODE_EL0T:
		return VEC_LOWER_A64;
	case PSR_MODE_EL1T:
		return VEC_CUR_SP0;
	default:
		/* EL1h; a guest cannot be at EL2 or EL3. */
		return VEC_CUR_SPX;
	}
}

uint64_t exc_entry_pstate(uint64_t spsr, uint64_t sctlr_el1, const struct exc_cpu_features *f)
{
	uint64_t p = (spsr & (PSR_NZCV | PSR_PAN)) | PSR_D | PSR_A | PSR_I | PSR_F | PSR_MODE_EL1H;

	/* AArch32 keeps DIT and SSBS elsewhere in its PSTATE (and has no UAO or TCO). */
	if (spsr & PSR_A32)
		p |= (spsr & PSR_DIT_A32) ? PSR_DIT : 0;
	else
		p |= spsr & (PSR_DIT | PSR_TCO | PSR_ALLINT | PSR_SSBS);
	if (f->pan && !(sctlr_el1 & SCTLR_SPAN))
		p |= PSR_PAN;
	if (f->ssbs) {
		p &= ~PSR_SSBS;
		if (sctlr_el1 & SCTLR_DSSBS)
			p |= PSR_SSBS;
	}
	if (f->mte)
		p |= PSR_TCO;
	if (f->nmi) {
		p &= ~PSR_ALLINT;
		if (!(sctlr_el1 & SCTLR_SPINTMASK))
			p |= PSR_ALLINT;
	}
	return p;
}

uint64_t exc_abort_esr(uint64_t spsr, bool data, bool write, bool walk, int walk_level)
{
	bool el0 = exc_from_el0(spsr);
	uint64_t ec = data ? (el0 ? EC_DABT_LOWER : EC_DABT_SAME) :
			     (el0 ? EC_IABT_LOWER : EC_IABT_SAME);
	uint64_t esr = (ec << ESR_EC_SHIFT) | ESR_IL_BIT;

	esr |= walk ? FSC_EXT_ABORT_WALK(walk_level) : FSC_EXT_ABORT;
	if (data && write)
		esr |= ABT_WNR;
	return esr;
}
