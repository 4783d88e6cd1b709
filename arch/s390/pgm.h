/* SPDX-License-Identifier: GPL-2.0-only */
/* Program-interruption codes zarm presents to guests (PoP, chapter 6). */
#ifndef ZARM_ARCH_S390_PGM_H
#define ZARM_ARCH_S390_PGM_H

#define PGM_OPERATION 0x01
#define PGM_PRIVILEGED 0x02
#define PGM_PROTECTION 0x04
#define PGM_ADDRESSING 0x05
#define PGM_SPECIFICATION 0x06
#define PGM_SEGMENT 0x10
#define PGM_PAGE 0x11
#define PGM_TRANS_SPEC 0x12
#define PGM_SPECIAL_OPERATION 0x13
#define PGM_ASCE_TYPE 0x38
#define PGM_REGION_FIRST 0x39
#define PGM_REGION_SECOND 0x3a
#define PGM_REGION_THIRD 0x3b

#endif
