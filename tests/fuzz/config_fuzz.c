/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for the VM configuration parser (common/config.c, the
 * /zarm node of a device tree, through libfdt). Half the inputs are taken
 * as a blob as they are (any bytes: headers, offsets and sizes libfdt must
 * refuse); the other half describe a tree that is written with libfdt's
 * sequential-write API, so that the parser's own rules are reached: a
 * /zarm node with its compatible and cell counts (right or wrong), and up
 * to 10 child nodes (vm@N, vm, others) with properties taken from the
 * input, each of the right length or not, repeated or not.
 *
 * After every parse:
 *  - the answer is 0, -EINVAL or -ENOENT; on error there are no VMs, and
 *    an error was logged; every refused VM was logged;
 *  - every accepted VM is valid by each rule of doc/config.md (ids and
 *    FF-A ids in range and unique, sorted by id, label printable, vCPUs in
 *    range, memory aligned and non-empty, no range wraps or ends at 2^64,
 *    the image fits at its load offset, the entry inside memory, bootargs
 *    terminated, passthrough SPIs in range and claimed once);
 *  - for a written tree, accepted + refused = the vm nodes written;
 *  - parsing is deterministic, and the accepted VMs, written out again
 *    as a tree of their own, parse back to exactly the same configuration.
 */
#include <libfdt.h>
#include <string.h>

#include "common/config.h"
#include "common/errno.h"
#include "common/log.h"
#include "tests/fuzz/fuzz_util.h"

#define BUF 8192

static unsigned int errors; /* log lines at ZLOG_ERROR */

static void sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	while (n--)
		errors += *s++ == '\n';
}

static bool range_ok(const struct zarm_range *r)
{
	return r->size && r->base + r->size > r->base; /* nor end at 2^64 */
}

static void check_vm(const struct zarm_vm_config *vm)
{
	size_t n = strnlen(vm->name, sizeof(vm->name));
	uint64_t end;

	FUZZ_CHECK(vm->id >= 1 && vm->id <= ZARM_MAX_VMS, "id %u", vm->id);
	FUZZ_CHECK(n >= 1 && n <= ZARM_VM_NAME_MAX, "label length %zu", n);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(vm->name[i] >= 0x20 && vm->name[i] <= 0x7e,
			   "label byte %#x", (unsigned char)vm->name[i]);
	FUZZ_CHECK(vm->vcpus >= 1 && vm->vcpus <= ZARM_MAX_VCPUS_PER_VM,
		   "vcpus %u", vm->vcpus);
	FUZZ_CHECK(range_ok(&vm->memory) && range_ok(&vm->image),
		   "memory/image range");
	FUZZ_CHECK(vm->memory.base % ZARM_CONFIG_PAGE_SIZE == 0 &&
		   vm->memory.size % ZARM_CONFIG_PAGE_SIZE == 0, "memory alignment");
	FUZZ_CHECK(vm->load_offset <= vm->memory.size &&
		   vm->image.size <= vm->memory.size - vm->load_offset,
		   "image does not fit");
	end = vm->memory.base + vm->memory.size;
	FUZZ_CHECK(!vm->has_entry || (vm->entry >= vm->memory.base &&
				      vm->entry < end), "entry outside memory");
	FUZZ_CHECK(!vm->has_initrd || range_ok(&vm->initrd), "initrd range");
	FUZZ_CHECK(memchr(vm->bootargs, 0, sizeof(vm->bootargs)) != NULL,
		   "bootargs unterminated");
	FUZZ_CHECK(vm->ffa_id >= 1 && vm->ffa_id <= ZARM_FFA_ID_MAX,
		   "ffa-id %#x", vm->ffa_id);
	FUZZ_CHECK(vm->nr_spis <= ZARM_MAX_PASSTHROUGH_SPIS, "spis %u",
		   vm->nr_spis);
	for (unsigned int i = 0; i < vm->nr_spis; i++)
		FUZZ_CHECK(vm->spis[i] >= ZARM_SPI_FIRST &&
			   vm->spis[i] <= ZARM_SPI_LAST, "SPI %u", vm->spis[i]);
}

