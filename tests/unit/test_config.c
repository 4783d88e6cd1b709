/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for common/config.c. Device trees are built in memory with
 * libfdt's sequential-write API from a small description (nodes holding
 * property lists) that each test edits: one good VM, then one property
 * broken at a time. libfdt writes big-endian cells on every host, so the
 * same tests prove byte-order handling when run on x86_64 and s390x.
 * A randomized run checks accept/refuse decisions against an independent
 * reference of the rules, and a fuzz run corrupts blobs at random.
 */
#include <check.h>
#include <errno.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/config.h"
#include "common/log.h"
#include "tests/unit/unit_test.h"

/* Of both randomized runs; ZARM_TEST_SEED overrides it. */
#define DEFAULT_SEED 0xc0f19

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	return unit_test_rand(&rng_state);
}

/* ---- captured log ------------------------------------------------------ */

#define MAX_LINES 64
static struct {
	char line[MAX_LINES][ZLOG_LINE_MAX + 1];
	unsigned int n;
} logged;

static void log_put(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	if (logged.n < MAX_LINES) {
		memcpy(logged.line[logged.n], s, n);
		logged.line[logged.n][n] = '\0';
		logged.n++;
	}
}

/* Number of captured lines containing every one of the given words. */
static unsigned int lines_with(const char *a, const char *b)
{
	unsigned int count = 0;

	for (unsigned int i = 0; i < logged.n; i++)
		if (strstr(logged.line[i], a) && (!b || strstr(logged.line[i], b)))
			count++;
	return count;
}

/* ---- tree description and builder -------------------------------------- */

#define MAX_PROPS 16
#define MAX_CELLS 8
#define MAX_VM_NODES 12

struct prop {
	const char *name;
	int len;		/* bytes in data */
	unsigned char data[1100];
};

struct node {
	char name[32];
	struct prop props[MAX_PROPS];
	int nprops;
};

struct tree {
	bool no_zarm;
	struct node zarm;
	struct node vms[MAX_VM_NODES];
	int nvms;
};

static struct tree tree;
static char blob[1 << 17];
static struct zarm_config cfg;

static struct prop *prop_slot(struct node *n, const char *name)
{
	for (int i = 0; i < n->nprops; i++)
		if (!strcmp(n->props[i].name, name))
			return &n->props[i];
	ck_assert_int_lt(n->nprops, MAX_PROPS);
	n->props[n->nprops].name = name;
	return &n->props[n->nprops++];
}

static void set_raw(struct node *n, const char *name, const void *data, int len)
{
	struct prop *p = prop_slot(n, name);

	ck_assert_uint_le((size_t)len, sizeof(p->data));
	memcpy(p->data, data, (size_t)len);
	p->len = len;
}

/* Cells are stored big-endian through libfdt's own conversion. */
static void set_cells(struct node *n, const char *name, int count, ...)
{
	fdt32_t cells[MAX_CELLS];
	va_list ap;

	va_start(ap, count);
	for (int i = 0; i < count; i++)
		cells[i] = cpu_to_fdt32(va_arg(ap, uint32_t));
	va_end(ap);
	set_raw(n, name, cells, count * (int)sizeof(fdt32_t));
}

static void set_u32(struct node *n, const char *name, uint32_t v)
{
	set_cells(n, name, 1, v);
}

static void set_str(struct node *n, const char *name, const char *s)
{
	set_raw(n, name, s, (int)strlen(s) + 1);
}

/* <address size> with 2 + 2 cells. */
static void set_range(struct node *n, const char *name, uint64_t base,
		      uint64_t size)
{
	set_cells(n, name, 4, (uint32_t)(base >> 32), (uint32_t)base,
		  (uint32_t)(size >> 32), (uint32_t)size);
}

static void set_addr(struct node *n, const char *name, uint64_t a)
{
	set_cells(n, name, 2, (uint32_t)(a >> 32), (uint32_t)a);
}

static void del_prop(struct node *n, const char *name)
{
	for (int i = 0; i < n->nprops; i++) {
		if (!strcmp(n->props[i].name, name)) {
			n->props[i] = n->props[--n->nprops];
			return;
		}
	}
}

/* A minimal well-formed VM: 64 MiB at 0x40000000, 64 KiB image. */
static struct node *add_vm(uint32_t id)
{
	struct node *vm;

	ck_assert_int_lt(tree.nvms, MAX_VM_NODES);
	vm = &tree.vms[tree.nvms++];
	memset(vm, 0, sizeof(*vm));
	snprintf(vm->name, sizeof(vm->name), "vm@%x", id);
	set_str(vm, "compatible", "zarm,vm");
	set_u32(vm, "reg", id);
	set_range(vm, "memory", 0x40000000, 0x04000000);
	set_range(vm, "image", 0x48000000 + 0x1000000ULL * id, 0x10000);
	return vm;
}

static void reset_tree(void)
{
	memset(&tree, 0, sizeof(tree));
	strcpy(tree.zarm.name, "zarm");
	set_str(&tree.zarm, "compatible", "zarm,config-v1");
	set_u32(&tree.zarm, "#address-cells", 2);
	set_u32(&tree.zarm, "#size-cells", 2);
}

static void emit_node(void *fdt, const struct node *n)
{
	for (int i = 0; i < n->nprops; i++)
		ck_assert_int_eq(fdt_property(fdt, n->props[i].name, n->props[i].data,
					      n->props[i].len), 0);
}

/* Serialise @tree into blob; returns the blob's size. */
static size_t build(void)
{
	void *fdt = blob;

	ck_assert_int_eq(fdt_create(fdt, sizeof(blob)), 0);
	ck_assert_int_eq(fdt_finish_reservemap(fdt), 0);
	ck_assert_int_eq(fdt_begin_node(fdt, ""), 0);
	ck_assert_int_eq(fdt_property_string(fdt, "compatible", "linux,dummy-virt"), 0);
	ck_assert_int_eq(fdt_begin_node(fdt, "chosen"), 0);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	if (!tree.no_zarm) {
		ck_assert_int_eq(fdt_begin_node(fdt, tree.zarm.name), 0);
		emit_node(fdt, &tree.zarm);
		for (int i = 0; i < tree.nvms; i++) {
			ck_assert_int_eq(fdt_begin_node(fdt, tree.vms[i].name), 0);
			emit_node(fdt, &tree.vms[i]);
			ck_assert_int_eq(fdt_end_node(fdt), 0);
		}
		ck_assert_int_eq(fdt_end_node(fdt), 0);
	}
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	ck_assert_int_eq(fdt_finish(fdt), 0);
	return fdt_totalsize(fdt);
}

