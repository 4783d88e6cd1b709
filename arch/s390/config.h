/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading the /zarm node (doc/config.md) on s390x. Interim: once the
 * common parser (common/config.h) lands, this file only turns its
 * struct zarm_config into VMs and applies the s390 placement rules.
 */
#ifndef ZARM_ARCH_S390_CONFIG_H
#define ZARM_ARCH_S390_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/s390/s390.h"

struct vm_desc {
	unsigned int id;
	char name[S390_NAME_MAX + 1];
	unsigned int vcpus;
	uint64_t mem_size;
	uint64_t image_addr;      /* host absolute: becomes the MSO */
	uint64_t image_size;
	bool has_entry;
	uint64_t entry;
};

/*
 * Parse the blob at @fdt; fill at most @max descriptors of well-formed VMs
 * that fit in [@lo, @hi) of host storage and do not overlap. Bad VMs are
 * reported and skipped. Returns the number of VMs or a negative -E code
 * when the blob itself is unusable.
 */
int s390_config_parse(const void *fdt, struct vm_desc *out, unsigned int max,
		      uint64_t lo, uint64_t hi);

#endif
