/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pending virtual interrupts of one queue domain: either one vCPU (local
 * interrupts: GIC SGIs/PPIs, s390 CPU-specific classes) or one VM (floating
 * interrupts shared by its vCPUs: GIC 1-of-N SPIs, s390 floating I/O and
 * service signals).
 *
 * Each interrupt is a small id below the domain's nr_ids (at most
 * IRQQ_MAX_IDS) with a priority 0..IRQQ_NR_PRIOS-1; a lower value is more
 * urgent, as in the GIC. s390 maps its interruption classes onto priorities.
 *
 * States: inactive, pending, active, pending+active (an edge interrupt
 * re-raised while active). Acknowledging moves pending -> active;
 * completing moves active -> inactive, or -> pending when an edge was
 * re-raised meanwhile or a level line is still high (re-sample at EOI).
 *
 * Trigger modes (per id, edge by default):
 *  - edge: irqq_inject_edge() makes it pending; injecting one that is
 *    already pending coalesces (counted, no second delivery).
 *  - level: pending while the line is high (irqq_set_level()). On
 *    acknowledge it becomes active and not pending whatever the line; at
 *    completion the line is re-sampled. Lowering the line while pending
 *    and not yet acknowledged cancels the pending state (counted dropped).
 *
 * Enables live here (per id, all enabled after init): a disabled interrupt
 * still becomes and stays pending but is never offered for delivery. Every
 * other condition (GIC priority mask and running priority, s390 PSW and
 * CR0/CR6 masks) is the deliverability callback's business.
 *
 * Delivery order: the candidates of a domain are the pending, not active,
 * enabled interrupts. A lookup walks priority levels from most to least
 * urgent and, within one level, in FIFO order of becoming a candidate
 * (being injected or raised, being enabled, being completed with a new
 * pending state, or having its priority changed all append to the tail of
 * the level). The first candidate the callback accepts wins. A bitmap of
 * non-empty levels finds the first level in O(1); only candidates the
 * callback rejects cost extra steps.
 *
 * A queue never fills up: every id has its own slot, so all ids can be
 * pending at once and nothing is dropped for lack of room.
 *
 * Counters (all only ever grow; a rejected call changes nothing, counters
 * included, and the caller learns of it through the return value):
 *  - injected:  accepted irqq_inject_edge() calls, coalesced ones included;
 *  - coalesced: the injected ones that found the interrupt already pending;
 *  - raised:    times a level interrupt became pending (line rising while
 *               inactive, or still high at completion);
 *  - delivered: acknowledges (edge and level);
 *  - dropped:   pending states that ended without delivery (level line
 *               lowered while pending, irqq_clear_pending());
 *  - completed: completions (EOI).
 * so that, for every queue at any time, nothing is lost or doubled:
 *   injected + raised == delivered + coalesced + dropped + (pending now)
 *   delivered == completed + (active now)
 * irqq_check() verifies these and the internal structure.
 *
 * Locking: none inside. The caller holds the lock of the domain: the vCPU
 * lock for a local queue, the VM lock for a floating queue, and both for
 * irqq_take() over a local plus a floating queue. The deliverability
 * callback runs with those locks held and must not call back into the
 * queue.
 *
 * Every function checks all its arguments before it changes anything and
 * returns 0 or a negative error code (-EINVAL for a NULL queue, an id out
 * of range, a priority out of range or a call that does not fit the trigger
 * mode).
 */
#ifndef ZARM_COMMON_IRQ_QUEUE_H
#define ZARM_COMMON_IRQ_QUEUE_H

#include "common/bitmap.h"
#include "common/compiler.h"
#include "common/errno.h"

#define IRQQ_MAX_IDS 1024U
#define IRQQ_NR_PRIOS 256U
#define IRQQ_PRIO_LOWEST (IRQQ_NR_PRIOS - 1)

/* Marks the end of a per-level list; not a valid id. */
#define IRQQ_NO_ID 0xffffU

enum irqq_trigger {
	IRQQ_EDGE = 0,
	IRQQ_LEVEL = 1,
};

enum irqq_state {
	IRQQ_INACTIVE = 0,
	IRQQ_PENDING = 1,
	IRQQ_ACTIVE = 2,
	IRQQ_PENDING_ACTIVE = 3,
};

struct irqq_counters {
	uint64_t injected;
	uint64_t coalesced;
	uint64_t raised;
	uint64_t delivered;
	uint64_t dropped;
	uint64_t completed;
};

/* What irqq_get() reports about one id. */
struct irqq_info {
	enum irqq_state state;
	enum irqq_trigger trigger;
	unsigned int prio;
	bool enabled;
	bool line;	/* level line; always false for edge */
};

/*
 * Deliverability filter supplied by the interrupt model: returns true when
 * the vCPU asking could take interrupt @id of priority @prio now. A NULL
 * filter, or one whose fn is NULL, accepts every enabled candidate.
 */
struct irqq_filter {
	bool (*deliverable)(void *ctx, unsigned int id, unsigned int prio);
	void *ctx;
};

/* Result of a lookup: which queue, which id, at what priority. */
struct irqq_pick {
	struct irqq *q;
	unsigned int id;
	unsigned int prio;
};

/*
 * One queue domain. Lists are linked by 16-bit id indices rather than
 * pointers: it keeps the struct small (about 7 KiB) and free of pointers
 * into itself. Treat the fields as private to irq_queue.c.
 */
