/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The run loop, on every host CPU: round-robin over the runnable vCPUs of
 * every VM, each for a time slice measured by that CPU's clock comparator
 * through the common timer queue. One lock ("the big lock") covers every
 * VM and vCPU; a CPU holds it except while its guest runs in SIE and while
 * it idles, which are also the only times it takes external interruptions.
 *
 * Regaining control: an interruption taken during SIE returns to the SIE
 * instruction, so the handler sets the stop flag in the running state
 * description and SIE ends with interception 0x28. The slice timer does
 * that; so does an emergency signal from another host CPU, which is how a
 * CPU tells another that a vCPU it runs was stopped or has a new
 * interruption pending, or tells an idle CPU that a vCPU became runnable.
 * A vCPU in enabled wait is parked until an interruption is posted to it
 * or its guest clock comparator is due. When every VM has ended the CPU
 * that notices prints the summary and loads the final disabled wait.
 */
#include "arch/s390/s390.h"

#include "arch/s390/console.h"
#include "arch/s390/host_input.h"
#include "arch/s390/host_pgm.h"
#include "arch/s390/host_sclp.h"
#include "arch/s390/layout.h"
#include "arch/s390/vm.h"
#include "common/timer.h"

#define TOD_PER_MS (4096ULL * 1000)
#define SLICE (2 * TOD_PER_MS)
#define EXT_EMERGENCY_SIGNAL 0x1201
#define EXT_CLOCK_COMPARATOR 0x1004
#define EXT_SERVICE_SIGNAL 0x2401
#define SIGP_EMERGENCY 0x03

static struct s390_cpu cpus[S390_MAX_CPUS];
static unsigned int nr_cpus = 1;
static bool slicing = true;
static struct spinlock big_lock;
static unsigned int nr_refused;

void sched_note_refused(unsigned int n)
{
	nr_refused = n;
}

struct s390_cpu *sched_cpu(unsigned int i)
{
	return &cpus[i];
}

unsigned int sched_nr_cpus(void)
{
	return nr_cpus;
}

void sched_lock(void)
{
	spin_lock(&big_lock);
}

void sched_unlock(void)
{
	spin_unlock(&big_lock);
}

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

static void kick_running(struct s390_cpu *c)
{
	if (c->running_sd)
		__atomic_or_fetch(&c->running_sd->v, (uint8_t)SD_V_STOP,
				  __ATOMIC_SEQ_CST);
}

/* End of slice: leave SIE (stop flag) and pick another vCPU. */
static void slice_expired(struct timer *t, void *arg)
{
	struct s390_cpu *c = arg;

	(void)t;
	c->need_resched = true;
	kick_running(c);
}

/* Idle wake-up: a parked vCPU's clock comparator is due; nothing to do
 * here, the enabled wait has ended and the loop looks again. */
static void idle_expired(struct timer *t, void *arg)
{
	(void)t;
	(void)arg;
}

void s390_ext_irq(unsigned int code, uint32_t param)
{
	struct s390_cpu *c = this_cpu();

	switch (code) {
	case EXT_CLOCK_COMPARATOR:
		timer_queue_expire(&c->tq);
		break;
	case EXT_EMERGENCY_SIGNAL:
		kick_running(c);
		break;
	case EXT_SERVICE_SIGNAL:
		host_sclp_service_signal();
		host_input_service_signal(param);
		break;
	default:
		con_printf("unexpected external interruption 0x%04x\n", code);
		break;
	}
}

void sched_cpu_init(unsigned int i, uint16_t addr)
{
	struct s390_cpu *c = &cpus[i];

	c->index = i;
	c->addr = addr;
	timer_queue_init(&c->tq, &ckc_ops, c);
	timer_init(&c->slice_timer, slice_expired, c);
	timer_init(&c->idle_timer, idle_expired, c);
	sched_rq_init(&c->rq);
	if (i + 1 > nr_cpus)
		nr_cpus = i + 1;
}

void sched_set_slicing(bool on)
{
	struct s390_cpu *c = this_cpu();

	slicing = on;
	if (on)
		timer_arm_relative(&c->tq, &c->slice_timer, SLICE);
	else
		timer_cancel(&c->slice_timer);
}

void sched_yield_request(void)
{
	this_cpu()->need_resched = true;
}

