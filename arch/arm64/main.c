/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot: MMU, console, the device tree QEMU passed (CPUs, RAM, GIC, UART),
 * one VM per configuration entry (backing RAM, stage 2, image, device
 * tree, vCPUs spread over the CPUs), then every CPU into the scheduler.
 */
#include <libfdt.h>
#include "arch/arm64/arm64.h"
#include "arch/arm64/exc_entry.h"
#include "arch/arm64/ffa_glue.h"
#include "arch/arm64/sysreg.h"
#include "common/config.h"

#define SZ_2M 0x200000UL
/*
 * Where QEMU puts the device tree for an ELF or firmware boot, and where
 * Trusted Firmware-A's qemu platform keeps it for BL33 (PLAT_QEMU_DT_BASE,
 * the virt board's RAM base, up to 1 MiB).
 */
#define DT_RAM_BASE 0x40000000UL
#define DT_RAM_LIMIT (16UL << 30)	/* what mmu.c maps as RAM */

struct arm64_pcpu arm64_pcpus[ARM64_MAX_CPUS];
unsigned int arm64_nr_pcpus = 1;
struct vm_set arm64_vms;
bool arm64_has_pauth;
char arm64_stacks[ARM64_MAX_CPUS][ARM64_STACK_SIZE] __attribute__((aligned(16)));

extern char _start[], _end[];
void secondary_entry(void);
void arm64_primary_main(void *fdt);
void arm64_secondary_main(unsigned int cpu);

static uint64_t ram_base, ram_end;

#define fdt_for_each_compatible(fdt, node, compat) \
	for (node = fdt_node_offset_by_compatible(fdt, -1, compat); node >= 0; \
	     node = fdt_node_offset_by_compatible(fdt, node, compat))

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	while (cells--)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

/*
 * The device tree: x0 when it points at one. As TF-A's BL33, x0 is the
 * boot CPU's MPIDR (0) unless TF-A was built with ARM_LINUX_KERNEL_AS_BL33,
 * which passes the tree's address; anything that is not an FDT header in
 * mapped RAM means the tree at RAM base. Nothing below RAM is read (device
 * memory: an unaligned or absent address could fault).
 */
static void *host_dt_find(void *x0)
{
	uint64_t a = (uint64_t)x0;

	if (a >= DT_RAM_BASE && a < DT_RAM_LIMIT - 64 && !(a & 7) && !fdt_check_header(x0))
		return x0;
	return (void *)DT_RAM_BASE;
}

/*
 * What firmware keeps for itself in RAM: the tree's /memreserve/ entries
 * and /reserved-memory regions (TF-A or OP-TEE may add them). Regions
 * outside the managed RAM are ignored by ram_reserve().
 */
static void reserve_dt_regions(const void *fdt)
{
	int n = fdt_num_mem_rsv(fdt), parent, node, len;
	uint64_t base, size;

	for (int i = 0; i < n; i++)
		if (!fdt_get_mem_rsv(fdt, i, &base, &size) && ram_reserve(base, size))
			log_warn("memreserve %lx+%lx: cannot reserve", base, size);
	parent = fdt_path_offset(fdt, "/reserved-memory");
	if (parent < 0)
		return;
	if (fdt_address_cells(fdt, parent) != 2 || fdt_size_cells(fdt, parent) != 2) {
		log_warn("reserved-memory: only 2 address and 2 size cells are read");
		return;
	}
	fdt_for_each_subnode(node, fdt, parent) {
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

		for (; reg && len >= 16; reg += 4, len -= 16) {
			base = read_cells(reg, 2);
			size = read_cells(reg + 2, 2);
			if (ram_reserve(base, size))
				log_warn("reserved-memory %lx+%lx: cannot reserve", base, size);
		}
	}
}

