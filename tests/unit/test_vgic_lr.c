/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for irq/vgic, list-register side: flush/sync encoding,
 * priority order and preemption, overflow with NPIE/underflow maintenance,
 * storms delivered exactly once, level re-sampling, HW-mapped interrupts,
 * register writes that hit an interrupt sitting in an LR, and a seeded
 * randomized run against a simple reference with lost and duplicated
 * counters at zero. ZARM_TEST_SEED=<n> replays the random run.
 */
#include "tests/unit/vgic_sim.h"

static void state_is(unsigned int v, unsigned int intid, enum irqq_state st)
{
	enum irqq_state s;
	bool en;

	OK(vgic_irq_state(&S->vg, v, intid, &s, &en));
	ck_assert_msg(s == st, "intid %u state %d want %d", intid, s, st);
}

/* An enabled edge SPI at @prio. */
static void edge_spi(unsigned int intid, uint8_t prio)
{
	set_edge(0, intid, true);
	set_prio(0, intid, prio);
	enable(0, intid);
}

/*
 * A new simulation of @nv vCPUs (64 SPIs, 4 LRs) with edge SPI @intid at
 * @prio injected and flushed into vCPU 0's list registers.
 */
static void sim_spi_in_lr(unsigned int nv, unsigned int intid, uint8_t prio)
{
	sim_new(nv, 64, 4);
	edge_spi(intid, prio);
	OK(vgic_inject_spi(&S->vg, intid));
	flush(0);
}

/* Priority of @id as programmed (vCPU 0's for SGIs and PPIs). */
static unsigned int lr_prio_of(unsigned int id)
{
	return id < 32 ? (unsigned int)rr_sz(0, SGI_FRAME + 0x400 + id, 1) :
			 (unsigned int)dr_sz(0x400 + id, 1);
}

START_TEST(test_flush_sync_order)
{
	uint64_t lrs[VGIC_MAX_LRS + 1];
	struct vgic_flush_info fi;

	sim_new(2, 32, 4);
	ck_assert_int_eq(vgic_sync(&S->vg, 0, 4, lrs), -EINVAL);
	ck_assert_int_eq(vgic_flush(&S->vg, 0, 3, 0, lrs, &fi), -EINVAL);
	ck_assert_int_eq(vgic_flush(&S->vg, 0, 3, VGIC_MAX_LRS + 1, lrs, &fi),
			 -EINVAL);
	ck_assert_int_eq(vgic_flush(&S->vg, 2, 3, 4, lrs, &fi), -EINVAL);
	ck_assert_int_eq(vgic_flush(&S->vg, 0, 3, 4, NULL, &fi), -EINVAL);
	ck_assert_int_eq(vgic_flush(&S->vg, 0, 3, 4, lrs, NULL), -EINVAL);
	edge_spi(40, 0x10);
	OK(vgic_inject_spi(&S->vg, 40));
	OK(vgic_flush(&S->vg, 0, 3, 4, lrs, &fi));
	ck_assert_int_eq(vgic_flush(&S->vg, 0, 3, 4, lrs, &fi), -EBUSY);
	/* Fewer LRs than were loaded cannot be a read-back of them. */
	ck_assert_int_eq(vgic_sync(&S->vg, 0, 0, lrs), -EINVAL);
	OK(vgic_sync(&S->vg, 0, 4, lrs));
	ck_assert_int_eq(vgic_sync(&S->vg, 0, 4, lrs), -EINVAL);
	check_model();
}
END_TEST

START_TEST(test_lr_encoding)
{
	sim_new(1, 64, 4);
	edge_spi(40, 0x28);
	set_prio(0, 70, 0x30);
	enable(0, 70);	/* level */
	OK(vgic_inject_spi(&S->vg, 40));
	OK(vgic_set_level(&S->vg, 0, 70, true));
	flush(0);
	ck_assert_uint_eq(S->fi[0].nr_used, 2);
	ck_assert_uint_eq(S->lr[0][0], ICH_LR_PENDING | ICH_LR_GROUP |
			  (0x28ULL << ICH_LR_PRIO_SHIFT) | 40);
	ck_assert_uint_eq(S->lr[0][1], ICH_LR_PENDING | ICH_LR_GROUP |
			  ICH_LR_EOI | (0x30ULL << ICH_LR_PRIO_SHIFT) | 70);
	ck_assert_uint_eq(S->lr[0][2], 0);
	ck_assert_uint_eq(S->lr[0][3], 0);
	ck_assert(!S->fi[0].npie && !S->fi[0].underflow);
	/* While loaded the model reports them pending. */
	state_is(0, 40, IRQQ_PENDING);
	check_model();
	sync(0);
	check_model();
}
END_TEST

START_TEST(test_priority_order)
{
	static const struct { unsigned int id; uint8_t prio; } in[] = {
		{ 40, 0x80 }, { 41, 0x20 }, { 42, 0xf0 }, { 43, 0x20 },
		{ 44, 0x08 }, { 45, 0x60 },
	};
	unsigned int log[8];

	sim_new(1, 64, 4);
	for (unsigned int i = 0; i < ARRAY_SIZE(in); i++) {
		edge_spi(in[i].id, in[i].prio);
		OK(vgic_inject_spi(&S->vg, in[i].id));
	}
	enable(0, 20);
	set_prio(0, 20, 0x20);
	OK(vgic_inject_ppi(&S->vg, 0, 20));	/* ties: local first */
	flush(0);
	ck_assert_uint_eq(S->fi[0].nr_used, 4);
	ck_assert_uint_eq(S->fi[0].left_pending, 1);
	ck_assert(S->fi[0].npie);
	ck_assert_uint_eq(lr_intid(S->lr[0][0]), 44);
	ck_assert_uint_eq(lr_intid(S->lr[0][1]), 20);
	ck_assert_uint_eq(lr_intid(S->lr[0][2]), 41);
	ck_assert_uint_eq(lr_intid(S->lr[0][3]), 43);
	sync(0);
	ck_assert_uint_eq(drain(0, log, 8), 7);
	ck_assert_uint_eq(log[0], 44);
	ck_assert_uint_eq(log[4], 45);
	ck_assert_uint_eq(log[5], 40);
	ck_assert_uint_eq(log[6], 42);
	check_model();
}
END_TEST

