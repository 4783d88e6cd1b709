/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Each VM's emulated PL011 (the dev/pl011 model) on the machine: its MMIO
 * page at virt's UART address, its output lines on zarm's console as
 * "[name] line", its interrupt (SPI 1, INTID 33, level) through the VM's
 * vGIC, and zarm's console input (the board's UART, interrupt-driven)
 * routed to the VM with the focus (common/console_in: Ctrl-A three times
 * switches).
 */
#ifndef ZARM_ARM64_VUART_H
#define ZARM_ARM64_VUART_H

#include <stdbool.h>
#include <stdint.h>

#define VUART_BASE 0x09000000UL
#define VUART_INTID 33U

struct arm64_vm;

/* The VM's UART model and its MMIO page. */
int vuart_vm_init(struct arm64_vm *avm);
/* SYSTEM_RESET: registers to reset values (typed input is kept). */
void vuart_vm_reset(struct arm64_vm *avm);
/* The VM stopped: its last partial line goes out. */
void vuart_vm_end(struct arm64_vm *avm);
/* After every VM was created: start console input (the boot CPU). */
void vuart_input_start(void);
/* The board UART's interrupt: true when @intid was it (handled). */
bool vuart_input_irq(uint32_t intid);

#endif
