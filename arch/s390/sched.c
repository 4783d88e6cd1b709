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

#define TOD_PER_MS (4096ULL * 1000)
#define SLICE (2 * TOD_PER_MS)
#define EXT_CLOCK_COMPARATOR 0x1004
#define EXT_SERVICE_SIGNAL 0x2401

static struct sie_block *volatile running_sd;
static volatile bool need_resched;
static bool slicing = true;
static unsigned int rr_next;
#ifdef ZARM_S390_TRACE_ICPT
static unsigned int debug_icpt;
#endif

void s390_ext_irq(unsigned int code)
{
	switch (code) {
	case EXT_CLOCK_COMPARATOR:
		cpu_set_ckc(~0ULL);
		need_resched = true;
		if (running_sd)
			__atomic_or_fetch(&running_sd->v, (uint8_t)SD_V_STOP,
					  __ATOMIC_RELAXED);
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
	cpu_set_ckc(on ? cpu_tod() + SLICE : ~0ULL);
}

void sched_yield_request(void)
{
	need_resched = true;
}

/* Next runnable vCPU after the last one picked, waking due waiters. */
static struct vcpu *pick_next(uint64_t now, uint64_t *earliest)
{
	unsigned int total = vcpu_total();

	*earliest = ~0ULL;
	for (unsigned int i = 0; i < total; i++) {
		struct vcpu *v = vcpu_at(rr_next++ % total);

		if (v->vm->state != VM_RUNNING)
			continue;
		if (v->state == VCPU_WAITING) {
			if (v->wake_tod <= now)
				v->state = VCPU_RUNNABLE;
			else if (v->wake_tod < *earliest)
				*earliest = v->wake_tod;
		}
		if (v->state == VCPU_RUNNABLE)
			return v;
	}
	return NULL;
}

static __attribute__((noreturn)) void finish(void)
{
	unsigned int ok = 0, failed = 0;

	for (unsigned int i = 0; i < vm_count(); i++) {
		if (vm_get(i)->state == VM_ENDED_OK)
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
		if (vm_get(i)->state == VM_RUNNING)
			return true;
	return false;
}

/* Nothing can ever wake the remaining VMs: end them as failed. */
static void fail_deadlocked(void)
{
	for (unsigned int i = 0; i < vm_count(); i++)
		if (vm_get(i)->state == VM_RUNNING)
			vm_end(vm_get(i), false,
			       "every vCPU waits and nothing can wake it");
}

static void run_slice(struct vcpu *v)
{
	need_resched = false;
	if (slicing)
		cpu_set_ckc(cpu_tod() + SLICE);
	while (v->state == VCPU_RUNNABLE && !need_resched) {
		int code;

		vcpu_deliver(v);
		if (v->state != VCPU_RUNNABLE)
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
	cpu_set_ckc(~0ULL);
}

void sched_run(void)
{
	for (;;) {
		uint64_t earliest;
		struct vcpu *v;

		if (!any_running())
			finish();
		v = pick_next(cpu_tod(), &earliest);
		if (v) {
			run_slice(v);
			continue;
		}
		if (earliest == ~0ULL) {
			fail_deadlocked();
			continue;
		}
		cpu_set_ckc(earliest);
		cpu_enabled_wait();
		cpu_set_ckc(~0ULL);
	}
}
