/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Operands of emulated instructions go through the guest's own DAT: with
 * a segment table of 1 MiB frames (EDAT-1), STIDP to a remapped logical
 * address lands in the mapped frame, an invalid segment gives a
 * segment-translation exception with the address in the TEID, an address
 * past the segment table's 2 GiB an ASCE-type exception, and a protected
 * segment a protection exception with bit 61 of the TEID set (DAT
 * protection). Translation exceptions nullify (the old PSW points at the
 * instruction), protection suppresses (it points past it). Low-address
 * protection applies to logical addresses with DAT on, except in a space
 * whose ASCE has the private-space control.
 */
#include "tests/guests/s390/rt.h"

#define SEG(i) ((uint64_t)(i) << 20)
#define LOGICAL_MAPPED 0x40000000ULL       /* segment 0x400 -> real 12 MiB */
#define LOGICAL_PROTECTED 0x40100000ULL    /* segment 0x401, read-only */
#define LOGICAL_UNMAPPED 0x50000000ULL
#define LOGICAL_BEYOND 0x80000000ULL        /* past a segment table's 2 GiB */
#define FRAME 0x00c00000ULL

static uint64_t segtab[2048] __attribute__((aligned(4096)));
static volatile uint64_t target;

extern char stidp_insn[];

static void stidp_target(void)
{
	asm volatile(".globl stidp_insn\nstidp_insn:\tstidp 0(%0)" : : "a"(target) : "memory");
}

int main(void)
{
	unsigned int code;
	uint8_t m;

	rt_plan(9);
	for (unsigned int i = 0; i < 2048; i++)
		segtab[i] = 0x20;                        /* invalid */
	for (unsigned int i = 0; i < 16; i++)
		segtab[i] = SEG(i) | 0x400;              /* identity, 1 MiB frames */
	segtab[0x400] = FRAME | 0x400;
	segtab[0x401] = FRAME | 0x400 | 0x200;       /* protected */
	*(volatile uint64_t *)(FRAME + 0x100) = 0;
	rt_set_cr(0, rt_get_cr0() | 0x00800000);           /* EDAT-1 */
	rt_set_cr(1, (uint64_t)(unsigned long)segtab | 3);  /* segment table, 4 pages */
	asm volatile("stosm %0,0x04" : "=Q"(m) : : "memory");  /* DAT on */

	target = LOGICAL_MAPPED + 0x100;
	code = rt_try(stidp_target);
	rt_ok(code == 0 && (*(volatile uint64_t *)(FRAME + 0x100) >> 56) == 0xff,
	      "STIDP through DAT lands in the mapped frame (code %u)", code);
	target = LOGICAL_UNMAPPED;
	code = rt_try(stidp_target);
	rt_ok(code == 0x10, "STIDP to an invalid segment: segment translation (code 0x%x)",
	      code);
	rt_ok((*(volatile uint64_t *)0xa8 & ~0xfffULL) == LOGICAL_UNMAPPED,
	      "the TEID names the address (%lx)", (unsigned long)*(volatile uint64_t *)0xa8);
	rt_ok(rt_last_pgm.addr == (uint64_t)(unsigned long)stidp_insn,
	      "segment translation nullifies: the old PSW points at STIDP (%lx)",
	      (unsigned long)rt_last_pgm.addr);
	target = LOGICAL_BEYOND;
	code = rt_try(stidp_target);
	rt_ok(code == 0x38, "STIDP beyond the segment table's reach: ASCE type (code 0x%x)",
	      code);
	target = LOGICAL_PROTECTED;
	code = rt_try(stidp_target);
	rt_ok(code == 0x04 && (rt_last_pgm.teid & 4) &&
	      (rt_last_pgm.teid & ~0xfffULL) == LOGICAL_PROTECTED,
	      "STIDP to a protected segment: protection, TEID with the address and bit 61 (code 0x%x, %lx)",
	      code, (unsigned long)rt_last_pgm.teid);
	rt_ok(rt_last_pgm.addr == (uint64_t)(unsigned long)stidp_insn + 4,
	      "protection suppresses: the old PSW points past STIDP (%lx)",
	      (unsigned long)rt_last_pgm.addr);

	/* Low-address protection applies with DAT on, unless the space is private. */
	rt_set_cr(0, rt_get_cr0() | 0x10000000);
	target = 0x100;
	code = rt_try(stidp_target);
	rt_ok(code == 0x04 && !(rt_last_pgm.teid & 4),
	      "STIDP to logical 0x100 with low-address protection: protection, TEID bit 61 zero (code 0x%x)",
	      code);
	rt_set_cr(0, rt_get_cr0() | 0x10000000);
	rt_set_cr(1, (uint64_t)(unsigned long)segtab | 0x100 | 3);  /* private space */
	*(volatile uint64_t *)0x100 = 0;
	code = rt_try(stidp_target);
	rt_ok(code == 0 && (*(volatile uint64_t *)0x100 >> 56) == 0xff,
	      "the same in a private space: no low-address protection, stored (code 0x%x)", code);
	rt_set_cr(0, rt_get_cr0() & ~0x10000000ULL);
	rt_set_cr(1, (uint64_t)(unsigned long)segtab | 3);

	asm volatile("stnsm %0,0xfb" : "=Q"(m) : : "memory");  /* DAT off */
	return (int)rt_failures();
}
