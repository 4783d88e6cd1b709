/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for irq/s390_irq: priority, PSW/CR0/CR6 masking, floating
 * routing, merging, SIGP answers, the exact big-endian lowcore stores of
 * each class, put-back on a failed lowcore write, request flags, enabled
 * wait and timer conditions; then a seeded random run against a simple
 * reference model. ZARM_TEST_SEED=<n> replays a random run.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errno.h"
#include "irq/s390_irq.h"
#include "tests/unit/unit_test.h"

/* The random run's seed (unit_test_seed() may override it). */
static unsigned long long test_seed = 0x5390a11ULL;

#define OK(x) ck_assert_int_eq((x), 0)
#define NVCPU 4

#define PSW_ALL (S390_PSW_EXT | S390_PSW_IO | S390_PSW_MCHK | 0x180000000ULL)
#define CR0_ALL (S390_CR0_EMERGENCY | S390_CR0_EXT_CALL | S390_CR0_CKC | \
		 S390_CR0_CPU_TIMER | S390_CR0_SERVICE)
#define CR6_ALL 0xff000000ULL

/* ---- environment ---------------------------------------------------------- */

static struct s390_irq_vm vm;
static struct s390_irq_vcpu vcpus[NVCPU];
static unsigned int wakes[S390_IRQ_MAX_VCPUS], kicks[S390_IRQ_MAX_VCPUS];

static void op_wake(void *ctx, unsigned int v)
{
	ck_assert_ptr_eq(ctx, &vm);
	ck_assert_uint_lt(v, S390_IRQ_MAX_VCPUS);
	wakes[v]++;
}

static void op_kick(void *ctx, unsigned int v)
{
	ck_assert_ptr_eq(ctx, &vm);
	ck_assert_uint_lt(v, S390_IRQ_MAX_VCPUS);
	kicks[v]++;
}

static const struct s390_irq_ops ops = { op_wake, op_kick };

/* A VM with @n vCPUs at addresses 0..n-1, all running. */
static void setup(unsigned int n)
{
	memset(wakes, 0, sizeof(wakes));
	memset(kicks, 0, sizeof(kicks));
	OK(s390_irq_vm_init(&vm, &ops, &vm));
	for (unsigned int i = 0; i < n; i++) {
		OK(s390_irq_vcpu_init(&vm, &vcpus[i], i));
		OK(s390_irq_set_running(&vcpus[i], true));
	}
	OK(s390_irq_check(&vm));
}

static struct s390_psw mkpsw(uint64_t mask, uint64_t addr)
{
	struct s390_psw p = { mask, addr };

	return p;
}

/* Deliver and confirm one interruption with the given masks. */
static struct s390_delivery take(struct s390_irq_vcpu *v, uint64_t mask,
				 uint64_t cr0, uint64_t cr6)
{
	struct s390_psw p = mkpsw(mask, 0x1000);
	struct s390_delivery d;

	OK(s390_irq_deliver(v, &p, cr0, cr6, &d));
	OK(s390_irq_delivered(v));
	OK(s390_irq_check(&vm));
	return d;
}

static void expect_none(struct s390_irq_vcpu *v, uint64_t mask, uint64_t cr0,
			uint64_t cr6, struct s390_irq_request *req)
{
	struct s390_psw p = mkpsw(mask, 0x1000);
	struct s390_delivery d;
	struct s390_irq_request q;

	ck_assert_int_eq(s390_irq_deliver(v, &p, cr0, cr6, &d), -ENOENT);
	/* The delivery's own walk notes the same requests as the query's. */
	OK(s390_irq_requests(v, &p, cr0, cr6, &q));
	ck_assert_uint_eq(d.req.v_flags, q.v_flags);
	ck_assert_uint_eq(d.req.lctl, q.lctl);
	ck_assert_int_eq(d.req.watch_psw, q.watch_psw);
	if (req)
		*req = d.req;
	OK(s390_irq_check(&vm));
}

static const struct s390_lc_store *find_store(const struct s390_delivery *d,
					      uint16_t off)
{
	for (unsigned int i = 0; i < d->nr_stores; i++)
		if (d->stores[i].offset == off)
			return &d->stores[i];
	return NULL;
}

/* Store at @off must be exactly @size bytes @bytes. */
static void expect_store(const struct s390_delivery *d, uint16_t off,
			 uint8_t size, const uint8_t *bytes)
{
	const struct s390_lc_store *s = find_store(d, off);

	ck_assert_msg(s != NULL, "no store at 0x%x", off);
	ck_assert_uint_eq(s->size, size);
	ck_assert_mem_eq(s->bytes, bytes, size);
}

static struct s390_io_irq mkio(uint16_t schnr, unsigned int isc, uint32_t param)
{
	struct s390_io_irq io = { 0x0001, schnr, param,
				  S390_IO_WORD_FOR_ISC(isc) };

	return io;
}

/* ---- setup and argument checks ------------------------------------------- */

START_TEST(test_init_args)
{
	struct s390_irq_ops half = { op_wake, NULL };
	static struct s390_irq_vcpu extra;

	ck_assert_int_eq(s390_irq_vm_init(NULL, &ops, NULL), -EINVAL);
	ck_assert_int_eq(s390_irq_vm_init(&vm, NULL, NULL), -EINVAL);
	ck_assert_int_eq(s390_irq_vm_init(&vm, &half, NULL), -EINVAL);
	setup(2);
	ck_assert_int_eq(s390_irq_vcpu_init(&vm, &extra, 1), -EEXIST);
	ck_assert_int_eq(s390_irq_vcpu_init(&vm, &extra, S390_IRQ_MAX_VCPUS),
			 -EINVAL);
	ck_assert_ptr_eq(s390_irq_vcpu_at(&vm, 1), &vcpus[1]);
	ck_assert_ptr_null(s390_irq_vcpu_at(&vm, 2));
	ck_assert_ptr_null(s390_irq_vcpu_at(&vm, 999));
	ck_assert_int_eq(s390_irq_inject_emergency(&vcpus[0], 64), -EINVAL);
	ck_assert_int_eq(s390_irq_inject_ext_call(NULL, 0), -EINVAL);
	ck_assert_int_eq(s390_irq_inject_program(&vcpus[0], 1, 3, false, 0),
			 -EINVAL);
	ck_assert_int_eq(s390_irq_inject_svc(&vcpus[0], 1, 6), -EINVAL);
	ck_assert_int_eq(s390_irq_inject_mcheck(&vcpus[0], 0), -EINVAL);
	ck_assert_int_eq(s390_irq_inject_set_prefix(&vcpus[0], 0x1000), -EINVAL);
	ck_assert_int_eq(s390_irq_inject_io(&vm, NULL), -EINVAL);
	ck_assert_int_eq(s390_irq_deliver(&vcpus[0], NULL, 0, 0, NULL), -EINVAL);
	/* Nothing above changed anything. */
	ck_assert_uint_eq(s390_irq_pending_count(&vm, &vcpus[0]), 0);
	ck_assert_uint_eq(s390_irq_pending_count(&vm, NULL), 0);
	ck_assert_uint_eq(vcpus[0].cnt.injected, 0);
	OK(s390_irq_check(&vm));
}
END_TEST

/* ---- priority ---------------------------------------------------------- */

