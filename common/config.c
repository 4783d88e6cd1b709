/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Parser for the /zarm configuration node; see common/config.h and
 * doc/config.md. Shape: check the blob, then each vm node on its own into
 * a scratch struct (stopping at its first bad property, which is what the
 * one log line names), then the rules that span VMs (unique reg, unique
 * ffa-id, passthrough SPIs claimed once), and only then copy the survivors out, sorted by id.
 */
#include <libfdt.h>

#include "common/compiler.h"
#include "common/config.h"
#include "common/errno.h"
#include "common/log.h"
#include "common/printf.h"
#include "common/string.h"

/* What every vm node is parsed against. */
struct parse_ctx {
	const void *fdt;
	int addr_cells;		/* 1 or 2 */
	int size_cells;		/* 1 or 2 */
};

/* One line per refused VM: "config: vm@2: 'memory': size is 0". */
#define REJECT(node, prop, fmt, ...) \
	log_err("config: %s: '%s': " fmt, (node), (prop), ##__VA_ARGS__)

/* Big-endian cells to a number; n is 1 or 2, so nothing is lost. */
static uint64_t read_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_ld(&p[i]);
	return v;
}

/*
 * Look @prop up; *@present is false when it is absent. Any other libfdt
 * error (unreachable after fdt_check_full, but cheap to be safe) reports
 * it present with length -1, which every caller's length check refuses
 * before it looks at the value.
 */
static const void *get_prop(const void *fdt, int node, const char *prop,
			    int *len, bool *present)
{
	const void *val = fdt_getprop(fdt, node, prop, len);

	*present = true;
	if (!val && *len == -FDT_ERR_NOTFOUND)
		*present = false;
	else if (!val)
		*len = -1;
	return val;
}

static int read_u32(const void *fdt, int node, const char *nname,
		    const char *prop, uint32_t *out, bool *present)
{
	const fdt32_t *p;
	int len;

	p = get_prop(fdt, node, prop, &len, present);
	if (!*present)
		return 0;
	if (len != (int)sizeof(*p)) {
		REJECT(nname, prop, "expected one 32-bit cell, got %d bytes", len);
		return -EINVAL;
	}
	*out = fdt32_ld(p);
	return 0;
}

/* A value of @cells cells (an address or a size on its own). */
static int read_number(const struct parse_ctx *c, int node, const char *nname,
		       const char *prop, int cells, uint64_t *out,
		       bool *present)
{
	const fdt32_t *p;
	int len;

	p = get_prop(c->fdt, node, prop, &len, present);
	if (!*present)
		return 0;
	if (len != cells * (int)sizeof(*p)) {
		REJECT(nname, prop, "expected %d cells, got %d bytes", cells, len);
		return -EINVAL;
	}
	*out = read_cells(p, cells);
	return 0;
}

/* An <address size> pair: size non-zero and the range not wrapping. */
static int read_range(const struct parse_ctx *c, int node, const char *nname,
		      const char *prop, struct zarm_range *r, bool *present)
{
	int len, want = (c->addr_cells + c->size_cells) * (int)sizeof(fdt32_t);
	const fdt32_t *p;

	p = get_prop(c->fdt, node, prop, &len, present);
	if (!*present)
		return 0;
	if (len != want) {
		REJECT(nname, prop, "expected %d cells (address, size), got %d bytes",
		       c->addr_cells + c->size_cells, len);
		return -EINVAL;
	}
	r->base = read_cells(p, c->addr_cells);
	r->size = read_cells(p + c->addr_cells, c->size_cells);
	if (!r->size) {
		REJECT(nname, prop, "size is 0");
		return -EINVAL;
	}
	if (range_wraps(r->base, r->size)) {
		REJECT(nname, prop, "range 0x%llx + 0x%llx wraps around 2^64",
		       (unsigned long long)r->base, (unsigned long long)r->size);
		return -EINVAL;
	}
	return 0;
}

