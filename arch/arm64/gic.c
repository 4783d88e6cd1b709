/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical GICv3 for zarm itself: distributor and redistributors found in
 * QEMU's device tree, Group 1 interrupts, EOImode 1 (priority drop and
 * deactivation split, so a guest can deactivate its virtual timer's
 * physical interrupt through a hardware list register) and the virtual
 * CPU interface enabled for guests.
 */
#include <libfdt.h>
#include "arch/arm64/arm64.h"
#include "arch/arm64/sysreg.h"

#define GICD_CTLR 0x0000
#define GICD_CTLR_RWP (1U << 31)
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6000
#define GICR_STRIDE 0x20000
#define GICR_TYPER 0x0008
#define GICR_TYPER_LAST (1UL << 4)
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000
#define GICR_IGROUPR0 0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_IPRIORITYR 0x0400

static uintptr_t gicd_base = 0x08000000UL, gicr_base = 0x080a0000UL;

static inline uint32_t rd32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void wr32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint64_t rd64(uintptr_t a) { return *(volatile uint64_t *)a; }
static inline void wr64(uintptr_t a, uint64_t v) { *(volatile uint64_t *)a = v; }

static uint64_t fdt_reg_cell(const fdt32_t *p, int cells)
{
	return cells == 2 ? ((uint64_t)fdt32_to_cpu(p[0]) << 32) | fdt32_to_cpu(p[1])
			  : fdt32_to_cpu(p[0]);
}

int gic_init_dist(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	const fdt32_t *reg;
	int len;

	if (node >= 0) {
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (reg && len >= 32) {
			gicd_base = fdt_reg_cell(reg, 2);
			gicr_base = fdt_reg_cell(reg + 4, 2);
		}
	} else {
		log_warn("no GICv3 in the device tree, assuming virt's addresses");
	}
	/* Affinity routing, Group 1 on (single security state). */
	wr32(gicd_base + GICD_CTLR, (1U << 4) | (1U << 1));
	while (rd32(gicd_base + GICD_CTLR) & GICD_CTLR_RWP)
		;
	return 0;
}

static uintptr_t gic_find_redist(uint64_t mpidr)
{
	uint32_t aff = (uint32_t)((mpidr & 0xffffff) | ((mpidr >> 32 & 0xff) << 24));

	for (uintptr_t r = gicr_base;; r += GICR_STRIDE) {
		uint64_t typer = rd64(r + GICR_TYPER);

		if ((uint32_t)(typer >> 32) == aff)
			return r;
		if (typer & GICR_TYPER_LAST)
			return 0;
	}
}

void gic_init_cpu(unsigned int cpu)
{
	uintptr_t r = gic_find_redist(arm64_pcpus[cpu].mpidr);

	if (!r) {
		log_err("cpu%u: no redistributor", cpu);
		return;
	}
	wr32(r + GICR_WAKER, rd32(r + GICR_WAKER) & ~(1U << 1));
	while (rd32(r + GICR_WAKER) & (1U << 2))
		;
	wr32(r + GICR_SGI + GICR_IGROUPR0, 0xffffffffU);
	for (unsigned int i = 0; i < 32; i += 4)
		wr32(r + GICR_SGI + GICR_IPRIORITYR + i, 0x80808080U);
	wr32(r + GICR_SGI + GICR_ISENABLER0,
	     (1U << SGI_KICK) | (1U << PPI_MAINT) | (1U << PPI_HYP_TIMER) |
	     (1U << PPI_VTIMER) | (1U << PPI_PMU));

	write_sysreg_s(ICC_SRE_EL2, 0xf);
	isb();
	write_sysreg_s(ICC_PMR_EL1, 0xff);
	write_sysreg_s(ICC_CTLR_EL1, 1U << 1);	/* EOImode 1 */
	write_sysreg_s(ICC_IGRPEN1_EL1, 1);
	write_sysreg_s(ICH_HCR_EL2, 0);		/* on at guest entry (vgic_arch_flush) */
	isb();
}

uint32_t gic_ack(void)
{
	uint32_t v = (uint32_t)read_sysreg_s(ICC_IAR1_EL1) & 0xffffff;

	dsb(sy);
	return v;
}

void gic_eoi(uint32_t intid)
{
	write_sysreg_s(ICC_EOIR1_EL1, intid);
	isb();
}

void gic_deactivate(uint32_t intid)
{
	write_sysreg_s(ICC_DIR_EL1, intid);
	isb();
}

void gic_send_sgi(unsigned int cpu, unsigned int sgi)
{
	uint64_t m = arm64_pcpus[cpu].mpidr;
	uint64_t v = ((m >> 32 & 0xff) << 48) | ((m >> 16 & 0xff) << 32) |
		     ((m >> 8 & 0xff) << 16) | ((uint64_t)sgi << 24) | (1UL << (m & 0xf));

	dsb(ishst);
	write_sysreg_s(ICC_SGI1R_EL1, v);
	isb();
}

/* Serialises the read-modify-write of shared GICD group registers. */
static struct spinlock spi_lock;

void gic_spi_route(uint32_t intid, unsigned int cpu)
{
	uint64_t m = arm64_pcpus[cpu].mpidr;
	uintptr_t word = 4 * (intid / 32);
	uint32_t bit = 1U << (intid % 32);

	spin_lock(&spi_lock);
	wr64(gicd_base + GICD_IROUTER + 8 * intid, (m & 0xffffff) | ((m >> 32 & 0xff) << 32));
	wr32(gicd_base + GICD_IGROUPR + word, rd32(gicd_base + GICD_IGROUPR + word) | bit);
	*(volatile uint8_t *)(gicd_base + GICD_IPRIORITYR + intid) = 0x80;
	wr32(gicd_base + GICD_ISENABLER + word, bit);
	spin_unlock(&spi_lock);
}

void gic_spi_disable(uint32_t intid)
{
	wr32(gicd_base + GICD_ICENABLER + 4 * (intid / 32), 1U << (intid % 32));
	while (rd32(gicd_base + GICD_CTLR) & GICD_CTLR_RWP)
		;
}
