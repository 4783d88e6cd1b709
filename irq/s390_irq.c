/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The state side of the s390 interrupt model (interface: irq/s390_irq.h):
 * setup, injection of local and floating interruptions with their data
 * slots, routing to a vCPU (wake or kick), the end of a delivery (done or
 * put back), SIGP signals, timer conditions and the accounting check.
 */
#include "irq/s390_irq.h"

#include "common/errno.h"
#include "common/string.h"
#include "irq/s390_irq_internal.h"

/* ---- accounting helpers ---- */

/* Interruptions an id stands for: pending, in flight, or both. */
static unsigned int units(const struct irqq *q, unsigned int id)
{
	struct irqq_info info = { 0 };

	if (irqq_get(q, id, &info))
		return 0;
	switch (info.state) {
	case IRQQ_PENDING:
	case IRQQ_ACTIVE:
		return 1;
	case IRQQ_PENDING_ACTIVE:
		return 2;
	default:
		return 0;
	}
}

static enum irqq_state state_of(const struct irqq *q, unsigned int id)
{
	struct irqq_info info = { 0 };

	if (irqq_get(q, id, &info))
		return IRQQ_INACTIVE;
	return info.state;
}

static bool has_pending(const struct irqq *q, unsigned int id)
{
	enum irqq_state s = state_of(q, id);

	return s == IRQQ_PENDING || s == IRQQ_PENDING_ACTIVE;
}

/* Inject edge @id; an injection that adds no pending unit merged. */
static int edge_inject(struct irqq *q, unsigned int id,
		       struct s390_irq_counters *c)
{
	unsigned int before = units(q, id);
	int rc = irqq_inject_edge(q, id);

	if (rc)
		return rc;
	c->injected++;
	if (units(q, id) == before)
		c->merged++;
	return 0;
}

/* Drive level @id; returns true when it became pending. */
static bool level_set(struct irqq *q, unsigned int id, bool on,
		      struct s390_irq_counters *c)
{
	unsigned int before = units(q, id), after;

	irqq_set_level(q, id, on);
	after = units(q, id);
	if (after > before)
		c->raised++;
	else if (after < before)
		c->cleared++;
	return after > before;
}

/* ---- setup ---- */

static const uint8_t local_prio[S390_L_EMERG0] = {
	[S390_L_MCHK_EX] = S390_PRIO_MCHK_EXIGENT,
	[S390_L_SVC] = S390_PRIO_SVC,
	[S390_L_PGM] = S390_PRIO_PGM,
	[S390_L_MCHK] = S390_PRIO_MCHK,
	[S390_L_EXT_CALL] = S390_PRIO_EXT_CALL,
	[S390_L_CKC] = S390_PRIO_CKC,
	[S390_L_CPU_TIMER] = S390_PRIO_CPU_TIMER,
	[S390_L_RESTART] = S390_PRIO_RESTART,
	[S390_L_STOP] = S390_PRIO_STOP,
	[S390_L_PREFIX] = S390_PRIO_SET_PREFIX,
};

int s390_irq_vm_init(struct s390_irq_vm *vm, const struct s390_irq_ops *ops,
		     void *ctx)
{
	if (!vm || !ops || !ops->wake || !ops->kick)
		return -EINVAL;
	memset(vm, 0, sizeof(*vm));
	vm->ops = ops;
	vm->ctx = ctx;
	irqq_init(&vm->q, S390_F_NR);
	irqq_set_priority(&vm->q, S390_F_SERVICE, S390_PRIO_SERVICE);
	for (unsigned int i = 0; i < S390_IRQ_VIRTIO_SLOTS; i++)
		irqq_set_priority(&vm->q, S390_F_VIRTIO0 + i, S390_PRIO_VIRTIO);
	for (unsigned int i = 0; i < S390_IRQ_IO_SLOTS; i++)
		irqq_set_priority(&vm->q, S390_F_IO0 + i, S390_PRIO_IO0);
	return 0;
}