/*
 * A string property: NUL-terminated, no NUL inside, shorter than @max
 * bytes with its NUL. Returns its length via *slen.
 */
static int read_string(const void *fdt, int node, const char *nname,
		       const char *prop, size_t max, const char **out,
		       size_t *slen, bool *present)
{
	const char *p;
	int len;

	p = get_prop(fdt, node, prop, &len, present);
	if (!*present)
		return 0;
	if (len < 1 || p[len - 1] != '\0' ||
	    strnlen(p, (size_t)len) != (size_t)len - 1) {
		REJECT(nname, prop, "not a single NUL-terminated string");
		return -EINVAL;
	}
	if ((size_t)len > max) {
		REJECT(nname, prop, "longer than %zu characters", max - 1);
		return -EINVAL;
	}
	*out = p;
	*slen = (size_t)len - 1;
	return 0;
}

/*
 * A property given twice in one node is ambiguous (libfdt would silently
 * use the first): returns the name of the first one repeated, or NULL.
 */
static const char *repeated_property(const void *fdt, int node)
{
	int a, b;

	fdt_for_each_property_offset(a, fdt, node) {
		const char *na;

		if (!fdt_getprop_by_offset(fdt, a, &na, NULL))
			continue;
		b = a;
		while ((b = fdt_next_property_offset(fdt, b)) >= 0) {
			const char *nb;

			if (fdt_getprop_by_offset(fdt, b, &nb, NULL) &&
			    !strcmp(na, nb))
				return na;
		}
	}
	return NULL;
}

/* "vm" or "vm@<unit address>": the nodes that describe VMs. */
static bool is_vm_node(const char *name)
{
	return !strcmp(name, "vm") || !strncmp(name, "vm@", 3);
}

/* The unit address of "vm@N" must be N = reg, in hex as DT writes it. */
static bool unit_address_matches(const char *name, uint32_t reg)
{
	const char *p = strchr(name, '@');
	uint64_t v = 0;

	if (!p)
		return true;
	p++;
	if (!*p || strlen(p) > 8)
		return false;
	for (; *p; p++) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned int)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned int)(*p - 'a' + 10);
		else if (*p >= 'A' && *p <= 'F')
			d = (unsigned int)(*p - 'A' + 10);
		else
			return false;
		v = v * 16 + d;
	}
	return v == reg;
}

/*
 * The VM's name (its console prefix) is the 'label' property. A 'name'
 * property is accepted in its place, because blobs written with libfdt
 * may use it, but dtc refuses a 'name' that differs from the node name,
 * so 'label' is the documented spelling. Both at once are ambiguous.
 */
static int parse_name(const struct parse_ctx *c, int node, const char *nname,
		      struct zarm_vm_config *vm)
{
	const char *prop = "label", *s;
	bool present, has_name;
	size_t slen;
	int len;

	get_prop(c->fdt, node, "label", &len, &present);
	get_prop(c->fdt, node, "name", &len, &has_name);
	if (present && has_name) {
		REJECT(nname, "name", "given together with 'label'");
		return -EINVAL;
	}
	if (has_name)
		prop = "name";
	if (read_string(c->fdt, node, nname, prop, ZARM_VM_NAME_MAX + 1, &s,
			&slen, &present))
		return -EINVAL;
	if (!present) {
		zarm_snprintf(vm->name, sizeof(vm->name), "vm%u", vm->id);
		return 0;
	}
	if (slen == 0) {
		REJECT(nname, prop, "is empty");
		return -EINVAL;
	}
	for (size_t i = 0; i < slen; i++) {
		if (s[i] < 0x20 || s[i] > 0x7e) {
			REJECT(nname, prop, "character %zu is not printable ASCII", i);
			return -EINVAL;
		}
	}
	memcpy(vm->name, s, slen + 1);
	return 0;
}

