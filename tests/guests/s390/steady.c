/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A well-behaved VM to run beside others (hostile.tap): for STEADY_SECONDS
 * of its own TOD clock, vCPU 0 hands a seed to vCPU 1, both fill 4 KiB
 * from it and checksum it, and the two sums must agree; each round vCPU 0
 * also sleeps in an enabled wait until its clock comparator, 500 us
 * ahead, and must be woken by that interruption, not earlier. Whatever a
 * neighbour does, every round must come out right.
 */
#include "tests/guests/s390/rt.h"

#define STEADY_SECONDS 8
#define TOD_SEC (4096ULL * 1000000)

static volatile uint64_t post_seq, post_seed, done_seq, done_sum;
static volatile unsigned int ckc_irqs;
static uint8_t buf0[4096], buf1[4096];

void rt_ext(void)
{
	if (*(volatile uint16_t *)0x86 == 0x1004) {
		uint64_t never = ~0ULL;

		ckc_irqs++;
		asm volatile("sckc %0" : : "Q"(never));
		/* Resume after the wait, disabled again. */
		*(volatile uint64_t *)0x130 &= ~0x0102000000000000ULL;
	}
}

static uint64_t tod(void)
{
	uint64_t t;

	asm volatile("stck %0" : "=Q"(t) : : "cc");
	return t;
}

static uint64_t checksum(uint8_t *b, uint64_t seed)
{
	uint64_t x = seed | 1, sum = 0;

	for (unsigned int i = 0; i < 4096; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		b[i] = (uint8_t)x;
	}
	for (unsigned int i = 0; i < 4096; i++)
		sum = sum * 31 + b[i];
	return sum;
}

void secondary_main(unsigned int cpu)
{
	uint64_t seen = 0;

	(void)cpu;
	for (;;) {
		while (post_seq == seen)
			rt_barrier();
		seen = post_seq;
		if (post_seed == 0)
			return;
		done_sum = checksum(buf1, post_seed);
		done_seq = seen;
	}
}

static void sleep_until(uint64_t when)
{
	uint64_t psw[2] __attribute__((aligned(8)));
	uint8_t m;

	asm volatile("stnsm %0,0xfe" : "=Q"(m) : : "memory");
	asm volatile("sckc %0" : : "Q"(when));
	psw[0] = 0x0102000180000000ULL;     /* EXT | WAIT | EA | BA */
	asm volatile("larl %%r1,0f\n\tstg %%r1,8(%0)\n\tlpswe 0(%0)\n0:"
		     : : "a"(psw) : "r1", "memory", "cc");
}

int main(void)
{
	uint64_t start, end, seed = 0x57ead7ULL;
	unsigned int rounds = 0, bad = 0, early = 0;

	rt_plan(4);
	rt_ok(rt_start_cpu(1) == 0, "vCPU 1 started");
	rt_enable_ext(0x800);
	start = tod();
	end = start + STEADY_SECONDS * TOD_SEC;
	while (tod() < end) {
		uint64_t mine, when;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		post_seed = seed | 1;
		post_seq = post_seq + 1;
		mine = checksum(buf0, seed | 1);
		while (done_seq != post_seq)
			rt_barrier();
		if (done_sum != mine)
			bad++;
		when = tod() + 500 * 4096;
		sleep_until(when);
		if (tod() < when)
			early++;
		rounds++;
	}
	post_seed = 0;
	post_seq = post_seq + 1;
	rt_ok(rounds >= 10, "%u rounds in %d s", rounds, STEADY_SECONDS);
	rt_ok(bad == 0, "both vCPUs computed the same checksums (%u differ)", bad);
	rt_ok(ckc_irqs == rounds && early == 0,
	      "every sleep ended by its clock-comparator interruption, none early (%u of %u, %u early)",
	      ckc_irqs, rounds, early);
	return (int)rt_failures();
}
