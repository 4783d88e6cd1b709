/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-VM MMIO framework: emulated devices register guest-physical ranges
 * with read/write handlers; the data-abort path finds the device and does
 * the register write-back (size, sign extension, XZR) once for all.
 */
#ifndef ZARM_ARM64_MMIO_H
#define ZARM_ARM64_MMIO_H

#include <stdbool.h>
#include <stdint.h>

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

/* The region that wholly contains [addr, addr + len), or NULL. */
const struct mmio_region *mmio_find(const struct mmio_bus *bus, uint64_t addr,
				    unsigned int len);

/*
 * Carry out one decoded access. For a read, the value is zero- or
 * sign-extended (sse, to 32 or 64 bits by sf) into *val. Returns 0, or a
 * negative code when no device claims the access.
 */
int mmio_access(const struct mmio_bus *bus, uint64_t ipa, unsigned int size,
		bool write, bool sse, bool sf, uint64_t *val);

#endif