START_TEST(test_preemption)
{
	sim_new(1, 64, 4);
	edge_spi(40, 0xa0);
	edge_spi(41, 0x20);
	edge_spi(42, 0xc0);
	OK(vgic_inject_spi(&S->vg, 40));
	flush(0);
	ck_assert_int_eq(gack(0), 40);
	/* A more urgent one arrives while the guest handles 40. */
	S->kicks[0] = 0;
	OK(vgic_inject_spi(&S->vg, 41));
	OK(vgic_inject_spi(&S->vg, 42));
	ck_assert_uint_eq(S->kicks[0], 2);
	sync(0);
	flush(0);
	ck_assert_uint_eq(S->fi[0].nr_used, 3);
	ck_assert_uint_eq(lr_state(S->lr[0][0]), ICH_LR_ACTIVE);
	ck_assert_uint_eq(lr_intid(S->lr[0][0]), 40);
	ck_assert_int_eq(gack(0), 41);	/* preempts */
	ck_assert_int_eq(gack(0), -1);	/* 42 is less urgent than 40 */
	ck_assert_int_eq(geoi(0), 41);
	ck_assert_int_eq(gack(0), -1);
	ck_assert_int_eq(geoi(0), 40);
	ck_assert_int_eq(gack(0), 42);
	ck_assert_int_eq(geoi(0), 42);
	sync(0);
	ck_assert_uint_eq(totals().completed, 3);
	check_model();
}
END_TEST

START_TEST(test_overflow_maintenance)
{
	unsigned int log[8];

	sim_new(1, 64, 4);
	for (unsigned int i = 0; i < 6; i++) {
		edge_spi(40 + i, (uint8_t)(0x80 - 8 * i));
		OK(vgic_inject_spi(&S->vg, 40 + i));
	}
	flush(0);
	ck_assert(S->fi[0].npie && !S->fi[0].underflow);
	/* The guest takes the most urgent and EOIs it, one by one. */
	ck_assert_int_eq(gack(0), 45);
	ck_assert(!maint(0));
	ck_assert_int_eq(geoi(0), 45);
	for (unsigned int i = 0; i < 3; i++) {
		ck_assert_int_ge(gack(0), 0);
		geoi(0);
	}
	/* No LR pending any more: NPIE fires, the rest come in. */
	ck_assert(maint(0));
	ck_assert(maint_exit(0));
	ck_assert_uint_eq(S->fi[0].nr_used, 2);
	ck_assert(!S->fi[0].npie && !S->fi[0].underflow);
	sync(0);
	ck_assert_uint_eq(drain(0, log, 8), 2);
	ck_assert_uint_eq(log[0], 41);
	ck_assert_uint_eq(log[1], 40);
	ck_assert_uint_eq(totals().delivered, 6);
	check_model();
}
END_TEST

START_TEST(test_more_active_than_lrs)
{
	sim_new(1, 64, 2);
	/* Three nested interrupts, each more urgent than the last. */
	for (unsigned int i = 0; i < 3; i++)
		edge_spi(40 + i, (uint8_t)(0xc0 - 0x40 * i));
	for (unsigned int i = 0; i < 3; i++) {
		OK(vgic_inject_spi(&S->vg, 40 + i));
		if (S->loaded[0])
			sync(0);
		flush(0);
		ck_assert_int_eq(gack(0), (int)(40 + i));
	}
	sync(0);
	flush(0);
	ck_assert_uint_eq(S->fi[0].nr_used, 2);
	ck_assert_uint_eq(S->fi[0].left_active, 1);
	ck_assert(S->fi[0].underflow && !S->fi[0].npie);
	/* The two most urgent (most recent) are loaded. */
	ck_assert_int_ge(find_lr(0, 42, ICH_LR_ACTIVE), 0);
	ck_assert_int_ge(find_lr(0, 41, ICH_LR_ACTIVE), 0);
	ck_assert_int_eq(geoi(0), 42);
	ck_assert(maint_exit(0));	/* one valid LR left: underflow */
	ck_assert_int_eq(geoi(0), 41);
	maint_exit(0);
	ck_assert_int_eq(geoi(0), 40);
	sync(0);
	ck_assert_uint_eq(S->eoi_miss, 0);
	ck_assert_uint_eq(totals().completed, 3);
	check_model();
}
END_TEST

/* 4 x nr_lrs distinct SPIs and SGIs raised at once: each exactly once. */
static void storm(unsigned int nr_lrs)
{
	unsigned int n = 4 * nr_lrs, got[1024] = { 0 }, log[128], cnt;
	struct vgic_counters c;

	sim_new(2, 128, nr_lrs);
	for (unsigned int i = 0; i < n; i++) {
		/* Half SGIs (16 at most), the rest SPIs; distinct priorities. */
		unsigned int id = i < n / 2 && i < 16 ? i : 32 + i;
		uint8_t prio = (uint8_t)(((i * 7) % 32) * 8);

		if (id < 32) {
			enable(0, id);
			set_prio(0, id, prio);
			OK(vgic_sgi(&S->vg, 1, (1ULL << 40) | ((uint64_t)id << 24),
				    true));
		} else {
			edge_spi(id, prio);
			OK(vgic_inject_spi(&S->vg, id));
		}
	}
	/*
	 * Run the guest with exits only when the model asked for them
	 * (maintenance): the rest must come in without any other help.
	 */
	cnt = 0;
	flush(0);
	for (int id; (id = gack(0)) >= 0;) {
		ck_assert_uint_lt(cnt, 128);
		log[cnt++] = (unsigned int)id;
		geoi(0);
		maint_exit(0);
	}
	sync(0);
	ck_assert(!vgic_has_work(&S->vg, 0, 3));
	ck_assert_uint_eq(cnt, n);
	for (unsigned int i = 0; i < cnt; i++) {
		got[log[i]]++;
		if (i)
			ck_assert_uint_le(lr_prio_of(log[i - 1]),
					  lr_prio_of(log[i]));
	}
	for (unsigned int i = 0; i < 1024; i++)
		ck_assert_uint_le(got[i], 1);
	ck_assert_uint_eq(drain(1, NULL, 0), 0);
	c = totals();
	ck_assert_uint_eq(c.injected, n);
	ck_assert_uint_eq(c.delivered, n);
	ck_assert_uint_eq(c.completed, n);
	ck_assert_uint_eq(c.coalesced + c.dropped, 0);
	ck_assert_uint_eq(S->acks, n);
	check_model();
}

