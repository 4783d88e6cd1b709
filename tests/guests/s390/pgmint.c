/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Program interruptions that SIE intercepts (Hercules always does for
 * protection, addressing, specification and special-operation
 * exceptions) reach the guest as the Principles of Operation describe
 * them, as they do on bare Hercules: the code, the instruction length,
 * the old PSW (past the suppressed instruction), and for a protection
 * exception the translation-exception identification with bit 61 set when
 * DAT protection caused it (suppression on protection: Linux tells a
 * copy-on-write fault from low-address protection by that bit) and clear
 * for low-address protection. Interruptions SIE delivers itself (a
 * segment-translation exception) keep working beside them.
 */
#include "tests/guests/s390/rt.h"

#define SEG(i) ((uint64_t)(i) << 20)
#define LOGICAL_MAPPED 0x40000000ULL       /* segment 0x400 -> real 12 MiB */
#define LOGICAL_PROTECTED 0x40100000ULL    /* segment 0x401 -> the same, read-only */
#define LOGICAL_UNMAPPED 0x50000000ULL
#define FRAME 0x00c00000ULL
#define BEYOND_VM 0x7f000000ULL            /* past the VM's 16 MiB */
#define TEID_PROT_DAT 0x4ULL               /* bit 61 */
#define CR0_LAP 0x10000000ULL              /* bit 35: low-address protection */
#define CR0_EDAT1 0x00800000ULL

static uint64_t segtab[2048] __attribute__((aligned(4096)));
static volatile uint64_t target;

/* Each faulting instruction has a label: the old PSW is checked against it. */
extern char insn_mvghi[], insn_dr[], insn_sac[], insn_lg[], insn_lap[];

static void store_protected(void)
{
	asm volatile(".globl insn_mvghi\ninsn_mvghi: mvghi 0(%0),0x77"
		     : : "a"(target) : "memory");
}

static void odd_pair(void)
{
	/* DR with an odd first register: specification exception. */
	asm volatile(".globl insn_dr\ninsn_dr: .insn rr,0x1d00,1,2" : : : "r1", "r2", "cc");
}

static void sac_real(void)
{
	/* SET ADDRESS SPACE CONTROL with DAT off: special-operation exception. */
	asm volatile(".globl insn_sac\ninsn_sac: sac 0" : : : "memory");
}

static void load_beyond(void)
{
	uint64_t v;

	asm volatile(".globl insn_lg\ninsn_lg: lg %0,0(%1)" : "=d"(v) : "a"(target) : "memory");
}

static void store_low(void)
{
	asm volatile(".globl insn_lap\ninsn_lap: mvghi 0(%0),0x77" : : "a"(0x180UL) : "memory");
}

/* PER: instruction-fetching events for [start, end] (CR9-CR11). */
static void set_per_ifetch(uint64_t start, uint64_t end)
{
	uint64_t cr[3] = { start ? 0x40000000ULL : 0, start, end };

	asm volatile("lctlg 9,11,%0" : : "Q"(cr));
}

static uint64_t teid(void)
{
	return *(volatile uint64_t *)0xa8;
}

/* Code, ILC and the old PSW address (@len past @insn: suppressed). */
static bool took(unsigned int code, unsigned int got, const char *insn,
		 unsigned int len)
{
	return got == code && rt_last_pgm.code == code && rt_last_pgm.ilc == len &&
	       rt_last_pgm.addr == (uint64_t)(unsigned long)insn + len;
}

