/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stage-2 isolation: reads and writes outside the VM's RAM (just past
 * it, the flash at 0, the host GIC ITS, where QEMU keeps zarm's device
 * tree, a high address) must come back as synchronous external aborts to
 * this guest's own vector; the guest then carries on. Also checks the MMIO
 * decoder: loads into x19-x29 and sign extension.
 */
#include "tests/guests/arm64/rt.h"

#define RAM_END (0x40000000UL + (32UL << 20))	/* the .tap gives mem=32M */
#define EC_DABT_CUR 0x25
#define FSC_EXT 0x10

static bool aborted(unsigned int before)
{
	return rt_aborts == before + 1 && (rt_abort_esr >> 26) == EC_DABT_CUR &&
	       (rt_abort_esr & 0x3f) == FSC_EXT;
}

static void try_read(uint64_t addr, const char *what)
{
	unsigned int before = rt_aborts;

	rt_expect_abort = true;
	(void)*(volatile uint64_t *)addr;
	rt_expect_abort = false;
	tap_ok(aborted(before) && rt_abort_far == addr, "read %s (%lx) aborts", what, addr);
}

static void try_write(uint64_t addr, const char *what)
{
	unsigned int before = rt_aborts;

	rt_expect_abort = true;
	*(volatile uint64_t *)addr = 0x5a5a5a5a5a5a5a5aUL;
	rt_expect_abort = false;
	tap_ok(aborted(before) && rt_abort_far == addr, "write %s (%lx) aborts", what, addr);
}

extern char __bss_end[];

/*
 * Fill every free byte of its RAM, up to the last one, with a pattern and
 * read it back: stage 2 maps exactly the VM's own pages, so neither zarm
 * nor the other VM (whose host memory may start right after) notices.
 */
static bool scribble_range(uint64_t from, uint64_t to)
{
	bool ok = true;

	for (volatile uint64_t *q = (uint64_t *)from; q < (uint64_t *)to; q++)
		*q = (uint64_t)q ^ 0xa5a5a5a5a5a5a5a5UL;
	for (volatile uint64_t *q = (uint64_t *)from; q < (uint64_t *)to; q++)
		ok &= *q == ((uint64_t)q ^ 0xa5a5a5a5a5a5a5a5UL);
	return ok;
}

/* Everything but the image/BSS and the 64 KiB device tree in the last 2 MiB slot. */
static bool scribble(void)
{
	uint64_t free = ((uint64_t)__bss_end + 0xffff) & ~0xffffUL;
	uint64_t dtb = RAM_END - (2UL << 20);

	return scribble_range(free, dtb) && scribble_range(dtb + 0x10000, RAM_END);
}

void rt_main(uint64_t dtb)
{
	unsigned int before;
	uint64_t v;

	(void)dtb;
	tap_plan(13);
	try_read(RAM_END, "just past its RAM");
	try_write(RAM_END + 0x1000, "past its RAM");
	try_write(0x0, "the flash");
	try_write(0x08080000, "the host GIC ITS (not part of its vGIC)");
	try_write(0x48000000, "zarm's device tree (host RAM)");
	try_read(0xff00000000UL, "a high IPA");

	before = rt_aborts;
	rt_expect_abort = true;
	__asm__ volatile("stp xzr, xzr, [%0]" : : "r"(RAM_END) : "memory");
	rt_expect_abort = false;
	tap_ok(aborted(before), "STP (no syndrome) outside its RAM aborts");

	__asm__ volatile("ldr w20, [%1]\n mov %0, x20" : "=r"(v) : "r"(0x09000018UL) : "x20");
	tap_ok(v == 0x90, "MMIO load into x20 (PL011 FR = %lx)", v);
	__asm__ volatile("ldrsb x25, [%1]\n mov %0, x25" : "=r"(v) : "r"(0x09000ff4UL) : "x25");
	tap_ok(v == (uint64_t)-16, "MMIO sign-extending byte load into x25");
	__asm__ volatile("ldrsb w3, [%1]\n mov %0, x3" : "=r"(v) : "r"(0x09000ff4UL) : "x3");
	tap_ok(v == 0xfffffff0UL, "MMIO sign extension to 32 bits");
	__asm__ volatile("ldr xzr, [%0]" : : "r"(0x09000018UL));
	tap_ok(true, "MMIO load into XZR");
	*(volatile uint64_t *)(RAM_END - 8) = 42;
	tap_ok(*(volatile uint64_t *)(RAM_END - 8) == 42 && rt_aborts == 7,
	       "its own RAM still works");
	tap_ok(scribble(), "scribbling over all of its free RAM stays inside it");
	rt_power_off_ok();
}