START_TEST(test_priority_all_classes)
{
	static const enum s390_irq_type want[] = {
		S390_IRQ_MCHK_EXIGENT, S390_IRQ_SVC, S390_IRQ_PGM,
		S390_IRQ_MCHK, S390_IRQ_EMERGENCY, S390_IRQ_EXT_CALL,
		S390_IRQ_CKC, S390_IRQ_CPU_TIMER, S390_IRQ_SERVICE,
		S390_IRQ_VIRTIO, S390_IRQ_IO, S390_IRQ_RESTART,
		S390_IRQ_STOP, S390_IRQ_SET_PREFIX,
	};
	struct s390_irq_vcpu *v = &vcpus[0];
	struct s390_io_irq io = mkio(5, 2, 0xabc);

	setup(1);
	/* Injected in reverse order of priority. */
	OK(s390_irq_inject_set_prefix(v, 0x4000));
	OK(s390_irq_inject_stop(v));
	OK(s390_irq_inject_restart(v));
	OK(s390_irq_inject_io(&vm, &io));
	OK(s390_irq_inject_virtio(&vm, 7, 8));
	OK(s390_irq_inject_service(&vm, 0x8000));
	OK(s390_irq_set_cpu_timer(v, true));
	OK(s390_irq_set_ckc(v, true));
	OK(s390_irq_inject_ext_call(v, 0));
	OK(s390_irq_inject_emergency(v, 0));
	OK(s390_irq_inject_mcheck(v, 0x0000400000000000ULL));
	OK(s390_irq_inject_program(v, 0x11, 4, false, 0));
	OK(s390_irq_inject_svc(v, 0x22, 2));
	OK(s390_irq_inject_mcheck(v, S390_MCIC_SYSTEM_DAMAGE));
	ck_assert_uint_eq(s390_irq_pending_count(&vm, v), 11);
	ck_assert_uint_eq(s390_irq_pending_count(&vm, NULL), 3);
	for (unsigned int i = 0; i < ARRAY_SIZE(want); i++) {
		struct s390_delivery d = take(v, PSW_ALL, CR0_ALL, CR6_ALL);

		ck_assert_int_eq(d.type, want[i]);
		/* The guest's handler resets the timing conditions. */
		if (d.type == S390_IRQ_CKC)
			OK(s390_irq_set_ckc(v, false));
		if (d.type == S390_IRQ_CPU_TIMER)
			OK(s390_irq_set_cpu_timer(v, false));
	}
	expect_none(v, PSW_ALL, CR0_ALL, CR6_ALL, NULL);
	ck_assert_uint_eq(s390_irq_pending_count(&vm, v), 0);
	ck_assert_uint_eq(s390_irq_pending_count(&vm, NULL), 0);
}
END_TEST

START_TEST(test_io_by_isc)
{
	static const unsigned int iscs[] = { 5, 1, 7, 0, 3 };
	static const unsigned int order[] = { 0, 1, 3, 5, 7 };

	setup(1);
	for (unsigned int i = 0; i < ARRAY_SIZE(iscs); i++) {
		struct s390_io_irq io = mkio((uint16_t)(0x100 + i), iscs[i], i);

		OK(s390_irq_inject_io(&vm, &io));
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(order); i++) {
		struct s390_delivery d = take(&vcpus[0], PSW_ALL, 0, CR6_ALL);

		ck_assert_int_eq(d.type, S390_IRQ_IO);
		ck_assert_uint_eq(d.isc, order[i]);
	}
}
END_TEST

START_TEST(test_program_before_external_when_enabled)
{
	struct s390_irq_vcpu *v = &vcpus[0];
	struct s390_delivery d;

	setup(1);
	OK(s390_irq_inject_emergency(v, 0));
	OK(s390_irq_inject_program(v, 0x04, 6, false, 0));
	/* Program is never masked: it goes first even with EXT off. */
	d = take(v, 0, 0, 0);
	ck_assert_int_eq(d.type, S390_IRQ_PGM);
	d = take(v, PSW_ALL, CR0_ALL, 0);
	ck_assert_int_eq(d.type, S390_IRQ_EMERGENCY);
}
END_TEST

/* ---- masks --------------------------------------------------------------- */

START_TEST(test_psw_external_mask)
{
	struct s390_irq_request req;

	setup(1);
	OK(s390_irq_inject_emergency(&vcpus[0], 0));
	expect_none(&vcpus[0], PSW_ALL & ~S390_PSW_EXT, CR0_ALL, CR6_ALL, &req);
	ck_assert_uint_eq(req.v_flags, S390_SD_V_EXT);
	ck_assert_uint_eq(req.lctl, 0);
	ck_assert_int_eq(take(&vcpus[0], S390_PSW_EXT, S390_CR0_EMERGENCY, 0).type,
			 S390_IRQ_EMERGENCY);
}
END_TEST

START_TEST(test_psw_io_mask)
{
	struct s390_io_irq io = mkio(1, 4, 0);
	struct s390_irq_request req;

	setup(1);
	OK(s390_irq_inject_io(&vm, &io));
	expect_none(&vcpus[0], PSW_ALL & ~S390_PSW_IO, CR0_ALL, CR6_ALL, &req);
	ck_assert_uint_eq(req.v_flags, S390_SD_V_IO);
	ck_assert_int_eq(take(&vcpus[0], S390_PSW_IO, 0, S390_CR6_ISC(4)).type,
			 S390_IRQ_IO);
}
END_TEST

START_TEST(test_psw_mchk_mask)
{
	struct s390_irq_request req;
	static const uint8_t mcic[8] = { 0x00, 0x00, 0x40, 0, 0, 0, 0, 0x01 };

	setup(1);
	OK(s390_irq_inject_mcheck(&vcpus[0], 0x0000400000000001ULL));
	expect_none(&vcpus[0], PSW_ALL & ~S390_PSW_MCHK, CR0_ALL, CR6_ALL, &req);
	ck_assert(req.watch_psw);
	ck_assert_uint_eq(req.v_flags, 0);
	struct s390_delivery d = take(&vcpus[0], S390_PSW_MCHK, 0, 0);

	ck_assert_int_eq(d.type, S390_IRQ_MCHK);
	expect_store(&d, S390_LC_MCCK_CODE, 8, mcic);
	ck_assert_uint_eq(d.old_psw, 0x160);
	ck_assert_uint_eq(d.new_psw, 0x1e0);
}
END_TEST

/* One CR0 subclass bit: off masks exactly that condition (LCTL watch). */
static void check_subclass(void (*inject)(void), enum s390_irq_type type,
			   uint64_t bit, uint16_t code)
{
	struct s390_irq_request req;
	struct s390_delivery d;

	setup(1);
	inject();
	expect_none(&vcpus[0], PSW_ALL, CR0_ALL & ~bit, CR6_ALL, &req);
	ck_assert_uint_eq(req.lctl, S390_LCTL_CR(0));
	/* No EXT request: SIE would exit again at once forever. */
	ck_assert_uint_eq(req.v_flags, 0);
	/* Only that bit is needed. */
	d = take(&vcpus[0], S390_PSW_EXT, bit, 0);
	ck_assert_int_eq(d.type, type);
	ck_assert_uint_eq(d.code, code);
}

static void inj_emerg(void) { OK(s390_irq_inject_emergency(&vcpus[0], 0)); }
static void inj_xcall(void) { OK(s390_irq_inject_ext_call(&vcpus[0], 0)); }
static void inj_ckc(void) { OK(s390_irq_set_ckc(&vcpus[0], true)); }
static void inj_cpt(void) { OK(s390_irq_set_cpu_timer(&vcpus[0], true)); }
static void inj_srv(void) { OK(s390_irq_inject_service(&vm, 0x10)); }
static void inj_virtio(void) { OK(s390_irq_inject_virtio(&vm, 1, 2)); }

START_TEST(test_cr0_emergency)
{
	check_subclass(inj_emerg, S390_IRQ_EMERGENCY, 0x4000, 0x1201);
}
END_TEST

START_TEST(test_cr0_external_call)
{
	check_subclass(inj_xcall, S390_IRQ_EXT_CALL, 0x2000, 0x1202);
}
END_TEST

START_TEST(test_cr0_clock_comparator)
{
	check_subclass(inj_ckc, S390_IRQ_CKC, 0x800, 0x1004);
}
END_TEST

START_TEST(test_cr0_cpu_timer)
{
	check_subclass(inj_cpt, S390_IRQ_CPU_TIMER, 0x400, 0x1005);
}
END_TEST

START_TEST(test_cr0_service_signal)
{
	check_subclass(inj_srv, S390_IRQ_SERVICE, 0x200, 0x2401);
}
END_TEST

START_TEST(test_cr0_virtio_uses_service_bit)
{
	check_subclass(inj_virtio, S390_IRQ_VIRTIO, 0x200, 0x2603);
}
END_TEST

