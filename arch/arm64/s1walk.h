/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which level of a guest's stage-1 translation table walk touched a given
 * guest-physical page. When a walk reads a descriptor where the VM has no
 * memory, the stage-2 fault tells zarm the descriptor's IPA but not the
 * stage-1 level, which the guest's fault status code (synchronous external
 * abort on translation table walk, level n) must carry: zarm walks the
 * guest's tables again up to that descriptor. Plain C: the guest's memory
 * is read through a callback. VMSAv8-64 EL1&0 regime, 4/16/64 KiB
 * granules, output addresses up to 48 bits.
 */
#ifndef ZARM_ARM64_S1WALK_H
#define ZARM_ARM64_S1WALK_H

#include <stdbool.h>
#include <stdint.h>

/* Read the 8-byte descriptor at @ipa (as stored, little-endian); false if absent. */
typedef bool (*s1walk_read_fn)(void *ctx, uint64_t ipa, uint64_t *desc);

struct s1walk_regs {
	uint64_t tcr, ttbr0, ttbr1;
	bool big_endian;	/* SCTLR_EL1.EE: descriptors stored big-endian */
};

/* S1WALK_NONE, or the level (-1..3) at which walking @va reads a descriptor in @fault_page (IPA >> 12). */
#define S1WALK_NONE (-2)
int s1walk_fault_level(const struct s1walk_regs *r, uint64_t va, uint64_t fault_page,
		       s1walk_read_fn read, void *ctx);

#endif
