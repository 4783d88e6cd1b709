/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The operand checks of the instructions zarm emulates, one test per
 * exception condition the Principles of Operation lists for each:
 * STIDP, STAP, STPX, STFLE, STSI, PTFF (QUERY TOD OFFSET), SPX and SCK.
 *  - privileged operation (2) in the problem state (STFLE is not
 *    privileged: it completes);
 *  - specification (6) for an operand off its boundary (halfword STAP,
 *    word STPX/SPX, doubleword STIDP/STFLE/PTFF/SCK, 4 KiB STSI);
 *  - protection (4): low-address protection (CR0 bit 35) for stores to
 *    0-511 and 4096-4607, with TEID bit 61 zero; key-controlled
 *    protection for stores with a PSW key that does not match the
 *    block's key, and for fetches from a fetch-protected block;
 *  - addressing (5) for an operand beyond the VM's storage;
 *  - and when no exception applies, the store lands.
 * Then SIGP and SERVC in the problem state, LCTL/LCTLG while zarm
 * intercepts them (an emergency signal masked in CR0 pending): boundary,
 * addressing, privileged operation, fetch protection, the load itself;
 * STFL (stores at real 200 whatever the protection), STSI's
 * reserved bits and unknown selectors, the ILC of an intercepted
 * instruction that was the target of EX (4) and EXRL (6), and SCK: cc 0,
 * the VM's clock (STCK, STCKE) and the other vCPU's follow, PTFF's TOD
 * offset is the difference.
 */
#include "tests/guests/s390/rt.h"

#include "common/compiler.h"
#include "common/string.h"

#define CR0_LAP 0x10000000ULL
#define OUTSIDE 0x7f000000ULL
#define LOW 0x100ULL

static uint8_t buf[4096] __attribute__((aligned(4096)));
static volatile uint64_t op_addr, op_key;
static void (*volatile cur)(void);

static void stidp_fn(void)
{
	asm volatile("spka 0(%1)\n\tstidp 0(%0)\n\tspka 0"
		     : : "a"(op_addr), "a"(op_key) : "memory");
}

static void stap_fn(void)
{
	asm volatile("spka 0(%1)\n\tstap 0(%0)\n\tspka 0"
		     : : "a"(op_addr), "a"(op_key) : "memory");
}

static void stpx_fn(void)
{
	asm volatile("spka 0(%1)\n\tstpx 0(%0)\n\tspka 0"
		     : : "a"(op_addr), "a"(op_key) : "memory");
}

static void stfle_fn(void)
{
	register uint64_t r0 asm("0") = 3;

	asm volatile("spka 0(%2)\n\t.insn s,0xb2b00000,0(%1)\n\tspka 0"
		     : "+d"(r0) : "a"(op_addr), "a"(op_key) : "cc", "memory");
}

static void stsi_fn(void)
{
	register uint64_t r0 asm("0") = 1ULL << 28 | 1;
	register uint64_t r1 asm("1") = 1;

	asm volatile("spka 0(%3)\n\tstsi 0(%2)\n\tspka 0"
		     : "+d"(r0), "+d"(r1) : "a"(op_addr), "a"(op_key) : "cc", "memory");
}

static void ptff_fn(void)
{
	register uint64_t r0 asm("0") = 1;          /* query TOD offset */
	register uint64_t r1 asm("1") = op_addr;

	asm volatile("spka 0(%2)\n\t.insn e,0x0104\n\tspka 0"
		     : : "d"(r0), "d"(r1), "a"(op_key) : "cc", "memory");
}

static void spx_fn(void)
{
	asm volatile("spka 0(%1)\n\tspx 0(%0)\n\tspka 0"
		     : : "a"(op_addr), "a"(op_key) : "memory");
}

static void sck_fn(void)
{
	asm volatile("spka 0(%1)\n\tsck 0(%0)\n\tspka 0"
		     : : "a"(op_addr), "a"(op_key) : "cc", "memory");
}

static void in_problem_state(void)
{
	rt_problem_state();
	cur();
	rt_done();
}

struct insn {
	const char *name;
	void (*fn)(void);
	unsigned int align;   /* operand boundary */
	unsigned int len;     /* bytes stored (0: a fetch) */
	bool priv;
};

