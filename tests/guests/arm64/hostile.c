/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A hostile guest: for ITERATIONS rounds it picks, with a seeded PRNG (the
 * seed is printed), one of
 *  - MRS or MSR of a random op0 = 3 system register encoding (op1 0-7,
 *    CRn 0-15, CRm 0-15, op2 0-7), random Rt and value, generated at run
 *    time into an executable page (only SCTLR_EL1, VBAR_EL1 and SPSel are
 *    never written: the guest needs its MMU off, its vectors and its
 *    stack to count what happens);
 *  - HVC or SMC with a random function id (from the PSCI, SMCCC, FF-A and
 *    zarm ranges or anything) and random x1-x7, except the calls that
 *    would legitimately end or suspend this VM;
 *  - a load or store of random size and kind (sign-extending, pairs) with
 *    a random Rt at a random offset in the GICD, GICR or PL011 frames or
 *    in unmapped IPA space, or a branch into unmapped IPA space;
 * and takes whatever exception comes back: its vector counts by class and
 * skips the instruction (or returns from the branch). zarm must never
 * stop, the VM beside it finishes normally, and this one reports what it
 * took. Give "hostile-seed=<hex>" on its command line (zarm-run's cmdline=,
 * or ZARM_HOSTILE_SEED for hostile.tap) to replay a run.
 */
#include "tests/guests/arm64/rt.h"

#define ITERATIONS 100000U
#define ARRAY_LEN 9		/* 7 function-id ranges, 2 chances of anything */
#define UART_BASE 0x09000000UL
#define RAM_START 0x40000000UL
#define RAM_SIZE (64UL << 20)

static uint64_t rng;
static uint32_t code[64] __attribute__((aligned(4096)));
volatile uint64_t hx_counts[64], hx_irqs;	/* by EC (at EL1); IRQ/FIQ */

uint64_t hx_call(uint64_t code_pc, const uint64_t *regs);
/* The same at EL0 (SP_EL0 = @sp0); the code ends with SVC, which comes back here. */
void hx_call_el0(uint64_t code_pc, const uint64_t *regs, uint64_t sp0);
void hx_el0_back(void);
void hx_vectors(void);
void hx_exception(uint64_t kind, uint64_t *frame);

/*
 * hx_call: run the generated code with x0-x15 and x18-x29 loaded from
 * @regs (x16 holds the code's address, x17 @regs, x30 the way back);
 * x19-x29 are saved around it. The vector saves x0-x30 and calls
 * hx_exception(kind, frame); frame[30] is x30.
 */
