/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ffa_peer boot and PSCI: GIC groups for the normal world, the secondary
 * CPUs' pen, PSCI VERSION/FEATURES/CPU_ON/SYSTEM_OFF/SYSTEM_RESET (QEMU's
 * own PSCI is off with secure=on), dispatch of SMCs. EL3 runs with its MMU
 * off: aligned accesses only (built with -mstrict-align).
 */
#include "arch/arm64/virt_gpio_power.h"
#include "tests/ffa_peer/peer.h"

#define VIRT_GICD 0x08000000UL
#define VIRT_GICR 0x080a0000UL
#define VIRT_UART 0x09000000UL

#define PSCI_VERSION 0x84000000UL
#define PSCI_CPU_ON_32 0x84000003UL
#define PSCI_CPU_ON_64 0xC4000003UL
#define PSCI_SYSTEM_OFF 0x84000008UL
#define PSCI_SYSTEM_RESET 0x84000009UL
#define PSCI_FEATURES 0x8400000AUL

char peer_stacks[PEER_MAX_CPUS + 1][8192] __attribute__((aligned(16)));

/* The pen: in .data because CPU 0 clears BSS while the others wait. */
static volatile struct {
	uint64_t entry, ctx;
} mailbox[PEER_MAX_CPUS] __attribute__((section(".data")));
static volatile int big_lock __attribute__((section(".data")));

struct release { uint64_t entry, ctx; };
void peer_boot_setup(void);
struct release peer_pen_wait(uint64_t cpu);
void peer_trap(struct peer_regs *r, uint64_t esr);
void peer_fatal(uint64_t esr, uint64_t elr);

static inline void w32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint32_t r32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline uint64_t r64(uintptr_t a) { return *(volatile uint64_t *)a; }

void *memset(void *d, int c, size_t n)
{
	volatile uint8_t *p = d;

	while (n--)
		*p++ = (uint8_t)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	volatile uint8_t *p = d;
	const volatile uint8_t *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

void peer_lock(void)
{
	while (__atomic_exchange_n(&big_lock, 1, __ATOMIC_ACQUIRE))
		;
}

void peer_unlock(void)
{
	__atomic_store_n(&big_lock, 0, __ATOMIC_RELEASE);
}

/* Fatal messages only: the UART belongs to the normal world. */
void peer_puts(const char *s)
{
	for (; *s; s++)
		w32(VIRT_UART, (uint8_t)*s);
}

void peer_puthex(uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	char buf[19];

	buf[0] = '0';
	buf[1] = 'x';
	for (int i = 0; i < 16; i++)
		buf[2 + i] = hex[(v >> (60 - 4 * i)) & 0xf];
	buf[18] = 0;
	peer_puts(buf);
}

void peer_boot_setup(void)
{
	uint32_t lines = (r32(VIRT_GICD + 0x4) & 0x1f) + 1;

	/* Secure view: ARE_S | ARE_NS | EnableGrp1NS; all in NS Group 1. */
	w32(VIRT_GICD, (1U << 5) | (1U << 4) | (1U << 1));
	while (r32(VIRT_GICD) & (1U << 31))
		;
	for (uint32_t i = 1; i < lines; i++)
		w32(VIRT_GICD + 0x80 + 4 * i, 0xffffffffU);
	for (uintptr_t r = VIRT_GICR;; r += 0x20000) {
		w32(r + 0x10000 + 0x80, 0xffffffffU);
		w32(r + 0x14, r32(r + 0x14) & ~(1U << 1));	/* awake */
		if (r64(r + 0x8) & (1UL << 4))			/* Last */
			break;
	}
}

struct release peer_pen_wait(uint64_t cpu)
{
	struct release rel;

	while (!mailbox[cpu].entry)
		__asm__ volatile("wfe" ::: "memory");
	rel.entry = mailbox[cpu].entry;
	rel.ctx = mailbox[cpu].ctx;
	return rel;
}

static int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	uint64_t cpu = (mpidr & 0xff) + 8 * ((mpidr >> 8) & 0xff);

	if ((mpidr & ~0xffffUL) || cpu >= PEER_MAX_CPUS)
		return -2;			/* INVALID_PARAMETERS */
	if (cpu == 0 || mailbox[cpu].entry)
		return -4;			/* ALREADY_ON */
	mailbox[cpu].ctx = ctx;
	__asm__ volatile("dsb sy" ::: "memory");
	mailbox[cpu].entry = entry;
	__asm__ volatile("dsb sy\n sev" ::: "memory");
	return 0;
}

static void psci_call(struct peer_regs *r)
{
	int64_t ret = -1;			/* NOT_SUPPORTED */

	switch (r->x[0]) {
	case PSCI_VERSION:
		ret = 0x10001;
		break;
	case PSCI_FEATURES:
		switch (r->x[1]) {
		case PSCI_VERSION: case PSCI_CPU_ON_32: case PSCI_CPU_ON_64:
		case PSCI_SYSTEM_OFF: case PSCI_SYSTEM_RESET: case PSCI_FEATURES:
			ret = 0;
		}
		break;
	case PSCI_CPU_ON_32:
		ret = psci_cpu_on(r->x[1] & 0xffffffffUL, r->x[2] & 0xffffffffUL,
				  r->x[3] & 0xffffffffUL);
		break;
	case PSCI_CPU_ON_64:
		ret = psci_cpu_on(r->x[1], r->x[2], r->x[3]);
		break;
	case PSCI_SYSTEM_OFF:
		virt_gpio_pulse(VIRT_GPIO_POWEROFF_PIN);
		break;
	case PSCI_SYSTEM_RESET:
		virt_gpio_pulse(VIRT_GPIO_RESET_PIN);
		break;
	}
	r->x[0] = (uint64_t)ret;
	r->x[1] = r->x[2] = r->x[3] = 0;
}

void peer_trap(struct peer_regs *r, uint64_t esr)
{
	if ((esr >> 26) != 0x17) {		/* only SMC64 is expected */
		peer_fatal(esr, 0);
		for (;;)
			__asm__ volatile("wfe");
	}
	if (peer_is_ffa(r->x[0]))
		peer_ffa_call(r);
	else
		psci_call(r);
}

void peer_fatal(uint64_t esr, uint64_t elr)
{
	peer_puts("\nffa_peer: fatal exception at EL3, ESR ");
	peer_puthex(esr);
	peer_puts(" ELR ");
	peer_puthex(elr);
	peer_puts("\n");
}