static void parse_host_dt(const void *fdt)
{
	int node, len, cpus;
	const fdt32_t *reg;

	/* The first usable UART (with secure=on QEMU adds a secure-only one). */
	fdt_for_each_compatible(fdt, node, "arm,pl011") {
		const char *status = fdt_getprop(fdt, node, "status", NULL);

		if (status && strcmp(status, "okay") && strcmp(status, "ok"))
			continue;
		if ((reg = fdt_getprop(fdt, node, "reg", &len)) && len >= 16) {
			const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);
			/* <0 n flags>: SPI n, INTID 32 + n; input needs it. */
			uint32_t intid = irq && len >= 12 && !fdt32_to_cpu(irq[0]) &&
					 fdt32_to_cpu(irq[1]) < 988 ? 32 + fdt32_to_cpu(irq[1]) : 0;

			console_uart_init(read_cells(reg, 2), intid);
			break;
		}
	}

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

static int vm_create(const struct zarm_vm_config *c, unsigned int *next_cpu)
{
	struct arm64_vm *avm = heap_alloc_zeroed(sizeof(*avm));
	int ret;

	if (!avm)
		return -ENOMEM;
	ret = vm_init(&avm->vm, c->id, c->name, c->vcpus, avm);
	if (ret)
		return ret;
	avm->ipa_base = c->memory.base;
	avm->ram_size = c->memory.size;
	avm->image_host = c->image.base;
	avm->image_size = c->image.size;
	avm->load_offset = c->load_offset;
	if (c->has_initrd) {
		avm->initrd_host = c->initrd.base;
		avm->initrd_size = c->initrd.size;
	}
	avm->entry = c->has_entry ? c->entry : 0;
	memcpy(avm->bootargs, c->bootargs, sizeof(avm->bootargs));
	avm->nr_spis = c->nr_spis;
	memcpy(avm->spis, c->spis, sizeof(avm->spis));
	/* 2 MiB aligned backing, so stage 2 can use blocks. */
	avm->host_base = ram_alloc(avm->ram_size, SZ_2M);
	if (!avm->host_base) {
		log_err("VM %s: not enough host RAM for %lu MiB", c->name,
			(unsigned long)(avm->ram_size >> 20));
		return -ENOMEM;
	}
	ret = stage2_init(avm, c->id);
	if (!ret)
		ret = ownership_give_vm(avm);	/* maps its RAM in stage 2 */
	if (ret) {
		log_err("VM %s: stage 2 (%d)", c->name, ret);
		return ret;
	}
	/* At most 8 refused-access lines per second (62.5 MHz counter). */
	log_ratelimit_init(&avm->abort_rl, "refused accesses", 8, 62500000);
	mmio_bus_init(&avm->bus);
	avm->console_input = c->console_input;
	ret = vuart_vm_init(avm);
	if (!ret)
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
	cpu_view_vm_init(avm);
	ret = vgic_arch_vm_init(avm);
	if (ret) {
		log_err("VM %s: virtual GIC (%d)", c->name, ret);
		return ret;
	}
	ret = arm64_ffa_vm_init(avm, c->ffa_id);
	if (!ret)
		ret = passthrough_vm_init(avm);
	if (ret)
		return ret;
	ret = vm_set_add(&arm64_vms, &avm->vm);
	if (ret) {
		passthrough_vm_end(avm);
		return ret;
	}
	log_info("VM %s: %u vCPU(s), %lu MiB at IPA %lx (host %lx), entry %lx", avm->vm.name,
		 c->vcpus, (unsigned long)(avm->ram_size >> 20), avm->ipa_base, avm->host_base,
		 avm->entry);
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
	pmu_arch_cpu_init();
	/* Every LR 0 while no vCPU is loaded: vcpu_arch_load() relies on it. */
	for (unsigned int i = 0; i <= (read_sysreg_s(ICH_VTR_EL2) & 0x1f); i++)
		vgic_lr_write(i, 0);
	isb();
}

