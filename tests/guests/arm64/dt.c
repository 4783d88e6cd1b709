/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's device tree as zarm wrote it: the command line given to
 * zarm-run, the initrd (imghdr.bin, recognisable by its Image magic) where
 * linux,initrd-start/end say, the memory node, one cpu node per vCPU and
 * PSCI over HVC. A small flattened-tree walker, enough for these checks.
 */
#include "tests/guests/arm64/rt.h"

static uint32_t be32(const void *p)
{
	return rt_be32(p);
}

static uint64_t be64(const void *p)
{
	return (uint64_t)be32(p) << 32 | be32((const uint8_t *)p + 4);
}

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static bool prefix(const char *s, const char *p)
{
	while (*p && *s == *p)
		s++, p++;
	return !*p;
}

static void walk(const uint8_t *fdt,
		 void (*fn)(const char *node, const char *prop, const uint8_t *val, uint32_t len))
{
	rt_fdt_walk(fdt, fn);
}

static const char *bootargs;
static uint64_t initrd_start, initrd_end, mem_base, mem_size;
static unsigned int cpus;
static const char *psci_method;

static void collect(const char *node, const char *prop, const uint8_t *val, uint32_t len)
{
	if (streq(node, "chosen") && streq(prop, "bootargs"))
		bootargs = (const char *)val;
	else if (streq(node, "chosen") && streq(prop, "linux,initrd-start") && len == 8)
		initrd_start = be64(val);
	else if (streq(node, "chosen") && streq(prop, "linux,initrd-end") && len == 8)
		initrd_end = be64(val);
	else if (prefix(node, "memory@") && streq(prop, "reg") && len == 16) {
		mem_base = be64(val);
		mem_size = be64(val + 8);
	} else if (prefix(node, "cpu@") && streq(prop, "enable-method"))
		cpus += streq((const char *)val, "psci");
	else if (streq(node, "psci") && streq(prop, "method"))
		psci_method = (const char *)val;
}

void rt_main(uint64_t dtb)
{
	walk((const uint8_t *)dtb, collect);
	tap_plan(6);
	tap_ok(bootargs && streq(bootargs, "console=ttyAMA0 zarm-test=1,with,commas"),
	       "bootargs from zarm-run's cmdline= (%s)", bootargs ? bootargs : "none");
	tap_ok(initrd_end > initrd_start && initrd_start >= 0x40000000UL &&
	       initrd_end <= dtb, "initrd %lx-%lx below the device tree", initrd_start,
	       initrd_end);
	tap_ok(initrd_start && *(volatile uint32_t *)(initrd_start + 0x38) == 0x644d5241U,
	       "the initrd holds the file given (Image magic)");
	tap_ok(mem_base == 0x40000000UL && mem_size == (48UL << 20), "memory node %lx+%lx",
	       mem_base, mem_size);
	tap_ok(cpus == 2, "%u cpu nodes with enable-method psci", cpus);
	tap_ok(psci_method && streq(psci_method, "hvc"), "PSCI method is hvc");
	rt_power_off_ok();
}
