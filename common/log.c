/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Log formatting: each message is cut into lines in a small buffer on the
 * caller's stack, so that every line reaches the sink in a single call and
 * lines from different CPUs do not interleave mid-line. No lock is taken
 * here, which keeps panic() able to print even when a CPU died holding
 * one; the sink serialises its own output.
 */
#include "common/log.h"
#include "common/string.h"

/* The documented exception to "no globals": see common/log.h. */
static struct {
	printf_sink_fn put;
	void *ctx;
	int level;
} log_state = { .put = NULL, .ctx = NULL, .level = ZLOG_INFO };

static const char *const level_tags[] = {
	[ZLOG_ERROR] = "[ERR] ",
	[ZLOG_WARN] = "[WRN] ",
	[ZLOG_INFO] = "[INF] ",
	[ZLOG_DEBUG] = "[DBG] ",
};

void log_set_sink(printf_sink_fn put, void *ctx)
{
	/* Boot-time only: other CPUs are not running yet. */
	log_state.ctx = ctx;
	__atomic_store_n(&log_state.put, put, __ATOMIC_RELEASE);
}

static unsigned int clamp_level(enum zlog_level level)
{
	return (unsigned int)level > ZLOG_DEBUG ? ZLOG_DEBUG : (unsigned int)level;
}

void log_set_level(enum zlog_level level)
{
	__atomic_store_n(&log_state.level, (int)clamp_level(level),
			 __ATOMIC_RELAXED);
}

enum zlog_level log_get_level(void)
{
	return (enum zlog_level)__atomic_load_n(&log_state.level,
						__ATOMIC_RELAXED);
}

bool log_enabled(enum zlog_level level)
{
	return (int)clamp_level(level) <= (int)log_get_level() &&
	       __atomic_load_n(&log_state.put, __ATOMIC_ACQUIRE) != NULL;
}

struct line_buf {
	printf_sink_fn put;
	void *ctx;
	const char *tag;
	size_t tag_len;
	size_t len;
	bool at_line_start;
	char buf[ZLOG_LINE_MAX];
};

static void line_flush(struct line_buf *lb)
{
	if (lb->len)
		lb->put(lb->ctx, lb->buf, lb->len);
	lb->len = 0;
}

/* Sink for the formatter: collects bytes and hands out whole lines. */
static void line_put(void *ctx, const char *s, size_t n)
{
	struct line_buf *lb = ctx;

	for (size_t i = 0; i < n; i++) {
		if (lb->at_line_start) {
			memcpy(lb->buf, lb->tag, lb->tag_len);
			lb->len = lb->tag_len;
			lb->at_line_start = false;
		}
		lb->buf[lb->len++] = s[i];
		if (s[i] == '\n') {
			line_flush(lb);
			lb->at_line_start = true;
		} else if (lb->len == sizeof(lb->buf)) {
			/* Too long for one call: pass it on in pieces. */
			line_flush(lb);
		}
	}
}

void vzlog(enum zlog_level level, const char *fmt, va_list ap)
{
	struct line_buf lb;
	unsigned int lvl = clamp_level(level);

	if (!log_enabled(level))
		return;
	lb.put = __atomic_load_n(&log_state.put, __ATOMIC_ACQUIRE);
	lb.ctx = log_state.ctx;
	lb.tag = level_tags[lvl];
	lb.tag_len = strlen(lb.tag);
	lb.len = 0;
	lb.at_line_start = true;
	/* An empty message still shows up as a tagged line. */
	if (zarm_vprintf_sink(line_put, &lb, fmt, ap) == 0) {
		memcpy(lb.buf, lb.tag, lb.tag_len);
		lb.len = lb.tag_len;
		lb.at_line_start = false;
	}
	if (!lb.at_line_start)
		line_put(&lb, "\n", 1);
}

void zlog(enum zlog_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vzlog(level, fmt, ap);
	va_end(ap);
}

void log_ratelimit_init(struct log_ratelimit *rl, const char *what,
			unsigned int burst, uint64_t window)
{
	*rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(what, burst, window);
}

bool log_ratelimit(struct log_ratelimit *rl, uint64_t now)
{
	if (rl->window == 0)
		return true;
	if (!rl->started) {
		rl->started = true;
		rl->start = now;
	} else if (now < rl->start) {
		/* Clock went backwards: rebase, keep what was spent. */
		rl->start = now;
	} else if (now - rl->start >= rl->window) {
		if (rl->suppressed)
			log_warn("%u '%s' messages suppressed", rl->suppressed,
				 rl->what ? rl->what : "rate-limited");
		rl->start = now;
		rl->passed = 0;
		rl->suppressed = 0;
	}
	if (rl->passed < rl->burst) {
		rl->passed++;
		return true;
	}
	if (rl->suppressed != ~0u)
		rl->suppressed++;
	rl->total_suppressed++;
	return false;
}
