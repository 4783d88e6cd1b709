/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixed host-absolute addresses of the s390x port (documented in
 * arch/s390/README.md; scripts/zarmrun/s390x.py uses the same numbers).
 */
#ifndef ZARM_ARCH_S390_LAYOUT_H
#define ZARM_ARCH_S390_LAYOUT_H

/* The configuration blob (FDT) the .ins list loads; at most 64 KiB. */
#define ZARM_S390_CONFIG_ADDR 0x00400000UL
#define ZARM_S390_CONFIG_MAX 0x00010000UL
/* Guest storage may start here (1 MiB aligned, below the end of storage). */
#define ZARM_S390_GUEST_BASE 0x00800000UL
/* Guest storage granularity: MSO/MSE work in 1 MiB units. */
#define ZARM_S390_GUEST_ALIGN 0x00100000UL

/* Disabled-wait codes (PSW address) zarm ends with. */
#define ZARM_WAIT_OK 0x00000000005a0000UL     /* every VM ended well */
#define ZARM_WAIT_FAILED 0x00000000005a0001UL /* some VM failed */
#define ZARM_WAIT_PANIC 0x00000000005a0dedUL  /* zarm itself broke */

#endif