static const struct insn insns[] = {
	{ "STIDP", stidp_fn, 8, 8, true },
	{ "STAP", stap_fn, 2, 2, true },
	{ "STPX", stpx_fn, 4, 4, true },
	{ "STFLE", stfle_fn, 8, 32, false },
	{ "STSI", stsi_fn, 4096, 4096, true },
	{ "PTFF QTO", ptff_fn, 8, 32, true },
	{ "SPX", spx_fn, 4, 0, true },
	{ "SCK", sck_fn, 8, 0, true },
};

static bool untouched(const uint8_t *p, unsigned int n, uint8_t fill)
{
	for (unsigned int i = 0; i < n; i++)
		if (p[i] != fill)
			return false;
	return true;
}

static void check_insn(const struct insn *in, uint64_t cr0)
{
	uint64_t b = (uint64_t)(unsigned long)buf;
	unsigned int code;

	op_key = 0;
	memset(buf, 0, sizeof(buf));

	op_addr = b;
	cur = in->fn;
	code = rt_try(in_problem_state);
	if (in->priv)
		rt_ok(code == 2, "%s in the problem state: privileged operation (code %u)",
		      in->name, code);
	else
		rt_ok(code == 1, "%s in the problem state completes (code %u)", in->name, code);

	op_addr = b + (in->align == 4096 ? 8 : in->align / 2);
	code = rt_try(in->fn);
	rt_ok(code == 6, "%s off its %u-byte boundary: specification (code %u)", in->name,
	      in->align, code);

	if (in->len) {
		uint8_t *low = (uint8_t *)(unsigned long)(in->len == 4096 ? 0 : LOW);

		rt_set_cr0(cr0 | CR0_LAP);
		op_addr = (uint64_t)(unsigned long)low;
		code = rt_try(in->fn);
		rt_set_cr0(cr0);
		rt_ok(code == 4 && !(rt_last_pgm.teid & 4),
		      "%s to %lx with low-address protection: protection, TEID bit 61 zero (code %u, teid %lx)",
		      in->name, (unsigned long)op_addr, code, (unsigned long)rt_last_pgm.teid);
	}

	rt_set_key(b, in->len ? 0x30 : 0x38);
	op_addr = b;
	op_key = 0x50;
	memset(buf, 0xa5, 64);
	code = rt_try(in->fn);
	op_key = 0;
	rt_set_key(b, 0);
	if (in->len)
		rt_ok(code == 4 && untouched(buf, 64, 0xa5),
		      "%s with PSW key 5 into a key-3 block: protection, nothing stored (code %u)",
		      in->name, code);
	else
		rt_ok(code == 4, "%s with PSW key 5 from a fetch-protected key-3 block: protection (code %u)",
		      in->name, code);

	op_addr = OUTSIDE;
	code = rt_try(in->fn);
	rt_ok(code == 5, "%s beyond the VM's storage: addressing (code %u)", in->name, code);

	if (in->len) {
		memset(buf, 0xa5, sizeof(buf));
		op_addr = b;
		code = rt_try(in->fn);
		rt_ok(code == 0 && !untouched(buf, in->len, 0xa5),
		      "%s with no exception condition stores its operand (code %u)", in->name, code);
	}
}

static void stfl_fn(void)
{
	asm volatile(".insn s,0xb2b10000,0" : : : "memory");
}

static void stfl_problem(void)
{
	rt_problem_state();
	stfl_fn();
	rt_done();
}

static void stsi_reserved(void)
{
	register uint64_t r0 asm("0") = 1ULL << 28 | 1 | 0x100;
	register uint64_t r1 asm("1") = 1;

	asm volatile("stsi 0(%2)" : "+d"(r0), "+d"(r1) : "a"(buf) : "cc", "memory");
}

static int stsi_cc(uint64_t gr0, uint64_t gr1)
{
	register uint64_t r0 asm("0") = gr0;
	register uint64_t r1 asm("1") = gr1;
	int cc;

	asm volatile("stsi 0(%3)\n\tipm %0\n\tsrl %0,28"
		     : "=d"(cc), "+d"(r0), "+d"(r1) : "a"(buf) : "cc", "memory");
	return cc;
}

/* STAP 1(R1): odd, as the target of EX and of EXRL. */
static const uint32_t stap_odd __attribute__((used, aligned(4))) = 0xb2121000 | 1;  /* STAP 1(R1) */

static void stap_ex_insn(void)
{
	register uint64_t r1 asm("1") = (uint64_t)(unsigned long)buf;

	asm volatile("ex 0,0(%0)" : : "a"(&stap_odd), "d"(r1) : "memory");
}

