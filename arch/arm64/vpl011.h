/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Emulated PL011 UART, one per VM: transmit only. Output is collected per
 * line and printed on zarm's console as "[name] line", so guests printing
 * at the same time stay readable.
 */
#ifndef ZARM_ARM64_VPL011_H
#define ZARM_ARM64_VPL011_H

#include <stdint.h>

#define VPL011_BASE 0x09000000UL
#define VPL011_SIZE 0x1000UL
#define VPL011_LINE 160

struct vpl011 {
	const char *name;
	char line[VPL011_LINE];
	unsigned int len;
	uint32_t cr, lcr_h, ibrd, fbrd, imsc, ifls;
};

void vpl011_init(struct vpl011 *u, const char *name);
int vpl011_read(void *opaque, uint64_t off, unsigned int size, uint64_t *val);
int vpl011_write(void *opaque, uint64_t off, unsigned int size, uint64_t val);
/* Print what is buffered (a VM that stops mid-line). */
void vpl011_flush(struct vpl011 *u);

#endif
