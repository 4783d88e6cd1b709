/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An emulated Arm PrimeCell PL011 UART, one per VM: the register model of
 * both directions, plain C. The machine behind it is reached through
 * struct pl011_ops: finished output lines go out through tx_line, the
 * UART's interrupt output (UARTINTR, the OR of the masked interrupt status)
 * through set_irq, and rx_space tells the arch side that the guest has made
 * room, so that input held back by flow control can come in.
 *
 * Receive side. Input arrives with pl011_rx_push() into a backlog in front
 * of the receive FIFO (16 entries with LCR_H.FEN, one holding register
 * without). Characters move from the backlog into the FIFO only while the
 * receiver is enabled (CR.UARTEN and CR.RXE), and only as the guest reads
 * them out: the backlog is the serial line with hardware flow control, so
 * a pasted or piped burst is never lost and the overrun error never
 * happens (RSR and DR's error bits read 0).
 *
 * Interrupts (RIS, MIS = RIS & IMSC, ICR):
 * - RX: set when a character enters the FIFO and the FIFO holds at least
 *   the IFLS trigger level; cleared by ICR.RXIC or by reading below it;
 * - RT (receive timeout): the 32-bit-period silence after the last
 *   character is taken as elapsed at once, so it is set when a character
 *   enters the FIFO and stays until ICR.RTIC or the FIFO is empty;
 * - TX: transmission is immediate, so the transmit FIFO is always empty:
 *   set by every write to DR (the FIFO fell through its trigger level
 *   again), cleared by ICR.TXIC; as QEMU's own PL011 does.
 * Modem, break, parity and framing interrupts never occur.
 */
#ifndef ZARM_DEV_PL011_H
#define ZARM_DEV_PL011_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/byte_ring.h"

#define PL011_SIZE 0x1000UL
#define PL011_LINE 160		/* output is collected per line */
#define PL011_BACKLOG BYTE_RING_SIZE	/* input held in front of the FIFO */
#define PL011_FIFO_DEPTH 16

/* Register offsets (PL011 TRM). */
#define PL011_DR 0x000
#define PL011_RSR 0x004
#define PL011_FR 0x018
#define PL011_ILPR 0x020
#define PL011_IBRD 0x024
#define PL011_FBRD 0x028
#define PL011_LCR_H 0x02c
#define PL011_CR 0x030
#define PL011_IFLS 0x034
#define PL011_IMSC 0x038
#define PL011_RIS 0x03c
#define PL011_MIS 0x040
#define PL011_ICR 0x044
#define PL011_DMACR 0x048

#define PL011_FR_BUSY (1U << 3)
#define PL011_FR_RXFE (1U << 4)
#define PL011_FR_TXFF (1U << 5)
#define PL011_FR_RXFF (1U << 6)
#define PL011_FR_TXFE (1U << 7)
#define PL011_LCR_H_FEN (1U << 4)
#define PL011_CR_UARTEN (1U << 0)
#define PL011_CR_TXE (1U << 8)
#define PL011_CR_RXE (1U << 9)
#define PL011_INT_RX (1U << 4)
#define PL011_INT_TX (1U << 5)
#define PL011_INT_RT (1U << 6)
#define PL011_INT_ALL 0x7ffU

struct pl011_ops {
	/* One finished line of output, without its newline. */
	void (*tx_line)(void *ctx, const char *line, size_t len);
	/* The interrupt output changed to @high. */
	void (*set_irq)(void *ctx, bool high);
	/* The guest read a character: the backlog has room again. */
	void (*rx_space)(void *ctx);
};

struct pl011 {
	const struct pl011_ops *ops;
	void *ctx;
	char line[PL011_LINE];
	unsigned int len;
	struct byte_ring rx;		/* the FIFO first, then the backlog */
	unsigned int rx_fifo;		/* how many of rx.count are in the FIFO */
	uint32_t cr, lcr_h, ibrd, fbrd, ilpr, ifls, imsc, ris, dmacr;
	bool irq_high;
};

void pl011_init(struct pl011 *u, const struct pl011_ops *ops, void *ctx);
/* Registers back to their reset values; pending input is kept. */
void pl011_reset(struct pl011 *u);
/* Guest MMIO at @off within the UART's page; reserved offsets are RAZ/WI. */
int pl011_read(struct pl011 *u, uint64_t off, unsigned int size, uint64_t *val);
int pl011_write(struct pl011 *u, uint64_t off, unsigned int size, uint64_t val);
/* How many more input bytes pl011_rx_push() would take now. */
size_t pl011_rx_room(const struct pl011 *u);
/* Queue input; returns how many bytes were taken (the rest: no room). */
size_t pl011_rx_push(struct pl011 *u, const uint8_t *buf, size_t n);
/* Send out a partial output line (a VM that stops mid-line). */
void pl011_flush(struct pl011 *u);

#endif
