/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the VM/vCPU lifecycle and the round-robin run queue
 * (common/vm.c, common/vcpu.c, common/sched.c), including a seeded random
 * run against a deliberately simple array-based reference scheduler.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/errno.h"
#include "common/sched.h"
#include "common/vcpu.h"
#include "common/vm.h"
#include "tests/unit/unit_test.h"

#define NV 6

static struct vm vm;
static struct vcpu v[NV];
static struct sched_rq rq;

static void setup(void)
{
	ck_assert_int_eq(vm_init(&vm, 1, "test", NV > ZARM_MAX_VCPUS_PER_VM ?
				 ZARM_MAX_VCPUS_PER_VM : NV, NULL), 0);
	sched_rq_init(&rq);
	for (unsigned int i = 0; i < NV; i++)
		vcpu_init(&v[i], &vm, i, 0, NULL);
}

START_TEST(empty_queue_picks_nothing)
{
	ck_assert_ptr_null(sched_pick_next(&rq));
	ck_assert(!sched_has_waiting(&rq));
}
END_TEST

START_TEST(power_on_then_pick)
{
	ck_assert_int_eq(vcpu_power_on(&v[0], &rq), 0);
	ck_assert(sched_has_waiting(&rq));
	ck_assert_ptr_eq(sched_pick_next(&rq), &v[0]);
	ck_assert_ptr_eq(rq.current, &v[0]);
	ck_assert(!sched_has_waiting(&rq));
	/* Alone: it keeps the CPU slice after slice. */
	ck_assert_ptr_eq(sched_pick_next(&rq), &v[0]);
}
END_TEST

START_TEST(round_robin_order)
{
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(vcpu_power_on(&v[i], &rq), 0);
	for (int round = 0; round < 3; round++)
		for (int i = 0; i < 3; i++)
			ck_assert_ptr_eq(sched_pick_next(&rq), &v[i]);
}
END_TEST

START_TEST(block_and_wake)
{
	vcpu_power_on(&v[0], &rq);
	vcpu_power_on(&v[1], &rq);
	ck_assert_ptr_eq(sched_pick_next(&rq), &v[0]);
	ck_assert_int_eq(vcpu_block(&v[0], &rq), 0);
	ck_assert_ptr_null(rq.current);
	ck_assert_ptr_eq(sched_pick_next(&rq), &v[1]);
	ck_assert_ptr_eq(sched_pick_next(&rq), &v[1]);	/* v0 stays blocked */
	ck_assert_int_eq(vcpu_wake(&v[0], &rq), 1);
	ck_assert_ptr_eq(sched_pick_next(&rq), &v[0]);
	ck_assert_ptr_eq(sched_pick_next(&rq), &v[1]);
}
END_TEST

START_TEST(error_paths)
{
	ck_assert_int_eq(vcpu_block(&v[0], &rq), -EINVAL);	/* off */
	ck_assert_int_eq(vcpu_wake(&v[0], &rq), 0);
	ck_assert_int_eq(vcpu_power_off(&v[0], &rq), -EALREADY);
	ck_assert_int_eq(vcpu_power_on(&v[0], &rq), 0);
	ck_assert_int_eq(vcpu_power_on(&v[0], &rq), -EALREADY);
	ck_assert_int_eq(vcpu_wake(&v[0], &rq), 0);	/* ready, not blocked */
	ck_assert_int_eq(vcpu_block(&v[0], &rq), 0);
	ck_assert_int_eq(vcpu_block(&v[0], &rq), -EINVAL);
	ck_assert_int_eq(vcpu_power_off(&v[0], &rq), 0);
	ck_assert_ptr_null(sched_pick_next(&rq));
	/* Nothing changed by a refused call: it is still off. */
	ck_assert_int_eq(v[0].state, VCPU_OFF);
}
END_TEST

