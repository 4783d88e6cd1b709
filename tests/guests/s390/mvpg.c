/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MOVE PAGE (B254) in a VM, from the Principles of Operation: the 4 KiB
 * page at the second operand (GR R2) is moved to the first (GR R1), cc 0.
 * GR0: bits 16-19 must be zero and bits 20-21 (use the key in bits 24-27
 * for operand 1 / operand 2) must not both be one, else specification;
 * in the problem state a key the PSW-key mask (CR3) does not permit is a
 * privileged-operation exception; the access key applies to each operand
 * (key-controlled protection); an operand outside the configuration is an
 * addressing exception. With DAT on, an invalid page-table entry is a
 * page-translation exception (nullifying: the old PSW points at MVPG),
 * or, with the condition-code option (GR0 bit 23), cc 1 for operand 1 or
 * cc 2 for operand 2; a DAT-protected first operand is a protection
 * exception.
 */
#include "tests/guests/s390/rt.h"

#include "common/string.h"

#define OUTSIDE 0x7f000000ULL
#define SEG_LOGICAL 0x40000000ULL      /* segment 0x400: 4 KiB pages */
#define CCO 0x100ULL
#define KEY_OP1 0x800ULL
#define KEY_OP2 0x400ULL

static uint8_t src[4096] __attribute__((aligned(4096)));
static uint8_t dst[4096] __attribute__((aligned(4096)));
static uint8_t frames[4][4096] __attribute__((aligned(4096)));
static uint64_t segtab[2048] __attribute__((aligned(4096)));
static uint64_t pagetab[256] __attribute__((aligned(4096)));
static volatile uint64_t gr0, op1, op2;
static volatile int cc;
extern char mvpg_insn[];

static __attribute__((noinline)) void mvpg(void)
{
	register uint64_t r0 asm("0") = gr0;
	int c;

	asm volatile(".globl mvpg_insn\nmvpg_insn:\tmvpg %1,%2\n\tipm %0\n\tsrl %0,28"
		     : "=d"(c) : "a"(op1), "a"(op2), "d"(r0) : "cc", "memory");
	cc = c;
}

static void mvpg_problem(void)
{
	rt_problem_state();
	mvpg();
	rt_done();
}

static void fill(uint8_t *p, uint8_t v)
{
	memset(p, v, 4096);
}

static bool all(const uint8_t *p, uint8_t v)
{
	for (unsigned int i = 0; i < 4096; i++)
		if (p[i] != v)
			return false;
	return true;
}

static unsigned int try_mvpg(uint64_t r0, uint64_t a1, uint64_t a2)
{
	gr0 = r0;
	op1 = a1;
	op2 = a2;
	cc = -1;
	return rt_try(mvpg);
}

