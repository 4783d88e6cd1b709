/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Intercepted B2xx instructions other than DIAG and SIGP: SERVICE CALL
 * (sclp.c), and what a VM should see of the machine: STIDP, STSI, STFL and
 * STFLE. I/O instructions find no subchannels (cc 3). Anything else gets
 * an operation exception. Operands are guest logical addresses, translated
 * through the guest's DAT when it is on (gaccess.c).
 */
#include "arch/s390/s390.h"

#include "arch/s390/console.h"
#include "arch/s390/gaccess.h"
#include "arch/s390/vm.h"
#include "common/string.h"

#define PGM_OPERATION 0x01
#define PGM_PRIVILEGED 0x02
#define PGM_SPECIFICATION 0x06

static uint64_t operand_addr(struct s390_vcpu *v)
{
	unsigned int b2 = v->sd.ipb >> 28, d2 = (v->sd.ipb >> 16) & 0xfff;
	uint64_t a = (b2 ? vcpu_gpr(v, b2) : 0) + d2;

	if (!(v->sd.psw.mask & PSW_MASK_EA))
		a &= (v->sd.psw.mask & PSW_MASK_BA) ? 0x7fffffffULL : 0xffffffULL;
	return a;
}

static void stidp(struct s390_vcpu *v)
{
	uint64_t a = operand_addr(v);
	/* Version 0xff: the CPU is virtual; id = VM and vCPU; type 2064. */
	uint64_t id = 0xff00000000000000ULL |
		      (uint64_t)(v->vm->vm.id << 4 | v->id) << 32 |
		      0x2064ULL << 16;
	if (a & 7) {
		vcpu_inject_pgm(v, PGM_SPECIFICATION, 4);
		return;
	}
	gaccess_store(v, a, &id, 8, 4);
}

static void put_ebcdic(uint8_t *p, const char *s, unsigned int n)
{
	static const char digits[] = "0123456789";

	for (unsigned int i = 0; i < n; i++) {
		char c = *s ? *s++ : ' ';

		if (c >= 'A' && c <= 'I')
			p[i] = (uint8_t)(0xc1 + c - 'A');
		else if (c >= 'J' && c <= 'R')
			p[i] = (uint8_t)(0xd1 + c - 'J');
		else if (c >= 'S' && c <= 'Z')
			p[i] = (uint8_t)(0xe2 + c - 'S');
		else if (c >= '0' && c <= '9')
			p[i] = (uint8_t)(0xf0 + (c - digits[0]));
		else
			p[i] = 0x40;
	}
}

/* STSI: level 3 (VM). Provides 1.1.1, 1.2.1, 2.2.2 and 3.2.2. */
static void stsi(struct s390_vcpu *v)
{
	uint64_t gr0 = vcpu_gpr(v, 0), gr1 = vcpu_gpr(v, 1);
	unsigned int fc = (gr0 >> 28) & 15, s1 = gr0 & 0xff, s2 = gr1 & 0xffff;
	uint64_t a = operand_addr(v);
	/* Built here, stored in one go (the big lock serialises users). */
	static uint8_t p[4096];

	if ((gr0 & 0x0fffff00ULL) || (gr1 & 0xffff0000ULL)) {
		vcpu_inject_pgm(v, PGM_SPECIFICATION, 4);
		return;
	}
	if (fc == 0) {
		vcpu_set_gpr(v, 0, (gr0 & ~0xffffffffULL) | 3u << 28);
		vcpu_set_cc(v, 0);
		return;
	}
	if (fc > 3 || !((fc == 1 && s1 == 1 && s2 == 1) ||
			(fc == 1 && s1 == 2 && s2 == 1) ||
			(fc == 2 && s1 == 2 && s2 == 2) ||
			(fc == 3 && s1 == 2 && s2 == 2))) {
		vcpu_set_cc(v, 3);
		return;
	}
	if (a & 0xfff) {
		vcpu_inject_pgm(v, PGM_SPECIFICATION, 4);
		return;
	}
	memset(p, 0, sizeof(p));
	if (fc == 1 && s1 == 1) {
		put_ebcdic(p + 32, "ZARM", 16);    /* manufacturer */
		put_ebcdic(p + 48, "2064", 4);     /* type */
		put_ebcdic(p + 64, "ZARM", 16);    /* model capacity */
		put_ebcdic(p + 80, "0", 16);       /* sequence */
		put_ebcdic(p + 96, "ZARM", 4);     /* plant */
		put_ebcdic(p + 100, "ZARM", 16);   /* model */
	} else if (fc == 1) {
		p[8 + 0] = 0;
		put_ebcdic(p + 12, "0", 16);
		put_ebcdic(p + 28, "ZARM", 4);
		p[0x1e] = (uint8_t)v->id;
	} else if (fc == 2) {
		p[8] = 0;
		p[9] = 1;                          /* LPAR number */
		p[11] = 0x80;
		p[14 + 0] = 0;
		p[15] = (uint8_t)v->vm->vm.nr_vcpus;  /* configured CPUs */
		put_ebcdic(p + 24, "ZARM", 8);     /* LPAR name */
	} else {
		p[31] = 1;                         /* one VM description */
		p[32 + 4 + 2] = 0;
		p[32 + 6] = (uint8_t)v->vm->vm.nr_vcpus;
		p[32 + 5] = (uint8_t)v->vm->vm.nr_vcpus;
		put_ebcdic(p + 32 + 8, v->vm->vm.name, 8);
		put_ebcdic(p + 32 + 24, "ZARM", 16);
	}
	if (!gaccess_store(v, a, p, sizeof(p), 4))
		vcpu_set_cc(v, 0);
}