static int parse(void)
{
	size_t size = build();

	logged.n = 0;
	return zarm_config_parse(blob, size, &cfg);
}

static void setup(void)
{
	reset_tree();
	logged.n = 0;
	log_set_sink(log_put, NULL);
	log_set_level(ZLOG_INFO);
}

/* A new tree of two good VMs, vm@1 and vm@2; returns vm@2 to be edited. */
static struct node *fresh_vm2(void)
{
	reset_tree();
	add_vm(1);
	return add_vm(2);
}

/*
 * Parse a tree of a good vm@1 plus the edited second VM (node @node): it
 * must be refused with exactly one line naming it and @prop, vm@1 kept.
 */
static void expect_refused(const char *node, const char *prop)
{
	char quoted[40], where[64];

	snprintf(quoted, sizeof(quoted), "'%s'", prop);
	snprintf(where, sizeof(where), "[ERR] config: %s: ", node);
	ck_assert_int_eq(parse(), 0);
	ck_assert_msg(cfg.nr_vms == 1 && cfg.vms[0].id == 1,
		      "'%s': %u VMs accepted", prop, cfg.nr_vms);
	ck_assert_uint_eq(cfg.nr_rejected, 1);
	ck_assert_msg(lines_with(where, quoted) == 1,
		      "'%s': no single line naming it; first line: %s", prop,
		      logged.n ? logged.line[0] : "(none)");
	/* That line, plus the summary: nothing else at error level. */
	ck_assert_uint_eq(lines_with("[ERR] ", NULL), 2);
}

static void expect_vm2_accepted(void)
{
	ck_assert_int_eq(parse(), 0);
	ck_assert_msg(cfg.nr_vms == 2 && cfg.nr_rejected == 0,
		      "accepted %u refused %u: %s", cfg.nr_vms, cfg.nr_rejected,
		      logged.n ? logged.line[0] : "");
	ck_assert_uint_eq(lines_with("[ERR] ", NULL), 0);
}

/* A fresh vm@2 with @prop set to the single cell @val must be accepted. */
static void expect_vm2_u32_accepted(const char *prop, uint32_t val)
{
	set_u32(fresh_vm2(), prop, val);
	expect_vm2_accepted();
}

/* ---- well-formed configurations --------------------------------------- */

START_TEST(test_full_vm)
{
	struct node *vm = add_vm(1);
	const struct zarm_vm_config *v;

	set_str(vm, "label", "alpha");
	set_u32(vm, "vcpus", 2);
	/* Distinct bytes everywhere: a byte-order slip cannot go unseen. */
	set_range(vm, "memory", 0x0000001240000000ULL, 0x0000000304000000ULL);
	set_range(vm, "image", 0x12345678ABCDE000ULL, 0x00010000);
	set_cells(vm, "load-offset", 2, 0x1, 0x00080000);
	set_addr(vm, "entry", 0x0000001340080000ULL);
	set_range(vm, "initrd", 0x0000000049000000ULL, 0x0000000100100001ULL);
	set_str(vm, "bootargs", "console=ttyAMA0 rdinit=/init");
	set_u32(vm, "ffa-id", 0x1234);

	ck_assert_int_eq(parse(), 0);
	ck_assert_uint_eq(cfg.nr_vms, 1);
	ck_assert_uint_eq(cfg.nr_rejected, 0);
	v = &cfg.vms[0];
	ck_assert_uint_eq(v->id, 1);
	ck_assert_str_eq(v->name, "alpha");
	ck_assert_uint_eq(v->vcpus, 2);
	ck_assert_uint_eq(v->memory.base, 0x0000001240000000ULL);
	ck_assert_uint_eq(v->memory.size, 0x0000000304000000ULL);
	ck_assert_uint_eq(v->image.base, 0x12345678ABCDE000ULL);
	ck_assert_uint_eq(v->image.size, 0x10000);
	ck_assert_uint_eq(v->load_offset, 0x100080000ULL);
	ck_assert(v->has_entry);
	ck_assert_uint_eq(v->entry, 0x0000001340080000ULL);
	ck_assert(v->has_initrd);
	ck_assert_uint_eq(v->initrd.base, 0x49000000);
	ck_assert_uint_eq(v->initrd.size, 0x100100001ULL);
	ck_assert_str_eq(v->bootargs, "console=ttyAMA0 rdinit=/init");
	ck_assert_uint_eq(v->ffa_id, 0x1234);
	ck_assert(!v->console_input);
	ck_assert_uint_eq(logged.n, 0);
}
END_TEST

START_TEST(test_console_input_flag)
{
	set_cells(fresh_vm2(), "console-input", 0);
	expect_vm2_accepted();
	ck_assert(!cfg.vms[0].console_input);
	ck_assert(cfg.vms[1].console_input);
}
END_TEST

START_TEST(test_defaults)
{
	const struct zarm_vm_config *v;

	add_vm(3);
	ck_assert_int_eq(parse(), 0);
	ck_assert_uint_eq(cfg.nr_vms, 1);
	v = &cfg.vms[0];
	ck_assert_uint_eq(v->id, 3);
	ck_assert_str_eq(v->name, "vm3");
	ck_assert_uint_eq(v->vcpus, 1);
	ck_assert_uint_eq(v->ffa_id, 3);
	ck_assert(!v->has_entry);
	ck_assert(!v->has_initrd);
	ck_assert_uint_eq(v->load_offset, 0);
	ck_assert_str_eq(v->bootargs, "");
}
END_TEST

