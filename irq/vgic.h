/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Virtual GICv3 of one VM: distributor (GICD), one redistributor per vCPU
 * (GICR, RD frame + SGI frame), SGI generation from ICC_SGI1R_EL1 /
 * ICC_SGI0R_EL1 traps, and list-register scheduling as pure logic. The
 * pending state lives in common/irq_queue: one local queue per vCPU for
 * INTIDs 0-31 (SGIs, PPIs) and one floating queue for the SPIs.
 *
 * Implemented by vgic.c (init, injection, counters, check), vgic_irq.c
 * (per-interrupt state changes shared by the register files, see
 * vgic_irq.h), vgic_dist.c, vgic_redist.c, vgic_sgi.c and vgic_lr.c.
 *
 * What the model is (the architecture facts it follows, IHI 0069):
 *  - single security state: GICD_CTLR.DS = 1 and ARE = 1, both RAO/WI;
 *    EnableGrp0 (bit 0) and EnableGrp1 (bit 1) are read/write. No LPIs, no
 *    ITS, no message-based SPIs (TYPER.LPIS = MBIS = 0).
 *  - reset: all interrupts disabled, inactive, priority 0, Group 1
 *    (IGROUPR all ones, as KVM does: the reset value is IMPLEMENTATION
 *    DEFINED with DS = 1 and every guest sets it anyway), SGIs edge, PPIs
 *    and SPIs level, IROUTER 0, GICR_WAKER.ProcessorSleep = ChildrenAsleep
 *    = 1.
 *  - priorities keep the top cfg.prio_bits bits (5 by default, as QEMU's
 *    ICH_VTR_EL2 reports): the low bits of IPRIORITYR read as zero.
 *
 * Guest MMIO never fails. Accesses of a size the register does not
 * support, unaligned accesses, reserved offsets, and writes to read-only
 * registers are RAZ/WI: the arch shell completes the access (a read
 * returns *val = 0) and resumes the guest. The architecture leaves most of
 * these UNPREDICTABLE or CONSTRAINED UNPREDICTABLE, with RAZ/WI one of the
 * permitted behaviours; zarm never raises an external abort for them.
 * Such accesses are counted (vgic_stats.bad_access).
 *
 * Trigger modes follow what a GIC does with its input, whatever the
 * device API used: vgic_inject() on a level-configured interrupt sets the
 * pending latch (as GICD_ISPENDR does, cleared when the guest acknowledges
 * it); vgic_set_level() on an edge-configured interrupt injects on each
 * rising edge.
 *
 * List registers. The arch calls vgic_flush() right before every guest
 * entry of a vCPU and vgic_sync() right after every exit, before it handles
 * anything else (MMIO, SGI traps, maintenance IRQs), so flush and sync
 * strictly alternate and the model knows, for each vCPU, whether its LRs
 * live in the hardware ("loaded") or in the model.
 *  - flush puts first the interrupts this vCPU has active (so that the
 *    guest can EOI them; most urgent first), then the most urgent
 *    deliverable pending ones (acknowledged in the queue so that an SPI is
 *    offered to one vCPU only). When actives alone would fill every LR and
 *    a pending interrupt could preempt the most urgent of them, one LR is
 *    kept for it (the least urgent active waits). It never writes the
 *    pending+active LR
 *    state: an edge interrupt re-raised while active is written active
 *    with the EOI maintenance bit, and its new pending state waits in the
 *    queue until the guest's EOI brings the vCPU out. Level interrupts
 *    (HW = 0) always carry the EOI bit, so they are re-sampled at EOI.
 *    When a pending interrupt did not fit, flush asks for NPIE if some LR
 *    holds a pending one (NPIE with none would fire at once), else for
 *    underflow (UIE); when an active one did not fit, always for underflow,
 *    which fires while one LR is still valid, so the guest never EOIs an
 *    interrupt that is not in an LR (ICH_HCR_EL2.EOIcount stays 0 for a
 *    guest with EOImode 0). When a pending interrupt was held back
 *    only by the vCPU's own group enable (ICH_VMCR_EL2.VENG0/1, which the
 *    guest changes without trapping), it asks for VGrp0EIE/VGrp1EIE.
 *  - sync reads back what the guest did (acknowledged: pending -> active;
 *    EOIed: completed, with level re-sampling); interrupts still pending
 *    return to their queue and are picked again at the next flush, so a
 *    more urgent arrival is never stuck behind them; active ones stay with
 *    the vCPU (across vCPU switches) until the guest EOIs them.
 *  - register writes that concern an interrupt sitting in the LRs of a
 *    loaded vCPU (clear pending, clear active, set active, disable,
 *    priority, group) take effect at that vCPU's next sync; the model
 *    calls ops.kick() on it so that this happens soon.
 *
 * Exactly once. Counters (vgic_counters) only grow:
 *  - injected:  edge injections and GICD/GICR_ISPENDR writes (coalesced
 *               ones included); also interrupts made active by ISACTIVER
 *               without having been pending;
 *  - raised:    level interrupts becoming pending (line or latch rising,
 *               or still high at EOI);
 *  - coalesced: injections merged into a pending state;
 *  - dropped:   pending states ended without delivery (ICPENDR, level
 *               line lowered before the guest acknowledged);
 *  - delivered: acknowledges by the guest (seen at sync) and activations by
 *               ISACTIVER;
 *  - completed: EOIs/deactivations by the guest (seen at sync) and
 *               ICACTIVER.
 * An edge injection that arrives while the interrupt sits pending in the
 * LR of a running vCPU coalesces if the sync shows the guest had not taken
 * it yet; if the guest took it meanwhile, the model cannot tell which came
 * first and delivers once more rather than risk losing the injection (as
 * KVM does). An active interrupt keeps, in its LR, the priority it was
 * delivered at.
 * vgic_check() verifies, over the whole VM,
 *   injected + raised == delivered + coalesced + dropped + pending now
 *   delivered == completed + active now
 * plus every queue's own check and the model's internal links.
 *
 * Locking: none inside. One lock per VM (the "vgic lock") serialises every
 * call on a struct vgic; ops callbacks run with it held and must not call
 * back into the model. The struct holds list links into itself: do not
 * move or copy it after vgic_init().
 *
 * All functions return 0 or a negative error code. -EINVAL is only for
 * arguments the arch controls (NULL pointers, vCPU or INTID out of range,
 * flush/sync out of order); a guest cannot cause an error return.
 */
