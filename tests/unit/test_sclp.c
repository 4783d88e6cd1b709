/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the s390 SCLP decoder (arch/s390/sclp_core.c): every
 * command's answer, the error response codes, check-all-then-act for
 * write event data, and a seeded randomized run against a simple
 * reference validator that also checks nothing is written outside the
 * SCCB. ZARM_TEST_SEED overrides the seed.
 */
#include <inttypes.h>
#include <string.h>

#include "arch/s390/sclp_core.h"
#include "tests/unit/unit_test.h"

#define GUARD 64
#define CMD_READ_SCP_INFO 0x00020001u
#define CMD_READ_CPU_INFO 0x00010001u
#define CMD_WRITE_EVENT_MASK 0x00780005u
#define CMD_WRITE_EVENT_DATA 0x00760005u
#define CMD_READ_EVENT_DATA 0x00770005u

static char out[65536];
static size_t out_len;

static void capture(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	UNIT_CHECK(out_len + n <= sizeof(out), "console overflow");
	memcpy(out + out_len, s, n);
	out_len += n;
}

static const struct sclp_console console = { capture, NULL };
static struct sclp_state st;
/* The SCCB lives between guard bytes that must never change. */
static uint8_t mem[GUARD + 4096 + GUARD];
static uint8_t *const sccb = mem + GUARD;

static void reset(uint16_t len)
{
	memset(mem, 0xa5, sizeof(mem));
	memset(sccb, 0, len);
	sccb[0] = len >> 8;
	sccb[1] = (uint8_t)len;
	out_len = 0;
	memset(&st, 0, sizeof(st));
}

static void check_guards(uint16_t len)
{
	static uint8_t pattern[sizeof(mem)];

	if (!pattern[0])
		memset(pattern, 0xa5, sizeof(pattern));
	UNIT_CHECK(memcmp(mem, pattern, GUARD) == 0, "wrote before the SCCB");
	UNIT_CHECK(memcmp(mem + GUARD + len, pattern, sizeof(mem) - GUARD - len) == 0,
		   "wrote past the SCCB's %u bytes", len);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = (uint8_t)v;
}

static uint16_t run(uint32_t cmd, uint16_t len, uint64_t storage, unsigned int cpus)
{
	struct sclp_vm_info vm = { storage, cpus };
	uint16_t rc;

	/* Everything past the SCCB is guard, whatever the test built there. */
	memset(sccb + len, 0xa5, sizeof(mem) - GUARD - len);
	rc = sclp_execute(&st, &vm, &console, cmd, sccb, len);

	check_guards(len);
	if (len >= 8)
		UNIT_CHECK(get16(sccb + 6) == rc, "response code not stored");
	return rc;
}

START_TEST(scp_info_describes_the_vm)
{
	reset(4096);
	ck_assert_uint_eq(run(CMD_READ_SCP_INFO, 4096, 32ULL << 20, 3), SCLP_RC_READ_OK);
	ck_assert_uint_eq(get16(sccb + 8) * sccb[10], 32);
	ck_assert_uint_eq(get16(sccb + 16), 3);
	ck_assert_uint_eq(get16(sccb + 18), 128);
	for (unsigned int i = 0; i < 3; i++)
		ck_assert_uint_eq(sccb[128 + 16 * i], i);
	ck_assert_uint_eq(get32(sccb + 100), 1);
	ck_assert_uint_eq((uint64_t)get32(sccb + 104) << 32 | get32(sccb + 108), 32);
}
END_TEST

START_TEST(scp_info_large_storage_uses_the_64bit_fields)
{
	reset(4096);
	ck_assert_uint_eq(run(0x00120001u, 4096, 128ULL << 30, 1), SCLP_RC_READ_OK);
	ck_assert_uint_eq(get16(sccb + 8), 0);
	ck_assert_uint_eq((uint64_t)get32(sccb + 104) << 32 | get32(sccb + 108),
			  128ULL << 10);
}
END_TEST