/* The facility bits a VM sees: the host's own (zarm emulates no more). */
static unsigned int host_facilities(uint64_t *list, unsigned int max)
{
	register uint64_t r0 asm("0") = max - 1;

	asm volatile(".insn s,0xb2b00000,%0" : "=Q"(*(uint64_t(*)[4])list),
		     "+d"(r0) : : "cc");
	return (unsigned int)(r0 & 0xff) + 1;
}

static void stfle(struct s390_vcpu *v)
{
	uint64_t list[4] = { 0 }, a = operand_addr(v);
	unsigned int have = host_facilities(list, 4), want;

	want = (vcpu_gpr(v, 0) & 0xff) + 1;
	if (a & 7) {
		vcpu_inject_pgm(v, PGM_SPECIFICATION, 4);
		return;
	}
	if (have > 4)
		have = 4;
	if (gaccess_store(v, a, list, 8ULL * (want < have ? want : have), 4))
		return;
	vcpu_set_gpr(v, 0, (vcpu_gpr(v, 0) & ~0xffULL) | (have - 1));
	vcpu_set_cc(v, want >= have ? 0 : 3);
}

static void stfl(struct s390_vcpu *v)
{
	uint64_t list[4] = { 0 };
	uint8_t *lc = vm_abs(v->vm, v->sd.prefix, LC_SIZE);

	host_facilities(list, 4);
	if (lc)
		memcpy(lc + LC_STFL, list, 4);
}

/*
 * PTFF (0104): Hercules lists the TOD-steering facility (28) to guests and
 * intercepts the instruction. A VM's clock is never steered: query
 * available functions (QAF, QTO, QPT), TOD offset (the VM's epoch) and
 * physical clock work; other functions are "not available" (cc 3).
 */
void instr_ptff(struct s390_vcpu *v)
{
	unsigned int fc = vcpu_gpr(v, 0) & 0x7f;
	uint64_t a = vcpu_gpr(v, 1), block[4] = { 0 }, len;

	if (!(v->sd.psw.mask & PSW_MASK_EA))
		a &= (v->sd.psw.mask & PSW_MASK_BA) ? 0x7fffffffULL : 0xffffffULL;
	if (v->sd.psw.mask & PSW_MASK_PSTATE) {
		vcpu_inject_pgm(v, PGM_PRIVILEGED, 2);
		return;
	}
	/* The parameter block is on a doubleword boundary. */
	if (a & 7) {
		vcpu_inject_pgm(v, PGM_SPECIFICATION, 2);
		return;
	}
	switch (fc) {
	case 0x00:                              /* QAF */
		block[0] = 0xd000000000000000ULL;   /* functions 0, 1, 3 */
		len = 16;
		break;
	case 0x01:                              /* QTO */
		block[0] = cpu_tod();
		block[1] = v->sd.epoch;
		block[2] = v->sd.epoch;
		len = 32;
		break;
	case 0x03:                              /* QPT */
		block[0] = cpu_tod();
		len = 8;
		break;
	default:
		vcpu_set_cc(v, 3);
		return;
	}
	if (!gaccess_store(v, a, block, len, 2))
		vcpu_set_cc(v, 0);
}

/* STAP: the vCPU's address in its VM. */
static void stap(struct s390_vcpu *v)
{
	uint64_t a = operand_addr(v);
	uint16_t addr = (uint16_t)v->id;

	if (a & 1) {
		vcpu_inject_pgm(v, PGM_SPECIFICATION, 4);
		return;
	}
	gaccess_store(v, a, &addr, 2, 4);
}

/* STPX: the prefix. */
static void stpx(struct s390_vcpu *v)
{
	uint64_t a = operand_addr(v);
	uint32_t prefix = v->sd.prefix;

	if (a & 3) {
		vcpu_inject_pgm(v, PGM_SPECIFICATION, 4);
		return;
	}
	gaccess_store(v, a, &prefix, 4, 4);
}

/*
 * SCK: the VM's TOD clock. A VM's clock is the host's plus its epoch
 * difference (the state description's epoch, which SIE adds to every
 * guest STCK/STCKE/STCKF and clock-comparator check); SCK sets that
 * difference for every vCPU of the VM, kicks the running ones so that
 * they re-enter SIE with it, and wakes the waiting ones so that their
 * clock-comparator deadlines are recomputed. cc 0.
 */