START_TEST(test_storm_exactly_once)
{
	static const unsigned int lrs[] = { 1, 2, 4, 16 };

	for (unsigned int i = 0; i < ARRAY_SIZE(lrs); i++)
		storm(lrs[i]);
}
END_TEST

START_TEST(test_level_redelivered_after_eoi)
{
	struct vgic_counters c;

	sim_new(1, 64, 4);
	set_prio(0, 70, 0x40);
	enable(0, 70);
	OK(vgic_set_level(&S->vg, 0, 70, true));
	flush(0);
	for (unsigned int i = 0; i < 5; i++) {
		ck_assert_int_eq(gack(0), 70);
		ck_assert_int_eq(geoi(0), 70);
		/* EOI maintenance: the model re-samples the line, still high. */
		ck_assert(maint_exit(0));
		ck_assert_int_ge(find_lr(0, 70, ICH_LR_PENDING), 0);
	}
	sync(0);
	c = totals();
	ck_assert_uint_eq(c.delivered, 5);
	ck_assert_uint_eq(c.raised, 6);
	state_is(0, 70, IRQQ_PENDING);
	check_model();
}
END_TEST

START_TEST(test_level_not_after_drop)
{
	sim_new(1, 64, 4);
	enable(0, 70);
	OK(vgic_set_level(&S->vg, 0, 70, true));
	flush(0);
	ck_assert_int_eq(gack(0), 70);
	OK(vgic_set_level(&S->vg, 0, 70, false));	/* device serviced */
	ck_assert_int_eq(geoi(0), 70);
	ck_assert(maint_exit(0));
	ck_assert_uint_eq(S->fi[0].nr_used, 0);
	sync(0);
	ck_assert_uint_eq(drain(0, NULL, 0), 0);
	/* Dropped before the guest took it: withdrawn at sync. */
	OK(vgic_set_level(&S->vg, 0, 70, true));
	flush(0);
	OK(vgic_set_level(&S->vg, 0, 70, false));
	sync(0);
	state_is(0, 70, IRQQ_INACTIVE);
	ck_assert_uint_eq(drain(0, NULL, 0), 0);
	ck_assert_uint_eq(totals().dropped, 1);
	check_model();
}
END_TEST

START_TEST(test_pending_active_survives_switch)
{
	sim_spi_in_lr(2, 40, 0x40);
	ck_assert_int_eq(gack(0), 40);
	S->kicks[0] = 0;
	OK(vgic_inject_spi(&S->vg, 40));	/* while active */
	ck_assert_uint_eq(S->kicks[0], 1);	/* LR lacks the EOI bit */
	sync(0);
	state_is(0, 40, IRQQ_PENDING_ACTIVE);
	/* vCPU 1 runs meanwhile and cannot take it. */
	ck_assert_uint_eq(drain(1, NULL, 0), 0);
	flush(0);
	ck_assert_uint_eq(lr_state(S->lr[0][0]), ICH_LR_ACTIVE);
	ck_assert(S->lr[0][0] & ICH_LR_EOI);
	ck_assert_int_eq(gack(0), -1);	/* not pending in the LR */
	ck_assert_int_eq(geoi(0), 40);
	ck_assert(maint_exit(0));
	ck_assert_int_eq(gack(0), 40);
	ck_assert_int_eq(geoi(0), 40);
	sync(0);
	expect_delivered_and_completed(2);
	check_model();
}
END_TEST

START_TEST(test_active_survives_switch)
{
	sim_new(1, 64, 4);
	enable(0, 23);
	OK(vgic_inject_ppi(&S->vg, 0, 23));	/* level PPI: latch */
	set_edge(0, 22, true);
	enable(0, 22);
	OK(vgic_inject_ppi(&S->vg, 0, 22));
	flush(0);
	ck_assert_int_ge(gack(0), 0);
	ck_assert_int_ge(gack(0), -1);
	sync(0);
	for (unsigned int i = 0; i < 3; i++) {	/* switched out and back */
		flush(0);
		sync(0);
	}
	flush(0);
	while (geoi(0) >= 0)
		;
	sync(0);
	ck_assert_uint_eq(drain(0, NULL, 0), 1);	/* the one not taken */
	expect_delivered_and_completed(2);
	ck_assert_uint_eq(S->eoi_miss, 0);
	check_model();
}
END_TEST

START_TEST(test_hw_mapped_timer)
{
	struct vgic_counters c;

	sim_new(2, 64, 4);
	ck_assert_int_eq(vgic_map_hw(&S->vg, 0, 5, 27), -EINVAL);
	ck_assert_int_eq(vgic_map_hw(&S->vg, 0, 27, 5), -EINVAL);
	OK(vgic_map_hw(&S->vg, 0, 27, 27));
	enable(0, 27);
	set_prio(0, 27, 0xa0);
	OK(vgic_set_level(&S->vg, 0, 27, true));
	ck_assert_int_eq(vgic_map_hw(&S->vg, 0, 27, 0), -EBUSY);
	for (unsigned int tick = 0; tick < 100; tick++) {
		flush(0);
		ck_assert_uint_eq(S->lr[0][0], ICH_LR_PENDING | ICH_LR_HW |
				  ICH_LR_GROUP | (27ULL << ICH_LR_PINTID_SHIFT) |
				  (0xa0ULL << ICH_LR_PRIO_SHIFT) | 27);
		ck_assert_int_eq(gack(0), 27);
		ck_assert_int_eq(geoi(0), 27);
		ck_assert(!maint(0));	/* HW: no EOI maintenance */
		sync(0);
		state_is(0, 27, IRQQ_INACTIVE);	/* resampled low */
		/* The physical timer fires again: the arch raises the line. */
		OK(vgic_set_level(&S->vg, 0, 27, true));
	}
	/* resample says the line is still high: pending at once. */
	S->hw_level = true;
	flush(0);
	gack(0);
	geoi(0);
	sync(0);
	state_is(0, 27, IRQQ_PENDING);
	c = totals();
	ck_assert_uint_eq(c.delivered, 101);
	ck_assert_uint_eq(S->resamples, 101);
	/* vCPU 1's PPI 27 is not mapped. */
	enable(1, 27);
	OK(vgic_set_level(&S->vg, 1, 27, true));
	flush(1);
	ck_assert(!(S->lr[1][0] & ICH_LR_HW) && (S->lr[1][0] & ICH_LR_EOI));
	sync(1);
	check_model();
}
END_TEST

