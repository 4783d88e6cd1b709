/* SPDX-License-Identifier: GPL-2.0-only */
/* Console input focus and its escape: see console_in.h. */
#include "common/console_in.h"
#include "common/errno.h"

int console_in_init(struct console_in *ci, unsigned int nr, unsigned int first,
		    const struct console_in_ops *ops, void *ctx)
{
	if (!nr || first >= nr)
		return -EINVAL;
	ci->ops = ops;
	ci->ctx = ctx;
	ci->nr = nr;
	ci->focus = first;
	ci->held = 0;
	return 0;
}

bool console_in_ready(const struct console_in *ci)
{
	return ci->ops->room(ci->ctx, ci->focus) > ci->held;
}

void console_in_next(struct console_in *ci)
{
	for (unsigned int i = 1; i < ci->nr; i++) {
		unsigned int t = (ci->focus + i) % ci->nr;

		if (ci->ops->running(ci->ctx, t)) {
			ci->focus = t;
			break;
		}
	}
	/* Announced even when no other VM runs: the user sees where input goes. */
	ci->ops->focus_changed(ci->ctx, ci->focus);
}

void console_in_feed(struct console_in *ci, uint8_t c)
{
	static const uint8_t escapes[CONSOLE_IN_ESC_RUN] = {
		CONSOLE_IN_ESC, CONSOLE_IN_ESC, CONSOLE_IN_ESC
	};

	if (c == CONSOLE_IN_ESC) {
		if (++ci->held == CONSOLE_IN_ESC_RUN) {
			ci->held = 0;
			console_in_next(ci);
		}
		return;
	}
	/* The run ended short of an escape: what was held was typed for the VM. */
	if (ci->held) {
		ci->ops->deliver(ci->ctx, ci->focus, escapes, ci->held);
		ci->held = 0;
	}
	ci->ops->deliver(ci->ctx, ci->focus, &c, 1);
}
