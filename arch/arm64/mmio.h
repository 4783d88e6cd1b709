/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-VM MMIO framework: emulated devices register guest-physical ranges
 * with read/write handlers; the data-abort path finds the device and does
 * the register write-back (size, sign extension, XZR) once for all.
 */
#ifndef ZARM_ARM64_MMIO_H
#define ZARM_ARM64_MMIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/errno.h"

/* Handlers get the offset inside the range and an access size of 1/2/4/8. */
typedef int (*mmio_read_fn)(void *opaque, uint64_t off, unsigned int size,
			    uint64_t *val);
typedef int (*mmio_write_fn)(void *opaque, uint64_t off, unsigned int size,
			     uint64_t val);

struct mmio_region {
	uint64_t base, size;
	mmio_read_fn read;
	mmio_write_fn write;
	void *opaque;
};

#define MMIO_MAX_REGIONS 8

struct mmio_bus {
	struct mmio_region region[MMIO_MAX_REGIONS];
	unsigned int nr;
};

void mmio_bus_init(struct mmio_bus *bus);

/*
 * Register [base, base + size). -EINVAL for an empty or wrapping range or a
 * missing handler, -EEXIST when it overlaps a registered range, -ENOSPC
 * when the bus is full.
 */
int mmio_register(struct mmio_bus *bus, uint64_t base, uint64_t size,
		  mmio_read_fn read, mmio_write_fn write, void *opaque);

/*
 * The two functions below are the data-abort trap's hot path: inline, so
 * that the trap handler, the lookup and the write-back are one frame.
 */

/* The region that wholly contains [addr, addr + len), or NULL. */
static inline const struct mmio_region *mmio_find(const struct mmio_bus *bus, uint64_t addr,
						  unsigned int len)
{
	for (unsigned int i = 0; i < bus->nr; i++) {
		const struct mmio_region *r = &bus->region[i];
		uint64_t off = addr - r->base;	/* wraps above addr: fails the test */

		if (off < r->size && len <= r->size - off)
			return r;
	}
	return NULL;
}

/*
 * Carry out one decoded access. For a read, the value is zero- or
 * sign-extended (sse, to 32 or 64 bits by sf) into *val. Returns 0, or a
 * negative code when no device claims the access.
 */
static inline int mmio_access(const struct mmio_bus *bus, uint64_t ipa, unsigned int size,
			      bool write, bool sse, bool sf, uint64_t *val)
{
	const struct mmio_region *r = mmio_find(bus, ipa, size);
	uint64_t v = 0;
	int ret;

	if (!r)
		return -ENODEV;
	if (write) {
		if (size < 8)
			v = *val & ((1UL << (size * 8)) - 1);
		else
			v = *val;
		return r->write(r->opaque, ipa - r->base, size, v);
	}
	ret = r->read(r->opaque, ipa - r->base, size, &v);
	if (ret)
		return ret;
	if (size < 8) {
		unsigned int bits = size * 8;

		v &= (1UL << bits) - 1;
		if (sse && (v >> (bits - 1)) & 1)
			v |= ~0UL << bits;
	}
	if (!sf)
		v &= 0xffffffffUL;
	*val = v;
	return 0;
}

#endif