__asm__(
	".pushsection .text\n"
	".globl hx_call\n"
	"hx_call:\n"
	"	stp x29, x30, [sp, #-96]!\n"
	"	stp x19, x20, [sp, #16]\n	stp x21, x22, [sp, #32]\n"
	"	stp x23, x24, [sp, #48]\n	stp x25, x26, [sp, #64]\n"
	"	stp x27, x28, [sp, #80]\n"
	"	mov x16, x0\n	mov x17, x1\n"
	"	ldp x0, x1, [x17, #0]\n	ldp x2, x3, [x17, #16]\n	ldp x4, x5, [x17, #32]\n"
	"	ldp x6, x7, [x17, #48]\n	ldp x8, x9, [x17, #64]\n	ldp x10, x11, [x17, #80]\n"
	"	ldp x12, x13, [x17, #96]\n	ldp x14, x15, [x17, #112]\n"
	"	ldp x18, x19, [x17, #144]\n	ldp x20, x21, [x17, #160]\n"
	"	ldp x22, x23, [x17, #176]\n	ldp x24, x25, [x17, #192]\n"
	"	ldp x26, x27, [x17, #208]\n	ldp x28, x29, [x17, #224]\n"
	"	blr x16\n"
	"	ldp x19, x20, [sp, #16]\n	ldp x21, x22, [sp, #32]\n"
	"	ldp x23, x24, [sp, #48]\n	ldp x25, x26, [sp, #64]\n"
	"	ldp x27, x28, [sp, #80]\n"
	"	ldp x29, x30, [sp], #96\n"
	"	ret\n"
	".globl hx_call_el0, hx_el0_back\n"
	"hx_call_el0:\n"
	"	stp x29, x30, [sp, #-96]!\n"
	"	stp x19, x20, [sp, #16]\n	stp x21, x22, [sp, #32]\n"
	"	stp x23, x24, [sp, #48]\n	stp x25, x26, [sp, #64]\n"
	"	stp x27, x28, [sp, #80]\n"
	"	msr elr_el1, x0\n	msr sp_el0, x2\n	mov x17, x1\n"
	"	mov x16, #0x3c0\n	msr spsr_el1, x16\n"	/* EL0t, masked */
	"	ldp x0, x1, [x17, #0]\n	ldp x2, x3, [x17, #16]\n	ldp x4, x5, [x17, #32]\n"
	"	ldp x6, x7, [x17, #48]\n	ldp x8, x9, [x17, #64]\n	ldp x10, x11, [x17, #80]\n"
	"	ldp x12, x13, [x17, #96]\n	ldp x14, x15, [x17, #112]\n"
	"	ldp x18, x19, [x17, #144]\n	ldp x20, x21, [x17, #160]\n"
	"	ldp x22, x23, [x17, #176]\n	ldp x24, x25, [x17, #192]\n"
	"	ldp x26, x27, [x17, #208]\n	ldp x28, x29, [x17, #224]\n"
	"	ldp x16, x17, [x17, #128]\n"
	"	eret\n"
	"hx_el0_back:\n"
	"	ldp x19, x20, [sp, #16]\n	ldp x21, x22, [sp, #32]\n"
	"	ldp x23, x24, [sp, #48]\n	ldp x25, x26, [sp, #64]\n"
	"	ldp x27, x28, [sp, #80]\n"
	"	ldp x29, x30, [sp], #96\n"
	"	ret\n"
	".balign 0x800\n"
	".globl hx_vectors\n"
	"hx_vectors:\n"
	".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	".balign 0x80\n"
	"	sub sp, sp, #256\n"
	"	stp x0, x1, [sp, #0]\n"
	"	mov x0, #\\n\n"
	"	b hx_common\n"
	".endr\n"
	"hx_common:\n"
	"	stp x2, x3, [sp, #16]\n	stp x4, x5, [sp, #32]\n	stp x6, x7, [sp, #48]\n"
	"	stp x8, x9, [sp, #64]\n	stp x10, x11, [sp, #80]\n	stp x12, x13, [sp, #96]\n"
	"	stp x14, x15, [sp, #112]\n	stp x16, x17, [sp, #128]\n	stp x18, x19, [sp, #144]\n"
	"	stp x20, x21, [sp, #160]\n	stp x22, x23, [sp, #176]\n	stp x24, x25, [sp, #192]\n"
	"	stp x26, x27, [sp, #208]\n	stp x28, x29, [sp, #224]\n	str x30, [sp, #240]\n"
	"	mov x1, sp\n"
	"	bl hx_exception\n"
	"	ldp x2, x3, [sp, #16]\n	ldp x4, x5, [sp, #32]\n	ldp x6, x7, [sp, #48]\n"
	"	ldp x8, x9, [sp, #64]\n	ldp x10, x11, [sp, #80]\n	ldp x12, x13, [sp, #96]\n"
	"	ldp x14, x15, [sp, #112]\n	ldp x16, x17, [sp, #128]\n	ldp x18, x19, [sp, #144]\n"
	"	ldp x20, x21, [sp, #160]\n	ldp x22, x23, [sp, #176]\n	ldp x24, x25, [sp, #192]\n"
	"	ldp x26, x27, [sp, #208]\n	ldp x28, x29, [sp, #224]\n	ldr x30, [sp, #240]\n"
	"	ldp x0, x1, [sp, #0]\n"
	"	add sp, sp, #256\n"
	"	eret\n"
	".popsection\n");

volatile uint64_t hx_counts_el0[64], hx_el0_back_count;

