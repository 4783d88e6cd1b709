/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test guests' tiny runtime: console on the PL011 at 0x09000000, TAP
 * output, PSCI over HVC, exception reporting. Each test defines rt_main()
 * (and rt_secondary() when it starts other vCPUs).
 */
#ifndef ZARM_GUEST_RT_H
#define ZARM_GUEST_RT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#define RT_MAX_CPUS 8

#define read_sysreg(r) ({ uint64_t __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)))

void rt_main(uint64_t dtb);
void rt_secondary(unsigned int cpu);

void rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tap_plan(unsigned int n);
/* Print "ok N - name" or "not ok N - name"; returns @cond. */
bool tap_ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

uint64_t rt_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
uint64_t rt_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
#define PSCI_VERSION 0x84000000UL
#define PSCI_CPU_OFF 0x84000002UL
#define PSCI_CPU_ON 0xC4000003UL
#define PSCI_AFFINITY_INFO 0xC4000004UL
#define PSCI_SYSTEM_OFF 0x84000008UL
#define PSCI_FEATURES 0x8400000AUL

/* Start vCPU @cpu at rt_secondary(cpu); returns the PSCI status. */
int64_t rt_cpu_on(unsigned int cpu);
void rt_cpu_off(void) __attribute__((noreturn));
void rt_power_off_ok(void) __attribute__((noreturn));
unsigned int rt_cpu_id(void);

/*
 * Synchronous exceptions: when rt_expect_abort is set, the faulting
 * instruction is skipped and its ESR/FAR recorded (rt_aborts counts);
 * otherwise the exception is reported and the guest powers off.
 */
extern volatile bool rt_expect_abort;
extern volatile uint64_t rt_abort_esr, rt_abort_far;
extern volatile unsigned int rt_aborts;
/* IRQ hook: tests that take interrupts set it. */
extern void (*volatile rt_irq_handler)(void);

static inline void rt_spin_lock(volatile int *l)
{
	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
		;
}

static inline void rt_spin_unlock(volatile int *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

#endif