/*
 * The timer's line (HW-mapped level PPI 27) falls before the guest took
 * the interrupt: pending in an LR (withdrawn at the next sync) or in the
 * queue (withdrawn at once). The pending bit drops, nothing is delivered,
 * and the arch is told to deactivate the physical interrupt, which the
 * guest will now never EOI. Once the guest has acknowledged it, a falling
 * line changes nothing until its EOI (which deactivates the physical one
 * itself); ICACTIVER instead of an EOI asks the arch again.
 */
START_TEST(test_hw_line_falls)
{
	struct vgic_counters c;

	sim_new(2, 64, 4);
	OK(vgic_map_hw(&S->vg, 0, 27, 27));
	enable(0, 27);
	set_prio(0, 27, 0xa0);

	/* In an LR as pending: the flush says so (the arch traps ICC reads then). */
	OK(vgic_set_level(&S->vg, 0, 27, true));
	flush(0);
	ck_assert(S->fi[0].hw_ppi_pending);
	ck_assert(bit_read(0, 27, 0x200));	/* GICR_ISPENDR0 */
	OK(vgic_set_level(&S->vg, 0, 27, false));	/* guest disabled its timer */
	ck_assert_uint_eq(S->hw_deacts, 0);	/* still in the LR until the sync */
	sync(0);
	ck_assert_uint_eq(S->hw_deacts, 1);
	ck_assert_uint_eq(S->hw_deact_vcpu, 0);
	ck_assert_uint_eq(S->hw_deact_intid, 27);
	ck_assert_uint_eq(S->hw_deact_pintid, 27);
	ck_assert(!bit_read(0, 27, 0x200));
	state_is(0, 27, IRQQ_INACTIVE);
	flush(0);
	ck_assert_int_eq(find_lr(0, 27, ICH_LR_STATE_MASK), -1);
	ck_assert(!S->fi[0].hw_ppi_pending);
	sync(0);

	/* Pending in the queue (disabled in the GIC): withdrawn at once. */
	disable(0, 27);
	OK(vgic_set_level(&S->vg, 0, 27, true));
	ck_assert(bit_read(0, 27, 0x200));
	OK(vgic_set_level(&S->vg, 0, 27, false));
	ck_assert_uint_eq(S->hw_deacts, 2);
	ck_assert(!bit_read(0, 27, 0x200));
	enable(0, 27);
	flush(0);
	ck_assert_int_eq(find_lr(0, 27, ICH_LR_STATE_MASK), -1);
	sync(0);

	/* Acknowledged, then the line falls: active until the guest's EOI. */
	OK(vgic_set_level(&S->vg, 0, 27, true));
	flush(0);
	ck_assert_int_eq(gack(0), 27);
	OK(vgic_set_level(&S->vg, 0, 27, false));
	sync(0);
	ck_assert(bit_read(0, 27, 0x300) && !bit_read(0, 27, 0x200));	/* active only */
	flush(0);
	ck_assert_int_eq(geoi(0), 27);
	sync(0);
	ck_assert_uint_eq(S->hw_deacts, 2);	/* the EOI did it */
	state_is(0, 27, IRQQ_INACTIVE);

	/* Acknowledged, then ICACTIVER0 instead of an EOI: the arch must. */
	OK(vgic_set_level(&S->vg, 0, 27, true));
	flush(0);
	ck_assert_int_eq(gack(0), 27);
	sync(0);
	bit_write(0, 27, 0x380, true);		/* GICR_ICACTIVER0, not in an LR now */
	ck_assert_uint_eq(S->hw_deacts, 3);
	state_is(0, 27, IRQQ_INACTIVE);
	S->depth[0] = 0;	/* the guest drops its running priority (EOImode 1) */
	/* ... and while it sits active in an LR: at that sync. */
	OK(vgic_set_level(&S->vg, 0, 27, true));
	flush(0);
	ck_assert_int_eq(gack(0), 27);
	sync(0);
	flush(0);
	bit_write(0, 27, 0x380, true);
	ck_assert_uint_eq(S->hw_deacts, 3);
	sync(0);
	ck_assert_uint_eq(S->hw_deacts, 4);

	/* An interrupt that is not HW-mapped never asks. */
	enable(1, 27);
	OK(vgic_set_level(&S->vg, 1, 27, true));
	flush(1);
	ck_assert(!S->fi[1].hw_ppi_pending);
	OK(vgic_set_level(&S->vg, 1, 27, false));
	sync(1);
	ck_assert_uint_eq(S->hw_deacts, 4);
	c = totals();
	ck_assert_uint_eq(c.delivered, 3);
	check_model();
}
END_TEST

/*
 * The virtual timer end to end, against the physical side it drives: a
 * seeded random run of the timer's output going up and down, the physical
 * PPI firing (only while its output is up and it is not active: EOImode 1
 * leaves it active until someone deactivates it), exits (sync, the arch's
 * re-sample of a line that is up, flush), guest acknowledges and EOIs
 * (a HW LR's EOI deactivates the physical interrupt) and ICACTIVER writes.
 * After every exit: the physical interrupt is never left active while the
 * model holds the timer neither pending nor active (the timer would be
 * dead for good), a pending bit implies the output is up, and the model's
 * own checks hold.
 */
