/* SPDX-License-Identifier: GPL-2.0-only */
/* TEMPORARY: minimal /zarm reader until common/config lands. */
#include <libfdt.h>
#include "arch/arm64/klib.h"
#include "arch/arm64/tmp/config_stub.h"

static int get_pair(const void *fdt, int node, const char *name, uint64_t *a, uint64_t *b)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p || len < 16)
		return -ENOENT;
	*a = ((uint64_t)fdt32_to_cpu(p[0]) << 32) | fdt32_to_cpu(p[1]);
	*b = ((uint64_t)fdt32_to_cpu(p[2]) << 32) | fdt32_to_cpu(p[3]);
	return 0;
}

int stub_config_parse(const void *fdt, struct stub_vm_config *out, unsigned int max)
{
	int root = fdt_path_offset(fdt, "/zarm"), node;
	unsigned int n = 0;

	if (root < 0)
		return -ENOENT;
	fdt_for_each_subnode(node, fdt, root) {
		struct stub_vm_config *c = &out[n];
		const fdt32_t *p;
		const char *s;
		int len;
		uint64_t dummy;

		if (n >= max)
			break;
		memset(c, 0, sizeof(*c));
		p = fdt_getprop(fdt, node, "reg", &len);
		if (!p || len < 4)
			continue;
		c->id = fdt32_to_cpu(p[0]);
		p = fdt_getprop(fdt, node, "vcpus", &len);
		c->vcpus = p && len >= 4 ? fdt32_to_cpu(p[0]) : 1;
		s = fdt_getprop(fdt, node, "label", &len);
		snprintf(c->name, sizeof(c->name), "%s", s ? s : "vm");
		if (get_pair(fdt, node, "memory", &c->mem_base, &c->mem_size) ||
		    get_pair(fdt, node, "image", &c->image_addr, &c->image_size))
			continue;
		p = fdt_getprop(fdt, node, "entry", &len);
		if (p && len >= 8)
			c->entry = ((uint64_t)fdt32_to_cpu(p[0]) << 32) | fdt32_to_cpu(p[1]);
		if (get_pair(fdt, node, "initrd", &c->initrd_addr, &c->initrd_size))
			c->initrd_size = 0;
		(void)dummy;
		s = fdt_getprop(fdt, node, "bootargs", &len);
		snprintf(c->bootargs, sizeof(c->bootargs), "%s", s ? s : "");
		n++;
	}
	return (int)n;
}