static int parse_identity(const struct parse_ctx *c, int node,
			  const char *nname, struct zarm_vm_config *vm)
{
	bool present;
	const char *s;
	uint32_t v;

	s = repeated_property(c->fdt, node);
	if (s) {
		REJECT(nname, s, "given more than once");
		return -EINVAL;
	}
	if (fdt_node_check_compatible(c->fdt, node, "zarm,vm") != 0) {
		REJECT(nname, "compatible", "must contain \"zarm,vm\"");
		return -EINVAL;
	}
	if (read_u32(c->fdt, node, nname, "reg", &vm->id, &present))
		return -EINVAL;
	if (!present) {
		REJECT(nname, "reg", "missing (the VM id)");
		return -EINVAL;
	}
	if (vm->id < 1 || vm->id > ZARM_MAX_VMS) {
		REJECT(nname, "reg", "VM id %u is not in 1..%u", vm->id,
		       ZARM_MAX_VMS);
		return -EINVAL;
	}
	if (!unit_address_matches(nname, vm->id)) {
		REJECT(nname, "reg", "VM id %u does not match the unit address",
		       vm->id);
		return -EINVAL;
	}

	if (parse_name(c, node, nname, vm))
		return -EINVAL;

	vm->vcpus = 1;
	if (read_u32(c->fdt, node, nname, "vcpus", &vm->vcpus, &present))
		return -EINVAL;
	if (vm->vcpus < 1 || vm->vcpus > ZARM_MAX_VCPUS_PER_VM) {
		REJECT(nname, "vcpus", "%u is not in 1..%u", vm->vcpus,
		       ZARM_MAX_VCPUS_PER_VM);
		return -EINVAL;
	}

	v = vm->id;
	if (read_u32(c->fdt, node, nname, "ffa-id", &v, &present))
		return -EINVAL;
	if (v < 1 || v > ZARM_FFA_ID_MAX) {
		REJECT(nname, "ffa-id", "0x%x is not in 1..0x%x", v, ZARM_FFA_ID_MAX);
		return -EINVAL;
	}
	vm->ffa_id = (uint16_t)v;
	/* An empty property: this VM has the console input first. */
	vm->console_input = fdt_getprop(c->fdt, node, "console-input", NULL) != NULL;
	return 0;
}

static int parse_memory(const struct parse_ctx *c, int node, const char *nname,
			struct zarm_vm_config *vm)
{
	struct zarm_range *m = &vm->memory;
	uint64_t end;
	bool present;

	if (read_range(c, node, nname, "memory", m, &present))
		return -EINVAL;
	if (!present) {
		REJECT(nname, "memory", "missing");
		return -EINVAL;
	}
	if (!IS_ALIGNED(m->base, ZARM_CONFIG_PAGE_SIZE) ||
	    !IS_ALIGNED(m->size, ZARM_CONFIG_PAGE_SIZE)) {
		REJECT(nname, "memory", "base and size must be multiples of 4 KiB");
		return -EINVAL;
	}

	if (read_range(c, node, nname, "image", &vm->image, &present))
		return -EINVAL;
	if (!present) {
		REJECT(nname, "image", "missing");
		return -EINVAL;
	}
	vm->load_offset = 0;
	if (read_number(c, node, nname, "load-offset", c->size_cells,
			&vm->load_offset, &present))
		return -EINVAL;
	if (add_overflows(vm->load_offset, vm->image.size, &end) ||
	    end > m->size) {
		REJECT(nname, present ? "load-offset" : "image",
		       "image of 0x%llx bytes at offset 0x%llx does not fit in "
		       "0x%llx bytes of memory", (unsigned long long)vm->image.size,
		       (unsigned long long)vm->load_offset,
		       (unsigned long long)m->size);
		return -EINVAL;
	}

