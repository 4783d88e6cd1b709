/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SIE state description (the layout Hercules honours, which is also
 * the one KVM uses) and the register file a vCPU keeps outside it: guest
 * GR0-13, FPRs, FPC and access registers live in the host's own registers
 * while the guest runs, so sie_entry.S swaps them.
 */
#ifndef ZARM_ARCH_S390_SIE_H
#define ZARM_ARCH_S390_SIE_H

#include <stddef.h>
#include <stdint.h>

#include "arch/s390/cpu.h"

/* Byte 0 of the state description: requests for the guest. */
#define SD_V_EXT 0x01   /* external interruption pending: intercept 0x10 */
#define SD_V_IO 0x02
#define SD_V_STOP 0x04  /* leave SIE with intercept 0x28 */
#define SD_MX_ZARCH 0x08
#define SD_MX_RRF 0x80  /* region relocate: storage from the zone (SD 0x74) */
#define SD_MAX_ZONE 7   /* zones SET ZONE PARAMETER takes on Hercules */

/* Interception codes. */
#define ICPT_INST 0x04
#define ICPT_PROG 0x08
#define ICPT_INST_PROG 0x0c
#define ICPT_EXT_REQ 0x10
#define ICPT_EXT_INT 0x14
#define ICPT_IO_REQ 0x18
#define ICPT_WAIT 0x1c
#define ICPT_VALIDITY 0x20
#define ICPT_STOP 0x28
#define ICPT_PROG_INT 0x2c

struct sie_block {
	volatile uint8_t v;       /* 0x00 */
	uint8_t res01;            /* 0x01 */
	uint8_t mx;               /* 0x02 */
	uint8_t m;                /* 0x03 */
	uint32_t prefix;          /* 0x04 */
	uint8_t res08[0x20];      /* 0x08 */
	uint64_t cputm;           /* 0x28 */
	uint64_t ckc;             /* 0x30 */
	uint64_t epoch;           /* 0x38 */
	uint8_t res40[4];         /* 0x40 */
	uint16_t lctl;            /* 0x44 LCTL(G) interception: CR n is 0x8000 >> n */
	uint8_t res46[2];         /* 0x46 */
	uint8_t ic[4];            /* 0x48 interception controls */
	uint8_t ec[4];            /* 0x4c execution controls */
	uint8_t icptcode;         /* 0x50 */
	uint8_t res51[5];         /* 0x51 */
	uint16_t ipa;             /* 0x56 */
	uint32_t ipb;             /* 0x58 */
	uint8_t res5c[0x18];      /* 0x5c */
	uint32_t zone;            /* 0x74 */
	uint8_t res78[8];         /* 0x78 */
	uint64_t mso;             /* 0x80 */
	uint64_t mse;             /* 0x88 */
	struct psw psw;           /* 0x90 */
	uint64_t gg14;            /* 0xa0 */
	uint64_t gg15;            /* 0xa8 */
	uint8_t resb0[0x10];      /* 0xb0 */
	uint8_t lc[0x40];         /* 0xc0: guest lowcore 0x80..0xbf */
	uint64_t gcr[16];         /* 0x100 */
	uint8_t res180[0x80];     /* 0x180 */
} __attribute__((aligned(512)));

_Static_assert(sizeof(struct sie_block) == 0x200, "SD size");
_Static_assert(offsetof(struct sie_block, lctl) == 0x44, "SD lctl");
_Static_assert(offsetof(struct sie_block, ic) == 0x48, "SD ic");
_Static_assert(offsetof(struct sie_block, icptcode) == 0x50, "SD icpt");
_Static_assert(offsetof(struct sie_block, ipa) == 0x56, "SD ipa");
_Static_assert(offsetof(struct sie_block, zone) == 0x74, "SD zone");
_Static_assert(offsetof(struct sie_block, psw) == 0x90, "SD psw");
_Static_assert(offsetof(struct sie_block, gcr) == 0x100, "SD cr");

/* Guest registers that are not in the state description. */
struct guest_regs {
	uint64_t gprs[16];        /* 0: 14 and 15 mirror the SD's */
	uint64_t fprs[16];        /* 128 */
	uint32_t fpc;             /* 256 */
	uint32_t acrs[16];        /* 260 */
};

_Static_assert(offsetof(struct guest_regs, fpc) == 256, "regs fpc");
_Static_assert(offsetof(struct guest_regs, acrs) == 260, "regs acrs");

/*
 * Run the guest described by @sd with @regs until the next interception.
 * Host external interruptions are enabled only while in here. Returns the
 * interception code (also in sd->icptcode).
 */
int sie_enter(struct sie_block *sd, struct guest_regs *regs);

#endif
