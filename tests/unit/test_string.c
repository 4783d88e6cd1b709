/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for common/string.c. The host C library is the reference:
 * each zarm_ function must agree with its standard twin, including the
 * sign of comparisons on bytes >= 0x80 and strtoul's end pointer.
 */
#include <check.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/string.h"
#include "tests/unit/unit_test.h"

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	return unit_test_rand(&rng_state);
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

#define BUF 96
#define GUARD 0xa5

START_TEST(test_memcpy_alignments)
{
	unsigned char src[BUF], dst[BUF], ref[BUF];

	for (size_t i = 0; i < BUF; i++)
		src[i] = (unsigned char)(i * 7 + 3);
	for (size_t so = 0; so < 16; so++) {
		for (size_t d_o = 0; d_o < 16; d_o++) {
			for (size_t n = 0; n + 16 < BUF; n++) {
				memset(dst, GUARD, BUF);
				memset(ref, GUARD, BUF);
				memcpy(ref + d_o, src + so, n);
				ck_assert_ptr_eq(zarm_memcpy(dst + d_o, src + so, n),
						 dst + d_o);
				ck_assert_msg(!memcmp(dst, ref, BUF),
					      "memcpy so=%zu do=%zu n=%zu", so, d_o, n);
			}
		}
	}
}
END_TEST

START_TEST(test_memmove_overlap)
{
	unsigned char buf[BUF], ref[BUF];

	for (size_t from = 0; from < 40; from++) {
		for (size_t to = 0; to < 40; to++) {
			for (size_t n = 0; n <= 50; n += 5) {
				for (size_t i = 0; i < BUF; i++)
					buf[i] = ref[i] = (unsigned char)i;
				memmove(ref + to, ref + from, n);
				ck_assert_ptr_eq(zarm_memmove(buf + to, buf + from, n),
						 buf + to);
				ck_assert_msg(!memcmp(buf, ref, BUF),
					      "memmove from=%zu to=%zu n=%zu",
					      from, to, n);
			}
		}
	}
}
END_TEST

START_TEST(test_memset_alignments)
{
	unsigned char buf[BUF];

	for (size_t off = 0; off < 16; off++) {
		for (size_t n = 0; n + 16 < BUF; n++) {
			memset(buf, GUARD, BUF);
			/* Only the low byte of c counts. */
			ck_assert_ptr_eq(zarm_memset(buf + off, 0x13c, n), buf + off);
			for (size_t i = 0; i < BUF; i++) {
				unsigned char want = i >= off && i < off + n ? 0x3c
									     : GUARD;
				ck_assert_msg(buf[i] == want,
					      "memset off=%zu n=%zu at %zu", off, n, i);
			}
		}
	}
}
END_TEST

START_TEST(test_memcmp_unsigned_bytes)
{
	const unsigned char a[] = { 1, 2, 0x80, 4 };
	const unsigned char b[] = { 1, 2, 0x01, 4 };

	ck_assert_int_gt(zarm_memcmp(a, b, 4), 0);
	ck_assert_int_lt(zarm_memcmp(b, a, 4), 0);
	ck_assert_int_eq(zarm_memcmp(a, b, 2), 0);
	ck_assert_int_eq(zarm_memcmp(a, b, 0), 0);
	ck_assert_int_eq(zarm_memcmp(a, a, 4), 0);
}
END_TEST

START_TEST(test_memchr)
{
	const char s[] = "abc\0def\xff";

	ck_assert_ptr_eq(zarm_memchr(s, 'd', sizeof(s)), s + 4);
	ck_assert_ptr_eq(zarm_memchr(s, '\0', sizeof(s)), s + 3);
	ck_assert_ptr_null(zarm_memchr(s, 'd', 4));
	ck_assert_ptr_null(zarm_memchr(s, 'a', 0));
	/* c is converted to unsigned char: 0x1ff and -1 both find 0xff. */
	ck_assert_ptr_eq(zarm_memchr(s, 0x1ff, sizeof(s)), s + 7);
	ck_assert_ptr_eq(zarm_memchr(s, -1, sizeof(s)), s + 7);
}
END_TEST