START_TEST(test_cr6_isc_masks)
{
	/* CR6 bit 32 + isc: 0x80000000 >> isc in the register value. */
	ck_assert_uint_eq(S390_CR6_ISC(0), 0x80000000ULL);
	ck_assert_uint_eq(S390_CR6_ISC(7), 0x01000000ULL);
	for (unsigned int isc = 0; isc < 8; isc++) {
		struct s390_io_irq io = mkio(9, isc, isc);
		struct s390_irq_request req;
		struct s390_delivery d;

		setup(1);
		OK(s390_irq_inject_io(&vm, &io));
		expect_none(&vcpus[0], PSW_ALL, CR0_ALL,
			    CR6_ALL & ~S390_CR6_ISC(isc), &req);
		ck_assert_uint_eq(req.lctl, S390_LCTL_CR(6));
		ck_assert_uint_eq(req.v_flags, 0);
		/* The low word's other bits and the high word do not count. */
		expect_none(&vcpus[0], PSW_ALL, 0, 0xffffffff00ffffffULL, NULL);
		d = take(&vcpus[0], S390_PSW_IO, 0, S390_CR6_ISC(isc));
		ck_assert_uint_eq(d.isc, isc);
	}
}
END_TEST

START_TEST(test_type_deliverable_table)
{
	/* Unknown kinds are refused, never a crash. */
	ck_assert(!s390_irq_type_deliverable(S390_IRQ_NR_TYPES, 0, ~0ULL,
					     ~0ULL, ~0ULL, false));
	ck_assert(!s390_irq_type_deliverable((enum s390_irq_type)77, 0, ~0ULL,
					     ~0ULL, ~0ULL, false));
	ck_assert(!s390_irq_type_deliverable(S390_IRQ_IO, 8, ~0ULL, ~0ULL,
					     ~0ULL, false));
	/* Stopped: only restart, stop, set prefix. */
	for (int t = 0; t < S390_IRQ_NR_TYPES; t++) {
		bool want = t == S390_IRQ_RESTART || t == S390_IRQ_STOP ||
			    t == S390_IRQ_SET_PREFIX;

		ck_assert_int_eq(s390_irq_type_deliverable((enum s390_irq_type)t,
							   0, ~0ULL, ~0ULL,
							   ~0ULL, true), want);
	}
	/* Never masked. */
	ck_assert(s390_irq_type_deliverable(S390_IRQ_PGM, 0, 0, 0, 0, false));
	ck_assert(s390_irq_type_deliverable(S390_IRQ_SVC, 0, 0, 0, 0, false));
	ck_assert(s390_irq_type_deliverable(S390_IRQ_RESTART, 0, 0, 0, 0, false));
}
END_TEST

START_TEST(test_request_flags_mixed)
{
	struct s390_io_irq io = mkio(3, 2, 0);
	struct s390_irq_request req;

	setup(1);
	OK(s390_irq_inject_emergency(&vcpus[0], 0));
	OK(s390_irq_inject_io(&vm, &io));
	/* Both PSW masks off, subclasses on: both request bits. */
	expect_none(&vcpus[0], S390_PSW_MCHK, CR0_ALL, CR6_ALL, &req);
	ck_assert_uint_eq(req.v_flags, S390_SD_V_EXT | S390_SD_V_IO);
	ck_assert_uint_eq(req.lctl, 0);
	/* Subclasses off: watch CR0 and CR6 loads instead. */
	expect_none(&vcpus[0], 0, 0, 0, &req);
	ck_assert_uint_eq(req.v_flags, 0);
	ck_assert_uint_eq(req.lctl, S390_LCTL_CR(0) | S390_LCTL_CR(6));
	ck_assert_uint_eq(S390_LCTL_CR(0) | S390_LCTL_CR(6), 0x8200);
	/* Same answer from the side-effect-free query. */
	struct s390_psw p = mkpsw(S390_PSW_MCHK, 0);
	struct s390_irq_request req2;

	OK(s390_irq_requests(&vcpus[0], &p, CR0_ALL, 0, &req2));
	ck_assert_uint_eq(req2.v_flags, S390_SD_V_EXT);
	ck_assert_uint_eq(req2.lctl, S390_LCTL_CR(6));
	ck_assert_uint_eq(s390_irq_pending_count(&vm, NULL), 1);
}
END_TEST

/* ---- floating routing ---------------------------------------------------- */

START_TEST(test_floating_exactly_one_vcpu)
{
	struct s390_delivery d;

	setup(3);
	OK(s390_irq_inject_service(&vm, 0x7000));
	/* Nobody idle: every running vCPU is kicked to look. */
	for (unsigned int i = 0; i < 3; i++)
		ck_assert_uint_eq(kicks[i], 1);
	d = take(&vcpus[1], PSW_ALL, CR0_ALL, 0);
	ck_assert_int_eq(d.type, S390_IRQ_SERVICE);
	expect_none(&vcpus[0], PSW_ALL, CR0_ALL, CR6_ALL, NULL);
	expect_none(&vcpus[2], PSW_ALL, CR0_ALL, CR6_ALL, NULL);
	ck_assert_uint_eq(vm.cnt.delivered, 1);
	ck_assert_uint_eq(vm.cnt.injected, 1);
}
END_TEST

START_TEST(test_floating_taken_is_exclusive_while_in_flight)
{
	struct s390_psw p = mkpsw(PSW_ALL, 0);
	struct s390_delivery d;

	setup(2);
	OK(s390_irq_inject_service(&vm, 0x7000));
	OK(s390_irq_deliver(&vcpus[0], &p, CR0_ALL, 0, &d));
	ck_assert(s390_irq_service_pending(&vm));
	/* Not yet confirmed, yet no longer offered to vCPU 1. */
	ck_assert_int_eq(s390_irq_deliver(&vcpus[1], &p, CR0_ALL, 0, &d),
			 -ENOENT);
	ck_assert(!s390_irq_can_wake(&vcpus[1], &p, CR0_ALL, 0));
	ck_assert_int_eq(s390_irq_deliver(&vcpus[0], &p, CR0_ALL, 0, &d), -EBUSY);
	OK(s390_irq_check(&vm));
	OK(s390_irq_delivered(&vcpus[0]));
	ck_assert_int_eq(s390_irq_delivered(&vcpus[0]), -ENOENT);
	ck_assert(!s390_irq_service_pending(&vm));
	OK(s390_irq_check(&vm));
}
END_TEST

START_TEST(test_floating_prefers_idle)
{
	struct s390_psw wait = mkpsw(PSW_ALL | S390_PSW_WAIT, 0);

	setup(3);
	ck_assert_int_eq(s390_irq_enter_wait(&vcpus[2], &wait, CR0_ALL, 0), 0);
	ck_assert_int_eq(vcpus[2].run, S390_RUN_IDLE);
	OK(s390_irq_inject_service(&vm, 0x7000));
	ck_assert_uint_eq(wakes[2], 1);
	ck_assert_uint_eq(kicks[0] + kicks[1] + kicks[2], 0);
	ck_assert_int_eq(vcpus[2].run, S390_RUN_RUNNING);
	ck_assert_int_eq(take(&vcpus[2], PSW_ALL, CR0_ALL, 0).type,
			 S390_IRQ_SERVICE);
}
END_TEST

START_TEST(test_floating_idle_but_masked_not_woken)
{
	struct s390_psw wait = mkpsw(PSW_ALL | S390_PSW_WAIT, 0);
	struct s390_io_irq io = mkio(4, 3, 0);

	setup(2);
	/* Idle with ISC 3 off: cannot take it, must stay asleep. */
	ck_assert_int_eq(s390_irq_enter_wait(&vcpus[1], &wait, CR0_ALL,
					     CR6_ALL & ~S390_CR6_ISC(3)), 0);
	OK(s390_irq_inject_io(&vm, &io));
	ck_assert_uint_eq(wakes[1], 0);
	ck_assert_uint_eq(kicks[0], 1);
	ck_assert_uint_eq(kicks[1], 0);
	ck_assert_int_eq(take(&vcpus[0], PSW_ALL, 0, CR6_ALL).type, S390_IRQ_IO);
}
END_TEST

