/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TEMPORARY: prototypes of the C-library subset until common/string.h and
 * common/printf.h land in main. Delete with tmp/libc.c.
 */
#ifndef ZARM_ARM64_TMP_LIBC_H
#define ZARM_ARM64_TMP_LIBC_H

#include <stdarg.h>
#include <stddef.h>

void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
unsigned long strtoul(const char *s, char **end, int base);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
