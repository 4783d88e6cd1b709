/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TEMPORARY stand-in for common/config.h (being written elsewhere): just
 * enough of the /zarm node to boot VMs. Delete when common/config lands.
 */
#ifndef ZARM_ARM64_TMP_CONFIG_STUB_H
#define ZARM_ARM64_TMP_CONFIG_STUB_H

#include <stdint.h>

struct stub_vm_config {
	unsigned int id, vcpus;
	char name[16];
	uint64_t mem_base, mem_size, image_addr, image_size, entry;
	uint64_t initrd_addr, initrd_size;
	char bootargs[256];
};

/* Fill @out from /zarm; returns the number of VMs or a negative code. */
int stub_config_parse(const void *fdt, struct stub_vm_config *out, unsigned int max);

#endif