START_TEST(test_floating_round_robin_over_idle)
{
	struct s390_psw wait = mkpsw(PSW_ALL | S390_PSW_WAIT, 0);

	setup(3);
	for (unsigned int i = 0; i < 3; i++)
		ck_assert_int_eq(s390_irq_enter_wait(&vcpus[i], &wait, CR0_ALL, 0), 0);
	OK(s390_irq_inject_virtio(&vm, 1, 0));
	OK(s390_irq_inject_virtio(&vm, 2, 0));
	OK(s390_irq_inject_virtio(&vm, 3, 0));
	/* Three notifications woke three different vCPUs. */
	for (unsigned int i = 0; i < 3; i++)
		ck_assert_uint_eq(wakes[i], 1);
}
END_TEST

START_TEST(test_floating_not_to_stopped)
{
	setup(2);
	OK(s390_irq_set_running(&vcpus[1], false));
	OK(s390_irq_inject_service(&vm, 0x7000));
	ck_assert_uint_eq(kicks[1], 0);
	ck_assert_uint_eq(wakes[1], 0);
	expect_none(&vcpus[1], PSW_ALL, CR0_ALL, CR6_ALL, NULL);
	ck_assert_int_eq(take(&vcpus[0], PSW_ALL, CR0_ALL, 0).type,
			 S390_IRQ_SERVICE);
}
END_TEST

/* ---- merging ------------------------------------------------------------- */

START_TEST(test_service_param_merge)
{
	static const uint8_t want[4] = { 0x00, 0x00, 0x10, 0x03 };
	struct s390_delivery d;

	setup(1);
	ck_assert(!s390_irq_service_pending(&vm));
	OK(s390_irq_inject_service(&vm, 0x1001));
	ck_assert(s390_irq_service_pending(&vm));
	OK(s390_irq_inject_service(&vm, 0x0002));
	OK(s390_irq_inject_service(&vm, 0x1000));
	/* A second, different SCCB address is refused, nothing changes. */
	ck_assert_int_eq(s390_irq_inject_service(&vm, 0x2000), -EBUSY);
	ck_assert_uint_eq(vm.cnt.injected, 3);
	ck_assert_uint_eq(vm.cnt.merged, 2);
	d = take(&vcpus[0], PSW_ALL, CR0_ALL, 0);
	expect_store(&d, S390_LC_EXT_PARAM, 4, want);
	expect_none(&vcpus[0], PSW_ALL, CR0_ALL, CR6_ALL, NULL);
	/* Delivered once: a new one starts fresh. */
	OK(s390_irq_inject_service(&vm, 0x2000));
	ck_assert_uint_eq(take(&vcpus[0], PSW_ALL, CR0_ALL, 0).stores[0].bytes[2],
			  0x20);
}
END_TEST

START_TEST(test_service_merge_address_after_event)
{
	static const uint8_t want[4] = { 0x00, 0x00, 0x20, 0x01 };

	setup(1);
	OK(s390_irq_inject_service(&vm, 0x1));
	OK(s390_irq_inject_service(&vm, 0x2000));
	expect_store((const struct s390_delivery[]){
			     take(&vcpus[0], PSW_ALL, CR0_ALL, 0) },
		     S390_LC_EXT_PARAM, 4, want);
}
END_TEST

START_TEST(test_external_call_single_busy)
{
	uint32_t st = 0xdead;
	struct s390_delivery d;
	static const uint8_t src1[2] = { 0x00, 0x01 };

	setup(3);
	ck_assert_int_eq(s390_irq_sigp_external_call(&vm, 1, 0, &st), 0);
	ck_assert_uint_eq(st, 0xdead);
	ck_assert(s390_irq_ext_call_pending(&vcpus[0]));
	ck_assert_int_eq(s390_irq_sigp_external_call(&vm, 2, 0, &st), 1);
	ck_assert_uint_eq(st, S390_SIGP_STAT_EXT_CALL_PENDING);
	ck_assert_uint_eq(st, 0x80);
	ck_assert_int_eq(s390_irq_inject_ext_call(&vcpus[0], 2), -EBUSY);
	/* Sense reports it too. */
	st = 0;
	ck_assert_int_eq(s390_irq_sigp_sense(&vm, 0, &st), 1);
	ck_assert_uint_eq(st, 0x80);
	d = take(&vcpus[0], PSW_ALL, CR0_ALL, 0);
	ck_assert_int_eq(d.type, S390_IRQ_EXT_CALL);
	ck_assert_uint_eq(d.cpu_addr, 1);
	expect_store(&d, S390_LC_EXT_CPU_ADDR, 2, src1);
	ck_assert_int_eq(s390_irq_sigp_external_call(&vm, 2, 0, &st), 0);
	ck_assert_uint_eq(take(&vcpus[0], PSW_ALL, CR0_ALL, 0).cpu_addr, 2);
	ck_assert_uint_eq(vcpus[0].cnt.delivered, 2);
	ck_assert_uint_eq(vcpus[0].cnt.injected, 2);
}
END_TEST

START_TEST(test_emergency_several_sources)
{
	uint32_t st = 0;

	setup(4);
	ck_assert_int_eq(s390_irq_sigp_emergency(&vm, 3, 0, &st), 0);
	ck_assert_int_eq(s390_irq_sigp_emergency(&vm, 1, 0, &st), 0);
	ck_assert_int_eq(s390_irq_sigp_emergency(&vm, 3, 0, &st), 0);
	ck_assert_int_eq(s390_irq_sigp_emergency(&vm, 2, 0, &st), 0);
	ck_assert_int_eq(s390_irq_sigp_emergency(&vm, 0, 0, &st), 0);
	ck_assert_uint_eq(s390_irq_pending_count(&vm, &vcpus[0]), 4);
	ck_assert_uint_eq(vcpus[0].cnt.merged, 1);
	/* One per source, in the order they first arrived. */
	ck_assert_uint_eq(take(&vcpus[0], PSW_ALL, CR0_ALL, 0).cpu_addr, 3);
	ck_assert_uint_eq(take(&vcpus[0], PSW_ALL, CR0_ALL, 0).cpu_addr, 1);
	ck_assert_uint_eq(take(&vcpus[0], PSW_ALL, CR0_ALL, 0).cpu_addr, 2);
	ck_assert_uint_eq(take(&vcpus[0], PSW_ALL, CR0_ALL, 0).cpu_addr, 0);
	expect_none(&vcpus[0], PSW_ALL, CR0_ALL, CR6_ALL, NULL);
}
END_TEST

START_TEST(test_sigp_condition_codes)
{
	uint32_t st = 0x1234;

	setup(2);
	ck_assert_int_eq(s390_irq_sigp_emergency(&vm, 0, 5, &st), 3);
	ck_assert_int_eq(s390_irq_sigp_external_call(&vm, 0, 2, &st), 3);
	ck_assert_int_eq(s390_irq_sigp_external_call(&vm, 0, 64, &st), 3);
	ck_assert_int_eq(s390_irq_sigp_sense(&vm, 9, &st), 3);
	ck_assert_uint_eq(st, 0x1234);
	/* A source that is not a vCPU of the VM is the caller's bug. */
	ck_assert_int_eq(s390_irq_sigp_emergency(&vm, 7, 0, &st), -EINVAL);
	ck_assert_int_eq(s390_irq_sigp_emergency(&vm, 0, 1, NULL), -EINVAL);
	ck_assert_int_eq(s390_irq_sigp_sense(&vm, 1, &st), 0);
	OK(s390_irq_set_running(&vcpus[1], false));
	ck_assert_int_eq(s390_irq_sigp_sense(&vm, 1, &st), 1);
	ck_assert_uint_eq(st, S390_SIGP_STAT_STOPPED);
	/* Accepted by a stopped CPU too; taken once it runs. */
	ck_assert_int_eq(s390_irq_sigp_emergency(&vm, 0, 1, &st), 0);
	expect_none(&vcpus[1], PSW_ALL, CR0_ALL, CR6_ALL, NULL);
	OK(s390_irq_set_running(&vcpus[1], true));
	ck_assert_int_eq(take(&vcpus[1], PSW_ALL, CR0_ALL, 0).type,
			 S390_IRQ_EMERGENCY);
}
END_TEST

