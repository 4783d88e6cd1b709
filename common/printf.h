/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Freestanding formatted output.
 *
 * Conversions: %d %i %u %x %X %o %p %s %c %%. Flags: - 0 + space #.
 * Width and precision, both also as '*'. Length modifiers: hh h l ll z t j.
 * Integer output matches ISO C (and so the host C library) exactly; the
 * tests compare the two on thousands of random formats.
 *
 * Choices where C leaves room or where zarm differs on purpose:
 *  - %p prints "0x" and lower-case hex digits, "0x0" for NULL.
 *  - %s of NULL prints "(null)" (cut by the precision like any string).
 *  - %n is not supported (a format must never write memory), and neither
 *    is floating point. An unknown conversion is printed as written,
 *    from its '%' up to and including the offending character, and
 *    consumes no argument (beyond those its '*' fields took).
 *  - A width or precision beyond INT_MAX is clamped to INT_MAX.
 */
#ifndef ZARM_COMMON_PRINTF_H
#define ZARM_COMMON_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

#include "common/compiler.h"

/*
 * Output callback: receives @n bytes at @s (not NUL-terminated; @n > 0).
 * A sink that cannot keep up drops what it cannot store; the formatter
 * does not look back.
 */
typedef void (*printf_sink_fn)(void *ctx, const char *s, size_t n);

/*
 * Format into @put. Returns the number of bytes produced, or -EOVERFLOW
 * when that number does not fit an int (the output is still produced).
 */
int zarm_vprintf_sink(printf_sink_fn put, void *ctx, const char *fmt,
		      va_list ap);

/*
 * Format into @buf of @size bytes. C99 semantics: always NUL-terminates
 * when @size > 0, and returns the length the full output would have had
 * (so a result >= @size means it was cut). @buf may be NULL when @size
 * is 0. Returns -EOVERFLOW as zarm_vprintf_sink does.
 */
int zarm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int zarm_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
