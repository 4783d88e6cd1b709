/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * zarm's own hypercalls (SMCCC vendor-specific hypervisor service range,
 * fast calls, function id in x0, result in x0). Guests share this header.
 */
#ifndef ZARM_ARM64_HYPERCALL_H
#define ZARM_ARM64_HYPERCALL_H

/* Arm SMCCC calls zarm answers besides PSCI (ARCH_FEATURES says -1 to all). */
#define SMCCC_VERSION 0x80000000UL

/* Returns 0 and does nothing: the round-trip benchmark. */
#define ZARM_HC_NULL 0x86000000UL

/*
 * Test only: drive the input line of SPI x1 (32..127) of the caller's VM
 * to level x2 (0 low, else high), as a level-triggered device would.
 * Returns 0, or -22 (EINVAL) for an INTID outside the VM's SPIs.
 */
#define ZARM_HC_TEST_SPI_LEVEL 0x86000001UL

#endif
