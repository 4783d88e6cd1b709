/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SCLP requests a VM makes, decoded and answered on the SCCB bytes
 * alone (plain C: unit-tested on the build machine and big-endian s390x).
 * sclp.c checks the SCCB's address and length in guest storage first.
 * A write event data is checked as a whole (every buffer's length and
 * type) before any byte of it reaches the console.
 */
#include "arch/s390/sclp_core.h"

#include <stdbool.h>

#include "common/string.h"

#define CMD_READ_SCP_INFO 0x00020001u
#define CMD_READ_SCP_INFO_FORCED 0x00120001u
#define CMD_READ_CPU_INFO 0x00010001u
#define CMD_WRITE_EVENT_MASK 0x00780005u
#define CMD_WRITE_EVENT_DATA 0x00760005u
#define CMD_READ_EVENT_DATA 0x00770005u


#define EV_OPCMD 0x01
#define EV_MESSAGE 0x02
#define EV_VT220 0x1a
#define EV_PROCESSED 0x80
#define EV_HEADER_LEN 6
/* VT220 input starts with a session byte: 0x00 data (0x80 started, 0x01 ended). */
#define VT220_SESSION_DATA 0x00
#define SCCB_VARIABLE 0x80	/* header byte 5: answer sets the length */
/* Event types the SCLP accepts from the guest, as a 32-bit mask. */
#define MASK_OF(t) (1u << (32 - (t)))
#define SCLP_RECEIVE (MASK_OF(EV_MESSAGE) | MASK_OF(EV_VT220))
/* ... and those it sends: console input, both ways. */
#define SCLP_SEND (MASK_OF(EV_OPCMD) | MASK_OF(EV_VT220))
#define INPUT_EVENTS SCLP_SEND
/*
 * An operator command is a GDS structure around its text (what an HMC,
 * and Hercules, hand over): an MDS message unit holding a CP-MSU holding
 * a text-data vector, its self-defining and text subvectors last. The
 * fixed part, 87 bytes, with the lengths at the offsets named below.
 */
#define OPCMD_PREFIX 87
#define OPCMD_MSU_LEN 0		/* these lengths count to the end */
#define OPCMD_CPMSU_LEN 53
#define OPCMD_TEXT_LEN 79
#define OPCMD_SDT_LEN 83
#define OPCMD_TM_LEN 85
#define OPCMD_LINE_MAX 240

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, (uint16_t)v);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, v >> 32);
	put32(p + 4, (uint32_t)v);
}

static uint16_t read_scp_info(const struct sclp_vm_info *vm, uint8_t *s,
			      uint16_t len)
{
	uint16_t need = 128 + 16 * vm->nr_cpus;
	uint64_t mib = vm->storage >> 20;

	if (len < need)
		return SCLP_RC_SHORT_SCCB;
	memset(s + 8, 0, len - 8);
	/* Storage: increments of 1 MiB (rnmax, rnsize; 64-bit forms too). */
	put16(s + 8, mib > 0xffff ? 0 : (uint16_t)mib);
	s[10] = 1;
	put16(s + 16, (uint16_t)vm->nr_cpus);
	put16(s + 18, 128);
	put32(s + 100, 1);
	put64(s + 104, mib);
	put16(s + 120, (uint16_t)(vm->nr_cpus - 1)); /* highest CPU address */
	for (unsigned int i = 0; i < vm->nr_cpus; i++)
		s[128 + 16 * i] = (uint8_t)i;
	return SCLP_RC_READ_OK;
}

static uint16_t read_cpu_info(const struct sclp_vm_info *vm, uint8_t *s,
			      uint16_t len)
{
	unsigned int n = vm->nr_cpus;

	if (len < 16 + 16 * n)
		return SCLP_RC_SHORT_SCCB;
	memset(s + 8, 0, len - 8);
	put16(s + 8, (uint16_t)n);  /* configured */
	put16(s + 10, 16);          /* their offset */
	put16(s + 12, 0);           /* standby */
	put16(s + 14, (uint16_t)(16 + 16 * n));
	for (unsigned int i = 0; i < n; i++)
		s[16 + 16 * i] = (uint8_t)i;
	return SCLP_RC_READ_OK;
}

