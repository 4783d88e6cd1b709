/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for common/console_in: the focus escape (three Ctrl-A in a
 * row), Ctrl-A runs shorter than that reaching the VM as typed, the focus
 * skipping stopped VMs and wrapping around, input held back while the
 * focused VM has no room, and a randomized run against a reference.
 */
#include <check.h>
#include <string.h>

#include "common/console_in.h"
#include "common/errno.h"
#include "tests/unit/unit_test.h"

#define NT 4
#define CAP 4096

struct fake {
	uint8_t got[NT][CAP];
	size_t n[NT];
	size_t room[NT];
	bool running[NT];
	unsigned int announced, last_focus;
};

static size_t f_room(void *ctx, unsigned int t)
{
	struct fake *f = ctx;

	return f->running[t] ? f->room[t] : (size_t)-1;
}

static void f_deliver(void *ctx, unsigned int t, const uint8_t *buf, size_t n)
{
	struct fake *f = ctx;

	UNIT_CHECK(n <= f_room(ctx, t), "delivered %zu bytes beyond the room", n);
	if (!f->running[t])
		return;
	UNIT_CHECK(f->n[t] + n <= CAP, "target %u overflows", t);
	memcpy(f->got[t] + f->n[t], buf, n);
	f->n[t] += n;
	f->room[t] -= n;
}

static bool f_running(void *ctx, unsigned int t)
{
	return ((struct fake *)ctx)->running[t];
}

static void f_focus(void *ctx, unsigned int t)
{
	struct fake *f = ctx;

	f->announced++;
	f->last_focus = t;
}

static const struct console_in_ops ops = { f_room, f_deliver, f_running, f_focus };

static void fake_init(struct fake *f, struct console_in *ci, unsigned int nr, unsigned int first)
{
	memset(f, 0, sizeof(*f));
	for (unsigned int t = 0; t < NT; t++) {
		f->room[t] = CAP;
		f->running[t] = true;
	}
	ck_assert_int_eq(console_in_init(ci, nr, first, &ops, f), 0);
}

static void feed(struct console_in *ci, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ck_assert(console_in_ready(ci));
		console_in_feed(ci, (uint8_t)s[i]);
	}
}

START_TEST(test_init_refuses_bad_targets)
{
	struct console_in ci;
	struct fake f;

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(console_in_init(&ci, 0, 0, &ops, &f), -EINVAL);
	ck_assert_int_eq(console_in_init(&ci, 2, 2, &ops, &f), -EINVAL);
	ck_assert_int_eq(console_in_init(&ci, 2, 1, &ops, &f), 0);
	ck_assert_uint_eq(ci.focus, 1);
}
END_TEST

START_TEST(test_plain_input_goes_to_focus)
{
	struct console_in ci;
	struct fake f;

	fake_init(&f, &ci, 3, 1);
	feed(&ci, "ls -l\r", 6);
	ck_assert_uint_eq(f.n[1], 6);
	ck_assert_mem_eq(f.got[1], "ls -l\r", 6);
	ck_assert_uint_eq(f.n[0] + f.n[2], 0);
	ck_assert_uint_eq(f.announced, 0);
}
END_TEST

START_TEST(test_three_escapes_switch_and_wrap)
{
	struct console_in ci;
	struct fake f;

	fake_init(&f, &ci, 3, 0);
	feed(&ci, "a\x01\x01\x01" "b\x01\x01\x01" "c\x01\x01\x01" "d", 13);
	ck_assert_uint_eq(f.announced, 3);
	ck_assert_uint_eq(f.last_focus, 0);
	ck_assert_uint_eq(f.n[0], 2);
	ck_assert_mem_eq(f.got[0], "ad", 2);
	ck_assert_uint_eq(f.n[1], 1);
	ck_assert_mem_eq(f.got[1], "b", 1);
	ck_assert_uint_eq(f.n[2], 1);
	ck_assert_mem_eq(f.got[2], "c", 1);
}
END_TEST

START_TEST(test_short_escape_runs_reach_the_vm)
{
	struct console_in ci;
	struct fake f;

	fake_init(&f, &ci, 2, 0);
	/* One Ctrl-A, then two: both runs end early and are typed for the VM. */
	feed(&ci, "\x01x\x01\x01y", 5);
	ck_assert_uint_eq(f.n[0], 5);
	ck_assert_mem_eq(f.got[0], "\x01x\x01\x01y", 5);
	ck_assert_uint_eq(f.announced, 0);
	/* Four in a row: the first three switch, the fourth starts a new run. */
	feed(&ci, "\x01\x01\x01\x01z", 5);
	ck_assert_uint_eq(f.announced, 1);
	ck_assert_uint_eq(f.n[1], 2);
	ck_assert_mem_eq(f.got[1], "\x01z", 2);
	/* Six in a row: two switches, from VM 1 round to VM 1 again. */
	feed(&ci, "\x01\x01\x01\x01\x01\x01q", 7);
	ck_assert_uint_eq(f.announced, 3);
	ck_assert_uint_eq(ci.focus, 1);
	ck_assert_uint_eq(f.n[1], 3);
	ck_assert_mem_eq(f.got[1] + 2, "q", 1);
	ck_assert_uint_eq(f.n[0], 5);
}
END_TEST

