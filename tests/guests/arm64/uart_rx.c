/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The emulated PL011's receive side, from the PL011 TRM: the receiver
 * gated by CR.RXE, the one-entry holding register without LCR_H.FEN and the
 * 16-entry FIFO with it (FR.RXFE/RXFF), DR's data and error bits, the RX
 * interrupt at the IFLS trigger level and the receive-timeout interrupt
 * below it (RIS, MIS, IMSC), the TX interrupt and ICR, each taken through
 * the GIC as SPI 1 (INTID 33) exactly once.
 *
 * uart_rx.tap pipes zarm-run one letter and 40 bytes per VM (the letter
 * picks the bytes, so the guest knows what must follow it) with three
 * Ctrl-A between the VMs' parts: each VM must see exactly its own part,
 * Ctrl-A runs shorter than three included, in order.
 */
#include "tests/guests/arm64/rt.h"

#define UART_BASE 0x09000000UL
#define DR 0x000
#define FR 0x018
#define LCR_H 0x02c
#define CR 0x030
#define IFLS 0x034
#define IMSC 0x038
#define RIS 0x03c
#define MIS 0x040
#define ICR 0x044
#define FR_RXFE (1U << 4)
#define FR_RXFF (1U << 6)
#define INT_RX (1U << 4)
#define INT_TX (1U << 5)
#define INT_RT (1U << 6)
#define UART_INTID 33
#define PAYLOAD 40

static uint8_t letter;
static uint8_t got[PAYLOAD];
static volatile unsigned int ngot, read_limit, irqs, other;
static volatile uint32_t mis_seen;

static uint32_t rd(unsigned int off) { return mmio_read32(UART_BASE + off); }
static void wr(unsigned int off, uint32_t v) { mmio_write32(UART_BASE + off, v); }

/* Byte @i after @l: printable, except single and double Ctrl-A in places. */
static uint8_t expected(uint8_t l, unsigned int i)
{
	if (i == 5 || i == 10 || i == 11)
		return 0x01;
	return (uint8_t)((l * 7U + i * 13U) % 94U + 33U);
}

/* Wait up to @ms for FR & @mask to be @set. */
static bool wait_fr(uint32_t mask, bool set, unsigned int ms)
{
	uint64_t f = read_sysreg(cntfrq_el0), t0 = read_sysreg(cntvct_el0);

	while (read_sysreg(cntvct_el0) - t0 < f / 1000 * ms) {
		if (!!(rd(FR) & mask) == set)
			return true;
	}
	return false;
}

static void take(void)
{
	uint32_t d = rd(DR);

	if (d & 0xf00)
		other |= 0x100;	/* an error bit: never expected */
	if (ngot < PAYLOAD)
		got[ngot] = (uint8_t)d;
	ngot++;
}

static void handler(void)
{
	uint32_t intid = gic_ack();

	if (intid == UART_INTID) {
		uint32_t mis = rd(MIS);
		unsigned int n = 0;

		irqs++;
		mis_seen |= mis;
		if (mis & INT_TX)
			wr(ICR, INT_TX);
		while (n < read_limit && !(rd(FR) & FR_RXFE)) {
			take();
			n++;
		}
		read_limit -= n;
	} else if (intid < 1020) {
		other++;
	}
	if (intid < 1020)
		gic_eoi(intid);
}

/* Wait up to a second for the handler to have run @n times in all. */
static bool wait_irqs(unsigned int n)
{
	uint64_t f = read_sysreg(cntfrq_el0), t0 = read_sysreg(cntvct_el0);

	irq_enable();
	while (irqs < n && read_sysreg(cntvct_el0) - t0 < f)
		;
	/* A second interrupt would be a line left high: give it time. */
	t0 = read_sysreg(cntvct_el0);
	while (read_sysreg(cntvct_el0) - t0 < f / 100)
		;
	irq_disable();
	return irqs == n;
}

void rt_main(uint64_t dtb)
{
	bool same = true;

	(void)dtb;
	tap_plan(12);
	tap_ok(rd(CR) == 0x300 && rd(IMSC) == 0 && (rd(FR) & FR_RXFE),
	       "reset: CR TXE|RXE without UARTEN, IMSC 0, receive FIFO empty");

	/* No FIFO: a one-character holding register. */
	wr(LCR_H, 0x60);
	wr(CR, 0x301);
	tap_ok(wait_fr(FR_RXFE, false, 20000) && (rd(FR) & FR_RXFF),
	       "FEN 0: the first character fills the holding register (RXFE 0, RXFF 1)");
	wr(CR, 0x101);		/* receiver off: the held character stays */
	letter = (uint8_t)rd(DR);
	tap_ok(!wait_fr(FR_RXFE, false, 5),
	       "RXE 0: nothing more is received though input waits");
	wr(CR, 0x301);
	tap_ok(letter >= 'A' && letter <= 'Z' && wait_fr(FR_RXFE, false, 1000),
	       "input starts with a VM letter (0x%x), more follows once RXE is 1", letter);

	/* FIFO on: 16 entries. */
	wr(LCR_H, 0x70);
	tap_ok(wait_fr(FR_RXFF, true, 1000), "FEN 1: the FIFO fills to 16 (RXFF)");
	/*
	 * The rest of the input comes a character per interrupt of the board
	 * UART: let all of it reach zarm's backlog, so the counts below are
	 * exact however loaded the machine running the emulator is.
	 */
	wait_fr(FR_RXFF, false, 1500);
	for (unsigned int i = 0; i < 16; i++)
		take();
	tap_ok(other == 0, "DR's error bits are 0");

	/* RX interrupt at the 1/2 trigger level: 24 left, 16 in the FIFO. */
	rt_irq_handler = handler;
	gic_init();
	gic_init_cpu();
	gic_set_prio(UART_INTID, 0x80);
	gic_route(UART_INTID, 0);
	gic_enable(UART_INTID);
	wr(IFLS, 2 << 3);
	read_limit = 19;
	wr(IMSC, INT_RX);
	tap_ok(wait_irqs(1) && (mis_seen & INT_RX) && ngot == 35,
	       "RX interrupt at 8 of 16, exactly once (%u), reading below the level ends it",
	       irqs);
	tap_ok(!(rd(RIS) & INT_RX) && (rd(RIS) & INT_RT) && !gic_is_pending(UART_INTID),
	       "5 left: RX clear, receive timeout set, nothing pending at the GIC");

	/* The receive timeout for the rest. */
	mis_seen = 0;
	read_limit = 100;
	wr(IMSC, INT_RT);
	tap_ok(wait_irqs(2) && mis_seen == INT_RT && ngot == PAYLOAD &&
	       (rd(FR) & FR_RXFE) && !(rd(RIS) & (INT_RX | INT_RT)),
	       "receive-timeout interrupt once for the last 5; empty FIFO clears RX and RT");

	for (unsigned int i = 0; i < PAYLOAD; i++)
		same &= got[i] == expected(letter, i);
	tap_ok(same, "all %u bytes after the letter arrived in order, Ctrl-A included",
	       PAYLOAD);

	/* Transmit interrupt: set by every character sent, cleared by ICR. */
	wr(IMSC, 0);
	wr(ICR, INT_TX);
	tap_ok(!(rd(RIS) & INT_TX), "ICR clears the TX interrupt");
	rt_printf("# VM letter 0x%x\n", letter);	/* sets it again */
	mis_seen = 0;
	wr(IMSC, INT_TX);
	tap_ok(wait_irqs(3) && mis_seen == INT_TX && other == 0,
	       "TX interrupt after sending, once; the handler's ICR ends it");
	rt_power_off_ok();
}
