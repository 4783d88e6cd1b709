/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SCLP as a VM sees it through SERVICE CALL: read SCP info describes
 * this VM (mem=32M, vcpus=2), write event mask, write event data with a
 * line-mode message and VT220 data in one SCCB (both buffers printed and
 * marked processed), the service signal carrying the SCCB address, cc 2
 * while it is pending, and the architected response codes for errors.
 */
#include "tests/guests/s390/rt.h"

#define MIB (1ULL << 20)

static uint8_t sccb[4096] __attribute__((aligned(4096)));
static uint8_t sccb2[8192] __attribute__((aligned(4096)));
static volatile unsigned int signals;
static volatile uint32_t last_param;

void rt_ext(void)
{
	if (*(volatile uint16_t *)0x86 == 0x2401) {
		last_param = *(volatile uint32_t *)0x80;
		signals++;
	}
}

static void ext_off(void)
{
	uint8_t m;

	asm volatile("stnsm %0,0xfe" : "=Q"(m) : : "memory");
}

static void ext_on(void)
{
	uint8_t m;

	asm volatile("stosm %0,0x01" : "=Q"(m) : : "memory");
}

/* Issue a request and wait for its service signal; returns the cc. */
static int call(uint32_t cmd, void *s)
{
	unsigned int before = signals;
	int cc = rt_servc(cmd, s);

	if (cc == 0)
		while (signals == before)
			rt_barrier();
	return cc;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = (uint8_t)v;
}

static uint8_t ebcdic(char c)
{
	if (c >= 'a' && c <= 'i')
		return (uint8_t)(0x81 + c - 'a');
	if (c >= 'j' && c <= 'r')
		return (uint8_t)(0x91 + c - 'j');
	if (c >= 's' && c <= 'z')
		return (uint8_t)(0xa2 + c - 's');
	if (c == '-')
		return 0x60;
	return 0x40;
}

static void clear(uint8_t *p, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		p[i] = 0;
}

/* SCCB with a line-mode message buffer then a VT220 buffer. */
static uint16_t build_write(uint8_t *s)
{
	static const char line[] = "sclp line-mode hello";
	static const char vt[] = "sclp vt220 hello\n";
	unsigned int off = 8, tl = sizeof(line) - 1, mdb, mto;

	clear(s, 4096);
	/* Event buffer type 2: header, MDB header, GO, MTO with the text. */
	mto = 10 + tl;
	mdb = 12 + 4 + mto;                 /* MDB header + minimal GO + MTO */
	put16(s + off, (uint16_t)(6 + mdb));
	s[off + 2] = 0x02;
	put16(s + off + 6, (uint16_t)mdb);
	put16(s + off + 8, 0x0001);
	s[off + 10] = 0xd4; s[off + 11] = 0xc4; s[off + 12] = 0xc2; s[off + 13] = 0x40;
	put16(s + off + 6 + 12, 4);         /* GO: length 4, type 1 */
	put16(s + off + 6 + 14, 0x0001);
	put16(s + off + 6 + 16, (uint16_t)mto);
	put16(s + off + 6 + 18, 0x0004);
	for (unsigned int i = 0; i < tl; i++)
		s[off + 6 + 16 + 10 + i] = ebcdic(line[i]);
	off += 6 + mdb;
	/* Event buffer type 0x1A: ASCII. */
	put16(s + off, (uint16_t)(6 + sizeof(vt) - 1));
	s[off + 2] = 0x1a;
	for (unsigned int i = 0; i < sizeof(vt) - 1; i++)
		s[off + 6 + i] = (uint8_t)vt[i];
	off += 6 + sizeof(vt) - 1;
	put16(s, (uint16_t)off);
	return (uint16_t)(6 + mdb + 8);     /* offset of the second buffer */
}

int main(void)
{
	uint16_t second;
	int cc;

	rt_plan(14);
	rt_enable_ext(0x200);

	clear(sccb, 4096);
	put16(sccb, 4096);
	cc = call(0x00020001, sccb);
	rt_ok(cc == 0 && get16(sccb + 6) == 0x0010,
	      "read SCP info: cc %d response 0x%04x", cc, get16(sccb + 6));
	rt_ok(get16(sccb + 8) * (uint64_t)sccb[10] * MIB == 32 * MIB,
	      "storage is the VM's 32 MiB (%u x %u MiB)", get16(sccb + 8), sccb[10]);
	rt_ok(get16(sccb + 16) == 2, "two CPUs described (%u)", get16(sccb + 16));
	rt_ok(last_param == (uint32_t)(unsigned long)sccb,
	      "service signal carries the SCCB address (0x%x)", last_param);

	clear(sccb, 4096);
	put16(sccb, 12 + 4 * 4);
	put16(sccb + 10, 4);
	sccb[12 + 4] = 0x40;                     /* we send type 2 */
	sccb[12 + 7] = 0x40;                     /* and type 0x1A */
	cc = call(0x00780005, sccb);
	rt_ok(cc == 0 && get16(sccb + 6) == 0x0020 && (sccb[12 + 12] & 0x40) &&
	      (sccb[12 + 15] & 0x40),
	      "write event mask: SCLP receives types 2 and 0x1A (response 0x%04x)",
	      get16(sccb + 6));

	second = build_write(sccb);
	cc = call(0x00760005, sccb);
	rt_ok(cc == 0 && get16(sccb + 6) == 0x0020,
	      "write event data, two buffers: response 0x%04x", get16(sccb + 6));
	rt_ok((sccb[8 + 3] & 0x80) && (sccb[second + 3] & 0x80),
	      "both event buffers marked processed");

	/* Service signal pending while disabled: busy; delivered on enable. */
	ext_off();
	clear(sccb, 4096);
	put16(sccb, 4096);
	cc = rt_servc(0x00770005, sccb);
	rt_ok(cc == 0, "read event data accepted while disabled (cc %d)", cc);
	cc = rt_servc(0x00020001, sccb2);
	rt_ok(cc == 2, "SERVC with a service signal pending: busy (cc %d)", cc);
	{
		unsigned int before = signals;

		ext_on();
		while (signals == before)
			rt_barrier();
	}
	rt_ok(get16(sccb + 6) == 0x60f0, "read event data: no event buffers (0x%04x)",
	      get16(sccb + 6));

	clear(sccb2, 8192);
	put16(sccb2 + 4000, 200);
	cc = call(0x00020001, sccb2 + 4000);
	rt_ok(cc == 0 && get16(sccb2 + 4000 + 6) == 0x0100,
	      "SCCB crossing a page boundary: response 0x%04x", get16(sccb2 + 4000 + 6));

	clear(sccb, 4096);
	put16(sccb, 64);
	cc = call(0x00ff0001, sccb);
	rt_ok(cc == 0 && get16(sccb + 6) == 0x01f0,
	      "unknown SCLP command: response 0x%04x", get16(sccb + 6));

	clear(sccb, 4096);
	put16(sccb, 32);
	put16(sccb + 8, 40);                     /* buffer longer than the SCCB */
	sccb[10] = 0x1a;
	cc = call(0x00760005, sccb);
	rt_ok(cc == 0 && get16(sccb + 6) == 0x72f0,
	      "event buffer longer than the SCCB: response 0x%04x", get16(sccb + 6));

	clear(sccb, 4096);
	put16(sccb, 16);
	cc = call(0x00020001, sccb);
	rt_ok(cc == 0 && get16(sccb + 6) == 0x0300,
	      "read SCP info into a 16-byte SCCB: response 0x%04x", get16(sccb + 6));
	return (int)rt_failures();
}
