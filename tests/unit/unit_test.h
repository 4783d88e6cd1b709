/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every libcheck unit test program needs besides its tests: the seed
 * of its randomized runs (ZARM_TEST_SEED overrides it, and it is printed so
 * that any failure can be replayed), the random generator those runs use,
 * and the runner in main(). Each test program had its own copy of these;
 * one header keeps them identical, so one seed means the same run everywhere.
 *
 * Header only: it is host test code, included by each tests/unit/test_*.c.
 */
#ifndef ZARM_TESTS_UNIT_UNIT_TEST_H
#define ZARM_TESTS_UNIT_UNIT_TEST_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * The seed for a randomized run: ZARM_TEST_SEED (any base strtoull
 * accepts) when set and not empty, else @default_seed. The first call in a
 * process prints it as a TAP comment; with check's default fork mode that
 * is once per test, just before the test's own result line.
 */
static inline uint64_t unit_test_seed(uint64_t default_seed)
{
	static bool printed;
	const char *env = getenv("ZARM_TEST_SEED");
	uint64_t seed = env && *env ? strtoull(env, NULL, 0) : default_seed;

	if (!printed) {
		printed = true;
		printf("# seed %llu (set ZARM_TEST_SEED=%llu to replay)\n",
		       (unsigned long long)seed, (unsigned long long)seed);
		/* Out before check's own lines, and never twice after a fork. */
		fflush(stdout);
	}
	return seed;
}

/*
 * xorshift64*: small, fast, and the same sequence on every host and byte
 * order. @state must not be 0 (it would stay 0).
 */
static inline uint64_t unit_test_rand(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 0x2545F4914F6CDD1DULL;
}

/*
 * A check for loops that run thousands of times: ck_assert_* reports every
 * passing check to the runner process (a system call each), which would
 * dominate such a run. This calls into check only when @cond is false, and
 * then fails the test with the printf-style message in the arguments after it.
 */
#define UNIT_CHECK(cond, ...)                                              \
	do {                                                               \
		if (!(cond))                                               \
			ck_abort_msg(__VA_ARGS__);                         \
	} while (0)

/*
 * Create test case @name in @s, with @setup as its checked fixture (run in
 * the test's own process) when not NULL and a @timeout in seconds when > 0
 * (check's default otherwise). The caller adds its tests to the result.
 */
static inline TCase *unit_test_tcase(Suite *s, const char *name,
				     void (*setup)(void), double timeout)
{
	TCase *tc = tcase_create(name);

	if (setup)
		tcase_add_checked_fixture(tc, setup, NULL);
	if (timeout > 0)
		tcase_set_timeout(tc, timeout);
	suite_add_tcase(s, tc);
	return tc;
}

/*
 * Run every test of @s (CK_NORMAL output, the TAP log when
 * CK_TAP_LOG_FILE_NAME asks for it) and free it: main()'s exit status,
 * EXIT_FAILURE when any test failed.
 */
static inline int unit_test_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* ZARM_TESTS_UNIT_UNIT_TEST_H */
