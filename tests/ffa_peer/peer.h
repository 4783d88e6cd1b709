/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ffa_peer: a small EL3 firmware for zarm's FF-A tests, standing in for
 * TF-A's SPMD + OP-TEE as the SPMC (see /work/shared/FFA-FACTS.md and
 * tests/ffa_peer/README.md). Not part of the hypervisor image.
 */
#ifndef ZARM_FFA_PEER_H
#define ZARM_FFA_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* x0..x17 of an SMC, then x18, x29, x30 (saved by start.S). */
struct peer_regs {
	uint64_t x[18];
	uint64_t x18, x29, x30;
};

#define PEER_MAX_CPUS 8

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void peer_puts(const char *s);
void peer_puthex(uint64_t v);

/* FF-A call from the normal world (x0 in the FF-A range). */
void peer_ffa_call(struct peer_regs *r);
bool peer_is_ffa(uint64_t fid);

void peer_lock(void);
void peer_unlock(void);

#endif