START_TEST(test_several_vms_sorted_and_found)
{
	static const uint32_t ids[] = { 5, 1, 8, 2 };
	char line[ZLOG_LINE_MAX];

	for (unsigned int i = 0; i < 4; i++)
		add_vm(ids[i]);
	ck_assert_int_eq(parse(), 0);
	ck_assert_uint_eq(cfg.nr_vms, 4);
	ck_assert_uint_eq(cfg.vms[0].id, 1);
	ck_assert_uint_eq(cfg.vms[1].id, 2);
	ck_assert_uint_eq(cfg.vms[2].id, 5);
	ck_assert_uint_eq(cfg.vms[3].id, 8);
	ck_assert_uint_eq(cfg.vms[4].id, 0);
	ck_assert_ptr_eq(zarm_config_find(&cfg, 5), &cfg.vms[2]);
	ck_assert_ptr_null(zarm_config_find(&cfg, 3));
	ck_assert_ptr_null(zarm_config_find(&cfg, 0));
	/* One info line per VM, saying what will be started. */
	zarm_config_log(&cfg);
	ck_assert_uint_eq(logged.n, 4);
	snprintf(line, sizeof(line), "[INF] config: VM 8 'vm8': 1 vCPU(s), memory "
		 "0x40000000+0x4000000, image 0x50000000+0x10000 at +0x0, FF-A id 0x8\n");
	ck_assert_str_eq(logged.line[3], line);
}
END_TEST

START_TEST(test_one_cell_addresses_and_defaults)
{
	struct node *vm;

	/* #address-cells = #size-cells = 1: pairs of single cells. */
	set_u32(&tree.zarm, "#address-cells", 1);
	set_u32(&tree.zarm, "#size-cells", 1);
	vm = add_vm(1);
	set_cells(vm, "memory", 2, 0x80000000, 0x100000);
	set_cells(vm, "image", 2, 0x90000000, 0x2000);
	set_cells(vm, "load-offset", 1, 0x1000);
	set_cells(vm, "entry", 1, 0x80001000);
	ck_assert_int_eq(parse(), 0);
	ck_assert_uint_eq(cfg.nr_vms, 1);
	ck_assert_uint_eq(cfg.vms[0].memory.base, 0x80000000);
	ck_assert_uint_eq(cfg.vms[0].image.size, 0x2000);
	ck_assert_uint_eq(cfg.vms[0].load_offset, 0x1000);
	ck_assert_uint_eq(cfg.vms[0].entry, 0x80001000);

	/* Absent cell counts are the DT defaults: 2 address, 1 size. */
	reset_tree();
	del_prop(&tree.zarm, "#address-cells");
	del_prop(&tree.zarm, "#size-cells");
	vm = add_vm(1);
	set_cells(vm, "memory", 3, 0x1, 0x0, 0x200000);
	set_cells(vm, "image", 3, 0x0, 0x48000000, 0x1000);
	ck_assert_int_eq(parse(), 0);
	ck_assert_uint_eq(cfg.nr_vms, 1);
	ck_assert_uint_eq(cfg.vms[0].memory.base, 0x100000000ULL);
	ck_assert_uint_eq(cfg.vms[0].memory.size, 0x200000);
}
END_TEST

START_TEST(test_other_nodes_and_unit_address)
{
	struct node *vm;

	add_vm(1);
	vm = add_vm(2);
	strcpy(vm->name, "vm");		/* no unit address: fine */
	vm = add_vm(3);
	strcpy(vm->name, "devices");	/* not a VM node: ignored */
	vm = add_vm(4);
	strcpy(vm->name, "vmm@4");	/* nor is this */
	ck_assert_int_eq(parse(), 0);
	ck_assert_uint_eq(cfg.nr_vms, 2);
	ck_assert_uint_eq(cfg.nr_rejected, 0);
	ck_assert_uint_eq(lines_with("[WRN] config: /zarm/devices", "ignored"), 1);
	ck_assert_uint_eq(lines_with("[WRN] config: /zarm/vmm@4", "ignored"), 1);
}
END_TEST

/* ---- per-VM refusal rules ---------------------------------------------- */

START_TEST(test_identity_rules)
{
	struct node *vm;

#define CASE(prop, edit) do { \
		vm = fresh_vm2(); edit; \
		expect_refused(vm->name, prop); \
	} while (0)
	CASE("compatible", del_prop(vm, "compatible"));
	CASE("compatible", set_str(vm, "compatible", "zarm,vmx"));
	CASE("compatible", set_u32(vm, "compatible", 7));
	CASE("reg", del_prop(vm, "reg"));
	CASE("reg", set_u32(vm, "reg", 0));
	CASE("reg", set_u32(vm, "reg", ZARM_MAX_VMS + 1));
	CASE("reg", set_u32(vm, "reg", 0xffffffff));
	CASE("reg", set_cells(vm, "reg", 2, 0, 2));
	CASE("reg", set_raw(vm, "reg", "\0\0\2", 3));
	CASE("reg", set_raw(vm, "reg", "", 0));
	/* The unit address must spell the id, in hex. */
	CASE("reg", strcpy(vm->name, "vm@3"));
	CASE("reg", strcpy(vm->name, "vm@"));
	CASE("reg", strcpy(vm->name, "vm@0x2"));
	CASE("reg", strcpy(vm->name, "vm@100000002"));
	/* Accepted spellings. */
	vm = fresh_vm2();
	strcpy(vm->name, "vm@02");
	expect_vm2_accepted();
}
END_TEST

START_TEST(test_name_rules)
{
	struct node *vm;

	CASE("label", set_str(vm, "label", ""));
	CASE("label", set_str(vm, "label", "sixteen-chars-xx"));
	CASE("label", set_str(vm, "label", "tab\there"));
	CASE("label", set_str(vm, "label", "caf\xc3\xa9"));
	CASE("label", set_raw(vm, "label", "ab\0cd", 6));
	CASE("label", set_raw(vm, "label", "abc", 3));
	CASE("label", set_raw(vm, "label", "", 0));
	/* 'name' stands in for 'label' under the same rules... */
	CASE("name", set_str(vm, "name", ""));
	CASE("name", set_str(vm, "name", "sixteen-chars-xx"));
	CASE("name", set_raw(vm, "name", "abc", 3));
	/* ...but not both at once. */
	CASE("name", (set_str(vm, "label", "a"), set_str(vm, "name", "b")));
	vm = fresh_vm2();
	set_str(vm, "label", "fifteen-chars~!");
	expect_vm2_accepted();
	ck_assert_str_eq(cfg.vms[1].name, "fifteen-chars~!");
	vm = fresh_vm2();
	set_str(vm, "name", "beta");
	expect_vm2_accepted();
	ck_assert_str_eq(cfg.vms[1].name, "beta");
}
END_TEST

