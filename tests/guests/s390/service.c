/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A floating interruption goes to exactly one vCPU: three vCPUs enabled
 * for the service signal (two of them in enabled waits), one SCLP request,
 * one service signal (0x2401) taken in all, with the SCCB address at 0x80;
 * again with vCPU 0 disabled: one of the two waiting vCPUs takes it.
 */
#include "tests/guests/s390/rt.h"

#define NCPU 3

static uint8_t sccb[4096] __attribute__((aligned(4096)));
static volatile unsigned int taken[NCPU], total, ready, done;
static volatile uint32_t param;

void rt_ext(void)
{
	if (*(volatile uint16_t *)0x86 == 0x2401) {
		param = *(volatile uint32_t *)0x80;
		taken[rt_cpu_id() % NCPU]++;
		__atomic_add_fetch(&total, 1, __ATOMIC_SEQ_CST);
	}
	/* An interrupted wait resumes (enabled) after the wait. */
	*(volatile uint64_t *)0x130 &= ~0x0002000000000000ULL;
}

/* A fresh read-SCP-info SCCB of 4096 bytes. */
static void memset_sccb(void)
{
	for (unsigned int i = 0; i < sizeof(sccb); i++)
		sccb[i] = 0;
	sccb[0] = 0x10;
}

static uint64_t tod(void)
{
	uint64_t t;

	asm volatile("stck %0" : "=Q"(t) : : "cc");
	return t;
}

static void enabled_wait(void)
{
	uint64_t psw[2] __attribute__((aligned(8)));

	psw[0] = 0x0102000180000000ULL;     /* EXT | WAIT | EA | BA */
	asm volatile("larl %%r1,0f\n\tstg %%r1,8(%0)\n\tlpswe 0(%0)\n0:"
		     : : "a"(psw) : "r1", "memory", "cc");
}

void secondary_main(unsigned int cpu)
{
	(void)cpu;
	rt_enable_ext(0x200);
	__atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
	while (!done)
		enabled_wait();
}

int main(void)
{
	uint64_t end;
	unsigned int sum, sum0;
	int cc;

	rt_plan(4);
	if (rt_cpu_count() < NCPU) {
		rt_ok(false, "%u vCPUs", rt_cpu_count());
		return 1;
	}
	for (unsigned int c = 1; c < NCPU; c++)
		rt_start_cpu(c);
	rt_enable_ext(0x200);
	while (ready < NCPU - 1)
		rt_barrier();
	/* Read SCP info: completion raises the service signal. */
	memset_sccb();
	asm volatile(".insn rre,0xb2200000,%1,%2\n\tipm %0\n\tsrl %0,28"
		     : "=d"(cc) : "d"((uint64_t)0x00020001), "a"(sccb) : "cc", "memory");
	end = tod() + 200000ULL * 4096;   /* 200 ms for duplicates to show */
	while (tod() < end)
		rt_barrier();
	sum = taken[0] + taken[1] + taken[2];
	rt_ok(cc == 0, "SCLP read SCP info accepted (cc %d)", cc);
	rt_ok(sum == 1 && total == 1, "one service signal taken by the 3 vCPUs (%u %u %u)",
	      taken[0], taken[1], taken[2]);
	rt_ok(param == (uint32_t)(uintptr_t)sccb, "SCCB address 0x%x at 0x80", param);

	/* Again with vCPU 0 disabled: one of the waiting vCPUs takes it. */
	sum0 = taken[0];
	{
		uint8_t m;

		asm volatile("stnsm %0,0xfe" : "=Q"(m) : : "memory");
	}
	memset_sccb();
	asm volatile(".insn rre,0xb2200000,%1,%2\n\tipm %0\n\tsrl %0,28"
		     : "=d"(cc) : "d"((uint64_t)0x00020001), "a"(sccb) : "cc", "memory");
	end = tod() + 200000ULL * 4096;
	while (tod() < end)
		rt_barrier();
	rt_ok(cc == 0 && total == 2 && taken[0] == sum0,
	      "with vCPU 0 disabled a waiting vCPU takes it, once (%u %u %u)",
	      taken[0], taken[1], taken[2]);
	done = 1;
	/* Wake the waiters so that they stop. */
	for (unsigned int c = 1; c < NCPU; c++)
		rt_sigp(c, 0x05, 0, NULL);
	return (int)rt_failures();
}
