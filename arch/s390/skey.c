/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Storage keys. A VM's storage is a contiguous range of host frames that
 * belong to it alone, so its storage keys are simply those frames' own
 * keys: with the RCP-bypass control (SD_RCPO2_BYPASS) Hercules' SIE
 * interprets ISKE, RRBE, RRBM and IVSK on them. Its SSKE and PFMF
 * set-key paths under that control translate the address and then store
 * nothing, so zarm intercepts SSKE (interception control ISKE/SSKE bit,
 * which covers PFMF with the set-key control too) and performs them here:
 * it checks the operands as the PoP says, then executes the very same
 * instruction on the host frame, so the key-setting rules (the MR and MC
 * masks, conditional SSKE and its condition code, PFMF's clear-frame and
 * frame-size controls) are the machine's own.
 */
#include "arch/s390/s390.h"

#include "arch/s390/pgm.h"
#include "arch/s390/vm.h"

#define SSKE_MR 0x4
#define SSKE_MC 0x2
#define SSKE_MB 0x1
#define PFMF_RESERVED 0xfffc0101u   /* of bits 32-63 (NQ included below) */
#define PFMF_NQ 0x00000800u
#define PFMF_SK 0x00020000u
#define PFMF_FSC 0x00007000u
#define PFMF_FSC_4K 0x00000000u
#define PFMF_FSC_1M 0x00001000u
#define FRAME 4096ULL
#define MIB (1ULL << 20)

/* An address in a register, wrapped as the PSW's addressing mode says. */
static uint64_t wrap(struct s390_vcpu *v, uint64_t a)
{
	if (v->sd.psw.mask & PSW_MASK_EA)
		return a;
	return a & ((v->sd.psw.mask & PSW_MASK_BA) ? 0x7fffffffULL : 0xffffffULL);
}

/* Replace the address part of GR @r as the addressing mode says. */
static void set_addr_reg(struct s390_vcpu *v, unsigned int r, uint64_t a)
{
	uint64_t old = vcpu_gpr(v, r);

	if (v->sd.psw.mask & PSW_MASK_EA)
		vcpu_set_gpr(v, r, a);
	else if (v->sd.psw.mask & PSW_MASK_BA)
		vcpu_set_gpr(v, r, (old & ~0x7fffffffULL) | (a & 0x7fffffffULL));
	else
		vcpu_set_gpr(v, r, (old & ~0xffffffULL) | (a & 0xffffffULL));
}

/* SSKE on the host frame @host; M3's MR and MC as given. Returns the cc. */
static int host_sske(uint64_t *r1, uint64_t host, unsigned int m3)
{
	int cc;

	switch (m3 & (SSKE_MR | SSKE_MC)) {
	case 0:
		asm volatile("sske %1,%2\n\tipm %0\n\tsrl %0,28"
			     : "=d"(cc), "+d"(*r1) : "a"(host) : "cc", "memory");
		break;
	case SSKE_MC:
		asm volatile("sske %1,%2,2\n\tipm %0\n\tsrl %0,28"
			     : "=d"(cc), "+d"(*r1) : "a"(host) : "cc", "memory");
		break;
	case SSKE_MR:
		asm volatile("sske %1,%2,4\n\tipm %0\n\tsrl %0,28"
			     : "=d"(cc), "+d"(*r1) : "a"(host) : "cc", "memory");
		break;
	default:
		asm volatile("sske %1,%2,6\n\tipm %0\n\tsrl %0,28"
			     : "=d"(cc), "+d"(*r1) : "a"(host) : "cc", "memory");
		break;
	}
	return cc;
}

/* Host absolute address of the guest absolute frame @abs, or 0 if outside. */
static uint64_t host_frame(struct s390_vcpu *v, uint64_t abs)
{
	void *p = vm_abs(v->vm, abs & ~(FRAME - 1), FRAME);

	return p ? (uint64_t)(uintptr_t)p : 0;
}

/* SSKE R1,R2,M3 (B22B). */
void skey_sske(struct s390_vcpu *v)
{
	unsigned int m3 = (v->sd.ipb >> 28) & 15;
	unsigned int r1 = (v->sd.ipb >> 20) & 15, r2 = (v->sd.ipb >> 16) & 15;
	uint64_t a = wrap(v, vcpu_gpr(v, r2)) & ~(FRAME - 1), end, key;
	int cc = -1;

	if (v->sd.psw.mask & PSW_MASK_PSTATE) {
		vcpu_inject_pgm(v, PGM_PRIVILEGED, 4);
		return;
	}
	if (m3 & SSKE_MB) {
		/* An absolute address; every block to the 1 MiB boundary. */
		end = (a | (MIB - 1)) + 1;
	} else {
		a = vcpu_real_to_abs(v, a);
		end = a + FRAME;
	}
	/* Check every block before setting any key. */
	for (uint64_t f = a; f < end; f += FRAME) {
		if (!host_frame(v, f)) {
			vcpu_inject_pgm(v, PGM_ADDRESSING, 4);
			return;
		}
	}
	key = vcpu_gpr(v, r1);
	for (uint64_t f = a; f < end; f += FRAME) {
		uint64_t r = key;

		cc = host_sske(&r, host_frame(v, f), m3);
		/* Conditional SSKE: the old key in bits 48-55, a cc. */
		if (m3 & (SSKE_MR | SSKE_MC))
			vcpu_set_gpr(v, r1, (vcpu_gpr(v, r1) & ~0xff00ULL) | (r & 0xff00ULL));
	}
	if (m3 & (SSKE_MR | SSKE_MC))
		vcpu_set_cc(v, (unsigned int)cc);
	if (m3 & SSKE_MB)
		set_addr_reg(v, r2, end);
}

/* PFMF R1,R2 (B9AF): intercepted only with the set-key control on. */
void skey_pfmf(struct s390_vcpu *v)
{
	unsigned int r1 = (v->sd.ipb >> 20) & 15, r2 = (v->sd.ipb >> 16) & 15;
	uint64_t ctl = vcpu_gpr(v, r1), r2val = vcpu_gpr(v, r2);
	uint32_t lo = (uint32_t)ctl;
	uint64_t a = wrap(v, r2val) & ~(FRAME - 1), end;

	if (v->sd.psw.mask & PSW_MASK_PSTATE) {
		vcpu_inject_pgm(v, PGM_PRIVILEGED, 4);
		return;
	}
	if ((lo & (PFMF_RESERVED | PFMF_NQ)) ||
	    ((lo & PFMF_FSC) != PFMF_FSC_4K && (lo & PFMF_FSC) != PFMF_FSC_1M)) {
		vcpu_inject_pgm(v, PGM_SPECIFICATION, 4);
		return;
	}
	if ((lo & PFMF_FSC) == PFMF_FSC_1M) {
		end = (a | (MIB - 1)) + 1;
	} else {
		a = vcpu_real_to_abs(v, a);
		end = a + FRAME;
	}
	for (uint64_t f = a; f < end; f += FRAME) {
		if (!host_frame(v, f)) {
			vcpu_inject_pgm(v, PGM_ADDRESSING, 4);
			return;
		}
	}
	/* One frame at a time, 4 KiB frame size: the host's PFMF does the rest. */
	for (uint64_t f = a; f < end; f += FRAME) {
		uint64_t c = ctl & ~(uint64_t)PFMF_FSC, h = host_frame(v, f);

		asm volatile(".insn rre,0xb9af0000,%0,%1"
			     : : "d"(c), "d"(h) : "memory");
	}
	if ((lo & PFMF_FSC) == PFMF_FSC_1M)
		set_addr_reg(v, r2, end | (r2val & (FRAME - 1)));
}
