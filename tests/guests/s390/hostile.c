/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A hostile guest: for HOSTILE_ITERATIONS rounds it executes, through EX
 * of an instruction it builds, what zarm intercepts or emulates (B2xx,
 * B9xx, E5xx, the storage-key instructions, DIAG codes, SIGP orders,
 * SERVC commands, LCTL/LCTLG) with random operand fields and random
 * contents in all 16 general registers, taking whatever program
 * interruption comes: its program-new PSW counts the interruption code and
 * resumes after the EX. It prints the seed of its PRNG and how many of
 * each interruption it took. Another VM runs beside it (hostile.tap) and
 * must finish normally; zarm must never stop.
 *
 * The guest keeps itself alive (it is zarm that is under test, not its
 * ability to wreck itself): operand addresses are drawn from an arena at
 * the top of its storage, from 0-511 (which low-address protection,
 * always on here, guards), from beyond its storage, or are plain random
 * numbers; effective addresses that would fall on its own code, data or
 * lowcore save areas are redrawn. Instructions that change its own PSW
 * (LPSWE, SPKA, PC, PT, SAC, RP, TRAP ...) or store with real addresses
 * past those checks (STURA, IPTE, IDTE, PFMF's clear-frame) are left out;
 * SPX, SIGP set prefix / store status at address and DIAG X'5A0' get
 * operands that cannot move its prefix or end it; stop, restart and start
 * go to the second vCPU (a victim that spins disabled), never to itself.
 * Control registers are reloaded after every instruction.
 */
#include "tests/guests/s390/rt.h"

#include "common/string.h"

#ifndef HOSTILE_SEED
#define HOSTILE_SEED 0x5a524d5eed2026ULL
#endif
#define HOSTILE_ITERATIONS 100000u

#define SAVE 0x1800UL         /* our GRs while the instruction runs */
#define RAND 0x1880UL         /* its GRs */
#define CRS 0x1900UL          /* our control registers */
#define SLOT 0xe00UL          /* the EX target */
#define PROBLEM_PSW 0xf00UL   /* to hostile_ex in the problem state */
#define ARENA 0x00c00000ULL   /* 12 MiB .. 16 MiB: the VM's last 4 MiB */
#define ARENA_SIZE 0x00400000ULL
#define BEYOND 0x01000000ULL  /* the VM has 16 MiB */
#define CR0_LAP 0x10000000ULL
#define CR0_SERVICE_SIGNAL 0x200ULL
#define CR0_EMERGENCY 0x4000ULL
#define CR0_EXTERNAL_CALL 0x2000ULL

extern char hostile_run_one[], hostile_run_one_p[], hostile_ex[], hostile_resume[];
extern char hostile_svc[], hostile_pgm[], victim_loop[], pgm_stub[];
void hostile_unexpected(void);

/*
 * hostile_run_one(): save our GRs, load the random ones, EX the slot (in
 * the problem state when entered at hostile_run_one_p, through the PSW
 * at PROBLEM_PSW), then SVC 0 back to the supervisor state: the SVC-new
 * PSW (hostile_svc) reloads the control registers and our GRs and
 * returns. hostile_pgm, the program-new PSW, does the same after counting
 * the interruption code (by its low 9 bits).
 */
asm(".text\n"
    ".globl hostile_run_one\n"
    "hostile_run_one:\n"
    "\tstmg %r0,%r15,0x1800\n"
    "\tlmg %r0,%r15,0x1880\n"
    "\tj hostile_ex\n"
    ".globl hostile_run_one_p\n"
    "hostile_run_one_p:\n"
    "\tstmg %r0,%r15,0x1800\n"
    "\tlmg %r0,%r15,0x1880\n"
    "\tlpswe 0xf00\n"
    ".globl hostile_ex\n"
    "hostile_ex:\n"
    "\tex %r0,0xe00\n"
    "\tsvc 0\n"
    ".globl hostile_resume\n"
    "hostile_resume:\n"
    ".globl hostile_svc\n"
    "hostile_svc:\n"
    "\tlctlg %c0,%c15,0x1900\n"
    "\tlmg %r0,%r15,0x1800\n"
    "\tbr %r14\n"
    ".globl hostile_pgm\n"
    "hostile_pgm:\n"
    "\tlctlg %c0,%c15,0x1900\n"
    "\tlmg %r0,%r15,0x1800\n"
    "\tlg %r1,0x158\n"
    "\tlarl %r2,hostile_run_one\n"
    "\tclgr %r1,%r2\n"
    "\tjl 1f\n"
    "\tlarl %r2,hostile_resume\n"
    "\tclgr %r1,%r2\n"
    "\tjh 1f\n"
    "\tllgh %r1,0x8e\n"
    "\tnill %r1,0x1ff\n"
    "\tsllg %r1,%r1,3\n"
    "\tlarl %r2,pgm_counts\n"
    "\tagr %r2,%r1\n"
    "\tagsi 0(%r2),1\n"
    "\tlarl %r2,pgm_total\n"
    "\tagsi 0(%r2),1\n"
    "\tlmg %r0,%r15,0x1800\n"
    "\tbr %r14\n"
    "1:\tjg hostile_unexpected\n"
    ".globl victim_loop\n"
    "victim_loop:\tj victim_loop\n");

uint64_t pgm_counts[512], pgm_total;
static uint64_t ext_counts[4];   /* 0x1201, 0x1202, 0x2401, other */
static uint64_t rng_state, completed;
static uint8_t victim_prefix[8192] __attribute__((aligned(8192)));

void hostile_unexpected(void)
{
	uint16_t cpu;

	asm volatile("stap %0" : "=Q"(cpu));
	rt_printf("program check 0x%x on vCPU %u outside the tested instruction: PSW %lx %lx\n",
		  *(volatile uint16_t *)0x8e, cpu, (unsigned long)*(volatile uint64_t *)0x150,
		  (unsigned long)*(volatile uint64_t *)0x158);
	{
		const uint8_t *sl = (const uint8_t *)SLOT;

		rt_printf("last instruction %02x%02x%02x%02x%02x%02x\n", sl[0], sl[1], sl[2],
			  sl[3], sl[4], sl[5]);
		for (unsigned int k = 0; k < 16; k++)
			rt_printf("r%u %lx\n", k, (unsigned long)((uint64_t *)RAND)[k]);
	}
	rt_power_off(2);
}

void rt_ext(void)
{
	uint16_t code = *(volatile uint16_t *)0x86;

	ext_counts[code == 0x1201 ? 0 : code == 0x1202 ? 1 : code == 0x2401 ? 2 : 3]++;
}

/* xorshift64* */
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static uint64_t below(uint64_t n)
{
	return rnd() % n;
}

/* May an effective address be handed to a random instruction? */
static bool allowed(uint64_t ea)
{
	return ea < 512 || ea >= ARENA;
}

/* A register value: an address of some class, or a number. */
static uint64_t gen_value(void)
{
	static const uint64_t special[] = {
		0, 1, 2, 3, 0xff, 0x7fffffffULL, 0x80000000ULL, 0xffffffffULL,
		~0ULL, 0x8000000000000000ULL, 0x7ffffe00ULL, BEYOND,
	};

	switch (below(10)) {
	case 0: case 1: case 2: case 3:
		return ARENA + below(ARENA_SIZE - 8192);
	case 4:
		return below(512);
	case 5:
		return BEYOND + below(1ULL << 40);
	case 6: case 7:
		return below(256);
	case 8:
		return special[below(sizeof(special) / sizeof(special[0]))];
	default: {
		uint64_t v = rnd();

		return allowed(v) ? v : ARENA + (v & 0xfff);
	}
	}
}

static uint64_t *regs(void)
{
	return (uint64_t *)RAND;
}

/* A base-displacement pair (B in bits 12-15) whose address is allowed. */
static uint16_t gen_bd(void)
{
	unsigned int b = below(16), d = below(4096);
	uint64_t base = b ? regs()[b] : 0;

	if (!allowed(base + d))
		d = below(512);
	if (!allowed(base + d))
		d = 0;
	if (!allowed(base + d)) {
		b = 0;
		d = below(512);
	}
	return (uint16_t)(b << 12 | d);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* B2xx second bytes that would wreck the guest itself. */
static bool b2_denied(uint8_t op2)
{
	switch (op2) {
	case 0x0a:  /* SPKA */
	case 0x18:  /* PC */
	case 0x19:  /* SAC */
	case 0x21:  /* IPTE: stores a PTE at a table origin */
	case 0x28:  /* PT */
	case 0x40:  /* BAKR */
	case 0x46:  /* STURA */
	case 0x58:  /* BSG */
	case 0x5a:  /* BSA */
	case 0x77:  /* RP */
	case 0x79:  /* SACF */
	case 0xb2:  /* LPSWE */
	case 0xff:  /* TRAP4 */
		return true;
	default:
		return false;
	}
}

static bool b9_denied(uint8_t op2)
{
	return op2 == 0x46 ||   /* BCTGR: a branch */
	       op2 == 0xaf ||   /* PFMF: clear frame */
	       op2 == 0x25 ||   /* STURG */
	       op2 == 0x8e;     /* IDTE */
}

/* An allowed word in the arena that holds @val; its address. */
static uint64_t arena_word(uint32_t val)
{
	uint64_t a = ARENA + (below(ARENA_SIZE - 8) & ~7ULL);

	*(volatile uint32_t *)(unsigned long)a = val;
	return a;
}

static unsigned int pick_reg(void)
{
	return (unsigned int)below(16);
}

/* Fill the slot with one instruction (and sanitize its registers). */
static void build(uint8_t *s)
{
	uint64_t *r = regs();
	unsigned int kind = (unsigned int)below(16);

	memset(s, 0, 8);
	switch (kind) {
	case 0: case 1: case 2: {                   /* B2xx */
		uint8_t op2;

		do
			op2 = (uint8_t)rnd();
		while (b2_denied(op2));
		s[0] = 0xb2;
		s[1] = op2;
		if (op2 == 0x10) {                          /* SPX */
			unsigned int b = 1 + (unsigned int)below(15);

			r[b] = below(2) ? arena_word(0) : BEYOND;
			put16(s + 2, (uint16_t)(b << 12));
		} else if (op2 == 0x20) {                   /* SERVC */
			static const uint32_t cmds[] = {
				0x00020001, 0x00120001, 0x00010001, 0x00780005,
				0x00760005, 0x00770005, 0x00110001, 0x12345678,
			};
			unsigned int r1 = pick_reg(), r2 = pick_reg();

			r[r1] = cmds[below(8)];
			if (r2 != r1)
				r[r2] = below(4) ? (ARENA + (below(ARENA_SIZE) & ~0xfffULL) +
						    (below(8) << 3)) : gen_value();
			s[3] = (uint8_t)(r1 << 4 | r2);
		} else {
			put16(s + 2, gen_bd());
		}
		break;
	}
	case 3: case 4: {                           /* B9xx */
		uint8_t op2;

		do
			op2 = (uint8_t)rnd();
		while (b9_denied(op2));
		s[0] = 0xb9;
		s[1] = op2;
		s[2] = (uint8_t)rnd();
		s[3] = (uint8_t)rnd();
		break;
	}
	case 5: case 6:                             /* E5xx */
		s[0] = 0xe5;
		s[1] = (uint8_t)rnd();
		put16(s + 2, gen_bd());
		put16(s + 4, gen_bd());
		break;
	case 7: case 8: {                           /* storage keys */
		static const uint8_t ops[] = { 0x29, 0x2a, 0x2b, 0x23 };

		s[0] = 0xb2;
		s[1] = ops[below(4)];
		s[2] = (uint8_t)(below(16) << 4);               /* SSKE M3 */
		s[3] = (uint8_t)rnd();
		break;
	}
	case 9: case 10: {                          /* DIAG */
		static const uint16_t codes[] = {
			0x5a0, 0x5a0, 0x44, 0x9c, 0x008, 0x010, 0x204, 0x258,
			0x308, 0x500, 0x288, 0x2c4,
		};
		uint16_t code = below(4) ? codes[below(12)] : (uint16_t)below(0x1000);

		s[0] = 0x83;
		s[1] = (uint8_t)rnd();
		put16(s + 2, code);
		/* zarm's hypercalls: never power off, write the console, trace. */
		if (code == 0x5a0 && (r[1] == 1 || r[1] == 2 || r[1] == 4))
			r[1] = below(2) ? 0 : 3;
		break;
	}
	case 11: case 12: {                         /* SIGP */
		unsigned int order = below(8) ? (unsigned int)below(0x17) : (uint8_t)rnd();
		unsigned int r1 = pick_reg(), r3 = pick_reg(), p = r1 | 1;
		uint64_t cpu = below(4) ? below(3) : rnd();

		if (r3 == p)
			r3 = (r3 + 2) & 15;
		/* Stop, restart, stop-and-store never to itself, start not at all. */
		if ((cpu & 0xffff) == 0 && (order == 5 || order == 6 || order == 9))
			cpu = 1;
		if (order == 4 && (cpu & 0xffff) == 1)
			cpu = 2;
		if (order == 0x0d)                          /* set prefix */
			r[p] = below(2) ? (uint64_t)(unsigned long)victim_prefix : BEYOND;
		else if (order == 0x0e)                     /* store status at */
			r[p] = below(2) ? ARENA + (below(ARENA_SIZE - 1024) & ~511ULL) : 0x7ffffe00ULL;
		r[r3] = cpu;
		s[0] = 0xae;
		s[1] = (uint8_t)(r1 << 4 | r3);
		put16(s + 2, (uint16_t)order);
		break;
	}
	case 13: {                                  /* SERVC with any registers */
		s[0] = 0xb2;
		s[1] = 0x20;
		s[3] = (uint8_t)rnd();
		break;
	}
	case 14:                                    /* LCTL */
		s[0] = 0xb7;
		s[1] = (uint8_t)rnd();
		put16(s + 2, gen_bd());
		break;
	default:                                    /* LCTLG */
		s[0] = 0xeb;
		s[1] = (uint8_t)rnd();
		put16(s + 2, gen_bd());
		s[5] = 0x2f;
		break;
	}
}

int main(void)
{
	uint64_t cr[16], sum = 0;
	unsigned int distinct = 0;
	uint8_t *lc0 = (uint8_t *)0;
	uint32_t status = 0;
	int cc;

	rt_plan(5);
	rng_state = HOSTILE_SEED;
	rt_printf("hostile: seed 0x%lx, %u iterations\n", (unsigned long)HOSTILE_SEED,
		  HOSTILE_ITERATIONS);

	/* The victim: its own prefix page, restart PSW to its spin loop. */
	memset(victim_prefix, 0, sizeof(victim_prefix));
	((uint64_t *)(victim_prefix + 0x1a0))[0] = 0x0000000180000000ULL;
	((uint64_t *)(victim_prefix + 0x1a0))[1] = (uint64_t)(unsigned long)victim_loop;
	/* After an initial CPU reset its prefix is 0: the same there. */
	((uint64_t *)(lc0 + 0x1a0))[0] = 0x0000000180000000ULL;
	((uint64_t *)(lc0 + 0x1a0))[1] = (uint64_t)(unsigned long)victim_loop;
	rt_ok(rt_sigp(1, 0x0d, (unsigned long)victim_prefix, NULL) == 0 &&
	      rt_sigp(1, 0x06, 0, NULL) == 0, "victim vCPU 1 started");

	/* Our control registers, low-address protection on from now on. */
	asm volatile("stctg 0,15,%0" : "=Q"(cr));
	cr[0] |= CR0_LAP | CR0_SERVICE_SIGNAL;
	asm volatile("lctlg 0,15,%0" : : "Q"(cr));
	memcpy((void *)CRS, cr, sizeof(cr));
	((uint64_t *)(lc0 + 0x1d0))[0] = 0x0000000180000000ULL;
	((uint64_t *)(lc0 + 0x1d0))[1] = (uint64_t)(unsigned long)hostile_pgm;
	((uint64_t *)(lc0 + 0x1c0))[0] = 0x0000000180000000ULL;
	((uint64_t *)(lc0 + 0x1c0))[1] = (uint64_t)(unsigned long)hostile_svc;
	((uint64_t *)PROBLEM_PSW)[0] = 0x0001000180000000ULL;
	((uint64_t *)PROBLEM_PSW)[1] = (uint64_t)(unsigned long)hostile_ex;

	for (unsigned int i = 0; i < HOSTILE_ITERATIONS; i++) {
		uint64_t taken = pgm_total;

		for (unsigned int k = 0; k < 16; k++)
			regs()[k] = gen_value();
		build((uint8_t *)SLOT);
		/* One in eight in the problem state. */
		if (below(8))
			((void (*)(void))(unsigned long)hostile_run_one)();
		else
			((void (*)(void))(unsigned long)hostile_run_one_p)();
		if (pgm_total == taken)
			completed++;
		/*
		 * Now and then take what is pending: service signals SERVC
		 * left, emergency signals and external calls it sent itself.
		 */
		if ((i & 1023) == 1023) {
			uint8_t m;

			uint64_t open = cr[0] | CR0_EMERGENCY | CR0_EXTERNAL_CALL;

			asm volatile("lctlg 0,0,%0" : : "Q"(open));
			asm volatile("stosm %0,0x01" : "=Q"(m) : : "memory");
			for (volatile unsigned int k = 0; k < 64; k++)
				;
			asm volatile("stnsm %0,0xfe" : "=Q"(m) : : "memory");
			asm volatile("lctlg 0,0,%0" : : "Q"(cr[0]));
		}
	}
	/* No low-address protection, then the runtime's handler again. */
	cr[0] &= ~CR0_LAP;
	asm volatile("lctlg 0,0,%0" : : "Q"(cr[0]));
	((uint64_t *)(lc0 + 0x1d0))[1] = (uint64_t)(unsigned long)pgm_stub;

	for (unsigned int k = 0; k < 512; k++) {
		if (!pgm_counts[k])
			continue;
		distinct++;
		sum += pgm_counts[k];
		rt_printf("hostile: program interruption code 0x%03x: %lu\n", k,
			  (unsigned long)pgm_counts[k]);
	}
	rt_printf("hostile: external interruptions: emergency signal %lu, external call %lu, service signal %lu, other %lu\n",
		  (unsigned long)ext_counts[0], (unsigned long)ext_counts[1],
		  (unsigned long)ext_counts[2], (unsigned long)ext_counts[3]);
	rt_ok(sum + completed == HOSTILE_ITERATIONS,
	      "hostile: %u instructions: %lu completed, %lu program interruptions",
	      HOSTILE_ITERATIONS, (unsigned long)completed, (unsigned long)sum);
	rt_ok(pgm_counts[1] && pgm_counts[2] && pgm_counts[4] && pgm_counts[5] && pgm_counts[6],
	      "hostile: took operation, privileged, protection, addressing and specification exceptions (%u codes in all)",
	      distinct);
	rt_ok(completed > HOSTILE_ITERATIONS / 20, "hostile: a good share completed (%lu)",
	      (unsigned long)completed);
	cc = rt_sigp(1, 0x01, 0, &status);
	rt_ok(cc == 0 || cc == 1, "hostile: the victim vCPU still answers SIGP sense (cc %d, status %x)",
	      cc, status);
	return (int)rt_failures();
}
