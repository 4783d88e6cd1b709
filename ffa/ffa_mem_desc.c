/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory transaction descriptor parsing, validation and re-writing. Only
 * this file knows the byte layouts; everything else sees struct ffa_desc.
 */
#include "ffa/ffa_mem_desc.h"

#include "common/errno.h"
#include "common/string.h"

/* Memory region attributes that make sense for normal memory. */
static bool attrs_valid(uint16_t attrs, bool lend)
{
	unsigned int type = attrs & FFA_ATTR_TYPE_MASK;
	unsigned int cache = (attrs >> 2) & 0x3u;
	unsigned int shar = attrs & 0x3u;

	/* NS is the relayer's to set, never the sender's; the rest MBZ. */
	if (attrs & ~FFA_ATTR_VALID_MASK)
		return false;
	if (type == 0)
		return lend && attrs == 0; /* "not specified": lend only */
	if (type != FFA_ATTR_TYPE_NORMAL)
		return false; /* device memory is never handed over */
	/* 0b00 and 0b10 cacheability, 0b01 shareability are reserved. */
	return (cache == 1 || cache == 3) && shar != 1;
}

static bool perms_valid(uint8_t perms)
{
	unsigned int data = perms & FFA_PERM_DATA_MASK;
	unsigned int inst = perms & FFA_PERM_INST_MASK;

	if (perms & ~(FFA_PERM_DATA_MASK | FFA_PERM_INST_MASK))
		return false;
	if (data != FFA_PERM_DATA_RO && data != FFA_PERM_DATA_RW)
		return false;
	/* The secure side gets no execute rights to normal-world memory. */
	return inst == 0 || inst == FFA_PERM_INST_NX;
}

static bool flags_valid(uint32_t flags, bool lend)
{
	uint32_t type = flags & FFA_FLAG_TYPE_MASK;

	if (flags & ~(FFA_FLAG_ZERO_MEMORY | FFA_FLAG_TIME_SLICE |
		      FFA_FLAG_TYPE_MASK))
		return false;
	if (!lend && (flags & FFA_FLAG_ZERO_MEMORY))
		return false; /* the owner keeps access: zeroing is meaningless */
	return type == 0 ||
	       type == (lend ? FFA_FLAG_TYPE_LEND : FFA_FLAG_TYPE_SHARE);
}

static bool is_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* Header fields; fills @d and the endpoint descriptors' place. */
static int parse_header(const uint8_t *buf, size_t len, uint32_t version,
			struct ffa_desc *d, uint64_t *emad_off,
			uint64_t *emad_size)
{
	if (version < FFA_VERSION_1_1) {
		if (len < FFA_DESC_HDR_1_0)
			return -EINVAL;
		d->sender = ffa_get16(buf);
		d->attrs = buf[2];
		if (buf[3] != 0 || ffa_get32(buf + 24) != 0)
			return -EINVAL;
		*emad_size = FFA_EMAD_SIZE;
		*emad_off = FFA_DESC_HDR_1_0;
	} else {
		if (len < FFA_DESC_HDR_1_1)
			return -EINVAL;
		d->sender = ffa_get16(buf);
		d->attrs = ffa_get16(buf + 2);
		*emad_size = ffa_get32(buf + 24);
		*emad_off = ffa_get32(buf + 32);
		if (!is_zero(buf + 36, 12))
			return -EINVAL;
		/* 1.1 fixed the size at 16; 1.2 may add 16 bytes. */
		if (*emad_size != FFA_EMAD_SIZE &&
		    !(version >= FFA_VERSION_1_2 && *emad_size == 32))
			return -EINVAL;
		if (*emad_off < FFA_DESC_HDR_1_1 || *emad_off % 16)
			return -EINVAL;
	}
	d->flags = ffa_get32(buf + 4);
	d->handle = ffa_get64(buf + 8);
	d->tag = ffa_get64(buf + 16);
	d->nrecv = ffa_get32(buf + 28);
	return 0;
}

/* Endpoint memory access descriptors; returns the composite offset. */
static int parse_receivers(const uint8_t *buf, size_t len, struct ffa_desc *d,
			   uint64_t emad_off, uint64_t emad_size,
			   uint64_t *comp_off)
{
	uint64_t end;
	uint32_t i, j;

	if (d->nrecv == 0 || d->nrecv > FFA_MAX_RECEIVERS)
		return -EINVAL;
	/* Small factors (checked above): no overflow, but stay explicit. */
	if (mul_overflows(emad_size, (uint64_t)d->nrecv, &end) ||
	    add_overflows(end, emad_off, &end) || end > len)
		return -EINVAL;
	for (i = 0; i < d->nrecv; i++) {
		const uint8_t *e = buf + emad_off + i * emad_size;
		struct ffa_desc_receiver *r = &d->recv[i];
		uint64_t off = ffa_get32(e + 4);

		r->id = ffa_get16(e);
		r->perms = e[2];
		r->flags = e[3];
		if (!(r->id & FFA_ID_SECURE_BIT) || !perms_valid(r->perms) ||
		    r->flags != 0 || ffa_get64(e + 8) != 0)
			return -EINVAL;
		for (j = 0; j < i; j++)
			if (d->recv[j].id == r->id)
				return -EINVAL;
		/* Every receiver gets the same region. */
		if (i == 0)
			*comp_off = off;
		else if (off != *comp_off)
			return -EINVAL;
	}
	/* The composite follows the access descriptors, 8-byte aligned. */
	if (*comp_off < end || *comp_off % 8)
		return -EINVAL;
	return 0;
}

