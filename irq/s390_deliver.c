/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The delivery side of the s390 interrupt model (interface: irq/s390_irq.h):
 * which pending interruption a vCPU can take under its PSW and CR0/CR6
 * masks, the lowcore stores of its PSW swap as big-endian bytes, and the
 * SIE request flags for what stays masked.
 */
#include "irq/s390_irq.h"

#include "common/errno.h"
#include "common/string.h"
#include "irq/s390_irq_internal.h"

enum s390_irq_type s390_local_type(unsigned int id)
{
	static const uint8_t map[S390_L_EMERG0] = {
		[S390_L_MCHK_EX] = S390_IRQ_MCHK_EXIGENT,
		[S390_L_SVC] = S390_IRQ_SVC,
		[S390_L_PGM] = S390_IRQ_PGM,
		[S390_L_MCHK] = S390_IRQ_MCHK,
		[S390_L_EXT_CALL] = S390_IRQ_EXT_CALL,
		[S390_L_CKC] = S390_IRQ_CKC,
		[S390_L_CPU_TIMER] = S390_IRQ_CPU_TIMER,
		[S390_L_RESTART] = S390_IRQ_RESTART,
		[S390_L_STOP] = S390_IRQ_STOP,
		[S390_L_PREFIX] = S390_IRQ_SET_PREFIX,
	};

	if (id < S390_L_EMERG0)
		return (enum s390_irq_type)map[id];
	if (id < S390_L_NR)
		return S390_IRQ_EMERGENCY;
	return S390_IRQ_NR_TYPES;
}

enum s390_irq_type s390_floating_type(const struct s390_irq_vm *vm,
				      unsigned int id, unsigned int *isc)
{
	*isc = 0;
	if (id == S390_F_SERVICE)
		return S390_IRQ_SERVICE;
	if (id < S390_F_IO0)
		return S390_IRQ_VIRTIO;
	if (id < S390_F_NR) {
		*isc = S390_IO_WORD_ISC(vm->io[id - S390_F_IO0].word);
		return S390_IRQ_IO;
	}
	return S390_IRQ_NR_TYPES;
}

/* CR0 subclass bit of an external interruption kind, 0 if not external. */
static uint64_t ext_subclass(enum s390_irq_type type)
{
	switch (type) {
	case S390_IRQ_EMERGENCY:
		return S390_CR0_EMERGENCY;
	case S390_IRQ_EXT_CALL:
		return S390_CR0_EXT_CALL;
	case S390_IRQ_CKC:
		return S390_CR0_CKC;
	case S390_IRQ_CPU_TIMER:
		return S390_CR0_CPU_TIMER;
	case S390_IRQ_SERVICE:
	case S390_IRQ_VIRTIO:
		/* Linux enables 0x2603 with the service-signal subclass. */
		return S390_CR0_SERVICE;
	default:
		return 0;
	}
}

bool s390_irq_type_deliverable(enum s390_irq_type type, unsigned int isc,
			       uint64_t psw_mask, uint64_t cr0, uint64_t cr6,
			       bool stopped)
{
	uint64_t sub;

	/* A stopped CPU takes no interruption; restart starts it. */
	if (stopped)
		return type == S390_IRQ_RESTART || type == S390_IRQ_STOP ||
		       type == S390_IRQ_SET_PREFIX;
	switch (type) {
	case S390_IRQ_MCHK_EXIGENT:
	case S390_IRQ_MCHK:
		return (psw_mask & S390_PSW_MCHK) != 0;
	case S390_IRQ_SVC:
	case S390_IRQ_PGM:
	case S390_IRQ_RESTART:
	case S390_IRQ_STOP:
	case S390_IRQ_SET_PREFIX:
		return true;
	case S390_IRQ_IO:
		return isc < 8 && (psw_mask & S390_PSW_IO) &&
		       (cr6 & S390_CR6_ISC(isc));
	default:
		sub = ext_subclass(type);
		/* An unknown kind is simply never deliverable: no BUG(). */
		return sub && (psw_mask & S390_PSW_EXT) && (cr0 & sub);
	}
}