START_TEST(test_io_subchannel_rules)
{
	struct s390_io_irq a = mkio(0x10, 2, 0xaaaa), b = a, out;

	setup(1);
	OK(s390_irq_inject_io(&vm, &a));
	OK(s390_irq_inject_io(&vm, &a));
	ck_assert_uint_eq(vm.cnt.merged, 1);
	b.param = 0xbbbb;
	ck_assert_int_eq(s390_irq_inject_io(&vm, &b), -EBUSY);
	ck_assert_int_eq(s390_irq_clear_io(&vm, 1, 0x11, &out), -ENOENT);
	OK(s390_irq_clear_io(&vm, 1, 0x10, &out));
	ck_assert_uint_eq(out.param, 0xaaaa);
	ck_assert_uint_eq(vm.cnt.cleared, 1);
	expect_none(&vcpus[0], PSW_ALL, CR0_ALL, CR6_ALL, NULL);
	/* Every slot used: refused, not dropped. */
	for (unsigned int i = 0; i < S390_IRQ_IO_SLOTS; i++) {
		struct s390_io_irq io = mkio((uint16_t)i, i & 7, i);

		OK(s390_irq_inject_io(&vm, &io));
	}
	struct s390_io_irq more = mkio(999, 0, 0);

	ck_assert_int_eq(s390_irq_inject_io(&vm, &more), -ENOSPC);
	ck_assert_uint_eq(s390_irq_pending_count(&vm, NULL), S390_IRQ_IO_SLOTS);
	OK(s390_irq_check(&vm));
}
END_TEST

START_TEST(test_virtio_slots)
{
	setup(1);
	for (unsigned int i = 0; i < S390_IRQ_VIRTIO_SLOTS; i++)
		OK(s390_irq_inject_virtio(&vm, i, i));
	OK(s390_irq_inject_virtio(&vm, 3, 3));
	ck_assert_uint_eq(vm.cnt.merged, 1);
	ck_assert_int_eq(s390_irq_inject_virtio(&vm, 3, 4), -ENOSPC);
	for (unsigned int i = 0; i < S390_IRQ_VIRTIO_SLOTS; i++) {
		struct s390_delivery d = take(&vcpus[0], PSW_ALL, CR0_ALL, 0);

		ck_assert_int_eq(d.type, S390_IRQ_VIRTIO);
		ck_assert_uint_eq(find_store(&d, S390_LC_EXT_PARAM)->bytes[3], i);
	}
	expect_none(&vcpus[0], PSW_ALL, CR0_ALL, CR6_ALL, NULL);
}
END_TEST

START_TEST(test_program_and_mcheck_rules)
{
	struct s390_delivery d;
	static const uint8_t mc[8] = { 0x80, 0, 0, 0, 0, 0, 0x30, 0 };

	setup(1);
	OK(s390_irq_inject_program(&vcpus[0], 1, 2, false, 0));
	ck_assert_int_eq(s390_irq_inject_program(&vcpus[0], 2, 2, false, 0),
			 -EBUSY);
	OK(s390_irq_inject_svc(&vcpus[0], 1, 2));
	ck_assert_int_eq(s390_irq_inject_svc(&vcpus[0], 1, 2), -EBUSY);
	OK(s390_irq_inject_mcheck(&vcpus[0], S390_MCIC_SYSTEM_DAMAGE | 0x1000));
	OK(s390_irq_inject_mcheck(&vcpus[0], S390_MCIC_SYSTEM_DAMAGE | 0x2000));
	d = take(&vcpus[0], PSW_ALL, 0, 0);
	ck_assert_int_eq(d.type, S390_IRQ_MCHK_EXIGENT);
	expect_store(&d, S390_LC_MCCK_CODE, 8, mc);
	ck_assert_uint_eq(vcpus[0].cnt.merged, 1);
}
END_TEST

/* ---- exact delivery bytes ------------------------------------------------ */

START_TEST(test_bytes_emergency)
{
	static const uint8_t code[2] = { 0x12, 0x01 }, cpu[2] = { 0x00, 0x02 };
	static const uint8_t old[16] = { 0x07, 0x04, 0x00, 0x01, 0x80, 0, 0, 0,
					 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78 };
	struct s390_psw p = mkpsw(0x0704000180000000ULL, 0x12345678);
	struct s390_psw np;
	struct s390_delivery d;
	static uint8_t lc[S390_LC_SIZE];

	setup(3);
	OK(s390_irq_inject_emergency(&vcpus[0], 2));
	OK(s390_irq_deliver(&vcpus[0], &p, CR0_ALL, 0, &d));
	ck_assert_int_eq(d.kind, S390_DELIVER_PSW_SWAP);
	ck_assert_uint_eq(d.nr_stores, 3);
	expect_store(&d, 0x84, 2, cpu);
	expect_store(&d, 0x86, 2, code);
	expect_store(&d, 0x130, 16, old);
	/* The old PSW is the last store. */
	ck_assert_uint_eq(d.stores[2].offset, 0x130);
	ck_assert_uint_eq(d.old_psw, 0x130);
	ck_assert_uint_eq(d.new_psw, 0x1b0);
	/* Apply to a lowcore holding a new PSW. */
	memset(lc, 0xee, sizeof(lc));
	s390_put_be64(lc + 0x1b0, 0x0000000180000000ULL);
	s390_put_be64(lc + 0x1b8, 0x4000);
	OK(s390_delivery_apply(&d, lc, sizeof(lc), &np));
	ck_assert_uint_eq(np.mask, 0x0000000180000000ULL);
	ck_assert_uint_eq(np.addr, 0x4000);
	ck_assert_mem_eq(lc + 0x84, cpu, 2);
	ck_assert_mem_eq(lc + 0x86, code, 2);
	ck_assert_mem_eq(lc + 0x130, old, 16);
	ck_assert_uint_eq(lc[0x80], 0xee);
	ck_assert_uint_eq(lc[0x140], 0xee);
	OK(s390_irq_delivered(&vcpus[0]));
}
END_TEST

START_TEST(test_bytes_io)
{
	static const uint8_t sid[2] = { 0x00, 0x01 }, nr[2] = { 0x12, 0x34 };
	static const uint8_t par[4] = { 0xca, 0xfe, 0xba, 0xbe };
	static const uint8_t word[4] = { 0x38, 0x00, 0x00, 0x00 };
	struct s390_io_irq io = mkio(0x1234, 7, 0xcafebabe);
	struct s390_delivery d;

	setup(1);
	OK(s390_irq_inject_io(&vm, &io));
	d = take(&vcpus[0], PSW_ALL, 0, CR6_ALL);
	ck_assert_uint_eq(d.nr_stores, 5);
	expect_store(&d, 0xb8, 2, sid);
	expect_store(&d, 0xba, 2, nr);
	expect_store(&d, 0xbc, 4, par);
	expect_store(&d, 0xc0, 4, word);
	ck_assert_uint_eq(d.old_psw, 0x170);
	ck_assert_uint_eq(d.new_psw, 0x1f0);
	ck_assert_uint_eq(d.isc, 7);
}
END_TEST

START_TEST(test_bytes_program_svc)
{
	static const uint8_t ilc4[2] = { 0, 4 }, pc[2] = { 0x00, 0x11 };
	static const uint8_t tea[8] = { 0, 0, 0, 0, 0x00, 0x12, 0x30, 0x00 };
	static const uint8_t ilc2[2] = { 0, 2 }, sc[2] = { 0x00, 0x99 };
	struct s390_delivery d;

	setup(1);
	OK(s390_irq_inject_program(&vcpus[0], 0x11, 4, true, 0x123000));
	d = take(&vcpus[0], 0, 0, 0);
	ck_assert_uint_eq(d.nr_stores, 4);
	expect_store(&d, 0x8c, 2, ilc4);
	expect_store(&d, 0x8e, 2, pc);
	expect_store(&d, 0xa8, 8, tea);
	ck_assert_uint_eq(d.old_psw, 0x150);
	ck_assert_uint_eq(d.new_psw, 0x1d0);
	OK(s390_irq_inject_svc(&vcpus[0], 0x99, 2));
	d = take(&vcpus[0], 0, 0, 0);
	ck_assert_uint_eq(d.nr_stores, 3);
	expect_store(&d, 0x88, 2, ilc2);
	expect_store(&d, 0x8a, 2, sc);
	ck_assert_uint_eq(d.old_psw, 0x140);
	ck_assert_uint_eq(d.new_psw, 0x1c0);
	/* Without a translation-exception id nothing goes to 0xA8. */
	OK(s390_irq_inject_program(&vcpus[0], 0x01, 2, false, 0x55));
	ck_assert_ptr_null(find_store((const struct s390_delivery[]){
		take(&vcpus[0], 0, 0, 0) }, 0xa8));
}
END_TEST

