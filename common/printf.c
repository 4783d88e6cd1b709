/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Freestanding printf core. Everything goes through one sink callback so
 * that the console, the log and snprintf share a single formatter; output
 * is produced piecewise (no intermediate buffer beyond the digits of one
 * number), which keeps stack use small and fixed.
 */
#include <stdint.h>

#include "common/errno.h"
#include "common/printf.h"
#include "common/string.h"

/* From the compiler, so that no <limits.h> is needed in the image. */
#define FMT_INT_MAX __INT_MAX__

_Static_assert(sizeof(size_t) == sizeof(ptrdiff_t),
	       "%z and %t rely on size_t and ptrdiff_t having one width");

enum {
	F_LEFT = 1 << 0,	/* '-' */
	F_ZERO = 1 << 1,	/* '0' */
	F_PLUS = 1 << 2,	/* '+' */
	F_SPACE = 1 << 3,	/* ' ' */
	F_ALT = 1 << 4,		/* '#' */
};

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

struct spec {
	unsigned int flags;
	int width;		/* 0 when absent */
	int prec;		/* -1 when absent */
	enum length len;
	char conv;
};

struct out {
	printf_sink_fn put;
	void *ctx;
	uint64_t count;
};

static void emit(struct out *o, const char *s, size_t n)
{
	if (n) {
		o->put(o->ctx, s, n);
		o->count += n;
	}
}

static void pad(struct out *o, char c, size_t n)
{
	static const char spaces[16] = "                ";
	static const char zeros[16] = "0000000000000000";
	const char *src = c == '0' ? zeros : spaces;

	while (n) {
		size_t k = n < sizeof(spaces) ? n : sizeof(spaces);

		emit(o, src, k);
		n -= k;
	}
}

/* Parse a decimal field, saturating at INT_MAX instead of overflowing. */
static int parse_num(const char **pp)
{
	const char *p = *pp;
	int v = 0;

	while (*p >= '0' && *p <= '9') {
		int d = *p++ - '0';

		v = v > (FMT_INT_MAX - d) / 10 ? FMT_INT_MAX : v * 10 + d;
	}
	*pp = p;
	return v;
}

/* Parse flags, width, precision and length after '%'; *pp ends on conv. */
static void parse_spec(const char **pp, struct spec *sp, va_list *ap)
{
	const char *p = *pp;

	sp->flags = 0;
	sp->width = 0;
	sp->prec = -1;
	sp->len = LEN_NONE;
	for (;; p++) {
		if (*p == '-')
			sp->flags |= F_LEFT;
		else if (*p == '0')
			sp->flags |= F_ZERO;
		else if (*p == '+')
			sp->flags |= F_PLUS;
		else if (*p == ' ')
			sp->flags |= F_SPACE;
		else if (*p == '#')
			sp->flags |= F_ALT;
		else
			break;
	}
	if (*p == '*') {
		int w = va_arg(*ap, int);

		p++;
		/* A negative '*' width means '-' with its magnitude. */
		if (w < 0) {
			sp->flags |= F_LEFT;
			w = w < -FMT_INT_MAX ? FMT_INT_MAX : -w;
		}
		sp->width = w;
	} else {
		sp->width = parse_num(&p);
	}
	if (*p == '.') {
		p++;
		if (*p == '*') {
			int pr = va_arg(*ap, int);

			p++;
			sp->prec = pr < 0 ? -1 : pr;
		} else {
			sp->prec = parse_num(&p);
		}
	}
	switch (*p) {
	case 'h':
		p++;
		sp->len = LEN_H;
		if (*p == 'h') {
			p++;
			sp->len = LEN_HH;
		}
		break;
	case 'l':
		p++;
		sp->len = LEN_L;
		if (*p == 'l') {
			p++;
			sp->len = LEN_LL;
		}
		break;
	case 'z':
		p++;
		sp->len = LEN_Z;
		break;
	case 't':
		p++;
		sp->len = LEN_T;
		break;
	case 'j':
		p++;
		sp->len = LEN_J;
		break;
	default:
		break;
	}
	sp->conv = *p;
	*pp = p;
}

