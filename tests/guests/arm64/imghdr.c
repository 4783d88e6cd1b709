/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A guest with a Linux Image header asking for text_offset 0x200000 (not
 * the raw-binary 0x80000): zarm must load and enter it there, with the
 * device tree above the image and its BSS.
 */
#include "tests/guests/arm64/rt.h"

extern char _start[], __bss_end[];

void rt_main(uint64_t dtb)
{
	uint64_t here;

	__asm__ volatile("adr %0, _start" : "=r"(here));
	tap_plan(3);
	tap_ok(here == 0x40200000UL, "entered at RAM + text_offset (%lx)", here);
	tap_ok(dtb >= (uint64_t)__bss_end, "device tree (%lx) above image and BSS (%lx)", dtb,
	       (uint64_t)__bss_end);
	tap_ok(*(volatile uint32_t *)dtb == 0xedfe0dd0U, "device tree magic");
	rt_power_off_ok();
}
