/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor log: levelled, line-oriented messages to the console.
 *
 * Global state: the sink (where lines go) and the current level are
 * module-level variables, set once at boot by arch code. They, together
 * with the halt hook of common/panic.c, are the single documented
 * exception to zarm's "no globals" rule: every layer must be able to
 * report an error without being handed a console, and there is only one
 * console. Nothing else in this module keeps state; rate limiters belong
 * to their callers.
 *
 * Each line reaches the sink in one call, prefixed with its level tag
 * ("[ERR] ", "[WRN] ", "[INF] ", "[DBG] ") and ending in '\n' (added when
 * the message lacks it). A message with several lines gets the tag on each.
 * Lines longer than ZLOG_LINE_MAX bytes reach the sink in several calls.
 * So that lines from different CPUs do not mix, the sink should write
 * each call atomically (the console takes its own lock).
 */
#ifndef ZARM_COMMON_LOG_H
#define ZARM_COMMON_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/compiler.h"
#include "common/printf.h"

enum zlog_level {
	ZLOG_ERROR = 0,	/* something is broken or refused */
	ZLOG_WARN = 1,	/* unexpected but handled */
	ZLOG_INFO = 2,	/* normal progress (default level) */
	ZLOG_DEBUG = 3,	/* for developers */
};

/* Longest line, tag and '\n' included, handed to the sink in one call. */
#define ZLOG_LINE_MAX 256

/*
 * Register the console. Until this is called, messages are dropped.
 * @put may be NULL to silence the log again.
 */
void log_set_sink(printf_sink_fn put, void *ctx);

/* Print messages at @level and more severe; others are dropped. */
void log_set_level(enum zlog_level level);
enum zlog_level log_get_level(void);

/* True when a message at @level would be printed (to skip costly work). */
bool log_enabled(enum zlog_level level);

/* Print one message at @level. Levels out of range count as ZLOG_DEBUG. */
void zlog(enum zlog_level level, const char *fmt, ...) __printf(2, 3);
void vzlog(enum zlog_level level, const char *fmt, va_list ap);

#define log_err(...) zlog(ZLOG_ERROR, __VA_ARGS__)
#define log_warn(...) zlog(ZLOG_WARN, __VA_ARGS__)
#define log_info(...) zlog(ZLOG_INFO, __VA_ARGS__)
#define log_debug(...) zlog(ZLOG_DEBUG, __VA_ARGS__)

/*
 * Rate limiting for messages a guest can trigger, so that a guest cannot
 * flood the console (and slow every other VM down with it).
 *
 * The caller owns the struct (e.g. one per VM and message kind) and
 * serialises calls on it. Time is whatever clock the caller passes as
 * @now, in the same unit as @window: at most @burst messages pass per
 * window. When a new window opens after messages were suppressed, one
 * warning line says how many (named by @what). A clock that goes backwards
 * restarts the window but not the budget, so it cannot be used to get
 * more lines through. @window 0 means no limit.
 */
struct log_ratelimit {
	const char *what;	/* names the message kind in the summary */
	uint64_t window;
	unsigned int burst;
	/* private */
	bool started;
	uint64_t start;
	unsigned int passed;	/* in the current window */
	unsigned int suppressed;	/* in the current window */
	uint64_t total_suppressed;	/* since init, for statistics */
};

#define LOG_RATELIMIT_INIT(what_, burst_, window_) \
	{ .what = (what_), .window = (window_), .burst = (burst_) }

/* Set up @rl; same as assigning LOG_RATELIMIT_INIT(what, burst, window). */
void log_ratelimit_init(struct log_ratelimit *rl, const char *what,
			unsigned int burst, uint64_t window);

/* True when one more message may be printed now; counts it if so. */
bool log_ratelimit(struct log_ratelimit *rl, uint64_t now);

/* zlog() through @rl: the format arguments are not evaluated when limited. */
#define zlog_ratelimited(rl, now, level, ...) \
	do { \
		if (log_enabled(level) && log_ratelimit((rl), (now))) \
			zlog((level), __VA_ARGS__); \
	} while (0)

#endif
