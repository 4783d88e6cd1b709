/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * panic(): report through the log, then hand the machine to arch code.
 */
#include <stdarg.h>

#include "common/log.h"
#include "common/panic.h"

/* The documented exception to "no globals": see common/panic.h. */
static panic_halt_fn panic_halt_hook;
/* Panics currently printing, on any CPU: a nested one must not print. */
static int panic_printing;

void panic_set_halt(panic_halt_fn fn)
{
	__atomic_store_n(&panic_halt_hook, fn, __ATOMIC_RELEASE);
}

void panic(const char *fmt, ...)
{
	panic_halt_fn halt;

	/*
	 * If the console itself panics we would recurse forever; with the
	 * counter a nested panic goes straight to the halt.
	 */
	if (__atomic_fetch_add(&panic_printing, 1, __ATOMIC_ACQ_REL) == 0) {
		va_list ap;
		char msg[ZLOG_LINE_MAX];

		va_start(ap, fmt);
		zarm_vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		log_err("PANIC: %s", msg);
	}
	/*
	 * Cleared rather than decremented: a nested panic never returns to
	 * the outer one, and a host test that longjmps out of the halt hook
	 * must find the next panic printing again.
	 */
	__atomic_store_n(&panic_printing, 0, __ATOMIC_RELEASE);

	halt = __atomic_load_n(&panic_halt_hook, __ATOMIC_ACQUIRE);
	if (halt)
		halt();
	for (;;)
		;
}