int s390_irq_vcpu_init(struct s390_irq_vm *vm, struct s390_irq_vcpu *vcpu,
		       unsigned int addr)
{
	if (!vm || !vcpu || addr >= S390_IRQ_MAX_VCPUS)
		return -EINVAL;
	if (vm->vcpus[addr])
		return -EEXIST;
	memset(vcpu, 0, sizeof(*vcpu));
	vcpu->vm = vm;
	vcpu->addr = addr;
	vcpu->run = S390_RUN_STOPPED;
	irqq_init(&vcpu->q, S390_L_NR);
	for (unsigned int i = 0; i < S390_L_EMERG0; i++)
		irqq_set_priority(&vcpu->q, i, local_prio[i]);
	for (unsigned int i = S390_L_EMERG0; i < S390_L_NR; i++)
		irqq_set_priority(&vcpu->q, i, S390_PRIO_EMERGENCY);
	irqq_set_trigger(&vcpu->q, S390_L_CKC, IRQQ_LEVEL);
	irqq_set_trigger(&vcpu->q, S390_L_CPU_TIMER, IRQQ_LEVEL);
	vm->vcpus[addr] = vcpu;
	return 0;
}

struct s390_irq_vcpu *s390_irq_vcpu_at(struct s390_irq_vm *vm,
				       unsigned int addr)
{
	if (!vm || addr >= S390_IRQ_MAX_VCPUS)
		return NULL;
	return vm->vcpus[addr];
}

/* ---- routing ---- */

static void wake(struct s390_irq_vcpu *v)
{
	v->run = S390_RUN_RUNNING;
	v->vm->wakes++;
	v->vm->ops->wake(v->vm->ctx, v->addr);
}

static void kick(struct s390_irq_vcpu *v)
{
	v->vm->kicks++;
	v->vm->ops->kick(v->vm->ctx, v->addr);
}

/* An idle vCPU's recorded masks (exact: they cannot change in a wait). */
static bool idle_takes(const struct s390_irq_vcpu *v, enum s390_irq_type type,
		       unsigned int isc)
{
	return v->run == S390_RUN_IDLE && v->masks_known &&
	       s390_irq_type_deliverable(type, isc, v->psw_mask, v->cr0,
					 v->cr6, false);
}

/* A local interruption of @type is pending on @v: get it noticed. */
static void route_local(struct s390_irq_vcpu *v, enum s390_irq_type type)
{
	switch (v->run) {
	case S390_RUN_IDLE:
		if (idle_takes(v, type, 0))
			wake(v);
		break;
	case S390_RUN_RUNNING:
		kick(v);
		break;
	default:
		if (type == S390_IRQ_RESTART)
			wake(v);
		break;
	}
}

/*
 * A floating interruption is pending: wake one idle vCPU that takes it
 * (round robin), else kick every running one (one will take it, the
 * others set their request flags).
 */
static void route_floating(struct s390_irq_vm *vm, enum s390_irq_type type,
			   unsigned int isc, const struct s390_irq_vcpu *skip)
{
	for (unsigned int k = 0; k < S390_IRQ_MAX_VCPUS; k++) {
		unsigned int i = (vm->rr + k) % S390_IRQ_MAX_VCPUS;
		struct s390_irq_vcpu *v = vm->vcpus[i];

		if (v && v != skip && idle_takes(v, type, isc)) {
			vm->rr = (i + 1) % S390_IRQ_MAX_VCPUS;
			wake(v);
			return;
		}
	}
	for (unsigned int i = 0; i < S390_IRQ_MAX_VCPUS; i++) {
		struct s390_irq_vcpu *v = vm->vcpus[i];

		if (v && v != skip && v->run == S390_RUN_RUNNING)
			kick(v);
	}
}

/*
 * Re-route every pending floating interruption, e.g. when the vCPU that
 * was to take them stopped. Extra wake-ups are harmless: a vCPU that finds
 * nothing goes back to its wait.
 */
static void reroute_floating(struct s390_irq_vm *vm,
			     const struct s390_irq_vcpu *skip)
{
	for (unsigned int id = 0; id < S390_F_NR; id++) {
		unsigned int isc;
		enum s390_irq_type type;

		if (!has_pending(&vm->q, id))
			continue;
		type = s390_floating_type(vm, id, &isc);
		route_floating(vm, type, isc, skip);
	}
}

