/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GICR register file of the vGICv3: per vCPU an RD frame (control, TYPER,
 * WAKER) and, 64 KiB above it, an SGI frame (the per-INTID registers of
 * SGIs and PPIs). No LPIs: GICR_CTLR, PROPBASER and PENDBASER are RAZ/WI.
 * See vgic.h for the RAZ/WI policy on bad accesses.
 */
#include "irq/vgic.h"
#include "irq/vgic_irq.h"
#include "common/errno.h"

#define GICR_CTLR 0x0000U
#define GICR_IIDR 0x0004U
#define GICR_TYPER 0x0008U
#define GICR_STATUSR 0x0010U
#define GICR_WAKER 0x0014U
#define GICR_PROPBASER 0x0070U
#define GICR_PENDBASER 0x0078U
#define GICR_PIDR2 0xffe8U

#define GICR_IGROUPR0 0x0080U
#define GICR_ISENABLER0 0x0100U
#define GICR_ICENABLER0 0x0180U
#define GICR_ISPENDR0 0x0200U
#define GICR_ICPENDR0 0x0280U
#define GICR_ISACTIVER0 0x0300U
#define GICR_ICACTIVER0 0x0380U
#define GICR_IPRIORITYR0 0x0400U
#define GICR_IPRIORITYR_END 0x0420U
#define GICR_ICFGR0 0x0c00U
#define GICR_ICFGR1 0x0c04U
#define GICR_IGRPMODR0 0x0d00U
#define GICR_NSACR 0x0e00U

#define SGI_FRAME 0x10000U
#define WAKER_PROCESSOR_SLEEP (1U << 1)
#define WAKER_CHILDREN_ASLEEP (1U << 2)
#define TYPER_LAST (1ULL << 4)

#define VGIC_IIDR 0x0000043bU
#define VGIC_PIDR2 0x3bU

static uint64_t typer(const struct vgic *vg, unsigned int v)
{
	uint64_t m = vg->cpu[v].mpidr;
	uint64_t aff = (m & 0xffffffULL) | (((m >> 32) & 0xff) << 24);

	return (aff << 32) | ((uint64_t)v << 8) |
	       (v + 1 == vg->nr_vcpus ? TYPER_LAST : 0);
}

/* RD frame of vCPU @v; returns false for a reserved offset. */
static bool rd_access(struct vgic *vg, unsigned int v, unsigned int off,
		      unsigned int size, bool write, uint64_t wval,
		      uint64_t *val)
{
	if (off == GICR_TYPER || off == GICR_TYPER + 4 ||
	    off == GICR_PROPBASER || off == GICR_PROPBASER + 4 ||
	    off == GICR_PENDBASER || off == GICR_PENDBASER + 4) {
		/* 64-bit registers, also accessible as 32-bit halves. */
		if (size != 4 && size != 8)
			return false;
		if (!write && (off & ~4U) == GICR_TYPER) {
			uint64_t t = typer(vg, v);

			*val = size == 8 ? t :
			       (uint32_t)(off & 4 ? t >> 32 : t);
		}
		return true;	/* TYPER read-only; no LPIs: RAZ/WI */
	}
	if (size != 4)
		return false;
	switch (off) {
	case GICR_CTLR:
	case GICR_STATUSR:
		return true;
	case GICR_IIDR:
		if (!write)
			*val = VGIC_IIDR;
		return true;
	case GICR_WAKER:
		/*
		 * The model has no power management to wait for: ChildrenAsleep
		 * follows ProcessorSleep at once. Delivery is not gated on it
		 * (as in KVM), so a guest that skips the handshake still works.
		 */
		if (write)
			vg->cpu[v].sleep = wval & WAKER_PROCESSOR_SLEEP;
		else if (vg->cpu[v].sleep)
			*val = WAKER_PROCESSOR_SLEEP | WAKER_CHILDREN_ASLEEP;
		return true;
	case GICR_PIDR2:
		if (!write)
			*val = VGIC_PIDR2;
		return true;
	default:
		return false;
	}
}

static const struct {
	unsigned int off;
	enum vgic_bits kind;
} bit_regs[] = {
	{ GICR_IGROUPR0, VB_GROUP },
	{ GICR_ISENABLER0, VB_SET_ENABLE },
	{ GICR_ICENABLER0, VB_CLR_ENABLE },
	{ GICR_ISPENDR0, VB_SET_PEND },
	{ GICR_ICPENDR0, VB_CLR_PEND },
	{ GICR_ISACTIVER0, VB_SET_ACT },
	{ GICR_ICACTIVER0, VB_CLR_ACT },
};

/* SGI frame of vCPU @v; returns false for a reserved offset. */
static bool sgi_access(struct vgic *vg, unsigned int v, unsigned int off,
		       unsigned int size, bool write, uint64_t wval,
		       uint64_t *val)
{
	if (off >= GICR_IPRIORITYR0 && off < GICR_IPRIORITYR_END) {
		if (size != 1 && size != 4)
			return false;
		for (unsigned int b = 0; b < size; b++) {
			unsigned int intid = off - GICR_IPRIORITYR0 + b;

			if (write)
				vgic_prio_write(vg, v, intid,
						(uint8_t)(wval >> (8 * b)));
			else
				*val |= (uint64_t)vgic_prio_read(vg, v, intid)
					<< (8 * b);
		}
		return true;
	}
	if (size != 4)
		return false;
	for (unsigned int i = 0; i < ARRAY_SIZE(bit_regs); i++) {
		if (off != bit_regs[i].off)
			continue;
		if (write)
			vgic_bits_write(vg, v, 0, bit_regs[i].kind,
					(uint32_t)wval);
		else
			*val = vgic_bits_read(vg, v, 0, bit_regs[i].kind);
		return true;
	}
	switch (off) {
	case GICR_ICFGR0:
	case GICR_ICFGR1: {
		unsigned int first = off == GICR_ICFGR0 ? 0 : 16;

		/* ICFGR0 (SGIs) is read-only; vgic_cfg_write skips SGIs. */
		if (write)
			vgic_cfg_write(vg, v, first, (uint32_t)wval);
		else
			*val = vgic_cfg_read(vg, v, first);
		return true;
	}
	case GICR_IGRPMODR0:
	case GICR_NSACR:
		return true;	/* RAZ/WI with DS = 1 */
	default:
		return false;
	}
}

int vgic_redist_access(struct vgic *vg, unsigned int vcpu, uint64_t offset,
		       unsigned int size, bool write, uint64_t *val)
{
	unsigned int v, off;
	uint64_t wval;
	bool ok;

	if (!vg || !val || vcpu >= vg->nr_vcpus)
		return -EINVAL;
	wval = write ? *val : 0;
	if (!write)
		*val = 0;
	if ((size != 1 && size != 2 && size != 4 && size != 8) ||
	    (offset & (size - 1)) ||
	    offset / VGIC_REDIST_STRIDE >= vg->nr_vcpus) {
		vg->stats.bad_access++;
		return 0;
	}
	v = (unsigned int)(offset / VGIC_REDIST_STRIDE);
	off = (unsigned int)(offset % VGIC_REDIST_STRIDE);
	if (size < 8)
		wval &= (1ULL << (8 * size)) - 1;
	if (off >= SGI_FRAME)
		ok = sgi_access(vg, v, off - SGI_FRAME, size, write, wval, val);
	else
		ok = rd_access(vg, v, off, size, write, wval, val);
	if (!ok) {
		vg->stats.bad_access++;
		if (!write)
			*val = 0;
	}
	return 0;
}
