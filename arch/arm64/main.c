/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot: MMU, console, the device tree QEMU passed (CPUs, RAM, GIC, UART),
 * one VM per configuration entry (backing RAM, stage 2, image, device
 * tree, vCPUs spread over the CPUs), then every CPU into the scheduler.
 */
#include <libfdt.h>
#include "arch/arm64/arm64.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/tmp/config_stub.h"

#define SZ_2M 0x200000UL
#define MAX_RESERVED (ZARM_MAX_VMS * 3 + 4)

struct arm64_pcpu arm64_pcpus[ARM64_MAX_CPUS];
unsigned int arm64_nr_pcpus = 1;
struct vm_set arm64_vms;
bool arm64_has_pauth;
char arm64_stacks[ARM64_MAX_CPUS][ARM64_STACK_SIZE] __attribute__((aligned(16)));

extern char _start[], _end[];
void secondary_entry(void);
void arm64_primary_main(void *fdt);
void arm64_secondary_main(unsigned int cpu);

static struct { uint64_t base, end; } reserved[MAX_RESERVED];
static unsigned int nr_reserved;
static uint64_t ram_base, ram_end;

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	while (cells--)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

static void reserve(uint64_t base, uint64_t size)
{
	if (nr_reserved < MAX_RESERVED && size) {
		reserved[nr_reserved].base = base;
		reserved[nr_reserved].end = base + size;
		nr_reserved++;
	}
}

/* Highest 2 MiB-aligned free stretch of host RAM of @size bytes, or 0. */
static uint64_t ram_carve(uint64_t size)
{
	uint64_t top = ram_end;

	while (top >= ram_base + size) {
		uint64_t base = ALIGN_DOWN(top - size, SZ_2M);
		bool clash = false;

		if (base < ram_base)
			return 0;
		for (unsigned int i = 0; i < nr_reserved; i++) {
			if (base < reserved[i].end && reserved[i].base < base + size) {
				top = reserved[i].base;
				clash = true;
				break;
			}
		}
		if (!clash) {
			reserve(base, size);
			return base;
		}
	}
	return 0;
}

static void parse_host_dt(const void *fdt)
{
	int node, len, cpus;
	const fdt32_t *reg;

	node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	if (node >= 0 && (reg = fdt_getprop(fdt, node, "reg", &len)) && len >= 16)
		pl011_init(read_cells(reg, 2));

	node = fdt_path_offset(fdt, "/memory");
	if (node < 0)
		node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7);
	if (node >= 0 && (reg = fdt_getprop(fdt, node, "reg", &len)) && len >= 16) {
		ram_base = read_cells(reg, 2);
		ram_end = ram_base + read_cells(reg + 2, 2);
	}

	cpus = fdt_path_offset(fdt, "/cpus");
	arm64_nr_pcpus = 1;
	if (cpus >= 0) {
		fdt_for_each_subnode(node, fdt, cpus) {
			const char *type = fdt_getprop(fdt, node, "device_type", NULL);
			uint64_t mpidr;

			reg = fdt_getprop(fdt, node, "reg", &len);
			if (!type || strcmp(type, "cpu") || !reg || len < 4)
				continue;
			mpidr = read_cells(reg, len >= 8 ? 2 : 1);
			if (mpidr == arm64_pcpus[0].mpidr)
				continue;
			if (arm64_nr_pcpus < ARM64_MAX_CPUS)
				arm64_pcpus[arm64_nr_pcpus++].mpidr = mpidr;
		}
	}
}

static int vm_create(const struct stub_vm_config *c, unsigned int *next_cpu)
{
	struct arm64_vm *avm = heap_alloc_zeroed(sizeof(*avm));
	int ret;

	if (!avm)
		return -ENOMEM;
	ret = vm_init(&avm->vm, c->id, c->name, c->vcpus, avm);
	if (ret) {
		hlog("VM %u (%s): bad vcpus/name, not started", c->id, c->name);
		return ret;
	}
	if (c->mem_size == 0 || !IS_ALIGNED(c->mem_base | c->mem_size, SZ_2M)) {
		hlog("VM %s: memory must be 2 MiB aligned", c->name);
		return -EINVAL;
	}
	avm->ipa_base = c->mem_base;
	avm->ram_size = c->mem_size;
	avm->image_host = c->image_addr;
	avm->image_size = c->image_size;
	avm->initrd_host = c->initrd_addr;
	avm->initrd_size = c->initrd_size;
	avm->entry = c->entry;
	memcpy(avm->bootargs, c->bootargs, sizeof(avm->bootargs));
	avm->host_base = ram_carve(c->mem_size);
	if (!avm->host_base) {
		hlog("VM %s: not enough host RAM for %lx bytes", c->name, c->mem_size);
		return -ENOMEM;
	}
	ret = stage2_init(avm, c->id);
	if (!ret)
		ret = stage2_map(avm, avm->ipa_base, avm->host_base, avm->ram_size);
	if (ret) {
		hlog("VM %s: stage 2 (%d)", c->name, ret);
		return ret;
	}
	mmio_bus_init(&avm->bus);
	vpl011_init(&avm->uart, avm->vm.name);
	mmio_register(&avm->bus, VPL011_BASE, VPL011_SIZE, vpl011_read, vpl011_write,
		      &avm->uart);
	ret = guest_load(avm);
	if (ret)
		return ret;
	for (unsigned int i = 0; i < c->vcpus; i++) {
		struct arm64_vcpu *av = heap_alloc_zeroed(sizeof(*av));

		if (!av)
			return -ENOMEM;
		vcpu_init(&av->vcpu, &avm->vm, i, *next_cpu, av);
		arm64_vcpu_sched_init(av);
		*next_cpu = (*next_cpu + 1) % arm64_nr_pcpus;
		avm->vcpus[i] = av;
		avm->vm.vcpus[i] = &av->vcpu;
	}
	ret = vm_set_add(&arm64_vms, &avm->vm);
	if (ret)
		return ret;
	hlog("VM %s: %u vCPU(s), %lu MiB at IPA %lx (host %lx), entry %lx", avm->vm.name,
	     c->vcpus, c->mem_size >> 20, avm->ipa_base, avm->host_base, avm->entry);
	return 0;
}

