/* SPDX-License-Identifier: GPL-2.0-only */
#include "arch/s390/config.h"

#include <libfdt.h>

#include "arch/s390/console.h"
#include "arch/s390/layout.h"
#include "common/compiler.h"
#include "common/errno.h"
#include "common/string.h"

static uint64_t cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | fdt32_to_cpu(p[i]);
	return v;
}

/* A property of exactly @n 64-bit (2-cell) values. */
static int get_u64s(const void *fdt, int node, const char *prop,
		    uint64_t *out, int n)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, prop, &len);

	if (!p)
		return -ENOENT;
	if (len != n * 8)
		return -EINVAL;
	for (int i = 0; i < n; i++)
		out[i] = cells(p + 2 * i, 2);
	return 0;
}

static int get_u32(const void *fdt, int node, const char *prop, uint32_t *out)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, prop, &len);

	if (!p)
		return -ENOENT;
	if (len != 4)
		return -EINVAL;
	*out = fdt32_to_cpu(*p);
	return 0;
}

static bool bad(const char *node, const char *prop, const char *why)
{
	con_printf("config: %s: %s %s: VM skipped\n", node, prop, why);
	return false;
}

static bool parse_vm(const void *fdt, int node, struct vm_desc *d,
		     uint64_t lo, uint64_t hi)
{
	const char *nn = fdt_get_name(fdt, node, NULL);
	uint64_t mem[2], img[2], end;
	uint32_t reg, vcpus = 1;
	const char *name;
	int len, rc;

	if (fdt_node_check_compatible(fdt, node, "zarm,vm"))
		return bad(nn, "compatible", "is not \"zarm,vm\"");
	if (get_u32(fdt, node, "reg", &reg) || reg < 1 || reg > S390_MAX_VMS)
		return bad(nn, "reg", "is missing or out of range");
	rc = get_u32(fdt, node, "vcpus", &vcpus);
	if ((rc && rc != -ENOENT) || vcpus < 1 || vcpus > S390_MAX_VCPUS)
		return bad(nn, "vcpus", "is out of range");
	if (get_u64s(fdt, node, "memory", mem, 2))
		return bad(nn, "memory", "is missing or malformed");
	if (get_u64s(fdt, node, "image", img, 2))
		return bad(nn, "image", "is missing or malformed");
	if (mem[0] != 0)
		return bad(nn, "memory", "must start at guest absolute 0");
	if (!mem[1] || !IS_ALIGNED(mem[1], ZARM_S390_GUEST_ALIGN))
		return bad(nn, "memory", "size must be a non-zero multiple of 1 MiB");
	if (!img[1] || img[1] > mem[1])
		return bad(nn, "image", "is empty or larger than memory");
	if (!IS_ALIGNED(img[0], ZARM_S390_GUEST_ALIGN))
		return bad(nn, "image", "address must be 1 MiB aligned");
	if (add_overflows(img[0], mem[1], &end) || img[0] < lo || end > hi)
		return bad(nn, "image", "puts the VM's storage outside free host storage");
	name = fdt_getprop(fdt, node, "label", &len);
	memset(d, 0, sizeof(*d));
	if (name) {
		if (len < 2 || len > S390_NAME_MAX + 1 || name[len - 1])
			return bad(nn, "label", "must be 1..15 characters");
		for (int i = 0; i < len - 1; i++)
			if (name[i] < 0x21 || name[i] > 0x7e)
				return bad(nn, "label", "is not printable ASCII");
		memcpy(d->name, name, len);
	} else {
		d->name[0] = 'v';
		d->name[1] = 'm';
		d->name[2] = (char)('0' + reg);
	}
	rc = get_u64s(fdt, node, "entry", &d->entry, 1);
	if (rc && rc != -ENOENT)
		return bad(nn, "entry", "is malformed");
	d->has_entry = !rc;
	if (d->has_entry && d->entry >= mem[1])
		return bad(nn, "entry", "is outside the VM's memory");
	d->id = reg;
	d->vcpus = vcpus;
	d->mem_size = mem[1];
	d->image_addr = img[0];
	d->image_size = img[1];
	return true;
}

int s390_config_parse(const void *fdt, struct vm_desc *out, unsigned int max,
		      uint64_t lo, uint64_t hi)
{
	unsigned int n = 0;
	int root, node;

	if (fdt_check_header(fdt) || fdt_totalsize(fdt) > ZARM_S390_CONFIG_MAX) {
		con_printf("config: no valid device tree at 0x%lx\n",
			   (unsigned long)(uintptr_t)fdt);
		return -EINVAL;
	}
	root = fdt_path_offset(fdt, "/zarm");
	if (root < 0 || fdt_node_check_compatible(fdt, root, "zarm,config-v1")) {
		con_printf("config: no /zarm node compatible with zarm,config-v1\n");
		return -ENOENT;
	}
	fdt_for_each_subnode(node, fdt, root) {
		struct vm_desc d;
		bool clash = false;

		if (strncmp(fdt_get_name(fdt, node, NULL), "vm@", 3))
			continue;
		if (!parse_vm(fdt, node, &d, lo, hi))
			continue;
		for (unsigned int i = 0; i < n; i++) {
			if (out[i].id == d.id)
				clash = true;
			if (d.image_addr < out[i].image_addr + out[i].mem_size &&
			    out[i].image_addr < d.image_addr + d.mem_size)
				clash = true;
		}
		if (clash) {
			bad(fdt_get_name(fdt, node, NULL), "reg/image",
			    "clashes with an earlier VM");
			continue;
		}
		if (n == max) {
			con_printf("config: more than %u VMs, rest ignored\n", max);
			break;
		}
		out[n++] = d;
	}
	return (int)n;
}
