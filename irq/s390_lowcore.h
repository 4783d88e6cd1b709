/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * z/Architecture facts the s390 interrupt model needs, as plain numbers:
 * guest lowcore offsets of the interruption fields (relative to the
 * guest's prefix), PSW and control-register mask bits, state-description
 * request bits, and big-endian store/load helpers so the model produces
 * the same guest bytes on a little-endian host as on s390x.
 *
 * Bit numbering: the Principles of Operation number bits from the left
 * (bit 0 = most significant). A 64-bit register's bit n is therefore
 * (1ULL << (63 - n)); the constants below are already shifted.
 *
 * Header only (static inline): it has no .c file.
 */
#ifndef ZARM_IRQ_S390_LOWCORE_H
#define ZARM_IRQ_S390_LOWCORE_H

#include <stdint.h>

/* ---- guest lowcore offsets (z/Architecture, relative to the prefix) ---- */
#define S390_LC_EXT_PARAM      0x080  /* word: external interruption parameter */
#define S390_LC_EXT_CPU_ADDR   0x084  /* halfword: source CPU address / subcode */
#define S390_LC_EXT_CODE       0x086  /* halfword: external interruption code */
#define S390_LC_SVC_ILC        0x088  /* halfword: SVC instruction length (2/4) */
#define S390_LC_SVC_CODE       0x08a  /* halfword: SVC number */
#define S390_LC_PGM_ILC        0x08c  /* halfword: instruction length 2/4/6 */
#define S390_LC_PGM_CODE       0x08e  /* halfword: program interruption code */
#define S390_LC_TRANS_EXC      0x0a8  /* doubleword: translation-exception id */
#define S390_LC_SUBCHANNEL_ID  0x0b8  /* halfword */
#define S390_LC_SUBCHANNEL_NR  0x0ba  /* halfword */
#define S390_LC_IO_PARAM       0x0bc  /* word: I/O interruption parameter */
#define S390_LC_IO_WORD        0x0c0  /* word: I/O interruption identification */
#define S390_LC_MCCK_CODE      0x0e8  /* doubleword: machine-check interr. code */
#define S390_LC_RST_OLD_PSW    0x120
#define S390_LC_EXT_OLD_PSW    0x130
#define S390_LC_SVC_OLD_PSW    0x140
#define S390_LC_PGM_OLD_PSW    0x150
#define S390_LC_MCK_OLD_PSW    0x160
#define S390_LC_IO_OLD_PSW     0x170
#define S390_LC_RST_NEW_PSW    0x1a0
#define S390_LC_EXT_NEW_PSW    0x1b0
#define S390_LC_SVC_NEW_PSW    0x1c0
#define S390_LC_PGM_NEW_PSW    0x1d0
#define S390_LC_MCK_NEW_PSW    0x1e0
#define S390_LC_IO_NEW_PSW     0x1f0
/* Virtio-style notification (0x2603): 64-bit parameter, as Linux's lowcore. */
#define S390_LC_EXT_PARAM64    0x11b8
/* The prefix area: two 4 KiB pages. */
#define S390_LC_SIZE           0x2000

/* ---- PSW mask (first doubleword of the 128-bit z/Architecture PSW) ---- */
#define S390_PSW_IO      0x0200000000000000ULL  /* bit 6: I/O mask */
#define S390_PSW_EXT     0x0100000000000000ULL  /* bit 7: external mask */
#define S390_PSW_MCHK    0x0004000000000000ULL  /* bit 13: machine-check mask */
#define S390_PSW_WAIT    0x0002000000000000ULL  /* bit 14: wait state */

/* ---- CR0 external subclass masks (bits 48..54 of CR0) ---- */
#define S390_CR0_MALFUNCTION 0x8000ULL  /* bit 48 */
#define S390_CR0_EMERGENCY   0x4000ULL  /* bit 49 */
#define S390_CR0_EXT_CALL    0x2000ULL  /* bit 50 */
#define S390_CR0_CKC         0x0800ULL  /* bit 52: clock comparator */
#define S390_CR0_CPU_TIMER   0x0400ULL  /* bit 53 */
#define S390_CR0_SERVICE     0x0200ULL  /* bit 54: service signal (and 0x2603) */

/*
 * CR6 I/O-interruption subclass masks: bits 32..39, ISC 0 at bit 32. In
 * the 64-bit register value that is 0x80000000 for ISC 0 down to
 * 0x01000000 for ISC 7 (the low word's top byte).
 */
#define S390_CR6_ISC(isc)    (0x80000000ULL >> (isc))

/* ISC of an I/O interruption: bits 2-4 of the interruption id word. */
#define S390_IO_WORD_ISC(word)  (((uint32_t)(word) >> 27) & 7U)
#define S390_IO_WORD_FOR_ISC(isc) ((uint32_t)((isc) & 7U) << 27)

/* ---- SIE state description byte 0 (v-flags): intervention requests ---- */
#define S390_SD_V_EXT  0x01  /* exit (intercept 0x10) once external enabled */
#define S390_SD_V_IO   0x02  /* exit (intercept 0x18) once I/O enabled */

/* LCTL/LCTLG interception mask (SD halfword, KVM's "lctl"): CR n is 0x8000 >> n. */
#define S390_LCTL_CR(n)  ((uint16_t)(0x8000U >> (n)))

/* ---- external interruption codes ---- */
#define S390_EXT_EMERGENCY  0x1201
#define S390_EXT_EXT_CALL   0x1202
#define S390_EXT_CKC        0x1004
#define S390_EXT_CPU_TIMER  0x1005
#define S390_EXT_SERVICE    0x2401
#define S390_EXT_VIRTIO     0x2603
/* Subcode stored at 0x84 with 0x2603, as Linux/KVM's virtio transport. */
#define S390_EXT_VIRTIO_SUBCODE 0x0d00

/* ---- big-endian helpers: guest storage is big-endian on every host ---- */
static inline void s390_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void s390_put_be32(uint8_t *p, uint32_t v)
{
	s390_put_be16(p, (uint16_t)(v >> 16));
	s390_put_be16(p + 2, (uint16_t)v);
}

static inline void s390_put_be64(uint8_t *p, uint64_t v)
{
	s390_put_be32(p, (uint32_t)(v >> 32));
	s390_put_be32(p + 4, (uint32_t)v);
}

static inline uint16_t s390_get_be16(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

static inline uint32_t s390_get_be32(const uint8_t *p)
{
	return (uint32_t)s390_get_be16(p) << 16 | s390_get_be16(p + 2);
}

static inline uint64_t s390_get_be64(const uint8_t *p)
{
	return (uint64_t)s390_get_be32(p) << 32 | s390_get_be32(p + 4);
}

#endif
