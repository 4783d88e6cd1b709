/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Freestanding string functions. They are deliberately plain loops: the
 * image is built with -fno-tree-loop-distribute-patterns so that GCC does
 * not turn the loops below back into calls to memcpy/memset, which in the
 * image are these very functions. Only memcpy and memset go a word at a
 * time, because stage-2 tables and guest images are copied and cleared by
 * the page.
 */
#include <stdint.h>

#include "common/string.h"

/* A word that may alias any object, so word loops stay well-defined. */
typedef unsigned long __attribute__((may_alias)) word_t;
#define WORD_SIZE sizeof(word_t)

static inline int is_word_aligned(const void *p)
{
	return ((uintptr_t)p & (WORD_SIZE - 1)) == 0;
}

void *zarm_memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (is_word_aligned(d) && is_word_aligned(s)) {
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			*(word_t *)d = *(const word_t *)s;
			d += WORD_SIZE;
			s += WORD_SIZE;
		}
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *zarm_memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Copy forward unless the destination starts inside the source. */
	if ((uintptr_t)d - (uintptr_t)s >= n) {
		while (n--)
			*d++ = *s++;
	} else {
		d += n;
		s += n;
		while (n--)
			*--d = *--s;
	}
	return dst;
}

void *zarm_memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned char b = (unsigned char)c;

	while (n && !is_word_aligned(d)) {
		*d++ = b;
		n--;
	}
	if (n >= WORD_SIZE) {
		/* Multiplying by 0x0101...01 repeats the byte in every lane. */
		word_t w = (word_t)b * (~0UL / 0xff);

		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			*(word_t *)d = w;
			d += WORD_SIZE;
		}
	}
	while (n--)
		*d++ = b;
	return dst;
}

int zarm_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
	}
	return 0;
}

void *zarm_memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	unsigned char b = (unsigned char)c;

	for (; n; n--, p++) {
		if (*p == b)
			return (void *)p;
	}
	return NULL;
}

size_t zarm_strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t zarm_strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

int zarm_strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x == *y ? 0 : (*x < *y ? -1 : 1);
}

int zarm_strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
		if (!*x)
			break;
	}
	return 0;
}

char *zarm_strchr(const char *s, int c)
{
	char ch = (char)c;

	for (;; s++) {
		if (*s == ch)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *zarm_strrchr(const char *s, int c)
{
	char ch = (char)c;
	const char *last = NULL;

	for (;; s++) {
		if (*s == ch)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 36;	/* not a digit in any base */
}

static int is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

unsigned long zarm_strtoul(const char *restrict nptr, char **restrict endptr,
			   int base)
{
	const char *p = nptr;
	unsigned long val = 0;
	int neg = 0, any = 0, overflow = 0;

	if (base < 0 || base == 1 || base > 36) {
		if (endptr)
			*endptr = (char *)nptr;
		return 0;
	}
	while (is_space(*p))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	/* A 0x prefix counts only when a hex digit follows it. */
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	for (;; p++) {
		int d = digit_value(*p);
		unsigned long next;

		if (d >= base)
			break;
		any = 1;
		/* Keep consuming digits after an overflow, as C requires. */
		if (__builtin_mul_overflow(val, (unsigned long)base, &next) ||
		    __builtin_add_overflow(next, (unsigned long)d, &next))
			overflow = 1;
		else
			val = next;
	}
	if (endptr)
		*endptr = (char *)(any ? p : nptr);
	if (overflow)
		return ~0UL;	/* ULONG_MAX */
	return neg ? -val : val;
}

#ifdef ZARM_IMAGE
/* The image has no C library: these names are what GCC and libfdt call. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n)
	__attribute__((alias("zarm_memcpy")));
void *memmove(void *dst, const void *src, size_t n)
	__attribute__((alias("zarm_memmove")));
void *memset(void *dst, int c, size_t n)
	__attribute__((alias("zarm_memset")));
int memcmp(const void *a, const void *b, size_t n)
	__attribute__((alias("zarm_memcmp")));
void *memchr(const void *s, int c, size_t n)
	__attribute__((alias("zarm_memchr")));
size_t strlen(const char *s) __attribute__((alias("zarm_strlen")));
size_t strnlen(const char *s, size_t maxlen)
	__attribute__((alias("zarm_strnlen")));
int strcmp(const char *a, const char *b) __attribute__((alias("zarm_strcmp")));
int strncmp(const char *a, const char *b, size_t n)
	__attribute__((alias("zarm_strncmp")));
char *strchr(const char *s, int c) __attribute__((alias("zarm_strchr")));
char *strrchr(const char *s, int c) __attribute__((alias("zarm_strrchr")));
unsigned long strtoul(const char *restrict nptr, char **restrict endptr,
		      int base) __attribute__((alias("zarm_strtoul")));
#endif