	if (read_number(c, node, nname, "entry", c->addr_cells, &vm->entry,
			&vm->has_entry))
		return -EINVAL;
	/* memory does not wrap, so base + size - 1 is its last byte. */
	if (vm->has_entry &&
	    (vm->entry < m->base || vm->entry - m->base >= m->size)) {
		REJECT(nname, "entry", "0x%llx is outside the VM's memory",
		       (unsigned long long)vm->entry);
		return -EINVAL;
	}

	if (read_range(c, node, nname, "initrd", &vm->initrd, &vm->has_initrd))
		return -EINVAL;
	return 0;
}

static int parse_bootargs(const struct parse_ctx *c, int node,
			  const char *nname, struct zarm_vm_config *vm)
{
	const char *s;
	size_t slen;
	bool present;

	if (read_string(c->fdt, node, nname, "bootargs", ZARM_BOOTARGS_MAX, &s,
			&slen, &present))
		return -EINVAL;
	if (present)
		memcpy(vm->bootargs, s, slen + 1);
	return 0;
}

/* 'passthrough-spis': 1..ZARM_MAX_PASSTHROUGH_SPIS distinct SPI INTIDs. */
static int parse_spis(const struct parse_ctx *c, int node, const char *nname,
		      struct zarm_vm_config *vm)
{
	const char *prop = "passthrough-spis";
	const fdt32_t *p;
	bool present;
	int len;
	unsigned int n;

	p = get_prop(c->fdt, node, prop, &len, &present);
	if (!present)
		return 0;
	if (len <= 0 || len % (int)sizeof(*p) ||
	    len / (int)sizeof(*p) > ZARM_MAX_PASSTHROUGH_SPIS) {
		REJECT(nname, prop, "expected 1..%u 32-bit cells, got %d bytes",
		       ZARM_MAX_PASSTHROUGH_SPIS, len);
		return -EINVAL;
	}
	n = (unsigned int)len / sizeof(*p);
	for (unsigned int i = 0; i < n; i++) {
		uint32_t v = fdt32_ld(&p[i]);

		if (v < ZARM_SPI_FIRST || v > ZARM_SPI_LAST) {
			REJECT(nname, prop, "INTID %u is not an SPI (%u..%u)", v,
			       ZARM_SPI_FIRST, ZARM_SPI_LAST);
			return -EINVAL;
		}
		for (unsigned int j = 0; j < i; j++) {
			if (vm->spis[j] == v) {
				REJECT(nname, prop, "INTID %u given twice", v);
				return -EINVAL;
			}
		}
		vm->spis[i] = v;
	}
	vm->nr_spis = n;
	return 0;
}

/* All per-node rules; logs the first violation. */
static int parse_vm(const struct parse_ctx *c, int node, const char *nname,
		    struct zarm_vm_config *vm)
{
	memset(vm, 0, sizeof(*vm));
	if (parse_identity(c, node, nname, vm) ||
	    parse_memory(c, node, nname, vm) ||
	    parse_bootargs(c, node, nname, vm) ||
	    parse_spis(c, node, nname, vm))
		return -EINVAL;
	return 0;
}

static int read_cells_prop(const void *fdt, int node, const char *prop,
			   int def)
{
	const fdt32_t *p;
	bool present;
	int len;
	uint32_t v;

	p = get_prop(fdt, node, prop, &len, &present);
	if (!present)
		return def;
	if (len != (int)sizeof(*p))
		return -1;
	v = fdt32_ld(p);
	return v == 1 || v == 2 ? (int)v : -1;
}