static void stap_exrl_insn(void)
{
	register uint64_t r1 asm("1") = (uint64_t)(unsigned long)buf;

	asm volatile(".insn ril,0xc60000000000,0,stap_odd" : : "d"(r1) : "memory");
}

/* SIGP sense of vCPU 0 and SERVC, in the problem state. */
static void sigp_problem(void)
{
	rt_problem_state();
	asm volatile("lghi %%r1,0\n\tsigp %%r2,%%r1,1" : : : "r1", "r2", "r3", "cc", "memory");
	rt_done();
}

static void servc_problem(void)
{
	rt_problem_state();
	asm volatile("lgfi %%r1,0x00020001\n\tlgr %%r2,%0\n\t.insn rre,0xb2200000,%%r1,%%r2"
		     : : "a"(buf) : "r1", "r2", "cc", "memory");
	rt_done();
}

/* LCTLG 0,0 and LCTL 0,0 from op_addr, with PSW key op_key. */
static void lctlg_fn(void)
{
	asm volatile("spka 0(%1)\n\tlctlg 0,0,0(%0)\n\tspka 0"
		     : : "a"(op_addr), "a"(op_key) : "memory");
}

static void lctl_fn(void)
{
	asm volatile("spka 0(%1)\n\tlctl 0,0,0(%0)\n\tspka 0"
		     : : "a"(op_addr), "a"(op_key) : "memory");
}

static void lctlg_problem(void)
{
	rt_problem_state();
	lctlg_fn();
	rt_done();
}

static volatile uint64_t sck_value, seen_by_1;
static volatile int step;

void secondary_main(unsigned int cpu)
{
	uint64_t t;

	(void)cpu;
	while (step != 1)
		rt_barrier();
	asm volatile("stck %0" : "=Q"(t) : : "cc");
	seen_by_1 = t;
	step = 2;
}

static uint64_t stck(void)
{
	uint64_t t;

	asm volatile("stck %0" : "=Q"(t) : : "cc");
	return t;
}