START_TEST(scp_info_too_short)
{
	reset(4096);
	ck_assert_uint_eq(run(CMD_READ_SCP_INFO, 128 + 16 * 2 - 1, 16ULL << 20, 2),
			  SCLP_RC_SHORT_SCCB);
	reset(7);
	ck_assert_uint_eq(run(CMD_READ_SCP_INFO, 7, 16ULL << 20, 1), SCLP_RC_SHORT_SCCB);
}
END_TEST

START_TEST(cpu_info)
{
	reset(256);
	ck_assert_uint_eq(run(CMD_READ_CPU_INFO, 256, 16ULL << 20, 4), SCLP_RC_READ_OK);
	ck_assert_uint_eq(get16(sccb + 8), 4);
	ck_assert_uint_eq(get16(sccb + 10), 16);
	ck_assert_uint_eq(sccb[16 + 16 * 3], 3);
	reset(64);
	ck_assert_uint_eq(run(CMD_READ_CPU_INFO, 64, 16ULL << 20, 4), SCLP_RC_SHORT_SCCB);
}
END_TEST

START_TEST(event_mask)
{
	reset(12 + 4 * 4);
	put16(sccb + 10, 4);
	sccb[12] = 0x80;                 /* guest receives type 1 */
	sccb[16] = 0x40;                 /* guest sends type 2 */
	sccb[19] = 0x40;                 /* and type 0x1a */
	ck_assert_uint_eq(run(CMD_WRITE_EVENT_MASK, 28, 1 << 20, 1), SCLP_RC_OK);
	ck_assert_uint_eq(st.cp_receive, 0x80000000u);
	ck_assert_uint_eq(st.cp_send, 0x40000040u);
	ck_assert_uint_eq(get32(sccb + 24), 0x40000040u);  /* SCLP receives 2, 0x1a */
	ck_assert_uint_eq(get32(sccb + 20), 0);            /* and sends nothing */
	reset(12 + 2 * 4);
	put16(sccb + 10, 2);
	ck_assert_uint_eq(run(CMD_WRITE_EVENT_MASK, 20, 1 << 20, 1), SCLP_RC_OK);
	ck_assert_uint_eq(get16(sccb + 18), 0x4000);
}
END_TEST

START_TEST(event_mask_bad_lengths)
{
	reset(64);
	put16(sccb + 10, 0);
	ck_assert_uint_eq(run(CMD_WRITE_EVENT_MASK, 64, 1 << 20, 1), SCLP_RC_INVALID_MASK_LENGTH);
	reset(64);
	put16(sccb + 10, 14);            /* 4 masks of 14 bytes do not fit */
	ck_assert_uint_eq(run(CMD_WRITE_EVENT_MASK, 64, 1 << 20, 1), SCLP_RC_INVALID_MASK_LENGTH);
	reset(11);
	ck_assert_uint_eq(run(CMD_WRITE_EVENT_MASK, 11, 1 << 20, 1), SCLP_RC_SHORT_SCCB);
}
END_TEST

/* Append an event buffer; returns the new length. */
static uint16_t add_vt220(uint16_t len, const char *text)
{
	size_t n = strlen(text);

	put16(sccb + len, (uint16_t)(6 + n));
	sccb[len + 2] = 0x1a;
	memcpy(sccb + len + 6, text, n);
	return (uint16_t)(len + 6 + n);
}

/* A line-mode message: MDB header, GO, one MTO with EBCDIC "hi 42". */
static uint16_t add_message(uint16_t len)
{
	static const uint8_t text[] = { 0x88, 0x89, 0x40, 0xf4, 0xf2 };
	uint16_t mto = 10 + sizeof(text), mdb = 12 + 4 + mto;

	put16(sccb + len, (uint16_t)(6 + mdb));
	sccb[len + 2] = 0x02;
	put16(sccb + len + 6, mdb);
	put16(sccb + len + 8, 1);
	put16(sccb + len + 18, 4);
	put16(sccb + len + 20, 1);
	put16(sccb + len + 22, mto);
	put16(sccb + len + 24, 4);
	memcpy(sccb + len + 32, text, sizeof(text));
	return (uint16_t)(len + 6 + mdb);
}

