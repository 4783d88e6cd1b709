/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for the s390 SCLP decoder (arch/s390/sclp_core.c): a
 * VM (1..64 CPUs, any storage size) sends a sequence of SCCBs, each with
 * a command (every one zarm knows, or any 32-bit value), a length from
 * the header (0..4096) and bytes from the input, against one sclp_state so
 * that a write event mask changes what later writes print and reads
 * return; between them console input arrives (sclp_input_push).
 *
 * After every command:
 *  - the returned response code is the one stored at offset 6 (len >= 8)
 *    and is one the SCLP architecture defines;
 *  - nothing outside the SCCB's len bytes is touched (each SCCB is a heap
 *    block of exactly len bytes, so AddressSanitizer sees one byte more),
 *    and bytes 0-5 of the header never change (but for a read event data
 *    that asked for a variable-length answer: a shorter length, the bit
 *    cleared);
 *  - console input is neither lost nor duplicated: the model holds what a
 *    reference queue holds, and a VT220 read returns exactly its head;
 *  - a refused command changed nothing: SCCB body, event masks, console;
 *  - write event data answers what a reference validator, written here
 *    the obvious way from the SCLP event-buffer rules, answers, and prints
 *    no more bytes than the SCCB holds;
 *  - read SCP / CPU info describe the VM's storage and CPUs exactly.
 *
 * Input: byte 0 CPUs, bytes 1-2 storage in MiB, then per step: command
 * selector (1; some push console input instead), length (2, modulo 4097),
 * the SCCB's bytes.
 */
#include <string.h>

#include "arch/s390/sclp_core.h"
#include "tests/fuzz/fuzz_util.h"

#define CMD_READ_SCP_INFO 0x00020001u
#define CMD_READ_SCP_INFO_FORCED 0x00120001u
#define CMD_READ_CPU_INFO 0x00010001u
#define CMD_WRITE_EVENT_MASK 0x00780005u
#define CMD_WRITE_EVENT_DATA 0x00760005u
#define CMD_READ_EVENT_DATA 0x00770005u

static unsigned int be16(const uint8_t *p)
{
	return (unsigned int)(p[0] << 8 | p[1]);
}

static size_t printed;
/* The console input the model should hold: a plain FIFO. */
static uint8_t ref_in[SCLP_INPUT_MAX];
static size_t ref_n;

static void ref_drop(size_t n)
{
	memmove(ref_in, ref_in + n, ref_n - n);
	ref_n -= n;
}

static void check_input(const struct sclp_state *st)
{
	size_t first;

	FUZZ_CHECK(st->in.count == ref_n, "model holds %u input bytes, reference %zu",
		   st->in.count, ref_n);
	FUZZ_CHECK(st->in.head < SCLP_INPUT_MAX, "input head %u", st->in.head);
	/* The ring's two pieces, compared whole (memcmp, not a loop). */
	first = SCLP_INPUT_MAX - st->in.head < ref_n ? SCLP_INPUT_MAX - st->in.head
						      : ref_n;
	FUZZ_CHECK(!memcmp(st->in.data + st->in.head, ref_in, first) &&
		   !memcmp(st->in.data, ref_in + first, ref_n - first),
		   "input bytes differ from the reference");
}

/* A read event data answered: which input it took. */
static void check_read(const struct sclp_state *st, const uint8_t *s,
		       unsigned int len, const uint8_t *copy)
{
	unsigned int evlen = be16(s + 8), n, take;

	FUZZ_CHECK(evlen >= 6 && 8 + evlen <= len, "event of %u bytes in %u",
		   evlen, len);
	if (getenv("FUZZ_TRACE"))
		fprintf(stderr, "read event data: type %#x, %u bytes\n", s[10], evlen);
	if (copy[5] & 0x80)
		FUZZ_CHECK(be16(s) == 8 + evlen && !(s[5] & 0x80),
			   "variable-length answer: length %u, byte 5 %#x",
			   be16(s), s[5]);
	if (s[10] == 0x1a) {
		/* VT220: a session byte 0x00 (data), as Linux's sclp_vt220
		 * reads it, then the head of the input as it is. */
		n = evlen - 7;
		FUZZ_CHECK(evlen >= 8 && s[14] == 0x00, "VT220 session byte %#x", s[14]);
		FUZZ_CHECK(n >= 1 && n <= ref_n && !memcmp(s + 15, ref_in, n),
			   "VT220 read of %u bytes is not the input's head", n);
		FUZZ_CHECK(st->cp_receive & (1u << (32 - 0x1a)), "VT220 unasked");
		ref_drop(n);
		return;
	}
	FUZZ_CHECK(s[10] == 0x01, "event type %#x", s[10]);
	/* An operator command: one line (its newline goes too), at most 240. */
	for (n = 0; n < ref_n && ref_in[n] != '\n'; n++)
		;
	take = n < ref_n ? n + 1 : n;
	if (n > 240)
		take = 240;
	ref_drop(take);
}