static void check_config(const struct zarm_config *c)
{
	FUZZ_CHECK(c->nr_vms <= ZARM_MAX_VMS, "%u VMs", c->nr_vms);
	for (unsigned int i = 0; i < c->nr_vms; i++) {
		check_vm(&c->vms[i]);
		FUZZ_CHECK(zarm_config_find(c, c->vms[i].id) == &c->vms[i],
			   "find %u", c->vms[i].id);
		for (unsigned int j = 0; j < i; j++) {
			FUZZ_CHECK(c->vms[j].id < c->vms[i].id, "not sorted");
			FUZZ_CHECK(c->vms[j].ffa_id != c->vms[i].ffa_id,
				   "ffa-id twice");
			for (unsigned int a = 0; a < c->vms[i].nr_spis; a++)
				for (unsigned int b = 0; b < c->vms[j].nr_spis; b++)
					FUZZ_CHECK(c->vms[i].spis[a] != c->vms[j].spis[b],
						   "SPI %u claimed twice",
						   c->vms[i].spis[a]);
		}
		for (unsigned int a = 0; a < c->vms[i].nr_spis; a++)
			for (unsigned int b = 0; b < a; b++)
				FUZZ_CHECK(c->vms[i].spis[a] != c->vms[i].spis[b],
					   "SPI repeated");
	}
}

static void cells(void *fdt, const char *name, const uint64_t *v,
		  unsigned int n, unsigned int per)
{
	fdt32_t c[16];
	unsigned int k = 0;

	for (unsigned int i = 0; i < n; i++) {
		if (per == 2)
			c[k++] = cpu_to_fdt32((uint32_t)(v[i] >> 32));
		c[k++] = cpu_to_fdt32((uint32_t)v[i]);
	}
	fdt_property(fdt, name, c, k * sizeof(fdt32_t));
}

/* The accepted VMs as a tree of their own (2 address and size cells). */
static int write_back(const struct zarm_config *c, void *fdt)
{
	char node[16];

	fdt_create(fdt, BUF);
	fdt_finish_reservemap(fdt);
	fdt_begin_node(fdt, "");
	fdt_begin_node(fdt, "zarm");
	fdt_property_string(fdt, "compatible", "zarm,config-v1");
	fdt_property_u32(fdt, "#address-cells", 2);
	fdt_property_u32(fdt, "#size-cells", 2);
	for (unsigned int i = 0; i < c->nr_vms; i++) {
		const struct zarm_vm_config *vm = &c->vms[i];
		uint64_t r[2];

		snprintf(node, sizeof(node), "vm@%x", vm->id);
		fdt_begin_node(fdt, node);
		fdt_property_string(fdt, "compatible", "zarm,vm");
		fdt_property_u32(fdt, "reg", vm->id);
		fdt_property_string(fdt, "label", vm->name);
		fdt_property_u32(fdt, "vcpus", vm->vcpus);
		r[0] = vm->memory.base, r[1] = vm->memory.size;
		cells(fdt, "memory", r, 2, 2);
		r[0] = vm->image.base, r[1] = vm->image.size;
		cells(fdt, "image", r, 2, 2);
		cells(fdt, "load-offset", &vm->load_offset, 1, 2);
		if (vm->has_entry)
			cells(fdt, "entry", &vm->entry, 1, 2);
		if (vm->has_initrd) {
			r[0] = vm->initrd.base, r[1] = vm->initrd.size;
			cells(fdt, "initrd", r, 2, 2);
		}
		if (vm->bootargs[0])
			fdt_property_string(fdt, "bootargs", vm->bootargs);
		fdt_property_u32(fdt, "ffa-id", vm->ffa_id);
		if (vm->nr_spis) {
			uint64_t s[ZARM_MAX_PASSTHROUGH_SPIS];

			for (unsigned int k = 0; k < vm->nr_spis; k++)
				s[k] = vm->spis[k];
			cells(fdt, "passthrough-spis", s, vm->nr_spis, 1);
		}
		fdt_end_node(fdt);
	}
	fdt_end_node(fdt);
	fdt_end_node(fdt);
	return fdt_finish(fdt);
}