START_TEST(write_every_buffer)
{
	uint16_t len, second;

	reset(4096);
	len = add_message(8);
	second = len;
	len = add_vt220(len, "vt220 says\nbye\n");
	put16(sccb, len);
	ck_assert_uint_eq(run(CMD_WRITE_EVENT_DATA, len, 1 << 20, 1), SCLP_RC_OK);
	ck_assert_uint_eq(out_len, strlen("hi 42\nvt220 says\nbye\n"));
	ck_assert(memcmp(out, "hi 42\nvt220 says\nbye\n", out_len) == 0);
	ck_assert(sccb[8 + 3] & 0x80);
	ck_assert(sccb[second + 3] & 0x80);
}
END_TEST

START_TEST(one_console_when_vt220_is_enabled)
{
	uint16_t len, second;

	reset(4096);
	st.cp_send = 0x40000040u;        /* the guest sends types 2 and 0x1a */
	len = add_message(8);
	second = len;
	len = add_vt220(len, "once\n");
	put16(sccb, len);
	ck_assert_uint_eq(run(CMD_WRITE_EVENT_DATA, len, 1 << 20, 1), SCLP_RC_OK);
	ck_assert_uint_eq(out_len, 5);
	ck_assert(memcmp(out, "once\n", 5) == 0);
	ck_assert(sccb[8 + 3] & 0x80);
	ck_assert(sccb[second + 3] & 0x80);
}
END_TEST

START_TEST(write_checks_all_before_printing)
{
	uint16_t len;

	reset(4096);
	len = add_vt220(8, "first\n");
	len = add_vt220(len, "second\n");
	sccb[len - 7 - 6 + 2] = 0x03;    /* second buffer: a type nobody takes */
	put16(sccb, len);
	ck_assert_uint_eq(run(CMD_WRITE_EVENT_DATA, len, 1 << 20, 1), SCLP_RC_INVALID_FUNCTION);
	ck_assert_uint_eq(out_len, 0);
	ck_assert_uint_eq(sccb[8 + 3], 0);
}
END_TEST

START_TEST(write_bad_lengths)
{
	uint16_t len;

	reset(4096);
	len = add_vt220(8, "x");
	put16(sccb + 8, 5);              /* shorter than its header */
	ck_assert_uint_eq(run(CMD_WRITE_EVENT_DATA, len, 1 << 20, 1), SCLP_RC_SYNTAX_ERROR);
	reset(4096);
	len = add_vt220(8, "xyz");
	put16(sccb + 8, 40);             /* beyond the SCCB */
	ck_assert_uint_eq(run(CMD_WRITE_EVENT_DATA, len, 1 << 20, 1),
			  SCLP_RC_INCONSISTENT_LENGTHS);
	reset(8);
	ck_assert_uint_eq(run(CMD_WRITE_EVENT_DATA, 8, 1 << 20, 1),
			  SCLP_RC_INCONSISTENT_LENGTHS);
	reset(4096);
	len = add_vt220(8, "xyz");
	sccb[2] = 0x80;                  /* not a normal write */
	ck_assert_uint_eq(run(CMD_WRITE_EVENT_DATA, len, 1 << 20, 1),
			  SCLP_RC_INVALID_FUNCTION);
	ck_assert_uint_eq(out_len, 0);
}
END_TEST

START_TEST(other_commands)
{
	reset(64);
	ck_assert_uint_eq(run(CMD_READ_EVENT_DATA, 64, 1 << 20, 1), SCLP_RC_NO_EVENTS);
	reset(64);
	ck_assert_uint_eq(run(0x00ff0001u, 64, 1 << 20, 1), SCLP_RC_INVALID_COMMAND);
}
END_TEST

/* ---- randomized run against a reference validator ---------------------- */

static uint64_t rng;

static uint64_t next(void)
{
	return unit_test_rand(&rng);
}