START_TEST(test_bytes_service_virtio_timers)
{
	static const uint8_t sp[4] = { 0x00, 0x7f, 0xf0, 0x01 };
	static const uint8_t vp[4] = { 0x00, 0x00, 0x00, 0x2a };
	static const uint8_t sub[2] = { 0x0d, 0x00 };
	static const uint8_t v64[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t ckc[2] = { 0x10, 0x04 }, cpt[2] = { 0x10, 0x05 };
	struct s390_delivery d;

	setup(1);
	OK(s390_irq_inject_service(&vm, 0x007ff001));
	d = take(&vcpus[0], PSW_ALL, CR0_ALL, 0);
	ck_assert_uint_eq(d.nr_stores, 3);
	expect_store(&d, 0x80, 4, sp);
	ck_assert_ptr_null(find_store(&d, 0x84));
	OK(s390_irq_inject_virtio(&vm, 42, 0x0102030405060708ULL));
	d = take(&vcpus[0], PSW_ALL, CR0_ALL, 0);
	expect_store(&d, 0x80, 4, vp);
	expect_store(&d, 0x84, 2, sub);
	expect_store(&d, 0x11b8, 8, v64);
	OK(s390_irq_set_ckc(&vcpus[0], true));
	d = take(&vcpus[0], PSW_ALL, CR0_ALL, 0);
	ck_assert_uint_eq(d.nr_stores, 2);
	expect_store(&d, 0x86, 2, ckc);
	OK(s390_irq_set_ckc(&vcpus[0], false));
	OK(s390_irq_set_cpu_timer(&vcpus[0], true));
	d = take(&vcpus[0], PSW_ALL, CR0_ALL, 0);
	expect_store(&d, 0x86, 2, cpt);
	ck_assert_uint_eq(d.old_psw, 0x130);
}
END_TEST

START_TEST(test_restart_stop_prefix)
{
	struct s390_delivery d;
	struct s390_psw wait = mkpsw(S390_PSW_WAIT, 0);

	setup(2);
	OK(s390_irq_set_running(&vcpus[1], false));
	/* A stopped vCPU keeps an emergency signal but takes only these. */
	OK(s390_irq_inject_emergency(&vcpus[1], 0));
	OK(s390_irq_inject_set_prefix(&vcpus[1], 0x6000));
	OK(s390_irq_inject_set_prefix(&vcpus[1], 0x8000));
	d = take(&vcpus[1], PSW_ALL, CR0_ALL, 0);
	ck_assert_int_eq(d.kind, S390_DELIVER_SET_PREFIX);
	ck_assert_uint_eq(d.prefix, 0x8000);
	ck_assert_uint_eq(d.nr_stores, 0);
	expect_none(&vcpus[1], PSW_ALL, CR0_ALL, CR6_ALL, NULL);
	/* Restart wakes a stopped vCPU and swaps 0x120/0x1A0. */
	OK(s390_irq_inject_restart(&vcpus[1]));
	ck_assert_uint_eq(wakes[1], 1);
	ck_assert_int_eq(vcpus[1].run, S390_RUN_RUNNING);
	d = take(&vcpus[1], 0, 0, 0);
	ck_assert_int_eq(d.type, S390_IRQ_RESTART);
	ck_assert_uint_eq(d.old_psw, 0x120);
	ck_assert_uint_eq(d.new_psw, 0x1a0);
	ck_assert_uint_eq(d.nr_stores, 1);
	/* Stop: an action, then the vCPU counts as stopped. */
	OK(s390_irq_inject_stop(&vcpus[1]));
	OK(s390_irq_inject_stop(&vcpus[1]));
	d = take(&vcpus[1], PSW_ALL, CR0_ALL, 0);
	ck_assert_int_eq(d.type, S390_IRQ_EMERGENCY);
	d = take(&vcpus[1], 0, 0, 0);
	ck_assert_int_eq(d.kind, S390_DELIVER_STOP);
	ck_assert_int_eq(vcpus[1].run, S390_RUN_STOPPED);
	ck_assert(s390_psw_disabled_wait(&wait));
	wait.mask |= S390_PSW_IO;
	ck_assert(!s390_psw_disabled_wait(&wait));
	ck_assert(!s390_psw_disabled_wait(NULL));
}
END_TEST

START_TEST(test_apply_errors)
{
	struct s390_delivery d;
	struct s390_psw p;
	static uint8_t lc[S390_LC_SIZE];

	setup(1);
	OK(s390_irq_inject_virtio(&vm, 1, 1));
	d = take(&vcpus[0], PSW_ALL, CR0_ALL, 0);
	/* 0x11B8 does not fit in one page: refused before any write. */
	memset(lc, 0, sizeof(lc));
	ck_assert_int_eq(s390_delivery_apply(&d, lc, 0x1000, &p), -EINVAL);
	for (unsigned int i = 0; i < 0x1000; i++)
		ck_assert_uint_eq(lc[i], 0);
	ck_assert_int_eq(s390_delivery_apply(NULL, lc, sizeof(lc), &p), -EINVAL);
	d.kind = S390_DELIVER_STOP;
	ck_assert_int_eq(s390_delivery_apply(&d, lc, sizeof(lc), &p), -EINVAL);
}
END_TEST

/* ---- failure: put back --------------------------------------------------- */

START_TEST(test_failed_write_puts_back_local)
{
	struct s390_psw p = mkpsw(PSW_ALL, 0);
	struct s390_delivery d;
	uint32_t st = 0;

	setup(2);
	OK(s390_irq_inject_ext_call(&vcpus[0], 1));
	OK(s390_irq_deliver(&vcpus[0], &p, CR0_ALL, 0, &d));
	OK(s390_irq_delivery_failed(&vcpus[0]));
	ck_assert_int_eq(s390_irq_delivery_failed(&vcpus[0]), -ENOENT);
	ck_assert_int_eq(vcpus[0].run, S390_RUN_STOPPED);
	ck_assert_uint_eq(vcpus[0].cnt.failed, 1);
	ck_assert_uint_eq(vcpus[0].cnt.delivered, 0);
	ck_assert_uint_eq(s390_irq_pending_count(&vm, &vcpus[0]), 1);
	/* Still pending: a second external call is still busy. */
	ck_assert_int_eq(s390_irq_sigp_external_call(&vm, 1, 0, &st), 1);
	OK(s390_irq_check(&vm));
	OK(s390_irq_set_running(&vcpus[0], true));
	d = take(&vcpus[0], PSW_ALL, CR0_ALL, 0);
	ck_assert_int_eq(d.type, S390_IRQ_EXT_CALL);
	ck_assert_uint_eq(d.cpu_addr, 1);
	ck_assert_uint_eq(vcpus[0].cnt.delivered, 1);
}
END_TEST

START_TEST(test_failed_floating_goes_elsewhere)
{
	struct s390_psw p = mkpsw(PSW_ALL, 0);
	struct s390_psw wait = mkpsw(PSW_ALL | S390_PSW_WAIT, 0);
	struct s390_delivery d;
	static const uint8_t par[4] = { 0x00, 0x00, 0x30, 0x00 };

	setup(2);
	OK(s390_irq_inject_service(&vm, 0x3000));
	OK(s390_irq_deliver(&vcpus[0], &p, CR0_ALL, 0, &d));
	/* In flight on vCPU 0: nothing for vCPU 1, which goes idle. */
	ck_assert_int_eq(s390_irq_enter_wait(&vcpus[1], &wait, CR0_ALL, 0), 0);
	OK(s390_irq_delivery_failed(&vcpus[0]));
	/* The idle vCPU 1 is woken to take it. */
	ck_assert_uint_eq(wakes[1], 1);
	d = take(&vcpus[1], PSW_ALL, CR0_ALL, 0);
	expect_store(&d, 0x80, 4, par);
	ck_assert_uint_eq(vm.cnt.failed, 1);
	ck_assert_uint_eq(vm.cnt.delivered, 1);
	ck_assert_uint_eq(s390_irq_pending_count(&vm, NULL), 0);
}
END_TEST

START_TEST(test_failed_merges_with_newer)
{
	struct s390_psw p = mkpsw(PSW_ALL, 0);
	struct s390_delivery d;
	static const uint8_t par[4] = { 0x00, 0x00, 0x30, 0x03 };

	setup(2);
	OK(s390_irq_inject_service(&vm, 0x3001));
	OK(s390_irq_deliver(&vcpus[0], &p, CR0_ALL, 0, &d));
	/* While in flight, another signal with other event bits. */
	OK(s390_irq_inject_service(&vm, 0x0002));
	ck_assert_uint_eq(s390_irq_pending_count(&vm, NULL), 2);
	OK(s390_irq_check(&vm));
	OK(s390_irq_delivery_failed(&vcpus[0]));
	ck_assert_uint_eq(s390_irq_pending_count(&vm, NULL), 1);
	ck_assert_uint_eq(vm.cnt.merged, 1);
	d = take(&vcpus[1], PSW_ALL, CR0_ALL, 0);
	expect_store(&d, 0x80, 4, par);
	expect_none(&vcpus[1], PSW_ALL, CR0_ALL, CR6_ALL, NULL);
}
END_TEST

START_TEST(test_failed_level_condition)
{
	struct s390_psw p = mkpsw(PSW_ALL, 0);
	struct s390_delivery d;

	setup(1);
	OK(s390_irq_set_ckc(&vcpus[0], true));
	OK(s390_irq_deliver(&vcpus[0], &p, CR0_ALL, 0, &d));
	OK(s390_irq_delivery_failed(&vcpus[0]));
	/* Condition still true: pending again. */
	ck_assert_uint_eq(s390_irq_pending_count(&vm, &vcpus[0]), 1);
	OK(s390_irq_set_running(&vcpus[0], true));
	OK(s390_irq_deliver(&vcpus[0], &p, CR0_ALL, 0, &d));
	OK(s390_irq_set_ckc(&vcpus[0], false));
	OK(s390_irq_delivery_failed(&vcpus[0]));
	/* Condition gone meanwhile: nothing to put back. */
	ck_assert_uint_eq(s390_irq_pending_count(&vm, &vcpus[0]), 0);
	ck_assert_uint_eq(vcpus[0].cnt.cleared, 1);
	OK(s390_irq_check(&vm));
}
END_TEST

/* ---- waits and timers ----------------------------------------------------- */

START_TEST(test_enabled_wait_wakeups)
{
	struct s390_psw wait = mkpsw(PSW_ALL | S390_PSW_WAIT, 0);

	setup(2);
	ck_assert_int_eq(s390_irq_enter_wait(&vcpus[0], &wait, CR0_ALL, 0), 0);
	ck_assert(!s390_irq_can_wake(&vcpus[0], &wait, CR0_ALL, 0));
	OK(s390_irq_inject_emergency(&vcpus[0], 1));
	ck_assert_uint_eq(wakes[0], 1);
	ck_assert(s390_irq_can_wake(&vcpus[0], &wait, CR0_ALL, 0));
	/* Something deliverable already: do not sleep. */
	ck_assert_int_eq(s390_irq_enter_wait(&vcpus[0], &wait, CR0_ALL, 0), 1);
	ck_assert_int_eq(vcpus[0].run, S390_RUN_RUNNING);
	/* A running target is kicked instead. */
	OK(s390_irq_inject_emergency(&vcpus[1], 0));
	ck_assert_uint_eq(kicks[1], 1);
	ck_assert_uint_eq(wakes[1], 0);
}
END_TEST

START_TEST(test_enabled_wait_masked_stays_asleep)
{
	struct s390_psw wait = mkpsw(S390_PSW_EXT | S390_PSW_WAIT, 0);

	setup(1);
	ck_assert_int_eq(s390_irq_enter_wait(&vcpus[0], &wait,
					     CR0_ALL & ~S390_CR0_CKC, 0), 0);
	OK(s390_irq_set_ckc(&vcpus[0], true));
	ck_assert_uint_eq(wakes[0], 0);
	ck_assert(!s390_irq_can_wake(&vcpus[0], &wait, CR0_ALL & ~S390_CR0_CKC, 0));
	/* Once the guest unmasks (a new wait with CR0 on), deliverable. */
	ck_assert(s390_irq_can_wake(&vcpus[0], &wait, CR0_ALL, 0));
	ck_assert_int_eq(s390_irq_enter_wait(&vcpus[0], &wait, CR0_ALL, 0), 1);
	ck_assert_int_eq(take(&vcpus[0], S390_PSW_EXT, CR0_ALL, 0).type,
			 S390_IRQ_CKC);
}
END_TEST

START_TEST(test_ckc_level_semantics)
{
	struct s390_irq_counters c;

	setup(1);
	OK(s390_irq_set_ckc(&vcpus[0], true));
	OK(s390_irq_set_ckc(&vcpus[0], true));
	ck_assert_uint_eq(s390_irq_pending_count(&vm, &vcpus[0]), 1);
	/* Condition withdrawn (SCKC into the future) before delivery. */
	OK(s390_irq_set_ckc(&vcpus[0], false));
	ck_assert_uint_eq(s390_irq_pending_count(&vm, &vcpus[0]), 0);
	expect_none(&vcpus[0], PSW_ALL, CR0_ALL, 0, NULL);
	/* Delivered while it still holds: pending again at once. */
	OK(s390_irq_set_ckc(&vcpus[0], true));
	take(&vcpus[0], PSW_ALL, CR0_ALL, 0);
	ck_assert_uint_eq(s390_irq_pending_count(&vm, &vcpus[0]), 1);
	take(&vcpus[0], PSW_ALL, CR0_ALL, 0);
	OK(s390_irq_set_ckc(&vcpus[0], false));
	expect_none(&vcpus[0], PSW_ALL, CR0_ALL, 0, NULL);
	OK(s390_irq_get_counters(&vm, &vcpus[0], &c));
	ck_assert_uint_eq(c.delivered, 2);
	ck_assert_uint_eq(c.raised, 4);
	ck_assert_uint_eq(c.cleared, 2);
}
END_TEST

START_TEST(test_sync_timers_deadlines)
{
	struct s390_irq_clock clk = { .now = 1000, .epoch = 500, .ckc = 2000,
				      .cpu_timer = 100, .cpu_timer_runs = true };
	struct s390_irq_deadlines dl;

	setup(1);
	OK(s390_irq_sync_timers(&vcpus[0], &clk, &dl));
	/* Guest TOD 1500: the comparator condition starts at guest 2001. */
	ck_assert(dl.ckc_armed);
	ck_assert_uint_eq(dl.ckc, 1501);
	ck_assert(dl.cpu_timer_armed);
	ck_assert_uint_eq(dl.cpu_timer, 1101);
	ck_assert_uint_eq(s390_irq_pending_count(&vm, &vcpus[0]), 0);
	/* Equal is not yet "exceeds". */
	clk.now = 1500;
	OK(s390_irq_sync_timers(&vcpus[0], &clk, &dl));
	ck_assert_uint_eq(s390_irq_pending_count(&vm, &vcpus[0]), 0);
	clk.now = 1501;
	clk.cpu_timer = (uint64_t)-1;
	OK(s390_irq_sync_timers(&vcpus[0], &clk, &dl));
	ck_assert(!dl.ckc_armed);
	ck_assert(!dl.cpu_timer_armed);
	ck_assert_uint_eq(s390_irq_pending_count(&vm, &vcpus[0]), 2);
	/* Epoch wrapping the guest clock, deadlines past 2^64, stopped timer. */
	clk.now = 10;
	clk.epoch = (uint64_t)-20;	/* guest TOD = 2^64 - 10 */
	clk.ckc = (uint64_t)-1;
	clk.cpu_timer = (uint64_t)INT64_MAX;
	clk.cpu_timer_runs = false;
	OK(s390_irq_sync_timers(&vcpus[0], &clk, &dl));
	ck_assert(dl.ckc_armed == false);	/* guest TOD never exceeds ~0 */
	ck_assert(!dl.cpu_timer_armed);
	clk.ckc = (uint64_t)-5;
	OK(s390_irq_sync_timers(&vcpus[0], &clk, &dl));
	ck_assert(dl.ckc_armed);
	ck_assert_uint_eq(dl.ckc, 16);
	/* UINT64_MAX is a real deadline on the host clock... */
	clk.now = UINT64_MAX - 1;
	clk.epoch = 0;
	clk.ckc = UINT64_MAX - 1;
	OK(s390_irq_sync_timers(&vcpus[0], &clk, &dl));
	ck_assert(dl.ckc_armed);
	ck_assert_uint_eq(dl.ckc, UINT64_MAX);
	/* ...but one past it is never. */
	clk.now = UINT64_MAX;
	clk.epoch = (uint64_t)-1;
	OK(s390_irq_sync_timers(&vcpus[0], &clk, &dl));
	ck_assert(!dl.ckc_armed);
	ck_assert_uint_eq(s390_irq_pending_count(&vm, &vcpus[0]), 0);
	OK(s390_irq_check(&vm));
}
END_TEST

START_TEST(test_reset_and_busy)
{
	struct s390_psw p = mkpsw(PSW_ALL, 0);
	struct s390_delivery d;

	setup(1);
	OK(s390_irq_inject_emergency(&vcpus[0], 0));
	OK(s390_irq_inject_ext_call(&vcpus[0], 0));
	OK(s390_irq_set_cpu_timer(&vcpus[0], true));
	OK(s390_irq_deliver(&vcpus[0], &p, CR0_ALL, 0, &d));
	ck_assert_int_eq(s390_irq_reset_local(&vcpus[0]), -EBUSY);
	OK(s390_irq_delivered(&vcpus[0]));
	OK(s390_irq_reset_local(&vcpus[0]));
	/* The level condition belongs to the timer, not the reset. */
	ck_assert_uint_eq(s390_irq_pending_count(&vm, &vcpus[0]), 1);
	ck_assert_uint_eq(vcpus[0].cnt.cleared, 1);
	ck_assert_int_eq(d.type, S390_IRQ_EMERGENCY);
	ck_assert(!s390_irq_ext_call_pending(&vcpus[0]));
	OK(s390_irq_check(&vm));
}
END_TEST

START_TEST(test_check_detects_damage)
{
	setup(1);
	OK(s390_irq_inject_emergency(&vcpus[0], 0));
	OK(s390_irq_check(&vm));
	vcpus[0].cnt.injected++;
	ck_assert_int_eq(s390_irq_check(&vm), -EFAULT);
	vcpus[0].cnt.injected--;
	vm.cnt.delivered++;
	ck_assert_int_eq(s390_irq_check(&vm), -EFAULT);
	vm.cnt.delivered--;
	vcpus[0].fl.busy = true;
	ck_assert_int_eq(s390_irq_check(&vm), -EFAULT);
	vcpus[0].fl.busy = false;
	OK(s390_irq_check(&vm));
	ck_assert_int_eq(s390_irq_check(NULL), -EFAULT);
}
END_TEST

/* ---- seeded random run against a reference model --------------------------- */

#define RNV NVCPU        /* vCPUs 0..RNV-1; RNV itself does not exist */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	return unit_test_rand(&rng_state);
}

