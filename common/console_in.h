/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Console input focus: zarm has one input line (the board's UART on arm64,
 * the operator console on s390x) and several VMs. Input goes to one VM at
 * a time, the one with the focus; typing the escape character (Ctrl-A)
 * three times in a row moves the focus to the next VM that is still
 * running, as Xen's console does. A Ctrl-A that is not part of such a run
 * reaches the VM as typed (a shell's "beginning of line" keeps working),
 * after the run is known not to be an escape.
 *
 * The router only decides where each byte goes. The machine behind it
 * (struct console_in_ops) stores the bytes into a VM's device, says
 * whether a VM still runs and how much it can take (so input the VM is
 * not reading yet is held back, not lost), and announces focus changes.
 */
#ifndef ZARM_COMMON_CONSOLE_IN_H
#define ZARM_COMMON_CONSOLE_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONSOLE_IN_ESC 0x01		/* Ctrl-A */
#define CONSOLE_IN_ESC_RUN 3		/* how many in a row switch */

struct console_in_ops {
	/* Bytes target @t can take now; a stopped VM takes (and drops) all. */
	size_t (*room)(void *ctx, unsigned int t);
	void (*deliver)(void *ctx, unsigned int t, const uint8_t *buf, size_t n);
	bool (*running)(void *ctx, unsigned int t);
	/* The focus moved to @t (the escape was typed). */
	void (*focus_changed)(void *ctx, unsigned int t);
};

struct console_in {
	const struct console_in_ops *ops;
	void *ctx;
	unsigned int nr;	/* targets 0..nr-1 */
	unsigned int focus;
	unsigned int held;	/* escapes typed so far in the current run */
};

/* @first gets the focus; -EINVAL when there is no such target. */
int console_in_init(struct console_in *ci, unsigned int nr, unsigned int first,
		    const struct console_in_ops *ops, void *ctx);
/*
 * True when the next byte can be fed without loss: the focused VM has room
 * for it and for the escapes held before it.
 */
bool console_in_ready(const struct console_in *ci);
/* One byte of input (call only when console_in_ready()). */
void console_in_feed(struct console_in *ci, uint8_t c);
/* Move the focus to the next running target (the escape's effect). */
void console_in_next(struct console_in *ci);

#endif