void arm64_primary_main(void *fdt)
{
	static struct zarm_config cfg;
	unsigned int next_cpu = 0, failed;

	mmu_build_tables();
	mmu_enable();
	console_log_init();
	arm64_pcpus[0].mpidr = read_sysreg(mpidr_el1) & 0xff00ffffffUL;
	sched_rq_init(&arm64_pcpus[0].rq);
	/* ID_AA64ISAR1_EL1 APA/API/GPA/GPI, ID_AA64ISAR2_EL1 APA3/GPA3. */
	arm64_has_pauth = (read_sysreg(id_aa64isar1_el1) & 0xff000ff0UL) ||
			  (read_sysreg_s("S3_0_C0_C6_2") & 0xff00UL);
	/* ID_AA64MMFR1_EL1, ID_AA64MMFR2_EL1, ID_AA64PFR1_EL1: what exception entry changes. */
	exc_features_from_id(&arm64_exc_features, read_sysreg_s("S3_0_C0_C7_1"),
			     read_sysreg_s("S3_0_C0_C7_2"), read_sysreg_s("S3_0_C0_C4_1"));
	fdt = host_dt_find(fdt);
	if (fdt_check_header(fdt)) {
		log_err("no valid device tree at %p", fdt);
		console_line("all VMs stopped: 0 ok, 0 failed");
		arm64_halt();
	}
	parse_host_dt(fdt);
	log_info("zarm arm64 at EL2%s, %u CPU(s), RAM %lx-%lx",
		 arm64_entered_el3 ? " (entered at EL3)" : "", arm64_nr_pcpus, ram_base, ram_end);
	gic_init_dist(fdt);
	pmu_arch_probe();
	cpu_common_init(0);
	vgic_arch_probe();
	cpu_view_probe();
	vm_set_init(&arm64_vms);

	/* The configuration says where the loader put each image. */
	zarm_config_parse(fdt, fdt_totalsize(fdt), &cfg);
	ram_init(ram_base, ram_end - ram_base);
	/*
	 * The first 2 MiB of RAM (the device tree QEMU or TF-A puts at RAM
	 * base, --ffa-peer's test firmware), zarm itself and the tree. Linked
	 * at RAM + 2 MiB these are one range; as BL33 at 0x60000000 the RAM
	 * between is free for VMs.
	 */
	ram_reserve(ram_base, SZ_2M);
	ram_reserve((uint64_t)_start, (uint64_t)(_end - _start));
	ram_reserve((uint64_t)fdt, fdt_totalsize(fdt));
	reserve_dt_regions(fdt);
	if (ownership_init(ram_base, ram_alloc_limit()))
		log_err("memory ownership tracking unavailable");
	else
		arm64_ffa_init();
	for (unsigned int i = 0; i < cfg.nr_vms; i++) {
		const struct zarm_vm_config *c = &cfg.vms[i];

		if (ram_reserve(c->image.base, c->image.size) ||
		    (c->has_initrd && ram_reserve(c->initrd.base, c->initrd.size)))
			log_warn("VM %s: its image or initrd overlaps another", c->name);
	}
	failed = cfg.nr_rejected;
	for (unsigned int i = 0; i < cfg.nr_vms; i++) {
		int ret = vm_create(&cfg.vms[i], &next_cpu);

		if (ret) {
			log_err("VM %s: not started (%d)", cfg.vms[i].name, ret);
			failed++;
		}
	}
	arm64_vms.failed += failed;
	if (arm64_vms.running == 0) {
		if (!cfg.nr_vms && !cfg.nr_rejected)
			log_err("no VMs configured (/zarm)");
		console_line("all VMs stopped: 0 ok, %u failed", arm64_vms.failed);
		arm64_halt();
	}
	for (unsigned int i = 1; i < arm64_nr_pcpus; i++) {
		sched_rq_init(&arm64_pcpus[i].rq);
		if (psci_host_call(PSCI_CPU_ON64, arm64_pcpus[i].mpidr,
				   (uint64_t)secondary_entry, i)) {
			log_err("cpu%u (mpidr %lx) did not start", i, arm64_pcpus[i].mpidr);
			console_line("all VMs stopped: 0 ok, %u failed", arm64_vms.nr + failed);
			arm64_halt();
		}
		while (!arm64_pcpus[i].online)
			;
	}
	vuart_input_start();
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