START_TEST(test_strlen_strnlen)
{
	ck_assert_uint_eq(zarm_strlen(""), 0);
	ck_assert_uint_eq(zarm_strlen("hello"), 5);
	ck_assert_uint_eq(zarm_strnlen("hello", 3), 3);
	ck_assert_uint_eq(zarm_strnlen("hello", 5), 5);
	ck_assert_uint_eq(zarm_strnlen("hello", 99), 5);
	ck_assert_uint_eq(zarm_strnlen("hello", 0), 0);
	{
		/* strnlen must not read past maxlen: no NUL in this buffer. */
		char nonul[4] = { 'a', 'b', 'c', 'd' };

		ck_assert_uint_eq(zarm_strnlen(nonul, sizeof(nonul)), 4);
	}
}
END_TEST

START_TEST(test_strcmp_strncmp)
{
	ck_assert_int_eq(zarm_strcmp("abc", "abc"), 0);
	ck_assert_int_lt(zarm_strcmp("abc", "abd"), 0);
	ck_assert_int_gt(zarm_strcmp("abcd", "abc"), 0);
	ck_assert_int_lt(zarm_strcmp("", "a"), 0);
	ck_assert_int_gt(zarm_strcmp("\x80", "\x01"), 0);
	ck_assert_int_eq(zarm_strncmp("abcX", "abcY", 3), 0);
	ck_assert_int_lt(zarm_strncmp("abcX", "abcY", 4), 0);
	ck_assert_int_eq(zarm_strncmp("ab", "ab", 10), 0);
	ck_assert_int_eq(zarm_strncmp("x", "y", 0), 0);
	ck_assert_int_gt(zarm_strncmp("\xff", "a", 1), 0);
}
END_TEST

START_TEST(test_strchr_strrchr)
{
	const char *s = "a/b/c";

	ck_assert_ptr_eq(zarm_strchr(s, '/'), s + 1);
	ck_assert_ptr_eq(zarm_strrchr(s, '/'), s + 3);
	ck_assert_ptr_null(zarm_strchr(s, 'z'));
	ck_assert_ptr_null(zarm_strrchr(s, 'z'));
	/* Searching for NUL finds the terminator. */
	ck_assert_ptr_eq(zarm_strchr(s, '\0'), s + 5);
	ck_assert_ptr_eq(zarm_strrchr(s, '\0'), s + 5);
	ck_assert_ptr_eq(zarm_strchr(s, 'a'), s);
	ck_assert_ptr_eq(zarm_strrchr("", 'a'), NULL);
}
END_TEST

static void check_strtoul(const char *in, int base)
{
	char *end_ref, *end_ours;
	unsigned long ref = strtoul(in, &end_ref, base);
	unsigned long ours = zarm_strtoul(in, &end_ours, base);

	ck_assert_msg(ref == ours, "strtoul(\"%s\", %d): %lu, libc %lu",
		      in, base, ours, ref);
	ck_assert_msg(end_ref == end_ours,
		      "strtoul(\"%s\", %d): end at %td, libc at %td",
		      in, base, end_ours - in, end_ref - in);
}

START_TEST(test_strtoul_table)
{
	static const char *const inputs[] = {
		"0", "1", "42", "  \t\n17xyz", "+5", "-5", "-0", "0x1f", "0X1F",
		"0x", "0xg", "-0x10", "017", "08", "0", "", "   ", "+", "-",
		"z", "Zz", "18446744073709551615", "18446744073709551616",
		"99999999999999999999999", "-18446744073709551615",
		"-18446744073709551616", "4294967295", "4294967296",
		"0xffffffffffffffff", "0x10000000000000000", "777777777777777777777",
		"1777777777777777777777", "2000000000000000000000", "0b101",
		"101", "  -  1", "12 34", "0x0x", "00x1",
	};
	static const int bases[] = { 0, 2, 8, 10, 16, 36 };

	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++)
			check_strtoul(inputs[i], bases[b]);
	/* A NULL end pointer is allowed. */
	ck_assert_uint_eq(zarm_strtoul("123", NULL, 10), 123);
}
END_TEST