int main(void)
{
	uint64_t cr0 = rt_get_cr0(), before, after, blk[4] = { 0 };
	uint8_t clk[16] __attribute__((aligned(16)));
	unsigned int code, n = 0;
	int cc;

	/* PSW-key mask: key 0 allowed, so SPKA 0 works in the problem state. */
	{
		uint64_t cr3 = 0x80000000ULL;

		asm volatile("lctlg 3,3,%0" : : "Q"(cr3));
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(insns); i++)
		n += insns[i].len ? 6 : 4;
	rt_plan(n + 21);
	for (unsigned int i = 0; i < ARRAY_SIZE(insns); i++)
		check_insn(&insns[i], cr0);

	/* STFL: privileged; stores at real 200 whatever the protection. */
	code = rt_try(stfl_problem);
	rt_ok(code == 2, "STFL in the problem state: privileged operation (code %u)", code);
	*(volatile uint32_t *)0xc8 = 0;
	rt_set_cr0(cr0 | CR0_LAP);
	code = rt_try(stfl_fn);
	rt_set_cr0(cr0);
	rt_ok(code == 0 && (*(volatile uint32_t *)0xc8 >> 30) == 3,
	      "STFL with low-address protection on still stores the list at 200 (%08x)",
	      *(volatile uint32_t *)0xc8);

	code = rt_try(sigp_problem);
	rt_ok(code == 2, "SIGP in the problem state: privileged operation (code %u)", code);
	code = rt_try(servc_problem);
	rt_ok(code == 2, "SERVC in the problem state: privileged operation (code %u)", code);

	/*
	 * LCTL(G) of CR0 while an emergency signal it masks is pending: zarm
	 * intercepts and emulates the load; the same checks apply.
	 */
	rt_sigp(0, 0x03, 0, NULL);
	{
		static uint64_t newcr0[2] __attribute__((aligned(8)));
		uint64_t back;

		newcr0[0] = cr0 | 0x00800000;                 /* CR0 plus EDAT-1 */
		newcr0[1] = newcr0[0];
		op_key = 0;
		op_addr = (uint64_t)(unsigned long)newcr0 + 4;
		code = rt_try(lctlg_fn);
		rt_ok(code == 6, "LCTLG off a doubleword boundary: specification (code %u)", code);
		op_addr = (uint64_t)(unsigned long)newcr0 + 2;
		code = rt_try(lctl_fn);
		rt_ok(code == 6, "LCTL off a word boundary: specification (code %u)", code);
		op_addr = OUTSIDE;
		code = rt_try(lctlg_fn);
		rt_ok(code == 5, "LCTLG beyond the VM's storage: addressing (code %u)", code);
		op_addr = (uint64_t)(unsigned long)newcr0;
		code = rt_try(lctlg_problem);
		rt_ok(code == 2, "LCTLG in the problem state: privileged operation (code %u)", code);
		memcpy(buf, newcr0, 8);
		rt_set_key((uint64_t)(unsigned long)buf, 0x38);
		op_addr = (uint64_t)(unsigned long)buf;
		op_key = 0x50;
		code = rt_try(lctlg_fn);
		op_key = 0;
		rt_set_key((uint64_t)(unsigned long)buf, 0);
		back = rt_get_cr0();
		rt_ok(code == 4 && back == cr0,
		      "LCTLG with PSW key 5 from a fetch-protected key-3 page: protection, CR0 kept (code %u)",
		      code);
		op_addr = (uint64_t)(unsigned long)newcr0;
		code = rt_try(lctlg_fn);
		back = rt_get_cr0();
		rt_set_cr0(cr0);
		rt_ok(code == 0 && back == newcr0[0], "LCTLG loads CR0 (%lx)", (unsigned long)back);
	}

	/* SPX with a good operand naming a prefix area outside the VM. */
	{
		static uint32_t far_prefix __attribute__((aligned(4))) = 0x7fffe000u;

		op_addr = (uint64_t)(unsigned long)&far_prefix;
		op_key = 0;
		code = rt_try(spx_fn);
		rt_ok(code == 5, "SPX of a prefix area beyond the VM's storage: addressing (code %u)",
		      code);
	}
	code = rt_try(stsi_reserved);
	rt_ok(code == 6, "STSI with a reserved bit of GR0 set: specification (code %u)", code);
	cc = stsi_cc(1ULL << 28 | 9, 9);
	rt_ok(cc == 3, "STSI with an unknown selector: cc 3 (cc %d)", cc);

	/* ILC of an intercepted instruction executed by EX / EXRL. */
	code = rt_try(stap_ex_insn);
	rt_ok(code == 6 && rt_last_pgm.ilc == 4,
	      "STAP at an odd address as the target of EX: specification, ILC 4 (ILC %u)",
	      rt_last_pgm.ilc);
	code = rt_try(stap_exrl_insn);
	rt_ok(code == 6 && rt_last_pgm.ilc == 6,
	      "STAP at an odd address as the target of EXRL: specification, ILC 6 (ILC %u)",
	      rt_last_pgm.ilc);

	/* SCK: the VM's clock, for every vCPU. */
	rt_ok(rt_start_cpu(1) == 0, "vCPU 1 started");
	sck_value = 0xc000000000000000ULL;            /* some time in 2042 */
	op_addr = (uint64_t)(unsigned long)&sck_value;
	op_key = 0;
	before = stck();
	{
		int c = -1;

		asm volatile("sck 0(%1)\n\tipm %0\n\tsrl %0,28"
			     : "=d"(c) : "a"(&sck_value) : "cc", "memory");
		cc = c;
	}
	after = stck();
	rt_ok(cc == 0, "SCK: cc 0 (cc %d)", cc);
	rt_ok(after >= sck_value && after - sck_value < 4096ULL * 1000000,
	      "SCK: STCK then reads the new clock (%016lx, before %016lx)",
	      (unsigned long)after, (unsigned long)before);
	asm volatile("stcke %0" : "=Q"(clk) : : "cc");
	rt_ok(clk[0] == 0 && (clk[1] >> 4) == 0xc,
	      "SCK: STCKE reads it too (%02x%02x%02x)", clk[0], clk[1], clk[2]);
	step = 1;
	while (step != 2)
		rt_barrier();
	rt_ok(seen_by_1 >= sck_value && seen_by_1 - sck_value < 4096ULL * 1000000,
	      "SCK: vCPU 1 reads the same clock (%016lx)", (unsigned long)seen_by_1);
	{
		register uint64_t r0 asm("0") = 1;
		register uint64_t r1 asm("1") = (uint64_t)(unsigned long)blk;

		asm volatile(".insn e,0x0104" : : "d"(r0), "d"(r1) : "cc", "memory");
	}
	rt_ok((sck_value - before) - blk[1] < 4096ULL * 1000000,
	      "PTFF QTO: the TOD offset is what SCK moved the clock by (%016lx)",
	      (unsigned long)blk[1]);
	return (int)rt_failures();
}
