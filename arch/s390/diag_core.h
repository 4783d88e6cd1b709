/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DIAGNOSE as plain C: the code a DIAG names, what zarm does with it, and
 * the checks of the console-write hypercall (see arch/s390/README.md and
 * hypercall.h), with guest storage reached through struct
 * diag_console_ops, which diag.c fills and tests/fuzz/diag_fuzz.c fakes.
 */
#ifndef ZARM_ARCH_S390_DIAG_CORE_H
#define ZARM_ARCH_S390_DIAG_CORE_H

#include <stdint.h>

enum diag_kind {
	DIAG_HYPERCALL,   /* DIAG X'5A0': zarm's hypercalls, function in GR1 */
	DIAG_YIELD,       /* X'44', X'9C': time-slice-end hints */
	DIAG_SPECIFICATION, /* anything else: specification exception */
};

/* The DIAG code: second-operand address (B2 + D2 from IPB), 16 bits. */
unsigned int diag_code(uint32_t ipb, const uint64_t gprs[16]);

enum diag_kind diag_classify(unsigned int code);

struct diag_console_ops {
	/* Host pointer to @len bytes at guest real @real (prefixing applied;
	 * they never cross an 8 KiB prefix-area boundary), or NULL when they
	 * are not all in the VM's storage. */
	const char *(*map)(void *ctx, uint64_t real, uint64_t len);
	void (*write)(void *ctx, const char *s, uint64_t len);
	void *ctx;
};

/*
 * ZARM_HC_CONSOLE_WRITE: print @len bytes from guest real @addr. Returns
 * @len, -EINVAL (longer than ZARM_HC_CONSOLE_MAX, or the range wraps) or
 * -EFAULT (some byte is not in storage); on error nothing is printed.
 */
int64_t diag_console_write(const struct diag_console_ops *ops, uint64_t addr,
			   uint64_t len);

#endif