static void count(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	FUZZ_CHECK(s != NULL || n == 0, "NULL text");
	printed += n;
}

/* Write event data by the event-buffer rules, knowing nothing of zarm's. */
static uint16_t ref_write(const uint8_t *s, unsigned int len)
{
	unsigned int at, bufs = 0;

	if (s[2])
		return SCLP_RC_INVALID_FUNCTION;
	for (at = 8; at < len;) {
		if (len - at < 6)
			return SCLP_RC_INCONSISTENT_LENGTHS;
		if (be16(s + at) < 6)
			return SCLP_RC_SYNTAX_ERROR;
		if (be16(s + at) > len - at)
			return SCLP_RC_INCONSISTENT_LENGTHS;
		if (s[at + 2] != 0x02 && s[at + 2] != 0x1a)
			return SCLP_RC_INVALID_FUNCTION;
		bufs++;
		at += be16(s + at);
	}
	return bufs ? SCLP_RC_OK : SCLP_RC_INCONSISTENT_LENGTHS;
}

static bool known_rc(uint16_t rc)
{
	switch (rc) {
	case SCLP_RC_READ_OK: case SCLP_RC_OK: case SCLP_RC_BOUNDARY:
	case SCLP_RC_INVALID_COMMAND: case SCLP_RC_SHORT_SCCB:
	case SCLP_RC_INVALID_FUNCTION: case SCLP_RC_NO_EVENTS:
	case SCLP_RC_INCONSISTENT_LENGTHS: case SCLP_RC_SYNTAX_ERROR:
	case SCLP_RC_INVALID_MASK_LENGTH: case SCLP_RC_EXCEEDS_SCCB:
		return true;
	}
	return false;
}

