/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Each guest's own device tree, written with libfdt's sequential-write
 * API: a machine that looks like QEMU's virt board (RAM at 0x40000000,
 * GICv3, architected timer, PL011 at 0x09000000, PSCI 1.x over HVC).
 */
#include <libfdt.h>
#include "arch/arm64/arm64.h"

#define GUEST_GICD 0x08000000UL
#define GUEST_GICR 0x080a0000UL
#define PHANDLE_GIC 1
#define PHANDLE_CLK 2

#define TRY(x) do { int __r = (x); if (__r < 0) return __r; } while (0)

static int prop_u64x2(void *fdt, const char *name, uint64_t a, uint64_t b)
{
	fdt64_t v[2] = { cpu_to_fdt64(a), cpu_to_fdt64(b) };

	return fdt_property(fdt, name, v, sizeof(v));
}

static int dt_cpus(void *fdt, unsigned int n)
{
	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	for (unsigned int i = 0; i < n; i++) {
		char name[16];

		snprintf(name, sizeof(name), "cpu@%u", i);
		TRY(fdt_begin_node(fdt, name));
		TRY(fdt_property_string(fdt, "device_type", "cpu"));
		TRY(fdt_property_string(fdt, "compatible", "arm,armv8"));
		TRY(fdt_property_u32(fdt, "reg", i));
		TRY(fdt_property_string(fdt, "enable-method", "psci"));
		TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

static int dt_devices(void *fdt, unsigned int ncpus)
{
	static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2";
	static const char uart_compat[] = "arm,pl011\0arm,primecell";
	static const char clk_names[] = "uartclk\0apb_pclk";
	fdt32_t timer[12], uart_irq[3] = { cpu_to_fdt32(0), cpu_to_fdt32(1), cpu_to_fdt32(4) };
	fdt32_t clks[2] = { cpu_to_fdt32(PHANDLE_CLK), cpu_to_fdt32(PHANDLE_CLK) };
	static const uint32_t ppis[4] = { 13, 14, 11, 10 };
	fdt64_t gic_reg[4] = { cpu_to_fdt64(GUEST_GICD), cpu_to_fdt64(0x10000),
			       cpu_to_fdt64(GUEST_GICR), cpu_to_fdt64(0x20000UL * ncpus) };

	TRY(fdt_begin_node(fdt, "psci"));
	TRY(fdt_property(fdt, "compatible", psci_compat, sizeof(psci_compat)));
	TRY(fdt_property_string(fdt, "method", "hvc"));
	TRY(fdt_end_node(fdt));

	TRY(fdt_begin_node(fdt, "intc@8000000"));
	TRY(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 3));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(fdt, "#redistributor-regions", 1));
	TRY(fdt_property(fdt, "reg", gic_reg, sizeof(gic_reg)));
	TRY(fdt_property_u32(fdt, "phandle", PHANDLE_GIC));
	TRY(fdt_end_node(fdt));

	for (unsigned int i = 0; i < 4; i++) {
		timer[i * 3] = cpu_to_fdt32(1);
		timer[i * 3 + 1] = cpu_to_fdt32(ppis[i]);
		timer[i * 3 + 2] = cpu_to_fdt32(4);
	}
	TRY(fdt_begin_node(fdt, "timer"));
	TRY(fdt_property_string(fdt, "compatible", "arm,armv8-timer"));
	TRY(fdt_property(fdt, "interrupts", timer, sizeof(timer)));
	TRY(fdt_property(fdt, "always-on", NULL, 0));
	TRY(fdt_end_node(fdt));

	if (pmu_arch_present()) {
		/* PPI 7 (INTID 23), level-high, to every vCPU (GICv2-style CPU mask). */
		fdt32_t pmu_irq[3] = { cpu_to_fdt32(1), cpu_to_fdt32(PPI_PMU - 16),
				       cpu_to_fdt32((((1U << ncpus) - 1) << 8) | 4) };

		TRY(fdt_begin_node(fdt, "pmu"));
		TRY(fdt_property_string(fdt, "compatible", "arm,armv8-pmuv3"));
		TRY(fdt_property(fdt, "interrupts", pmu_irq, sizeof(pmu_irq)));
		TRY(fdt_end_node(fdt));
	}

	TRY(fdt_begin_node(fdt, "apb-pclk"));
	TRY(fdt_property_string(fdt, "compatible", "fixed-clock"));
	TRY(fdt_property_u32(fdt, "#clock-cells", 0));
	TRY(fdt_property_u32(fdt, "clock-frequency", 24000000));
	TRY(fdt_property_u32(fdt, "phandle", PHANDLE_CLK));
	TRY(fdt_end_node(fdt));

	TRY(fdt_begin_node(fdt, "pl011@9000000"));
	TRY(fdt_property(fdt, "compatible", uart_compat, sizeof(uart_compat)));
	TRY(prop_u64x2(fdt, "reg", VUART_BASE, PL011_SIZE));
	TRY(fdt_property(fdt, "interrupts", uart_irq, sizeof(uart_irq)));
	TRY(fdt_property(fdt, "clock-names", clk_names, sizeof(clk_names)));
	TRY(fdt_property(fdt, "clocks", clks, sizeof(clks)));
	return fdt_end_node(fdt);
}

int guest_dt_build(struct arm64_vm *avm, void *buf, size_t size)
{
	void *fdt = buf;
	char name[32];

	TRY(fdt_create(fdt, (int)size));
	TRY(fdt_finish_reservemap(fdt));
	TRY(fdt_begin_node(fdt, ""));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property_string(fdt, "compatible", "linux,dummy-virt"));
	TRY(fdt_property_string(fdt, "model", "zarm virtual machine"));
	TRY(fdt_property_u32(fdt, "interrupt-parent", PHANDLE_GIC));

	TRY(fdt_begin_node(fdt, "chosen"));
	TRY(fdt_property_string(fdt, "bootargs", avm->bootargs));
	TRY(fdt_property_string(fdt, "stdout-path", "/pl011@9000000"));
	if (avm->initrd_size) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start", avm->initrd_ipa));
		TRY(fdt_property_u64(fdt, "linux,initrd-end",
				     avm->initrd_ipa + avm->initrd_size));
	}
	TRY(fdt_end_node(fdt));

	snprintf(name, sizeof(name), "memory@%lx", avm->ipa_base);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_string(fdt, "device_type", "memory"));
	TRY(prop_u64x2(fdt, "reg", avm->ipa_base, avm->ram_size));
	TRY(fdt_end_node(fdt));

	TRY(dt_cpus(fdt, avm->vm.nr_vcpus));
	TRY(dt_devices(fdt, avm->vm.nr_vcpus));
	TRY(passthrough_dt(avm, fdt, PHANDLE_CLK));
	TRY(fdt_end_node(fdt));
	return fdt_finish(fdt) < 0 ? -EINVAL : 0;
}
