/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * QEMU virt's secure GPIO power controller (a PL061): pin 0 powers the
 * board off, pin 1 resets it. Both EL3 firmwares drive it for PSCI
 * SYSTEM_OFF / SYSTEM_RESET when QEMU's own PSCI is off (secure=on): zarm's
 * arch/arm64/el3.c and the test peer tests/ffa_peer. Header-only, needs
 * nothing but <stdint.h>; plain aligned word accesses, as both run with
 * the EL3 MMU off.
 */
#ifndef ZARM_ARCH_ARM64_VIRT_GPIO_POWER_H
#define ZARM_ARCH_ARM64_VIRT_GPIO_POWER_H

#include <stdint.h>

#define VIRT_SECURE_GPIO 0x090b0000UL
#define VIRT_GPIO_POWEROFF_PIN 0
#define VIRT_GPIO_RESET_PIN 1

/*
 * Make @pin an output and drive it high; the board acts on the edge and
 * this CPU waits for it. Does not return.
 */
static inline void virt_gpio_pulse(unsigned int pin)
{
	volatile uint32_t *dir = (volatile uint32_t *)(VIRT_SECURE_GPIO + 0x400);

	*dir = *dir | (1U << pin);
	/* PL061 data: address bits [9:2] mask which pins a write changes. */
	*(volatile uint32_t *)(VIRT_SECURE_GPIO + ((1U << pin) << 2)) = 1U << pin;
	for (;;)
		__asm__ volatile("wfi");
}

#endif