static void check_info(uint32_t cmd, const uint8_t *s, unsigned int len,
		       const struct sclp_vm_info *vm)
{
	uint64_t mib = vm->storage >> 20;
	unsigned int i, n = vm->nr_cpus;

	if (cmd == CMD_READ_CPU_INFO) {
		FUZZ_CHECK(len >= 16 + 16 * n, "short SCCB answered");
		FUZZ_CHECK(be16(s + 8) == n && be16(s + 10) == 16,
			   "CPU count/offset %u/%u", be16(s + 8), be16(s + 10));
		for (i = 0; i < n; i++)
			FUZZ_CHECK(s[16 + 16 * i] == i, "CPU %u address", i);
		return;
	}
	FUZZ_CHECK(len >= 128 + 16 * n, "short SCCB answered");
	FUZZ_CHECK(be16(s + 8) == (mib > 0xffff ? 0 : mib), "rnmax");
	FUZZ_CHECK(be16(s + 16) == n && be16(s + 120) == n - 1, "CPU count");
	FUZZ_CHECK(((uint64_t)be16(s + 104) << 48 | (uint64_t)be16(s + 106) << 32 |
		    (uint64_t)be16(s + 108) << 16 | be16(s + 110)) == mib,
		   "rnmax2");
	for (i = 0; i < n; i++)
		FUZZ_CHECK(s[128 + 16 * i] == i, "CPU %u address", i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t cmds[] = {
		CMD_READ_SCP_INFO, CMD_READ_SCP_INFO_FORCED, CMD_READ_CPU_INFO,
		CMD_WRITE_EVENT_MASK, CMD_WRITE_EVENT_DATA,
		CMD_READ_EVENT_DATA,
	};
	struct fz_in in = fz_in(data, size);
	static struct sclp_state st;
	struct sclp_console con = { count, NULL };
	struct sclp_vm_info vm;
	unsigned int k;

	memset(&st, 0, sizeof(st));
	ref_n = 0;
	vm.nr_cpus = 1 + fz_u8(&in) % 64;
	vm.storage = (uint64_t)(1 + fz_u16(&in)) << 20;
	for (k = 0; k < 16 && !fz_done(&in); k++) {
		uint8_t sel = fz_u8(&in);
		uint32_t cmd;
		unsigned int len;

		if (sel >= 6 * 40 && sel < 6 * 40 + 8) { /* console input */
			uint8_t buf[256];
			size_t n = fz_u8(&in), room = SCLP_INPUT_MAX - ref_n, got;

			fz_bytes(&in, buf, n);
			got = sclp_input_push(&st, buf, n);
			FUZZ_CHECK(got == (n < room ? n : room), "took %zu of %zu",
				   got, n);
			memcpy(ref_in + ref_n, buf, got);
			ref_n += got;
			check_input(&st);
			continue;
		}
		cmd = sel < 6 * 40 ? cmds[sel % 6] : fz_u32(&in);
		len = fz_u16(&in) % 4097;
		if (sel >= 6 * 40 + 8 && sel < 6 * 40 + 12) {
			/* A well-formed write event mask, as Linux sends it: the
			 * receive mask from the input (VT220, operator commands
			 * and others), so that input can be read. */
			cmd = CMD_WRITE_EVENT_MASK;
			len = 28;
		}
		uint8_t *s = malloc(len ? len : 1), *copy = malloc(len + 1);
		struct sclp_state was = st;
		uint16_t rc, want = 0;
		size_t out0 = printed;

		fz_bytes(&in, s, len);
		if (cmd == CMD_WRITE_EVENT_MASK && len == 28 && sel >= 6 * 40 + 8) {
			memset(s, 0, len);
			s[11] = 4;                       /* mask length */
			s[12] = (sel & 1) ? 0x80 : 0;    /* type 0x01: operator commands */
			s[15] = (sel & 2) ? 0x40 : 0;    /* type 0x1a: VT220 data */
		}
		if (len >= 2) { /* the header's length is what the caller used */
			s[0] = (uint8_t)(len >> 8);
			s[1] = (uint8_t)len;
		}
		memcpy(copy, s, len);
		if (cmd == CMD_WRITE_EVENT_DATA && len >= 8)
			want = ref_write(s, len);
		rc = sclp_execute(&st, &vm, &con, cmd, s, (uint16_t)len);
		FUZZ_CHECK(known_rc(rc), "response code %#x", rc);
		if (len < 8) {
			FUZZ_CHECK(rc == SCLP_RC_SHORT_SCCB, "rc %#x", rc);
			FUZZ_CHECK(!memcmp(s, copy, len), "short SCCB written");
		} else {
			FUZZ_CHECK(be16(s + 6) == rc, "stored %#x, returned %#x",
				   be16(s + 6), rc);
			if (cmd == CMD_READ_EVENT_DATA && rc == SCLP_RC_OK)
				FUZZ_CHECK(s[2] == copy[2] && s[3] == copy[3] &&
					   s[4] == copy[4], "header bytes 2-4 changed");
			else
				FUZZ_CHECK(!memcmp(s, copy, 6),
					   "header bytes 0-5 changed");
		}
		if (rc != SCLP_RC_OK && rc != SCLP_RC_READ_OK) {
			FUZZ_CHECK(len < 8 || !memcmp(s + 8, copy + 8, len - 8),
				   "refused command %#x (rc %#x) wrote the SCCB",
				   cmd, rc);
			FUZZ_CHECK(printed == out0, "refused command printed");
			FUZZ_CHECK(st.cp_receive == was.cp_receive &&
				   st.cp_send == was.cp_send,
				   "refused command changed the masks");
			FUZZ_CHECK(st.in.count == was.in.count &&
				   st.in.head == was.in.head,
				   "refused command took input");
		}
		if (cmd == CMD_WRITE_EVENT_DATA && len >= 8) {
			FUZZ_CHECK(rc == want, "write event data: rc %#x, reference %#x",
				   rc, want);
			FUZZ_CHECK(printed - out0 <= len, "printed %zu from %u bytes",
				   printed - out0, len);
		} else {
			FUZZ_CHECK(printed == out0, "command %#x printed", cmd);
		}
		if (rc == SCLP_RC_READ_OK)
			check_info(cmd, s, len, &vm);
		if (cmd == CMD_READ_EVENT_DATA && rc == SCLP_RC_OK)
			check_read(&st, s, len, copy);
		else if (cmd == CMD_READ_EVENT_DATA)
			FUZZ_CHECK(rc == SCLP_RC_NO_EVENTS || rc == SCLP_RC_EXCEEDS_SCCB ||
				   rc == SCLP_RC_SHORT_SCCB, "read event data: %#x", rc);
		check_input(&st);
		if (cmd != CMD_WRITE_EVENT_MASK || rc != SCLP_RC_OK)
			FUZZ_CHECK(st.cp_receive == was.cp_receive &&
				   st.cp_send == was.cp_send, "masks changed");
		free(s);
		free(copy);
	}
	return 0;
}