int s390_irq_set_running(struct s390_irq_vcpu *vcpu, bool running)
{
	if (!vcpu || !vcpu->vm)
		return -EINVAL;
	if (running) {
		vcpu->run = S390_RUN_RUNNING;
		return 0;
	}
	if (vcpu->run == S390_RUN_STOPPED)
		return 0;
	vcpu->run = S390_RUN_STOPPED;
	reroute_floating(vcpu->vm, vcpu);
	return 0;
}

bool s390_psw_disabled_wait(const struct s390_psw *psw)
{
	return psw && (psw->mask & S390_PSW_WAIT) &&
	       !(psw->mask & (S390_PSW_EXT | S390_PSW_IO | S390_PSW_MCHK));
}

int s390_irq_enter_wait(struct s390_irq_vcpu *vcpu, const struct s390_psw *psw,
			uint64_t cr0, uint64_t cr6)
{
	if (!vcpu || !vcpu->vm || !psw)
		return -EINVAL;
	vcpu->masks_known = true;
	vcpu->psw_mask = psw->mask;
	vcpu->cr0 = cr0;
	vcpu->cr6 = cr6;
	if (vcpu->run != S390_RUN_STOPPED)
		vcpu->run = S390_RUN_RUNNING;
	if (s390_irq_can_wake(vcpu, psw, cr0, cr6))
		return 1;
	if (vcpu->run == S390_RUN_RUNNING)
		vcpu->run = S390_RUN_IDLE;
	return 0;
}

/* ---- local injection ---- */

static int inject_local(struct s390_irq_vcpu *v, unsigned int id,
			enum s390_irq_type type)
{
	int rc = edge_inject(&v->q, id, &v->cnt);

	if (!rc)
		route_local(v, type);
	return rc;
}

int s390_irq_inject_program(struct s390_irq_vcpu *vcpu, uint16_t code,
			    unsigned int ilen, bool has_tea, uint64_t tea)
{
	if (!vcpu || !vcpu->vm || ilen > 6 || (ilen & 1))
		return -EINVAL;
	if (state_of(&vcpu->q, S390_L_PGM) != IRQQ_INACTIVE)
		return -EBUSY;
	vcpu->pgm_code = code;
	vcpu->pgm_ilen = (uint16_t)ilen;
	vcpu->pgm_has_tea = has_tea;
	vcpu->pgm_tea = has_tea ? tea : 0;
	return inject_local(vcpu, S390_L_PGM, S390_IRQ_PGM);
}

int s390_irq_inject_svc(struct s390_irq_vcpu *vcpu, uint16_t code,
			unsigned int ilen)
{
	if (!vcpu || !vcpu->vm || (ilen != 2 && ilen != 4))
		return -EINVAL;
	if (state_of(&vcpu->q, S390_L_SVC) != IRQQ_INACTIVE)
		return -EBUSY;
	vcpu->svc_code = code;
	vcpu->svc_ilen = (uint16_t)ilen;
	return inject_local(vcpu, S390_L_SVC, S390_IRQ_SVC);
}

int s390_irq_inject_mcheck(struct s390_irq_vcpu *vcpu, uint64_t mcic)
{
	bool exigent = mcic & (S390_MCIC_SYSTEM_DAMAGE | S390_MCIC_INSTR_DAMAGE);
	unsigned int id = exigent ? S390_L_MCHK_EX : S390_L_MCHK;
	unsigned int x = !exigent;

	if (!vcpu || !vcpu->vm || !mcic)
		return -EINVAL;
	/* One machine check of each urgency pending: conditions accumulate. */
	if (has_pending(&vcpu->q, id))
		vcpu->mcic[x] |= mcic;
	else
		vcpu->mcic[x] = mcic;
	return inject_local(vcpu, id,
			    exigent ? S390_IRQ_MCHK_EXIGENT : S390_IRQ_MCHK);
}

