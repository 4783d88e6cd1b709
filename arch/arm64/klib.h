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
#include "common/log.h"
#include "common/printf.h"
#include "common/string.h"

#define snprintf zarm_snprintf
#define vsnprintf zarm_vsnprintf

/*
 * Print "zarm: " + formatted text + newline on the console, untagged: for
 * the lines zarm-run reads (the final status). Everything else goes
 * through common/log (log_info, log_err, ...), which ends up on the same
 * console with the same prefix.
 */
void console_line(const char *fmt, ...) __printf(1, 2);
/* Route common/log to the console (boot CPU, before the others start). */
void console_log_init(void);
/* Print raw text on zarm's console, whole, under the console lock. */
void console_write(const char *s, size_t len);

#endif
