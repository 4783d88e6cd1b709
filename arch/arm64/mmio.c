/* SPDX-License-Identifier: GPL-2.0-only */
/* MMIO region lookup and the access semantics shared by every device. */
#include "arch/arm64/mmio.h"
#include "common/compiler.h"
#include "common/errno.h"

void mmio_bus_init(struct mmio_bus *bus)
{
	bus->nr = 0;
}

int mmio_register(struct mmio_bus *bus, uint64_t base, uint64_t size,
		  mmio_read_fn read, mmio_write_fn write, void *opaque)
{
	if (size == 0 || range_wraps(base, size) || !read || !write)
		return -EINVAL;
	for (unsigned int i = 0; i < bus->nr; i++) {
		const struct mmio_region *r = &bus->region[i];

		if (base < r->base + r->size && r->base < base + size)
			return -EEXIST;
	}
	if (bus->nr >= MMIO_MAX_REGIONS)
		return -ENOSPC;
	bus->region[bus->nr++] = (struct mmio_region){ base, size, read, write, opaque };
	return 0;
}