START_TEST(test_vcpus_rules)
{
	struct node *vm;

	CASE("vcpus", set_u32(vm, "vcpus", 0));
	CASE("vcpus", set_u32(vm, "vcpus", ZARM_MAX_VCPUS_PER_VM + 1));
	CASE("vcpus", set_u32(vm, "vcpus", 0xffffffff));
	CASE("vcpus", set_cells(vm, "vcpus", 2, 0, 1));
	expect_vm2_u32_accepted("vcpus", ZARM_MAX_VCPUS_PER_VM);
	ck_assert_uint_eq(cfg.vms[1].vcpus, ZARM_MAX_VCPUS_PER_VM);
}
END_TEST

START_TEST(test_memory_rules)
{
	struct node *vm;

	CASE("memory", del_prop(vm, "memory"));
	CASE("memory", set_range(vm, "memory", 0x40000000, 0));
	CASE("memory", set_range(vm, "memory", 0x40000800, 0x100000));
	CASE("memory", set_range(vm, "memory", 0x40000000, 0x100800));
	CASE("memory", set_range(vm, "memory", 0xfffffffffff00000ULL, 0x200000));
	/* Ending exactly at 2^64 wraps too. */
	CASE("memory", set_range(vm, "memory", 0xfffffffffff00000ULL, 0x100000));
	CASE("memory", set_cells(vm, "memory", 3, 0, 0x40000000, 0x100000));
	CASE("memory", set_cells(vm, "memory", 5, 0, 0x40000000, 0, 0x100000, 0));
	vm = fresh_vm2();
	set_range(vm, "memory", 0xfffffffffff00000ULL, 0xff000);
	expect_vm2_accepted();
}
END_TEST

START_TEST(test_image_rules)
{
	struct node *vm;

	CASE("image", del_prop(vm, "image"));
	CASE("image", set_range(vm, "image", 0x48000000, 0));
	CASE("image", set_range(vm, "image", 0xffffffffffffff00ULL, 0x100));
	CASE("image", set_cells(vm, "image", 2, 0x48000000, 0x1000));
	/* Bigger than the 64 MiB of memory. */
	CASE("image", set_range(vm, "image", 0x48000000, 0x04000001));
	/* Fits only without the offset. */
	CASE("load-offset", (set_range(vm, "image", 0x48000000, 0x03f00000),
			     set_cells(vm, "load-offset", 2, 0, 0x00100001)));
	/* Offset so large that offset + size overflows. */
	CASE("load-offset", set_cells(vm, "load-offset", 2, 0xffffffff, 0xffffff00));
	CASE("load-offset", set_cells(vm, "load-offset", 1, 0x1000));
	/* Exactly filling memory is fine; the image may be unaligned. */
	vm = fresh_vm2();
	set_range(vm, "image", 0x48000123, 0x03f00000);
	set_cells(vm, "load-offset", 2, 0, 0x00100000);
	expect_vm2_accepted();
	ck_assert_uint_eq(cfg.vms[1].load_offset, 0x100000);
}
END_TEST

START_TEST(test_entry_rules)
{
	struct node *vm;

	CASE("entry", set_addr(vm, "entry", 0x3ffffffc));
	CASE("entry", set_addr(vm, "entry", 0x44000000));
	CASE("entry", set_addr(vm, "entry", 0xffffffffffffffffULL));
	CASE("entry", set_cells(vm, "entry", 1, 0x40000000));
	CASE("entry", set_cells(vm, "entry", 4, 0, 0x40000000, 0, 0));
	vm = fresh_vm2();
	set_addr(vm, "entry", 0x43fffffc);
	expect_vm2_accepted();
	ck_assert(cfg.vms[1].has_entry);
	ck_assert_uint_eq(cfg.vms[1].entry, 0x43fffffc);
}
END_TEST

START_TEST(test_initrd_rules)
{
	struct node *vm;

	CASE("initrd", set_range(vm, "initrd", 0x49000000, 0));
	CASE("initrd", set_range(vm, "initrd", 0x8000000000000000ULL,
				 0x8000000000000000ULL));
	CASE("initrd", set_cells(vm, "initrd", 2, 0x49000000, 0x1000));
	vm = fresh_vm2();
	/* The last byte of the address space is usable. */
	set_range(vm, "initrd", 0x8000000000000000ULL, 0x7fffffffffffffffULL);
	expect_vm2_accepted();
	ck_assert(cfg.vms[1].has_initrd);
}
END_TEST

START_TEST(test_bootargs_rules)
{
	static char longest[ZARM_BOOTARGS_MAX + 1];
	struct node *vm;

	CASE("bootargs", set_raw(vm, "bootargs", "console", 7));
	CASE("bootargs", set_raw(vm, "bootargs", "a\0b", 4));
	memset(longest, 'x', ZARM_BOOTARGS_MAX);
	longest[ZARM_BOOTARGS_MAX] = '\0';
	CASE("bootargs", set_str(vm, "bootargs", longest));
	vm = fresh_vm2();
	longest[ZARM_BOOTARGS_MAX - 1] = '\0';
	set_str(vm, "bootargs", longest);
	expect_vm2_accepted();
	ck_assert_uint_eq(strlen(cfg.vms[1].bootargs), ZARM_BOOTARGS_MAX - 1);
	/* An empty string is allowed and means "none". */
	vm = fresh_vm2();
	set_str(vm, "bootargs", "");
	expect_vm2_accepted();
}
END_TEST

START_TEST(test_ffa_id_rules)
{
	struct node *vm;

	CASE("ffa-id", set_u32(vm, "ffa-id", 0));
	CASE("ffa-id", set_u32(vm, "ffa-id", 0x8000));
	CASE("ffa-id", set_u32(vm, "ffa-id", 0x10002));
	CASE("ffa-id", set_cells(vm, "ffa-id", 2, 0, 5));
	expect_vm2_u32_accepted("ffa-id", ZARM_FFA_ID_MAX);
	ck_assert_uint_eq(cfg.vms[1].ffa_id, ZARM_FFA_ID_MAX);
}
END_TEST