#ifndef ZARM_IRQ_VGIC_H
#define ZARM_IRQ_VGIC_H

#include "common/compiler.h"
#include "common/irq_queue.h"
#include "common/list.h"

#ifndef VGIC_MAX_VCPUS
#define VGIC_MAX_VCPUS 8U
#endif
#define VGIC_NR_PRIVATE 32U	/* SGIs 0-15, PPIs 16-31 */
#define VGIC_NR_SGIS 16U
#define VGIC_MAX_SPIS 988U	/* INTIDs 32..1019 */
#define VGIC_MAX_LRS 16U	/* ICH_VTR_EL2.ListRegs allows up to 16 */

/* Sizes of the guest-visible frames. */
#define VGIC_DIST_SIZE 0x10000ULL
#define VGIC_REDIST_STRIDE 0x20000ULL	/* RD frame + SGI frame per vCPU */

/* ICH_LR<n>_EL2 fields (IHI 0069). */
#define ICH_LR_STATE_SHIFT 62
#define ICH_LR_STATE_MASK (3ULL << ICH_LR_STATE_SHIFT)
#define ICH_LR_PENDING (1ULL << 62)
#define ICH_LR_ACTIVE (1ULL << 63)
#define ICH_LR_HW (1ULL << 61)
#define ICH_LR_GROUP (1ULL << 60)
#define ICH_LR_PRIO_SHIFT 48
#define ICH_LR_PRIO_MASK (0xffULL << ICH_LR_PRIO_SHIFT)
#define ICH_LR_PINTID_SHIFT 32
#define ICH_LR_PINTID_MASK (0x1fffULL << ICH_LR_PINTID_SHIFT)
#define ICH_LR_EOI (1ULL << 41)	/* HW = 0 only: maintenance at EOI */
#define ICH_LR_VINTID_MASK 0xffffffffULL

/* Bits of @grp_en for vgic_flush(), from ICH_VMCR_EL2.VENG0/VENG1. */
#define VGIC_GRP0_EN 1U
#define VGIC_GRP1_EN 2U