void hx_exception(uint64_t kind, uint64_t *frame)
{
	uint64_t spsr = read_sysreg(spsr_el1);
	bool el0 = (spsr & 0x1f) == 0;

	if ((kind & 3) == 1 || (kind & 3) == 2) {
		/* An interrupt the random writes provoked: take it, stop the timer. */
		uint64_t id;

		__asm__ volatile("mrs %0, S3_0_C12_C12_0" : "=r"(id));	/* IAR1 */
		if ((id & 0xffffff) < 1020) {
			__asm__ volatile("msr S3_0_C12_C12_1, %0" : : "r"(id));	/* EOIR1 */
			__asm__ volatile("msr S3_0_C12_C11_1, %0" : : "r"(id));	/* DIR */
		}
		__asm__ volatile("mrs %0, S3_0_C12_C8_0" : "=r"(id));	/* IAR0 */
		if ((id & 0xffffff) < 1020) {
			__asm__ volatile("msr S3_0_C12_C8_1, %0" : : "r"(id));
			__asm__ volatile("msr S3_0_C12_C11_1, %0" : : "r"(id));
		}
		write_sysreg(cntv_ctl_el0, 0);
		hx_irqs++;
	} else {
		uint64_t ec = read_sysreg(esr_el1) >> 26 & 0x3f;

		if (el0 && ec == 0x15) {
			/* The SVC that ends an EL0 run: back to hx_call_el0's caller at EL1. */
			hx_el0_back_count++;
			write_sysreg(elr_el1, (uint64_t)hx_el0_back);
			write_sysreg(spsr_el1, 0x3c5);
			return;
		}
		if (el0)
			hx_counts_el0[ec]++;
		else
			hx_counts[ec]++;
		if (!el0 && (ec == 0x21 || ec == 0x20))
			write_sysreg(elr_el1, frame[30]);	/* back from the branch */
		else
			write_sysreg(elr_el1, read_sysreg(elr_el1) + 4);
	}
	/* Whatever PSTATE the random MSRs left: back where it was, all masked. */
	write_sysreg(spsr_el1, (spsr & 0xf0000000UL) | (el0 ? 0x3c0 : 0x3c5));
}

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static unsigned int below(unsigned int n)
{
	return (unsigned int)((rnd() >> 32) % n);
}

/* Rt for generated code: x0-x29 or xzr (never x30, the way back). */
static unsigned int rand_rt(void)
{
	unsigned int rt = below(31);

	return rt == 30 ? 31 : rt;
}

static char el0_stack[4096] __attribute__((aligned(16)));
static unsigned long n_el0;

/*
 * Run code[0..n-1] then RET (at EL1) or SVC (at EL0), every register
 * random but x1 = @x1 (the address).
 */
static void run_code_at(unsigned int n, uint64_t x1, bool el0)
{
	uint64_t regs[30];

	for (unsigned int i = 0; i < 30; i++)
		regs[i] = rnd();
	regs[1] = x1;
	code[n] = el0 ? 0xd4000001 : 0xd65f03c0;	/* svc #0 / ret */
	__asm__ volatile("dsb ish\n ic iallu\n dsb ish\n isb" ::: "memory");
	if (el0) {
		n_el0++;
		hx_call_el0((uint64_t)code, regs, (uint64_t)(el0_stack + sizeof(el0_stack)));
	} else {
		hx_call((uint64_t)code, regs);
	}
}

static void run_code(unsigned int n, uint64_t x1)
{
	run_code_at(n, x1, false);
}

static unsigned long n_sys, n_hvc, n_smc, n_mem, n_branch, n_hvc_back;

static void op_sysreg(void)
{
	unsigned int op1 = below(8), crn = below(16), crm = below(16), op2 = below(8);
	unsigned int rt = rand_rt();
	bool read = below(2);
	uint32_t enc = (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5) | rt;

	if (!read && ((op1 == 0 && crn == 1 && crm == 0 && op2 == 0) ||	/* SCTLR_EL1 */
		      (op1 == 0 && crn == 12 && crm == 0 && op2 == 0) ||	/* VBAR_EL1 */
		      (op1 == 0 && crn == 4 && crm == 2 && op2 == 0)))		/* SPSel */
		read = true;
	code[0] = (read ? 0xd5380000U : 0xd5180000U) | enc;
	/* One in four from EL0; every source register holds a random value. */
	run_code_at(1, rnd(), below(4) == 0);
	n_sys++;
}