START_TEST(test_passthrough_spi_rules)
{
	struct node *vm;

	CASE("passthrough-spis", set_u32(vm, "passthrough-spis", 31));
	CASE("passthrough-spis", set_u32(vm, "passthrough-spis", 1020));
	CASE("passthrough-spis", set_u32(vm, "passthrough-spis", 0xffffffff));
	CASE("passthrough-spis", set_cells(vm, "passthrough-spis", 2, 34, 34));
	CASE("passthrough-spis", set_cells(vm, "passthrough-spis", 2, 34, 16));
	CASE("passthrough-spis", set_cells(vm, "passthrough-spis", 5, 32, 33, 34, 35, 36));
	CASE("passthrough-spis", set_raw(vm, "passthrough-spis", "", 0));
	CASE("passthrough-spis", set_raw(vm, "passthrough-spis", "\0\0\0\42\0", 5));
	/* Absent: none. */
	vm = fresh_vm2();
	expect_vm2_accepted();
	ck_assert_uint_eq(cfg.vms[1].nr_spis, 0);
	/* The limits and the maximum count are accepted, in the order given. */
	vm = fresh_vm2();
	set_cells(vm, "passthrough-spis", 4, ZARM_SPI_LAST, 34, ZARM_SPI_FIRST, 100);
	expect_vm2_accepted();
	ck_assert_uint_eq(cfg.vms[1].nr_spis, 4);
	ck_assert_uint_eq(cfg.vms[1].spis[0], ZARM_SPI_LAST);
	ck_assert_uint_eq(cfg.vms[1].spis[1], 34);
	ck_assert_uint_eq(cfg.vms[1].spis[2], ZARM_SPI_FIRST);
	ck_assert_uint_eq(cfg.vms[1].spis[3], 100);
}
END_TEST
#undef CASE

/* An SPI claimed by two VMs refuses both; a third claiming another runs. */
START_TEST(test_shared_spi_refuses_all_holders)
{
	struct node *vm;

	vm = add_vm(1);
	set_cells(vm, "passthrough-spis", 2, 40, 34);
	vm = add_vm(2);
	set_u32(vm, "passthrough-spis", 35);
	vm = add_vm(3);
	set_cells(vm, "passthrough-spis", 2, 36, 34);
	add_vm(4);
	ck_assert_int_eq(parse(), 0);
	ck_assert_uint_eq(cfg.nr_vms, 2);
	ck_assert_uint_eq(cfg.vms[0].id, 2);
	ck_assert_uint_eq(cfg.vms[0].nr_spis, 1);
	ck_assert_uint_eq(cfg.vms[0].spis[0], 35);
	ck_assert_uint_eq(cfg.vms[1].id, 4);
	ck_assert_uint_eq(cfg.vms[1].nr_spis, 0);
	ck_assert_uint_eq(cfg.nr_rejected, 2);
	ck_assert_uint_eq(lines_with("config: vm@1: 'passthrough-spis'", "SPI 34"), 1);
	ck_assert_uint_eq(lines_with("config: vm@3: 'passthrough-spis'", "SPI 34"), 1);
	/* A VM already refused for something else does not take others down. */
	reset_tree();
	vm = add_vm(1);
	set_u32(vm, "passthrough-spis", 34);
	set_u32(vm, "vcpus", 0);
	vm = add_vm(2);
	set_u32(vm, "passthrough-spis", 34);
	ck_assert_int_eq(parse(), 0);
	ck_assert_uint_eq(cfg.nr_vms, 1);
	ck_assert_uint_eq(cfg.vms[0].id, 2);
	ck_assert_uint_eq(cfg.vms[0].spis[0], 34);
}
END_TEST

START_TEST(test_duplicate_ffa_ids_refuse_all_holders)
{
	struct node *vm;

	add_vm(1);
	vm = add_vm(2);
	set_u32(vm, "ffa-id", 3);	/* collides with vm@3's default */
	add_vm(3);
	add_vm(4);
	ck_assert_int_eq(parse(), 0);
	ck_assert_uint_eq(cfg.nr_vms, 2);
	ck_assert_uint_eq(cfg.vms[0].id, 1);
	ck_assert_uint_eq(cfg.vms[1].id, 4);
	ck_assert_uint_eq(cfg.nr_rejected, 2);
	ck_assert_uint_eq(lines_with("config: vm@2: 'ffa-id'", NULL), 1);
	ck_assert_uint_eq(lines_with("config: vm@3: 'ffa-id'", NULL), 1);
}
END_TEST

START_TEST(test_duplicate_reg_refuses_all_holders)
{
	struct node *vm;

	add_vm(1);
	add_vm(2);
	vm = add_vm(1);
	set_str(vm, "label", "second");
	vm = add_vm(1);
	set_str(vm, "label", "third");
	add_vm(3);
	ck_assert_int_eq(parse(), 0);
	ck_assert_uint_eq(cfg.nr_vms, 2);
	ck_assert_uint_eq(cfg.vms[0].id, 2);
	ck_assert_uint_eq(cfg.vms[1].id, 3);
	ck_assert_uint_eq(cfg.nr_rejected, 3);
	ck_assert_uint_eq(lines_with("config: vm@1: 'reg'", "more than one"), 3);
	ck_assert_uint_eq(lines_with("[ERR] config: 3 VM(s) refused, 2 accepted", NULL), 1);
	ck_assert_ptr_null(zarm_config_find(&cfg, 1));
}
END_TEST

START_TEST(test_duplicate_of_a_refused_vm)
{
	struct node *vm;

	/* The broken copy is refused for its own fault; the good one runs. */
	vm = add_vm(1);
	del_prop(vm, "memory");
	add_vm(1);
	ck_assert_int_eq(parse(), 0);
	ck_assert_uint_eq(cfg.nr_vms, 1);
	ck_assert_uint_eq(cfg.nr_rejected, 1);
	ck_assert_uint_eq(lines_with("config: vm@1: 'memory'", NULL), 1);
}
END_TEST

