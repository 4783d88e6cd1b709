/* SPDX-License-Identifier: GPL-2.0-only */
/* A guest that crashes: it jumps to an address outside its memory. */
#include "tests/guests/arm64/rt.h"

void rt_main(uint64_t dtb)
{
	void (*nowhere)(void) = (void (*)(void))0x10000000UL;

	(void)dtb;
	rt_printf("# about to jump outside my memory\n");
	nowhere();
}
