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

const struct mmio_region *mmio_find(const struct mmio_bus *bus, uint64_t addr,
				    unsigned int len)
{
	for (unsigned int i = 0; i < bus->nr; i++) {
		const struct mmio_region *r = &bus->region[i];

		if (addr >= r->base && addr - r->base < r->size &&
		    len <= r->size - (addr - r->base))
			return r;
	}
	return NULL;
}

int mmio_access(const struct mmio_bus *bus, uint64_t ipa, unsigned int size,
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
