/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for dev/pl011, the emulated PL011, from the PL011 TRM's
 * register descriptions: transmit lines, FR's RXFE/RXFF with and without
 * the FIFO, DR order, the receiver gated by CR.UARTEN/RXE, the RX trigger
 * levels of IFLS, the receive-timeout and transmit interrupts, RIS/MIS/ICR
 * and IMSC, the interrupt line only changing when MIS does, the backlog's
 * flow control, reset, and a randomized run against a reference.
 */
#include <check.h>
#include <string.h>

#include "dev/pl011.h"
#include "tests/unit/unit_test.h"

struct fake {
	char out[4096];
	size_t out_n;
	unsigned int lines;
	bool irq;
	unsigned int irq_changes, space_calls;
};

static void f_line(void *ctx, const char *line, size_t len)
{
	struct fake *f = ctx;

	memcpy(f->out + f->out_n, line, len);
	f->out_n += len;
	f->out[f->out_n++] = '|';
	f->lines++;
}

static void f_irq(void *ctx, bool high)
{
	struct fake *f = ctx;

	UNIT_CHECK(high != f->irq, "set_irq(%d) without a change", high);
	f->irq = high;
	f->irq_changes++;
}

static void f_space(void *ctx)
{
	((struct fake *)ctx)->space_calls++;
}

static const struct pl011_ops ops = { f_line, f_irq, f_space };

static struct pl011 u;
static struct fake f;

static void setup(void)
{
	memset(&f, 0, sizeof(f));
	pl011_init(&u, &ops, &f);
}

static uint32_t rd(uint64_t off)
{
	uint64_t v = ~0ULL;

	ck_assert_int_eq(pl011_read(&u, off, 4, &v), 0);
	return (uint32_t)v;
}

static void wr(uint64_t off, uint32_t v)
{
	ck_assert_int_eq(pl011_write(&u, off, 4, v), 0);
}

static void push(const char *s)
{
	size_t n = strlen(s);

	ck_assert_uint_eq(pl011_rx_push(&u, (const uint8_t *)s, n), n);
}

