/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one place arch/arm64 gets its C-library subset and console printing
 * from, so switching to the common implementations is a one-line change.
 */
#ifndef ZARM_ARM64_KLIB_H
#define ZARM_ARM64_KLIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "common/compiler.h"
#include "common/errno.h"
#if __has_include("common/printf.h")
#include "common/printf.h"
#include "common/string.h"
#define snprintf zarm_snprintf
#define vsnprintf zarm_vsnprintf
#else
/* TEMPORARY until common/string and common/printf are in main. */
#include "arch/arm64/tmp/libc.h"
#endif

/* Print a zarm console line: "zarm: " + formatted text (no newline). */
void hlog(const char *fmt, ...) __printf(1, 2);
/* Print raw text on zarm's console, whole, under the console lock. */
void console_write(const char *s, size_t len);

#endif