static int parse_ranges(const uint8_t *buf, size_t len, struct ffa_desc *d,
			uint64_t comp_off)
{
	const uint8_t *c;
	uint64_t ranges_off, end, sum = 0;
	uint32_t i, j;

	if (add_overflows(comp_off, (uint64_t)FFA_COMPOSITE_SIZE, &ranges_off) ||
	    ranges_off > len)
		return -EINVAL;
	c = buf + comp_off;
	d->total_pages = ffa_get32(c);
	d->nranges = ffa_get32(c + 4);
	if (ffa_get64(c + 8) != 0 || d->nranges == 0)
		return -EINVAL;
	if (mul_overflows((uint64_t)d->nranges, (uint64_t)FFA_RANGE_SIZE, &end) ||
	    add_overflows(end, ranges_off, &end) || end > len)
		return -EINVAL;
	if (d->nranges > FFA_MAX_RANGES)
		return -ENOMEM; /* well-formed, but more than we keep */
	d->ranges = buf + ranges_off;
	for (i = 0; i < d->nranges; i++) {
		const uint8_t *r = d->ranges + (size_t)i * FFA_RANGE_SIZE;
		uint64_t addr = ffa_get64(r);
		uint64_t n = ffa_get32(r + 8);

		if (n == 0 || addr % FFA_PAGE_SIZE || ffa_get32(r + 12) != 0 ||
		    range_wraps(addr, n * FFA_PAGE_SIZE))
			return -EINVAL;
		sum += n; /* at most 64 * 2^32: no overflow */
	}
	if (sum != d->total_pages)
		return -EINVAL;
	/* A page named twice would be handed over twice: refuse overlaps. */
	for (i = 0; i < d->nranges; i++) {
		uint64_t a1, e1;
		uint32_t n1;

		ffa_desc_range(d, i, &a1, &n1);
		e1 = a1 + (uint64_t)n1 * FFA_PAGE_SIZE;
		for (j = i + 1; j < d->nranges; j++) {
			uint64_t a2, e2;
			uint32_t n2;

			ffa_desc_range(d, j, &a2, &n2);
			e2 = a2 + (uint64_t)n2 * FFA_PAGE_SIZE;
			if (a1 < e2 && a2 < e1)
				return -EINVAL;
		}
	}
	return 0;
}

int ffa_desc_parse(const uint8_t *buf, size_t len, uint32_t version,
		   bool lend, struct ffa_desc *d)
{
	uint64_t emad_off = 0, emad_size = 0, comp_off = 0;
	int rc;

	if (!buf || !d)
		return -EINVAL;
	memset(d, 0, sizeof(*d));
	if (len > FFA_DESC_MAX)
		return -ENOMEM;
	rc = parse_header(buf, len, version, d, &emad_off, &emad_size);
	if (rc)
		return rc;
	if (!attrs_valid(d->attrs, lend) || !flags_valid(d->flags, lend) ||
	    d->handle != 0)
		return -EINVAL;
	rc = parse_receivers(buf, len, d, emad_off, emad_size, &comp_off);
	if (rc)
		return rc;
	return parse_ranges(buf, len, d, comp_off);
}

void ffa_desc_range(const struct ffa_desc *d, uint32_t i, uint64_t *addr,
		    uint32_t *npages)
{
	const uint8_t *r = d->ranges + (size_t)i * FFA_RANGE_SIZE;

	*addr = ffa_get64(r);
	*npages = ffa_get32(r + 8);
}

int ffa_desc_write(uint8_t *buf, size_t cap, uint32_t version,
		   const struct ffa_desc *d, const struct ffa_run *runs,
		   uint32_t nruns, size_t *len)
{
	bool v10 = version < FFA_VERSION_1_1;
	size_t hdr = v10 ? FFA_DESC_HDR_1_0 : FFA_DESC_HDR_1_1;
	size_t comp_off = hdr + (size_t)d->nrecv * FFA_EMAD_SIZE;
	size_t ranges_off = comp_off + FFA_COMPOSITE_SIZE;
	size_t total = ranges_off + (size_t)nruns * FFA_RANGE_SIZE;
	uint64_t pages = 0;
	uint32_t i;

	if (d->nrecv > FFA_MAX_RECEIVERS || nruns > FFA_MAX_RUNS ||
	    total > cap)
		return -ENOMEM;
	memset(buf, 0, total);
	ffa_put16(buf, d->sender);
	if (v10)
		buf[2] = (uint8_t)d->attrs;
	else
		ffa_put16(buf + 2, d->attrs);
	ffa_put32(buf + 4, d->flags);
	ffa_put64(buf + 8, 0);
	ffa_put64(buf + 16, d->tag);
	ffa_put32(buf + 28, d->nrecv);
	if (!v10) {
		ffa_put32(buf + 24, FFA_EMAD_SIZE);
		ffa_put32(buf + 32, (uint32_t)hdr);
	}
	for (i = 0; i < d->nrecv; i++) {
		uint8_t *e = buf + hdr + (size_t)i * FFA_EMAD_SIZE;

		ffa_put16(e, d->recv[i].id);
		e[2] = d->recv[i].perms;
		e[3] = d->recv[i].flags;
		ffa_put32(e + 4, (uint32_t)comp_off);
	}
	for (i = 0; i < nruns; i++) {
		uint8_t *r = buf + ranges_off + (size_t)i * FFA_RANGE_SIZE;

		ffa_put64(r, runs[i].pa);
		ffa_put32(r + 8, (uint32_t)runs[i].npages);
		pages += runs[i].npages;
	}
	ffa_put32(buf + comp_off, (uint32_t)pages);
	ffa_put32(buf + comp_off + 4, nruns);
	*len = total;
	return 0;
}
