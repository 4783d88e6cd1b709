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

/* A new SCCB of @len bytes, the masks and input kept. */
static void reset_keep_state(uint16_t len)
{
	struct sclp_state keep = st;

	reset(len);
	st = keep;
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
	ck_assert_uint_eq(get32(sccb + 20), 0x80000040u);  /* and sends 1, 0x1a: input */
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

/* ---- console input: read event data -------------------------------------- */

static void receive(uint32_t mask)
{
	st.cp_receive = mask;
}

static void push(const char *text)
{
	size_t n = strlen(text);

	ck_assert_uint_eq(sclp_input_push(&st, (const uint8_t *)text, n), n);
}

START_TEST(input_vt220_as_typed)
{
	reset(64);
	push("ls -l\n\x03x");
	ck_assert(!sclp_input_pending(&st));		/* nobody receives yet */
	ck_assert_uint_eq(run(CMD_READ_EVENT_DATA, 64, 1 << 20, 1), SCLP_RC_NO_EVENTS);
	receive(0x00000040u);				/* VT220 */
	ck_assert(sclp_input_pending(&st));
	reset_keep_state(64);
	ck_assert_uint_eq(run(CMD_READ_EVENT_DATA, 64, 1 << 20, 1), SCLP_RC_OK);
	ck_assert_uint_eq(get16(sccb + 8), 6 + 1 + 8);
	ck_assert_uint_eq(sccb[10], 0x1a);
	ck_assert_uint_eq(sccb[14], 0x00);		/* session byte: data */
	ck_assert_mem_eq(sccb + 15, "ls -l\n\x03x", 8);
	ck_assert(!sclp_input_pending(&st));
	ck_assert_uint_eq(sclp_input_room(&st), SCLP_INPUT_MAX);
	reset_keep_state(64);
	ck_assert_uint_eq(run(CMD_READ_EVENT_DATA, 64, 1 << 20, 1), SCLP_RC_NO_EVENTS);
}
END_TEST

START_TEST(input_vt220_in_pieces_and_variable_length)
{
	reset(24);
	receive(0x00000040u);
	push("0123456789abcdefXYZ");
	/* 25 bytes: header 8, event header 6, session byte, 10 of text. */
	reset_keep_state(25);
	ck_assert_uint_eq(run(CMD_READ_EVENT_DATA, 25, 1 << 20, 1), SCLP_RC_OK);
	ck_assert_uint_eq(get16(sccb + 8), 17);
	ck_assert_uint_eq(sccb[14], 0x00);
	ck_assert_mem_eq(sccb + 15, "0123456789", 10);
	ck_assert(sclp_input_pending(&st));
	reset_keep_state(200);
	sccb[5] = 0x80;				/* variable-length response */
	ck_assert_uint_eq(run(CMD_READ_EVENT_DATA, 200, 1 << 20, 1), SCLP_RC_OK);
	ck_assert_uint_eq(get16(sccb), 8 + 6 + 1 + 9);
	ck_assert_uint_eq(sccb[5], 0);
	ck_assert_mem_eq(sccb + 15, "abcdefXYZ", 9);
	/* No room for one byte after the session byte: the SCCB is too short. */
	push("q");
	reset_keep_state(15);
	ck_assert_uint_eq(run(CMD_READ_EVENT_DATA, 15, 1 << 20, 1), SCLP_RC_EXCEEDS_SCCB);
	ck_assert(sclp_input_pending(&st));
}
END_TEST

/* An operator command: the GDS prefix's lengths, then the text in EBCDIC. */
static void check_opcmd(const char *line)
{
	unsigned int n = (unsigned int)strlen(line);
	const uint8_t *ev = sccb + 8, *gds = ev + 6;

	ck_assert_uint_eq(get16(ev), 6 + 87 + n);
	ck_assert_uint_eq(ev[2], 0x01);
	ck_assert_uint_eq(get16(gds), 87 + n);		/* MDS message unit */
	ck_assert_uint_eq(get16(gds + 2), 0x1310);
	ck_assert_uint_eq(get16(gds + 53), 34 + n);	/* CP-MSU */
	ck_assert_uint_eq(get16(gds + 55), 0x1212);
	ck_assert_uint_eq(get16(gds + 79), 8 + n);	/* text data */
	ck_assert_uint_eq(get16(gds + 81), 0x1320);
	ck_assert_uint_eq(gds[83], 4 + n);		/* self-defining */
	ck_assert_uint_eq(gds[84], 0x31);
	ck_assert_uint_eq(gds[85], 2 + n);		/* text */
	ck_assert_uint_eq(gds[86], 0x30);
	for (unsigned int i = 0; i < n; i++) {
		char c = line[i];
		uint8_t want = c == ' ' ? 0x40 : c == '-' ? 0x60 : c == '|' ? 0xbb :
			       c >= '0' && c <= '9' ? (uint8_t)(0xf0 + c - '0') :
			       c >= 'a' && c <= 'i' ? (uint8_t)(0x81 + c - 'a') :
			       c >= 'j' && c <= 'r' ? (uint8_t)(0x91 + c - 'j') :
			       (uint8_t)(0xa2 + c - 's');

		ck_assert_msg(gds[87 + i] == want, "byte %u of '%s': %#x, want %#x", i, line,
			      gds[87 + i], want);
	}
}

START_TEST(input_line_mode_one_command_per_event)
{
	reset(512);
	receive(0x80000000u);				/* operator commands only */
	push("ls -l | wc\necho 42\npart");
	ck_assert_uint_eq(run(CMD_READ_EVENT_DATA, 512, 1 << 20, 1), SCLP_RC_OK);
	check_opcmd("ls -l | wc");
	reset_keep_state(512);
	ck_assert_uint_eq(run(CMD_READ_EVENT_DATA, 512, 1 << 20, 1), SCLP_RC_OK);
	check_opcmd("echo 42");
	/* A line without its newline yet goes as it is. */
	reset_keep_state(512);
	ck_assert_uint_eq(run(CMD_READ_EVENT_DATA, 512, 1 << 20, 1), SCLP_RC_OK);
	check_opcmd("part");
	ck_assert(!sclp_input_pending(&st));
	/* Too small for the prefix and the line: nothing taken. */
	push("abc\n");
	reset_keep_state(8 + 6 + 87 + 2);
	ck_assert_uint_eq(run(CMD_READ_EVENT_DATA, 8 + 6 + 87 + 2, 1 << 20, 1),
			  SCLP_RC_EXCEEDS_SCCB);
	ck_assert_uint_eq(sclp_input_room(&st), SCLP_INPUT_MAX - 4);
}
END_TEST

static uint8_t ebcdic_of(uint8_t c)
{
	if (c == ' ')
		return 0x40;
	if (c >= '0' && c <= '9')
		return (uint8_t)(0xf0 + c - '0');
	if (c >= 'a' && c <= 'i')
		return (uint8_t)(0x81 + c - 'a');
	if (c >= 'j' && c <= 'r')
		return (uint8_t)(0x91 + c - 'j');
	return (uint8_t)(0xa2 + c - 's');
}

/*
 * Random input (letters, digits, blanks, newlines), random masks and SCCB
 * sizes, read back against a reference queue: VT220 events carry the next
 * bytes as they are, operator commands the next line; nothing is lost,
 * repeated or reordered, and nothing outside the SCCB is written.
 */
START_TEST(input_randomized)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789 \n";
	static uint8_t ref[1 << 20];
	uint64_t r = unit_test_seed(0x1a2401) | 1;
	size_t in = 0, out_at = 0;
	struct sclp_state keep;

	memset(&keep, 0, sizeof(keep));
	for (unsigned int iter = 0; iter < 20000; iter++) {
		uint64_t x = unit_test_rand(&r);
		uint16_t len = (uint16_t)(8 + (x >> 8) % 400), rc;

		if (x % 3 == 0) {
			uint8_t b[64];
			size_t n = (x >> 20) % 64, took;

			for (size_t i = 0; i < n; i++)
				b[i] = (uint8_t)alphabet[unit_test_rand(&r) % (sizeof(alphabet) - 1)];
			took = sclp_input_push(&keep, b, n);
			memcpy(ref + in, b, took);
			in += took;
			continue;
		}
		keep.cp_receive = (x >> 40) % 4 == 0 ? 0 : (x >> 40) % 4 == 1 ? 0x80000000u :
				  0x80000040u;
		reset(len);
		st = keep;
		rc = run(CMD_READ_EVENT_DATA, len, 1 << 20, 1);
		keep = st;
		if (!keep.cp_receive || in == out_at) {
			UNIT_CHECK(rc == SCLP_RC_NO_EVENTS, "iter %u: rc %#x with nothing to read",
				   iter, rc);
			continue;
		}
		if (rc == SCLP_RC_EXCEEDS_SCCB)
			continue;
		UNIT_CHECK(rc == SCLP_RC_OK, "iter %u: rc %#x", iter, rc);
		if (sccb[10] == 0x1a) {
			unsigned int n = get16(sccb + 8) - 7;

			UNIT_CHECK(sccb[14] == 0x00, "iter %u: session byte %#x", iter, sccb[14]);
			UNIT_CHECK(n && n <= in - out_at, "iter %u: %u bytes", iter, n);
			UNIT_CHECK(memcmp(sccb + 15, ref + out_at, n) == 0, "iter %u: VT220 data", iter);
			out_at += n;
		} else {
			unsigned int n = get16(sccb + 8) - 6 - 87, i;

			UNIT_CHECK(sccb[10] == 0x01, "iter %u: event type %#x", iter, sccb[10]);
			for (i = 0; i < n; i++)
				UNIT_CHECK(sccb[14 + 87 + i] == ebcdic_of(ref[out_at + i]),
					   "iter %u: byte %u", iter, i);
			UNIT_CHECK(out_at + n == in || ref[out_at + n] == '\n' || n == 240,
				   "iter %u: the line ended early", iter);
			out_at += n;
			if (out_at < in && ref[out_at] == '\n' && n < 240)
				out_at++;
		}
		UNIT_CHECK(sclp_input_room(&keep) == SCLP_INPUT_MAX - (in - out_at),
			   "iter %u: room", iter);
	}
}
END_TEST

START_TEST(input_room_is_bounded)
{
	static uint8_t big[SCLP_INPUT_MAX + 10];

	reset(64);
	memset(big, 'k', sizeof(big));
	ck_assert_uint_eq(sclp_input_push(&st, big, sizeof(big)), SCLP_INPUT_MAX);
	ck_assert_uint_eq(sclp_input_room(&st), 0);
	ck_assert_uint_eq(sclp_input_push(&st, big, 1), 0);
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
	tcase_add_test(tc, input_vt220_as_typed);
	tcase_add_test(tc, input_vt220_in_pieces_and_variable_length);
	tcase_add_test(tc, input_line_mode_one_command_per_event);
	tcase_add_test(tc, input_room_is_bounded);
	tcase_add_test(tc, input_randomized);
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