static void emergency_signal(struct s390_cpu *c)
{
	cpu_sigp(c->addr, SIGP_EMERGENCY, 0, NULL);
}

void sched_notify(struct s390_vcpu *v)
{
	struct s390_cpu *me = this_cpu(), *owner = &cpus[v->vcpu.pcpu];

	if (v->on_cpu && v->on_cpu != me) {
		emergency_signal(v->on_cpu);
		return;
	}
	if (!v->on_cpu && v->vcpu.state == VCPU_READY && owner != me &&
	    owner->idle) {
		owner->idle = false;
		emergency_signal(owner);
	}
}

void sched_park(struct s390_vcpu *v, uint64_t wake_tod)
{
	v->wake_tod = wake_tod;
	v->park_tod = cpu_tod();
	vcpu_set_state(v, S390_VCPU_WAITING);
}

/*
 * The CPU timer decrements in the wait state too, but SIE only runs it
 * while the guest is in SIE: charge the time @v spent parked.
 */
static void unpark(struct s390_vcpu *v)
{
	if (v->park_tod) {
		v->sd.cputm -= cpu_tod() - v->park_tod;
		v->park_tod = 0;
	}
}

/*
 * Wake this CPU's parked vCPUs whose time has come; *@earliest gets the
 * earliest wake-up still ahead (~0: none).
 */
static void wake_due(struct s390_cpu *c, uint64_t now, uint64_t *earliest)
{
	*earliest = ~0ULL;
	for (unsigned int i = 0; i < vcpu_total(); i++) {
		struct s390_vcpu *v = vcpu_at(i);

		if (v->vcpu.pcpu != c->index || v->vcpu.state != VCPU_BLOCKED)
			continue;
		if (v->wake_tod <= now) {
			vcpu_wake(&v->vcpu, &c->rq);
			s390_irq_set_running(&v->irq, true);
		}
		else if (v->wake_tod < *earliest)
			*earliest = v->wake_tod;
	}
}

/*
 * True while something can still happen: a vCPU is ready or running
 * anywhere, or a parked one has a wake-up time.
 */
static bool anything_can_run(void)
{
	for (unsigned int i = 0; i < vcpu_total(); i++) {
		struct s390_vcpu *v = vcpu_at(i);

		if (!vm_running(v->vm))
			continue;
		if (v->vcpu.state == VCPU_READY || v->on_cpu ||
		    (v->vcpu.state == VCPU_BLOCKED && v->wake_tod != ~0ULL))
			return true;
	}
	return false;
}

static __attribute__((noreturn)) void finish(void)
{
	const struct vm_set *set = vm_results();
	unsigned int ok = set->ok, failed = set->failed + nr_refused;

	if (nr_refused)
		con_printf("%u VM(s) refused by the configuration count as failed\n",
			   nr_refused);
	con_printf("all VMs stopped: %u ok, %u failed\n", ok, failed);
	/* The lock stays held: the other CPUs have nothing left to do. */
	cpu_disabled_wait(failed || !ok ? ZARM_WAIT_FAILED : ZARM_WAIT_OK);
}

static bool any_running(void)
{
	return vm_count() && vm_results()->running;
}

/* Nothing can ever wake the remaining VMs: end them as failed. */
static void fail_deadlocked(void)
{
	for (unsigned int i = 0; i < vm_count(); i++)
		if (vm_running(vm_get(i)))
			vm_end(vm_get(i), false,
			       "every vCPU waits and nothing can wake it");
}

/*
 * ZARM_HC_SIE_FLOOR (make bench): the smallest SIE loop there can be, to
 * time zarm's interception round trip against. It re-enters @v after each
 * of its next @n interceptions without looking at them (an intercepted
 * DIAG stays unanswered; the PSW is already past it). Bounded, and it only
 * ever runs the guest that asked, so a guest gains nothing by calling it.
 */
