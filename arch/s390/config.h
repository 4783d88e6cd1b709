/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The /zarm node (doc/config.md) on s390x: common/config.h parses it; this
 * applies the s390 placement rules and gives what vm_create() needs.
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
	bool console_input;       /* 'console-input': gets console input first */
};

/*
 * Parse the blob at @fdt (at most ZARM_S390_CONFIG_MAX bytes); fill at most
 * @max descriptors of well-formed VMs whose storage fits in [@lo, @hi) of
 * host storage without overlap. Bad VMs are logged, skipped and counted in
 * *@refused. Returns the number of VMs, or the parser's -E code when the
 * blob is unusable.
 */
int s390_config_parse(const void *fdt, struct vm_desc *out, unsigned int max,
		      uint64_t lo, uint64_t hi, unsigned int *refused);

#endif