START_TEST(test_more_nodes_than_slots)
{
	for (uint32_t id = 1; id <= ZARM_MAX_VMS; id++)
		add_vm(id);
	add_vm(4);
	add_vm(9);
	add_vm(7);
	ck_assert_int_eq(parse(), 0);
	ck_assert_uint_eq(cfg.nr_vms, ZARM_MAX_VMS - 2);
	ck_assert_uint_eq(cfg.nr_rejected, 5);
	ck_assert_ptr_null(zarm_config_find(&cfg, 4));
	ck_assert_ptr_null(zarm_config_find(&cfg, 7));
	ck_assert_ptr_nonnull(zarm_config_find(&cfg, 8));
}
END_TEST

START_TEST(test_no_vms_is_not_an_error)
{
	ck_assert_int_eq(parse(), 0);
	ck_assert_uint_eq(cfg.nr_vms, 0);
	ck_assert_uint_eq(cfg.nr_rejected, 0);
}
END_TEST

/* ---- whole-configuration refusals --------------------------------------- */

static void expect_all_refused(int err, const char *words)
{
	ck_assert_int_eq(parse(), err);
	ck_assert_uint_eq(cfg.nr_vms, 0);
	ck_assert_uint_eq(cfg.vms[0].id, 0);
	ck_assert_msg(lines_with("[ERR] config: ", words) == 1, "log: %s",
		      logged.n ? logged.line[0] : "(none)");
}

START_TEST(test_root_rules)
{
	add_vm(1);
	tree.no_zarm = true;
	expect_all_refused(-ENOENT, "no /zarm");
	tree.no_zarm = false;

	del_prop(&tree.zarm, "compatible");
	expect_all_refused(-EINVAL, "zarm,config-v1");
	set_str(&tree.zarm, "compatible", "zarm,config-v2");
	expect_all_refused(-EINVAL, "zarm,config-v1");
	set_str(&tree.zarm, "compatible", "zarm,config-v1");

	set_u32(&tree.zarm, "#address-cells", 3);
	expect_all_refused(-EINVAL, "#address-cells");
	set_u32(&tree.zarm, "#address-cells", 0);
	expect_all_refused(-EINVAL, "#address-cells");
	set_cells(&tree.zarm, "#address-cells", 2, 0, 2);
	expect_all_refused(-EINVAL, "#address-cells");
	set_u32(&tree.zarm, "#address-cells", 2);
	set_u32(&tree.zarm, "#size-cells", 4);
	expect_all_refused(-EINVAL, "#size-cells");
	set_u32(&tree.zarm, "#size-cells", 2);

	/* A compatible list that contains the string is fine. */
	set_raw(&tree.zarm, "compatible", "acme,cfg\0zarm,config-v1", 24);
	ck_assert_int_eq(parse(), 0);
	ck_assert_uint_eq(cfg.nr_vms, 1);
}
END_TEST

START_TEST(test_corrupt_blobs)
{
	size_t size;

	add_vm(1);
	size = build();
	/* Sanity: the pristine blob parses. */
	ck_assert_int_eq(zarm_config_parse(blob, size, &cfg), 0);
	ck_assert_uint_eq(cfg.nr_vms, 1);

	/* Buffer smaller than the blob claims to be. */
	logged.n = 0;
	ck_assert_int_eq(zarm_config_parse(blob, size - 1, &cfg), -EINVAL);
	ck_assert_uint_eq(cfg.nr_vms, 0);
	ck_assert_uint_eq(lines_with("[ERR] config: ", "buffer"), 1);
	/* Too small to hold even a header. */
	ck_assert_int_eq(zarm_config_parse(blob, 16, &cfg), -EINVAL);
	ck_assert_int_eq(zarm_config_parse(blob, 0, &cfg), -EINVAL);

	/* Bad magic. */
	blob[0] ^= 0xff;
	logged.n = 0;
	ck_assert_int_eq(zarm_config_parse(blob, size, &cfg), -EINVAL);
	ck_assert_uint_eq(lines_with("[ERR] config: not a valid device tree", NULL), 1);
	blob[0] ^= 0xff;

	/* Header that points its structure block past the end. */
	fdt_set_off_dt_struct(blob, (uint32_t)size);
	ck_assert_int_eq(zarm_config_parse(blob, size, &cfg), -EINVAL);
	size = build();

	/* A totalsize beyond the buffer. */
	fdt_set_totalsize(blob, (uint32_t)sizeof(blob) + 8);
	ck_assert_int_eq(zarm_config_parse(blob, sizeof(blob), &cfg), -EINVAL);
	size = build();

	/* A structure block cut short (no FDT_END). */
	fdt_set_size_dt_struct(blob, fdt_size_dt_struct(blob) - 4);
	ck_assert_int_eq(zarm_config_parse(blob, size, &cfg), -EINVAL);
	ck_assert_uint_eq(cfg.nr_vms, 0);
}
END_TEST

START_TEST(test_duplicate_property_in_node)
{
	struct node *vm;
	struct prop *p;

	/* Two 'reg' properties in one node: ambiguous, so refused. */
	add_vm(1);
	vm = add_vm(2);
	ck_assert_int_lt(vm->nprops, MAX_PROPS);
	p = &vm->props[vm->nprops++];
	p->name = "reg";
	p->len = 4;
	memcpy(p->data, "\0\0\0\3", 4);
	expect_refused("vm@2", "reg");

	/* The same in /zarm itself refuses the whole configuration. */
	reset_tree();
	add_vm(1);
	p = &tree.zarm.props[tree.zarm.nprops++];
	p->name = "#size-cells";
	p->len = 4;
	memcpy(p->data, "\0\0\0\1", 4);
	ck_assert_int_eq(parse(), -EINVAL);
	ck_assert_uint_eq(cfg.nr_vms, 0);
	ck_assert_uint_eq(lines_with("config: /zarm: '#size-cells' given more", NULL), 1);
}
END_TEST

/* ---- randomized ------------------------------------------------------- */