static bool ends_vm(uint32_t fn)
{
	uint32_t f = fn & ~0x40000000U;

	return f == 0x84000001U || f == 0x84000002U || f == 0x84000008U ||
	       f == 0x84000009U || f == 0x8400000bU || f == 0x8400000cU ||
	       f == 0x8400000eU || f == 0x84000012U;
}

static void op_call(bool smc)
{
	static const uint32_t bases[] = { 0x84000000U, 0xc4000000U, 0x80000000U, 0x84000060U,
					  0xc4000060U, 0x86000000U, 0x00000000U };
	uint32_t fn;

	do {
		unsigned int k = below(ARRAY_LEN);

		fn = k < 7 ? bases[k] + (uint32_t)below(0x40) : (uint32_t)rnd();
	} while (ends_vm(fn));
	{
		register uint64_t x0 __asm__("x0") = (below(4) ? 0 : rnd() << 32) | fn;
		register uint64_t x1 __asm__("x1") = rnd(), x2 __asm__("x2") = rnd();
		register uint64_t x3 __asm__("x3") = rnd(), x4 __asm__("x4") = rnd();
		register uint64_t x5 __asm__("x5") = rnd(), x6 __asm__("x6") = rnd();
		register uint64_t x7 __asm__("x7") = rnd();

		/* CPU_ON of this very vCPU at a random address is ALREADY_ON; keep it so. */
		if ((fn & ~0x40000000U) == 0x84000003U)
			x1 = 0;
		if (smc)
			__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
					 "+r"(x5), "+r"(x6), "+r"(x7) : : "memory", "x8", "x9", "x10",
					 "x11", "x12", "x13", "x14", "x15", "x16", "x17");
		else
			__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
					 "+r"(x5), "+r"(x6), "+r"(x7) : : "memory", "x8", "x9", "x10",
					 "x11", "x12", "x13", "x14", "x15", "x16", "x17");
	}
	n_hvc_back++;
	if (smc)
		n_smc++;
	else
		n_hvc++;
}

/* A random address: a device frame, or where there is nothing. */
static uint64_t rand_addr(void)
{
	switch (below(4)) {
	case 0:
		return 0x08000000UL + below(0x10000);		/* GICD */
	case 1:
		return 0x080a0000UL + below(0x20000);		/* GICR of vCPU 0 */
	case 2: {
		uint64_t off = below(0x1000);			/* PL011, not its data register */

		return UART_BASE + (off < 4 ? 4 + off : off);
	}
	default: {
		uint64_t a;

		do
			a = rnd() & ((1ULL << 40) - 1);
		while (a >= RAM_START && a < RAM_START + RAM_SIZE);
		return a;
	}
	}
}

static void op_mem(void)
{
	static const uint32_t ops[] = {
		0x39000000, 0x39400000, 0x39800000, 0x39c00000,	/* STRB LDRB LDRSB(x) LDRSB(w) */
		0x79000000, 0x79400000, 0x79800000, 0x79c00000,	/* STRH LDRH LDRSH(x) LDRSH(w) */
		0xb9000000, 0xb9400000, 0xb9800000,		/* STR(w) LDR(w) LDRSW */
		0xf9000000, 0xf9400000,				/* STR(x) LDR(x) */
		0xa9000000, 0xa9400000,				/* STP LDP (x) */
		0xc85f7c00,					/* LDXR (x) */
	};
	unsigned int k = below(sizeof(ops) / sizeof(ops[0]));
	unsigned int rt = rand_rt(), rt2 = rand_rt();
	uint32_t insn = ops[k] | (1U << 5) | rt;	/* Rn = x1 */

	if (k == 13 || k == 14)
		insn |= rt2 << 10;
	if ((k == 14 && (rt == 1 || rt2 == 1 || rt == rt2)))
		insn = ops[12] | (1U << 5) | 2;		/* LDP with Rt = Rn or Rt = Rt2: plain LDR */
	code[0] = insn;
	run_code(1, rand_addr());
	n_mem++;
}