START_TEST(test_hw_timer_random)
{
	uint64_t seed = unit_test_seed(0x7133e5eedULL), r = seed | 1;
	bool output = false, phys_active = false, line = false;
	unsigned int fires = 0, withdrawn = 0, eois = 0, checks = 0;

	sim_new(1, 0, 4);
	OK(vgic_map_hw(&S->vg, 0, 27, 27));
	enable(0, 27);
	set_prio(0, 27, 0x80);
	for (unsigned int step = 0; step < 20000; step++) {
		unsigned int deacts = S->hw_deacts;
		enum irqq_state st;
		bool en;

		r ^= r << 13;
		r ^= r >> 7;
		r ^= r << 17;
		switch (r % 8) {
		case 0:	/* the guest programs its timer */
			output = (r >> 8) & 1;
			break;
		case 1:	/* the guest takes the interrupt, if offered */
			if (S->loaded[0])
				gack(0);
			break;
		case 2:	/* and EOIs it: a HW LR deactivates the physical one */
			if (S->loaded[0]) {
				unsigned long miss = S->eoi_miss;
				int id = geoi(0);

				if (id == 27 && S->eoi_miss == miss) {
					phys_active = false;
					eois++;
				}
			}
			break;
		case 3:	/* GICR_ICACTIVER0 instead */
			bit_write(0, 27, 0x380, true);
			break;
		default:	/* an exit: sync, re-sample a line that is up, check, flush */
			if (S->loaded[0])
				sync(0);
			if (line && !output) {
				line = false;
				OK(vgic_set_level(&S->vg, 0, 27, false));
			}
			if (S->hw_deacts != deacts) {
				phys_active = false;
				withdrawn++;
				deacts = S->hw_deacts;
			}
			OK(vgic_irq_state(&S->vg, 0, 27, &st, &en));
			ck_assert_msg(!phys_active || st != IRQQ_INACTIVE,
				      "seed %llu step %u: physical PPI left active, timer idle",
				      (unsigned long long)seed, step);
			ck_assert_msg(!(st & IRQQ_PENDING) || output,
				      "seed %llu step %u: pending with the output down",
				      (unsigned long long)seed, step);
			check_model();
			checks++;
			flush(0);
			break;
		}
		if (S->hw_deacts != deacts) {
			phys_active = false;
			withdrawn++;
		}
		/* The physical PPI fires when it can (taken at EL2 with the LRs synced). */
		if (output && !phys_active) {
			if (S->loaded[0])
				sync(0);
			phys_active = true;
			line = true;
			fires++;
			OK(vgic_set_level(&S->vg, 0, 27, true));
			flush(0);
		}
	}
	ck_assert_uint_gt(checks, 1000);
	ck_assert_uint_gt(fires, 100);
	ck_assert_uint_gt(withdrawn, 10);
	ck_assert_uint_gt(eois, 10);
}
END_TEST

START_TEST(test_lr_hppir)
{
	uint64_t g1 = ICH_LR_GROUP;
	uint64_t lrs[4] = {
		ICH_LR_ACTIVE | g1 | (0x10ULL << ICH_LR_PRIO_SHIFT) | 40,	/* active: never */
		ICH_LR_PENDING | g1 | (0x80ULL << ICH_LR_PRIO_SHIFT) | 27,
		ICH_LR_PENDING | (0x60ULL << ICH_LR_PRIO_SHIFT) | 33,		/* group 0 */
		ICH_LR_PENDING | g1 | (0x80ULL << ICH_LR_PRIO_SHIFT) | 50,	/* tie: later LR */
	};

	/* Group 0 is the most urgent pending: HPPIR1 says 1023, HPPIR0 says 33. */
	ck_assert_uint_eq(vgic_lr_hppir(lrs, 4, VGIC_GRP0_EN | VGIC_GRP1_EN, true), 1023);
	ck_assert_uint_eq(vgic_lr_hppir(lrs, 4, VGIC_GRP0_EN | VGIC_GRP1_EN, false), 33);
	/* Group 0 disabled: it does not count, the first of the tie wins. */
	ck_assert_uint_eq(vgic_lr_hppir(lrs, 4, VGIC_GRP1_EN, true), 27);
	ck_assert_uint_eq(vgic_lr_hppir(lrs, 4, VGIC_GRP1_EN, false), 1023);
	ck_assert_uint_eq(vgic_lr_hppir(lrs, 4, 0, true), 1023);
	/* Priority 0xff is never reported. */
	lrs[1] = ICH_LR_PENDING | g1 | (0xffULL << ICH_LR_PRIO_SHIFT) | 27;
	lrs[3] = 0;
	ck_assert_uint_eq(vgic_lr_hppir(lrs, 4, VGIC_GRP1_EN, true), 1023);
	ck_assert_uint_eq(vgic_lr_hppir(lrs, 2, VGIC_GRP1_EN, true), 1023);
}
END_TEST

START_TEST(test_hw_mapped_spi)
{
	sim_new(2, 64, 4);
	OK(vgic_map_hw(&S->vg, 1, 33, 33));	/* the UART's SPI to this VM */
	enable(0, 33);
	route(33, 1);
	OK(vgic_set_level(&S->vg, 0, 33, true));
	flush(1);
	ck_assert(S->lr[1][0] & ICH_LR_HW);
	ck_assert_uint_eq((S->lr[1][0] & ICH_LR_PINTID_MASK) >>
			  ICH_LR_PINTID_SHIFT, 33);
	gack(1);
	geoi(1);
	sync(1);
	state_is(1, 33, IRQQ_INACTIVE);
	check_model();
}
END_TEST

START_TEST(test_kicks)
{
	sim_new(2, 64, 4);
	edge_spi(40, 0x40);
	edge_spi(41, 0x40);
	OK(vgic_inject_spi(&S->vg, 40));
	flush(0);
	memset(S->kicks, 0, sizeof(S->kicks));
	OK(vgic_inject_spi(&S->vg, 40));	/* in an LR as pending */
	ck_assert_uint_eq(S->kicks[0], 1);
	OK(vgic_inject_spi(&S->vg, 41));
	ck_assert_uint_eq(S->kicks[0], 2);
	ck_assert_uint_eq(S->kicks[1], 0);
	/* Disabled: no kick on injection, a kick on enabling. */
	set_edge(0, 42, true);
	OK(vgic_inject_spi(&S->vg, 42));
	ck_assert_uint_eq(S->kicks[0], 2);
	enable(0, 42);
	ck_assert_uint_eq(S->kicks[0], 3);
	sync(0);
	/* Both pending 40s merged into one. */
	ck_assert_uint_eq(drain(0, NULL, 0), 3);
	ck_assert_uint_eq(totals().coalesced, 1);
	check_model();
}
END_TEST

