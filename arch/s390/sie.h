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
/*
 * RCP bypass (byte 2 of the RCP origin at 0x60): ISKE, SSKE, RRBE, RRBM,
 * PFMF and IVSK of a pageable guest work on the storage keys of the host
 * frames behind its storage. Without it Hercules looks for the keys in a
 * PGSTE behind the host page table, and with zarm's real-space host CR1
 * that is a translation-specification exception in zarm (it used to stop
 * every VM).
 */
#define SD_RCPO2_BYPASS 0x10
/*
 * Execution controls, byte 0: interpret MVPG. Without it Hercules
 * intercepts every MVPG; with it SIE performs the PoP's MOVE PAGE on the
 * guest's storage (keys, DAT, condition-code option), which zarm would
 * otherwise have to emulate.
 */
#define SD_EC0_MVPG 0x01
/* Interception controls, byte 2: SSKE (and PFMF setting keys), skey.c. */
#define SD_IC2_SSKE 0x20

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

/* Interception status (0x51): the instruction was the target of EXECUTE. */
#define SD_F_EX 0x01

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
	uint8_t f;                /* 0x51 interception status (SD_F_EX) */
	uint8_t res52[4];         /* 0x52 */
	uint16_t ipa;             /* 0x56 */
	uint32_t ipb;             /* 0x58 */
	uint32_t ipc;             /* 0x5c */
	uint8_t rcpo[4];          /* 0x60 RCP origin; byte 2: 0x10 RCP bypass */
	uint32_t scao;            /* 0x64 */
	uint8_t res68[6];         /* 0x68 */
	uint16_t todpr;           /* 0x6e TOD programmable register */
	uint8_t res70[4];         /* 0x70 */
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
_Static_assert(offsetof(struct sie_block, rcpo) == 0x60, "SD rcpo");
_Static_assert(offsetof(struct sie_block, todpr) == 0x6e, "SD todpr");
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