static void op_branch(void)
{
	uint64_t a;

	do
		a = (rnd() & ((1ULL << 40) - 1)) & ~3ULL;
	while (a >= RAM_START && a < RAM_START + RAM_SIZE);
	code[0] = 0xd61f0020;	/* br x1 */
	run_code(1, a);
	n_branch++;
}

static uint64_t given_seed;

/* "hostile-seed=<hex>" in /chosen/bootargs replays a run. */
static void find_seed(const char *node, const char *prop, const uint8_t *val, uint32_t len)
{
	static const char key[] = "hostile-seed=";
	const char *s = (const char *)val;

	if (node[0] != 'c' || prop[0] != 'b' || len < sizeof(key))
		return;
	for (uint32_t i = 0; i + sizeof(key) - 1 < len; i++) {
		unsigned int k = 0;

		while (key[k] && s[i + k] == key[k])
			k++;
		if (key[k])
			continue;
		for (const char *p = s + i + k; (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'); p++)
			given_seed = given_seed << 4 | (uint64_t)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
		return;
	}
}

void rt_main(uint64_t dtb)
{
	uint64_t seed, iabt;
	unsigned long total = 0;

	rt_fdt_walk((const uint8_t *)dtb, find_seed);
	seed = given_seed ? given_seed : read_sysreg(cntvct_el0) | 1;
	rng = seed;
	tap_plan(6);
	rt_printf("# hostile: seed %lx, %u iterations\n", seed, ITERATIONS);
	write_sysreg(vbar_el1, (uint64_t)hx_vectors);
	__asm__ volatile("isb");
	for (unsigned int i = 0; i < ITERATIONS; i++) {
		switch (below(8)) {
		case 0: case 1: case 2:
			op_sysreg();
			break;
		case 3:
			op_call(false);
			break;
		case 4:
			op_call(true);
			break;
		case 5: case 6:
			op_mem();
			break;
		default:
			op_branch();
			break;
		}
	}
	write_sysreg(vbar_el1, 0);
	/* The random writes may have turned the UART off: on again, 8N1 FIFO. */
	mmio_write32(UART_BASE + 0x30, 0x301);
	mmio_write32(UART_BASE + 0x2c, 0x70);
	iabt = hx_counts[0x21];
	for (unsigned int ec = 0; ec < 64; ec++) {
		if (hx_counts[ec]) {
			rt_printf("# hostile: EC %x taken %lu times\n", ec, hx_counts[ec]);
			total += hx_counts[ec];
		}
	}
	for (unsigned int ec = 0; ec < 64; ec++)
		if (hx_counts_el0[ec])
			rt_printf("# hostile: EC %x taken %lu times from EL0\n", ec, hx_counts_el0[ec]);
	rt_printf("# hostile: %lu sysreg (%lu at EL0), %lu HVC, %lu SMC, %lu loads/stores, "
		  "%lu branches, %lu interrupts\n", n_sys, n_el0, n_hvc, n_smc, n_mem, n_branch,
		  hx_irqs);
	tap_ok(n_sys + n_hvc + n_smc + n_mem + n_branch == ITERATIONS,
	       "seed %lx: all %u operations done, %lu exceptions taken", seed, ITERATIONS, total);
	tap_ok(iabt == n_branch, "every branch outside memory: one instruction abort (%lu of %lu)",
	       iabt, n_branch);
	tap_ok(n_hvc_back == n_hvc + n_smc, "every HVC and SMC came back (%lu)", n_hvc_back);
	tap_ok(hx_counts[0x25] > 0 && hx_counts[0x00] > 0,
	       "data aborts (%lu) and UNDEFINED system registers (%lu) were delivered",
	       hx_counts[0x25], hx_counts[0x00]);
	tap_ok(hx_counts[0x20] == 0 && hx_counts[0x24] == 0 && hx_counts[0x15] == 0,
	       "nothing at EL1 claims to come from EL0 or an SVC");
	tap_ok(hx_el0_back_count == n_el0 && hx_counts_el0[0x00] > 0,
	       "EL0: every run came back through its SVC (%lu of %lu), UNDEFINED seen (%lu)",
	       hx_el0_back_count, n_el0, hx_counts_el0[0x00]);
}