int s390_irq_inject_emergency(struct s390_irq_vcpu *vcpu, unsigned int src)
{
	if (!vcpu || !vcpu->vm || src >= S390_IRQ_MAX_VCPUS)
		return -EINVAL;
	return inject_local(vcpu, S390_L_EMERG0 + src, S390_IRQ_EMERGENCY);
}

bool s390_irq_ext_call_pending(const struct s390_irq_vcpu *vcpu)
{
	return vcpu && state_of(&vcpu->q, S390_L_EXT_CALL) != IRQQ_INACTIVE;
}

int s390_irq_inject_ext_call(struct s390_irq_vcpu *vcpu, unsigned int src)
{
	if (!vcpu || !vcpu->vm || src >= S390_IRQ_MAX_VCPUS)
		return -EINVAL;
	if (s390_irq_ext_call_pending(vcpu))
		return -EBUSY;
	vcpu->ext_call_src = (uint16_t)src;
	return inject_local(vcpu, S390_L_EXT_CALL, S390_IRQ_EXT_CALL);
}

int s390_irq_inject_restart(struct s390_irq_vcpu *vcpu)
{
	if (!vcpu || !vcpu->vm)
		return -EINVAL;
	return inject_local(vcpu, S390_L_RESTART, S390_IRQ_RESTART);
}

int s390_irq_inject_stop(struct s390_irq_vcpu *vcpu)
{
	if (!vcpu || !vcpu->vm)
		return -EINVAL;
	return inject_local(vcpu, S390_L_STOP, S390_IRQ_STOP);
}

int s390_irq_inject_set_prefix(struct s390_irq_vcpu *vcpu, uint32_t prefix)
{
	if (!vcpu || !vcpu->vm || (prefix & (S390_LC_SIZE - 1)))
		return -EINVAL;
	/* Setting the prefix twice leaves the last value: the newer wins. */
	vcpu->prefix = prefix;
	return inject_local(vcpu, S390_L_PREFIX, S390_IRQ_SET_PREFIX);
}

int s390_irq_reset_local(struct s390_irq_vcpu *vcpu)
{
	if (!vcpu || !vcpu->vm)
		return -EINVAL;
	if (vcpu->fl.busy)
		return -EBUSY;
	for (unsigned int id = 0; id < S390_L_NR; id++) {
		unsigned int before;

		if (id == S390_L_CKC || id == S390_L_CPU_TIMER)
			continue;
		before = units(&vcpu->q, id);
		irqq_clear_pending(&vcpu->q, id);
		vcpu->cnt.cleared += before - units(&vcpu->q, id);
	}
	vcpu->mcic[0] = vcpu->mcic[1] = 0;
	return 0;
}

/* ---- level conditions ---- */

static int set_condition(struct s390_irq_vcpu *vcpu, unsigned int id,
			 enum s390_irq_type type, bool on)
{
	if (!vcpu || !vcpu->vm)
		return -EINVAL;
	if (level_set(&vcpu->q, id, on, &vcpu->cnt))
		route_local(vcpu, type);
	return 0;
}

int s390_irq_set_ckc(struct s390_irq_vcpu *vcpu, bool on)
{
	return set_condition(vcpu, S390_L_CKC, S390_IRQ_CKC, on);
}

int s390_irq_set_cpu_timer(struct s390_irq_vcpu *vcpu, bool on)
{
	return set_condition(vcpu, S390_L_CPU_TIMER, S390_IRQ_CPU_TIMER, on);
}

int s390_irq_sync_timers(struct s390_irq_vcpu *vcpu,
			 const struct s390_irq_clock *clk,
			 struct s390_irq_deadlines *out)
{
	uint64_t guest_now, dl;
	bool ckc_on, cpt_on;