START_TEST(test_icpendr_in_lr)
{
	sim_spi_in_lr(2, 40, 0x40);
	/* Another vCPU clears it while it sits in vCPU 0's LR. */
	OK(vgic_dist_access(&S->vg, 1, 0x284, 4, true,
			    &(uint64_t){ 1U << 8 }));
	sync(0);
	state_is(0, 40, IRQQ_INACTIVE);
	ck_assert_uint_eq(drain(0, NULL, 0), 0);
	ck_assert_uint_eq(totals().dropped, 1);
	/* If the guest took it first, it stays taken. */
	OK(vgic_inject_spi(&S->vg, 40));
	flush(0);
	ck_assert_int_eq(gack(0), 40);
	dw(0x284, 1U << 8);
	geoi(0);
	sync(0);
	expect_delivered_and_completed(1);
	check_model();
}
END_TEST

START_TEST(test_disable_in_lr)
{
	sim_spi_in_lr(1, 40, 0x40);
	S->kicks[0] = 0;
	disable(0, 40);
	ck_assert_uint_eq(S->kicks[0], 1);
	sync(0);
	flush(0);
	ck_assert_uint_eq(S->fi[0].nr_used, 0);
	sync(0);
	state_is(0, 40, IRQQ_PENDING);
	enable(0, 40);
	ck_assert_uint_eq(drain(0, NULL, 0), 1);
	check_model();
}
END_TEST

START_TEST(test_icactiver_in_lr)
{
	sim_spi_in_lr(2, 40, 0x40);
	ck_assert_int_eq(gack(0), 40);
	OK(vgic_dist_access(&S->vg, 1, 0x384, 4, true,
			    &(uint64_t){ 1U << 8 }));
	/* The model learns of the acknowledge only at vCPU 0's sync. */
	state_is(0, 40, IRQQ_PENDING);
	sync(0);
	state_is(0, 40, IRQQ_INACTIVE);
	flush(0);
	ck_assert_uint_eq(S->fi[0].nr_used, 0);
	sync(0);
	ck_assert_uint_eq(totals().completed, 1);
	check_model();
}
END_TEST

START_TEST(test_isactiver_in_lr)
{
	sim_spi_in_lr(2, 40, 0x40);
	dw(0x304, 1U << 8);
	sync(0);
	state_is(0, 40, IRQQ_PENDING_ACTIVE);
	flush(0);
	ck_assert_uint_eq(lr_state(S->lr[0][0]), ICH_LR_ACTIVE);
	ck_assert(S->lr[0][0] & ICH_LR_EOI);
	sync(0);
	dw(0x384, 1U << 8);
	state_is(0, 40, IRQQ_PENDING);
	ck_assert_uint_eq(drain(0, NULL, 0), 1);
	check_model();
}
END_TEST

START_TEST(test_priority_change_in_lr)
{
	sim_spi_in_lr(1, 40, 0x80);
	S->kicks[0] = 0;
	set_prio(0, 40, 0x10);
	ck_assert_uint_ge(S->kicks[0], 1);
	sync(0);
	flush(0);
	ck_assert_uint_eq(lr_prio(S->lr[0][0]), 0x10);
	sync(0);
	check_model();
}
END_TEST

START_TEST(test_hcr_vmcr_helpers)
{
	struct vgic_flush_info fi = { 0 };

	ck_assert_uint_eq(vgic_hcr(&fi), 1);
	fi.underflow = true;
	ck_assert_uint_eq(vgic_hcr(&fi), 0x3);
	fi = (struct vgic_flush_info){ .npie = true, .grp0_eie = true,
				       .grp1_eie = true };
	ck_assert_uint_eq(vgic_hcr(&fi), 0x59);
	ck_assert_uint_eq(vgic_vmcr_grp_en(0xf0000003ULL), 3);
	ck_assert_uint_eq(vgic_vmcr_grp_en(0xf0000002ULL), VGIC_GRP1_EN);
	ck_assert_uint_eq(vgic_vmcr_grp_en(0xf000000cULL), 0);
}
END_TEST

START_TEST(test_group_enable_eie)
{
	sim_new(1, 64, 4);
	edge_spi(40, 0x40);
	OK(vgic_inject_spi(&S->vg, 40));
	S->grp_en[0] = VGIC_GRP0_EN;
	flush(0);
	ck_assert_uint_eq(S->fi[0].nr_used, 0);
	ck_assert(S->fi[0].grp1_eie && !S->fi[0].grp0_eie);
	ck_assert(!maint(0));
	/* The guest enables Group 1 (no trap): VGrp1EIE maintenance. */
	S->grp_en[0] = VGIC_GRP0_EN | VGIC_GRP1_EN;
	ck_assert(maint_exit(0));
	ck_assert_uint_eq(S->fi[0].nr_used, 1);
	sync(0);
	check_model();
}
END_TEST

START_TEST(test_lr_mismatch)
{
	struct vgic_stats st;

	sim_spi_in_lr(1, 40, 0x40);
	S->lr[0][0] = ICH_LR_PENDING | ICH_LR_ACTIVE | 40;	/* impossible */
	sync(0);
	flush(0);
	S->lr[0][0] = ICH_LR_ACTIVE | 41;	/* wrong INTID */
	sync(0);
	OK(vgic_get_stats(&S->vg, &st));
	ck_assert_uint_eq(st.lr_mismatch, 2);
	state_is(0, 40, IRQQ_PENDING);
	check_model();
	ck_assert_uint_eq(drain(0, NULL, 0), 1);
	check_model();
}
END_TEST

START_TEST(test_has_work)
{
	sim_new(1, 64, 4);
	ck_assert(!vgic_has_work(&S->vg, 0, 3));
	set_edge(0, 40, true);
	OK(vgic_inject_spi(&S->vg, 40));
	ck_assert(!vgic_has_work(&S->vg, 0, 3));	/* disabled */
	enable(0, 40);
	ck_assert(vgic_has_work(&S->vg, 0, 3));
	ck_assert(!vgic_has_work(&S->vg, 0, VGIC_GRP0_EN));
	ck_assert(!vgic_has_work(&S->vg, 1, 3));
	ck_assert(!vgic_has_work(NULL, 0, 3));
}
END_TEST