static void enable(bool fifo)
{
	wr(PL011_LCR_H, fifo ? PL011_LCR_H_FEN | 0x60 : 0x60);
	wr(PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
}

START_TEST(test_reset_values_and_ids)
{
	ck_assert_uint_eq(rd(PL011_CR), 0x300);
	ck_assert_uint_eq(rd(PL011_IFLS), 0x12);
	ck_assert_uint_eq(rd(PL011_FR), PL011_FR_TXFE | PL011_FR_RXFE);
	ck_assert_uint_eq(rd(PL011_RIS), 0);
	ck_assert_uint_eq(rd(PL011_IMSC), 0);
	ck_assert_uint_eq(rd(0xfe0), 0x11);
	ck_assert_uint_eq(rd(0xfe4), 0x10);
	ck_assert_uint_eq(rd(0xfe8), 0x34);
	ck_assert_uint_eq(rd(0xff0), 0x0d);
	ck_assert_uint_eq(rd(0xffc), 0xb1);
	ck_assert_uint_eq(rd(0x800), 0);	/* reserved: RAZ */
	wr(0x800, 0xffffffff);			/* and WI */
	ck_assert_uint_eq(rd(0x800), 0);
	ck_assert(!f.irq);
}
END_TEST

START_TEST(test_transmit_lines)
{
	const char *s = "hello\r\nworld\n";

	for (size_t i = 0; s[i]; i++)
		wr(PL011_DR, (uint8_t)s[i]);
	ck_assert_uint_eq(f.lines, 2);
	ck_assert_mem_eq(f.out, "hello|world|", 12);
	for (int i = 0; i < PL011_LINE; i++)
		wr(PL011_DR, 'x');
	ck_assert_uint_eq(f.lines, 3);	/* a full line goes out by itself */
	wr(PL011_DR, 'y');
	pl011_flush(&u);
	ck_assert_uint_eq(f.lines, 4);
	ck_assert_mem_eq(f.out + f.out_n - 2, "y|", 2);
}
END_TEST

START_TEST(test_receiver_gated_by_cr)
{
	push("ab");
	/* Reset CR has RXE but not UARTEN: nothing is received yet. */
	ck_assert(rd(PL011_FR) & PL011_FR_RXFE);
	ck_assert_uint_eq(rd(PL011_DR), 0);
	wr(PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE);
	ck_assert(rd(PL011_FR) & PL011_FR_RXFE);
	wr(PL011_CR, PL011_CR_UARTEN | PL011_CR_RXE);
	ck_assert(!(rd(PL011_FR) & PL011_FR_RXFE));
	ck_assert_uint_eq(rd(PL011_DR), 'a');
	ck_assert_uint_eq(rd(PL011_DR), 'b');
	ck_assert(rd(PL011_FR) & PL011_FR_RXFE);
	ck_assert_uint_eq(rd(PL011_RSR), 0);
}
END_TEST

START_TEST(test_holding_register_without_fifo)
{
	enable(false);
	push("xyz");
	/* One-entry holding register: full with one character. */
	ck_assert_uint_eq(rd(PL011_FR) & (PL011_FR_RXFE | PL011_FR_RXFF), PL011_FR_RXFF);
	ck_assert_uint_eq(rd(PL011_DR), 'x');
	ck_assert_uint_eq(rd(PL011_FR) & (PL011_FR_RXFE | PL011_FR_RXFF), PL011_FR_RXFF);
	ck_assert_uint_eq(rd(PL011_DR), 'y');
	ck_assert_uint_eq(rd(PL011_DR), 'z');
	ck_assert_uint_eq(rd(PL011_FR) & (PL011_FR_RXFE | PL011_FR_RXFF), PL011_FR_RXFE);
	/* Without the FIFO the RX trigger is one character. */
	push("q");
	ck_assert(rd(PL011_RIS) & PL011_INT_RX);
}
END_TEST

START_TEST(test_fifo_full_and_backlog)
{
	char in[41];

	for (int i = 0; i < 40; i++)
		in[i] = (char)('A' + i % 26);
	in[40] = 0;
	enable(true);
	push(in);
	ck_assert(rd(PL011_FR) & PL011_FR_RXFF);
	for (int i = 0; i < 40; i++) {
		ck_assert(!(rd(PL011_FR) & PL011_FR_RXFE));
		/* The FIFO stays full while the backlog can refill it. */
		ck_assert_uint_eq(!!(rd(PL011_FR) & PL011_FR_RXFF), 40 - i >= 16);
		ck_assert_uint_eq(rd(PL011_DR), (uint32_t)in[i]);
	}
	ck_assert(rd(PL011_FR) & PL011_FR_RXFE);
	ck_assert_uint_eq(f.space_calls, 40);
}
END_TEST

START_TEST(test_backlog_flow_control)
{
	uint8_t buf[PL011_BACKLOG + 10];

	memset(buf, 'k', sizeof(buf));
	ck_assert_uint_eq(pl011_rx_room(&u), PL011_BACKLOG);
	ck_assert_uint_eq(pl011_rx_push(&u, buf, sizeof(buf)), PL011_BACKLOG);
	ck_assert_uint_eq(pl011_rx_room(&u), 0);
	ck_assert_uint_eq(pl011_rx_push(&u, buf, 1), 0);
	enable(true);
	rd(PL011_DR);
	ck_assert_uint_eq(pl011_rx_room(&u), 1);
	ck_assert_uint_eq(pl011_rx_push(&u, (const uint8_t *)"!", 1), 1);
	for (int i = 0; i < PL011_BACKLOG - 1; i++)
		ck_assert_uint_eq(rd(PL011_DR), 'k');
	ck_assert_uint_eq(rd(PL011_DR), '!');
	ck_assert(rd(PL011_FR) & PL011_FR_RXFE);
}
END_TEST

START_TEST(test_rx_trigger_levels)
{
	static const unsigned int level[5] = { 2, 4, 8, 12, 14 };

	for (unsigned int sel = 0; sel < 5; sel++) {
		setup();
		enable(true);
		wr(PL011_IFLS, sel << 3);
		for (unsigned int n = 1; n <= 16; n++) {
			push("c");
			ck_assert_uint_eq(!!(rd(PL011_RIS) & PL011_INT_RX), n >= level[sel]);
		}
		/* Reading below the level clears RX again. */
		for (unsigned int n = 16; n > 0; n--) {
			rd(PL011_DR);
			ck_assert_uint_eq(!!(rd(PL011_RIS) & PL011_INT_RX), n - 1 >= level[sel]);
		}
	}
}
END_TEST

START_TEST(test_timeout_interrupt_and_icr)
{
	enable(true);
	wr(PL011_IMSC, PL011_INT_RT);
	push("hi");
	/* Below the 1/2 trigger: only the timeout says data is there. */
	ck_assert_uint_eq(rd(PL011_RIS) & (PL011_INT_RX | PL011_INT_RT), PL011_INT_RT);
	ck_assert_uint_eq(rd(PL011_MIS), PL011_INT_RT);
	ck_assert(f.irq);
	/* ICR clears it until the next character arrives. */
	wr(PL011_ICR, PL011_INT_RT);
	ck_assert_uint_eq(rd(PL011_MIS), 0);
	ck_assert(!f.irq);
	push("!");
	ck_assert(f.irq);
	/* Emptying the FIFO clears it too. */
	rd(PL011_DR);
	rd(PL011_DR);
	ck_assert(f.irq);
	rd(PL011_DR);
	ck_assert(!f.irq);
	ck_assert_uint_eq(rd(PL011_RIS) & PL011_INT_RT, 0);
}
END_TEST

START_TEST(test_tx_interrupt_and_masks)
{
	wr(PL011_DR, 'a');
	ck_assert(rd(PL011_RIS) & PL011_INT_TX);
	ck_assert_uint_eq(rd(PL011_MIS), 0);
	ck_assert(!f.irq);
	wr(PL011_IMSC, PL011_INT_TX);
	ck_assert(f.irq);
	ck_assert_uint_eq(rd(PL011_MIS), PL011_INT_TX);
	wr(PL011_IMSC, 0);
	ck_assert(!f.irq);
	wr(PL011_IMSC, PL011_INT_TX);
	wr(PL011_ICR, PL011_INT_TX);
	ck_assert(!f.irq);
	ck_assert_uint_eq(rd(PL011_RIS), 0);
	/* RIS and MIS are read-only. */
	wr(PL011_RIS, PL011_INT_ALL);
	wr(PL011_MIS, PL011_INT_ALL);
	ck_assert_uint_eq(rd(PL011_RIS), 0);
	ck_assert_uint_eq(f.irq_changes, 4);
}
END_TEST

START_TEST(test_fifo_disable_keeps_input)
{
	enable(true);
	push("12345");
	wr(PL011_LCR_H, 0x60);	/* FEN off: one entry visible, none lost */
	ck_assert_uint_eq(rd(PL011_FR) & PL011_FR_RXFF, PL011_FR_RXFF);
	for (int i = 0; i < 5; i++)
		ck_assert_uint_eq(rd(PL011_DR), (uint32_t)('1' + i));
	ck_assert(rd(PL011_FR) & PL011_FR_RXFE);
}
END_TEST

START_TEST(test_reset_keeps_pending_input)
{
	enable(true);
	wr(PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
	push("r");
	ck_assert(f.irq);
	pl011_reset(&u);
	ck_assert(!f.irq);
	ck_assert_uint_eq(rd(PL011_CR), 0x300);
	ck_assert(rd(PL011_FR) & PL011_FR_RXFE);
	enable(true);
	ck_assert_uint_eq(rd(PL011_DR), 'r');
}
END_TEST

/*
 * Random pushes, reads and register writes against a reference queue:
 * every byte pushed is read exactly once and in order, FR agrees with the
 * reference's FIFO count, and the interrupt line always equals MIS != 0.
 */
START_TEST(test_random_against_reference)
{
	uint64_t st = unit_test_seed(0x9011);
	static uint8_t ref[1 << 20];
	size_t ref_in = 0, ref_out = 0;
	uint8_t next = 0;

	for (int i = 0; i < 100000; i++) {
		uint64_t r = unit_test_rand(&st);
		unsigned int op = r % 16;

		if (op < 5) {
			uint8_t b[8];
			size_t n = (r >> 8) % 8 + 1, room = pl011_rx_room(&u), took;

			for (size_t k = 0; k < n; k++)
				b[k] = next++;
			took = pl011_rx_push(&u, b, n);
			UNIT_CHECK(took == (n < room ? n : room), "push took %zu of %zu (room %zu)",
				   took, n, room);
			memcpy(ref + ref_in, b, took);
			ref_in += took;
			next = (uint8_t)(next - (n - took));
		} else if (op < 11) {
			uint32_t fr = rd(PL011_FR);

			if (!(fr & PL011_FR_RXFE)) {
				uint32_t c = rd(PL011_DR);

				UNIT_CHECK(ref_out < ref_in, "step %d: read past the input", i);
				UNIT_CHECK(c == ref[ref_out], "step %d: read %u, expected %u", i,
					   c, ref[ref_out]);
				ref_out++;
			} else {
				bool on = (rd(PL011_CR) & 0x201) == 0x201;

				UNIT_CHECK(!on || ref_out == ref_in,
					   "step %d: RXFE with %zu bytes queued", i, ref_in - ref_out);
			}
		} else if (op == 11) {
			wr(PL011_CR, (r >> 8) & 1 ? 0x301 : ((r >> 9) & 1 ? 0x300 : 0x201));
		} else if (op == 12) {
			wr(PL011_LCR_H, (r >> 8) & 1 ? 0x70 : 0x60);
		} else if (op == 13) {
			wr(PL011_IMSC, (uint32_t)(r >> 8) & 0x70);
		} else if (op == 14) {
			wr(PL011_ICR, (uint32_t)(r >> 8) & 0x70);
		} else {
			wr(PL011_IFLS, (uint32_t)(r >> 8) & 0x3f);
		}
		UNIT_CHECK(f.irq == (rd(PL011_MIS) != 0), "step %d: line %d, MIS %x", i,
			   f.irq, rd(PL011_MIS));
		UNIT_CHECK(pl011_rx_room(&u) == PL011_BACKLOG - (ref_in - ref_out),
			   "step %d: room", i);
	}
	/* Drain: everything pushed comes out. */
	wr(PL011_CR, 0x301);
	while (!(rd(PL011_FR) & PL011_FR_RXFE)) {
		UNIT_CHECK(rd(PL011_DR) == ref[ref_out], "drain at %zu", ref_out);
		ref_out++;
	}
	ck_assert_uint_eq(ref_out, ref_in);
}
END_TEST

static Suite *pl011_suite(void)
{
	Suite *s = suite_create("pl011");
	TCase *tc = unit_test_tcase(s, "registers", setup, 0);

	tcase_add_test(tc, test_reset_values_and_ids);
	tcase_add_test(tc, test_transmit_lines);
	tcase_add_test(tc, test_receiver_gated_by_cr);
	tcase_add_test(tc, test_holding_register_without_fifo);
	tcase_add_test(tc, test_fifo_full_and_backlog);
	tcase_add_test(tc, test_backlog_flow_control);
	tcase_add_test(tc, test_rx_trigger_levels);
	tcase_add_test(tc, test_timeout_interrupt_and_icr);
	tcase_add_test(tc, test_tx_interrupt_and_masks);
	tcase_add_test(tc, test_fifo_disable_keeps_input);
	tcase_add_test(tc, test_reset_keeps_pending_input);
	tc = unit_test_tcase(s, "random", setup, 60);
	tcase_add_test(tc, test_random_against_reference);
	return s;
}

int main(void)
{
	return unit_test_run(pl011_suite());
}