	if (!vcpu || !vcpu->vm || !clk || !out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	/* Guest TOD wraps like the real clock; compare against it, then
	 * measure the distance from now so the deadline never wraps. */
	guest_now = clk->now + clk->epoch;
	ckc_on = guest_now > clk->ckc;
	/* A comparator at the clock's last value is never exceeded. */
	if (!ckc_on && clk->ckc != UINT64_MAX &&
	    !add_overflows(clk->now, clk->ckc - guest_now, &dl) &&
	    !add_overflows(dl, (uint64_t)1, &dl)) {
		out->ckc_armed = true;
		out->ckc = dl;
	}
	cpt_on = (int64_t)clk->cpu_timer < 0;
	/* It turns negative one tick after reaching zero. */
	if (!cpt_on && clk->cpu_timer_runs &&
	    !add_overflows(clk->now, clk->cpu_timer, &dl) &&
	    !add_overflows(dl, (uint64_t)1, &dl)) {
		out->cpu_timer_armed = true;
		out->cpu_timer = dl;
	}
	s390_irq_set_ckc(vcpu, ckc_on);
	s390_irq_set_cpu_timer(vcpu, cpt_on);
	return 0;
}

/* ---- floating injection ---- */

/*
 * Fold service-signal parameter @b into pending @a: event-pending bits
 * accumulate; the SCCB address is @a's unless it has none.
 */
static uint32_t merge_service(uint32_t a, uint32_t b)
{
	uint32_t addr = (a & ~7U) ? (a & ~7U) : (b & ~7U);

	return addr | ((a | b) & 7U);
}

int s390_irq_inject_service(struct s390_irq_vm *vm, uint32_t param)
{
	uint32_t p;
	int rc;

	if (!vm || !vm->ops)
		return -EINVAL;
	p = param;
	if (has_pending(&vm->q, S390_F_SERVICE)) {
		uint32_t old = vm->service_param & ~7U, new = param & ~7U;

		if (old && new && old != new)
			return -EBUSY;
		p = merge_service(vm->service_param, param);
	}
	rc = edge_inject(&vm->q, S390_F_SERVICE, &vm->cnt);
	if (rc)
		return rc;
	vm->service_param = p;
	route_floating(vm, S390_IRQ_SERVICE, 0, NULL);
	return 0;
}

bool s390_irq_service_pending(const struct s390_irq_vm *vm)
{
	return vm && state_of(&vm->q, S390_F_SERVICE) != IRQQ_INACTIVE;
}

int s390_irq_inject_virtio(struct s390_irq_vm *vm, uint32_t param,
			   uint64_t param64)
{
	unsigned int slot = S390_IRQ_VIRTIO_SLOTS, id;
	int rc;

	if (!vm || !vm->ops)
		return -EINVAL;
	for (unsigned int i = 0; i < S390_IRQ_VIRTIO_SLOTS; i++) {
		bool used = state_of(&vm->q, S390_F_VIRTIO0 + i) != IRQQ_INACTIVE;

		if (used && vm->virtio[i].param == param &&
		    vm->virtio[i].param64 == param64) {
			slot = i;
			break;
		}
		if (!used && slot == S390_IRQ_VIRTIO_SLOTS)
			slot = i;
	}
	if (slot == S390_IRQ_VIRTIO_SLOTS)
		return -ENOSPC;
	id = S390_F_VIRTIO0 + slot;
	if (state_of(&vm->q, id) == IRQQ_INACTIVE) {
		vm->virtio[slot].param = param;
		vm->virtio[slot].param64 = param64;
	}
	rc = edge_inject(&vm->q, id, &vm->cnt);
	if (!rc)
		route_floating(vm, S390_IRQ_VIRTIO, 0, NULL);
	return rc;
}

/* Slot of subchannel (@schid, @schnr) in use, or S390_IRQ_IO_SLOTS. */
static unsigned int io_find(const struct s390_irq_vm *vm, uint16_t schid,
			    uint16_t schnr)
{
	for (unsigned int i = 0; i < S390_IRQ_IO_SLOTS; i++)
		if (state_of(&vm->q, S390_F_IO0 + i) != IRQQ_INACTIVE &&
		    vm->io[i].schid == schid && vm->io[i].schnr == schnr)
			return i;
	return S390_IRQ_IO_SLOTS;
}

int s390_irq_inject_io(struct s390_irq_vm *vm, const struct s390_io_irq *io)
{
	unsigned int slot, isc;
	int rc;

	if (!vm || !vm->ops || !io)
		return -EINVAL;
	isc = S390_IO_WORD_ISC(io->word);
	slot = io_find(vm, io->schid, io->schnr);
	if (slot < S390_IRQ_IO_SLOTS) {
		const struct s390_io_irq *o = &vm->io[slot];

		if (o->param != io->param || o->word != io->word)
			return -EBUSY;
	} else {
		for (slot = 0; slot < S390_IRQ_IO_SLOTS; slot++)
			if (state_of(&vm->q, S390_F_IO0 + slot) == IRQQ_INACTIVE)
				break;
		if (slot == S390_IRQ_IO_SLOTS)
			return -ENOSPC;
		vm->io[slot] = *io;
		irqq_set_priority(&vm->q, S390_F_IO0 + slot,
				  S390_PRIO_IO0 + isc);
	}
	rc = edge_inject(&vm->q, S390_F_IO0 + slot, &vm->cnt);
	if (!rc)
		route_floating(vm, S390_IRQ_IO, isc, NULL);
	return rc;
}

int s390_irq_clear_io(struct s390_irq_vm *vm, uint16_t schid, uint16_t schnr,
		      struct s390_io_irq *out)
{
	unsigned int slot, id, before;

