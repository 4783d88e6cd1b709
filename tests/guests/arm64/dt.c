/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's device tree as zarm wrote it: the command line given to
 * zarm-run, the initrd (imghdr.bin, recognisable by its Image magic) where
 * linux,initrd-start/end say, the memory node, one cpu node per vCPU and
 * PSCI over HVC. A small flattened-tree walker, enough for these checks.
 */
#include "tests/guests/arm64/rt.h"

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
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

/* Walk the tree; for each property call @fn(node name, depth, prop, value, len). */
static void walk(const uint8_t *fdt,
		 void (*fn)(const char *node, const char *prop, const uint8_t *val, uint32_t len))
{
	const uint8_t *p = fdt + be32(fdt + 8);
	const char *strings = (const char *)fdt + be32(fdt + 12);
	const char *node = "";

	for (;;) {
		uint32_t tok = be32(p);

		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;
			unsigned int n = 0;

			while (name[n])
				n++;
			node = name;
			p += (n + 4) & ~3U;
		} else if (tok == FDT_PROP) {
			uint32_t len = be32(p), nameoff = be32(p + 4);

			fn(node, strings + nameoff, p + 8, len);
			p += 8 + ((len + 3) & ~3U);
		} else if (tok == FDT_END || (tok != FDT_END_NODE && tok != FDT_NOP)) {
			return;
		}
	}
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
