/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GICD register file of the vGICv3 (IHI 0069, distributor register map),
 * with affinity routing always on: the INTID 0-31 words of the per-INTID
 * registers are RAZ/WI here (those live in the redistributors), as are
 * ITARGETSR, GICD_SGIR and the SGI pending registers. See vgic.h for the
 * RAZ/WI policy on bad accesses.
 */
#include "irq/vgic.h"
#include "irq/vgic_irq.h"
#include "common/errno.h"

#define GICD_CTLR 0x0000U
#define GICD_TYPER 0x0004U
#define GICD_IIDR 0x0008U
#define GICD_TYPER2 0x000cU
#define GICD_STATUSR 0x0010U
#define GICD_IGROUPR 0x0080U
#define GICD_ISENABLER 0x0100U
#define GICD_ICENABLER 0x0180U
#define GICD_ISPENDR 0x0200U
#define GICD_ICPENDR 0x0280U
#define GICD_ISACTIVER 0x0300U
#define GICD_ICACTIVER 0x0380U
#define GICD_IPRIORITYR 0x0400U
#define GICD_ITARGETSR 0x0800U
#define GICD_ICFGR 0x0c00U
#define GICD_IGRPMODR 0x0d00U
#define GICD_NSACR 0x0e00U
#define GICD_SGIR 0x0f00U
#define GICD_IROUTER 0x6000U
#define GICD_IROUTER_END 0x8000U
#define GICD_PIDR2 0xffe8U

#define CTLR_EN_GRP0 (1U << 0)
#define CTLR_EN_GRP1 (1U << 1)
#define CTLR_ARE (1U << 4)
#define CTLR_DS (1U << 6)

/* Arm's JEP106 code; zarm claims no product of its own. */
#define VGIC_IIDR 0x0000043bU
/* PIDR2: ArchRev 3 (GICv3) in bits 7:4, JEDEC flag and JEP106 bits. */
#define VGIC_PIDR2 0x3bU

/* The 32-INTID bit registers, 0x80 bytes each from GICD_IGROUPR on: indexed, not searched. */
static const enum vgic_bits bit_regs[] = {
	VB_GROUP,		/* GICD_IGROUPR */
	VB_SET_ENABLE,		/* GICD_ISENABLER */
	VB_CLR_ENABLE,		/* GICD_ICENABLER */
	VB_SET_PEND,		/* GICD_ISPENDR */
	VB_CLR_PEND,		/* GICD_ICPENDR */
	VB_SET_ACT,		/* GICD_ISACTIVER */
	VB_CLR_ACT,		/* GICD_ICACTIVER */
};
_Static_assert(GICD_IGROUPR + 7 * 0x80 == GICD_IPRIORITYR, "bit registers end at IPRIORITYR");

static uint32_t typer(const struct vgic *vg)
{
	uint32_t lines = (VGIC_NR_PRIVATE + vg->nr_spis + 31) / 32 - 1;

	/* IDbits = 9 (10-bit INTIDs), A3V: Aff3 is routable. */
	return lines | (9U << 19) | (1U << 24);
}

static __attribute__((noinline)) void write_ctlr(struct vgic *vg, uint32_t val)
{
	uint32_t old = vg->ctlr;

	vg->ctlr = val & (CTLR_EN_GRP0 | CTLR_EN_GRP1);
	/* A group just enabled may make anything pending deliverable. */
	if (vg->ctlr & ~old)
		for (unsigned int v = 0; v < vg->nr_vcpus; v++)
			vgic_kick(vg, v);
}

/* IROUTER<n>, as a 64-bit register or one of its 32-bit halves. */
static void irouter_access(struct vgic *vg, unsigned int vcpu, unsigned int off,
			   unsigned int size, bool write, uint64_t *val)
{
	unsigned int intid = (off - GICD_IROUTER) / 8;
	unsigned int shift = (off & 4) ? 32 : 0;
	uint64_t mask = size == 8 ? ~0ULL : 0xffffffffULL << shift;
	struct vgic_ref r;
	uint64_t v;

	/* IROUTER0-31 do not exist (SGIs and PPIs are not routed). */
	if (intid < VGIC_NR_PRIVATE || vgic_ref(vg, vcpu, intid, &r))
		return;
	if (!write) {
		*val = (r.irq->irouter & mask) >> shift;
		return;
	}
	v = (r.irq->irouter & ~mask) | ((*val << shift) & mask);
	v &= IROUTER_AFF_MASK | IROUTER_IRM;
	if (v == r.irq->irouter)
		return;
	/*
	 * An active SPI stays with its vCPU; only new deliveries move. One
	 * sitting pending in a running vCPU's LR goes back to the queue at
	 * that vCPU's next sync: kick it so that this happens soon.
	 */
	r.irq->irouter = v;
	if ((r.irq->flags & (VI_OWNED | VI_LRP | VI_INLR)) ==
	    (VI_OWNED | VI_LRP | VI_INLR))
		vgic_kick(vg, r.irq->owner);
	vgic_irq_kick(vg, &r);
}

