/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical SPIs owned by one VM ('passthrough-spis', doc/config.md). Each
 * is routed in the physical distributor to the CPU of the VM's vCPU 0,
 * Group 1, enabled; its virtual twin (same INTID) is hardware-mapped in
 * the VM's vGIC. When it fires, zarm drops the running priority but leaves
 * it active and raises the virtual line: the guest's EOI of the HW list
 * register deactivates the physical interrupt, so a level device cannot
 * storm EL2 while the guest handles it, and nothing is lost or doubled.
 *
 * A device zarm knows behind such an SPI gets its MMIO page mapped into
 * the VM's stage 2 at the same address (doc/arm64.md).
 */
#include <libfdt.h>
#include "arch/arm64/arm64.h"
#include "irq/vgic.h"

#define PT_NR_INTIDS 1020U

/* Who owns each physical SPI; written at boot only, before any VM runs. */
static struct arm64_vm *pt_owner[PT_NR_INTIDS];

/* Devices whose registers go with their interrupt (QEMU virt). */
static const struct {
	uint32_t intid;
	uint64_t base, size;
	const char *node;		/* in the guest's device tree */
	const char *compat;		/* one string list, NUL-separated */
	size_t compat_len;
} pt_devices[] = {
	{ 34, 0x09010000UL, 0x1000, "pl031@9010000", "arm,pl031\0arm,primecell",
	  sizeof("arm,pl031\0arm,primecell") },	/* PL031 RTC, SPI 2 */
};

/* The physical SPI is back to idle: disabled, not pending, not active. */
static void pt_quiesce(uint32_t intid)
{
	gic_spi_disable(intid);
	gic_deactivate(intid);
}

/* (Re)map the VM's SPIs in its freshly initialised vGIC. */
static int pt_map(struct arm64_vm *avm)
{
	int ret = 0;

	spin_lock(&avm->vgic_lock);
	for (unsigned int i = 0; !ret && i < avm->nr_spis; i++)
		ret = vgic_map_hw(avm->vgic, 0, avm->spis[i], avm->spis[i]);
	spin_unlock(&avm->vgic_lock);
	return ret;
}

int passthrough_vm_init(struct arm64_vm *avm)
{
	unsigned int cpu = avm->vcpus[0]->vcpu.pcpu;
	int ret;

	/* Check all first: the SPI must exist in the VM's vGIC and be free. */
	for (unsigned int i = 0; i < avm->nr_spis; i++) {
		uint32_t intid = avm->spis[i];

		if (intid >= PT_NR_INTIDS || pt_owner[intid]) {
			log_err("VM %s: SPI %u is already passed through", avm->vm.name, intid);
			return -EBUSY;
		}
	}
	ret = pt_map(avm);
	if (ret) {
		log_err("VM %s: passthrough SPIs must be below the vGIC's %u (%d)",
			avm->vm.name, 32 + VGIC_GUEST_SPIS, ret);
		return ret;
	}
	for (unsigned int i = 0; i < avm->nr_spis; i++) {
		uint32_t intid = avm->spis[i];

		for (unsigned int d = 0; d < ARRAY_SIZE(pt_devices); d++) {
			if (pt_devices[d].intid != intid)
				continue;
			ret = stage2_map_device(avm, pt_devices[d].base, pt_devices[d].size);
			if (ret) {
				log_err("VM %s: mapping the device of SPI %u (%d)",
					avm->vm.name, intid, ret);
				return ret;
			}
		}
	}
	for (unsigned int i = 0; i < avm->nr_spis; i++) {
		pt_owner[avm->spis[i]] = avm;
		gic_spi_route(avm->spis[i], cpu);
		log_info("VM %s: physical SPI %u passed through (CPU %u)", avm->vm.name,
			 avm->spis[i], cpu);
	}
	return 0;
}

void passthrough_vm_reset(struct arm64_vm *avm)
{
	/*
	 * The reset vGIC forgot the interrupt, which may still be active
	 * physically (the guest never EOIed it): quiesce, map, re-enable.
	 */
	for (unsigned int i = 0; i < avm->nr_spis; i++)
		pt_quiesce(avm->spis[i]);
	if (pt_map(avm))
		log_err("VM %s: passthrough SPIs lost at reset", avm->vm.name);
	for (unsigned int i = 0; i < avm->nr_spis; i++)
		gic_spi_route(avm->spis[i], avm->vcpus[0]->vcpu.pcpu);
}

void passthrough_vm_end(struct arm64_vm *avm)
{
	for (unsigned int i = 0; i < avm->nr_spis; i++)
		pt_quiesce(avm->spis[i]);
}

bool passthrough_irq(struct arm64_pcpu *pc, uint32_t intid, int *resched)
{
	struct arm64_vm *avm;

	if (intid < 32 || intid >= PT_NR_INTIDS || !pt_owner[intid])
		return false;
	avm = pt_owner[intid];
	/* Priority already dropped; the guest's EOI deactivates it. */
	spin_lock(&avm->vgic_lock);
	vgic_set_level(avm->vgic, 0, intid, true);
	spin_unlock(&avm->vgic_lock);
	*resched = pc->need_resched;
	pc->need_resched = false;
	return true;
}

static bool pt_owns(const struct arm64_vm *avm, uint32_t intid)
{
	for (unsigned int i = 0; i < avm->nr_spis; i++) {
		if (avm->spis[i] == intid)
			return true;
	}
	return false;
}

int passthrough_dt(const struct arm64_vm *avm, void *fdt, uint32_t clk_phandle)
{
	for (unsigned int d = 0; d < ARRAY_SIZE(pt_devices); d++) {
		fdt32_t irq[3] = { cpu_to_fdt32(0), cpu_to_fdt32(pt_devices[d].intid - 32),
				   cpu_to_fdt32(4) };
		fdt64_t reg[2] = { cpu_to_fdt64(pt_devices[d].base),
				   cpu_to_fdt64(pt_devices[d].size) };
		int ret;

		if (!pt_owns(avm, pt_devices[d].intid))
			continue;
		ret = fdt_begin_node(fdt, pt_devices[d].node);
		if (!ret)
			ret = fdt_property(fdt, "compatible", pt_devices[d].compat,
					   (int)pt_devices[d].compat_len);
		if (!ret)
			ret = fdt_property(fdt, "reg", reg, sizeof(reg));
		if (!ret)
			ret = fdt_property(fdt, "interrupts", irq, sizeof(irq));
		if (!ret)
			ret = fdt_property_u32(fdt, "clocks", clk_phandle);
		if (!ret)
			ret = fdt_property_string(fdt, "clock-names", "apb_pclk");
		if (!ret)
			ret = fdt_end_node(fdt);
		if (ret)
			return -EINVAL;
	}
	return 0;
}