START_TEST(test_strtoul_bad_base)
{
	const char *in = "123";
	char *end = (char *)"sentinel";

	ck_assert_uint_eq(zarm_strtoul(in, &end, 1), 0);
	ck_assert_ptr_eq(end, in);
	ck_assert_uint_eq(zarm_strtoul(in, &end, 37), 0);
	ck_assert_ptr_eq(end, in);
	ck_assert_uint_eq(zarm_strtoul(in, &end, -2), 0);
	ck_assert_ptr_eq(end, in);
}
END_TEST

/* Random byte strings over a tiny alphabet, so that matches are common. */
START_TEST(test_random_against_libc)
{
	uint64_t seed = unit_test_seed(0x5eed5717);
	static const char alphabet[] = "ab\x80\xff 0x19-+";
	char a[40], b[40];

	rng_state = seed | 1;
	for (int iter = 0; iter < 20000; iter++) {
		size_t la = rng_next() % 32, lb = rng_next() % 32;
		size_t n = rng_next() % 36;
		int c = (int)(rng_next() % 512) - 128;

		for (size_t i = 0; i < la; i++)
			a[i] = alphabet[rng_next() % (sizeof(alphabet) - 1)];
		for (size_t i = 0; i < lb; i++)
			b[i] = alphabet[rng_next() % (sizeof(alphabet) - 1)];
		/* Often make b share a prefix with a. */
		if (rng_next() & 1)
			memcpy(b, a, la < lb ? la : lb);
		a[la] = b[lb] = '\0';
		memset(a + la + 1, 'q', sizeof(a) - la - 1);
		memset(b + lb + 1, 'q', sizeof(b) - lb - 1);

		ck_assert_msg(sign(zarm_strcmp(a, b)) == sign(strcmp(a, b)),
			      "seed %llu iter %d: strcmp", (unsigned long long)seed, iter);
		ck_assert_msg(sign(zarm_strncmp(a, b, n)) == sign(strncmp(a, b, n)),
			      "seed %llu iter %d: strncmp", (unsigned long long)seed, iter);
		ck_assert_msg(sign(zarm_memcmp(a, b, n)) == sign(memcmp(a, b, n)),
			      "seed %llu iter %d: memcmp", (unsigned long long)seed, iter);
		ck_assert_msg(zarm_memchr(a, c, n) == memchr(a, c, n),
			      "seed %llu iter %d: memchr", (unsigned long long)seed, iter);
		ck_assert_msg(zarm_strchr(a, c) == strchr(a, c),
			      "seed %llu iter %d: strchr", (unsigned long long)seed, iter);
		ck_assert_msg(zarm_strrchr(a, c) == strrchr(a, c),
			      "seed %llu iter %d: strrchr", (unsigned long long)seed, iter);
		ck_assert_msg(zarm_strnlen(a, n) == strnlen(a, n),
			      "seed %llu iter %d: strnlen", (unsigned long long)seed, iter);
		ck_assert_msg(zarm_strlen(b) == strlen(b),
			      "seed %llu iter %d: strlen", (unsigned long long)seed, iter);
		{
			char *e1, *e2;
			int base = (int)(rng_next() % 18);

			if (base == 1)
				base = 0;
			ck_assert_msg(zarm_strtoul(a, &e1, base) == strtoul(a, &e2, base) &&
				      e1 == e2, "seed %llu iter %d: strtoul(\"%s\", %d)",
				      (unsigned long long)seed, iter, a, base);
		}
	}
}
END_TEST

static Suite *string_suite(void)
{
	Suite *s = suite_create("string");
	TCase *tc = unit_test_tcase(s, "core", NULL, 60);

	tcase_add_test(tc, test_memcpy_alignments);
	tcase_add_test(tc, test_memmove_overlap);
	tcase_add_test(tc, test_memset_alignments);
	tcase_add_test(tc, test_memcmp_unsigned_bytes);
	tcase_add_test(tc, test_memchr);
	tcase_add_test(tc, test_strlen_strnlen);
	tcase_add_test(tc, test_strcmp_strncmp);
	tcase_add_test(tc, test_strchr_strrchr);
	tcase_add_test(tc, test_strtoul_table);
	tcase_add_test(tc, test_strtoul_bad_base);
	tcase_add_test(tc, test_random_against_libc);
	return s;
}

int main(void)
{
	return unit_test_run(string_suite());
}