/* ICH_HCR_EL2 and ICH_VMCR_EL2 fields the arch needs with the model. */
#define ICH_HCR_EN (1ULL << 0)
#define ICH_HCR_UIE (1ULL << 1)
#define ICH_HCR_NPIE (1ULL << 3)
#define ICH_HCR_VGRP0EIE (1ULL << 4)
#define ICH_HCR_VGRP1EIE (1ULL << 6)
#define ICH_HCR_TALL0 (1ULL << 11)
#define ICH_HCR_TALL1 (1ULL << 12)
#define ICH_VMCR_VENG0 (1ULL << 0)
#define ICH_VMCR_VENG1 (1ULL << 1)

/* Passed as @vcpu to vgic_get_counters() for the sum over the VM. */
#define VGIC_ALL_VCPUS (~0U)

/* What the arch provides. Both callbacks run with the vgic lock held. */
struct vgic_ops {
	/*
	 * An interrupt may have become deliverable to @vcpu, or an interrupt
	 * in its LRs changed: if @vcpu runs on another physical CPU, send that
	 * CPU a physical SGI so it exits (and syncs/flushes); if it waits in
	 * WFI, wake it. May name the calling vCPU (then nothing is needed).
	 */
	void (*kick)(void *ctx, unsigned int vcpu);
	/*
	 * Optional: current level of a HW-mapped interrupt's physical line,
	 * asked when the guest has EOIed it. NULL: the line counts as low,
	 * and the arch raises it again (vgic_set_level) when the physical
	 * interrupt fires again.
	 */
	bool (*resample)(void *ctx, unsigned int vcpu, unsigned int intid);
	/*
	 * Optional: HW-mapped @intid of @vcpu (physical @pintid; a PPI, or an
	 * SPI with @vcpu the vCPU whose action ended it) stopped being pending or active without the
	 * guest's EOI through a HW list register: its level line fell
	 * before the guest acknowledged it (vgic_set_level(.., false), seen
	 * at once or at the next sync), or a GICD/GICR_ICACTIVER write
	 * deactivated it. The guest will never deactivate the physical
	 * interrupt now: the arch must, if it holds it active.
	 */
	void (*hw_deactivate)(void *ctx, unsigned int vcpu, unsigned int intid,
			      unsigned int pintid);
	void *ctx;
};

struct vgic_config {
	unsigned int nr_vcpus;	/* 1..VGIC_MAX_VCPUS */
	unsigned int nr_spis;	/* 0..VGIC_MAX_SPIS */
	unsigned int prio_bits;	/* 4..8, 0 means 5 */
	/*
	 * Affinity of each vCPU in MPIDR_EL1 layout (Aff3 in 39:32, Aff2
	 * 23:16, Aff1 15:8, Aff0 7:0; other bits ignored), all distinct; the
	 * arch programs VMPIDR_EL2 to match. NULL: vCPU i gets Aff0 = i % 16,
	 * Aff1 = i / 16.
	 */
	const uint64_t *mpidr;
};

struct vgic_counters {
	uint64_t injected;
	uint64_t raised;
	uint64_t coalesced;
	uint64_t dropped;
	uint64_t delivered;
	uint64_t completed;
};

/* Diagnostics (not part of the exactly-once equations). */
struct vgic_stats {
	uint64_t bad_access;	/* MMIO handled as RAZ/WI, see above */
	uint64_t lr_mismatch;	/* LR read back that the guest cannot make */
	uint64_t sgi_sent;	/* SGIs set pending on a target */
	uint64_t sgi_ignored;	/* targets absent or of the other group */
	uint64_t kicks;
};

/* Flush result, to program ICH_HCR_EL2. */
struct vgic_flush_info {
	unsigned int nr_used;	/* LRs 0..nr_used-1 written non-empty */
	bool underflow;		/* set ICH_HCR_EL2.UIE */
	bool npie;		/* set ICH_HCR_EL2.NPIE */
	bool grp0_eie;		/* set ICH_HCR_EL2.VGrp0EIE */
	bool grp1_eie;		/* set ICH_HCR_EL2.VGrp1EIE */
	unsigned int left_pending;	/* 1: a deliverable one was not loaded */
	unsigned int left_active;	/* active ones not loaded */
	/*
	 * An LR holds a HW-mapped level PPI (a per-CPU source such as the
	 * virtual timer) as pending: its line can fall while the guest runs
	 * without any exit. The arch may trap the guest's CPU-interface
	 * reads (ICH_HCR_EL2.TALL0/TALL1) to re-sample the line before the
	 * guest can see or acknowledge the stale pending state.
	 */
	bool hw_ppi_pending;
};