#define SIE_FLOOR_MAX 100000
void sched_sie_floor(struct s390_vcpu *v, uint64_t n)
{
	struct s390_cpu *c = this_cpu();

	if (n > SIE_FLOOR_MAX)
		n = SIE_FLOOR_MAX;
	v->sd.gg14 = v->regs.gprs[14];
	v->sd.gg15 = v->regs.gprs[15];
	c->running_sd = &v->sd;
	sched_unlock();
	/* A host program check SIE raised for @v ends the floor at once. */
	for (; n && !c->sie_pgm_code; n--)
		(void)sie_enter(&v->sd, &v->regs);
	sched_lock();
	c->running_sd = NULL;
	v->regs.gprs[14] = v->sd.gg14;
	v->regs.gprs[15] = v->sd.gg15;
	__atomic_and_fetch(&v->sd.v, (uint8_t)~SD_V_STOP, __ATOMIC_SEQ_CST);
	if (c->sie_pgm_code)
		host_pgm_after_sie(c, v);
}

/*
 * Run @v (ours: on_cpu set) until its slice ends or it blocks. Not inlined
 * into guarded_slice(): a function that calls a setjmp-like function gets
 * careful register allocation, which would cost this loop instructions.
 */
static __attribute__((noinline)) void run_slice(struct s390_cpu *c,
						struct s390_vcpu *v)
{
	c->need_resched = false;
	unpark(v);
	if (slicing)
		timer_arm_relative(&c->tq, &c->slice_timer, SLICE);
	while (vcpu_state(v) == S390_VCPU_RUNNABLE && !c->need_resched &&
	       vm_running(v->vm)) {
		int code;

		vcpu_deliver_if_new(v);
		if (vcpu_state(v) != S390_VCPU_RUNNABLE)
			break;
		v->sd.gg14 = v->regs.gprs[14];
		v->sd.gg15 = v->regs.gprs[15];
		c->running_sd = &v->sd;
		sched_unlock();
		code = sie_enter(&v->sd, &v->regs);
		sched_lock();
		c->running_sd = NULL;
		v->sie_entries++;
		v->regs.gprs[14] = v->sd.gg14;
		v->regs.gprs[15] = v->sd.gg15;
		__atomic_and_fetch(&v->sd.v, (uint8_t)~SD_V_STOP,
				   __ATOMIC_SEQ_CST);
		/* A host program check SIE raised for @v (rare: a load here). */
		if (c->sie_pgm_code && host_pgm_after_sie(c, v))
			break;
#ifdef ZARM_S390_TRACE_ICPT
		/* Developer aid: the first interceptions, as they come. */
		static unsigned int traced;

		if (code != ICPT_STOP && traced < ZARM_S390_TRACE_ICPT) {
			traced++;
			con_printf("vm %u cpu %u icpt %02x ipa %04x ipb %08x psw %016lx %016lx\n",
				   v->vm->vm.id, v->id, code, v->sd.ipa, v->sd.ipb,
				   v->sd.psw.mask, v->sd.psw.addr);
		}
#endif
		if (!intercept_handle(v, code))
			break;
	}
	timer_cancel(&c->slice_timer);
}

/* run_slice() with the recovery point for a program check in zarm armed. */
static void guarded_slice(struct s390_cpu *c, struct s390_vcpu *v)
{
	/* A program check in zarm while it works for @v comes back here. */
	if (host_pgm_recover_point(c->recover)) {
		c->running_sd = NULL;
		host_pgm_end_vm(c, v);
		timer_cancel(&c->slice_timer);
		return;
	}
	host_pgm_working_for(c, v);
	run_slice(c, v);
	host_pgm_working_for(c, NULL);
}

void sched_cpu_loop(void)
{
	struct s390_cpu *c = this_cpu();

	sched_lock();
	for (;;) {
		uint64_t earliest;
		struct vcpu *next;

		if (!any_running())
			finish();
		wake_due(c, cpu_tod(), &earliest);
		next = sched_pick_next(&c->rq);
		if (next) {
			struct s390_vcpu *v = next->arch;

			v->on_cpu = c;
			guarded_slice(c, v);
			sigp_stop_completed(v);
			v->on_cpu = NULL;
			continue;
		}
		if (!anything_can_run()) {
			fail_deadlocked();
			continue;
		}
		/* Idle until a parked vCPU is due or another CPU signals. */
		if (earliest != ~0ULL)
			timer_arm(&c->tq, &c->idle_timer, earliest);
		c->idle = true;
		sched_unlock();
		cpu_enabled_wait();
		sched_lock();
		c->idle = false;
		timer_cancel(&c->idle_timer);
	}
}
