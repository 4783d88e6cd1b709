/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The storage-key instructions, as the Principles of Operation define
 * them, in a VM: SSKE sets the access-control bits, fetch-protection bit,
 * reference and change bits of a 4 KiB block (R1 bits 56-62), ISKE
 * returns them in R1 bits 56-62 with bit 63 zero, RRBE sets the condition
 * code from the reference and change bits (0: R=0 C=0, 1: R=0 C=1,
 * 2: R=1 C=0, 3: R=1 C=1) and clears the reference bit, IVSK returns the
 * key of a virtual address (bits 56-60). The keys are really in force:
 * a store with a PSW key that does not match is a protection exception,
 * and so is a fetch when the fetch-protection bit is on. Exceptions:
 * ISKE, SSKE and RRBE in problem state are privileged operations (2);
 * IVSK with DAT off is a special-operation exception (0x13) and in
 * problem state a privileged operation unless CR0's extraction-authority
 * bit is on; a block outside the VM's storage is an addressing
 * exception (5). With SSKE's multiple-block control (M3 bit 3, EDAT-1)
 * the key goes on every 4 KiB block up to the next 1 MiB boundary and R2
 * points there. Conditional SSKE (MR, MC) compares first: cc 0 when the
 * key already matches, cc 1 when it set it, the old key in R1 bits
 * 48-55. PFMF with the set-key control sets the key of one 4 KiB frame or
 * of every frame to the 1 MiB boundary (R2 updated, its low 12 bits
 * kept); reserved bits or an invalid frame-size code are specification
 * exceptions, a frame outside the VM an addressing exception.
 * Before zarm set SIE's RCP-bypass control, every one of these stopped
 * zarm with a host translation-specification exception.
 */
#include "tests/guests/s390/rt.h"

#define KEY(acc) ((uint64_t)(acc) << 4)
#define KEY_F 0x08
#define KEY_R 0x04
#define KEY_C 0x02
#define OUTSIDE 0x7f000000ULL     /* far beyond the VM's 16 MiB */
#define MB_AREA 0x00a00000ULL     /* a 1 MiB frame the test owns */

static uint8_t page[4096] __attribute__((aligned(4096)));
static uint64_t segtab[2048] __attribute__((aligned(4096)));
static volatile uint64_t op_addr, op_val, result;
static volatile int cc;

static void iske(void)
{
	uint64_t r = 0xffffffffffffff00ULL;

	asm volatile("iske %0,%1" : "+d"(r) : "d"(op_addr));
	result = r;
}

static void sske(void)
{
	asm volatile("sske %0,%1" : : "d"(op_val), "d"(op_addr) : "memory");
}

/* SSKE with M3 = 1 (multiple-block control): up to the 1 MiB boundary. */
static void sske_mb(void)
{
	uint64_t a = op_addr;

	asm volatile("sske %1,%0,1" : "+a"(a) : "d"(op_val) : "memory");
	result = a;
}

/* Conditional SSKE: M3 = MR | MC (6); R1 gets the old key, a cc. */
static void sske_cond(void)
{
	uint64_t r = op_val;
	int c;

	asm volatile("sske %1,%2,6\n\tipm %0\n\tsrl %0,28"
		     : "=d"(c), "+d"(r) : "d"(op_addr) : "cc", "memory");
	cc = c;
	result = r;
}

/* PFMF with the control bits in op_val; R2 comes back in result. */
static void pfmf(void)
{
	uint64_t a = op_addr;

	asm volatile(".insn rre,0xb9af0000,%1,%0" : "+a"(a) : "d"(op_val) : "memory");
	result = a;
}

static void rrbe(void)
{
	int c;

	asm volatile("rrbe %1,%2\n\tipm %0\n\tsrl %0,28"
		     : "=d"(c) : "d"(0), "d"(op_addr) : "cc", "memory");
	cc = c;
}

static void ivsk(void)
{
	uint64_t r = 0xffffffffffffff00ULL;

	asm volatile("ivsk %0,%1" : "+d"(r) : "d"(op_addr));
	result = r;
}

static void iske_problem(void)
{
	rt_problem_state();
	iske();
}

static void sske_problem(void)
{
	rt_problem_state();
	sske();
}

static void rrbe_problem(void)
{
	rt_problem_state();
	rrbe();
}

static void ivsk_problem(void)
{
	uint64_t a = op_addr, r = 0;

	rt_problem_state();
	asm volatile("ivsk %0,%1" : "+d"(r) : "d"(a));
	/* No stores before done(): the page keys may forbid them. */
	asm volatile("lgr %%r2,%0\n\t.short 0x0000" : : "d"(r) : "r2");
}

/* Store, then fetch, with PSW key 5: nothing else is touched meanwhile. */
static void store_key5(void)
{
	asm volatile("spka 0x50\n\tmvi 0(%0),0x5a\n\tspka 0"
		     : : "a"(op_addr) : "memory");
}