START_TEST(power_off_current_and_queued)
{
	vcpu_power_on(&v[0], &rq);
	vcpu_power_on(&v[1], &rq);
	vcpu_power_on(&v[2], &rq);
	ck_assert_ptr_eq(sched_pick_next(&rq), &v[0]);
	ck_assert_int_eq(vcpu_power_off(&v[0], &rq), 0);
	ck_assert_int_eq(vcpu_power_off(&v[2], &rq), 0);
	ck_assert_ptr_eq(sched_pick_next(&rq), &v[1]);
	ck_assert_ptr_eq(sched_pick_next(&rq), &v[1]);
	ck_assert_uint_eq(rq.nr_queued, 0);
}
END_TEST

START_TEST(vm_init_validates)
{
	struct vm t;

	ck_assert_int_eq(vm_init(&t, 0, "a", 1, NULL), -EINVAL);
	ck_assert_int_eq(vm_init(&t, 1, "a", 0, NULL), -EINVAL);
	ck_assert_int_eq(vm_init(&t, 1, "a", ZARM_MAX_VCPUS_PER_VM + 1, NULL), -EINVAL);
	ck_assert_int_eq(vm_init(&t, 1, "", 1, NULL), -EINVAL);
	ck_assert_int_eq(vm_init(&t, 1, "sixteen-chars-xx", 1, NULL), -EINVAL);
	ck_assert_int_eq(vm_init(&t, 1, "bad name", 1, NULL), -EINVAL);
	ck_assert_int_eq(vm_init(&t, 1, NULL, 1, NULL), -EINVAL);
	ck_assert_int_eq(vm_init(&t, 1, "fifteen-chars-x", 2, NULL), 0);
	ck_assert_str_eq(t.name, "fifteen-chars-x");
	ck_assert_int_eq(t.state, VM_RUNNING);
	ck_assert_ptr_null(vm_vcpu(&t, 0));
	ck_assert_ptr_null(vm_vcpu(&t, 2));
}
END_TEST

START_TEST(vm_set_accounting)
{
	static struct vm vms[ZARM_MAX_VMS + 1];
	struct vm_set set;

	vm_set_init(&set);
	for (unsigned int i = 0; i <= ZARM_MAX_VMS; i++)
		ck_assert_int_eq(vm_init(&vms[i], i + 1, "v", 1, NULL), 0);
	ck_assert_int_eq(vm_set_add(&set, &vms[0]), 0);
	ck_assert_int_eq(vm_set_add(&set, &vms[0]), -EEXIST);
	for (unsigned int i = 1; i < ZARM_MAX_VMS; i++)
		ck_assert_int_eq(vm_set_add(&set, &vms[i]), 0);
	ck_assert_int_eq(vm_set_add(&set, &vms[ZARM_MAX_VMS]), -ENOSPC);
	ck_assert_uint_eq(set.running, ZARM_MAX_VMS);
	for (unsigned int i = 0; i < ZARM_MAX_VMS - 1; i++)
		ck_assert_int_eq(vm_set_end(&set, &vms[i], i & 1), 0);
	ck_assert_int_eq(vm_set_end(&set, &vms[0], false), -EALREADY);
	ck_assert_int_eq(vm_set_end(&set, &vms[ZARM_MAX_VMS - 1], false), 1);
	ck_assert_uint_eq(set.running, 0);
	ck_assert_uint_eq(set.ok + set.failed, ZARM_MAX_VMS);
	ck_assert_uint_eq(set.failed, (ZARM_MAX_VMS - 1) / 2);
	ck_assert_int_eq(vms[1].state, VM_FAILED);
	ck_assert_int_eq(vms[0].state, VM_STOPPED);
}
END_TEST

/* ---- randomized run against a reference --------------------------------- */

struct ref {
	enum vcpu_state st[NV];
	int queue[NV + 1];
	int n;
	int current;	/* -1: none */
};

static void ref_remove(struct ref *r, int i)
{
	for (int k = 0; k < r->n; k++) {
		if (r->queue[k] == i) {
			for (int j = k; j + 1 < r->n; j++)
				r->queue[j] = r->queue[j + 1];
			r->n--;
			break;
		}
	}
	if (r->current == i)
		r->current = -1;
}

