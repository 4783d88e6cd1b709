/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small vsnprintf for the s390 image (%d %i %u %x %X %p %s %c %%, with
 * the l/ll/z length modifiers, '-', '0' and a field width). Kept in
 * arch/s390 until the common printf lands; then this file goes.
 */
#ifndef ZARM_ARCH_S390_FMT_H
#define ZARM_ARCH_S390_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Format into @buf (always NUL-terminated when @size > 0); returns the
 * length the full output would have had. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
