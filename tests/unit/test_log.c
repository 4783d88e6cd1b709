/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for common/log.c (levels, line tagging, rate limiting) and
 * common/panic.c (message, halt hook, nested panics, ZASSERT).
 */
#include <check.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/panic.h"
#include "tests/unit/unit_test.h"

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	return unit_test_rand(&rng_state);
}

/* A console that records each sink call separately. */
#define MAX_CALLS 64
static struct {
	char text[MAX_CALLS][ZLOG_LINE_MAX + 1];
	size_t len[MAX_CALLS];
	unsigned int calls;
	void *ctx_seen;
} con;

static void con_put(void *ctx, const char *s, size_t n)
{
	ck_assert_uint_lt(con.calls, MAX_CALLS);
	ck_assert_uint_le(n, ZLOG_LINE_MAX);
	memcpy(con.text[con.calls], s, n);
	con.text[con.calls][n] = '\0';
	con.len[con.calls] = n;
	con.calls++;
	con.ctx_seen = ctx;
}

static int con_ctx;

static void setup(void)
{
	memset(&con, 0, sizeof(con));
	log_set_sink(con_put, &con_ctx);
	log_set_level(ZLOG_INFO);
	panic_set_halt(NULL);
}

START_TEST(test_tag_and_newline)
{
	log_err("disk %d on fire", 3);
	log_warn("already ends in newline\n");
	log_info("info");
	ck_assert_uint_eq(con.calls, 3);
	ck_assert_str_eq(con.text[0], "[ERR] disk 3 on fire\n");
	ck_assert_str_eq(con.text[1], "[WRN] already ends in newline\n");
	ck_assert_str_eq(con.text[2], "[INF] info\n");
	ck_assert_ptr_eq(con.ctx_seen, &con_ctx);
}
END_TEST

START_TEST(test_multiline_each_tagged)
{
	zlog(ZLOG_WARN, "one\ntwo\n\nfour");
	ck_assert_uint_eq(con.calls, 4);
	ck_assert_str_eq(con.text[0], "[WRN] one\n");
	ck_assert_str_eq(con.text[1], "[WRN] two\n");
	ck_assert_str_eq(con.text[2], "[WRN] \n");
	ck_assert_str_eq(con.text[3], "[WRN] four\n");
}
END_TEST

START_TEST(test_level_filter)
{
	log_debug("hidden");
	ck_assert_uint_eq(con.calls, 0);
	ck_assert(!log_enabled(ZLOG_DEBUG));
	ck_assert(log_enabled(ZLOG_INFO));
	log_set_level(ZLOG_WARN);
	ck_assert_int_eq(log_get_level(), ZLOG_WARN);
	log_info("hidden");
	log_warn("shown");
	log_err("shown");
	ck_assert_uint_eq(con.calls, 2);
	log_set_level(ZLOG_DEBUG);
	log_debug("dbg %s", "now");
	ck_assert_uint_eq(con.calls, 3);
	ck_assert_str_eq(con.text[2], "[DBG] dbg now\n");
	/* Out-of-range levels count as debug, both ways. */
	log_set_level((enum zlog_level)42);
	ck_assert_int_eq(log_get_level(), ZLOG_DEBUG);
	zlog((enum zlog_level)7, "odd");
	ck_assert_str_eq(con.text[3], "[DBG] odd\n");
	log_set_level(ZLOG_INFO);
	zlog((enum zlog_level)7, "odd");
	ck_assert_uint_eq(con.calls, 4);
}
END_TEST

START_TEST(test_no_sink_drops)
{
	log_set_sink(NULL, NULL);
	ck_assert(!log_enabled(ZLOG_ERROR));
	log_err("nobody listens");
	ck_assert_uint_eq(con.calls, 0);
	log_set_sink(con_put, NULL);
	log_err("back");
	ck_assert_uint_eq(con.calls, 1);
	ck_assert_ptr_null(con.ctx_seen);
}
END_TEST

