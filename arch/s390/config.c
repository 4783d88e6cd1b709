/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The s390 side of the configuration: common/config.c parses and checks
 * the /zarm node; this adds what SIE's MSO/MSE need. The image is used in
 * place as the VM's storage (guest absolute 0 = the image's host address),
 * so: memory starts at guest 0 and is a multiple of 1 MiB, the image is
 * 1 MiB aligned with no load offset, and each VM's storage lies in free
 * host storage without overlapping another's.
 */
#include "arch/s390/config.h"

#include "arch/s390/layout.h"
#include "common/compiler.h"
#include "common/config.h"
#include "common/errno.h"
#include "common/log.h"
#include "common/string.h"

static bool refuse(const struct zarm_vm_config *c, const char *prop,
		   const char *why)
{
	log_err("config: vm@%x (%s): '%s' %s: VM refused on s390x", c->id,
		c->name, prop, why);
	return false;
}

static bool s390_rules(const struct zarm_vm_config *c, uint64_t lo,
		       uint64_t hi)
{
	uint64_t end;

	if (c->memory.base != 0)
		return refuse(c, "memory", "must start at guest absolute 0");
	if (!IS_ALIGNED(c->memory.size, ZARM_S390_GUEST_ALIGN))
		return refuse(c, "memory", "size must be a multiple of 1 MiB");
	if (c->load_offset != 0)
		return refuse(c, "load-offset", "must be 0 (the image is used in place)");
	if (!IS_ALIGNED(c->image.base, ZARM_S390_GUEST_ALIGN))
		return refuse(c, "image", "address must be 1 MiB aligned");
	if (add_overflows(c->image.base, c->memory.size, &end) ||
	    c->image.base < lo || end > hi)
		return refuse(c, "image", "puts the VM's storage outside free host storage");
	if (c->has_initrd)
		log_warn("config: vm@%x (%s): 'initrd' ignored on s390x", c->id,
			 c->name);
	return true;
}

int s390_config_parse(const void *fdt, struct vm_desc *out, unsigned int max,
		      uint64_t lo, uint64_t hi, unsigned int *refused)
{
	static struct zarm_config cfg;
	unsigned int n = 0;
	int rc;

	*refused = 0;
	rc = zarm_config_parse(fdt, ZARM_S390_CONFIG_MAX, &cfg);
	if (rc)
		return rc;
	*refused = cfg.nr_rejected;
	for (unsigned int i = 0; i < cfg.nr_vms && n < max; i++) {
		const struct zarm_vm_config *c = &cfg.vms[i];
		bool clash = false;

		if (!s390_rules(c, lo, hi)) {
			(*refused)++;
			continue;
		}
		for (unsigned int j = 0; j < n; j++)
			if (c->image.base < out[j].image_addr + out[j].mem_size &&
			    out[j].image_addr < c->image.base + c->memory.size)
				clash = true;
		if (clash) {
			refuse(c, "image", "overlaps another VM's storage");
			(*refused)++;
			continue;
		}
		memset(&out[n], 0, sizeof(out[n]));
		out[n].id = c->id;
		memcpy(out[n].name, c->name, sizeof(out[n].name));
		out[n].vcpus = c->vcpus;
		out[n].mem_size = c->memory.size;
		out[n].image_addr = c->image.base;
		out[n].image_size = c->image.size;
		out[n].has_entry = c->has_entry;
		out[n].entry = c->entry;
		out[n].console_input = c->console_input;
		n++;
	}
	return (int)n;
}
