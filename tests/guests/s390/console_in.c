/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Console input through the SCLP, as a guest's console driver sees it:
 * write event mask (the SCLP says it sends operator commands and VT220
 * data), the service signal whose parameter has the event-pending bit,
 * read event data with one event (VT220 data: the session byte "data",
 * then the bytes as typed; or one line as an
 * operator command: the GDS structure around the EBCDIC text), and "no
 * event buffers" once all was read. console_in.tap types two lines per VM
 * into zarm-run: "id X", then a line the letter X fixes, so each VM checks
 * it got its own. This build receives VT220 data; console_in_line.c the
 * same test receiving operator commands (line mode).
 */
#include "tests/guests/s390/rt.h"

#ifndef LINE_MODE
#define LINE_MODE 0
#endif

static uint8_t sccb[4096] __attribute__((aligned(4096)));
static volatile unsigned int signals, pending_signals;
static volatile uint32_t last_param;

void rt_ext(void)
{
	if (*(volatile uint16_t *)0x86 == 0x2401) {
		last_param = *(volatile uint32_t *)0x80;
		if (last_param & 3)
			pending_signals++;
		signals++;
	}
}

/* A request and its service signal; returns the cc (2: busy, retried). */
static int call(uint32_t cmd, void *s)
{
	unsigned int before;
	int cc;

	do {
		before = signals;
		cc = rt_servc(cmd, s);
	} while (cc == 2);
	if (cc == 0)
		while (signals == before)
			rt_barrier();
	return cc;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void fresh(unsigned int len)
{
	for (unsigned int i = 0; i < sizeof(sccb); i++)
		sccb[i] = 0;
	sccb[0] = (uint8_t)(len >> 8);
	sccb[1] = (uint8_t)len;
}

/* EBCDIC (code page 500) of what the test types: letters, digits, blank. */
static char ascii(uint8_t e)
{
	if (e >= 0x81 && e <= 0x89)
		return (char)('a' + e - 0x81);
	if (e >= 0x91 && e <= 0x99)
		return (char)('j' + e - 0x91);
	if (e >= 0xa2 && e <= 0xa9)
		return (char)('s' + e - 0xa2);
	if (e >= 0xf0 && e <= 0xf9)
		return (char)('0' + e - 0xf0);
	return e == 0x40 ? ' ' : '?';
}

static char line[160];
static unsigned int events, bad_events;
static char vt_buf[512];		/* VT220 bytes read but not yet a line */
static unsigned int vt_len;

/* A whole line from the VT220 bytes read so far, if there is one. */
static bool vt_line(void)
{
	for (unsigned int i = 0; i < vt_len; i++) {
		if (vt_buf[i] != '\n')
			continue;
		for (unsigned int j = 0; j < i && j < sizeof(line) - 1; j++)
			line[j] = vt_buf[j];
		line[i < sizeof(line) - 1 ? i : sizeof(line) - 1] = 0;
		for (unsigned int j = i + 1; j < vt_len; j++)
			vt_buf[j - i - 1] = vt_buf[j];
		vt_len -= i + 1;
		return true;
	}
	return false;
}

/* Wait for input and read one line of it (VT220: up to its newline). */
static bool read_line(void)
{
	unsigned int n = 0;
	uint64_t spins = 0;

	for (;;) {
		if (!LINE_MODE && vt_line())
			return true;
		while (!pending_signals && spins++ < 4000000000ULL)
			rt_barrier();
		if (!pending_signals)
			return false;
		pending_signals = 0;
		fresh(sizeof(sccb));
		if (call(0x00770005, sccb) || get16(sccb + 6) != 0x0020)
			continue;	/* no event after all: wait again */
		events++;
		if (LINE_MODE) {
			unsigned int len = get16(sccb + 8);

			if (sccb[10] != 0x01 || len < 6 + 87 || get16(sccb + 14) != len - 6 ||
			    sccb[14 + 86] != 0x30) {
				bad_events++;
				continue;
			}
			for (unsigned int i = 6 + 87; i < len && n < sizeof(line) - 1; i++)
				line[n++] = ascii(sccb[8 + i]);
			line[n] = 0;
			/* More may wait: the parameter of that signal says so. */
			if (last_param & 3)
				pending_signals++;
			return true;
		}
		/* VT220 input: a session byte, 0x00 for data, then the bytes. */
		if (sccb[10] != 0x1a || get16(sccb + 8) < 8 || sccb[14] != 0x00) {
			bad_events++;
			continue;
		}
		for (unsigned int i = 7; i < get16(sccb + 8) && vt_len < sizeof(vt_buf); i++)
			vt_buf[vt_len++] = (char)sccb[8 + i];
		if (last_param & 3)
			pending_signals++;
	}
}

static bool expected_second(char letter)
{
	static const char tail[] = " says 0123456789 abcdefghijklmnopqrstuvwxyz";

	if (line[0] != letter)
		return false;
	for (unsigned int i = 0; i < sizeof(tail); i++)
		if (line[1 + i] != tail[i])
			return false;
	return true;
}

int main(void)
{
	char letter;
	int cc;

	rt_plan(6);
	rt_enable_ext(0x200);
	fresh(12 + 4 * 4);
	sccb[11] = 4;
	if (LINE_MODE)
		sccb[12] = 0x80;	/* we receive type 1, operator commands */
	else
		sccb[15] = 0x40;	/* we receive type 0x1A, VT220 data */
	sccb[12 + 4 + 1] = 0x40;	/* and send type 2 */
	cc = call(0x00780005, sccb);
	rt_ok(cc == 0 && get16(sccb + 6) == 0x0020 && (sccb[12 + 8] & 0x80) &&
	      (sccb[12 + 11] & 0x40),
	      "write event mask: the SCLP sends operator commands and VT220 data");

	rt_ok(read_line() && line[0] == 'i' && line[1] == 'd' && line[2] == ' ',
	      "%s input arrives after a service signal with the event bit",
	      LINE_MODE ? "operator-command" : "VT220");
	letter = line[3];
	rt_printf("# input id %c\n", letter);
	rt_ok(read_line() && expected_second(letter), "the second line is the one for '%c'",
	      letter);
	rt_ok(events >= (LINE_MODE ? 2u : 1u) && bad_events == 0,
	      "%u well-formed events (a line each in line mode), %u malformed", events,
	      bad_events);
	fresh(sizeof(sccb));
	cc = call(0x00770005, sccb);
	rt_ok(cc == 0 && get16(sccb + 6) == 0x60f0, "all read: no event buffers (0x%04x)",
	      get16(sccb + 6));
	rt_ok(letter >= 'a' && letter <= 'z', "the input was typed for a VM (id '%c')", letter);
	return (int)rt_failures();
}
