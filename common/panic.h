/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * panic() and ZASSERT(): for broken invariants of the hypervisor itself.
 *
 * Never use them for anything a guest (or the configuration, or the
 * secure world) can cause: bad external input gets an error code or the
 * architected fault, not a dead machine for every other VM.
 *
 * Global state: the halt hook registered by arch code at boot. Like the
 * log sink (see common/log.h) it is part of the one documented exception
 * to the "no globals" rule, for the same reason.
 */
#ifndef ZARM_COMMON_PANIC_H
#define ZARM_COMMON_PANIC_H

#include "common/compiler.h"

/*
 * Stops the machine: arch code parks all CPUs (arm64) or loads a disabled
 * wait PSW (s390x). Host unit tests register one that longjmps out. If it
 * returns anyway, panic() spins forever.
 */
typedef void (*panic_halt_fn)(void);

/* Register the halt hook (boot time, before other CPUs run). */
void panic_set_halt(panic_halt_fn fn);

/*
 * Log "PANIC: <message>" at ZLOG_ERROR, then halt. A panic raised while
 * printing one (e.g. from inside the console) skips straight to the halt.
 */
void panic(const char *fmt, ...) __noreturn __printf(1, 2);

/*
 * Check an invariant of zarm's own state; panic with the expression and
 * its location when it does not hold. Only for hypervisor bugs: NEVER
 * for validating guest input, configuration or anything else from outside.
 */
#define ZASSERT(cond) \
	do { \
		if (unlikely(!(cond))) \
			panic("assertion failed: %s (%s:%d)", #cond, __FILE__, \
			      __LINE__); \
	} while (0)

#endif