/* Masks a lookup is judged against, plus what the requests walk found. */
struct judge {
	const struct s390_irq_vm *vm;
	uint64_t psw_mask, cr0, cr6;
	bool stopped;
	struct s390_irq_request *req;   /* non-NULL: note what stays masked */
	bool collect_only;              /* accept nothing: visit every candidate */
};

static void note_request(struct judge *j, enum s390_irq_type type,
			 unsigned int isc)
{
	uint64_t sub;

	if (j->stopped)
		return;
	if (type == S390_IRQ_MCHK || type == S390_IRQ_MCHK_EXIGENT) {
		j->req->watch_psw = true;
		return;
	}
	if (type == S390_IRQ_IO) {
		/*
		 * Asking for an exit on I/O enablement while the ISC is off
		 * would exit again at once forever: watch CR6 loads instead.
		 */
		if (j->cr6 & S390_CR6_ISC(isc))
			j->req->v_flags |= S390_SD_V_IO;
		else
			j->req->lctl |= S390_LCTL_CR(6);
		return;
	}
	sub = ext_subclass(type);
	if (!sub)
		return;
	if (j->cr0 & sub)
		j->req->v_flags |= S390_SD_V_EXT;
	else
		j->req->lctl |= S390_LCTL_CR(0);
}

static bool judge_one(struct judge *j, enum s390_irq_type type,
		      unsigned int isc)
{
	bool ok = s390_irq_type_deliverable(type, isc, j->psw_mask, j->cr0,
					    j->cr6, j->stopped);

	if (!ok && j->req)
		note_request(j, type, isc);
	return ok && !j->collect_only;
}

static bool judge_local(void *ctx, unsigned int id, unsigned int prio)
{
	(void)prio;
	return judge_one(ctx, s390_local_type(id), 0);
}

static bool judge_floating(void *ctx, unsigned int id, unsigned int prio)
{
	struct judge *j = ctx;
	unsigned int isc;
	enum s390_irq_type type = s390_floating_type(j->vm, id, &isc);

	(void)prio;
	return judge_one(j, type, isc);
}

static void judge_setup(struct judge *j, const struct s390_irq_vcpu *vcpu,
			uint64_t psw_mask, uint64_t cr0, uint64_t cr6,
			struct s390_irq_request *req)
{
	j->vm = vcpu->vm;
	j->psw_mask = psw_mask;
	j->cr0 = cr0;
	j->cr6 = cr6;
	j->stopped = vcpu->run == S390_RUN_STOPPED;
	j->req = req;
	j->collect_only = false;
}

/*
 * irqq lookups take non-const queues but a lookup changes nothing; these
 * keep the casts in one place.
 */
static struct irqq *lq_of(const struct s390_irq_vcpu *vcpu)
{
	return (struct irqq *)&vcpu->q;
}

static struct irqq *fq_of(const struct s390_irq_vcpu *vcpu)
{
	return (struct irqq *)&vcpu->vm->q;
}

bool s390_irq_can_wake(const struct s390_irq_vcpu *vcpu,
		       const struct s390_psw *psw, uint64_t cr0, uint64_t cr6)
{
	struct judge j;
	struct irqq_filter lf = { judge_local, &j };
	struct irqq_filter ff = { judge_floating, &j };
	struct irqq_pick pick;

	if (!vcpu || !vcpu->vm || !psw)
		return false;
	judge_setup(&j, vcpu, psw->mask, cr0, cr6, NULL);
	return irqq_best(lq_of(vcpu), &lf, fq_of(vcpu), &ff, &pick) == 0;
}

