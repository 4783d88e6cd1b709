/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Thin wrappers over the few s390 instructions zarm's C code needs: the
 * TOD clock, the clock comparator, control registers, the CPU address,
 * SIGP and the PSW load that ends everything.
 */
#ifndef ZARM_ARCH_S390_CPU_H
#define ZARM_ARCH_S390_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/s390/lowcore.h"

struct psw {
	uint64_t mask;
	uint64_t addr;
};

static inline uint64_t cpu_tod(void)
{
	uint64_t t;

	asm volatile("stckf %0" : "=Q"(t) : : "cc");
	return t;
}

static inline void cpu_set_ckc(uint64_t v)
{
	asm volatile("sckc %0" : : "Q"(v));
}

static inline uint64_t cpu_get_cr(int n)
{
	uint64_t v;

	switch (n) {
	case 0:
		asm volatile("stctg 0,0,%0" : "=Q"(v));
		break;
	default:
		asm volatile("stctg 14,14,%0" : "=Q"(v));
		break;
	}
	return v;
}

static inline void cpu_set_cr0(uint64_t v)
{
	asm volatile("lctlg 0,0,%0" : : "Q"(v));
}

static inline void cpu_set_cr1(uint64_t v)
{
	asm volatile("lctlg 1,1,%0" : : "Q"(v));
}

/* The storage key of the frame at host absolute @addr (ISKE, bits 56-62). */
static inline uint8_t cpu_iske(uint64_t addr)
{
	uint64_t k = 0;

	asm volatile("iske %0,%1" : "+d"(k) : "a"(addr));
	return (uint8_t)k;
}

static inline uint16_t cpu_address(void)
{
	uint16_t a;

	asm volatile("stap %0" : "=Q"(a));
	return a;
}

/* SIGP: returns the condition code; *status gets the status word. */
static inline int cpu_sigp(uint16_t addr, uint8_t order, uint64_t param,
			   uint32_t *status)
{
	register uint64_t r1 asm("1") = param;
	int cc;

	asm volatile("sigp %1,%2,0(%3)\n\tipm %0\n\tsrl %0,28"
		     : "=d"(cc), "+d"(r1)
		     : "d"((uint64_t)addr), "a"((uint64_t)order)
		     : "cc", "memory");
	if (status)
		*status = (uint32_t)r1;
	return cc;
}

static inline __attribute__((noreturn)) void cpu_disabled_wait(uint64_t code)
{
	static struct psw wait_psw __attribute__((aligned(8)));

	wait_psw.mask = PSW_MASK_WAIT | PSW_MASK_64;
	wait_psw.addr = code;
	for (;;)
		asm volatile("lpswe %0" : : "Q"(wait_psw) : "memory");
}

/*
 * Wait, enabled for external interruptions, until one arrives; the handler
 * (lowcore.c) turns the wait PSW into a disabled one that resumes here.
 */
static inline void cpu_enabled_wait(void)
{
	struct psw psw __attribute__((aligned(8))) = {
		PSW_MASK_64 | PSW_MASK_EXT | PSW_MASK_WAIT, 0
	};

	asm volatile("larl %%r1,0f\n\tstg %%r1,8(%0)\n\tlpswe 0(%0)\n0:"
		     : : "a"(&psw) : "r1", "memory", "cc");
}

/* A test-and-set lock (CS); zarm holds it with interruptions masked. */
struct spinlock {
	volatile unsigned int v;
};

static inline void spin_lock(struct spinlock *l)
{
	unsigned int zero;

	for (;;) {
		zero = 0;
		if (__atomic_compare_exchange_n(&l->v, &zero, 1, false,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return;
		while (l->v)
			;
	}
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->v, 0, __ATOMIC_RELEASE);
}

/* Host lowcore of this CPU (its prefix page, reached at real 0). */
static inline void *lowcore_ptr(unsigned long off)
{
	return (void *)off;
}

#endif
