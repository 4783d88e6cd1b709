/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for common/printf.c. For everything ISO C defines, the host
 * C library's snprintf is the reference: same bytes, same return value,
 * same truncation. The places where zarm chooses its own behaviour (%p,
 * NULL strings, unknown conversions) are checked against fixed strings.
 */
#include <check.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/printf.h"
#include "tests/unit/unit_test.h"

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	return unit_test_rand(&rng_state);
}

/* Format with both implementations, at a few buffer sizes, and compare. */
static void __attribute__((format(printf, 1, 2))) same(const char *fmt, ...)
{
	static const size_t sizes[] = { 0, 1, 2, 5, 17, 300 };
	char ref[300], ours[300];

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t sz = sizes[i];
		va_list a1, a2;
		int r1, r2;

		memset(ref, 'R', sizeof(ref));
		memset(ours, 'R', sizeof(ours));
		va_start(a1, fmt);
		va_start(a2, fmt);
		r1 = vsnprintf(sz ? ref : NULL, sz, fmt, a1);
		r2 = zarm_vsnprintf(sz ? ours : NULL, sz, fmt, a2);
		va_end(a1);
		va_end(a2);
		ck_assert_msg(r1 == r2, "\"%s\" size %zu: returned %d, libc %d",
			      fmt, sz, r2, r1);
		ck_assert_msg(!memcmp(ref, ours, sizeof(ref)),
			      "\"%s\" size %zu: got \"%.*s\", libc \"%.*s\"", fmt, sz,
			      (int)sz, ours, (int)sz, ref);
	}
}

/* Our own output for a format whose result C does not define. */
static const char *ours(const char *fmt, ...)
{
	static char buf[128];
	va_list ap;

	va_start(ap, fmt);
	zarm_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return buf;
}

/*
 * Flag combinations where C says one flag is ignored are exactly what
 * these tests are about: silence GCC's advice for them only.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-zero-length"

START_TEST(test_basic_conversions)
{
	same("plain text");
	same("");
	same("%d %i %u", 42, -42, 42u);
	same("%x %X %o", 0xbeefu, 0xbeefu, 0755u);
	same("%c%c%c", 'z', 'a', 'r');
	same("[%s] [%s]", "hello", "");
	same("100%% sure %%");
	same("%d%d%d", 1, 2, 3);
	same("%s=%d, %s=%#x", "a", 1, "b", 255u);
	same("%d %d", INT_MIN, INT_MAX);
	same("%u %x", UINT_MAX, UINT_MAX);
	same("%c", 0);
}
END_TEST

START_TEST(test_flags_width_precision)
{
	same("[%5d] [%-5d] [%05d] [%+d] [% d] [%+ d]", 42, 42, 42, 42, 42, 42);
	same("[%5d] [%-5d] [%05d] [%+d] [% d]", -42, -42, -42, -42, -42);
	same("[%.0d] [%.0u] [%.0x] [%5.0d] [%+.0d] [% .0d]", 0, 0u, 0u, 0, 0, 0);
	same("[%#o] [%#.0o] [%#5o] [%#o] [%#.3o] [%#.5o]", 0u, 0u, 8u, 8u, 8u, 8u);
	same("[%#x] [%#X] [%#x] [%#010x] [%#-10x] [%#.6x]", 0u, 255u, 255u, 255u,
	     255u, 255u);
	same("[%08.3d] [%-08d] [%0-8d] [%.10d] [%+.3d]", 7, 7, 7, -7, 7);
	same("[%10s] [%-10s] [%.2s] [%10.2s] [%.0s] [%.10s]", "abc", "abc",
	     "abc", "abc", "abc", "abc");
	same("[%5c] [%-5c]", 'x', 'y');
	same("[%0100d]", 1);
	same("[%200d]", 1);
	same("[%-150s|]", "left");
	same("[%.40d]", -12345);
}
END_TEST

START_TEST(test_length_modifiers)
{
	same("%hhd %hhd %hhu %hhx", 127, 128, 511, 0x1ff);
	same("%hd %hd %hu %ho", 32767, 32768, 65537, 0x1ffff);
	same("%ld %lu %lx", LONG_MIN, ULONG_MAX, ULONG_MAX);
	same("%lld %lld %llu %llo %llX", LLONG_MIN, LLONG_MAX, ULLONG_MAX,
	     ULLONG_MAX, ULLONG_MAX);
	same("%zu %zx %zd", SIZE_MAX, (size_t)12345, (ptrdiff_t)-5);
	same("%td %tu %tx", PTRDIFF_MIN, (size_t)PTRDIFF_MAX, (size_t)-1);
	same("%jd %ju %jx", INTMAX_MIN, UINTMAX_MAX, UINTMAX_MAX);
	same("%hhi %hi %li %lli %zi %ti %ji", -1, -1, -1L, -1LL, (ptrdiff_t)-1,
	     (ptrdiff_t)-1, (intmax_t)-1);
}
END_TEST

START_TEST(test_star_arguments)
{
	same("[%*d]", 6, 42);
	same("[%*d]", -6, 42);
	same("[%-*d]", -6, 42);
	same("[%.*d]", 4, 42);
	same("[%.*d]", -4, 42);
	same("[%0*.*d]", 8, -1, 42);
	same("[%*.*s]", 8, 2, "abcdef");
	same("[%*.*s]", -8, -2, "abcdef");
	same("[%*c]", 3, 'q');
	same("[%*d|%*d]", 3, 1, -3, 2);
}
END_TEST

#pragma GCC diagnostic pop

START_TEST(test_truncation_and_return)
{
	char buf[8];

	memset(buf, 'X', sizeof(buf));
	ck_assert_int_eq(zarm_snprintf(buf, 4, "%s", "abcdef"), 6);
	ck_assert_str_eq(buf, "abc");
	ck_assert_int_eq(buf[4], 'X');
	ck_assert_int_eq(zarm_snprintf(buf, 1, "%d", 12345), 5);
	ck_assert_int_eq(buf[0], '\0');
	ck_assert_int_eq(zarm_snprintf(NULL, 0, "%d-%s", 12345, "ab"), 8);
	ck_assert_int_eq(zarm_snprintf(buf, sizeof(buf), "%s", "1234567"), 7);
	ck_assert_str_eq(buf, "1234567");
	ck_assert_int_eq(zarm_snprintf(buf, sizeof(buf), "%s", "12345678"), 8);
	ck_assert_str_eq(buf, "1234567");
	/* size 0 must not write anything at all. */
	memset(buf, 'X', sizeof(buf));
	ck_assert_int_eq(zarm_snprintf(buf, 0, "abc"), 3);
	ck_assert_int_eq(buf[0], 'X');
}
END_TEST