int s390_irq_requests(const struct s390_irq_vcpu *vcpu,
		      const struct s390_psw *psw, uint64_t cr0, uint64_t cr6,
		      struct s390_irq_request *out)
{
	struct judge j;
	struct irqq_filter lf = { judge_local, &j };
	struct irqq_filter ff = { judge_floating, &j };
	struct irqq_pick pick;

	if (!vcpu || !vcpu->vm || !psw || !out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	judge_setup(&j, vcpu, psw->mask, cr0, cr6, out);
	j.collect_only = true;
	/* The filter rejects every candidate, so this visits them all. */
	(void)irqq_best(lq_of(vcpu), &lf, fq_of(vcpu), &ff, &pick);
	return 0;
}

/* ---- building the stores ---- */

static void add_store(struct s390_delivery *d, uint16_t off, uint8_t size,
		      uint64_t val)
{
	struct s390_lc_store *s = &d->stores[d->nr_stores++];

	s->offset = off;
	s->size = size;
	if (size == 2)
		s390_put_be16(s->bytes, (uint16_t)val);
	else if (size == 4)
		s390_put_be32(s->bytes, (uint32_t)val);
	else
		s390_put_be64(s->bytes, val);
}

static void add_psw_store(struct s390_delivery *d, uint16_t off,
			  const struct s390_psw *psw)
{
	struct s390_lc_store *s = &d->stores[d->nr_stores++];

	s->offset = off;
	s->size = 16;
	s390_put_be64(s->bytes, psw->mask);
	s390_put_be64(s->bytes + 8, psw->addr);
}

static uint16_t ext_code(enum s390_irq_type type)
{
	switch (type) {
	case S390_IRQ_EMERGENCY:
		return S390_EXT_EMERGENCY;
	case S390_IRQ_EXT_CALL:
		return S390_EXT_EXT_CALL;
	case S390_IRQ_CKC:
		return S390_EXT_CKC;
	case S390_IRQ_CPU_TIMER:
		return S390_EXT_CPU_TIMER;
	case S390_IRQ_SERVICE:
		return S390_EXT_SERVICE;
	default:
		return S390_EXT_VIRTIO;
	}
}

/* Describe the delivery of the taken interruption @fl. */
static void build(const struct s390_irq_inflight *fl,
		  const struct s390_psw *psw, struct s390_delivery *d)
{
	d->type = fl->type;
	d->kind = S390_DELIVER_PSW_SWAP;
	switch (fl->type) {
	case S390_IRQ_MCHK_EXIGENT:
	case S390_IRQ_MCHK:
		add_store(d, S390_LC_MCCK_CODE, 8, fl->data64);
		d->old_psw = S390_LC_MCK_OLD_PSW;
		d->new_psw = S390_LC_MCK_NEW_PSW;
		break;
	case S390_IRQ_SVC:
		d->code = fl->code;
		add_store(d, S390_LC_SVC_ILC, 2, fl->ilen);
		add_store(d, S390_LC_SVC_CODE, 2, fl->code);
		d->old_psw = S390_LC_SVC_OLD_PSW;
		d->new_psw = S390_LC_SVC_NEW_PSW;
		break;
	case S390_IRQ_PGM:
		d->code = fl->code;
		if (fl->has_tea)
			add_store(d, S390_LC_TRANS_EXC, 8, fl->data64);
		add_store(d, S390_LC_PGM_ILC, 2, fl->ilen);
		add_store(d, S390_LC_PGM_CODE, 2, fl->code);
		d->old_psw = S390_LC_PGM_OLD_PSW;
		d->new_psw = S390_LC_PGM_NEW_PSW;
		break;
	case S390_IRQ_IO:
		d->isc = (uint8_t)S390_IO_WORD_ISC(fl->io.word);
		add_store(d, S390_LC_SUBCHANNEL_ID, 2, fl->io.schid);
		add_store(d, S390_LC_SUBCHANNEL_NR, 2, fl->io.schnr);
		add_store(d, S390_LC_IO_PARAM, 4, fl->io.param);
		add_store(d, S390_LC_IO_WORD, 4, fl->io.word);
		d->old_psw = S390_LC_IO_OLD_PSW;
		d->new_psw = S390_LC_IO_NEW_PSW;
		break;
	case S390_IRQ_RESTART:
		d->old_psw = S390_LC_RST_OLD_PSW;
		d->new_psw = S390_LC_RST_NEW_PSW;
		break;
	case S390_IRQ_STOP:
		d->kind = S390_DELIVER_STOP;
		return;
	case S390_IRQ_SET_PREFIX:
		d->kind = S390_DELIVER_SET_PREFIX;
		d->prefix = fl->data32;
		return;
	default:	/* the external class */
		d->code = ext_code(fl->type);
		if (fl->type == S390_IRQ_EMERGENCY ||
		    fl->type == S390_IRQ_EXT_CALL) {
			d->cpu_addr = fl->code;
			add_store(d, S390_LC_EXT_CPU_ADDR, 2, fl->code);
		} else if (fl->type == S390_IRQ_SERVICE) {
			add_store(d, S390_LC_EXT_PARAM, 4, fl->data32);
		} else if (fl->type == S390_IRQ_VIRTIO) {
			add_store(d, S390_LC_EXT_PARAM, 4, fl->data32);
			add_store(d, S390_LC_EXT_CPU_ADDR, 2,
				  S390_EXT_VIRTIO_SUBCODE);
			add_store(d, S390_LC_EXT_PARAM64, 8, fl->data64);
		}
		add_store(d, S390_LC_EXT_CODE, 2, d->code);
		d->old_psw = S390_LC_EXT_OLD_PSW;
		d->new_psw = S390_LC_EXT_NEW_PSW;
		break;
	}
	/* Last, so a reader of the stores sees the code before the PSW. */
	add_psw_store(d, d->old_psw, psw);
}

/*
 * Move the data of the taken id into the in-flight record. Slots whose
 * data a newer injection may refill while this one is in flight (service
 * parameter, MCIC) are emptied; the others stay (their kind cannot be
 * re-injected while in flight, or the slot keeps its identity).
 */
static void take_data(struct s390_irq_vcpu *vcpu, struct s390_irq_inflight *fl)
{
	struct s390_irq_vm *vm = vcpu->vm;

	switch (fl->type) {
	case S390_IRQ_MCHK_EXIGENT:
	case S390_IRQ_MCHK: {
		unsigned int x = fl->type == S390_IRQ_MCHK;

		fl->data64 = vcpu->mcic[x];
		vcpu->mcic[x] = 0;
		break;
	}
	case S390_IRQ_SVC:
		fl->code = vcpu->svc_code;
		fl->ilen = vcpu->svc_ilen;
		break;
	case S390_IRQ_PGM:
		fl->code = vcpu->pgm_code;
		fl->ilen = vcpu->pgm_ilen;
		fl->has_tea = vcpu->pgm_has_tea;
		fl->data64 = vcpu->pgm_tea;
		break;
	case S390_IRQ_EMERGENCY:
		fl->code = (uint16_t)(fl->id - S390_L_EMERG0);
		break;
	case S390_IRQ_EXT_CALL:
		fl->code = vcpu->ext_call_src;
		break;
	case S390_IRQ_SET_PREFIX:
		fl->data32 = vcpu->prefix;
		break;
	case S390_IRQ_SERVICE:
		fl->data32 = vm->service_param;
		vm->service_param = 0;
		break;
	case S390_IRQ_VIRTIO:
		fl->data32 = vm->virtio[fl->id - S390_F_VIRTIO0].param;
		fl->data64 = vm->virtio[fl->id - S390_F_VIRTIO0].param64;
		break;
	case S390_IRQ_IO:
		fl->io = vm->io[fl->id - S390_F_IO0];
		break;
	default:
		break;
	}
}

int s390_irq_deliver(struct s390_irq_vcpu *vcpu, const struct s390_psw *psw,
		     uint64_t cr0, uint64_t cr6, struct s390_delivery *out)
{
	struct judge j;
	struct irqq_filter lf = { judge_local, &j };
	struct irqq_filter ff = { judge_floating, &j };
	struct irqq_pick pick;
	struct s390_irq_inflight *fl;
	unsigned int isc;
	int rc;

	if (!vcpu || !vcpu->vm || !psw || !out)
		return -EINVAL;
	if (vcpu->fl.busy)
		return -EBUSY;
	vcpu->masks_known = true;
	vcpu->psw_mask = psw->mask;
	vcpu->cr0 = cr0;
	vcpu->cr6 = cr6;
	/*
	 * Only the header: build() fills stores[0..nr_stores), the rest is
	 * never read (clearing the whole struct cost more than the delivery).
	 */
	out->type = 0;
	out->kind = S390_DELIVER_PSW_SWAP;
	out->code = 0;
	out->cpu_addr = 0;
	out->isc = 0;
	out->old_psw = 0;
	out->new_psw = 0;
	out->prefix = 0;
	out->nr_stores = 0;
	out->req = (struct s390_irq_request){ 0 };
	/*
	 * One walk does both jobs: it takes the best deliverable interruption
	 * and notes, for each masked one it passes, what SIE should watch.
	 * When it finds nothing it has visited every candidate, so out->req
	 * is what s390_irq_requests() would compute.
	 */
	judge_setup(&j, vcpu, psw->mask, cr0, cr6, &out->req);
	rc = irqq_take(&vcpu->q, &lf, &vcpu->vm->q, &ff, &pick);
	if (rc == -ENOENT)
		return -ENOENT;
	if (rc)
		return rc;
	out->req = (struct s390_irq_request){ 0 };
	fl = &vcpu->fl;
	*fl = (struct s390_irq_inflight){ 0 };
	fl->busy = true;
	fl->floating = pick.q == &vcpu->vm->q;
	fl->id = pick.id;
	fl->type = fl->floating ? s390_floating_type(vcpu->vm, pick.id, &isc)
				: s390_local_type(pick.id);
	take_data(vcpu, fl);
	build(fl, psw, out);
	return 0;
}

int s390_delivery_apply(const struct s390_delivery *d, uint8_t *lc,
			size_t len, struct s390_psw *psw)
{
	if (!d || !lc || !psw || d->kind != S390_DELIVER_PSW_SWAP ||
	    d->nr_stores > S390_IRQ_MAX_STORES || len < 16 ||
	    d->new_psw > len - 16)
		return -EINVAL;
	for (unsigned int i = 0; i < d->nr_stores; i++) {
		const struct s390_lc_store *s = &d->stores[i];

		if (s->size > sizeof(s->bytes) || s->offset > len ||
		    s->size > len - s->offset)
			return -EINVAL;
	}
	/*
	 * Stores are 2, 4, 8 or 16 bytes (a PSW): copied as big-endian
	 * words, which the compiler turns into single loads and stores.
	 */
	for (unsigned int i = 0; i < d->nr_stores; i++) {
		const struct s390_lc_store *s = &d->stores[i];
		uint8_t *p = lc + s->offset;

		switch (s->size) {
		case 2:
			s390_put_be16(p, s390_get_be16(s->bytes));
			break;
		case 4:
			s390_put_be32(p, s390_get_be32(s->bytes));
			break;
		case 8:
			s390_put_be64(p, s390_get_be64(s->bytes));
			break;
		case 16:
			s390_put_be64(p, s390_get_be64(s->bytes));
			s390_put_be64(p + 8, s390_get_be64(s->bytes + 8));
			break;
		default:
			memcpy(p, s->bytes, s->size);
			break;
		}
	}
	psw->mask = s390_get_be64(lc + d->new_psw);
	psw->addr = s390_get_be64(lc + d->new_psw + 8);
	return 0;
}
