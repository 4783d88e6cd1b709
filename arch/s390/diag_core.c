/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DIAGNOSE decoding and the console-write hypercall's checks, as plain C
 * (diag_core.h).
 */
#include "arch/s390/diag_core.h"

#include "arch/s390/hypercall.h"
#include "common/compiler.h"
#include "common/errno.h"

/* Prefixing swaps 8 KiB blocks: runs never cross one's boundary. */
#define DIAG_BLOCK 0x2000ULL

unsigned int diag_code(uint32_t ipb, const uint64_t gprs[16])
{
	unsigned int b2 = ipb >> 28, d2 = (ipb >> 16) & 0xfff;

	return (unsigned int)((b2 ? gprs[b2] : 0) + d2) & 0xffff;
}

enum diag_kind diag_classify(unsigned int code)
{
	switch (code) {
	case ZARM_DIAG_HYPERCALL:
		return DIAG_HYPERCALL;
	case 0x44:
	case 0x9c:
		return DIAG_YIELD;
	default:
		return DIAG_SPECIFICATION;
	}
}

/*
 * The buffer is checked whole before any byte is printed; it is walked in
 * pieces because prefixing can map consecutive real pages to scattered
 * absolute ones.
 */
int64_t diag_console_write(const struct diag_console_ops *ops, uint64_t addr,
			   uint64_t len)
{
	uint64_t end;

	if (len > ZARM_HC_CONSOLE_MAX || add_overflows(addr, len, &end))
		return -EINVAL;
	for (int pass = 0; pass < 2; pass++) {
		for (uint64_t done = 0; done < len;) {
			uint64_t real = addr + done;
			uint64_t run = DIAG_BLOCK - (real & (DIAG_BLOCK - 1));
			const char *p;

			if (run > len - done)
				run = len - done;
			p = ops->map(ops->ctx, real, run);
			if (!p)
				return -EFAULT;
			if (pass)
				ops->write(ops->ctx, p, run);
			done += run;
		}
	}
	return (int64_t)len;
}