	if (!vm || !vm->ops)
		return -EINVAL;
	slot = io_find(vm, schid, schnr);
	if (slot == S390_IRQ_IO_SLOTS)
		return -ENOENT;
	id = S390_F_IO0 + slot;
	if (!has_pending(&vm->q, id))
		return -EBUSY;
	if (out)
		*out = vm->io[slot];
	before = units(&vm->q, id);
	irqq_clear_pending(&vm->q, id);
	vm->cnt.cleared += before - units(&vm->q, id);
	return 0;
}

/* ---- end of a delivery ---- */

int s390_irq_delivered(struct s390_irq_vcpu *vcpu)
{
	struct s390_irq_inflight *fl;
	struct irqq *q;
	struct s390_irq_counters *c;
	unsigned int before;

	if (!vcpu || !vcpu->vm)
		return -EINVAL;
	fl = &vcpu->fl;
	if (!fl->busy)
		return -ENOENT;
	q = fl->floating ? &vcpu->vm->q : &vcpu->q;
	c = fl->floating ? &vcpu->vm->cnt : &vcpu->cnt;
	before = units(q, fl->id);
	irqq_complete(q, fl->id);
	c->delivered++;
	/* A level condition still true is pending again at once. */
	if (units(q, fl->id) + 1 > before)
		c->raised++;
	if (fl->type == S390_IRQ_RESTART)
		vcpu->run = S390_RUN_RUNNING;
	else if (fl->type == S390_IRQ_STOP)
		vcpu->run = S390_RUN_STOPPED;
	fl->busy = false;
	if (fl->type == S390_IRQ_STOP)
		reroute_floating(vcpu->vm, vcpu);
	return 0;
}

/* Give the data of a put-back interruption to its slot again. */
static void restore_data(struct s390_irq_vcpu *vcpu,
			 const struct s390_irq_inflight *fl, bool merged)
{
	struct s390_irq_vm *vm = vcpu->vm;

	switch (fl->type) {
	case S390_IRQ_MCHK_EXIGENT:
	case S390_IRQ_MCHK: {
		unsigned int x = fl->type == S390_IRQ_MCHK;

		vcpu->mcic[x] = merged ? vcpu->mcic[x] | fl->data64 : fl->data64;
		break;
	}
	case S390_IRQ_SERVICE:
		vm->service_param = merged ? merge_service(vm->service_param,
							   fl->data32)
					   : fl->data32;
		break;
	case S390_IRQ_SET_PREFIX:
		if (!merged)
			vcpu->prefix = fl->data32;
		break;
	case S390_IRQ_EXT_CALL:
		vcpu->ext_call_src = fl->code;
		break;
	default:
		/* Program/SVC data cannot change in flight; slots keep theirs. */
		break;
	}
}

int s390_irq_delivery_failed(struct s390_irq_vcpu *vcpu)
{
	struct s390_irq_inflight *fl;
	struct irqq *q;
	struct s390_irq_counters *c;
	struct irqq_info info = { 0 };
	unsigned int after, isc;

	if (!vcpu || !vcpu->vm)
		return -EINVAL;
	fl = &vcpu->fl;
	if (!fl->busy)
		return -ENOENT;
	q = fl->floating ? &vcpu->vm->q : &vcpu->q;
	c = fl->floating ? &vcpu->vm->cnt : &vcpu->cnt;
	irqq_get(q, fl->id, &info);
	irqq_complete(q, fl->id);
	after = units(q, fl->id);
	c->failed++;
	if (info.trigger == IRQQ_LEVEL) {
		/* Back to pending if the condition still holds, else gone. */
		if (!after)
			c->cleared++;
	} else if (after) {
		/* A newer one of the same kind is pending: fold into it. */
		c->merged++;
		restore_data(vcpu, fl, true);
	} else {
		irqq_inject_edge(q, fl->id);
		restore_data(vcpu, fl, false);
	}
	fl->busy = false;
	vcpu->run = S390_RUN_STOPPED;
	if (fl->floating) {
		(void)s390_floating_type(vcpu->vm, fl->id, &isc);
		route_floating(vcpu->vm, fl->type, isc, vcpu);
	}
	return 0;
}

/* ---- SIGP ---- */

static struct s390_irq_vcpu *sigp_target(struct s390_irq_vm *vm,
					 unsigned int dst)
{
	return dst < S390_IRQ_MAX_VCPUS ? vm->vcpus[dst] : NULL;
}

/*
 * The checks shared by the signalling orders: -EINVAL for a bad call or
 * source, S390_SIGP_CC_NOT_OPER for a missing target, else 0 with *t set.
 */
static int sigp_src_dst(struct s390_irq_vm *vm, unsigned int src,
			unsigned int dst, const uint32_t *status,
			struct s390_irq_vcpu **t)
{
	if (!vm || !status || !sigp_target(vm, src))
		return -EINVAL;
	*t = sigp_target(vm, dst);
	return *t ? 0 : S390_SIGP_CC_NOT_OPER;
}

int s390_irq_sigp_emergency(struct s390_irq_vm *vm, unsigned int src,
			    unsigned int dst, uint32_t *status)
{
	struct s390_irq_vcpu *t;
	int rc = sigp_src_dst(vm, src, dst, status, &t);

	if (rc)
		return rc;
	/* A repeat from the same source while one is pending merges: cc 0. */
	rc = s390_irq_inject_emergency(t, src);
	return rc ? rc : S390_SIGP_CC_ACCEPTED;
}

int s390_irq_sigp_external_call(struct s390_irq_vm *vm, unsigned int src,
				unsigned int dst, uint32_t *status)
{
	struct s390_irq_vcpu *t;
	int rc = sigp_src_dst(vm, src, dst, status, &t);

	if (rc)
		return rc;
	if (s390_irq_ext_call_pending(t)) {
		*status = S390_SIGP_STAT_EXT_CALL_PENDING;
		return S390_SIGP_CC_STATUS;
	}
	rc = s390_irq_inject_ext_call(t, src);
	return rc ? rc : S390_SIGP_CC_ACCEPTED;
}

int s390_irq_sigp_sense(struct s390_irq_vm *vm, unsigned int dst,
			uint32_t *status)
{
	struct s390_irq_vcpu *t;
	uint32_t st = 0;

	if (!vm || !status)
		return -EINVAL;
	t = sigp_target(vm, dst);
	if (!t)
		return S390_SIGP_CC_NOT_OPER;
	if (t->run == S390_RUN_STOPPED)
		st |= S390_SIGP_STAT_STOPPED;
	if (s390_irq_ext_call_pending(t))
		st |= S390_SIGP_STAT_EXT_CALL_PENDING;
	if (!st)
		return S390_SIGP_CC_ACCEPTED;
	*status = st;
	return S390_SIGP_CC_STATUS;
}

/* ---- accounting ---- */

int s390_irq_get_counters(const struct s390_irq_vm *vm,
			  const struct s390_irq_vcpu *vcpu,
			  struct s390_irq_counters *out)
{
	if (!vm || !out || (vcpu && vcpu->vm != vm))
		return -EINVAL;
	*out = vcpu ? vcpu->cnt : vm->cnt;
	return 0;
}

static uint64_t count_units(const struct irqq *q, unsigned int nr)
{
	uint64_t n = 0;

	for (unsigned int id = 0; id < nr; id++)
		n += units(q, id);
	return n;
}

uint64_t s390_irq_pending_count(const struct s390_irq_vm *vm,
				const struct s390_irq_vcpu *vcpu)
{
	if (!vm || (vcpu && vcpu->vm != vm))
		return 0;
	return vcpu ? count_units(&vcpu->q, S390_L_NR)
		    : count_units(&vm->q, S390_F_NR);
}

static bool balanced(const struct s390_irq_counters *c, uint64_t pending)
{
	return c->injected + c->raised ==
	       c->delivered + c->merged + c->cleared + pending;
}

/* Active (taken, unconfirmed) ids of @q. */
static unsigned int count_active(const struct irqq *q, unsigned int nr)
{
	unsigned int n = 0;

	for (unsigned int id = 0; id < nr; id++) {
		enum irqq_state s = state_of(q, id);

		n += s == IRQQ_ACTIVE || s == IRQQ_PENDING_ACTIVE;
	}
	return n;
}

static int check_vcpu(const struct s390_irq_vm *vm,
		      const struct s390_irq_vcpu *v, unsigned int addr,
		      unsigned int *floating_busy)
{
	unsigned int active;

	if (v->vm != vm || v->addr != addr || irqq_check(&v->q))
		return -EFAULT;
	if (!balanced(&v->cnt, count_units(&v->q, S390_L_NR)))
		return -EFAULT;
	active = count_active(&v->q, S390_L_NR);
	if (active != (v->fl.busy && !v->fl.floating))
		return -EFAULT;
	if (v->fl.busy) {
		const struct irqq *q = v->fl.floating ? &vm->q : &v->q;
		enum irqq_state s = state_of(q, v->fl.id);

		if (s != IRQQ_ACTIVE && s != IRQQ_PENDING_ACTIVE)
			return -EFAULT;
		*floating_busy += v->fl.floating;
	}
	return 0;
}

int s390_irq_check(const struct s390_irq_vm *vm)
{
	unsigned int floating_busy = 0;

	if (!vm || irqq_check(&vm->q))
		return -EFAULT;
	if (!balanced(&vm->cnt, count_units(&vm->q, S390_F_NR)))
		return -EFAULT;
	for (unsigned int i = 0; i < S390_IRQ_MAX_VCPUS; i++)
		if (vm->vcpus[i] &&
		    check_vcpu(vm, vm->vcpus[i], i, &floating_busy))
			return -EFAULT;
	if (count_active(&vm->q, S390_F_NR) != floating_busy)
		return -EFAULT;
	/* One slot per subchannel, at the priority of its ISC. */
	for (unsigned int i = 0; i < S390_IRQ_IO_SLOTS; i++) {
		struct irqq_info info = { 0 };

		if (state_of(&vm->q, S390_F_IO0 + i) == IRQQ_INACTIVE)
			continue;
		irqq_get(&vm->q, S390_F_IO0 + i, &info);
		if (info.prio != S390_PRIO_IO0 + S390_IO_WORD_ISC(vm->io[i].word))
			return -EFAULT;
		for (unsigned int k = i + 1; k < S390_IRQ_IO_SLOTS; k++)
			if (state_of(&vm->q, S390_F_IO0 + k) != IRQQ_INACTIVE &&
			    vm->io[k].schid == vm->io[i].schid &&
			    vm->io[k].schnr == vm->io[i].schnr)
				return -EFAULT;
	}
	return 0;
}
