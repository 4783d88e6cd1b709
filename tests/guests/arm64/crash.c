/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A guest that crashes: its vector table is outside its memory, then it
 * jumps outside its memory. The instruction abort is sent to the vector,
 * whose fetch aborts again, and again: a guest that cannot take an
 * exception is stopped.
 */
#include "tests/guests/arm64/rt.h"

void rt_main(uint64_t dtb)
{
	void (*nowhere)(void) = (void (*)(void))0x10000000UL;

	(void)dtb;
	rt_printf("# about to lose my vectors and jump outside my memory\n");
	write_sysreg(vbar_el1, 0x10010000UL);
	__asm__ volatile("isb");
	nowhere();
}