static uint32_t get_mask(const uint8_t *p, unsigned int n)
{
	uint32_t m = 0;

	for (unsigned int i = 0; i < 4; i++)
		m = m << 8 | (i < n ? p[i] : 0);
	return m;
}

static void put_mask(uint8_t *p, unsigned int n, uint32_t m)
{
	for (unsigned int i = 0; i < n; i++)
		p[i] = i < 4 ? (uint8_t)(m >> (24 - 8 * i)) : 0;
}

static uint16_t write_event_mask(struct sclp_state *st, uint8_t *s, uint16_t len)
{
	unsigned int n;

	if (len < 12)
		return SCLP_RC_SHORT_SCCB;
	n = get16(s + 10);
	if (n < 1 || n > 1021 || len < 12 + 4 * n)
		return SCLP_RC_INVALID_MASK_LENGTH;
	st->cp_receive = get_mask(s + 12, n);
	st->cp_send = get_mask(s + 12 + n, n);
	put_mask(s + 12 + 2 * n, n, SCLP_SEND);
	put_mask(s + 12 + 3 * n, n, SCLP_RECEIVE);
	return SCLP_RC_OK;
}

/* EBCDIC (code page 500, which Linux uses) to ASCII; others become '.'. */
static char from_ebcdic(uint8_t c)
{
	static const char lower[] = "abcdefghi.......jklmnopqr........stuvwxyz";
	static const char upper[] = "ABCDEFGHI.......JKLMNOPQR........STUVWXYZ";

	if (c >= 0x81 && c <= 0xa9)
		return lower[c - 0x81];
	if (c >= 0xc1 && c <= 0xe9)
		return upper[c - 0xc1];
	if (c >= 0xf0 && c <= 0xf9)
		return (char)('0' + (c - 0xf0));
	switch (c) {
	case 0x40: return ' ';
	case 0x4a: return '[';   /* code page 500, as Linux writes */
	case 0x4b: return '.';
	case 0x4c: return '<';
	case 0x4d: return '(';
	case 0x4e: return '+';
	case 0x4f: return '!';
	case 0x50: return '&';
	case 0x5a: return ']';
	case 0x5b: return '$';
	case 0x5c: return '*';
	case 0x5d: return ')';
	case 0x5e: return ';';
	case 0x5f: return '^';
	case 0x60: return '-';
	case 0x61: return '/';
	case 0x6b: return ',';
	case 0x6c: return '%';
	case 0x6d: return '_';
	case 0x6e: return '>';
	case 0x6f: return '?';
	case 0x79: return '`';
	case 0x7a: return ':';
	case 0x7b: return '#';
	case 0x7c: return '@';
	case 0x7d: return '\'';
	case 0x7e: return '=';
	case 0x7f: return '"';
	case 0xa1: return '~';
	case 0xad: return '[';
	case 0xba: return '[';
	case 0xbb: return '|';
	case 0xbd: return ']';
	case 0xc0: return '{';
	case 0xd0: return '}';
	case 0xe0: return '\\';
	default: return '.';
	}
}

/* Message data block: print each message text object (type 4) as a line. */
static void write_mdb(const struct sclp_console *out, const uint8_t *p,
		      unsigned int len)
{
	unsigned int mdb_len, off;

	if (len < 12)
		return;
	mdb_len = get16(p);
	if (mdb_len > len)
		mdb_len = len;
	for (off = 12; off + 4 <= mdb_len;) {
		unsigned int olen = get16(p + off), type = get16(p + off + 2);

		if (olen < 4 || off + olen > mdb_len)
			break;
		if (type == 4 && olen >= 10) {
			char line[SCLP_LINE_MAX];
			unsigned int n = 0;

			for (unsigned int i = 10; i < olen && n < sizeof(line); i++)
				line[n++] = from_ebcdic(p[off + i]);
			out->write(out->ctx, line, n);
			out->write(out->ctx, "\n", 1);
		}
		off += olen;
	}
}