START_TEST(test_focus_skips_stopped_vms)
{
	struct console_in ci;
	struct fake f;

	fake_init(&f, &ci, 4, 0);
	f.running[1] = false;
	f.running[2] = false;
	console_in_next(&ci);
	ck_assert_uint_eq(ci.focus, 3);
	console_in_next(&ci);
	ck_assert_uint_eq(ci.focus, 0);
	/* Nobody else runs: the focus stays, and says so. */
	f.running[3] = false;
	console_in_next(&ci);
	ck_assert_uint_eq(ci.focus, 0);
	ck_assert_uint_eq(f.announced, 3);
	/* Input for a VM that stopped while focused is dropped, not held. */
	f.running[0] = false;
	ck_assert(console_in_ready(&ci));
	feed(&ci, "zz", 2);
	ck_assert_uint_eq(f.n[0], 0);
}
END_TEST

START_TEST(test_ready_counts_held_escapes)
{
	struct console_in ci;
	struct fake f;

	fake_init(&f, &ci, 2, 0);
	f.room[0] = 2;
	ck_assert(console_in_ready(&ci));
	console_in_feed(&ci, CONSOLE_IN_ESC);
	ck_assert(console_in_ready(&ci));	/* room 2 > 1 held */
	console_in_feed(&ci, CONSOLE_IN_ESC);
	/* A third byte could need room for 3: hold the input back. */
	ck_assert(!console_in_ready(&ci));
	f.room[0] = 3;
	ck_assert(console_in_ready(&ci));
	console_in_feed(&ci, 'k');
	ck_assert_uint_eq(f.n[0], 3);
	ck_assert_mem_eq(f.got[0], "\x01\x01k", 3);
	ck_assert(!console_in_ready(&ci));	/* full */
}
END_TEST

/*
 * Random bytes (Ctrl-A often), random room and stopped VMs, against a
 * reference that scans for runs of escapes the simple way: every byte of
 * input ends up in exactly the VM the reference says, in order.
 */
START_TEST(test_random_against_reference)
{
	uint64_t st = unit_test_seed(0xc0501e);
	struct console_in ci;
	struct fake f;
	uint8_t want[NT][CAP];
	size_t wn[NT] = { 0 };
	unsigned int rfocus = 0, rrun = 0;
	uint8_t pend[8];

	fake_init(&f, &ci, NT, 0);
	for (int i = 0; i < 20000; i++) {
		uint64_t r = unit_test_rand(&st);
		uint8_t c = (r & 3) == 0 ? CONSOLE_IN_ESC : (uint8_t)(r >> 8);

		if ((r >> 20) % 500 == 0) {
			unsigned int t = (r >> 30) % NT;

			f.running[t] = !f.running[t];
		}
		if (!console_in_ready(&ci))
			continue;	/* held back: the byte is not read yet */
		if (wn[0] + wn[1] + wn[2] + wn[3] > NT * CAP - 16)
			break;
		/* The reference. */
		if (c == CONSOLE_IN_ESC) {
			pend[rrun++] = c;
			if (rrun == 3) {
				rrun = 0;
				for (unsigned int k = 1; k < NT; k++) {
					if (f.running[(rfocus + k) % NT]) {
						rfocus = (rfocus + k) % NT;
						break;
					}
				}
			}
		} else {
			pend[rrun++] = c;
			if (f.running[rfocus]) {
				UNIT_CHECK(wn[rfocus] + rrun <= CAP, "reference overflow");
				memcpy(want[rfocus] + wn[rfocus], pend, rrun);
				wn[rfocus] += rrun;
			}
			rrun = 0;
		}
		console_in_feed(&ci, c);
		UNIT_CHECK(ci.focus == rfocus, "step %d: focus %u, reference %u", i,
			   ci.focus, rfocus);
		if (f.room[ci.focus] < 8 && (r >> 40) % 7 == 0)
			f.room[ci.focus] = CAP - f.n[ci.focus];
	}
	for (unsigned int t = 0; t < NT; t++) {
		ck_assert_uint_eq(f.n[t], wn[t]);
		ck_assert_mem_eq(f.got[t], want[t], wn[t]);
	}
}
END_TEST

static Suite *console_in_suite(void)
{
	Suite *s = suite_create("console_in");
	TCase *tc = unit_test_tcase(s, "focus", NULL, 0);

	tcase_add_test(tc, test_init_refuses_bad_targets);
	tcase_add_test(tc, test_plain_input_goes_to_focus);
	tcase_add_test(tc, test_three_escapes_switch_and_wrap);
	tcase_add_test(tc, test_short_escape_runs_reach_the_vm);
	tcase_add_test(tc, test_focus_skips_stopped_vms);
	tcase_add_test(tc, test_ready_counts_held_escapes);
	tcase_add_test(tc, test_random_against_reference);
	return s;
}

int main(void)
{
	return unit_test_run(console_in_suite());
}