/* ---- randomized run against a reference --------------------------------- */

#define RNV 3
#define RSPIS 64
#define NKEYS (RNV * 32 + RSPIS)

struct ref {
	int inj[NKEYS];		/* edge: injections not yet acknowledged */
	bool grace[NKEYS];	/* edge: one more delivery allowed */
	bool racy[NKEYS];	/* injected while pending in an LR */
	bool line[NKEYS];	/* level: line */
	bool stale_ok[NKEYS];	/* level: dropped while pending in an LR */
	unsigned long dup, lost, acks_ok;
};

static struct ref R;
static uint64_t rng;

static unsigned int rnd(unsigned int n)
{
	return (unsigned int)(unit_test_rand(&rng) % n);
}

static unsigned int key(unsigned int v, unsigned int id)
{
	return id < 32 ? v * 32 + id : RNV * 32 + id - 32;
}

static bool is_level(unsigned int id)
{
	return (id >= 24 && id < 32) || id >= 64;
}

/* Is @id (of @v when local) pending in some loaded LR? */
static bool in_lr_pending(unsigned int v, unsigned int id)
{
	for (unsigned int w = 0; w < RNV; w++) {
		if (!S->loaded[w] || (id < 32 && w != v))
			continue;
		for (unsigned int i = 0; i < S->nr_lrs; i++)
			if (lr_state(S->lr[w][i]) == ICH_LR_PENDING &&
			    lr_intid(S->lr[w][i]) == id)
				return true;
	}
	return false;
}

static void ref_inject(unsigned int v, unsigned int id)
{
	unsigned int k = key(v, id);

	if (in_lr_pending(v, id))
		R.racy[k] = true;
	R.inj[k]++;
}

static void ref_ack(unsigned int v, unsigned int id)
{
	unsigned int k = key(v, id);

	if (is_level(id)) {
		if (R.line[k] || R.stale_ok[k])
			R.acks_ok++;
		else
			R.dup++;
		return;
	}
	if (R.inj[k] > 0) {
		R.inj[k] = 0;
		R.grace[k] = R.racy[k];
		R.racy[k] = false;
		R.acks_ok++;
	} else if (R.grace[k]) {
		R.grace[k] = false;
		R.acks_ok++;
	} else {
		R.dup++;
	}
}

static void r_sync(unsigned int v)
{
	for (unsigned int i = 0; i < S->nr_lrs; i++)
		if (lr_state(S->lr[v][i]))
			R.stale_ok[key(v, lr_intid(S->lr[v][i]))] = false;
	sync(v);
}

static void r_maint(unsigned int v)
{
	if (S->loaded[v] && maint(v)) {
		r_sync(v);
		flush(v);
		S->exits++;
	}
}

static void r_set_level(unsigned int v, unsigned int id, bool high)
{
	unsigned int k = key(v, id);

	if (!high && R.line[k])
		R.stale_ok[k] = in_lr_pending(v, id);
	R.line[k] = high;
	OK(vgic_set_level(&S->vg, v, id, high));
}

static unsigned int any_intid(void)
{
	return rnd(2) ? rnd(32) : 32 + rnd(RSPIS);
}

static unsigned int kicks_seen[RNV];

static void random_op(void)
{
	unsigned int r = rnd(100), v = rnd(RNV), id;
	int got;

	/* A kick makes a running vCPU exit soon (physical SGI), not always
	 * before the next event. */
	if (S->loaded[v] && S->kicks[v] != kicks_seen[v] && rnd(2)) {
		kicks_seen[v] = S->kicks[v];
		r_sync(v);
		flush(v);
		return;
	}

	if (r < 8) {
		/* SGI from v: to a list or to all but self. */
		uint64_t val = (uint64_t)rnd(16) << 24;
		unsigned int list = rnd(1U << RNV);

		id = (unsigned int)(val >> 24);
		if (rnd(10) == 0) {
			val |= 1ULL << 40;
			for (unsigned int t = 0; t < RNV; t++)
				if (t != v)
					ref_inject(t, id);
		} else {
			val |= list;
			for (unsigned int t = 0; t < RNV; t++)
				if (list & (1U << t))
					ref_inject(t, id);
		}
		OK(vgic_sgi(&S->vg, v, val, true));
	} else if (r < 14) {
		id = 16 + rnd(8);
		ref_inject(v, id);
		OK(vgic_inject_ppi(&S->vg, v, id));
	} else if (r < 22) {
		id = 32 + rnd(32);
		ref_inject(v, id);
		OK(vgic_inject_spi(&S->vg, id));
	} else if (r < 30) {
		id = rnd(2) ? 24 + rnd(8) : 64 + rnd(32);
		r_set_level(v, id, rnd(2));
	} else if (r < 34) {
		id = any_intid();
		if (rnd(3))
			enable(v, id);
		else
			disable(v, id);
	} else if (r < 37) {
		set_prio(v, any_intid(), (uint8_t)rnd(256));
	} else if (r < 40) {
		id = 32 + rnd(RSPIS);
		route(id, rnd(4) ? rnd(RNV) : (1ULL << 31));
	} else if (r < 41) {
		dw(0, rnd(4) ? 3 : 1);
	} else if (r < 42) {
		S->grp_en[v] = rnd(8) ? 3 : VGIC_GRP0_EN;
		r_maint(v);
	} else if (r < 52) {
		if (S->loaded[v])
			r_sync(v);
		else
			flush(v);
	} else if (r < 74) {
		if (!S->loaded[v])
			return;
		got = gack(v);
		if (got >= 0)
			ref_ack(v, (unsigned int)got);
		r_maint(v);
	} else if (r < 94) {
		if (!S->loaded[v])
			return;
		geoi(v);
		r_maint(v);
	} else if (S->loaded[v]) {
		r_sync(v);
		flush(v);
	}
}