START_TEST(test_zarm_specific)
{
	/* %p: always 0x and lower-case hex, also for NULL. */
	ck_assert_str_eq(ours("%p", (void *)0), "0x0");
	ck_assert_str_eq(ours("%p", (void *)(uintptr_t)0xabcdef), "0xabcdef");
	ck_assert_str_eq(ours("[%10p]", (void *)(uintptr_t)0x1f), "[      0x1f]");
	ck_assert_str_eq(ours("[%-6p]", (void *)(uintptr_t)0x1f), "[0x1f  ]");
	ck_assert_str_eq(ours("[%08p]", (void *)(uintptr_t)0x1f), "[0x00001f]");
	/* NULL strings print as (null), cut by the precision. */
	ck_assert_str_eq(ours("%s", (char *)NULL), "(null)");
	ck_assert_str_eq(ours("%.3s", (char *)NULL), "(nu");
	ck_assert_str_eq(ours("[%8s]", (char *)NULL), "[  (null)]");
}
END_TEST

START_TEST(test_pointer_matches_libc)
{
	/* glibc prints non-NULL pointers exactly like %#lx; so must we. */
	void *p = (void *)(uintptr_t)0x12345678;

	same("%p", p);
	same("[%20p] [%-20p]", p, p);
	same("%p", (void *)&rng_state);
}
END_TEST

/* Formats C leaves undefined go through a non-checked wrapper. */
static const char *raw(const char *fmt, int arg)
{
	return ours(fmt, arg);
}

START_TEST(test_unknown_conversions)
{
	ck_assert_str_eq(raw("a%qb", 0), "a%qb");
	ck_assert_str_eq(raw("x%-5ky", 0), "x%-5ky");
	ck_assert_str_eq(raw("%lq%d", 7), "%lq7");
	ck_assert_str_eq(raw("%n", 0), "%n");
	ck_assert_str_eq(raw("%f", 0), "%f");
	ck_assert_str_eq(raw("end%", 0), "end%");
	ck_assert_str_eq(raw("end%-08.3l", 0), "end%-08.3l");
	/* The returned length counts what an unknown conversion printed. */
	ck_assert_int_eq(zarm_snprintf(NULL, 0, "%s", "ab"), 2);
}
END_TEST