START_TEST(test_long_line_split)
{
	char msg[700], joined[800] = "";

	memset(msg, 'x', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	log_info("%s", msg);
	ck_assert_uint_eq(con.calls, 3);
	for (unsigned int i = 0; i < con.calls; i++)
		strcat(joined, con.text[i]);
	ck_assert_uint_eq(strlen(joined), 6 + 699 + 1);
	ck_assert(!strncmp(joined, "[INF] xxx", 9));
	ck_assert_int_eq(joined[strlen(joined) - 1], '\n');
	ck_assert_uint_eq(con.len[0], ZLOG_LINE_MAX);
}
END_TEST

START_TEST(test_empty_message)
{
	/* GCC rightly dislikes an empty literal format; pass it indirectly. */
	const char *volatile empty = "";

	zlog(ZLOG_INFO, empty, 0);
	ck_assert_uint_eq(con.calls, 1);
	ck_assert_str_eq(con.text[0], "[INF] \n");
}
END_TEST

START_TEST(test_ratelimit_window)
{
	struct log_ratelimit rl = LOG_RATELIMIT_INIT("mmio", 3, 100);
	int passed = 0;

	for (int i = 0; i < 10; i++)
		passed += log_ratelimit(&rl, 1000 + (uint64_t)i);
	ck_assert_int_eq(passed, 3);
	ck_assert_uint_eq(con.calls, 0);
	/* Still inside the window (1000..1099). */
	ck_assert(!log_ratelimit(&rl, 1099));
	/* New window: a summary of the 8 suppressed, then 3 more pass. */
	ck_assert(log_ratelimit(&rl, 1100));
	ck_assert_uint_eq(con.calls, 1);
	ck_assert_str_eq(con.text[0], "[WRN] 8 'mmio' messages suppressed\n");
	ck_assert(log_ratelimit(&rl, 1101));
	ck_assert(log_ratelimit(&rl, 1102));
	ck_assert(!log_ratelimit(&rl, 1103));
	ck_assert_uint_eq(rl.total_suppressed, 9);
	/* A quiet window produces no summary. */
	ck_assert(log_ratelimit(&rl, 5000));
	ck_assert_uint_eq(con.calls, 2);
	ck_assert(log_ratelimit(&rl, 9000));
	ck_assert_uint_eq(con.calls, 2);
}
END_TEST

START_TEST(test_ratelimit_clock_backwards)
{
	struct log_ratelimit rl;

	log_ratelimit_init(&rl, NULL, 2, 50);
	ck_assert(log_ratelimit(&rl, 500));
	ck_assert(log_ratelimit(&rl, 510));
	ck_assert(!log_ratelimit(&rl, 520));
	/* Going back in time must not buy a fresh budget... */
	ck_assert(!log_ratelimit(&rl, 10));
	ck_assert(!log_ratelimit(&rl, 0));
	/* ...but the window restarts there, so progress resumes. */
	ck_assert(!log_ratelimit(&rl, 49));
	ck_assert(log_ratelimit(&rl, 50));
	ck_assert_str_eq(con.text[0], "[WRN] 4 'rate-limited' messages suppressed\n");
}
END_TEST

START_TEST(test_ratelimit_edges)
{
	struct log_ratelimit unlimited = LOG_RATELIMIT_INIT("u", 0, 0);
	struct log_ratelimit mute = LOG_RATELIMIT_INIT("m", 0, 10);

	log_set_level(ZLOG_ERROR);	/* one summary per window: not counted here */

	for (int i = 0; i < 1000; i++)
		ck_assert(log_ratelimit(&unlimited, 0));
	for (int i = 0; i < 1000; i++)
		ck_assert(!log_ratelimit(&mute, (uint64_t)i));
	ck_assert_uint_eq(mute.total_suppressed, 1000);
	/* Far times do not overflow the window arithmetic. */
	ck_assert(!log_ratelimit(&mute, UINT64_MAX));
}
END_TEST

static int side_effects;

static int bump(void)
{
	return ++side_effects;
}

START_TEST(test_ratelimited_macro)
{
	struct log_ratelimit rl = LOG_RATELIMIT_INIT("guest", 2, 1000);

	for (int i = 0; i < 5; i++)
		zlog_ratelimited(&rl, 7, ZLOG_WARN, "guest poked %d", bump());
	ck_assert_int_eq(side_effects, 2);
	ck_assert_uint_eq(con.calls, 2);
	ck_assert_str_eq(con.text[1], "[WRN] guest poked 2\n");
	/* A level that is off does not consume the budget. */
	for (int i = 0; i < 5; i++)
		zlog_ratelimited(&rl, 2000, ZLOG_DEBUG, "x %d", bump());
	ck_assert_int_eq(side_effects, 2);
	ck_assert_uint_eq(rl.passed, 2);
}
END_TEST

/* Reference: a list of the times that passed, checked by brute force. */
START_TEST(test_ratelimit_random_reference)
{
	uint64_t seed = unit_test_seed(0x10965eed);
	struct log_ratelimit rl;
	unsigned int burst;
	uint64_t window, now = 0;
	/* Reference state. */
	uint64_t ref_start = 0;
	unsigned int ref_passed = 0, ref_suppressed = 0;
	int ref_started = 0;

	rng_state = seed | 1;
	burst = (unsigned int)(rng_next() % 5) + 1;
	window = rng_next() % 64 + 1;
	log_ratelimit_init(&rl, "r", burst, window);
	log_set_level(ZLOG_ERROR);	/* the summary lines are not the point */
	for (int iter = 0; iter < 20000; iter++) {
		int want, got;

		switch (rng_next() % 8) {
		case 0:
			now -= rng_next() % 20;	/* clock skew backwards */
			break;
		case 1:
			now += rng_next() % 200;
			break;
		default:
			now += rng_next() % 4;
			break;
		}
		if (!ref_started) {
			ref_started = 1;
			ref_start = now;
		} else if (now < ref_start) {
			ref_start = now;
		} else if (now - ref_start >= window) {
			ref_start = now;
			ref_passed = ref_suppressed = 0;
		}
		want = ref_passed < burst;
		if (want)
			ref_passed++;
		else
			ref_suppressed++;
		got = log_ratelimit(&rl, now);
		ck_assert_msg(got == want && rl.suppressed == ref_suppressed,
			      "seed %llu iter %d: now %llu got %d want %d",
			      (unsigned long long)seed, iter,
			      (unsigned long long)now, got, want);
	}
}
END_TEST

/* ---- panic ---------------------------------------------------------- */

static jmp_buf halt_jmp;
static int halts;

static void test_halt(void)
{
	halts++;
	longjmp(halt_jmp, 1);
}

START_TEST(test_panic_logs_and_halts)
{
	halts = 0;
	panic_set_halt(test_halt);
	if (!setjmp(halt_jmp)) {
		panic("vcpu %d lost its %s", 3, "mind");
		ck_abort_msg("panic returned");
	}
	ck_assert_int_eq(halts, 1);
	ck_assert_uint_eq(con.calls, 1);
	ck_assert_str_eq(con.text[0], "[ERR] PANIC: vcpu 3 lost its mind\n");
	/* A second panic works just the same (no state left behind). */
	if (!setjmp(halt_jmp))
		panic("again");
	ck_assert_int_eq(halts, 2);
	ck_assert_str_eq(con.text[1], "[ERR] PANIC: again\n");
}
END_TEST

START_TEST(test_panic_prints_at_any_level)
{
	panic_set_halt(test_halt);
	log_set_level(ZLOG_ERROR);
	if (!setjmp(halt_jmp))
		panic("quiet log");
	ck_assert_uint_eq(con.calls, 1);
}
END_TEST

static int nested_calls;

/* A console that panics while printing, as a broken driver might. */
static void panicking_put(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	(void)s;
	(void)n;
	nested_calls++;
	panic("console broke");
}

START_TEST(test_nested_panic_does_not_recurse)
{
	halts = 0;
	nested_calls = 0;
	panic_set_halt(test_halt);
	log_set_sink(panicking_put, NULL);
	if (!setjmp(halt_jmp))
		panic("first");
	/* The nested panic halted without printing again. */
	ck_assert_int_eq(nested_calls, 1);
	ck_assert_int_eq(halts, 1);
	/* And the next, unrelated panic prints normally. */
	log_set_sink(con_put, NULL);
	if (!setjmp(halt_jmp))
		panic("later");
	ck_assert_str_eq(con.text[0], "[ERR] PANIC: later\n");
}
END_TEST

START_TEST(test_zassert)
{
	volatile int x = 1;

	halts = 0;
	panic_set_halt(test_halt);
	ZASSERT(x == 1);
	ck_assert_int_eq(halts, 0);
	ck_assert_uint_eq(con.calls, 0);
	if (!setjmp(halt_jmp))
		ZASSERT(x == 2);
	ck_assert_int_eq(halts, 1);
	ck_assert_msg(strstr(con.text[0], "[ERR] PANIC: assertion failed: x == 2 (") &&
		      strstr(con.text[0], "test_log.c:"), "got: %s", con.text[0]);
}
END_TEST

static Suite *log_suite(void)
{
	Suite *s = suite_create("log");
	TCase *tc = unit_test_tcase(s, "log", setup, 0);
	TCase *tp = unit_test_tcase(s, "panic", setup, 0);

	tcase_add_test(tc, test_tag_and_newline);
	tcase_add_test(tc, test_multiline_each_tagged);
	tcase_add_test(tc, test_level_filter);
	tcase_add_test(tc, test_no_sink_drops);
	tcase_add_test(tc, test_long_line_split);
	tcase_add_test(tc, test_empty_message);
	tcase_add_test(tc, test_ratelimit_window);
	tcase_add_test(tc, test_ratelimit_clock_backwards);
	tcase_add_test(tc, test_ratelimit_edges);
	tcase_add_test(tc, test_ratelimited_macro);
	tcase_add_test(tc, test_ratelimit_random_reference);

	tcase_add_test(tp, test_panic_logs_and_halts);
	tcase_add_test(tp, test_panic_prints_at_any_level);
	tcase_add_test(tp, test_nested_panic_does_not_recurse);
	tcase_add_test(tp, test_zassert);
	return s;
}

int main(void)
{
	return unit_test_run(log_suite());
}