/* One property of a vm node, from the input: the right shape or not. */
static void vm_prop(void *fdt, struct fz_in *in, unsigned int ac,
		    unsigned int sc)
{
	static const char *const names[] = {
		"compatible", "reg", "label", "vcpus", "memory", "image",
		"load-offset", "entry", "initrd", "bootargs", "ffa-id",
		"passthrough-spis", "name", "other",
	};
	/* cells each property takes: 0 string, else a code */
	static const uint8_t shape[] = { 0, 1, 0, 1, 'r', 'r', 's', 'a', 'r',
					 0, 1, 'n', 0, 1 };
	uint8_t k = fz_u8(in), w = fz_u8(in);
	unsigned int p = k % ARRAY_SIZE(names), n = 0, i;
	uint8_t raw[64];
	fdt32_t c[8];

	if (w & 0x80) { /* any bytes, any length */
		n = w & 0x3f;
		fz_bytes(in, raw, n);
		fdt_property(fdt, names[p], raw, n);
		return;
	}
	switch (shape[p]) {
	case 0:
		if (p == 0) {
			fdt_property_string(fdt, names[p],
					    (w & 1) ? "zarm,vm" : "zarm,other");
			return;
		}
		n = w % 24;
		fz_bytes(in, raw, n);
		raw[n] = 0;
		fdt_property(fdt, names[p], raw, n + 1);
		return;
	case 1: n = 1; break;
	case 'a': n = ac; break;
	case 's': n = sc; break;
	case 'r': n = ac + sc; break;
	case 'n': n = 1 + w % 5; break;
	}
	if (w & 0x40)
		n = (n + (w & 3)) % 8; /* one cell too many or few */
	for (i = 0; i < n; i++) {
		uint8_t v = fz_u8(in);
		uint32_t x;

		switch (v & 7) { /* small, page multiples, or anything */
		case 0: x = v >> 3; break;
		case 1: x = (uint32_t)(v >> 3) << 20; break;
		case 2: x = (uint32_t)(v >> 3) << 12; break;
		case 3: x = 32 + (v >> 3); break;
		case 4: x = 0xffffffffu; break;
		default: x = fz_u32(in); break;
		}
		c[i] = cpu_to_fdt32(x);
	}
	fdt_property(fdt, names[p], c, n * sizeof(fdt32_t));
}

static void addr_size(void *fdt, const char *name, uint64_t a, uint64_t sz,
		      unsigned int ac, unsigned int sc)
{
	fdt32_t c[4];
	unsigned int n = 0;

	if (ac == 2)
		c[n++] = cpu_to_fdt32((uint32_t)(a >> 32));
	c[n++] = cpu_to_fdt32((uint32_t)a);
	if (sc == 2)
		c[n++] = cpu_to_fdt32((uint32_t)(sz >> 32));
	c[n++] = cpu_to_fdt32((uint32_t)sz);
	fdt_property(fdt, name, c, n * sizeof(fdt32_t));
}

/*
 * The required properties of a vm node, each well formed unless the input
 * says otherwise, so that whole VMs get accepted and the rules between
 * VMs (unique ids, FF-A ids, SPIs) are reached; vm_prop() adds the rest.
 */
static void vm_base(void *fdt, struct fz_in *in, unsigned int unit,
		    unsigned int ac, unsigned int sc)
{
	uint8_t m = fz_u8(in), b = fz_u8(in);
	uint64_t mem = (uint64_t)(1 + (b & 15)) << 20;

	if (!(m & 1))
		fdt_property_string(fdt, "compatible", "zarm,vm");
	if (!(m & 2))
		fdt_property_u32(fdt, "reg", (m & 0x80) ? fz_u8(in) % 10 : unit);
	if (!(m & 4))
		addr_size(fdt, "memory", (uint64_t)fz_u8(in) << 24, mem, ac, sc);
	if (!(m & 8))
		addr_size(fdt, "image", (uint64_t)fz_u8(in) << 20,
			  (uint64_t)(1 + fz_u8(in)) << (m & 0x40 ? 16 : 8), ac,
			  sc);
}

