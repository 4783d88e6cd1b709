/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SIGNAL PROCESSOR among the vCPUs of one VM, as plain C (sigp_core.h).
 */
#include "arch/s390/sigp_core.h"

void sigp_decode(uint16_t ipa, uint32_t ipb, const uint64_t gprs[16],
		 struct sigp_insn *out)
{
	unsigned int b2 = ipb >> 28, d2 = (ipb >> 16) & 0xfff;

	out->r1 = (ipa >> 4) & 15;
	out->r3 = ipa & 15;
	out->order = (unsigned int)((b2 ? gprs[b2] : 0) + d2) & 0xff;
	out->param = gprs[out->r1 | 1];
	out->addr = gprs[out->r3] & 0xffff;
}

/* Orders that change the target's state description. */
static bool touches_sd(unsigned int ord)
{
	return ord == SIGP_STOP_STORE ||
	       ord == SIGP_INITIAL_RESET || ord == SIGP_RESET ||
	       ord == SIGP_SET_PREFIX || ord == SIGP_STORE_STATUS;
}

/* Returns the cc; *status is stored (with cc 1) when non-zero. */
static int order(const struct sigp_ops *ops, unsigned int v, unsigned int t,
		 unsigned int ord, uint64_t param, uint32_t *status)
{
	enum sigp_cpu_state st = ops->state(ops->ctx, t);
	/*
	 * A target still in SIE on another CPU has not stopped yet, even
	 * when a stop is on its way: it is stopped once it has left.
	 */
	bool live = t != v && ops->on_cpu(ops->ctx, t);
	bool stopped = !live && (st == SIGP_CPU_STOPPED || st == SIGP_CPU_DEAD);

	if (ord == SIGP_STOP_STORE && live) {
		/* Accepted: the CPU running it stores when it has left SIE. */
		if (ops->store_pending(ops->ctx, t))
			return 2;
		if (st == SIGP_CPU_DEAD)
			return 0;
		ops->store_when_stopped(ops->ctx, t);
		ops->set_state(ops->ctx, t, SIGP_CPU_STOPPED);
		return 0;
	}
	if (ord == SIGP_STORE_STATUS && !stopped) {
		*status = SIGP_ST_INCORRECT_STATE;
		return 1;
	}
	/* Its state description is live on another CPU: try again later. */
	if (live && touches_sd(ord))
		return 2;

	switch (ord) {
	case SIGP_SENSE:
		if (stopped)
			*status = SIGP_ST_STOPPED;
		if (ops->ext_call_pending(ops->ctx, t))
			*status |= SIGP_ST_EXT_CALL_PENDING;
		return *status ? 1 : 0;
	case SIGP_EXTERNAL_CALL:
		return ops->external_call(ops->ctx, v, t, status);
	case SIGP_EMERGENCY:
		return ops->emergency(ops->ctx, v, t, status);
	case SIGP_START:
		if (st == SIGP_CPU_STOPPED)
			ops->set_state(ops->ctx, t, SIGP_CPU_RUNNABLE);
		return 0;
	case SIGP_STOP:
		if (!stopped)
			ops->set_state(ops->ctx, t, SIGP_CPU_STOPPED);
		return 0;
	case SIGP_STOP_STORE:
		if (st == SIGP_CPU_DEAD)
			return 0;
		if (!stopped)
			ops->set_state(ops->ctx, t, SIGP_CPU_STOPPED);
		ops->store_stopped(ops->ctx, t);
		return 0;
	case SIGP_RESTART:
		if (st == SIGP_CPU_DEAD)
			return 0;
		/* Delivered (PSW swap) by the CPU that runs it, before SIE. */
		ops->restart(ops->ctx, t);
		ops->set_state(ops->ctx, t, SIGP_CPU_RUNNABLE);
		return 0;
	case SIGP_INITIAL_RESET:
		if (t != v && st != SIGP_CPU_DEAD) {
			ops->initial_reset(ops->ctx, t);
			ops->set_state(ops->ctx, t, SIGP_CPU_STOPPED);
		}
		return 0;
	case SIGP_RESET:
		ops->reset(ops->ctx, t);
		if (t != v && !stopped)
			ops->set_state(ops->ctx, t, SIGP_CPU_STOPPED);
		return 0;
	case SIGP_SET_PREFIX:
		if (!stopped) {
			*status = SIGP_ST_INCORRECT_STATE;
			return 1;
		}
		if (!ops->set_prefix(ops->ctx, t, (uint32_t)(param & 0x7fffe000ULL))) {
			*status = SIGP_ST_INVALID_PARAM;
			return 1;
		}
		return 0;
	case SIGP_STORE_STATUS:
		/* A 512-byte aligned absolute address below 2 GiB. */
		if (!ops->store_status(ops->ctx, t, param & 0x7ffffe00ULL)) {
			*status = SIGP_ST_INVALID_PARAM;
			return 1;
		}
		return 0;
	case SIGP_SENSE_RUNNING:
		if (t != v) {
			*status = SIGP_ST_NOT_RUNNING;
			return 1;
		}
		return 0;
	default:
		*status = SIGP_ST_INVALID_ORDER;
		return 1;
	}
}

int sigp_execute(const struct sigp_ops *ops, unsigned int nr_vcpus,
		 unsigned int self, const struct sigp_insn *in,
		 uint32_t *status)
{
	*status = 0;
	if (in->order == SIGP_SET_ARCH) {
		/* Already z/Architecture: modes 1 and 2 are accepted. */
		unsigned int mode = in->param & 0xff;

		if (mode != 1 && mode != 2) {
			*status = SIGP_ST_INVALID_PARAM;
			return 1;
		}
		return 0;
	}
	if (in->addr >= nr_vcpus)
		return 3;
	return order(ops, self, (unsigned int)in->addr, in->order, in->param,
		     status);
}
