/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest storage access for intercepted instructions: logical addresses
 * through the guest's own DAT (when its PSW has DAT on), then prefixing,
 * then the VM's storage (MSO/MSE). A failure is presented to the guest as
 * the architected program interruption; the caller then just returns.
 */
#ifndef ZARM_ARCH_S390_GACCESS_H
#define ZARM_ARCH_S390_GACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/s390/s390.h"

/*
 * Store @len bytes at guest logical address @addr, as an instruction of
 * length @ilen would. Every page is translated before anything is
 * written. Returns 0, or the program-interruption code it injected.
 */
int gaccess_store(struct s390_vcpu *v, uint64_t addr, const void *src,
		  uint64_t len, unsigned int ilen);

/* Fetch @len bytes from guest logical @addr; like gaccess_store(). */
int gaccess_fetch(struct s390_vcpu *v, uint64_t addr, void *dst, uint64_t len,
		  unsigned int ilen);

/*
 * Guest logical @addr to guest real through the guest's DAT tables (the
 * address space its PSW selects; EDAT-1 and EDAT-2 large frames). Returns
 * 0 and *@real, or a program-interruption code (0x10, 0x11, 0x38-0x3b,
 * 0x04 for a store to a protected page, 0x05 for tables outside storage)
 * with *@teid the translation-exception identification to report.
 */
int gaccess_translate(struct s390_vcpu *v, uint64_t addr, bool write,
		      uint64_t *real, uint64_t *teid);

#endif
