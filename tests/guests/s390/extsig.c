/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SIGP emergency signal (0x1201) and external call (0x1202) between two
 * vCPUs, with the source CPU address at lowcore 0x84; a second external
 * call while one is pending gets cc 1 with status 0x80 (as does SIGP
 * sense); one masked by CR0 is taken at the LCTL that unmasks it; several interruptions pending while disabled are taken in
 * zarm's architected order when the guest enables: emergency signal,
 * external call, clock comparator.
 */
#include "tests/guests/s390/rt.h"

#define SIGP_SENSE 0x01
#define SIGP_EXT_CALL 0x02
#define SIGP_EMERGENCY 0x03
#define NREC 8

struct rec {
	volatile unsigned int n;
	volatile uint16_t code[NREC], src[NREC];
};

static struct rec recs[2];
static volatile unsigned int phase, n_after_lctl;

static uint64_t tod(void)
{
	uint64_t t;

	asm volatile("stck %0" : "=Q"(t) : : "cc");
	return t;
}

static void spin_us(uint64_t us)
{
	uint64_t end = tod() + us * 4096;

	while (tod() < end)
		rt_barrier();
}

static uint64_t get_cr0(void)
{
	uint64_t v;

	asm volatile("stctg 0,0,%0" : "=Q"(v));
	return v;
}

static void set_cr0(uint64_t v)
{
	asm volatile("lctlg 0,0,%0" : : "Q"(v) : "memory");
}

static void ext_off(void)
{
	uint8_t m;

	asm volatile("stnsm %0,0xfe" : "=Q"(m) : : "memory");
}

static void ext_on(void)
{
	uint8_t m;

	asm volatile("stosm %0,0x01" : "=Q"(m) : : "memory");
}

void rt_ext(void)
{
	struct rec *r = &recs[rt_cpu_id() & 1];
	uint16_t code = *(volatile uint16_t *)0x86;
	unsigned int i = r->n;

	if (i < NREC) {
		r->code[i] = code;
		r->src[i] = *(volatile uint16_t *)0x84;
	}
	if (code == 0x1004) {
		uint64_t never = ~0ULL;

		asm volatile("sckc %0" : : "Q"(never));
	}
	__atomic_store_n(&r->n, i + 1, __ATOMIC_SEQ_CST);
}

static bool wait_n(struct rec *r, unsigned int n)
{
	uint64_t end = tod() + 2000000ULL * 4096;

	while (r->n < n && tod() < end)
		rt_barrier();
	return r->n == n;
}

/* vCPU 1: enabled in phase 0, disabled from phase 1 until phase 2. */
void secondary_main(unsigned int cpu)
{
	(void)cpu;
	rt_enable_ext(0x6000);
	__atomic_store_n(&phase, 1, __ATOMIC_SEQ_CST);
	while (phase < 2)
		rt_barrier();
	ext_off();
	__atomic_store_n(&phase, 3, __ATOMIC_SEQ_CST);
	while (phase < 4)
		rt_barrier();
	ext_on();
	while (phase < 5)
		rt_barrier();
	/* External calls masked in CR0 while enabled in the PSW. */
	set_cr0(get_cr0() & ~0x2000ULL);
	__atomic_store_n(&phase, 6, __ATOMIC_SEQ_CST);
	while (phase < 7)
		rt_barrier();
	spin_us(3000);	/* zarm has looked at this vCPU since the call */
	{
		/* LCTL (the low word) this time: zarm emulates both forms. */
		uint32_t lo = (uint32_t)get_cr0() | 0x2000U;

		asm volatile("lctl 0,0,%0" : : "Q"(lo) : "memory");
	}
	n_after_lctl = recs[1].n;
	__atomic_store_n(&phase, 8, __ATOMIC_SEQ_CST);
	while (phase < 9)
		rt_barrier();
}

int main(void)
{
	struct rec *r1 = &recs[1], *r0 = &recs[0];
	uint32_t status = 0;
	int cc, cc2;

	rt_plan(10);
	if (rt_cpu_count() < 2 || rt_start_cpu(1)) {
		rt_ok(false, "start vCPU 1 (%u vCPUs)", rt_cpu_count());
		return 1;
	}
	while (phase < 1)
		rt_barrier();
	cc = rt_sigp(1, SIGP_EMERGENCY, 0, NULL);
	rt_ok(cc == 0 && wait_n(r1, 1) && r1->code[0] == 0x1201 && r1->src[0] == 0,
	      "emergency signal to vCPU 1: cc %d, code 0x%x from CPU %u", cc,
	      r1->code[0], r1->src[0]);
	cc = rt_sigp(1, SIGP_EXT_CALL, 0, NULL);
	rt_ok(cc == 0 && wait_n(r1, 2) && r1->code[1] == 0x1202 && r1->src[1] == 0,
	      "external call to vCPU 1: cc %d, code 0x%x from CPU %u", cc,
	      r1->code[1], r1->src[1]);

	/* vCPU 1 disabled: the first call stays pending, the second is refused. */
	phase = 2;
	while (phase < 3)
		rt_barrier();
	cc = rt_sigp(1, SIGP_EXT_CALL, 0, NULL);
	status = 0;
	cc2 = rt_sigp(1, SIGP_EXT_CALL, 0, &status);
	rt_ok(cc == 0 && cc2 == 1 && status == 0x80,
	      "second external call while one is pending: cc %d status 0x%x", cc2, status);
	status = 0;
	cc2 = rt_sigp(1, SIGP_SENSE, 0, &status);
	rt_ok(cc2 == 1 && status == 0x80, "SIGP sense: external call pending (cc %d status 0x%x)",
	      cc2, status);
	phase = 4;
	rt_ok(wait_n(r1, 3) && r1->code[2] == 0x1202 && r1->src[2] == 0,
	      "the pending external call is taken once on enabling (%u taken)", r1->n);
	phase = 5;
	while (phase < 6)
		rt_barrier();
	cc = rt_sigp(1, SIGP_EXT_CALL, 0, NULL);
	phase = 7;
	while (phase < 8)
		rt_barrier();
	rt_ok(cc == 0 && n_after_lctl == 4 && r1->code[3] == 0x1202,
	      "external call masked in CR0 is taken right at the LCTL that unmasks it (%u taken)",
	      n_after_lctl);
	phase = 9;

	/* Priority: emergency, external call, comparator pending while disabled. */
	rt_enable_ext(0x6800);
	ext_off();
	{
		uint64_t past = tod() - 1;

		asm volatile("sckc %0" : : "Q"(past));
	}
	cc = rt_sigp(0, SIGP_EXT_CALL, 0, NULL);
	cc2 = rt_sigp(0, SIGP_EMERGENCY, 0, NULL);
	rt_ok(cc == 0 && cc2 == 0 && r0->n == 0, "three interruptions pending while disabled");
	ext_on();
	rt_ok(wait_n(r0, 3), "all three taken on enabling (%u)", r0->n);
	rt_ok(r0->code[0] == 0x1201 && r0->code[1] == 0x1202 && r0->code[2] == 0x1004,
	      "in priority order: 0x%x 0x%x 0x%x", r0->code[0], r0->code[1], r0->code[2]);
	rt_ok(r0->src[0] == 0 && r0->src[1] == 0, "source CPU 0 at 0x84 for both signals");
	return (int)rt_failures();
}