/*
 * One console per VM: a guest that sends VT220 data (Linux writes every
 * message both ways) is heard on that channel only; its line-mode
 * messages are accepted and marked processed without being printed.
 */
static uint16_t write_event_data(const struct sclp_state *st,
				 const struct sclp_console *out, uint8_t *s,
				 uint16_t len)
{
	bool vt220 = st->cp_send & MASK_OF(EV_VT220);
	unsigned int off, total = 0;

	if (s[2] != 0)
		return SCLP_RC_INVALID_FUNCTION;
	/* Check every buffer's length and type before acting on any. */
	for (off = 8; off < len; off += get16(s + off)) {
		unsigned int el;

		if (off + 6 > len)
			return SCLP_RC_INCONSISTENT_LENGTHS;
		el = get16(s + off);
		if (el < 6)
			return SCLP_RC_SYNTAX_ERROR;
		if (off + el > len)
			return SCLP_RC_INCONSISTENT_LENGTHS;
		if (s[off + 2] != EV_MESSAGE && s[off + 2] != EV_VT220)
			return SCLP_RC_INVALID_FUNCTION;
		total++;
	}
	if (!total)
		return SCLP_RC_INCONSISTENT_LENGTHS;
	for (off = 8; off < len; off += get16(s + off)) {
		unsigned int el = get16(s + off);

		if (s[off + 2] == EV_VT220)
			out->write(out->ctx, (const char *)s + off + 6, el - 6);
		else if (!vt220)
			write_mdb(out, s + off + 6, el - 6);
		s[off + 3] |= EV_PROCESSED;
	}
	return SCLP_RC_OK;
}

size_t sclp_input_room(const struct sclp_state *st)
{
	return byte_ring_room(&st->in);
}

size_t sclp_input_push(struct sclp_state *st, const uint8_t *buf, size_t n)
{
	return byte_ring_push(&st->in, buf, n);
}

bool sclp_input_pending(const struct sclp_state *st)
{
	return st->in.count && (st->cp_receive & INPUT_EVENTS);
}

/* ASCII to EBCDIC code page 500, the inverse of from_ebcdic(). */
static uint8_t to_ebcdic(uint8_t c)
{
	for (unsigned int e = 0x40; e < 0x100; e++)
		if (e != 0xad && e != 0xba && e != 0xbd && (uint8_t)from_ebcdic((uint8_t)e) == c &&
		    (c != '.' || e == 0x4b))
			return (uint8_t)e;
	return 0x4b;	/* '.' */
}

/* The GDS wrapping of an operator command of @n text bytes at @p. */
static void opcmd_prefix(uint8_t *p, unsigned int n)
{
	static const uint8_t mdsmu[51] = {
		0x13, 0x10, 0x00, 0x25, 0x13, 0x11, 0x0e, 0x81, 0x03, 0x01, 0x00,
		0x03, 0x02, 0x00, 0x06, 0x03, 0x00, 0x00, 0x00, 0x00, 0x0e, 0x82,
		0x03, 0x01, 0x00, 0x03, 0x02, 0x00, 0x06, 0x03, 0x00, 0x00, 0x00,
		0x00, 0x05, 0x90, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x15, 0x49, 0x08,
		0x01, 0x03, 0x01, 0x00, 0x03, 0x02, 0x00,
	};
	static const uint8_t cpmsu[24] = {
		0x12, 0x12, 0x00, 0x12, 0x15, 0x4d, 0x0e, 0x06, 0x06, 0x10, 0x00,
		0x03, 0x00, 0x00, 0x06, 0x60, 0xd6, 0xc3, 0xc6, 0xc1, 0x00, 0x04,
		0x80, 0x70,
	};

	put16(p + OPCMD_MSU_LEN, (uint16_t)(OPCMD_PREFIX + n));
	memcpy(p + 2, mdsmu, sizeof(mdsmu));
	put16(p + OPCMD_CPMSU_LEN, (uint16_t)(OPCMD_PREFIX - OPCMD_CPMSU_LEN + n));
	memcpy(p + OPCMD_CPMSU_LEN + 2, cpmsu, sizeof(cpmsu));
	put16(p + OPCMD_TEXT_LEN, (uint16_t)(OPCMD_PREFIX - OPCMD_TEXT_LEN + n));
	p[OPCMD_TEXT_LEN + 2] = 0x13;	/* text data */
	p[OPCMD_TEXT_LEN + 3] = 0x20;
	p[OPCMD_SDT_LEN] = (uint8_t)(4 + n);	/* self-defining subvector */
	p[OPCMD_SDT_LEN + 1] = 0x31;
	p[OPCMD_TM_LEN] = (uint8_t)(2 + n);	/* text message */
	p[OPCMD_TM_LEN + 1] = 0x30;
}