int main(void)
{
	volatile uint64_t *frame = (volatile uint64_t *)FRAME;
	unsigned int code;
	uint8_t m;

	rt_plan(12);
	for (unsigned int i = 0; i < 2048; i++)
		segtab[i] = 0x20;                        /* invalid */
	for (unsigned int i = 0; i < 16; i++)
		segtab[i] = SEG(i) | 0x400;              /* identity, 1 MiB frames */
	segtab[0x400] = FRAME | 0x400;
	segtab[0x401] = FRAME | 0x400 | 0x200;       /* protected */
	frame[0] = 0x1122334455667788ULL;

	/* DAT off: specification, special operation, addressing. */
	code = rt_try(odd_pair);
	rt_ok(took(0x06, code, insn_dr, 2),
	      "DR with an odd register: specification, ILC 2, PSW past it (code 0x%x ilc %u)",
	      code, rt_last_pgm.ilc);
	code = rt_try(sac_real);
	rt_ok(took(0x13, code, insn_sac, 4),
	      "SAC with DAT off: special operation, ILC 4 (code 0x%x ilc %u)", code,
	      rt_last_pgm.ilc);
	target = BEYOND_VM;
	code = rt_try(load_beyond);
	rt_ok(code == 0x05 && rt_last_pgm.ilc == 6 &&
	      (rt_last_pgm.addr == (uint64_t)(unsigned long)insn_lg ||
	       rt_last_pgm.addr == (uint64_t)(unsigned long)insn_lg + 6),
	      "LG beyond the VM's storage: addressing, ILC 6 (code 0x%x ilc %u)", code,
	      rt_last_pgm.ilc);

	/*
	 * An instruction-fetching PER event on the same DR: code 0x86, and
	 * the PER code (0x96, bit 1 = instruction fetch) and address (0x98).
	 */
	*(volatile uint16_t *)0x96 = 0;
	*(volatile uint64_t *)0x98 = 0;
	set_per_ifetch((uint64_t)(unsigned long)insn_dr, (uint64_t)(unsigned long)insn_dr);
	asm volatile("stosm %0,0x40" : "=Q"(m) : : "memory");   /* PER on */
	code = rt_try(odd_pair);
	asm volatile("stnsm %0,0xbf" : "=Q"(m) : : "memory");   /* PER off */
	set_per_ifetch(0, 0);
	rt_ok(code == 0x86 && rt_last_pgm.ilc == 2,
	      "DR with PER instruction fetch on it: specification with a PER event (code 0x%x)",
	      code);
	rt_ok((*(volatile uint16_t *)0x96 & 0xf000) == 0x4000 &&
	      *(volatile uint64_t *)0x98 == (uint64_t)(unsigned long)insn_dr,
	      "... PER code instruction fetch, PER address the DR (%04x %lx)",
	      *(volatile uint16_t *)0x96, (unsigned long)*(volatile uint64_t *)0x98);

	/* Low-address protection (DAT off): bit 61 of the TEID is zero. */
	*(volatile uint64_t *)0xa8 = ~0ULL;
	rt_set_cr(0, rt_get_cr0() | CR0_LAP);
	code = rt_try(store_low);       /* the handler turns LAP off */
	rt_ok(took(0x04, code, insn_lap, 6),
	      "a store to 0x180 with low-address protection: protection, ILC 6 (code 0x%x)",
	      code);
	rt_ok(!(teid() & TEID_PROT_DAT) && (teid() & ~0xfffULL) == 0,
	      "... TEID bit 61 clear, page 0 named (%lx)", (unsigned long)teid());

	/* DAT on: a page-protected store, a translation exception. */
	rt_set_cr(0, rt_get_cr0() | CR0_EDAT1);
	rt_set_cr(1, (uint64_t)(unsigned long)segtab | 3);
	asm volatile("stosm %0,0x04" : "=Q"(m) : : "memory");
	target = LOGICAL_PROTECTED + 0x2468;
	*(volatile uint64_t *)0xa8 = 0;
	code = rt_try(store_protected);
	rt_ok(took(0x04, code, insn_mvghi, 6),
	      "a store to a DAT-protected segment: protection, ILC 6, PSW past it (code 0x%x ilc %u)",
	      code, rt_last_pgm.ilc);
	rt_ok((teid() & ~0xfffULL) == ((LOGICAL_PROTECTED + 0x2468) & ~0xfffULL) &&
	      (teid() & TEID_PROT_DAT) && (teid() & 3) == 0,
	      "... TEID names the page, bit 61 set, primary space (%lx)",
	      (unsigned long)teid());
	rt_ok(frame[0x2468 / 8] != 0x77,
	      "... and the store did not happen (suppressed)");
	target = LOGICAL_MAPPED + 0x2468;
	code = rt_try(store_protected);
	rt_ok(code == 0 && frame[0x2468 / 8] == 0x77,
	      "the same store through the writable mapping works (code 0x%x)", code);
	target = LOGICAL_UNMAPPED + 0x10;
	code = rt_try(load_beyond);
	rt_ok(code == 0x10 && (teid() & ~0xfffULL) == LOGICAL_UNMAPPED &&
	      rt_last_pgm.addr == (uint64_t)(unsigned long)insn_lg,
	      "a load from an invalid segment: segment translation, nullified (code 0x%x teid %lx)",
	      code, (unsigned long)teid());
	asm volatile("stnsm %0,0xfb" : "=Q"(m) : : "memory");
	return (int)rt_failures();
}