/* Model-side state of one interrupt. Private to irq/. */
struct vgic_irq {
	struct list_node node;	/* on owner's list while owned */
	uint64_t irouter;	/* SPIs: Aff3..Aff0 and IRM as written */
	uint16_t intid;
	uint16_t pintid;	/* physical INTID when HW-mapped */
	uint16_t flags;
	uint8_t owner;		/* vCPU holding it while owned */
	uint8_t lr_prio;	/* priority written in the LR */
	uint8_t lr;		/* LR index while in an LR */
};

struct vgic_cpu {
	struct irqq q;		/* INTIDs 0-31 */
	struct vgic_irq irq[VGIC_NR_PRIVATE];
	struct list_node owned;	/* interrupts active/in LRs for this vCPU */
	uint64_t mpidr;		/* affinity, MPIDR layout */
	bool loaded;		/* between flush and sync */
	bool sleep;		/* GICR_WAKER.ProcessorSleep */
	unsigned int nr_loaded;
	uint16_t lr_intid[VGIC_MAX_LRS];
	struct vgic_counters cnt;	/* local interrupts + what it took */
};

struct vgic {
	unsigned int nr_vcpus;
	unsigned int nr_spis;
	uint8_t prio_mask;
	uint32_t ctlr;		/* EnableGrp0/1 */
	struct vgic_ops ops;
	struct irqq spiq;	/* INTIDs 32.. at index intid - 32 */
	struct vgic_counters spi_cnt;	/* SPI injected/raised/coalesced/dropped */
	struct vgic_stats stats;
	struct vgic_irq spi[VGIC_MAX_SPIS];
	struct vgic_cpu cpu[VGIC_MAX_VCPUS];
};

/* @grp_en for vgic_flush() from a saved ICH_VMCR_EL2 value. */
static inline unsigned int vgic_vmcr_grp_en(uint64_t vmcr)
{
	return (vmcr & ICH_VMCR_VENG0 ? VGIC_GRP0_EN : 0) |
	       (vmcr & ICH_VMCR_VENG1 ? VGIC_GRP1_EN : 0);
}

/* The ICH_HCR_EL2 value to run the guest with after a flush. */
static inline uint64_t vgic_hcr(const struct vgic_flush_info *fi)
{
	return ICH_HCR_EN | (fi->underflow ? ICH_HCR_UIE : 0) |
	       (fi->npie ? ICH_HCR_NPIE : 0) |
	       (fi->grp0_eie ? ICH_HCR_VGRP0EIE : 0) |
	       (fi->grp1_eie ? ICH_HCR_VGRP1EIE : 0);
}

/* ---- setup --------------------------------------------------------------- */

/* Reset @vg for @cfg (copied) with @ops (copied; kick may be NULL). */
int vgic_init(struct vgic *vg, const struct vgic_config *cfg,
	      const struct vgic_ops *ops);

/* Affinity (MPIDR layout) of @vcpu, for VMPIDR_EL2. */
int vgic_vcpu_mpidr(const struct vgic *vg, unsigned int vcpu, uint64_t *out);

/*
 * Map @intid (a PPI of @vcpu, or an SPI; @vcpu ignored for SPIs) to the
 * physical @pintid (16..1019): its LRs carry HW = 1 and pINTID, so the
 * guest's EOI deactivates the physical interrupt. @pintid 0 unmaps. Only
 * while the interrupt is neither pending nor active (-EBUSY).
 */
int vgic_map_hw(struct vgic *vg, unsigned int vcpu, unsigned int intid,
		unsigned int pintid);

/* ---- injection (devices, arch) -------------------------------------------- */

/*
 * Edge: make @intid pending (SGI/PPI of @vcpu for @intid < 32, SPI
 * otherwise, @vcpu then ignored). Kicks the vCPU(s) it may be delivered to.
 */
int vgic_inject(struct vgic *vg, unsigned int vcpu, unsigned int intid);
/* vgic_inject() for a PPI (16..31) / an SPI (32..). */
int vgic_inject_ppi(struct vgic *vg, unsigned int vcpu, unsigned int intid);
int vgic_inject_spi(struct vgic *vg, unsigned int intid);