/* Everything enabled and deliverable; run every vCPU until quiet. */
static void r_drain(void)
{
	for (unsigned int k = 0; k < RNV * 32; k++)
		if (is_level(k % 32) && R.line[k])
			r_set_level(k / 32, k % 32, false);
	for (unsigned int id = 64; id < 32 + RSPIS; id++)
		if (R.line[key(0, id)])
			r_set_level(0, id, false);
	dw(0, 3);
	for (unsigned int v = 0; v < RNV; v++) {
		S->grp_en[v] = 3;
		rw(v, SGI_FRAME + 0x100, ~0U);
	}
	dw(0x104, ~0U);
	dw(0x108, ~0U);
	for (unsigned int id = 32; id < 32 + RSPIS; id++)
		route(id, 1ULL << 31);

	for (unsigned int pass = 0; pass < 1000; pass++) {
		bool progress = false;

		for (unsigned int v = 0; v < RNV; v++) {
			int got;

			if (!S->loaded[v])
				flush(v);
			while ((got = gack(v)) >= 0) {
				ref_ack(v, (unsigned int)got);
				geoi(v);
				r_maint(v);
				progress = true;
			}
			while (S->depth[v]) {
				geoi(v);
				r_maint(v);
				progress = true;
			}
			r_sync(v);
		}
		if (!progress) {
			bool work = false;

			for (unsigned int v = 0; v < RNV; v++)
				work |= vgic_has_work(&S->vg, v, 3);
			if (!work)
				return;
		}
	}
	ck_abort_msg("seed %llu: drain did not converge",
		     (unsigned long long)rng);
}

START_TEST(test_random_vs_reference)
{
	uint64_t seed = unit_test_seed(0x76671c5eedULL);
	struct vgic_counters c;
	const unsigned int ops = 100000;

	rng = seed ? seed : 1;
	memset(&R, 0, sizeof(R));
	memset(kicks_seen, 0, sizeof(kicks_seen));
	sim_new(RNV, RSPIS, 4);
	/* SPIs 32-63 and PPIs 16-23 edge; 64-95 and 24-31 level. */
	dw(0xc08, 0xaaaaaaaa);
	dw(0xc0c, 0xaaaaaaaa);
	for (unsigned int v = 0; v < RNV; v++) {
		rw(v, SGI_FRAME + 0xc04, 0x0000aaaa);
		rw(v, SGI_FRAME + 0x100, ~0U);
	}
	dw(0x104, ~0U);
	dw(0x108, ~0U);

	for (unsigned int i = 0; i < ops; i++) {
		random_op();
		UNIT_CHECK(vgic_check(&S->vg) == 0, "seed %llu op %u: check",
			   (unsigned long long)seed, i);
		UNIT_CHECK(R.dup == 0, "seed %llu op %u: duplicate delivery",
			   (unsigned long long)seed, i);
		UNIT_CHECK(S->eoi_miss == 0, "seed %llu op %u: EOI of no LR",
			   (unsigned long long)seed, i);
	}
	for (unsigned int v = 0; v < RNV; v++)
		if (S->loaded[v])
			r_sync(v);
	r_drain();
	for (unsigned int k = 0; k < NKEYS; k++)
		if (R.inj[k] > 0)
			R.lost++;
	c = totals();
	UNIT_CHECK(R.lost == 0 && R.dup == 0,
		   "seed %llu: lost %lu duplicated %lu",
		   (unsigned long long)seed, R.lost, R.dup);
	UNIT_CHECK(vgic_check(&S->vg) == 0, "seed %llu: final check",
		   (unsigned long long)seed);
	UNIT_CHECK(c.delivered == S->acks && c.completed == S->eois,
		   "seed %llu: delivered %llu acks %lu completed %llu eois %lu",
		   (unsigned long long)seed,
		   (unsigned long long)c.delivered, S->acks,
		   (unsigned long long)c.completed, S->eois);
	UNIT_CHECK(c.injected + c.raised ==
			   c.delivered + c.coalesced + c.dropped,
		   "seed %llu: something still pending after the drain",
		   (unsigned long long)seed);
	/* The run must have exercised the interesting paths. */
	UNIT_CHECK(S->acks > 2000 && c.coalesced > 50 && c.dropped > 50 &&
			   S->exits > 100,
		   "seed %llu: weak run: acks %lu coalesced %llu dropped %llu "
		   "exits %lu", (unsigned long long)seed, S->acks,
		   (unsigned long long)c.coalesced,
		   (unsigned long long)c.dropped, S->exits);
}
END_TEST

static Suite *vgic_lr_suite(void)
{
	Suite *s = suite_create("vgic_lr");
	TCase *tc = unit_test_tcase(s, "lr", NULL, 0);
	TCase *tr = unit_test_tcase(s, "random", NULL, 600);

	tcase_add_test(tc, test_flush_sync_order);
	tcase_add_test(tc, test_lr_encoding);
	tcase_add_test(tc, test_priority_order);
	tcase_add_test(tc, test_preemption);
	tcase_add_test(tc, test_overflow_maintenance);
	tcase_add_test(tc, test_more_active_than_lrs);
	tcase_add_test(tc, test_storm_exactly_once);
	tcase_add_test(tc, test_level_redelivered_after_eoi);
	tcase_add_test(tc, test_level_not_after_drop);
	tcase_add_test(tc, test_pending_active_survives_switch);
	tcase_add_test(tc, test_active_survives_switch);
	tcase_add_test(tc, test_hw_mapped_timer);
	tcase_add_test(tc, test_hw_line_falls);
	tcase_add_test(tc, test_lr_hppir);
	tcase_add_test(tc, test_hw_timer_random);
	tcase_add_test(tc, test_hw_mapped_spi);
	tcase_add_test(tc, test_kicks);
	tcase_add_test(tc, test_icpendr_in_lr);
	tcase_add_test(tc, test_disable_in_lr);
	tcase_add_test(tc, test_icactiver_in_lr);
	tcase_add_test(tc, test_isactiver_in_lr);
	tcase_add_test(tc, test_priority_change_in_lr);
	tcase_add_test(tc, test_group_enable_eie);
	tcase_add_test(tc, test_hcr_vmcr_helpers);
	tcase_add_test(tc, test_lr_mismatch);
	tcase_add_test(tc, test_has_work);
	tcase_add_test(tr, test_random_vs_reference);
	return s;
}

int main(void)
{
	return unit_test_run(vgic_lr_suite());
}