static void ref_enqueue(struct ref *r, int i)
{
	for (int k = 0; k < r->n; k++)
		if (r->queue[k] == i)
			return;
	if (r->current != i)
		r->queue[r->n++] = i;
}

static int ref_pick(struct ref *r)
{
	if (r->current >= 0 && r->st[r->current] == VCPU_READY)
		r->queue[r->n++] = r->current;
	r->current = -1;
	if (!r->n)
		return -1;
	r->current = r->queue[0];
	for (int j = 0; j + 1 < r->n; j++)
		r->queue[j] = r->queue[j + 1];
	r->n--;
	return r->current;
}

START_TEST(random_vs_reference)
{
	uint64_t seed = unit_test_seed(0x5c4edULL), x = seed | 1;
	struct ref r = { .n = 0, .current = -1 };

	for (int i = 0; i < NV; i++)
		r.st[i] = VCPU_OFF;
	for (int step = 0; step < 20000; step++) {
		int i, got, want = 0;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		i = (int)((x >> 8) % NV);
		switch ((x >> 3) % 5) {
		case 0:
			got = vcpu_power_on(&v[i], &rq);
			if (r.st[i] != VCPU_OFF) {
				want = -EALREADY;
			} else {
				r.st[i] = VCPU_READY;
				ref_enqueue(&r, i);
			}
			break;
		case 1:
			got = vcpu_power_off(&v[i], &rq);
			if (r.st[i] == VCPU_OFF) {
				want = -EALREADY;
			} else {
				ref_remove(&r, i);
				r.st[i] = VCPU_OFF;
			}
			break;
		case 2:
			got = vcpu_block(&v[i], &rq);
			if (r.st[i] != VCPU_READY) {
				want = -EINVAL;
			} else {
				ref_remove(&r, i);
				r.st[i] = VCPU_BLOCKED;
			}
			break;
		case 3:
			got = vcpu_wake(&v[i], &rq);
			if (r.st[i] == VCPU_BLOCKED) {
				want = 1;
				r.st[i] = VCPU_READY;
				ref_enqueue(&r, i);
			}
			break;
		default: {
			struct vcpu *p = sched_pick_next(&rq);

			got = p ? (int)p->id : -1;
			want = ref_pick(&r);
			break;
		}
		}
		if (got != want)
			ck_abort_msg("seed %#" PRIx64 " step %d: got %d want %d", seed, step,
				     got, want);
		ck_assert_msg(rq.nr_queued == (unsigned int)r.n,
			      "seed %#" PRIx64 " step %d: %u queued, reference %d", seed, step,
			      rq.nr_queued, r.n);
		for (int k = 0; k < NV; k++)
			ck_assert_msg(v[k].state == r.st[k], "seed %#" PRIx64 " step %d vcpu %d",
				      seed, step, k);
	}
	/* Drain: the queue order must match the reference's exactly. */
	for (int k = 0; k < 2 * NV; k++) {
		struct vcpu *p = sched_pick_next(&rq);
		int want = ref_pick(&r);

		ck_assert_msg((p ? (int)p->id : -1) == want, "seed %#" PRIx64 " drain %d", seed, k);
	}
}
END_TEST

static Suite *sched_suite(void)
{
	Suite *s = suite_create("sched");
	TCase *tc = unit_test_tcase(s, "core", setup, 0);

	tcase_add_test(tc, empty_queue_picks_nothing);
	tcase_add_test(tc, power_on_then_pick);
	tcase_add_test(tc, round_robin_order);
	tcase_add_test(tc, block_and_wake);
	tcase_add_test(tc, error_paths);
	tcase_add_test(tc, power_off_current_and_queued);
	tcase_add_test(tc, vm_init_validates);
	tcase_add_test(tc, vm_set_accounting);
	tcase_add_test(tc, random_vs_reference);
	return s;
}

int main(void)
{
	return unit_test_run(sched_suite());
}
