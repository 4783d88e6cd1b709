/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FF-A memory transaction descriptors: parse and validate one that a VM
 * wrote (in its negotiated version's layout), and write the translated
 * descriptor the secure side gets (in the secure side's layout).
 *
 * Layouts (all little-endian):
 *  1.0 header, 32 bytes: sender u16, attributes u8, rsvd u8, flags u32,
 *      handle u64, tag u64, rsvd u32, receiver count u32; the endpoint
 *      memory access descriptors (16 bytes each) follow at offset 32.
 *  1.1+ header, 48 bytes: sender u16, attributes u16, flags u32, handle
 *      u64, tag u64, access descriptor size u32, receiver count u32,
 *      access descriptor offset u32, 12 reserved bytes.
 *  Endpoint memory access descriptor: endpoint u16, permissions u8,
 *      flags u8, composite offset u32, rsvd u64 (1.2 may make it larger).
 *  Composite: total page count u32, range count u32, rsvd u64, then
 *      ranges of 16 bytes: address u64, page count u32, rsvd u32.
 *
 * The parser works on a private copy (never on guest-visible memory) and
 * checks every offset, count and length against it with overflow checks.
 */
#ifndef ZARM_FFA_FFA_MEM_DESC_H
#define ZARM_FFA_FFA_MEM_DESC_H

#include "ffa/ffa.h"

#define FFA_DESC_HDR_1_0 32u
#define FFA_DESC_HDR_1_1 48u
#define FFA_EMAD_SIZE 16u
#define FFA_COMPOSITE_SIZE 16u
#define FFA_RANGE_SIZE 16u

/* Permissions byte of an endpoint memory access descriptor. */
#define FFA_PERM_DATA_MASK 0x3u
#define FFA_PERM_DATA_RO 0x1u
#define FFA_PERM_DATA_RW 0x2u
#define FFA_PERM_INST_MASK 0xcu
#define FFA_PERM_INST_NX 0x4u
#define FFA_PERM_INST_X 0x8u

/* Memory region attributes. */
#define FFA_ATTR_TYPE_MASK 0x30u
#define FFA_ATTR_TYPE_NORMAL 0x20u
#define FFA_ATTR_TYPE_DEVICE 0x10u
#define FFA_ATTR_NS 0x40u
#define FFA_ATTR_VALID_MASK 0x3fu

/* Transaction flags. */
#define FFA_FLAG_ZERO_MEMORY 0x1u
#define FFA_FLAG_TIME_SLICE 0x2u
#define FFA_FLAG_TYPE_MASK 0x18u
#define FFA_FLAG_TYPE_SHARE 0x08u
#define FFA_FLAG_TYPE_LEND 0x10u

struct ffa_desc_receiver {
	uint16_t id;
	uint8_t perms;
	uint8_t flags;
};

/* A validated descriptor; @ranges points into the parsed buffer. */
struct ffa_desc {
	uint16_t sender;
	uint16_t attrs;
	uint32_t flags;
	uint64_t handle;
	uint64_t tag;
	uint32_t nrecv;
	struct ffa_desc_receiver recv[FFA_MAX_RECEIVERS];
	uint32_t total_pages;
	uint32_t nranges;
	const uint8_t *ranges;
};

/*
 * Parse and validate the @len bytes at @buf as a MEM_SHARE (@lend false)
 * or MEM_LEND descriptor in the layout of FF-A @version. Checks: sizes and
 * offsets inside @len, alignment, 1..FFA_MAX_RECEIVERS distinct secure
 * receivers sharing one composite, permissions and attributes allowed for
 * the transaction, handle zero, reserved fields zero, 1..FFA_MAX_RANGES
 * page-aligned non-empty non-wrapping non-overlapping ranges adding up to
 * the composite's page count. Returns 0, -EINVAL or -ENOMEM (more than
 * the proxy can hold). The sender is not compared here.
 */
int ffa_desc_parse(const uint8_t *buf, size_t len, uint32_t version,
		   bool lend, struct ffa_desc *d);

/* Range @i (< d->nranges) of a parsed descriptor. */
void ffa_desc_range(const struct ffa_desc *d, uint32_t i, uint64_t *addr,
		    uint32_t *npages);

/*
 * Write @d with the physical @runs instead of its ranges into @buf (@cap
 * bytes) in the layout of FF-A @version; *@len gets the size. Returns 0 or
 * -ENOMEM when it does not fit.
 */
int ffa_desc_write(uint8_t *buf, size_t cap, uint32_t version,
		   const struct ffa_desc *d, const struct ffa_run *runs,
		   uint32_t nruns, size_t *len);

/* Little-endian accessors (descriptors are little-endian on every host). */
static inline uint16_t ffa_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t ffa_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
	       ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint64_t ffa_get64(const uint8_t *p)
{
	return (uint64_t)ffa_get32(p) | ((uint64_t)ffa_get32(p + 4) << 32);
}

static inline void ffa_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void ffa_put32(uint8_t *p, uint32_t v)
{
	ffa_put16(p, (uint16_t)v);
	ffa_put16(p + 2, (uint16_t)(v >> 16));
}

static inline void ffa_put64(uint8_t *p, uint64_t v)
{
	ffa_put32(p, (uint32_t)v);
	ffa_put32(p + 4, (uint32_t)(v >> 32));
}

#endif