/* Size the register at @off accepts: bit 0 = 1 byte, bit 1 = 4, 2 = 8. */
static bool size_ok(unsigned int off, unsigned int size)
{
	if (off >= GICD_IPRIORITYR && off < GICD_ITARGETSR + 0x400)
		return size == 1 || size == 4;
	if (off >= GICD_IROUTER && off < GICD_IROUTER_END)
		return size == 4 || size == 8;
	return size == 4;
}

/*
 * The per-INTID and routing ranges of vgic_dist_access() (validated
 * access, @wval masked to @size). A function of its own so that the
 * identification and control words, which guests poll, are answered
 * without the frame these need.
 */
static __attribute__((noinline)) int dist_range_access(struct vgic *vg, unsigned int vcpu,
							unsigned int off, unsigned int size,
							bool write, uint64_t wval, uint64_t *val)
{
	if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR) {
		unsigned int first = ((off - GICD_IGROUPR) & 0x7f) * 8;
		enum vgic_bits kind = bit_regs[(off - GICD_IGROUPR) / 0x80];

		if (first < VGIC_NR_PRIVATE)
			return 0;	/* RAZ/WI with ARE: redistributor's */
		if (write)
			vgic_bits_write(vg, vcpu, first, kind, (uint32_t)wval);
		else
			*val = vgic_bits_read(vg, vcpu, first, kind);
		return 0;
	}

	if (off >= GICD_IPRIORITYR && off < GICD_ITARGETSR) {
		unsigned int intid = off - GICD_IPRIORITYR;

		if (intid < VGIC_NR_PRIVATE)
			return 0;
		for (unsigned int b = 0; b < size; b++) {
			if (write)
				vgic_prio_write(vg, vcpu, intid + b,
						(uint8_t)(wval >> (8 * b)));
			else
				*val |= (uint64_t)vgic_prio_read(vg, vcpu,
								 intid + b)
					<< (8 * b);
		}
		return 0;
	}
	if (off >= GICD_ICFGR && off < GICD_IGRPMODR) {
		unsigned int first = (off - GICD_ICFGR) * 4;

		if (first < VGIC_NR_PRIVATE)
			return 0;
		if (write)
			vgic_cfg_write(vg, vcpu, first, (uint32_t)wval);
		else
			*val = vgic_cfg_read(vg, vcpu, first);
		return 0;
	}
	if (off >= GICD_IROUTER && off < GICD_IROUTER_END) {
		irouter_access(vg, vcpu, off, size, write,
			       write ? &wval : val);
		return 0;
	}

	/* ITARGETSR, IGRPMODR, NSACR with ARE/DS = 1: RAZ/WI, not reserved. */
	if ((off >= GICD_ITARGETSR && off < GICD_ICFGR) ||
	    (off >= GICD_IGRPMODR && off < GICD_SGIR))
		return 0;
	vg->stats.bad_access++;
	return 0;
}

int vgic_dist_access(struct vgic *vg, unsigned int vcpu, uint64_t offset,
		     unsigned int size, bool write, uint64_t *val)
{
	unsigned int off;
	uint64_t wval;

	if (!vg || !val || vcpu >= vg->nr_vcpus)
		return -EINVAL;
	wval = write ? *val : 0;
	if (!write)
		*val = 0;
	if ((size != 1 && size != 2 && size != 4 && size != 8) ||
	    offset >= VGIC_DIST_SIZE || (offset & (size - 1)) ||
	    !size_ok((unsigned int)offset, size)) {
		vg->stats.bad_access++;
		return 0;
	}
	off = (unsigned int)offset;
	if (size < 8)
		wval &= (1ULL << (8 * size)) - 1;

	/* The identification and control words first: what guests poll. */
	switch (off) {
	case GICD_CTLR:
		if (write)
			write_ctlr(vg, (uint32_t)wval);
		else
			*val = vg->ctlr | CTLR_ARE | CTLR_DS;
		return 0;
	case GICD_TYPER:
		if (!write)
			*val = typer(vg);
		return 0;
	case GICD_IIDR:
		if (!write)
			*val = VGIC_IIDR;
		return 0;
	case GICD_PIDR2:
		if (!write)
			*val = VGIC_PIDR2;
		return 0;
	case GICD_TYPER2:
	case GICD_STATUSR:
	case GICD_SGIR:
		return 0;	/* RAZ/WI: nothing to report, no legacy SGIs */
	default:
		break;
	}

	return dist_range_access(vg, vcpu, off, size, write, wval, val);
}
