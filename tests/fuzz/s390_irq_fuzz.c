/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for the s390 interrupt model (irq/s390_irq.c,
 * irq/s390_deliver.c) against the reference model of
 * tests/unit/s390_irq_ref.h, the same one the unit test's seeded run
 * uses: the input picks every choice that run takes from its random
 * generator (SIGP emergency signals and external calls from any CPU
 * address including a missing one, clock comparator and CPU timer
 * conditions, machine checks, service signals with merged parameters,
 * virtio and I/O interruptions, program and SVC, restart, stop, set
 * prefix, deliveries under random PSW/CR0/CR6 masks, confirmed or failed
 * lowcore writes, enabled waits, restarts of stopped vCPUs).
 *
 * After every step: each answer, delivery (type, code, parameters, source,
 * lowcore stores) and wake-up equals the reference's; every 128 steps and
 * at the end s390_irq_check() (counters: injected + raised == delivered +
 * merged + cleared + pending) and the pending count equal the reference's.
 * At the end everything is delivered with all masks open: nothing lost
 * (the reference ends empty), nothing duplicated (the model delivered
 * exactly as often as the reference).
 */
#include <string.h>

#include "common/errno.h"
#include "irq/s390_irq.h"
#include "tests/fuzz/fuzz_util.h"

#define RNV 4
#define PSW_ALL (S390_PSW_EXT | S390_PSW_IO | S390_PSW_MCHK | 0x180000000ULL)
#define CR0_ALL (S390_CR0_EMERGENCY | S390_CR0_EXT_CALL | S390_CR0_CKC | \
		 S390_CR0_CPU_TIMER | S390_CR0_SERVICE)
#define CR6_ALL 0xff000000ULL
#define UNIT_CHECK(cond, ...) FUZZ_CHECK(cond, __VA_ARGS__)

static struct s390_irq_vm vm;
static struct s390_irq_vcpu vcpus[RNV];
static unsigned long long test_seed; /* messages name it; 0 here */
static struct fz_in in;

static uint64_t rnd(void)
{
	return fz_u32(&in);
}

static unsigned int rn(unsigned int n)
{
	return fz_below(&in, n);
}

static struct s390_psw mkpsw(uint64_t mask, uint64_t addr)
{
	struct s390_psw p = { mask, addr };

	return p;
}

static struct s390_io_irq mkio(uint16_t schnr, unsigned int isc, uint32_t param)
{
	struct s390_io_irq io = { 0x0001, schnr, param,
				  S390_IO_WORD_FOR_ISC(isc) };

	return io;
}

static const struct s390_lc_store *find_store(const struct s390_delivery *d,
					      uint16_t off)
{
	for (unsigned int i = 0; i < d->nr_stores; i++)
		if (d->stores[i].offset == off)
			return &d->stores[i];
	return NULL;
}

#include "tests/unit/s390_irq_ref.h"

static void op_wake(void *ctx, unsigned int v)
{
	FUZZ_CHECK(ctx == &vm && v < RNV, "wake of %u", v);
}

static void op_kick(void *ctx, unsigned int v)
{
	FUZZ_CHECK(ctx == &vm && v < RNV, "kick of %u", v);
}

static const struct s390_irq_ops ops = { op_wake, op_kick };

/* A VM of RNV running vCPUs: built once, then restored from a copy (the
 * structures point only into themselves and each other). */
static void setup(void)
{
	static struct s390_irq_vm vm0;
	static struct s390_irq_vcpu vcpus0[RNV];
	static bool ready;

	if (ready) {
		vm = vm0;
		memcpy(vcpus, vcpus0, sizeof(vcpus));
		return;
	}
	FUZZ_CHECK(s390_irq_vm_init(&vm, &ops, &vm) == 0, "vm init");
	for (unsigned int i = 0; i < RNV; i++) {
		FUZZ_CHECK(s390_irq_vcpu_init(&vm, &vcpus[i], i) == 0, "vcpu");
		FUZZ_CHECK(s390_irq_set_running(&vcpus[i], true) == 0, "run");
	}
	FUZZ_CHECK(s390_irq_check(&vm) == 0, "check after init");
	vm0 = vm;
	memcpy(vcpus0, vcpus, sizeof(vcpus));
	ready = true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int i;

	in = fz_in(data, size);
	memset(&R, 0, sizeof(R));
	memset(rfly, 0, sizeof(rfly));
	setup();
	for (i = 0; i < 1024 && !fz_done(&in); i++) {
		rstep_no = i;
		rstep();
		rcheck_idle();
		if (i % 128 == 127) {
			FUZZ_CHECK(s390_irq_check(&vm) == 0, "check at step %u", i);
			FUZZ_CHECK(model_pending() == units_ref(),
				   "pending %llu, reference %llu at step %u",
				   (unsigned long long)model_pending(),
				   (unsigned long long)units_ref(), i);
		}
	}
	FUZZ_CHECK(model_pending() == units_ref(), "pending %llu, reference %llu",
		   (unsigned long long)model_pending(),
		   (unsigned long long)units_ref());
	rdrain_and_compare();
	return 0;
}