static void sck(struct s390_vcpu *v)
{
	uint64_t a = operand_addr(v), tod;
	struct s390_vm *vm = v->vm;

	if (a & 7) {
		vcpu_inject_pgm(v, PGM_SPECIFICATION, 4);
		return;
	}
	if (gaccess_fetch(v, a, &tod, 8, 4))
		return;
	vm->epoch = tod - cpu_tod();
	for (unsigned int i = 0; i < vm->vm.nr_vcpus; i++) {
		struct s390_vcpu *t = vm->vcpus[i];

		t->sd.epoch = vm->epoch;
		if (t == v)
			continue;
		if (vcpu_state(t) == S390_VCPU_WAITING)
			vcpu_set_state(t, S390_VCPU_RUNNABLE);
		else
			sched_notify(t);
	}
	vcpu_set_cc(v, 0);
}

/* SPX: a new prefix, which must be in the VM's storage. */
static void spx(struct s390_vcpu *v)
{
	uint64_t a = operand_addr(v);
	uint32_t prefix;

	if (a & 3) {
		vcpu_inject_pgm(v, PGM_SPECIFICATION, 4);
		return;
	}
	if (gaccess_fetch(v, a, &prefix, 4, 4))
		return;
	prefix &= 0x7fffe000u;
	if (!vm_abs(v->vm, prefix, LC_SIZE)) {
		vcpu_inject_pgm(v, 0x05, 4);
		return;
	}
	v->sd.prefix = prefix;
}

void instr_b2(struct s390_vcpu *v)
{
	uint8_t op2 = v->sd.ipa & 0xff;
	bool pstate = v->sd.psw.mask & PSW_MASK_PSTATE;

	if (op2 == 0xb0) {
		stfle(v);
		return;
	}
	if (pstate) {
		vcpu_inject_pgm(v, PGM_PRIVILEGED, 4);
		return;
	}
	switch (op2) {
	case 0x20:
		sclp_servc(v);
		return;
	case 0x02:
		stidp(v);
		return;
	case 0x7d:
		stsi(v);
		return;
	case 0xb1:
		stfl(v);
		return;
	case 0x12:
		stap(v);
		return;
	case 0x10:
		spx(v);
		return;
	case 0x11:
		stpx(v);
		return;
	case 0x2b:
		skey_sske(v);
		return;
	case 0x04:
		sck(v);
		return;
	case 0x30 ... 0x3c:
	case 0x76:
		/* Channel subsystem instructions: no subchannels here. */
		vcpu_set_cc(v, 3);
		return;
	default:
		if (vm_log_allowed(v->vm))
			con_printf("VM %u \"%s\" vCPU %u: instruction ipa 0x%04x ipb 0x%08x at %016lx not emulated: operation exception\n",
				   v->vm->vm.id, v->vm->vm.name, v->id, v->sd.ipa,
				   v->sd.ipb, v->sd.psw.addr);
		vcpu_inject_pgm(v, PGM_OPERATION, 4);
		return;
	}
}

void instr_lctl(struct s390_vcpu *v)
{
	bool g = (v->sd.ipa >> 8) == 0xeb;
	unsigned int r1 = (v->sd.ipa >> 4) & 15, r3 = v->sd.ipa & 15;
	unsigned int b2 = v->sd.ipb >> 28, ilen = g ? 6 : 4;
	int64_t d2 = (v->sd.ipb >> 16) & 0xfff;
	unsigned int n = ((r3 - r1) & 15) + 1, size = g ? 8 : 4;
	uint8_t buf[16 * 8];
	uint64_t a;

	if (g) {
		/* RSY: 20-bit signed displacement DH2:DL2. */
		d2 |= (int64_t)(int8_t)((v->sd.ipb >> 8) & 0xff) * 4096;
	}
	a = (b2 ? vcpu_gpr(v, b2) : 0) + (uint64_t)d2;
	if (!(v->sd.psw.mask & PSW_MASK_EA))
		a &= (v->sd.psw.mask & PSW_MASK_BA) ? 0x7fffffffULL : 0xffffffULL;
	if (v->sd.psw.mask & PSW_MASK_PSTATE) {
		vcpu_inject_pgm(v, PGM_PRIVILEGED, ilen);
		return;
	}
	if (a & (size - 1)) {
		vcpu_inject_pgm(v, PGM_SPECIFICATION, ilen);
		return;
	}
	/* Fetch all first: an access exception leaves the registers alone. */
	if (gaccess_fetch(v, a, buf, (uint64_t)n * size, ilen))
		return;
	for (unsigned int i = 0; i < n; i++) {
		unsigned int r = (r1 + i) & 15;
		uint64_t val = 0;

		for (unsigned int k = 0; k < size; k++)
			val = val << 8 | buf[i * size + k];
		if (g)
			v->sd.gcr[r] = val;
		else
			v->sd.gcr[r] = (v->sd.gcr[r] & ~0xffffffffULL) | val;
	}
	vcpu_deliver(v);
}