struct chunks {
	char text[512];
	size_t len;
	unsigned int calls;
	int zero_len_call;
};

static void chunk_put(void *ctx, const char *s, size_t n)
{
	struct chunks *c = ctx;

	if (n == 0)
		c->zero_len_call = 1;
	ck_assert_uint_le(c->len + n, sizeof(c->text));
	memcpy(c->text + c->len, s, n);
	c->len += n;
	c->calls++;
}

static int sink_printf(struct chunks *c, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = zarm_vprintf_sink(chunk_put, c, fmt, ap);
	va_end(ap);
	return r;
}

START_TEST(test_sink_output)
{
	struct chunks c = { .len = 0 };
	char ref[512];
	int r = sink_printf(&c, "vm%u: %-8s|%40d|%s", 3u, "alpha", -1, "");
	int rl = snprintf(ref, sizeof(ref), "vm%u: %-8s|%40d|%s", 3u, "alpha", -1, "");

	ck_assert_int_eq(r, rl);
	ck_assert_uint_eq(c.len, (size_t)rl);
	ck_assert(!memcmp(c.text, ref, c.len));
	ck_assert(!c.zero_len_call);
	ck_assert_uint_gt(c.calls, 1);
}
END_TEST

START_TEST(test_vsnprintf_leaves_caller_va_list_usable)
{
	/* zarm_vsnprintf works on a copy; a caller can still walk its list. */
	char buf[32];

	ck_assert_int_eq(zarm_snprintf(buf, sizeof(buf), "%d%d", 1, 2), 2);
	ck_assert_str_eq(buf, "12");
}
END_TEST

/* ---- randomized comparison against libc --------------------------- */

enum argkind {
	A_INT, A_UINT, A_LONG, A_ULONG, A_LLONG, A_ULLONG, A_SSIZE, A_SIZE,
	A_INTMAX, A_UINTMAX, A_CHAR, A_STR, A_PTR,
};

static const char *const sample_strings[] = {
	"", "a", "zarm", "hello, world", "0123456789abcdefghij", "\x7f\x80\xff",
};

static uint64_t random_value(void)
{
	switch (rng_next() % 6) {
	case 0:
		return rng_next() % 16;
	case 1:
		return -(rng_next() % 16);
	case 2:
		return 1ULL << (rng_next() % 64);
	case 3:
		return (1ULL << (rng_next() % 64)) - 1;
	default:
		return rng_next();
	}
}

static int random_number(int lo, int hi)
{
	return lo + (int)(rng_next() % (uint64_t)(hi - lo + 1));
}

/* Call both formatters with @nstar '*' arguments before the value. */
#define BOTH(...) do { \
	r1 = snprintf(sz ? ref : NULL, sz, fmt, __VA_ARGS__); \
	r2 = zarm_snprintf(sz ? got : NULL, sz, fmt, __VA_ARGS__); \
} while (0)
#define WITH_STARS(val) do { \
	if (nstar == 0) BOTH(val); \
	else if (nstar == 1) BOTH(star[0], val); \
	else BOTH(star[0], star[1], val); \
} while (0)

