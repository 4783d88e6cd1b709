/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The s390x test-guest runtime: console through zarm's DIAG X'5A0'
 * hypercall (or the SCLP, see sclp_write), TAP helpers, SIGP, power off.
 * A test defines int main(void); its return value is the power-off status.
 */
#ifndef ZARM_TESTS_GUESTS_S390_RT_H
#define ZARM_TESTS_GUESTS_S390_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/s390/hypercall.h"

#define RT_MAX_CPUS 8

int main(void);
/* Entry of every secondary vCPU the test starts with rt_start_cpu(). */
void secondary_main(unsigned int cpu);

long rt_hypercall(unsigned long fn, unsigned long a0, unsigned long a1);
void rt_puts(const char *s);
void rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* TAP: prints "ok N - what" or "not ok N - what"; returns @cond. */
bool rt_ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rt_plan(unsigned int n);
/* Number of failed rt_ok() so far. */
unsigned int rt_failures(void);
__attribute__((noreturn)) void rt_power_off(unsigned long status);
unsigned int rt_cpu_id(void);
unsigned int rt_cpu_count(void);
/* SIGP; returns the condition code, *status the status word. */
int rt_sigp(unsigned int cpu, unsigned int order, unsigned long param,
	    uint32_t *status);
/* Give @cpu its own prefix page and start it at secondary_entry. */
int rt_start_cpu(unsigned int cpu);

/*
 * Call @fn; returns 0, or the code of the program interruption it caused
 * (execution then continues here, not in @fn).
 */
unsigned int rt_try(void (*fn)(void));
/* Read a doubleword at guest real @addr: 0 or the program-check code. */
unsigned int rt_probe_read(uint64_t addr);
/* Store a doubleword at guest real @addr: 0 or the program-check code. */
unsigned int rt_probe_write(uint64_t addr);
/* Load control register 0 or 1 (@cr) with @val. */
void rt_set_cr(unsigned int cr, uint64_t val);
/* SERVICE CALL @cmd on the SCCB at @sccb: the condition code. */
int rt_servc(uint32_t cmd, void *sccb);
/* Enable external interruptions (PSW mask) and CR0 subclass @cr0_bits. */
void rt_enable_ext(uint64_t cr0_bits);

/* Program checks: the last one seen (code 0 = none), also inside rt_try(). */
struct rt_pgm {
	volatile uint16_t code;
	volatile uint16_t ilc;    /* the halfword at 0x8c: 2, 4 or 6 (0) */
	volatile uint64_t addr;   /* old PSW address as stored */
	volatile unsigned int count;
	volatile uint64_t teid;   /* the doubleword at 0xa8 */
};
extern struct rt_pgm rt_last_pgm;

/*
 * Continue in the problem state (same PSW otherwise). Only for rt_try()
 * functions: the program-check handler returns to the supervisor state.
 */
static inline __attribute__((always_inline)) void rt_problem_state(void)
{
	asm volatile("epsw %%r0,%%r1\n\t"
		     "sllg %%r0,%%r0,32\n\t"
		     "llgfr %%r1,%%r1\n\t"
		     "ogr %%r0,%%r1\n\t"
		     "oihh %%r0,0x0001\n\t"
		     "aghi %%r15,-16\n\t"
		     "stg %%r0,0(%%r15)\n\t"
		     "larl %%r1,0f\n\t"
		     "stg %%r1,8(%%r15)\n\t"
		     "lpswe 0(%%r15)\n"
		     "0:\taghi %%r15,16"
		     : : : "r0", "r1", "memory", "cc");
}

/* Ends an rt_try() function that ran to completion with code 1. */
static inline __attribute__((always_inline)) void rt_done(void)
{
	asm volatile(".short 0x0000" : : : "memory");
}

/* SSKE: the storage key of the 4 KiB block at @addr. */
static inline void rt_set_key(uint64_t addr, uint64_t key)
{
	asm volatile("sske %0,%1" : : "d"(key), "a"(addr) : "memory");
}

static inline uint64_t rt_get_cr0(void)
{
	uint64_t v;

	asm volatile("stctg 0,0,%0" : "=Q"(v));
	return v;
}

static inline void rt_set_cr0(uint64_t v)
{
	asm volatile("lctlg 0,0,%0" : : "Q"(v) : "memory");
}

static inline void rt_barrier(void)
{
	asm volatile("" : : : "memory");
}

#endif