static unsigned int rn(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

#include "tests/unit/s390_irq_ref.h"

START_TEST(test_random_vs_reference)
{
	const unsigned int steps = 40000;

	memset(&R, 0, sizeof(R));
	memset(rfly, 0, sizeof(rfly));
	test_seed = unit_test_seed(test_seed);
	rng_state = test_seed ? test_seed : 1;
	setup(RNV);
	for (unsigned int i = 0; i < steps; i++) {
		rstep_no = i;
		rstep();
		rcheck_idle();
		if (i % 64 == 0) {
			UNIT_CHECK(s390_irq_check(&vm) == 0,
				      "seed %llu: check failed at step %u",
				      test_seed, i);
			UNIT_CHECK(model_pending() == units_ref(),
				      "seed %llu: pending %llu vs %llu at %u",
				      test_seed,
				      (unsigned long long)model_pending(),
				      (unsigned long long)units_ref(), i);
		}
	}
	rdrain_and_compare();
	UNIT_CHECK(R.delivered > 1000, "seed %llu: only %llu deliveries",
		      test_seed, (unsigned long long)R.delivered);
	RCHECK((s390_irq_check(&vm)) == 0);
	printf("test_s390_irq: random run: %u steps, %llu delivered, %llu wakes, %llu kicks, %llu failed\n",
	       steps, (unsigned long long)R.delivered,
	       (unsigned long long)vm.wakes, (unsigned long long)vm.kicks,
	       (unsigned long long)(vm.cnt.failed + vcpus[0].cnt.failed +
				    vcpus[1].cnt.failed + vcpus[2].cnt.failed +
				    vcpus[3].cnt.failed));
}
END_TEST

/* ---- suite ---------------------------------------------------------------- */

static Suite *s390_irq_suite(void)
{
	Suite *s = suite_create("s390_irq");
	TCase *tc = tcase_create("fixed");
	TCase *tr = tcase_create("random");

	tcase_add_test(tc, test_init_args);
	tcase_add_test(tc, test_priority_all_classes);
	tcase_add_test(tc, test_io_by_isc);
	tcase_add_test(tc, test_program_before_external_when_enabled);
	tcase_add_test(tc, test_psw_external_mask);
	tcase_add_test(tc, test_psw_io_mask);
	tcase_add_test(tc, test_psw_mchk_mask);
	tcase_add_test(tc, test_cr0_emergency);
	tcase_add_test(tc, test_cr0_external_call);
	tcase_add_test(tc, test_cr0_clock_comparator);
	tcase_add_test(tc, test_cr0_cpu_timer);
	tcase_add_test(tc, test_cr0_service_signal);
	tcase_add_test(tc, test_cr0_virtio_uses_service_bit);
	tcase_add_test(tc, test_cr6_isc_masks);
	tcase_add_test(tc, test_type_deliverable_table);
	tcase_add_test(tc, test_request_flags_mixed);
	tcase_add_test(tc, test_floating_exactly_one_vcpu);
	tcase_add_test(tc, test_floating_taken_is_exclusive_while_in_flight);
	tcase_add_test(tc, test_floating_prefers_idle);
	tcase_add_test(tc, test_floating_idle_but_masked_not_woken);
	tcase_add_test(tc, test_floating_round_robin_over_idle);
	tcase_add_test(tc, test_floating_not_to_stopped);
	tcase_add_test(tc, test_service_param_merge);
	tcase_add_test(tc, test_service_merge_address_after_event);
	tcase_add_test(tc, test_external_call_single_busy);
	tcase_add_test(tc, test_emergency_several_sources);
	tcase_add_test(tc, test_sigp_condition_codes);
	tcase_add_test(tc, test_io_subchannel_rules);
	tcase_add_test(tc, test_virtio_slots);
	tcase_add_test(tc, test_program_and_mcheck_rules);
	tcase_add_test(tc, test_bytes_emergency);
	tcase_add_test(tc, test_bytes_io);
	tcase_add_test(tc, test_bytes_program_svc);
	tcase_add_test(tc, test_bytes_service_virtio_timers);
	tcase_add_test(tc, test_restart_stop_prefix);
	tcase_add_test(tc, test_apply_errors);
	tcase_add_test(tc, test_failed_write_puts_back_local);
	tcase_add_test(tc, test_failed_floating_goes_elsewhere);
	tcase_add_test(tc, test_failed_merges_with_newer);
	tcase_add_test(tc, test_failed_level_condition);
	tcase_add_test(tc, test_enabled_wait_wakeups);
	tcase_add_test(tc, test_enabled_wait_masked_stays_asleep);
	tcase_add_test(tc, test_ckc_level_semantics);
	tcase_add_test(tc, test_sync_timers_deadlines);
	tcase_add_test(tc, test_reset_and_busy);
	tcase_add_test(tc, test_check_detects_damage);
	suite_add_tcase(s, tc);
	tcase_set_timeout(tr, 300);
	tcase_add_test(tr, test_random_vs_reference);
	suite_add_tcase(s, tr);
	return s;
}

int main(void)
{
	return unit_test_run(s390_irq_suite());
}