static void fetch_key5(void)
{
	uint64_t v;

	asm volatile("spka 0x50\n\tlg %0,0(%1)\n\tspka 0"
		     : "=d"(v) : "a"(op_addr) : "memory");
	(void)v;
}

static void set_key(uint64_t addr, uint64_t key)
{
	op_addr = addr;
	op_val = key;
	rt_try(sske);
}

static uint64_t get_key(uint64_t addr)
{
	op_addr = addr;
	result = ~0ULL;
	rt_try(iske);
	return result;
}

int main(void)
{
	uint64_t p = (uint64_t)(unsigned long)page, k, r2, cr0 = rt_get_cr0();
	unsigned int code;
	uint8_t m;

	rt_plan(32);

	set_key(p, KEY(3));
	k = get_key(p);
	rt_ok((k & 0xf8) == KEY(3) && !(k & 1) && (k >> 8) == 0xffffffffffffffULL,
	      "SSKE key 3 then ISKE: bits 56-60 %02lx, bit 63 zero, bits 0-55 kept",
	      (unsigned long)(k & 0xff));
	set_key(p, KEY(9) | KEY_F);
	k = get_key(p);
	rt_ok((k & 0xf8) == (KEY(9) | KEY_F), "SSKE key 9 with fetch protection: ISKE %02lx",
	      (unsigned long)(k & 0xff));
	set_key(p, KEY(3) | KEY_R | KEY_C);
	k = get_key(p);
	rt_ok((k & 0xfe) == (KEY(3) | KEY_R | KEY_C),
	      "SSKE sets the reference and change bits too: ISKE %02lx",
	      (unsigned long)(k & 0xff));

	/* RRBE: the condition code from R and C, then R is zero. */
	op_addr = p;
	set_key(p, KEY(3) | KEY_R | KEY_C);
	cc = -1;
	code = rt_try(rrbe);
	rt_ok(code == 0 && cc == 3, "RRBE with R=1 C=1: cc 3 (cc %d)", cc);
	rt_ok((get_key(p) & (KEY_R | 0xf0)) == KEY(3), "RRBE cleared the reference bit, key kept");
	set_key(p, KEY(3) | KEY_C);
	code = rt_try(rrbe);
	rt_ok(code == 0 && cc == 1, "RRBE with R=0 C=1: cc 1 (cc %d)", cc);
	set_key(p, KEY(3) | KEY_R);
	code = rt_try(rrbe);
	rt_ok(code == 0 && cc == 2, "RRBE with R=1 C=0: cc 2 (cc %d)", cc);
	set_key(p, KEY(3));
	code = rt_try(rrbe);
	rt_ok(code == 0 && cc == 0, "RRBE with R=0 C=0: cc 0 (cc %d)", cc);

	/* The keys are in force for the guest's own accesses. */
	op_addr = p;
	set_key(p, KEY(3));
	code = rt_try(store_key5);
	rt_ok(code == 4, "store with PSW key 5 into a key-3 block: protection (code %u)", code);
	code = rt_try(fetch_key5);
	rt_ok(code == 0, "fetch with PSW key 5 from a key-3 block, no fetch protection (code %u)",
	      code);
	set_key(p, KEY(3) | KEY_F);
	code = rt_try(fetch_key5);
	rt_ok(code == 4, "fetch with PSW key 5 under fetch protection: protection (code %u)",
	      code);
	set_key(p, KEY(5));
	code = rt_try(store_key5);
	rt_ok(code == 0 && page[0] == 0x5a, "store with PSW key 5 into a key-5 block works (code %u)",
	      code);
	asm volatile("spka 0" : : : "memory");
	set_key(p, 0);

	/* Privileged in problem state. */
	op_addr = p;
	op_val = KEY(3);
	code = rt_try(iske_problem);
	rt_ok(code == 2, "ISKE in problem state: privileged operation (code %u)", code);
	code = rt_try(sske_problem);
	rt_ok(code == 2, "SSKE in problem state: privileged operation (code %u)", code);
	code = rt_try(rrbe_problem);
	rt_ok(code == 2, "RRBE in problem state: privileged operation (code %u)", code);

	/* Outside the VM's storage. */
	op_addr = OUTSIDE;
	code = rt_try(iske);
	rt_ok(code == 5, "ISKE beyond the VM's storage: addressing (code %u)", code);
	code = rt_try(sske);
	rt_ok(code == 5, "SSKE beyond the VM's storage: addressing (code %u)", code);
	code = rt_try(rrbe);
	rt_ok(code == 5, "RRBE beyond the VM's storage: addressing (code %u)", code);

	/* Multiple-block SSKE: every block up to the 1 MiB boundary. */
	op_addr = MB_AREA + 0xfe000;
	op_val = KEY(6);
	code = rt_try(sske_mb);
	r2 = result;
	rt_ok(code == 0 && (get_key(MB_AREA + 0xfe000) & 0xf0) == KEY(6) &&
	      (get_key(MB_AREA + 0xff000) & 0xf0) == KEY(6) &&
	      (get_key(MB_AREA + 0xfd000) & 0xf0) != KEY(6),
	      "SSKE multiple-block: the last two blocks of the frame, not the one before (code %u)",
	      code);
	rt_ok(r2 == MB_AREA + 0x100000, "SSKE multiple-block: R2 at the next 1 MiB boundary (%lx)",
	      (unsigned long)r2);
	set_key(MB_AREA + 0xfe000, 0);
	set_key(MB_AREA + 0xff000, 0);

	/* Conditional SSKE (MR and MC one): compare, then set or not. */
	set_key(p, KEY(3));
	op_addr = p;
	op_val = KEY(3);
	code = rt_try(sske_cond);
	rt_ok(code == 0 && cc == 0 && ((result >> 8) & 0xf8) == KEY(3),
	      "conditional SSKE, same key: cc 0, old key in bits 48-55 (cc %d, %lx)",
	      cc, (unsigned long)result);
	op_val = KEY(4);
	code = rt_try(sske_cond);
	rt_ok(code == 0 && cc == 1 && (get_key(p) & 0xf0) == KEY(4),
	      "conditional SSKE, other key: cc 1, key set (cc %d)", cc);

	/* PFMF with the set-key control: one 4 KiB frame, or to 1 MiB. */
	op_addr = p;
	op_val = 0x00020000 | KEY(2);
	code = rt_try(pfmf);
	k = get_key(p);
	rt_ok(code == 0 && (k & 0xf0) == KEY(2), "PFMF set key, 4 KiB frame (code %u, key %02lx)",
	      code, (unsigned long)(k & 0xff));
	op_addr = MB_AREA + 0xfe123;
	op_val = 0x00021000 | KEY(7);
	code = rt_try(pfmf);
	r2 = result;
	rt_ok(code == 0 && (get_key(MB_AREA + 0xff000) & 0xf0) == KEY(7) &&
	      (get_key(MB_AREA + 0xfd000) & 0xf0) == 0 && r2 == MB_AREA + 0x100123,
	      "PFMF set key, 1 MiB frame size: to the boundary, R2 updated (code %u, %lx)",
	      code, (unsigned long)r2);
	set_key(MB_AREA + 0xfe000, 0);
	set_key(MB_AREA + 0xff000, 0);
	op_addr = p;
	op_val = 0x00020100;
	code = rt_try(pfmf);
	rt_ok(code == 6, "PFMF with a reserved bit: specification (code %u)", code);
	op_val = 0x00023000;
	code = rt_try(pfmf);
	rt_ok(code == 6, "PFMF with an invalid frame-size code: specification (code %u)", code);
	op_addr = OUTSIDE;
	op_val = 0x00020000;
	code = rt_try(pfmf);
	rt_ok(code == 5, "PFMF beyond the VM's storage: addressing (code %u)", code);
	set_key(p, 0);

	/* IVSK: DAT off, DAT on, problem state with and without authority. */
	op_addr = p;
	code = rt_try(ivsk);
	rt_ok(code == 0x13, "IVSK with DAT off: special operation (code 0x%x)", code);
	for (unsigned int i = 0; i < 2048; i++)
		segtab[i] = i < 16 ? ((uint64_t)i << 20) | 0x400 : 0x20;
	rt_set_cr(0, cr0 | 0x00800000);                    /* EDAT-1 */
	rt_set_cr(1, (uint64_t)(unsigned long)segtab | 3);
	set_key(p, KEY(7) | KEY_F);
	asm volatile("stosm %0,0x04" : "=Q"(m) : : "memory");  /* DAT on */
	result = 0;
	code = rt_try(ivsk);
	rt_ok(code == 0 && (result & 0xff) == (KEY(7) | KEY_F),
	      "IVSK with DAT on: key and fetch bit, bits 61-63 zero (%02lx)",
	      (unsigned long)(result & 0xff));
	code = rt_try(ivsk_problem);
	rt_ok(code == 2, "IVSK in problem state without extraction authority: privileged (code %u)",
	      code);
	rt_set_cr(0, cr0 | 0x00800000 | 0x08000000);       /* extraction authority */
	code = rt_try(ivsk_problem);
	rt_ok(code == 1, "IVSK in problem state with extraction authority completes (code %u)",
	      code);
	asm volatile("stnsm %0,0xfb" : "=Q"(m) : : "memory");  /* DAT off */
	rt_set_cr(0, cr0);
	set_key(p, 0);
	k = get_key(p);
	rt_ok((k & 0xf8) == 0, "key 0 again at the end (%02lx)", (unsigned long)(k & 0xff));
	return (int)rt_failures();
}
