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
/*
 * Synchronous-exception hook, asked first (vector @kind 0..15, ESR_EL1):
 * true when it handled the exception (it may change ELR/SPSR_EL1).
 */
extern bool (*volatile rt_sync_hook)(uint64_t kind, uint64_t esr);

/*
 * GICv3 driver (the VM's GIC at virt's addresses, Group 1, single security
 * state). gic_init() once on vCPU 0 (distributor), gic_init_cpu() on each
 * vCPU (its redistributor and ICC_* at EL1). INTIDs < 32 name the calling
 * vCPU's SGIs/PPIs.
 */
#define GICD_BASE 0x08000000UL
#define GICR_BASE 0x080a0000UL
#define GICR_STRIDE 0x20000UL
#define GICR_SGI(cpu) (GICR_BASE + (cpu) * GICR_STRIDE + 0x10000UL)
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IROUTER 0x6000
#define ICC_SGI1R_EL1 "S3_0_C12_C11_5"
#define ICC_IAR1_EL1 "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1 "S3_0_C12_C12_1"
#define ICC_RPR_EL1 "S3_0_C12_C11_3"

static inline uint32_t mmio_read32(uint64_t a) { return *(volatile uint32_t *)a; }
static inline void mmio_write32(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline void mmio_write64(uint64_t a, uint64_t v) { *(volatile uint64_t *)a = v; }

void gic_init(void);
void gic_init_cpu(void);
/* Base of the register bank holding @intid's bit for the calling vCPU. */
uint64_t gic_bank(unsigned int intid);
void gic_enable(unsigned int intid);
void gic_disable(unsigned int intid);
void gic_set_pending(unsigned int intid);
void gic_clear_pending(unsigned int intid);
bool gic_is_pending(unsigned int intid);
bool gic_is_active(unsigned int intid);
bool gic_is_enabled(unsigned int intid);
void gic_set_prio(unsigned int intid, uint8_t prio);
/* SPI @intid to vCPU @cpu (Aff0). */
void gic_route(unsigned int intid, unsigned int cpu);
uint32_t gic_ack(void);
void gic_eoi(uint32_t intid);
/* ICC_SGI1R_EL1 value: SGI @sgi to the vCPUs in @targets (Aff0 bits). */
static inline uint64_t gic_sgi_val(unsigned int sgi, uint16_t targets)
{
	return ((uint64_t)sgi << 24) | targets;
}
static inline void gic_send_sgi(uint64_t v)
{
	__asm__ volatile("msr " ICC_SGI1R_EL1 ", %0\n isb" : : "r"(v) : "memory");
}
static inline void irq_enable(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }

/* Big-endian 32-bit load; walk a flattened device tree calling @fn per property. */
uint32_t rt_be32(const void *p);
void rt_fdt_walk(const uint8_t *fdt,
		 void (*fn)(const char *node, const char *prop, const uint8_t *val, uint32_t len));

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