/* Every accepted VM must satisfy every rule: checked independently. */
static void check_invariants(const struct zarm_config *c, uint64_t seed, int iter)
{
	ck_assert_msg(c->nr_vms <= ZARM_MAX_VMS, "seed %llu iter %d",
		      (unsigned long long)seed, iter);
	for (unsigned int i = 0; i < c->nr_vms; i++) {
		const struct zarm_vm_config *v = &c->vms[i];
		uint64_t end;
		size_t nl = strnlen(v->name, sizeof(v->name));

		ck_assert_msg(v->id >= 1 && v->id <= ZARM_MAX_VMS &&
			      (i == 0 || v->id > c->vms[i - 1].id) &&
			      v->vcpus >= 1 && v->vcpus <= ZARM_MAX_VCPUS_PER_VM &&
			      nl >= 1 && nl <= ZARM_VM_NAME_MAX &&
			      v->memory.size && v->memory.size % 4096 == 0 &&
			      v->memory.base % 4096 == 0 &&
			      !__builtin_add_overflow(v->memory.base, v->memory.size, &end) &&
			      v->image.size &&
			      !__builtin_add_overflow(v->image.base, v->image.size, &end) &&
			      !__builtin_add_overflow(v->load_offset, v->image.size, &end) &&
			      end <= v->memory.size &&
			      (!v->has_entry || (v->entry >= v->memory.base &&
						 v->entry - v->memory.base < v->memory.size)) &&
			      (!v->has_initrd || (v->initrd.size &&
				  !__builtin_add_overflow(v->initrd.base, v->initrd.size, &end))) &&
			      v->ffa_id >= 1 && v->ffa_id <= ZARM_FFA_ID_MAX &&
			      strnlen(v->bootargs, sizeof(v->bootargs)) < sizeof(v->bootargs),
			      "seed %llu iter %d: accepted VM %u breaks a rule",
			      (unsigned long long)seed, iter, v->id);
		for (unsigned int j = 0; j < i; j++)
			ck_assert_msg(c->vms[j].ffa_id != v->ffa_id,
				      "seed %llu iter %d: duplicate FF-A id",
				      (unsigned long long)seed, iter);
		ck_assert_msg(v->nr_spis <= ZARM_MAX_PASSTHROUGH_SPIS, "seed %llu iter %d",
			      (unsigned long long)seed, iter);
		for (unsigned int s = 0; s < v->nr_spis; s++) {
			ck_assert_msg(v->spis[s] >= ZARM_SPI_FIRST && v->spis[s] <= ZARM_SPI_LAST,
				      "seed %llu iter %d: SPI %u accepted",
				      (unsigned long long)seed, iter, v->spis[s]);
			for (unsigned int j = 0; j < i; j++)
				for (unsigned int t = 0; t < c->vms[j].nr_spis; t++)
					ck_assert_msg(c->vms[j].spis[t] != v->spis[s],
						      "seed %llu iter %d: SPI %u shared",
						      (unsigned long long)seed, iter, v->spis[s]);
		}
	}
}

/* Mostly-sane 64-bit values with a bias toward the edges that matter. */
static uint64_t edgy(uint64_t typical)
{
	switch (rng_next() % 10) {
	case 0:
		return 0;
	case 1:
		return UINT64_MAX - rng_next() % 0x3000;
	case 2:
		return rng_next();
	case 3:
		return typical + 1;
	case 4:
		return typical - 0x1000;
	default:
		return typical;
	}
}

struct ref_vm {
	bool ok;	/* per-node rules */
	uint32_t id, ffa;
	unsigned int nspis;
	uint32_t spis[ZARM_MAX_PASSTHROUGH_SPIS + 1];
};

/* Do reference VMs @a and @b claim a common SPI? */
static bool ref_share_spi(const struct ref_vm *a, const struct ref_vm *b)
{
	for (unsigned int i = 0; i < a->nspis; i++)
		for (unsigned int j = 0; j < b->nspis; j++)
			if (a->spis[i] == b->spis[j])
				return true;
	return false;
}