START_TEST(test_random_against_libc)
{
	static const char *const lens[] = { "", "hh", "h", "l", "ll", "z", "t", "j" };
	static const char convs[] = "diuxXocsp";
	uint64_t seed = unit_test_seed(0x9e3779b97f4a7c15ULL);

	rng_state = seed | 1;
	for (int iter = 0; iter < 20000; iter++) {
		char fmt[64], ref[128], got[128];
		char conv = convs[rng_next() % (sizeof(convs) - 1)];
		const char *len = "";
		int star[2], nstar = 0, r1 = 0, r2 = 0;
		size_t pos = 0, sz;
		enum argkind kind;
		uint64_t v = random_value();
		int is_signed = conv == 'd' || conv == 'i';

		if (rng_next() % 4 == 0)
			pos += (size_t)sprintf(fmt + pos, "<%u>", (unsigned)iter % 100);
		fmt[pos++] = '%';
		/* Flags, avoiding combinations ISO C leaves undefined. */
		if (rng_next() % 3 == 0)
			fmt[pos++] = '-';
		if (rng_next() % 3 == 0 && conv != 'c' && conv != 's' && conv != 'p')
			fmt[pos++] = '0';
		if (rng_next() % 3 == 0 && conv != 'p')
			fmt[pos++] = '+';
		if (rng_next() % 3 == 0 && conv != 'p')
			fmt[pos++] = ' ';
		if (rng_next() % 3 == 0 && (conv == 'o' || conv == 'x' || conv == 'X'))
			fmt[pos++] = '#';
		switch (rng_next() % 3) {
		case 0:
			break;
		case 1:
			pos += (size_t)sprintf(fmt + pos, "%d", random_number(0, 30));
			break;
		default:
			fmt[pos++] = '*';
			star[nstar++] = random_number(-30, 30);
			break;
		}
		if (conv != 'c' && conv != 'p') {
			switch (rng_next() % 4) {
			case 0:
				break;
			case 1:
				fmt[pos++] = '.';
				break;
			case 2:
				pos += (size_t)sprintf(fmt + pos, ".%d", random_number(0, 30));
				break;
			default:
				fmt[pos++] = '.';
				fmt[pos++] = '*';
				star[nstar++] = random_number(-5, 30);
				break;
			}
		}
		if (conv != 'c' && conv != 's' && conv != 'p')
			len = lens[rng_next() % (sizeof(lens) / sizeof(lens[0]))];
		pos += (size_t)sprintf(fmt + pos, "%s%c", len, conv);
		if (rng_next() % 4 == 0)
			pos += (size_t)sprintf(fmt + pos, "|tail");
		fmt[pos] = '\0';

		if (conv == 'c')
			kind = A_CHAR;
		else if (conv == 's')
			kind = A_STR;
		else if (conv == 'p')
			kind = A_PTR;
		else if (!strcmp(len, "l"))
			kind = is_signed ? A_LONG : A_ULONG;
		else if (!strcmp(len, "ll"))
			kind = is_signed ? A_LLONG : A_ULLONG;
		else if (!strcmp(len, "z") || !strcmp(len, "t"))
			kind = is_signed ? A_SSIZE : A_SIZE;
		else if (!strcmp(len, "j"))
			kind = is_signed ? A_INTMAX : A_UINTMAX;
		else
			kind = is_signed ? A_INT : A_UINT;

		sz = rng_next() % 3 == 0 ? rng_next() % 20 : sizeof(ref);
		memset(ref, 'R', sizeof(ref));
		memset(got, 'R', sizeof(got));
		switch (kind) {
		case A_INT: WITH_STARS((int)v); break;
		case A_UINT: WITH_STARS((unsigned int)v); break;
		case A_LONG: WITH_STARS((long)v); break;
		case A_ULONG: WITH_STARS((unsigned long)v); break;
		case A_LLONG: WITH_STARS((long long)v); break;
		case A_ULLONG: WITH_STARS((unsigned long long)v); break;
		case A_SSIZE: WITH_STARS((ptrdiff_t)v); break;
		case A_SIZE: WITH_STARS((size_t)v); break;
		case A_INTMAX: WITH_STARS((intmax_t)v); break;
		case A_UINTMAX: WITH_STARS((uintmax_t)v); break;
		case A_CHAR: WITH_STARS((int)(v & 0xff)); break;
		case A_STR:
			WITH_STARS(sample_strings[v % (sizeof(sample_strings) /
						       sizeof(sample_strings[0]))]);
			break;
		case A_PTR:
			/* glibc prints NULL as "(nil)"; zarm prints 0x0. */
			WITH_STARS((void *)(uintptr_t)(v | 1));
			break;
		}
		ck_assert_msg(r1 == r2 && !memcmp(ref, got, sizeof(ref)),
			      "seed %llu iter %d: \"%s\" size %zu v=%#llx: got %d \"%.*s\", "
			      "libc %d \"%.*s\"", (unsigned long long)seed, iter, fmt,
			      sz, (unsigned long long)v, r2, (int)sz, got, r1, (int)sz, ref);
	}
}
END_TEST

static Suite *printf_suite(void)
{
	Suite *s = suite_create("printf");
	TCase *tc = unit_test_tcase(s, "core", NULL, 60);

	tcase_add_test(tc, test_basic_conversions);
	tcase_add_test(tc, test_flags_width_precision);
	tcase_add_test(tc, test_length_modifiers);
	tcase_add_test(tc, test_star_arguments);
	tcase_add_test(tc, test_truncation_and_return);
	tcase_add_test(tc, test_zarm_specific);
	tcase_add_test(tc, test_pointer_matches_libc);
	tcase_add_test(tc, test_unknown_conversions);
	tcase_add_test(tc, test_sink_output);
	tcase_add_test(tc, test_vsnprintf_leaves_caller_va_list_usable);
	tcase_add_test(tc, test_random_against_libc);
	return s;
}

int main(void)
{
	return unit_test_run(printf_suite());
}
