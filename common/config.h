/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VM configuration: the /zarm node of a flattened device tree, parsed
 * with libfdt into struct zarm_config. doc/config.md is the user-facing
 * description of the format and of every rule below; keep them in step.
 *
 * Threat model: the blob comes from whoever started the machine, not from
 * a guest, but it is still external input. It is validated as a whole
 * (fdt_check_full) before any node is read; every property's length is
 * checked before its cells are; all address arithmetic is overflow-checked.
 * A bad VM is refused with one log line naming the VM and the property and
 * the others still run; only a broken blob or /zarm node refuses all.
 */
#ifndef ZARM_COMMON_CONFIG_H
#define ZARM_COMMON_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ZARM_MAX_VMS 8			/* VM ids are 1..ZARM_MAX_VMS */
#define ZARM_MAX_VCPUS_PER_VM 8
#define ZARM_VM_NAME_MAX 15		/* characters, without the NUL */
#define ZARM_BOOTARGS_MAX 1024		/* bytes, including the NUL */
#define ZARM_FFA_ID_MAX 0x7fff		/* bit 15 set means a secure-world id */
#define ZARM_CONFIG_PAGE_SIZE 0x1000u	/* granule of VM memory */
#define ZARM_MAX_PASSTHROUGH_SPIS 4	/* physical SPIs routed to one VM */
#define ZARM_SPI_FIRST 32u		/* SPI INTIDs are 32..1019 */
#define ZARM_SPI_LAST 1019u

/* [base, base + size); size is never 0 and the range never wraps. */
struct zarm_range {
	uint64_t base;
	uint64_t size;
};

struct zarm_vm_config {
	uint32_t id;			/* 1..ZARM_MAX_VMS, unique */
	char name[ZARM_VM_NAME_MAX + 1];	/* 'label': printable ASCII */
	uint32_t vcpus;			/* 1..ZARM_MAX_VCPUS_PER_VM */
	struct zarm_range memory;	/* guest physical; 4 KiB aligned */
	struct zarm_range image;	/* host physical: where the loader put it */
	/* The image is copied to guest physical memory.base + load_offset. */
	uint64_t load_offset;
	bool has_entry;			/* false: the arch picks the entry */
	uint64_t entry;			/* guest physical, inside memory */
	bool has_initrd;
	struct zarm_range initrd;	/* host physical; valid if has_initrd */
	char bootargs[ZARM_BOOTARGS_MAX];	/* "" when absent */
	uint16_t ffa_id;		/* 1..ZARM_FFA_ID_MAX, unique */
	/*
	 * 'passthrough-spis': physical SPIs owned by this VM alone, each
	 * delivered to it under the same INTID. Distinct, in
	 * ZARM_SPI_FIRST..ZARM_SPI_LAST, claimed by no other VM.
	 */
	unsigned int nr_spis;
	uint32_t spis[ZARM_MAX_PASSTHROUGH_SPIS];
	/* 'console-input': console input starts here (else the first VM's). */
	bool console_input;
};

struct zarm_config {
	unsigned int nr_vms;		/* accepted VMs, in vms[0..nr_vms) */
	unsigned int nr_rejected;	/* vm nodes refused (each logged) */
	struct zarm_vm_config vms[ZARM_MAX_VMS];	/* sorted by id */
};

/*
 * Parse the /zarm node of the blob at @fdt, which lies in a buffer of
 * @bufsize bytes (the blob's totalsize must fit in it). Fills @cfg
 * completely, also on error (then with no VMs).
 *
 * Returns 0 when the blob and the /zarm node are usable, even if some or
 * all VMs were refused (see nr_rejected). Returns -EINVAL for a blob that
 * fails libfdt's checks, a /zarm node without compatible "zarm,config-v1"
 * or with unsupported #address-cells/#size-cells, and -ENOENT when there
 * is no /zarm node. Every refusal is logged with ZLOG_ERROR.
 */
int zarm_config_parse(const void *fdt, size_t bufsize, struct zarm_config *cfg);

/* The accepted VM with @id, or NULL. */
const struct zarm_vm_config *zarm_config_find(const struct zarm_config *cfg,
					      uint32_t id);

/* Log one ZLOG_INFO line per accepted VM (what will be started). */
void zarm_config_log(const struct zarm_config *cfg);

#endif
