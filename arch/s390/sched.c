/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The run loop on one host CPU: round-robin over every runnable vCPU of
 * every VM, each for a time slice measured by the host clock comparator.
 * The comparator interruption arrives while the guest runs (host external
 * interruptions are enabled only around SIE); its handler sets the stop
 * flag in the running state description so SIE ends with intercept 0x28
 * and the loop can move to the next vCPU. When nothing is runnable zarm
 * waits for the earliest guest clock-comparator wake-up; when every VM
 * has ended it prints the summary and loads the final disabled wait.
 */
#include "arch/s390/s390.h"

#include "arch/s390/console.h"
#include "arch/s390/host_sclp.h"
#include "arch/s390/layout.h"
#include "arch/s390/vm.h"
#include "common/timer.h"

#define TOD_PER_MS (4096ULL * 1000)
#define SLICE (2 * TOD_PER_MS)
#define EXT_CLOCK_COMPARATOR 0x1004
#define EXT_SERVICE_SIGNAL 0x2401

static struct sie_block *volatile running_sd;
static volatile bool need_resched;
static bool slicing = true;

/*
 * Software timers over this CPU's clock comparator (common/timer.h): the
 * time slice and each waiting vCPU's guest clock-comparator deadline.
 * The queue is only touched with external interruptions masked, which is
 * how zarm runs outside SIE and enabled waits.
 */
static struct timer_queue tq;
static struct timer slice_timer;

static uint64_t ckc_now(void *ctx)
{
	(void)ctx;
	return cpu_tod();
}

static void ckc_program(void *ctx, uint64_t deadline)
{
	(void)ctx;
	cpu_set_ckc(deadline);
}

static void ckc_stop(void *ctx)
{
	(void)ctx;
	cpu_set_ckc(~0ULL);
}

static const struct timer_queue_ops ckc_ops = {
	.now = ckc_now,
	.program = ckc_program,
	.stop = ckc_stop,
};

/* End of slice: leave SIE (stop flag) and pick another vCPU. */
static void slice_expired(struct timer *t, void *arg)
{
	(void)t;
	(void)arg;
	need_resched = true;
	if (running_sd)
		__atomic_or_fetch(&running_sd->v, (uint8_t)SD_V_STOP,
				  __ATOMIC_RELAXED);
}

/* A parked vCPU's clock comparator is due: let SIE present it. */
static void wake_expired(struct timer *t, void *arg)
{
	struct s390_vcpu *v = arg;

	(void)t;
	if (v->state == S390_VCPU_WAITING)
		v->state = S390_VCPU_RUNNABLE;
}

void sched_init(void)
{
	cpu_set_ckc(~0ULL);
	timer_queue_init(&tq, &ckc_ops, NULL);
	timer_init(&slice_timer, slice_expired, NULL);
	for (unsigned int i = 0; i < vcpu_total(); i++)
		timer_init(&vcpu_at(i)->wake_timer, wake_expired, vcpu_at(i));
}

void sched_park(struct s390_vcpu *v, uint64_t wake_tod)
{
	v->state = S390_VCPU_WAITING;
	if (wake_tod != ~0ULL)
		timer_arm(&tq, &v->wake_timer, wake_tod);
	else
		timer_cancel(&v->wake_timer);
}
static unsigned int rr_next;
#ifdef ZARM_S390_TRACE_ICPT
static unsigned int debug_icpt;
#endif

void s390_ext_irq(unsigned int code)
{
	switch (code) {
	case EXT_CLOCK_COMPARATOR:
		timer_queue_expire(&tq);
		break;
	case EXT_SERVICE_SIGNAL:
		host_sclp_service_signal();
		break;
	default:
		con_printf("unexpected external interruption 0x%04x\n", code);
		break;
	}
}

void sched_set_slicing(bool on)
{
	slicing = on;
	if (on)
		timer_arm_relative(&tq, &slice_timer, SLICE);
	else
		timer_cancel(&slice_timer);
}

void sched_yield_request(void)
{
	need_resched = true;
}

/* Next runnable vCPU after the last one picked. */
static struct s390_vcpu *pick_next(void)
{
	unsigned int total = vcpu_total();

	for (unsigned int i = 0; i < total; i++) {
		struct s390_vcpu *v = vcpu_at(rr_next++ % total);

		if (v->vm->state == S390_VM_RUNNING &&
		    v->state == S390_VCPU_RUNNABLE)
			return v;
	}
	return NULL;
}

static __attribute__((noreturn)) void finish(void)
{
	unsigned int ok = 0, failed = 0;

	for (unsigned int i = 0; i < vm_count(); i++) {
		if (vm_get(i)->state == S390_VM_ENDED_OK)
			ok++;
		else
			failed++;
	}
	con_printf("all VMs stopped: %u ok, %u failed\n", ok, failed);
	cpu_disabled_wait(failed || !ok ? ZARM_WAIT_FAILED : ZARM_WAIT_OK);
}

static bool any_running(void)
{
	for (unsigned int i = 0; i < vm_count(); i++)
		if (vm_get(i)->state == S390_VM_RUNNING)
			return true;
	return false;
}

/* Nothing can ever wake the remaining VMs: end them as failed. */
static void fail_deadlocked(void)
{
	for (unsigned int i = 0; i < vm_count(); i++)
		if (vm_get(i)->state == S390_VM_RUNNING)
			vm_end(vm_get(i), false,
			       "every vCPU waits and nothing can wake it");
}

static void run_slice(struct s390_vcpu *v)
{
	need_resched = false;
	if (slicing)
		timer_arm_relative(&tq, &slice_timer, SLICE);
	while (v->state == S390_VCPU_RUNNABLE && !need_resched) {
		int code;

		vcpu_deliver(v);
		if (v->state != S390_VCPU_RUNNABLE)
			break;
		v->sd.gg14 = v->regs.gprs[14];
		v->sd.gg15 = v->regs.gprs[15];
		running_sd = &v->sd;
		code = sie_enter(&v->sd, &v->regs);
		running_sd = NULL;
		v->sie_entries++;
		v->regs.gprs[14] = v->sd.gg14;
		v->regs.gprs[15] = v->sd.gg15;
		__atomic_and_fetch(&v->sd.v, (uint8_t)~SD_V_STOP,
				   __ATOMIC_RELAXED);
#ifdef ZARM_S390_TRACE_ICPT
		if (debug_icpt < 40) {
			debug_icpt++;
			con_printf("icpt %02x ipa %04x ipb %08x psw %016lx %016lx\n",
				   code, v->sd.ipa, v->sd.ipb, v->sd.psw.mask,
				   v->sd.psw.addr);
		}
#endif
		if (!intercept_handle(v, code))
			break;
	}
	timer_cancel(&slice_timer);
}

void sched_run(void)
{
	for (;;) {
		uint64_t next;
		struct s390_vcpu *v;

		if (!any_running())
			finish();
		v = pick_next();
		if (v) {
			run_slice(v);
			continue;
		}
		if (!timer_queue_earliest(&tq, &next)) {
			fail_deadlocked();
			continue;
		}
		/* Idle until a parked vCPU's comparator is due. */
		cpu_enabled_wait();
	}
}