/* Checks of the blob and of /zarm itself: failing one refuses everything. */
static int parse_root(const void *fdt, size_t bufsize, struct parse_ctx *c,
		      int *zarm)
{
	int err = fdt_check_header(fdt);

	if (err) {
		log_err("config: not a valid device tree (%s)", fdt_strerror(err));
		return -EINVAL;
	}
	if (fdt_totalsize(fdt) > bufsize) {
		log_err("config: device tree of %u bytes exceeds its %zu-byte buffer",
			fdt_totalsize(fdt), bufsize);
		return -EINVAL;
	}
	err = fdt_check_full(fdt, bufsize);
	if (err) {
		log_err("config: corrupt device tree (%s)", fdt_strerror(err));
		return -EINVAL;
	}
	*zarm = fdt_path_offset(fdt, "/zarm");
	if (*zarm < 0) {
		log_err("config: no /zarm node in the device tree");
		return -ENOENT;
	}
	if (repeated_property(fdt, *zarm)) {
		log_err("config: /zarm: '%s' given more than once",
			repeated_property(fdt, *zarm));
		return -EINVAL;
	}
	if (fdt_node_check_compatible(fdt, *zarm, "zarm,config-v1") != 0) {
		log_err("config: /zarm: 'compatible' must contain \"zarm,config-v1\"");
		return -EINVAL;
	}
	c->fdt = fdt;
	/* The device-tree defaults when absent: 2 address, 1 size cell. */
	c->addr_cells = read_cells_prop(fdt, *zarm, "#address-cells", 2);
	c->size_cells = read_cells_prop(fdt, *zarm, "#size-cells", 1);
	if (c->addr_cells < 0 || c->size_cells < 0) {
		log_err("config: /zarm: '#address-cells' and '#size-cells' must be 1 or 2");
		return -EINVAL;
	}
	return 0;
}

/* Book-keeping of the VM slots while nodes are read, indexed by id - 1. */
struct slots {
	bool used[ZARM_MAX_VMS];	/* a well-formed VM has this id */
	bool dup[ZARM_MAX_VMS];		/* the id was seen twice: all refused */
	const char *node[ZARM_MAX_VMS];	/* for the log line */
};

static void reject_duplicate_ids(struct zarm_config *cfg, struct slots *s,
				 const char *nname, uint32_t id)
{
	unsigned int i = id - 1;

	REJECT(nname, "reg", "VM id %u is used by more than one VM", id);
	cfg->nr_rejected++;
	if (s->used[i]) {
		REJECT(s->node[i], "reg", "VM id %u is used by more than one VM", id);
		cfg->nr_rejected++;
		s->used[i] = false;
	}
	s->dup[i] = true;
}

/* FF-A ids must name one endpoint: refuse every VM sharing one. */
static void reject_duplicate_ffa_ids(struct zarm_config *cfg, struct slots *s)
{
	bool clash[ZARM_MAX_VMS] = { false };

	for (unsigned int i = 0; i < ZARM_MAX_VMS; i++) {
		for (unsigned int j = i + 1; j < ZARM_MAX_VMS; j++) {
			if (s->used[i] && s->used[j] &&
			    cfg->vms[i].ffa_id == cfg->vms[j].ffa_id)
				clash[i] = clash[j] = true;
		}
	}
	for (unsigned int i = 0; i < ZARM_MAX_VMS; i++) {
		if (!clash[i])
			continue;
		REJECT(s->node[i], "ffa-id", "FF-A id 0x%x is used by more than one VM",
		       cfg->vms[i].ffa_id);
		cfg->nr_rejected++;
		s->used[i] = false;
	}
}

/* Does @vm claim SPI @intid? */
static bool claims_spi(const struct zarm_vm_config *vm, uint32_t intid)
{
	for (unsigned int k = 0; k < vm->nr_spis; k++) {
		if (vm->spis[k] == intid)
			return true;
	}
	return false;
}

/*
 * A physical SPI can be routed to one VM only: refuse every VM that
 * claims one another VM also claims (which of them was meant is unknown).
 */
