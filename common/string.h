/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Freestanding string and memory functions.
 *
 * The hypervisor image has no C library, yet GCC emits calls to memcpy and
 * memset for struct copies and libfdt needs memchr, memcmp, memcpy, memmove,
 * memset, strlen, strnlen, strchr, strrchr and strtoul. string.c implements
 * them as zarm_<name>; only in the image build (-DZARM_IMAGE) does it also
 * export the standard names, as aliases, so that host unit tests keep the C
 * library's versions and can compare the two.
 *
 * Code includes this header (never <string.h>) and calls the standard names;
 * the declarations below match the C library's, so both builds agree.
 */
#ifndef ZARM_COMMON_STRING_H
#define ZARM_COMMON_STRING_H

#include <stddef.h>

/* Standard prototypes: provided by the image (aliases) or the host libc. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
unsigned long strtoul(const char *restrict nptr, char **restrict endptr,
		      int base);

/* Copy @n bytes; the areas must not overlap. Returns @dst. */
void *zarm_memcpy(void *restrict dst, const void *restrict src, size_t n);
/* Copy @n bytes; the areas may overlap. Returns @dst. */
void *zarm_memmove(void *dst, const void *src, size_t n);
/* Fill @n bytes with (unsigned char)@c. Returns @dst. */
void *zarm_memset(void *dst, int c, size_t n);
/* Compare @n bytes as unsigned char: <0, 0 or >0. */
int zarm_memcmp(const void *a, const void *b, size_t n);
/* First byte equal to (unsigned char)@c in the first @n bytes, or NULL. */
void *zarm_memchr(const void *s, int c, size_t n);
/* Length of a NUL-terminated string. */
size_t zarm_strlen(const char *s);
/* Length of @s, reading at most @maxlen bytes. */
size_t zarm_strnlen(const char *s, size_t maxlen);
/* Compare strings as unsigned char: <0, 0 or >0. */
int zarm_strcmp(const char *a, const char *b);
/* Compare at most @n characters of two strings. */
int zarm_strncmp(const char *a, const char *b, size_t n);
/* First occurrence of (char)@c in @s (the NUL counts), or NULL. */
char *zarm_strchr(const char *s, int c);
/* Last occurrence of (char)@c in @s (the NUL counts), or NULL. */
char *zarm_strrchr(const char *s, int c);
/*
 * C semantics: skip white space, optional sign, base 0 (auto: 0x, 0) or
 * 2..36 (16 also takes a 0x prefix). Out of range gives ULONG_MAX; a '-'
 * negates the result in unsigned arithmetic. There is no errno: callers
 * that must tell overflow apart compare against ULONG_MAX. *@endptr gets
 * the first unparsed character, or @nptr when there were no digits (or
 * the base was invalid).
 */
unsigned long zarm_strtoul(const char *restrict nptr, char **restrict endptr,
			   int base);

#endif
