/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The smallest EL3 that lets zarm run when QEMU starts it in the secure
 * world (secure=on, zarm.elf): QEMU's PSCI is off then, so this provides
 * CPU_ON (a holding pen), SYSTEM_OFF and SYSTEM_RESET (the board's secure
 * GPIO power controller) to EL2, and puts the GIC's interrupts in the
 * non-secure Group 1 that zarm uses. Runs with the EL3 MMU off: plain
 * aligned word accesses only. Addresses are those of QEMU's virt board.
 */
#include "arch/arm64/arm64.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/virt_gpio_power.h"

#define EL3_MAX_CPUS ARM64_MAX_CPUS
#define EL3_STACK_SIZE 4096
#define VIRT_GICD 0x08000000UL
#define VIRT_GICR 0x080a0000UL

char el3_stacks[EL3_MAX_CPUS + 1][EL3_STACK_SIZE] __attribute__((aligned(16)));

/*
 * The pen, in .data: BSS is cleared by the boot CPU at EL2 while the others
 * may already be waiting here.
 */
static volatile struct {
	uint64_t entry, ctx;
} el3_mailbox[EL3_MAX_CPUS] __attribute__((section(".data")));

/* Set by boot.S (in .data, which the EL2 BSS clearing leaves alone). */
bool arm64_entered_el3 __attribute__((section(".data")));

void el3_boot_setup(void);
struct el3_release { uint64_t entry, ctx; };
struct el3_release el3_pen_wait(uint64_t cpu);
int64_t el3_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

static inline void w32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint32_t r32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline uint64_t r64(uintptr_t a) { return *(volatile uint64_t *)a; }

void el3_boot_setup(void)
{
	uint32_t lines = (r32(VIRT_GICD + 0x4) & 0x1f) + 1;

	/* Secure view: ARE_S | ARE_NS | EnableGrp1NS. */
	w32(VIRT_GICD, (1U << 5) | (1U << 4) | (1U << 1));
	while (r32(VIRT_GICD) & (1U << 31))
		;
	for (uint32_t i = 1; i < lines; i++)
		w32(VIRT_GICD + 0x80 + 4 * i, 0xffffffffU);	/* SPIs: Group 1 NS */
	for (uintptr_t r = VIRT_GICR;; r += 0x20000) {
		w32(r + 0x10000 + 0x80, 0xffffffffU);		/* SGIs/PPIs: Group 1 NS */
		w32(r + 0x14, r32(r + 0x14) & ~(1U << 1));	/* awake */
		if (r64(r + 0x8) & (1UL << 4))
			break;
	}
}

struct el3_release el3_pen_wait(uint64_t cpu)
{
	struct el3_release rel;

	if (cpu >= EL3_MAX_CPUS)
		for (;;)
			__asm__ volatile("wfe");
	while (!el3_mailbox[cpu].entry)
		__asm__ volatile("wfe" ::: "memory");
	rel.entry = el3_mailbox[cpu].entry;
	rel.ctx = el3_mailbox[cpu].ctx;
	return rel;
}

int64_t el3_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	uint64_t cpu = (a1 & 0xff) + 8 * ((a1 >> 8) & 0xff);

	switch (fn) {
	case 0x84000000UL:		/* PSCI_VERSION */
		return 0x10001;
	case 0x84000003UL:		/* CPU_ON */
	case 0xC4000003UL:
		if ((a1 & ~0xffffUL) || cpu >= EL3_MAX_CPUS)
			return -2;
		if (cpu == 0 || el3_mailbox[cpu].entry)
			return -4;
		el3_mailbox[cpu].ctx = a3;
		__asm__ volatile("dsb sy" ::: "memory");
		el3_mailbox[cpu].entry = a2;
		__asm__ volatile("dsb sy\n sev" ::: "memory");
		return 0;
	case 0x84000008UL:		/* SYSTEM_OFF */
		virt_gpio_pulse(VIRT_GPIO_POWEROFF_PIN);
		return 0;
	case 0x84000009UL:		/* SYSTEM_RESET */
		virt_gpio_pulse(VIRT_GPIO_RESET_PIN);
		return 0;
	default:
		return -1;
	}
}