static void reject_shared_spis(struct zarm_config *cfg, struct slots *s)
{
	bool clash[ZARM_MAX_VMS] = { false };
	uint32_t which[ZARM_MAX_VMS] = { 0 };

	for (unsigned int i = 0; i < ZARM_MAX_VMS; i++) {
		for (unsigned int j = i + 1; j < ZARM_MAX_VMS; j++) {
			if (!s->used[i] || !s->used[j])
				continue;
			for (unsigned int k = 0; k < cfg->vms[i].nr_spis; k++) {
				uint32_t v = cfg->vms[i].spis[k];

				if (!claims_spi(&cfg->vms[j], v))
					continue;
				if (!clash[i])
					which[i] = v;
				if (!clash[j])
					which[j] = v;
				clash[i] = clash[j] = true;
			}
		}
	}
	for (unsigned int i = 0; i < ZARM_MAX_VMS; i++) {
		if (!clash[i])
			continue;
		REJECT(s->node[i], "passthrough-spis",
		       "SPI %u is claimed by more than one VM", which[i]);
		cfg->nr_rejected++;
		s->used[i] = false;
	}
}

int zarm_config_parse(const void *fdt, size_t bufsize, struct zarm_config *cfg)
{
	struct parse_ctx c;
	struct slots s;
	struct zarm_vm_config vm;
	int zarm, node, err;
	unsigned int n = 0;

	memset(cfg, 0, sizeof(*cfg));
	err = parse_root(fdt, bufsize, &c, &zarm);
	if (err)
		return err;

	memset(&s, 0, sizeof(s));
	/* cfg->vms[id - 1] holds VM id while parsing; compacted at the end. */
	fdt_for_each_subnode(node, fdt, zarm) {
		const char *nname = fdt_get_name(fdt, node, NULL);
		unsigned int i;

		if (!nname)
			continue;	/* cannot happen after fdt_check_full */
		if (!is_vm_node(nname)) {
			log_warn("config: /zarm/%s: not a vm node, ignored", nname);
			continue;
		}
		if (parse_vm(&c, node, nname, &vm)) {
			cfg->nr_rejected++;
			continue;
		}
		i = vm.id - 1;
		if (s.used[i] || s.dup[i]) {
			reject_duplicate_ids(cfg, &s, nname, vm.id);
			continue;
		}
		cfg->vms[i] = vm;
		s.used[i] = true;
		s.node[i] = nname;
	}
	reject_duplicate_ffa_ids(cfg, &s);
	reject_shared_spis(cfg, &s);

	for (unsigned int i = 0; i < ZARM_MAX_VMS; i++) {
		if (!s.used[i])
			continue;
		if (n != i)
			cfg->vms[n] = cfg->vms[i];
		n++;
	}
	/* Clear what compaction left behind, so no stale VM is visible. */
	for (unsigned int i = n; i < ZARM_MAX_VMS; i++)
		memset(&cfg->vms[i], 0, sizeof(cfg->vms[i]));
	cfg->nr_vms = n;
	if (cfg->nr_rejected)
		log_err("config: %u VM(s) refused, %u accepted", cfg->nr_rejected, n);
	return 0;
}

const struct zarm_vm_config *zarm_config_find(const struct zarm_config *cfg,
					      uint32_t id)
{
	for (unsigned int i = 0; i < cfg->nr_vms; i++) {
		if (cfg->vms[i].id == id)
			return &cfg->vms[i];
	}
	return NULL;
}

void zarm_config_log(const struct zarm_config *cfg)
{
	for (unsigned int i = 0; i < cfg->nr_vms; i++) {
		const struct zarm_vm_config *vm = &cfg->vms[i];

		log_info("config: VM %u '%s': %u vCPU(s), memory 0x%llx+0x%llx, "
			 "image 0x%llx+0x%llx at +0x%llx, FF-A id 0x%x",
			 vm->id, vm->name, vm->vcpus,
			 (unsigned long long)vm->memory.base,
			 (unsigned long long)vm->memory.size,
			 (unsigned long long)vm->image.base,
			 (unsigned long long)vm->image.size,
			 (unsigned long long)vm->load_offset, vm->ffa_id);
		for (unsigned int k = 0; k < vm->nr_spis; k++)
			log_info("config: VM %u '%s': physical SPI %u passed through",
				 vm->id, vm->name, vm->spis[k]);
	}
}