/*
 * Read event data: console input as one event. VT220 data carries the
 * session byte "data" then the bytes as they are (as many as fit); an
 * operator command carries one line, without its newline, in EBCDIC.
 */
static uint16_t read_event_data(struct sclp_state *st, uint8_t *s, uint16_t len)
{
	uint8_t *ev = s + SCLP_HEADER_LEN;
	unsigned int room = len - SCLP_HEADER_LEN, n = 0, take, evlen;

	if (!sclp_input_pending(st))
		return SCLP_RC_NO_EVENTS;
	if (st->cp_receive & MASK_OF(EV_VT220)) {
		/* A session-control byte (data) leads the typed bytes. */
		if (room < EV_HEADER_LEN + 2)
			return SCLP_RC_EXCEEDS_SCCB;
		room -= EV_HEADER_LEN + 1;
		n = st->in.count < room ? st->in.count : room;
		ev[EV_HEADER_LEN] = VT220_SESSION_DATA;
		for (unsigned int i = 0; i < n; i++)
			ev[EV_HEADER_LEN + 1 + i] = byte_ring_at(&st->in, i);
		take = n++;
		ev[2] = EV_VT220;
	} else {
		while (n < st->in.count && byte_ring_at(&st->in, n) != '\n')
			n++;
		take = n < st->in.count ? n + 1 : n;	/* the newline goes too */
		if (n > OPCMD_LINE_MAX)
			n = take = OPCMD_LINE_MAX;
		if (room < EV_HEADER_LEN + OPCMD_PREFIX + n)
			return SCLP_RC_EXCEEDS_SCCB;
		opcmd_prefix(ev + EV_HEADER_LEN, n);
		for (unsigned int i = 0; i < n; i++)
			ev[EV_HEADER_LEN + OPCMD_PREFIX + i] = to_ebcdic(byte_ring_at(&st->in, i));
		n += OPCMD_PREFIX;
		ev[2] = EV_OPCMD;
	}
	evlen = EV_HEADER_LEN + n;
	put16(ev, (uint16_t)evlen);
	ev[3] = 0;
	ev[4] = ev[5] = 0;
	byte_ring_drop(&st->in, take);
	if (s[5] & SCCB_VARIABLE) {
		put16(s, (uint16_t)(SCLP_HEADER_LEN + evlen));
		s[5] &= (uint8_t)~SCCB_VARIABLE;
	}
	return SCLP_RC_OK;
}

uint16_t sclp_execute(struct sclp_state *st, const struct sclp_vm_info *vm,
		      const struct sclp_console *out, uint32_t cmd, uint8_t *s,
		      uint16_t len)
{
	uint16_t rc;

	if (len < SCLP_HEADER_LEN)
		return SCLP_RC_SHORT_SCCB;
	switch (cmd) {
	case CMD_READ_SCP_INFO:
	case CMD_READ_SCP_INFO_FORCED:
		rc = read_scp_info(vm, s, len);
		break;
	case CMD_READ_CPU_INFO:
		rc = read_cpu_info(vm, s, len);
		break;
	case CMD_WRITE_EVENT_MASK:
		rc = write_event_mask(st, s, len);
		break;
	case CMD_WRITE_EVENT_DATA:
		rc = write_event_data(st, out, s, len);
		break;
	case CMD_READ_EVENT_DATA:
		rc = read_event_data(st, s, len);
		break;
	default:
		rc = SCLP_RC_INVALID_COMMAND;
		break;
	}
	put16(s + 6, rc);
	return rc;
}

