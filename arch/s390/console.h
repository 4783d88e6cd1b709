/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * zarm's console on s390x: each line goes to the Hercules log through
 * DIAG X'008' "msgnoh * <text>" (EBCDIC). Lines are atomic; long lines are
 * split. zarm's own lines are prefixed "zarm: ", a VM's lines "[name] ".
 */
#ifndef ZARM_ARCH_S390_CONSOLE_H
#define ZARM_ARCH_S390_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

/* Print one log line made of @prefix then @len bytes of @text (no '\n'). */
void con_line(const char *prefix, const char *text, size_t len);
/* The sink zarm registers with log_set_sink(): "zarm: [LVL] text". */
void con_log_sink(void *ctx, const char *s, size_t n);
/* printf for zarm's own messages: every line gets the "zarm: " prefix. */
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* EBCDIC (code page 037) to ASCII; unknown bytes give '.'. */
char con_from_ebcdic(uint8_t c);
/* For the fatal-error path only: print even if this CPU held the lock. */
void con_break_lock(void);
/* Hand a raw Hercules command to DIAG 8 (e.g. "t+" for the bench). */
void con_hercules_cmd(const char *cmd);

#endif