int main(void)
{
	uint64_t s = (uint64_t)(unsigned long)src, d = (uint64_t)(unsigned long)dst;
	uint64_t cr0 = rt_get_cr0(), cr3 = 0x80000000ULL;  /* PKM: key 0 only */
	unsigned int code;
	uint8_t m;

	rt_plan(19);
	asm volatile("lctlg 3,3,%0" : : "Q"(cr3));

	fill(src, 0x5a);
	fill(dst, 0);
	code = try_mvpg(0, d, s);
	rt_ok(code == 0 && cc == 0 && all(dst, 0x5a), "MVPG moves the page: cc 0 (code %u, cc %d)",
	      code, cc);

	code = try_mvpg(0x1000, d, s);
	rt_ok(code == 6, "GR0 bit 19 set: specification (code %u)", code);
	code = try_mvpg(0x8000, d, s);
	rt_ok(code == 6, "GR0 bit 16 set: specification (code %u)", code);
	code = try_mvpg(KEY_OP1 | KEY_OP2, d, s);
	rt_ok(code == 6, "GR0 bits 20 and 21 both set: specification (code %u)", code);

	code = try_mvpg(0, d, OUTSIDE);
	rt_ok(code == 5, "second operand beyond the VM's storage: addressing (code %u)", code);
	code = try_mvpg(0, OUTSIDE, s);
	rt_ok(code == 5, "first operand beyond the VM's storage: addressing (code %u)", code);

	/* The access key from GR0 bits 24-27 for one operand. */
	rt_set_key(d, 0x30);
	rt_set_key(s, 0x38);                              /* fetch-protected */
	code = try_mvpg(KEY_OP1 | 0x50, d, (uint64_t)(unsigned long)frames[0]);
	rt_ok(code == 4, "key 5 for operand 1 into a key-3 page: protection (code %u)", code);
	code = try_mvpg(KEY_OP2 | 0x50, (uint64_t)(unsigned long)frames[0], s);
	rt_ok(code == 4, "key 5 for operand 2 from a fetch-protected key-3 page: protection (code %u)",
	      code);
	code = try_mvpg(KEY_OP1 | 0x30, d, (uint64_t)(unsigned long)frames[0]);
	rt_ok(code == 0 && cc == 0, "key 3 for operand 1 into a key-3 page works (code %u)", code);
	rt_set_key(d, 0);
	rt_set_key(s, 0);
	gr0 = KEY_OP1 | 0x50;
	op1 = d;
	op2 = s;
	code = rt_try(mvpg_problem);
	rt_ok(code == 2, "problem state, key 5 not in the PSW-key mask: privileged operation (code %u)",
	      code);
	gr0 = 0;
	code = rt_try(mvpg_problem);
	rt_ok(code == 1, "problem state with the PSW key: completes (code %u)", code);

	/* DAT on: segment 0x400 in 4 KiB pages, the rest 1 MiB identity. */
	for (unsigned int i = 0; i < 2048; i++)
		segtab[i] = i < 16 ? ((uint64_t)i << 20) | 0x400 : 0x20;
	segtab[SEG_LOGICAL >> 20] = (uint64_t)(unsigned long)pagetab;
	for (unsigned int i = 0; i < 256; i++)
		pagetab[i] = 0x400;                              /* invalid */
	pagetab[0] = (uint64_t)(unsigned long)frames[0];
	pagetab[2] = (uint64_t)(unsigned long)frames[2] | 0x200;  /* protected */
	pagetab[3] = (uint64_t)(unsigned long)frames[3];
	fill(frames[0], 0);
	fill(frames[3], 0xc3);
	rt_set_cr0(cr0 | 0x00800000);                            /* EDAT-1 */
	{
		uint64_t cr1 = (uint64_t)(unsigned long)segtab | 3;

		asm volatile("lctlg 1,1,%0" : : "Q"(cr1));
	}
	asm volatile("stosm %0,0x04" : "=Q"(m) : : "memory");   /* DAT on */

	code = try_mvpg(0, SEG_LOGICAL, SEG_LOGICAL + 0x3000);
	rt_ok(code == 0 && cc == 0 && all(frames[0], 0xc3),
	      "DAT on: MVPG between two mapped pages (code %u, cc %d)", code, cc);
	code = try_mvpg(0, SEG_LOGICAL, SEG_LOGICAL + 0x1000);
	rt_ok(code == 0x11, "second operand page invalid: page translation (code 0x%x)", code);
	rt_ok((rt_last_pgm.teid & ~0xfffULL) == SEG_LOGICAL + 0x1000,
	      "the TEID names the second operand's page (%lx)", (unsigned long)rt_last_pgm.teid);
	rt_ok(rt_last_pgm.addr == (uint64_t)(unsigned long)mvpg_insn,
	      "page translation nullifies: the old PSW points at MVPG (%lx)",
	      (unsigned long)rt_last_pgm.addr);
	code = try_mvpg(CCO, SEG_LOGICAL, SEG_LOGICAL + 0x1000);
	rt_ok(code == 0 && cc == 2, "the same with the condition-code option: cc 2 (code %u, cc %d)",
	      code, cc);
	code = try_mvpg(CCO, SEG_LOGICAL + 0x1000, SEG_LOGICAL + 0x3000);
	rt_ok(code == 0 && cc == 1, "first operand page invalid, condition-code option: cc 1 (code %u, cc %d)",
	      code, cc);
	code = try_mvpg(0, SEG_LOGICAL + 0x2000, SEG_LOGICAL + 0x3000);
	rt_ok(code == 4, "first operand page DAT-protected: protection (code %u)", code);
	code = try_mvpg(0, SEG_LOGICAL + 0x3000, SEG_LOGICAL + 0x2000);
	rt_ok(code == 0 && cc == 0, "a DAT-protected second operand is only read: cc 0 (code %u)",
	      code);

	asm volatile("stnsm %0,0xfb" : "=Q"(m) : : "memory");   /* DAT off */
	rt_set_cr0(cr0);
	return (int)rt_failures();
}