START_TEST(test_random_against_reference)
{
	uint64_t seed = unit_test_seed(DEFAULT_SEED);

	rng_state = seed | 1;
	for (int iter = 0; iter < 1500; iter++) {
		struct ref_vm ref[MAX_VM_NODES];
		int n = (int)(rng_next() % 10) + 1;
		unsigned int want_ok = 0, want_rejected = 0;

		reset_tree();
		for (int k = 0; k < n; k++) {
			uint32_t id = (uint32_t)(rng_next() % 9) + 1;
			struct node *vm = add_vm(id);
			uint64_t mbase = edgy(0x40000000), msize = edgy(0x04000000);
			uint64_t isize = edgy(0x10000), ibase = edgy(0x48000000);
			uint64_t off = rng_next() % 2 ? edgy(0x100000) : 0;
			uint64_t entry = mbase + (rng_next() % 3 ? 0x80000 : msize);
			uint32_t vcpus = (uint32_t)(rng_next() % 10);
			uint32_t ffa = rng_next() % 3 ? id : (uint32_t)(rng_next() % 12);
			uint64_t e;
			bool ok = id <= ZARM_MAX_VMS;

			if (rng_next() % 16 == 0) {
				del_prop(vm, "compatible");
				ok = false;
			}
			set_range(vm, "memory", mbase, msize);
			ok = ok && msize && mbase % 4096 == 0 && msize % 4096 == 0 &&
			     !__builtin_add_overflow(mbase, msize, &e);
			set_range(vm, "image", ibase, isize);
			ok = ok && isize && !__builtin_add_overflow(ibase, isize, &e);
			if (off)
				set_addr(vm, "load-offset", off);
			ok = ok && !__builtin_add_overflow(off, isize, &e) && e <= msize;
			if (rng_next() % 2) {
				set_addr(vm, "entry", entry);
				ok = ok && entry >= mbase && entry - mbase < msize;
			}
			if (vcpus != 1 || rng_next() % 2)
				set_u32(vm, "vcpus", vcpus);
			ok = ok && vcpus >= 1 && vcpus <= ZARM_MAX_VCPUS_PER_VM;
			if (ffa != id || rng_next() % 2)
				set_u32(vm, "ffa-id", ffa);
			ok = ok && ffa >= 1;
			ref[k] = (struct ref_vm){ ok, id, ffa, 0, { 0 } };
			if (rng_next() % 3 == 0) {
				/* A small pool, so repeats and clashes are common. */
				static const uint32_t pool[] = { 31, 32, 34, 35, 40, 1019, 1020 };
				fdt32_t cells[ZARM_MAX_PASSTHROUGH_SPIS + 1];
				unsigned int cnt = (unsigned int)(rng_next() % 5) + 1;

				for (unsigned int s = 0; s < cnt; s++) {
					uint32_t v = pool[rng_next() % ARRAY_SIZE(pool)];

					ok = ok && v >= 32 && v <= 1019;
					for (unsigned int t = 0; t < s; t++)
						ok = ok && ref[k].spis[t] != v;
					ref[k].spis[s] = v;
					cells[s] = cpu_to_fdt32(v);
				}
				ok = ok && cnt <= ZARM_MAX_PASSTHROUGH_SPIS;
				ref[k].nspis = cnt;
				set_raw(vm, "passthrough-spis", cells, (int)(cnt * sizeof(fdt32_t)));
				ref[k].ok = ok;
			}
		}
		/* Cross-VM rules, exactly as documented. */
		bool stage1[MAX_VM_NODES];

		for (int k = 0; k < n; k++) {
			bool keep = ref[k].ok;

			for (int j = 0; j < n && keep; j++)
				if (j != k && ref[j].ok && ref[j].id == ref[k].id)
					keep = false;
			/* ffa-id clashes only count between unique-id survivors. */
			for (int j = 0; j < n && keep; j++) {
				bool j_unique = ref[j].ok;

				for (int m = 0; m < n && j_unique; m++)
					if (m != j && ref[m].ok && ref[m].id == ref[j].id)
						j_unique = false;
				if (j != k && j_unique && ref[j].ffa == ref[k].ffa)
					keep = false;
			}
			stage1[k] = keep;
		}
		/* Then SPI clashes between the survivors of both. */
		for (int k = 0; k < n; k++) {
			bool keep = stage1[k];

			for (int j = 0; j < n && keep; j++)
				if (j != k && stage1[j] && ref_share_spi(&ref[j], &ref[k]))
					keep = false;
			if (keep)
				want_ok++;
			else
				want_rejected++;
		}
		ck_assert_int_eq(parse(), 0);
		ck_assert_msg(cfg.nr_vms == want_ok && cfg.nr_rejected == want_rejected,
			      "seed %llu iter %d: accepted %u refused %u, reference %u/%u",
			      (unsigned long long)seed, iter, cfg.nr_vms,
			      cfg.nr_rejected, want_ok, want_rejected);
		check_invariants(&cfg, seed, iter);
	}
}
END_TEST

START_TEST(test_random_corruption)
{
	uint64_t seed = unit_test_seed(DEFAULT_SEED);
	static char pristine[sizeof(blob)];
	size_t size;

	rng_state = seed | 1;
	for (uint32_t id = 1; id <= 4; id++) {
		struct node *vm = add_vm(id);

		set_str(vm, "label", "guest");
		set_str(vm, "bootargs", "console=ttyAMA0");
		set_addr(vm, "entry", 0x40080000);
	}
	size = build();
	memcpy(pristine, blob, size);
	log_set_level(ZLOG_ERROR);
	for (int iter = 0; iter < 4000; iter++) {
		int flips = (int)(rng_next() % 4) + 1;
		size_t bufsize = size;
		int r;

		memcpy(blob, pristine, size);
		for (int f = 0; f < flips; f++) {
			size_t at = rng_next() % size;

			/* Mostly small edits: the checks must catch them all. */
			if (rng_next() % 2)
				blob[at] ^= (char)(1u << (rng_next() % 8));
			else
				blob[at] = (char)rng_next();
		}
		if (rng_next() % 8 == 0)
			bufsize = rng_next() % (size + 1);
		r = zarm_config_parse(blob, bufsize, &cfg);
		ck_assert_msg(r == 0 || r == -EINVAL || r == -ENOENT,
			      "seed %llu iter %d: returned %d",
			      (unsigned long long)seed, iter, r);
		if (r)
			ck_assert_uint_eq(cfg.nr_vms, 0);
		check_invariants(&cfg, seed, iter);
	}
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *good = unit_test_tcase(s, "well-formed", setup, 0);
	TCase *rules = unit_test_tcase(s, "refusals", setup, 0);
	TCase *rnd = unit_test_tcase(s, "randomized", setup, 300);

	tcase_add_test(good, test_full_vm);
	tcase_add_test(good, test_defaults);
	tcase_add_test(good, test_console_input_flag);
	tcase_add_test(good, test_several_vms_sorted_and_found);
	tcase_add_test(good, test_one_cell_addresses_and_defaults);
	tcase_add_test(good, test_other_nodes_and_unit_address);
	tcase_add_test(good, test_no_vms_is_not_an_error);

	tcase_add_test(rules, test_identity_rules);
	tcase_add_test(rules, test_name_rules);
	tcase_add_test(rules, test_vcpus_rules);
	tcase_add_test(rules, test_memory_rules);
	tcase_add_test(rules, test_image_rules);
	tcase_add_test(rules, test_entry_rules);
	tcase_add_test(rules, test_initrd_rules);
	tcase_add_test(rules, test_bootargs_rules);
	tcase_add_test(rules, test_ffa_id_rules);
	tcase_add_test(rules, test_passthrough_spi_rules);
	tcase_add_test(rules, test_shared_spi_refuses_all_holders);
	tcase_add_test(rules, test_duplicate_ffa_ids_refuse_all_holders);
	tcase_add_test(rules, test_duplicate_reg_refuses_all_holders);
	tcase_add_test(rules, test_duplicate_of_a_refused_vm);
	tcase_add_test(rules, test_more_nodes_than_slots);
	tcase_add_test(rules, test_root_rules);
	tcase_add_test(rules, test_corrupt_blobs);
	tcase_add_test(rules, test_duplicate_property_in_node);

	tcase_add_test(rnd, test_random_against_reference);
	tcase_add_test(rnd, test_random_corruption);
	return s;
}

int main(void)
{
	return unit_test_run(config_suite());
}