static long long fetch_signed(enum length len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static unsigned long long fetch_unsigned(enum length len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, size_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/*
 * Lay out one integer as C specifies: [spaces][prefix][zeros][digits]
 * [spaces]. @prefix is the sign or 0x; the zeros come from the precision
 * (or '#' with %o) or, when no precision is given, from the '0' flag.
 */
static void put_integer(struct out *o, const struct spec *sp,
			unsigned long long v, const char *prefix)
{
	char digits[24];	/* 64 bits take 22 octal digits */
	const char *set = sp->conv == 'X' ? "0123456789ABCDEF"
					  : "0123456789abcdef";
	unsigned int base = 10;
	size_t nd = 0, plen = strlen(prefix), zeros = 0, body;
	size_t width = (size_t)sp->width;

	if (sp->conv == 'o')
		base = 8;
	else if (sp->conv == 'x' || sp->conv == 'X' || sp->conv == 'p')
		base = 16;
	/* Digits are produced least significant first, at the buffer end. */
	while (v) {
		digits[sizeof(digits) - 1 - nd++] = set[v % base];
		v /= base;
	}
	/* Zero prints one digit unless the precision is explicitly 0. */
	if (nd == 0 && sp->prec != 0)
		digits[sizeof(digits) - 1 - nd++] = '0';
	if (sp->prec > 0 && (size_t)sp->prec > nd)
		zeros = (size_t)sp->prec - nd;
	/* '#' with %o: the first digit printed must be a zero. */
	if (sp->conv == 'o' && (sp->flags & F_ALT) && zeros == 0 &&
	    (nd == 0 || digits[sizeof(digits) - nd] != '0'))
		zeros = 1;
	body = plen + zeros + nd;
	if ((sp->flags & (F_ZERO | F_LEFT)) == F_ZERO && sp->prec < 0 &&
	    width > body) {
		zeros += width - body;
		body = width;
	}
	if (!(sp->flags & F_LEFT) && width > body)
		pad(o, ' ', width - body);
	emit(o, prefix, plen);
	pad(o, '0', zeros);
	emit(o, digits + sizeof(digits) - nd, nd);
	if ((sp->flags & F_LEFT) && width > body)
		pad(o, ' ', width - body);
}

/* A string or character: only the width (and for %s the precision). */
static void put_text(struct out *o, const struct spec *sp, const char *s,
		     size_t n)
{
	size_t width = (size_t)sp->width;

	if (!(sp->flags & F_LEFT) && width > n)
		pad(o, ' ', width - n);
	emit(o, s, n);
	if ((sp->flags & F_LEFT) && width > n)
		pad(o, ' ', width - n);
}

static void convert(struct out *o, const struct spec *sp, va_list *ap)
{
	switch (sp->conv) {
	case 'd':
	case 'i': {
		long long v = fetch_signed(sp->len, ap);
		/* Negate in unsigned arithmetic so LLONG_MIN is fine. */
		unsigned long long mag = v < 0 ? -(unsigned long long)v
					       : (unsigned long long)v;
		const char *sign = v < 0 ? "-" :
				   (sp->flags & F_PLUS) ? "+" :
				   (sp->flags & F_SPACE) ? " " : "";

		put_integer(o, sp, mag, sign);
		break;
	}
	case 'u':
	case 'o':
		put_integer(o, sp, fetch_unsigned(sp->len, ap), "");
		break;
	case 'x':
	case 'X': {
		unsigned long long v = fetch_unsigned(sp->len, ap);
		const char *prefix = "";

		if ((sp->flags & F_ALT) && v)
			prefix = sp->conv == 'x' ? "0x" : "0X";
		put_integer(o, sp, v, prefix);
		break;
	}
	case 'p':
		put_integer(o, sp, (uintptr_t)va_arg(*ap, void *), "0x");
		break;
	case 'c': {
		char c = (char)va_arg(*ap, int);

		put_text(o, sp, &c, 1);
		break;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);

		if (!s)
			s = "(null)";
		put_text(o, sp, s,
			 strnlen(s, sp->prec < 0 ? SIZE_MAX : (size_t)sp->prec));
		break;
	}
	default:
		break;
	}
}

int zarm_vprintf_sink(printf_sink_fn put, void *ctx, const char *fmt,
		      va_list ap)
{
	struct out o = { .put = put, .ctx = ctx, .count = 0 };
	const char *p = fmt;
	va_list aq;

	/* A copy we can pass by address: va_list may be an array type. */
	va_copy(aq, ap);
	while (*p) {
		const char *start = p;
		struct spec sp;

		while (*p && *p != '%')
			p++;
		emit(&o, start, (size_t)(p - start));
		if (!*p)
			break;
		start = p++;
		parse_spec(&p, &sp, &aq);
		switch (sp.conv) {
		case '%':
			emit(&o, "%", 1);
			break;
		case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
		case 'p': case 'c': case 's':
			convert(&o, &sp, &aq);
			break;
		case '\0':
			/* The format ends inside a conversion: show it. */
			emit(&o, start, (size_t)(p - start));
			continue;
		default:
			emit(&o, start, (size_t)(p - start) + 1);
			break;
		}
		p++;
	}
	va_end(aq);
	return o.count > FMT_INT_MAX ? -EOVERFLOW : (int)o.count;
}

struct buf_sink {
	char *buf;
	size_t size;	/* room for text, excluding the final NUL */
	size_t pos;
};

static void buf_put(void *ctx, const char *s, size_t n)
{
	struct buf_sink *b = ctx;
	size_t room = b->size - b->pos;

	if (n > room)
		n = room;
	memcpy(b->buf + b->pos, s, n);
	b->pos += n;
}

int zarm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	char dummy;
	struct buf_sink b = {
		.buf = size ? buf : &dummy,
		.size = size ? size - 1 : 0,
		.pos = 0,
	};
	int ret = zarm_vprintf_sink(buf_put, &b, fmt, ap);

	if (size)
		buf[b.pos] = '\0';
	return ret;
}

int zarm_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = zarm_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}