static unsigned int write_tree(struct fz_in *in, void *fdt)
{
	uint8_t top = fz_u8(in), nodes = fz_u8(in) % 11;
	unsigned int ac = 2, sc = 2, vms = 0;
	char name[24];

	fdt_create(fdt, BUF);
	fdt_finish_reservemap(fdt);
	fdt_begin_node(fdt, "");
	fdt_begin_node(fdt, (top & 0x80) ? "zarm-not" : "zarm");
	if (!(top & 1))
		fdt_property_string(fdt, "compatible",
				    (top & 2) ? "x,y" : "zarm,config-v1");
	if (top & 4) {
		ac = 1 + (top >> 3 & 1);
		fdt_property_u32(fdt, "#address-cells", (top & 0x40) ? 3 : ac);
	}
	if (!(top & 0x20)) {
		sc = 1 + (top >> 4 & 1);
		fdt_property_u32(fdt, "#size-cells", sc);
	} else {
		sc = 1; /* the default */
	}
	for (unsigned int i = 0; i < nodes && !fz_done(in); i++) {
		uint8_t k = fz_u8(in), np = fz_u8(in) % 16;

		if (k < 200) {
			snprintf(name, sizeof(name), "vm@%x", k % 12);
			vms++;
		} else if (k < 230) {
			snprintf(name, sizeof(name), "vm");
			vms++;
		} else {
			snprintf(name, sizeof(name), "serial@%x", k);
		}
		if (fdt_begin_node(fdt, name))
			break;
		if (k < 230)
			vm_base(fdt, in, k % 12, ac, sc);
		for (unsigned int j = 0; j < np; j++)
			vm_prop(fdt, in, ac, sc);
		fdt_end_node(fdt);
	}
	fdt_end_node(fdt);
	fdt_end_node(fdt);
	return fdt_finish(fdt) ? ~0u : ((top & 0x80) ? ~0u : vms);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct zarm_config c, again;
	static uint8_t blob[BUF] __attribute__((aligned(8)));
	static uint8_t back[BUF] __attribute__((aligned(8)));
	struct fz_in in = fz_in(data, size);
	unsigned int vms = ~0u;
	size_t bufsize;
	int rc;

	log_set_sink(sink, NULL);
	log_set_level(ZLOG_ERROR);
	errors = 0;
	if (size && (data[0] & 1)) {
		bufsize = size - 1 > BUF ? BUF : size - 1;
		memcpy(blob, data + 1, bufsize);
	} else {
		fz_u8(&in);
		vms = write_tree(&in, blob);
		bufsize = BUF;
	}
	rc = zarm_config_parse(blob, bufsize, &c);
	if (getenv("FUZZ_TRACE")) /* what the input made of the tree */
		fprintf(stderr, "rc %d: %u accepted, %u refused of %d\n", rc,
			c.nr_vms, c.nr_rejected, (int)vms);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOENT, "rc %d", rc);
	if (rc) {
		FUZZ_CHECK(c.nr_vms == 0, "%u VMs on error", c.nr_vms);
		FUZZ_CHECK(errors >= 1, "refused without a message");
		return 0;
	}
	FUZZ_CHECK(errors >= c.nr_rejected, "%u refused, %u messages",
		   c.nr_rejected, errors);
	if (vms != ~0u)
		FUZZ_CHECK(c.nr_vms + c.nr_rejected == vms,
			   "%u accepted + %u refused of %u vm nodes", c.nr_vms,
			   c.nr_rejected, vms);
	check_config(&c);
	FUZZ_CHECK(zarm_config_parse(blob, bufsize, &again) == 0 &&
		   !memcmp(&c, &again, sizeof(c)), "parse not deterministic");
	FUZZ_CHECK(write_back(&c, back) == 0, "write back");
	errors = 0;
	FUZZ_CHECK(zarm_config_parse(back, BUF, &again) == 0, "reparse");
	FUZZ_CHECK(again.nr_rejected == 0 && errors == 0,
		   "an accepted VM refused when written back (%u)",
		   again.nr_rejected);
	FUZZ_CHECK(!memcmp(&c.vms, &again.vms, sizeof(c.vms)) &&
		   again.nr_vms == c.nr_vms,
		   "written back, the VMs parse differently");
	return 0;
}