/* What write event data must answer, written the obvious way. */
static uint16_t reference_write(const uint8_t *s, uint16_t len)
{
	unsigned int off = 8, n = 0;

	if (s[2] != 0)
		return SCLP_RC_INVALID_FUNCTION;
	while (off < len) {
		unsigned int el;

		if (off + 6 > len)
			return SCLP_RC_INCONSISTENT_LENGTHS;
		el = get16(s + off);
		if (el < 6)
			return SCLP_RC_SYNTAX_ERROR;
		if (off + el > len)
			return SCLP_RC_INCONSISTENT_LENGTHS;
		if (s[off + 2] != 0x02 && s[off + 2] != 0x1a)
			return SCLP_RC_INVALID_FUNCTION;
		off += el;
		n++;
	}
	return n ? SCLP_RC_OK : SCLP_RC_INCONSISTENT_LENGTHS;
}

START_TEST(randomized)
{
	static const uint32_t cmds[] = {
		CMD_READ_SCP_INFO, CMD_READ_CPU_INFO, CMD_WRITE_EVENT_MASK,
		CMD_WRITE_EVENT_DATA, CMD_READ_EVENT_DATA, 0x12345678u,
	};
	uint64_t seed = unit_test_seed(0x5c1b5c1b2401ULL);

	rng = seed | 1;
	for (unsigned int iter = 0; iter < 20000; iter++) {
		uint32_t cmd = cmds[next() % 6];
		uint16_t len = (uint16_t)(next() % 600), want = 0;
		unsigned int cpus = 1 + next() % 8;
		uint16_t rc;

		reset(len);
		for (uint16_t i = 2; i < len; i++)
			sccb[i] = (uint8_t)next();
		if (len >= 8)
			sccb[6] = sccb[7] = 0;
		if (cmd == CMD_WRITE_EVENT_DATA && len >= 8 && next() % 2) {
			/* Mostly well-formed buffers, sometimes one spoiled. */
			uint16_t at = 8;

			sccb[2] = 0;
			while (at + 6 <= len && next() % 4) {
				uint16_t el = (uint16_t)(6 + next() % 40);

				if (at + el > len)
					el = (uint16_t)(len - at);
				put16(sccb + at, el);
				sccb[at + 2] = next() % 2 ? 0x1a : 0x02;
				at += el;
			}
			if (next() % 4 == 0 && at > 8)
				sccb[8 + 2] = (uint8_t)next();
		}
		if (cmd == CMD_WRITE_EVENT_DATA && len >= 8)
			want = reference_write(sccb, len);
		rc = run(cmd, len, (uint64_t)(1 + next() % 4096) << 20, cpus);
		if (len < 8) {
			UNIT_CHECK(rc == SCLP_RC_SHORT_SCCB,
				      "seed %#" PRIx64 " iter %u: rc %#x for len %u",
				      seed, iter, rc, len);
			continue;
		}
		if (cmd == CMD_WRITE_EVENT_DATA) {
			UNIT_CHECK(rc == want, "seed %#" PRIx64 " iter %u: rc %#x want %#x",
				      seed, iter, rc, want);
			if (rc != SCLP_RC_OK)
				UNIT_CHECK(out_len == 0, "seed %#" PRIx64 " iter %u: printed on error",
					      seed, iter);
		} else {
			UNIT_CHECK(out_len == 0, "seed %#" PRIx64 " iter %u", seed, iter);
		}
	}
}
END_TEST

static Suite *sclp_suite(void)
{
	Suite *s = suite_create("sclp");
	TCase *tc = unit_test_tcase(s, "sclp", NULL, 60);

	tcase_add_test(tc, scp_info_describes_the_vm);
	tcase_add_test(tc, scp_info_large_storage_uses_the_64bit_fields);
	tcase_add_test(tc, scp_info_too_short);
	tcase_add_test(tc, cpu_info);
	tcase_add_test(tc, event_mask);
	tcase_add_test(tc, event_mask_bad_lengths);
	tcase_add_test(tc, write_every_buffer);
	tcase_add_test(tc, one_console_when_vt220_is_enabled);
	tcase_add_test(tc, write_checks_all_before_printing);
	tcase_add_test(tc, write_bad_lengths);
	tcase_add_test(tc, other_commands);
	tcase_add_test(tc, randomized);
	return s;
}

int main(void)
{
	return unit_test_run(sclp_suite());
}