/* Drive the input line of @intid (e.g. the virtual timer, PPI 27). */
int vgic_set_level(struct vgic *vg, unsigned int vcpu, unsigned int intid,
		   bool high);

/*
 * A trapped write of @sgir to ICC_SGI1R_EL1 (@group1 true; also
 * ICC_ASGI1R_EL1) or ICC_SGI0R_EL1 (@group1 false) by @vcpu: targets from
 * TargetList/RS/Aff1-3 or, with IRM, all vCPUs but @vcpu. An SGI reaches a
 * target only when the target's IGROUPR0 puts it in the same group.
 */
int vgic_sgi(struct vgic *vg, unsigned int vcpu, uint64_t sgir, bool group1);

/* ---- guest MMIO ------------------------------------------------------------ */

/*
 * Emulate an access of @size bytes (1, 2, 4, 8) at @offset in the GICD
 * frame by @vcpu; *@val is the value written, or receives the value read
 * (zero-extended). Returns 0 ("handled") for every guest access.
 */
int vgic_dist_access(struct vgic *vg, unsigned int vcpu, uint64_t offset,
		     unsigned int size, bool write, uint64_t *val);

/*
 * The same for the redistributor region: @offset from its base, the vCPU
 * of the frame is offset / VGIC_REDIST_STRIDE (beyond the last: RAZ/WI);
 * @vcpu is the one accessing.
 */
int vgic_redist_access(struct vgic *vg, unsigned int vcpu, uint64_t offset,
		       unsigned int size, bool write, uint64_t *val);

/* ---- list registers --------------------------------------------------------- */

/*
 * Fill @lrs[0..nr_lrs-1] (nr_lrs 1..VGIC_MAX_LRS, from ICH_VTR_EL2) for
 * @vcpu's entry; unused LRs are 0. @grp_en: VGIC_GRP0_EN/VGIC_GRP1_EN from
 * the vCPU's ICH_VMCR_EL2. -EBUSY when already flushed and not synced.
 */
int vgic_flush(struct vgic *vg, unsigned int vcpu, unsigned int grp_en,
	       unsigned int nr_lrs, uint64_t lrs[],
	       struct vgic_flush_info *info);

/*
 * Read back @lrs[0..nr_lrs-1] as they are after the guest ran (same nr_lrs
 * as the flush). -EINVAL when the vCPU is not loaded.
 */
int vgic_sync(struct vgic *vg, unsigned int vcpu, unsigned int nr_lrs,
	      const uint64_t lrs[]);

/*
 * True when a pending interrupt is deliverable to @vcpu with its group
 * enables @grp_en: wake it from WFI. Active interrupts do not count, nor
 * does the guest's priority mask (ICH_VMCR_EL2.VPMR), as in KVM.
 */
bool vgic_has_work(struct vgic *vg, unsigned int vcpu, unsigned int grp_en);

/*
 * What ICC_HPPIR1_EL1 (@group1) or ICC_HPPIR0_EL1 reads with these LRs
 * (GICv3 virtual CPU interface): the vINTID of the most urgent pending LR
 * among the groups enabled in @grp_en (lowest index on a tie, priority
 * 0xff never), if it is of the register's group; else 1023.
 */
uint32_t vgic_lr_hppir(const uint64_t lrs[], unsigned int nr_lrs, unsigned int grp_en,
		       bool group1);

/* ---- observation ------------------------------------------------------------ */

/* Counters of @vcpu (local interrupts, and delivered/completed of what it
 * took), or of the whole VM for VGIC_ALL_VCPUS. */
int vgic_get_counters(const struct vgic *vg, unsigned int vcpu,
		      struct vgic_counters *out);
int vgic_get_stats(const struct vgic *vg, struct vgic_stats *out);

/*
 * State of @intid as the model sees it (between flush and sync an
 * interrupt in an LR counts as it was loaded): IRQQ_* state, enabled.
 */
int vgic_irq_state(const struct vgic *vg, unsigned int vcpu,
		   unsigned int intid, enum irqq_state *state, bool *enabled);

/* Verify queues, links and the equations above: 0 or -EFAULT. */
int vgic_check(const struct vgic *vg);

#endif