struct irqq {
	unsigned int nr_ids;
	unsigned int nr_queued;	/* ids on level lists: 0 ends a lookup at once */
	DECLARE_BITMAP(levels, IRQQ_NR_PRIOS);	/* bit p: level p non-empty */
	uint16_t head[IRQQ_NR_PRIOS];
	uint16_t tail[IRQQ_NR_PRIOS];
	uint16_t next[IRQQ_MAX_IDS];
	uint16_t prev[IRQQ_MAX_IDS];
	uint8_t prio[IRQQ_MAX_IDS];
	uint8_t flags[IRQQ_MAX_IDS];
	struct irqq_counters cnt;
};

/*
 * Reset @q to @nr_ids (1..IRQQ_MAX_IDS) interrupts, all inactive, edge,
 * enabled, at priority IRQQ_PRIO_LOWEST, counters zero.
 */
int irqq_init(struct irqq *q, unsigned int nr_ids);

/* Set the priority of @id (0..IRQQ_PRIO_LOWEST); legal in any state. */
int irqq_set_priority(struct irqq *q, unsigned int id, unsigned int prio);

/*
 * Choose edge or level for @id. Only while it is inactive (-EBUSY
 * otherwise); a level interrupt starts with its line low.
 */
int irqq_set_trigger(struct irqq *q, unsigned int id,
		     enum irqq_trigger trigger);

/* Enable or disable @id; pending state is kept either way. */
int irqq_set_enabled(struct irqq *q, unsigned int id, bool enabled);

/* Raise edge interrupt @id (-EINVAL if it is level-triggered). */
int irqq_inject_edge(struct irqq *q, unsigned int id);

/* Drive the line of level interrupt @id (-EINVAL if it is edge). */
int irqq_set_level(struct irqq *q, unsigned int id, bool high);

/*
 * Withdraw the pending state of edge interrupt @id without delivering it
 * (GIC ICPENDR, s390 clearing of a floating interrupt); counted dropped
 * when it was pending. For a level interrupt the line decides, so this
 * has no effect. Returns 0 whether or not anything was pending.
 */
int irqq_clear_pending(struct irqq *q, unsigned int id);

/*
 * Best deliverable interrupt over a vCPU's @local queue and its VM's
 * @floating queue (either may be NULL, not both), each with its own
 * filter. The more urgent one wins; on equal priority the local one wins,
 * which matches the GIC's lower-INTID-first for SGI/PPI over SPI. Fills
 * @out and returns 0, or returns -ENOENT when nothing is deliverable.
 * Changes nothing.
 */
int irqq_best(struct irqq *local, const struct irqq_filter *lf,
	      struct irqq *floating, const struct irqq_filter *ff,
	      struct irqq_pick *out);

/*
 * irqq_best() followed by irqq_ack() of the winner: the interrupt becomes
 * active in the queue it came from, so a floating interrupt taken by one
 * vCPU is no longer offered to the others. Complete it on out->q.
 */
int irqq_take(struct irqq *local, const struct irqq_filter *lf,
	      struct irqq *floating, const struct irqq_filter *ff,
	      struct irqq_pick *out);

/* irqq_best() over a single queue. */
int irqq_peek(struct irqq *q, const struct irqq_filter *f,
	      struct irqq_pick *out);

/*
 * Acknowledge @id: pending -> active. Only for a candidate (pending, not
 * active, enabled); -ENOENT otherwise. The filter is not consulted: the
 * caller chose @id.
 */
int irqq_ack(struct irqq *q, unsigned int id);

/*
 * Complete (EOI/deactivate) @id: active -> inactive, or pending when an
 * edge was re-raised while active or a level line is still high.
 * -ENOENT when @id is not active.
 */
int irqq_complete(struct irqq *q, unsigned int id);

/*
 * Per-id state bits (struct irqq.flags). Private to irq_queue.c but for
 * irqq_get() below, which is inline: the models call it on every state
 * change, and a caller that reads one field then costs a few instructions.
 */
#define IRQQ_F_PENDING 0x01U
#define IRQQ_F_ACTIVE 0x02U
#define IRQQ_F_LEVEL 0x04U
#define IRQQ_F_LINE 0x08U
#define IRQQ_F_ENABLED 0x10U
#define IRQQ_F_QUEUED 0x20U	/* on the list of its priority level */

/* irqq_get() for a caller that already knows @q and @id are valid. */
static inline struct irqq_info irqq_info_of(const struct irqq *q, unsigned int id)
{
	unsigned int f = q->flags[id];

	return (struct irqq_info){
		.state = (enum irqq_state)((f & IRQQ_F_PENDING ? IRQQ_PENDING : 0) |
					   (f & IRQQ_F_ACTIVE ? IRQQ_ACTIVE : 0)),
		.trigger = f & IRQQ_F_LEVEL ? IRQQ_LEVEL : IRQQ_EDGE,
		.prio = q->prio[id],
		.enabled = f & IRQQ_F_ENABLED,
		.line = f & IRQQ_F_LINE,
	};
}

/* Report the state and settings of @id. */
static inline int irqq_get(const struct irqq *q, unsigned int id, struct irqq_info *out)
{
	if (!q || q->nr_ids < 1 || q->nr_ids > IRQQ_MAX_IDS || id >= q->nr_ids || !out)
		return -EINVAL;
	*out = irqq_info_of(q, id);
	return 0;
}

/* Copy the counters. */
int irqq_get_counters(const struct irqq *q, struct irqq_counters *out);

/*
 * Verify the lists and bitmap against the per-id state and the counter
 * equations above. O(nr_ids + IRQQ_NR_PRIOS): for tests and debug builds.
 * Returns 0, or -EFAULT when something does not add up.
 */
int irqq_check(const struct irqq *q);

#endif
