/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * z/Architecture lowcore offsets zarm uses (host and guest lowcores share
 * the architected part), and the host-only slots zarm keeps in its own
 * prefix page (0x200..0x3ff are not architected).
 */
#ifndef ZARM_ARCH_S390_LOWCORE_H
#define ZARM_ARCH_S390_LOWCORE_H

#define LC_EXT_CPU_ADDR 0x84  /* halfword */
#define LC_EXT_PARAM 0x80     /* word: e.g. the service signal's */
#define LC_EXT_CODE 0x86      /* halfword */
#define LC_SVC_ILC 0x88       /* halfword */
#define LC_SVC_CODE 0x8a      /* halfword */
#define LC_PGM_ILC 0x8c       /* halfword */
#define LC_PGM_CODE 0x8e      /* halfword */
#define LC_TRANS_EXC 0xa8     /* doubleword */
#define LC_STFL 0xc8          /* word: STFL stores here */

#define LC_RST_OLD_PSW 0x120
#define LC_EXT_OLD_PSW 0x130
#define LC_SVC_OLD_PSW 0x140
#define LC_PGM_OLD_PSW 0x150
#define LC_MCK_OLD_PSW 0x160
#define LC_IO_OLD_PSW 0x170
#define LC_RST_NEW_PSW 0x1a0
#define LC_EXT_NEW_PSW 0x1b0
#define LC_SVC_NEW_PSW 0x1c0
#define LC_PGM_NEW_PSW 0x1d0
#define LC_MCK_NEW_PSW 0x1e0
#define LC_IO_NEW_PSW 0x1f0

/* zarm's own per-CPU slots (host lowcore only). */
#define LC_SAVE_EXT 0x200   /* 16 GPRs */
#define LC_SAVE_PGM 0x280
#define LC_SAVE_MCK 0x300
#define LC_SAVE_OTHER 0x380
#define LC_IRQ_STACK 0x400  /* top of this CPU's interrupt stack */
#define LC_PERCPU 0x408     /* struct s390_cpu * of this CPU */
#define LC_BOOT_STACK 0x410 /* a secondary CPU's first stack */

#define LC_SIZE 0x2000

/* PSW mask bits (first doubleword). */
#define PSW_MASK_IO 0x0200000000000000UL
#define PSW_MASK_EXT 0x0100000000000000UL
#define PSW_MASK_MCHK 0x0004000000000000UL
#define PSW_MASK_WAIT 0x0002000000000000UL
#define PSW_MASK_KEY 0x00f0000000000000UL
#define PSW_MASK_PSTATE 0x0001000000000000UL
#define PSW_MASK_EA 0x0000000100000000UL
#define PSW_MASK_BA 0x0000000080000000UL
#define PSW_MASK_64 (PSW_MASK_EA | PSW_MASK_BA)

#endif
