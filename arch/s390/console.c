/* SPDX-License-Identifier: GPL-2.0-only */
#include "arch/s390/console.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/printf.h"

/*
 * ASCII 0x20..0x7e to EBCDIC as Hercules 3.13's default code page reads it
 * back (code page 037 except [ ] ^ |, which it takes from 1047-like
 * positions; checked by printing every candidate byte).
 */
static const uint8_t ebcdic037[95] = {
	0x40, 0x5a, 0x7f, 0x7b, 0x5b, 0x6c, 0x50, 0x7d, /*  !"#$%&' */
	0x4d, 0x5d, 0x5c, 0x4e, 0x6b, 0x60, 0x4b, 0x61, /* ()*+,-./ */
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, /* 01234567 */
	0xf8, 0xf9, 0x7a, 0x5e, 0x4c, 0x7e, 0x6e, 0x6f, /* 89:;<=>? */
	0x7c, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, /* @ABCDEFG */
	0xc8, 0xc9, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, /* HIJKLMNO */
	0xd7, 0xd8, 0xd9, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, /* PQRSTUVW */
	0xe7, 0xe8, 0xe9, 0xad, 0xe0, 0xbd, 0x5f, 0x6d, /* XYZ[\]^_ */
	0x79, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, /* `abcdefg */
	0x88, 0x89, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, /* hijklmno */
	0x97, 0x98, 0x99, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, /* pqrstuvw */
	0xa7, 0xa8, 0xa9, 0xc0, 0x6a, 0xd0, 0xa1,       /* xyz{|}~ */
};

#define CMD_MAX 240

char con_from_ebcdic(uint8_t c)
{
	/* Guests usually write code page 037: take its [ ] ^ | too. */
	switch (c) {
	case 0xba:
		return '[';
	case 0xbb:
		return ']';
	case 0xb0:
		return '^';
	case 0x4f:
		return '|';
	}
	for (unsigned int i = 0; i < sizeof(ebcdic037); i++)
		if (ebcdic037[i] == c)
			return (char)(0x20 + i);
	return '.';
}

/* DIAG 8 takes a real address below 2 GiB: a static buffer is one. */
static uint8_t cmd_buf[256] __attribute__((aligned(8)));

static uint8_t to_ebcdic(char c)
{
	unsigned char u = (unsigned char)c;

	if (u >= 0x20 && u < 0x7f)
		return ebcdic037[u - 0x20];
	return 0x4b; /* '.' */
}

static void diag8(size_t len)
{
	register unsigned long addr asm("2") = (unsigned long)cmd_buf;
	register unsigned long n asm("3") = len;

	asm volatile("diag %0,%1,0x8" : "+d"(addr), "+d"(n) : : "memory", "cc");
}

static size_t put_ascii(size_t at, const char *s, size_t len)
{
	for (size_t i = 0; i < len && at < CMD_MAX; i++)
		cmd_buf[at++] = to_ebcdic(s[i]);
	return at;
}

void con_hercules_cmd(const char *cmd)
{
	size_t n = 0;

	while (cmd[n])
		n++;
	diag8(put_ascii(0, cmd, n));
}

/* Lines from several CPUs must not mix in cmd_buf. */
static volatile unsigned int con_lock;

void con_break_lock(void)
{
	__atomic_store_n(&con_lock, 0, __ATOMIC_RELEASE);
}

void con_line(const char *prefix, const char *text, size_t len)
{
	static const char head[] = "msgnoh * ";
	size_t plen = 0;
	unsigned int zero;

	for (;;) {
		zero = 0;
		if (__atomic_compare_exchange_n(&con_lock, &zero, 1, false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			break;
	}

	while (prefix && prefix[plen])
		plen++;
	do {
		size_t at = put_ascii(0, head, sizeof(head) - 1);
		size_t room, chunk;

		at = put_ascii(at, prefix, plen);
		room = CMD_MAX - at;
		chunk = len < room ? len : room;
		at = put_ascii(at, text, chunk);
		diag8(at);
		text += chunk;
		len -= chunk;
	} while (len);
	__atomic_store_n(&con_lock, 0, __ATOMIC_RELEASE);
}

/* common/log.h's sink: each call is one line ending in '\n'. */
void con_log_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	if (n && s[n - 1] == '\n')
		n--;
	con_line("zarm: ", s, n);
}

void con_printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	size_t start = 0, i;
	int n;

	va_start(ap, fmt);
	n = zarm_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	for (i = 0; i < (size_t)n; i++) {
		if (buf[i] == '\n') {
			con_line("zarm: ", buf + start, i - start);
			start = i + 1;
		}
	}
	if (start < (size_t)n)
		con_line("zarm: ", buf + start, n - start);
}