static void cpu_common_init(unsigned int cpu)
{
	struct arm64_pcpu *pc = &arm64_pcpus[cpu];

	write_sysreg(tpidr_el2, pc);
	pc->index = cpu;
	write_sysreg(cnthctl_el2, 1);	/* counter yes, EL1 physical timer traps */
	write_sysreg(cnthp_ctl_el2, 0);
	arm64_pcpu_sched_init(pc);
	write_sysreg(vtcr_el2, 0x80023558UL);
	__asm__ volatile("tlbi alle1" ::: "memory");
	dsb(sy);
	gic_init_cpu(cpu);
	isb();
}

void arm64_primary_main(void *fdt)
{
	static struct stub_vm_config cfg[ZARM_MAX_VMS];
	unsigned int next_cpu = 0;
	int n, failed = 0;

	mmu_build_tables();
	mmu_enable();
	arm64_pcpus[0].mpidr = read_sysreg(mpidr_el1) & 0xff00ffffffUL;
	sched_rq_init(&arm64_pcpus[0].rq);
	/* ID_AA64ISAR1_EL1 APA/API/GPA/GPI, ID_AA64ISAR2_EL1 APA3/GPA3. */
	arm64_has_pauth = (read_sysreg(id_aa64isar1_el1) & 0xff000ff0UL) ||
			  (read_sysreg_s("S3_0_C0_C6_2") & 0xff00UL);
	if (fdt_check_header(fdt)) {
		hlog("no valid device tree at %p", fdt);
		arm64_halt();
	}
	parse_host_dt(fdt);
	hlog("zarm arm64 at EL2, %u CPU(s), RAM %lx-%lx", arm64_nr_pcpus, ram_base, ram_end);
	gic_init_dist(fdt);
	cpu_common_init(0);
	vm_set_init(&arm64_vms);

	reserve(ram_base, (uint64_t)_end - ram_base);
	reserve((uint64_t)fdt, fdt_totalsize(fdt));
	n = stub_config_parse(fdt, cfg, ZARM_MAX_VMS);
	if (n <= 0) {
		hlog("no VMs configured (/zarm)");
		hlog("all VMs stopped: 0 ok, 0 failed");
		arm64_halt();
	}
	for (int i = 0; i < n; i++) {
		reserve(cfg[i].image_addr, cfg[i].image_size);
		reserve(cfg[i].initrd_addr, cfg[i].initrd_size);
	}
	for (int i = 0; i < n; i++) {
		if (vm_create(&cfg[i], &next_cpu)) {
			hlog("VM %s: not started", cfg[i].name);
			failed++;
		}
	}
	arm64_vms.failed += failed;
	if (arm64_vms.running == 0) {
		hlog("all VMs stopped: 0 ok, %u failed", arm64_vms.failed);
		arm64_halt();
	}
	for (unsigned int i = 1; i < arm64_nr_pcpus; i++) {
		sched_rq_init(&arm64_pcpus[i].rq);
		if (psci_host_call(PSCI_CPU_ON64, arm64_pcpus[i].mpidr,
				   (uint64_t)secondary_entry, i)) {
			hlog("cpu%u (mpidr %lx) did not start", i, arm64_pcpus[i].mpidr);
			arm64_halt();
		}
		while (!arm64_pcpus[i].online)
			;
	}
	for (unsigned int i = 0; i < arm64_vms.nr; i++) {
		struct arm64_vm *avm = container_of(arm64_vms.vms[i], struct arm64_vm, vm);

		arm64_vcpu_start(avm->vcpus[0], avm->entry, avm->dtb_ipa);
	}
	arm64_run();
}

void arm64_secondary_main(unsigned int cpu)
{
	mmu_enable();
	cpu_common_init(cpu);
	arm64_pcpus[cpu].online = true;
	arm64_run();
}
