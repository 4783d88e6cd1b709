/* SPDX-License-Identifier: GPL-2.0-only */
/* The PL011 register model: see pl011.h for what is emulated and why. */
#include "dev/pl011.h"
#include "common/string.h"

/* PrimeCell PL011 r1p5 peripheral and cell ids at 0xfe0..0xffc. */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

/* Receive trigger levels of IFLS.RXIFLSEL: 1/8, 1/4, 1/2, 3/4, 7/8 full. */
static const uint8_t rx_trigger_levels[8] = { 2, 4, 8, 12, 14, 14, 14, 14 };

static bool rx_enabled(const struct pl011 *u)
{
	return (u->cr & (PL011_CR_UARTEN | PL011_CR_RXE)) ==
	       (PL011_CR_UARTEN | PL011_CR_RXE);
}

static unsigned int fifo_depth(const struct pl011 *u)
{
	return (u->lcr_h & PL011_LCR_H_FEN) ? PL011_FIFO_DEPTH : 1;
}

static unsigned int rx_trigger(const struct pl011 *u)
{
	if (!(u->lcr_h & PL011_LCR_H_FEN))
		return 1;
	return rx_trigger_levels[(u->ifls >> 3) & 7];
}

static void update_irq(struct pl011 *u)
{
	bool high = (u->ris & u->imsc) != 0;

	if (high != u->irq_high) {
		u->irq_high = high;
		u->ops->set_irq(u->ctx, high);
	}
}

/*
 * Move characters from the backlog into the FIFO while the receiver runs
 * and the FIFO has room; each arrival re-arms RX (at the trigger level)
 * and RT, as a character shifted in from the line would.
 */
static void rx_fill(struct pl011 *u)
{
	bool arrived = false;

	if (!rx_enabled(u))
		return;
	while (u->rx_fifo < u->rx.count && u->rx_fifo < fifo_depth(u)) {
		u->rx_fifo++;
		arrived = true;
	}
	if (arrived) {
		u->ris |= PL011_INT_RT;
		if (u->rx_fifo >= rx_trigger(u))
			u->ris |= PL011_INT_RX;
	}
}

static uint32_t rx_pop(struct pl011 *u)
{
	uint32_t c;

	if (!u->rx_fifo)
		return 0;
	c = byte_ring_at(&u->rx, 0);
	byte_ring_drop(&u->rx, 1);
	u->rx_fifo--;
	rx_fill(u);
	if (u->rx_fifo < rx_trigger(u))
		u->ris &= ~PL011_INT_RX;
	if (!u->rx_fifo)
		u->ris &= ~PL011_INT_RT;
	update_irq(u);
	if (u->ops->rx_space)
		u->ops->rx_space(u->ctx);
	return c;
}

void pl011_flush(struct pl011 *u)
{
	u->ops->tx_line(u->ctx, u->line, u->len);
	u->len = 0;
}

static void tx_char(struct pl011 *u, char c)
{
	if (c == '\n') {
		pl011_flush(u);
	} else if (c != '\r') {
		u->line[u->len++] = c;
		if (u->len == PL011_LINE)
			pl011_flush(u);
	}
	u->ris |= PL011_INT_TX;
	update_irq(u);
}

void pl011_reset(struct pl011 *u)
{
	u->len = 0;
	u->rx_fifo = 0;
	u->cr = PL011_CR_TXE | PL011_CR_RXE;
	u->lcr_h = u->ibrd = u->fbrd = u->ilpr = u->imsc = u->ris = u->dmacr = 0;
	u->ifls = 0x12;		/* both trigger levels at 1/2 */
	update_irq(u);
}

void pl011_init(struct pl011 *u, const struct pl011_ops *ops, void *ctx)
{
	memset(u, 0, sizeof(*u));
	u->ops = ops;
	u->ctx = ctx;
	pl011_reset(u);
}

size_t pl011_rx_room(const struct pl011 *u)
{
	return byte_ring_room(&u->rx);
}

size_t pl011_rx_push(struct pl011 *u, const uint8_t *buf, size_t n)
{
	n = byte_ring_push(&u->rx, buf, n);
	rx_fill(u);
	update_irq(u);
	return n;
}

int pl011_read(struct pl011 *u, uint64_t off, unsigned int size, uint64_t *val)
{
	uint32_t v = 0;

	(void)size;
	switch (off) {
	case PL011_DR: v = rx_pop(u); break;
	case PL011_RSR: v = 0; break;	/* flow-controlled: no errors */
	case PL011_FR:
		v = PL011_FR_TXFE;
		if (!u->rx_fifo)
			v |= PL011_FR_RXFE;
		if (u->rx_fifo >= fifo_depth(u))
			v |= PL011_FR_RXFF;
		break;
	case PL011_ILPR: v = u->ilpr; break;
	case PL011_IBRD: v = u->ibrd; break;
	case PL011_FBRD: v = u->fbrd; break;
	case PL011_LCR_H: v = u->lcr_h; break;
	case PL011_CR: v = u->cr; break;
	case PL011_IFLS: v = u->ifls; break;
	case PL011_IMSC: v = u->imsc; break;
	case PL011_RIS: v = u->ris; break;
	case PL011_MIS: v = u->ris & u->imsc; break;
	case PL011_DMACR: v = u->dmacr; break;
	default:
		if (off >= 0xfe0 && off < PL011_SIZE && !(off & 3))
			v = pl011_id[(off - 0xfe0) / 4];
		break;
	}
	*val = v;
	return 0;
}

int pl011_write(struct pl011 *u, uint64_t off, unsigned int size, uint64_t val)
{
	uint32_t v = (uint32_t)val;

	(void)size;
	switch (off) {
	case PL011_DR: tx_char(u, (char)v); break;
	case PL011_ILPR: u->ilpr = v & 0xff; break;
	case PL011_IBRD: u->ibrd = v & 0xffff; break;
	case PL011_FBRD: u->fbrd = v & 0x3f; break;
	case PL011_LCR_H:
		u->lcr_h = v & 0xff;
		/* FIFO off: what it held beyond one entry goes back to the line. */
		if (u->rx_fifo > fifo_depth(u))
			u->rx_fifo = fifo_depth(u);
		rx_fill(u);
		break;
	case PL011_CR: u->cr = v & 0xff87; rx_fill(u); break;
	case PL011_IFLS: u->ifls = v & 0x3f; break;
	case PL011_IMSC: u->imsc = v & PL011_INT_ALL; break;
	case PL011_ICR: u->ris &= ~(v & PL011_INT_ALL); break;
	case PL011_DMACR: u->dmacr = v & 7; break;
	default: break;		/* read-only and reserved: WI */
	}
	update_irq(u);
	return 0;
}
