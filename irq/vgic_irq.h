/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-interrupt state changes of the vGICv3, shared by the distributor and
 * redistributor register files, injection and list-register code. Private
 * to irq/: the arch uses irq/vgic.h only.
 *
 * An interrupt's state is split in two places:
 *  - its queue (common/irq_queue) holds pending, enabled, priority, trigger
 *    and the level line as the queue sees it (device line OR pending
 *    latch);
 *  - struct vgic_irq holds what the queue cannot: group, HW mapping,
 *    routing, the device line and latch, and ownership.
 * "Owned" means the interrupt is with one vCPU: in one of its LRs as
 * pending (VI_LRP, only between flush and sync), or active (in an LR or
 * waiting for the next flush). An owned interrupt is active in its queue
 * (acknowledged at flush); a queue-active interrupt is always owned.
 * Requests that concern an interrupt in the LRs of a running vCPU are
 * recorded as flags (VI_CANCEL, VI_DEACT, VI_MKACT) and applied at sync.
 */
#ifndef ZARM_IRQ_VGIC_IRQ_H
#define ZARM_IRQ_VGIC_IRQ_H

#include "irq/vgic.h"
#include "common/errno.h"

#define VI_GROUP1 0x0001U	/* IGROUPR bit */
#define VI_HW 0x0002U		/* HW-mapped: LR HW bit + pINTID */
#define VI_LINE 0x0004U		/* device input line */
#define VI_LATCH 0x0008U	/* level: software pending latch */
#define VI_OWNED 0x0010U
#define VI_LRP 0x0020U		/* owned as pending in an LR (else active) */
#define VI_INLR 0x0040U		/* in LR .lr of its loaded owner */
#define VI_CANCEL 0x0080U	/* ICPENDR while in an LR as pending */
#define VI_DEACT 0x0100U	/* ICACTIVER while in an LR as active */
#define VI_MKACT 0x0200U	/* ISACTIVER while in an LR as pending */
#define VI_EOI 0x0400U		/* its LR carries the EOI bit */

#define IROUTER_IRM (1ULL << 31)
#define IROUTER_AFF_MASK 0xff00ffffffULL
#define MPIDR_AFF_MASK 0xff00ffffffULL

/* One interrupt as seen from one vCPU. */
struct vgic_ref {
	struct vgic_irq *irq;
	struct irqq *q;
	unsigned int qid;	/* id in q */
	unsigned int vcpu;	/* the vCPU asking (owner of a local one) */
	struct vgic_counters *cnt;	/* where injection events count */
	bool spi;
};

/*
 * Resolve @intid for @vcpu; -EINVAL when either is out of range. Inline:
 * every register access, injection and LR step starts here.
 */
static inline int vgic_ref(struct vgic *vg, unsigned int vcpu, unsigned int intid,
			   struct vgic_ref *r)
{
	if (!vg || !r || intid >= VGIC_NR_PRIVATE + vg->nr_spis)
		return -EINVAL;
	if (intid < VGIC_NR_PRIVATE) {
		if (vcpu >= vg->nr_vcpus)
			return -EINVAL;
		*r = (struct vgic_ref){
			.irq = &vg->cpu[vcpu].irq[intid],
			.q = &vg->cpu[vcpu].q,
			.qid = intid,
			.vcpu = vcpu,
			.cnt = &vg->cpu[vcpu].cnt,
			.spi = false,
		};
		return 0;
	}
	*r = (struct vgic_ref){
		.irq = &vg->spi[intid - VGIC_NR_PRIVATE],
		.q = &vg->spiq,
		.qid = intid - VGIC_NR_PRIVATE,
		/* SPIs: the vCPU asking only matters as a fallback owner. */
		.vcpu = vcpu < vg->nr_vcpus ? vcpu : 0,
		.cnt = &vg->spi_cnt,
		.spi = true,
	};
	return 0;
}

/* Bits of a 32-INTID register that the register files emulate. */
enum vgic_bits {
	VB_GROUP,
	VB_SET_ENABLE,
	VB_CLR_ENABLE,
	VB_SET_PEND,
	VB_CLR_PEND,
	VB_SET_ACT,
	VB_CLR_ACT,
};

/*
 * Read/write one 32-bit word of @kind covering INTIDs @first..@first+31
 * (@first a multiple of 32) for @vcpu; INTIDs that do not exist read as 0
 * and ignore writes. Set/clear registers write only the 1 bits.
 */
uint32_t vgic_bits_read(struct vgic *vg, unsigned int vcpu,
			unsigned int first, enum vgic_bits kind);
void vgic_bits_write(struct vgic *vg, unsigned int vcpu, unsigned int first,
		     enum vgic_bits kind, uint32_t val);

/* IPRIORITYR byte of @intid (0 when it does not exist). */
uint8_t vgic_prio_read(struct vgic *vg, unsigned int vcpu, unsigned int intid);
void vgic_prio_write(struct vgic *vg, unsigned int vcpu, unsigned int intid,
		     uint8_t prio);

/* ICFGR word for INTIDs @first..@first+15 (2 bits each, 0b10 = edge). */
uint32_t vgic_cfg_read(struct vgic *vg, unsigned int vcpu, unsigned int first);
void vgic_cfg_write(struct vgic *vg, unsigned int vcpu, unsigned int first,
		    uint32_t val);

/* Edge injection / level latch (device inject and ISPENDR). */
void vgic_irq_set_pending(struct vgic *vg, struct vgic_ref *r);
/* Input line (vgic_set_level). */
void vgic_irq_set_line(struct vgic *vg, struct vgic_ref *r, bool high);

/* Kick every vCPU @r could be delivered to, if it is a candidate now. */
void vgic_irq_kick(struct vgic *vg, struct vgic_ref *r);

/* vCPU an SPI with IROUTER @irouter targets, or -1 (IRM or nobody). */
int vgic_route_target(const struct vgic *vg, uint64_t irouter);

/* vCPU with affinity @mpidr (MPIDR layout), or -1. */
int vgic_find_vcpu(const struct vgic *vg, uint64_t mpidr);

/* Logical state of @r as the guest would read it. */
bool vgic_irq_is_pending(struct vgic *vg, const struct vgic_ref *r);
bool vgic_irq_is_active(const struct vgic_ref *r);

/* Ownership and completion, used by the LR code. */
void vgic_irq_own(struct vgic *vg, struct vgic_ref *r, unsigned int owner,
		  bool lr_pending, unsigned int lr_prio);
void vgic_irq_disown(struct vgic *vg, struct vgic_ref *r);
/* Guest EOI (or ICACTIVER) of owned active @r: counted completed. */
void vgic_irq_complete(struct vgic *vg, struct vgic_ref *r);
/* ICACTIVER of owned active @r (not by the guest's EOI): completed, HW released. */
void vgic_irq_deactivate(struct vgic *vg, struct vgic_ref *r);
/* Owned-as-pending @r goes back to its queue, still pending (sync). */
void vgic_irq_unload_pending(struct vgic *vg, struct vgic_ref *r);
/* The guest acknowledged owned-as-pending @r: it becomes active. */
void vgic_irq_acked(struct vgic *vg, struct vgic_ref *r);

/* Bump the kick statistic and call ops.kick. */
void vgic_kick(struct vgic *vg, unsigned int vcpu);

#endif
