/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A simple reference model of irq/s390_irq for randomized runs: what is
 * pending per interruption identity, its priority and deliverability
 * written the obvious way from the Principles of Operation rules that
 * s390_irq.h lists, and rstep(), one random operation on the model checked
 * against it. Shared by the unit test's seeded run (tests/unit/
 * test_s390_irq.c) and the fuzz target (tests/fuzz/s390_irq_fuzz.c), so
 * both hold the model to the same reference.
 *
 * Header only. The includer provides: `vm` and `vcpus[RNV]` (a VM set up
 * with RNV running vCPUs), `test_seed` (printed in messages), rnd() and
 * rn(n) (the random choices), UNIT_CHECK(cond, fmt, ...), mkpsw(),
 * mkio(), find_store(), and PSW_ALL / CR0_ALL / CR6_ALL.
 */
#ifndef ZARM_TESTS_UNIT_S390_IRQ_REF_H
#define ZARM_TESTS_UNIT_S390_IRQ_REF_H

#include <stddef.h>

#define RVIRTIO 8
#define RIO 16

enum rkind { R_EMERG, R_XCALL, R_CKC, R_CPT, R_MCHK, R_SERVICE, R_VIRTIO,
	     R_IO, R_PGM, R_SVC, R_RESTART, R_STOP, R_PREFIX, R_NKINDS };

/* One interruption identity: pending unit, in-flight unit, FIFO stamp. */
struct rk {
	bool pend, fly, cond;
	uint64_t seq;
	uint32_t p, fp;      /* service parameter, I/O parameter; fp in flight */
	uint64_t m, fm;      /* MCIC */
	unsigned int src;    /* external call source */
	unsigned int isc;
};

struct ref {
	struct rk emerg[RNV][RNV], xcall[RNV], ckc[RNV], cpt[RNV], mchk[RNV];
	struct rk pgm[RNV], svc[RNV], restart[RNV], stop[RNV], prefix[RNV];
	struct rk service, virtio[RVIRTIO], io[RIO];
	bool stopped[RNV];
	uint64_t clock, delivered, injected_ok;
};

static struct ref R;
static unsigned int rstep_no;

/* Checked thousands of times: UNIT_CHECK, naming the seed and step. */
#define RCHECK(cond) UNIT_CHECK(cond, "seed %llu step %u: %s", test_seed, \
				rstep_no, #cond)
/* The reference's own priority table (more urgent first). */
static unsigned int rprio(enum rkind k, const struct rk *r)
{
	static const unsigned int p[R_NKINDS] = {
		[R_SVC] = 0, [R_PGM] = 1, [R_MCHK] = 2, [R_EMERG] = 3,
		[R_XCALL] = 4, [R_CKC] = 5, [R_CPT] = 6, [R_SERVICE] = 7,
		[R_VIRTIO] = 8, [R_IO] = 9, [R_RESTART] = 17, [R_STOP] = 18,
		[R_PREFIX] = 19,
	};

	return k == R_IO ? p[k] + r->isc : p[k];
}

static bool rdeliverable(enum rkind k, const struct rk *r, uint64_t mask,
			 uint64_t cr0, uint64_t cr6)
{
	bool ext = mask & 0x0100000000000000ULL;

	switch (k) {
	case R_MCHK:
		return mask & 0x0004000000000000ULL;
	case R_EMERG:
		return ext && (cr0 & 0x4000);
	case R_XCALL:
		return ext && (cr0 & 0x2000);
	case R_CKC:
		return ext && (cr0 & 0x800);
	case R_CPT:
		return ext && (cr0 & 0x400);
	case R_SERVICE:
	case R_VIRTIO:
		return ext && (cr0 & 0x200);
	case R_PGM:
	case R_SVC:
	case R_RESTART:
	case R_STOP:
	case R_PREFIX:
		return true;
	default:
		return (mask & 0x0200000000000000ULL) &&
		       (cr6 & (0x80000000ULL >> r->isc));
	}
}

/* A candidate of the reference, with where it lives. */
struct rpick {
	struct rk *r;
	enum rkind k;
	unsigned int sub;
};

static void rconsider(struct rpick *best, struct rk *r, enum rkind k,
		      unsigned int sub, uint64_t mask, uint64_t cr0,
		      uint64_t cr6)
{
	if (!r->pend || r->fly || !rdeliverable(k, r, mask, cr0, cr6))
		return;
	if (best->r && (rprio(best->k, best->r) < rprio(k, r) ||
			(rprio(best->k, best->r) == rprio(k, r) &&
			 best->r->seq < r->seq)))
		return;
	best->r = r;
	best->k = k;
	best->sub = sub;
}

static struct rpick rbest(unsigned int v, uint64_t mask, uint64_t cr0,
			  uint64_t cr6)
{
	struct rpick b = { NULL, R_EMERG, 0 };

	for (unsigned int s = 0; s < RNV; s++)
		rconsider(&b, &R.emerg[v][s], R_EMERG, s, mask, cr0, cr6);
	rconsider(&b, &R.xcall[v], R_XCALL, 0, mask, cr0, cr6);
	rconsider(&b, &R.ckc[v], R_CKC, 0, mask, cr0, cr6);
	rconsider(&b, &R.cpt[v], R_CPT, 0, mask, cr0, cr6);
	rconsider(&b, &R.mchk[v], R_MCHK, 0, mask, cr0, cr6);
	rconsider(&b, &R.pgm[v], R_PGM, 0, mask, cr0, cr6);
	rconsider(&b, &R.svc[v], R_SVC, 0, mask, cr0, cr6);
	rconsider(&b, &R.restart[v], R_RESTART, 0, mask, cr0, cr6);
	rconsider(&b, &R.stop[v], R_STOP, 0, mask, cr0, cr6);
	rconsider(&b, &R.prefix[v], R_PREFIX, 0, mask, cr0, cr6);
	rconsider(&b, &R.service, R_SERVICE, 0, mask, cr0, cr6);
	for (unsigned int i = 0; i < RVIRTIO; i++)
		rconsider(&b, &R.virtio[i], R_VIRTIO, i, mask, cr0, cr6);
	for (unsigned int i = 0; i < RIO; i++)
		rconsider(&b, &R.io[i], R_IO, i, mask, cr0, cr6);
	return b;
}

/* A new pending unit: a candidate now unless its id is in flight. */
static void rpend(struct rk *r)
{
	r->pend = true;
	if (!r->fly)
		r->seq = ++R.clock;
}

static uint32_t rmerge_service(uint32_t a, uint32_t b)
{
	uint32_t addr = (a & ~7U) ? (a & ~7U) : (b & ~7U);

	return addr | ((a | b) & 7U);
}

static uint64_t units_ref(void)
{
	uint64_t n = 0;
	struct rk *all = (struct rk *)&R;
	size_t cnt = offsetof(struct ref, stopped) / sizeof(struct rk);

	for (size_t i = 0; i < cnt; i++)
		n += all[i].pend + all[i].fly;
	return n;
}

/* What the in-flight key of each vCPU is (the reference side). */
static struct rpick rfly[RNV];

static enum s390_irq_type rtype(enum rkind k)
{
	static const enum s390_irq_type t[R_NKINDS] = {
		[R_EMERG] = S390_IRQ_EMERGENCY, [R_XCALL] = S390_IRQ_EXT_CALL,
		[R_CKC] = S390_IRQ_CKC, [R_CPT] = S390_IRQ_CPU_TIMER,
		[R_MCHK] = S390_IRQ_MCHK, [R_SERVICE] = S390_IRQ_SERVICE,
		[R_VIRTIO] = S390_IRQ_VIRTIO, [R_IO] = S390_IRQ_IO,
		[R_PGM] = S390_IRQ_PGM, [R_SVC] = S390_IRQ_SVC,
		[R_RESTART] = S390_IRQ_RESTART, [R_STOP] = S390_IRQ_STOP,
		[R_PREFIX] = S390_IRQ_SET_PREFIX,
	};

	return t[k];
}

static uint64_t store_val(const struct s390_delivery *d, uint16_t off)
{
	const struct s390_lc_store *s = find_store(d, off);

	UNIT_CHECK(s != NULL, "seed %llu: no store at 0x%x", test_seed, off);
	return s->size == 2 ? s390_get_be16(s->bytes) :
	       s->size == 4 ? s390_get_be32(s->bytes) : s390_get_be64(s->bytes);
}

static void rmasks(uint64_t *mask, uint64_t *cr0, uint64_t *cr6)
{
	static const uint64_t bits[] = { 0x4000, 0x2000, 0x800, 0x400, 0x200 };

	*mask = 0x180000000ULL;
	if (rn(10) < 7)
		*mask |= S390_PSW_EXT;
	if (rn(10) < 7)
		*mask |= S390_PSW_IO;
	if (rn(10) < 7)
		*mask |= S390_PSW_MCHK;
	*cr0 = 0;
	for (unsigned int i = 0; i < ARRAY_SIZE(bits); i++)
		if (rn(10) < 7)
			*cr0 |= bits[i];
	*cr6 = (uint64_t)(rnd() & 0xff) << 24;
}

/* Deliver on @v and compare with the reference; returns false if none. */
static bool rdeliver(unsigned int v, uint64_t mask, uint64_t cr0, uint64_t cr6)
{
	struct s390_psw p = mkpsw(mask, 0x2000);
	struct s390_delivery d;
	struct rpick b = rbest(v, mask, cr0, cr6);
	int rc = s390_irq_deliver(&vcpus[v], &p, cr0, cr6, &d);
	struct rk *r = b.r;

	if (!r) {
		struct s390_irq_request q;

		UNIT_CHECK(rc == -ENOENT, "seed %llu: vCPU %u delivered %d, reference has nothing",
			      test_seed, v, rc);
		/* One walk took nothing and noted what SIE should watch: as the query does. */
		RCHECK(s390_irq_requests(&vcpus[v], &p, cr0, cr6, &q) == 0);
		UNIT_CHECK(q.v_flags == d.req.v_flags && q.lctl == d.req.lctl &&
			   q.watch_psw == d.req.watch_psw,
			   "seed %llu: vCPU %u: requests %x/%x/%d, the query says %x/%x/%d",
			   test_seed, v, d.req.v_flags, d.req.lctl, d.req.watch_psw,
			   q.v_flags, q.lctl, q.watch_psw);
		return false;
	}
	UNIT_CHECK(rc == 0, "seed %llu: vCPU %u: rc %d, reference kind %d",
		      test_seed, v, rc, b.k);
	UNIT_CHECK(d.type == rtype(b.k), "seed %llu: vCPU %u type %d want %d",
		      test_seed, v, d.type, rtype(b.k));
	switch (b.k) {
	case R_EMERG:
		RCHECK((d.cpu_addr) == (b.sub));
		break;
	case R_XCALL:
		RCHECK((d.cpu_addr) == (r->src));
		break;
	case R_MCHK:
		RCHECK((store_val(&d, S390_LC_MCCK_CODE)) == (r->m));
		r->fm = r->m;
		r->m = 0;
		break;
	case R_SERVICE:
		RCHECK((store_val(&d, S390_LC_EXT_PARAM)) == (r->p));
		r->fp = r->p;
		r->p = 0;
		break;
	case R_VIRTIO:
		RCHECK((store_val(&d, S390_LC_EXT_PARAM)) == (b.sub));
		break;
	case R_PGM:
		RCHECK(store_val(&d, S390_LC_PGM_CODE) == r->p);
		RCHECK(store_val(&d, S390_LC_PGM_ILC) == 4);
		break;
	case R_SVC:
		RCHECK(store_val(&d, S390_LC_SVC_CODE) == r->p);
		break;
	case R_RESTART:
		RCHECK(d.kind == S390_DELIVER_PSW_SWAP && d.old_psw == 0x120);
		break;
	case R_STOP:
		RCHECK(d.kind == S390_DELIVER_STOP);
		break;
	case R_PREFIX:
		RCHECK(d.kind == S390_DELIVER_SET_PREFIX && d.prefix == r->p);
		r->fp = r->p;
		break;
	case R_IO:
		RCHECK((store_val(&d, S390_LC_SUBCHANNEL_NR)) == (b.sub));
		RCHECK((store_val(&d, S390_LC_IO_PARAM)) == (r->p));
		RCHECK((d.isc) == (r->isc));
		break;
	default:
		break;
	}
	r->pend = false;
	r->fly = true;
	rfly[v] = b;
	return true;
}

/* End the delivery in flight on @v: confirmed, or failed and put back. */
static void rfinish(unsigned int v, bool fail)
{
	struct rpick b = rfly[v];
	struct rk *r = b.r;
	bool level = b.k == R_CKC || b.k == R_CPT;

	if (fail) {
		RCHECK((s390_irq_delivery_failed(&vcpus[v])) == 0);
		R.stopped[v] = true;
	} else {
		RCHECK((s390_irq_delivered(&vcpus[v])) == 0);
		R.delivered++;
		if (b.k == R_STOP)
			RCHECK(vcpus[v].run == S390_RUN_STOPPED);
		if (b.k == R_RESTART)
			RCHECK(vcpus[v].run == S390_RUN_RUNNING);
	}
	r->fly = false;
	if (level) {
		if (r->cond) {
			r->pend = true;
			r->seq = ++R.clock;
		}
	} else if (r->pend) {
		/* A newer one waited behind the flight: a candidate now. */
		if (fail) {
			r->p = b.k == R_SERVICE ? rmerge_service(r->p, r->fp) : r->p;
			r->m |= b.k == R_MCHK ? r->fm : 0;
		}
		r->seq = ++R.clock;
	} else if (fail) {
		r->pend = true;
		r->seq = ++R.clock;
		if (b.k == R_SERVICE)
			r->p = r->fp;
		if (b.k == R_MCHK)
			r->m = r->fm;
		if (b.k == R_PREFIX)
			r->p = r->fp;
	}
	rfly[v].r = NULL;
}

/* An idle vCPU that can take what is pending must have been woken. */
static void rcheck_idle(void)
{
	for (unsigned int v = 0; v < RNV; v++) {
		const struct s390_irq_vcpu *c = &vcpus[v];
		struct rpick b;

		if (c->run != S390_RUN_IDLE)
			continue;
		b = rbest(v, c->psw_mask, c->cr0, c->cr6);
		/* Floating ones wake one idle vCPU, not necessarily this. */
		UNIT_CHECK(!b.r || b.k == R_SERVICE || b.k == R_VIRTIO ||
			      b.k == R_IO,
			      "seed %llu: idle vCPU %u not woken for kind %d",
			      test_seed, v, b.k);
	}
}

/* Before a floating injection: could an idle vCPU take it? */
static bool ridle_takes(enum rkind k, unsigned int isc)
{
	struct rk probe = { .isc = isc };

	for (unsigned int v = 0; v < RNV; v++) {
		const struct s390_irq_vcpu *c = &vcpus[v];

		if (c->run == S390_RUN_IDLE &&
		    rdeliverable(k, &probe, c->psw_mask, c->cr0, c->cr6))
			return true;
	}
	return false;
}

/* ...then one of them must have been woken. */
#define RWOKEN(before, could) \
	UNIT_CHECK(!(could) || vm.wakes > (before), \
		   "seed %llu step %u: no idle vCPU woken", test_seed, rstep_no)

static void rstep(void)
{
	uint64_t wakes0 = vm.wakes;
	unsigned int op = rn(100), v = rn(RNV), s = rn(RNV + 1);
	uint32_t st = 0;
	int rc;

	if (op < 12) {                          /* SIGP emergency */
		rc = s390_irq_sigp_emergency(&vm, v, s, &st);
		if (s >= RNV) {
			RCHECK((rc) == (3));
			return;
		}
		RCHECK((rc) == (0));
		if (R.emerg[s][v].pend)
			return;
		rpend(&R.emerg[s][v]);
	} else if (op < 20) {                   /* SIGP external call */
		rc = s390_irq_sigp_external_call(&vm, v, s, &st);
		if (s >= RNV) {
			RCHECK((rc) == (3));
			return;
		}
		if (R.xcall[s].pend || R.xcall[s].fly) {
			RCHECK((rc) == (1));
			RCHECK((st) == (0x80));
			return;
		}
		RCHECK((rc) == (0));
		R.xcall[s].src = v;
		rpend(&R.xcall[s]);
	} else if (op < 28) {                   /* clock comparator / CPU timer */
		bool on = rn(2);
		struct rk *r = rn(2) ? &R.ckc[v] : &R.cpt[v];

		RCHECK((r == &R.ckc[v] ? s390_irq_set_ckc(&vcpus[v], on)
				  : s390_irq_set_cpu_timer(&vcpus[v], on)) == 0);
		r->cond = on;
		if (on && !r->pend && !r->fly)
			rpend(r);
		else if (!on)
			r->pend = false;
	} else if (op < 31) {                   /* repressible machine check */
		uint64_t m = 1ULL << rn(40);

		RCHECK((s390_irq_inject_mcheck(&vcpus[v], m)) == 0);
		if (R.mchk[v].pend) {
			R.mchk[v].m |= m;
			return;
		}
		R.mchk[v].m = m;
		rpend(&R.mchk[v]);
	} else if (op < 38) {                   /* service signal */
		uint32_t p = (rn(3) * 0x1000U) | rn(4);

		bool could = ridle_takes(R_SERVICE, 0);

		rc = s390_irq_inject_service(&vm, p);
		if (!rc)
			RWOKEN(wakes0, could);
		if (R.service.pend) {
			uint32_t a = R.service.p & ~7U, b = p & ~7U;

			if (a && b && a != b) {
				RCHECK((rc) == (-EBUSY));
				return;
			}
			RCHECK((rc) == (0));
			R.service.p = rmerge_service(R.service.p, p);
			return;
		}
		RCHECK((rc) == (0));
		R.service.p = p;
		rpend(&R.service);
	} else if (op < 43) {                   /* virtio notification */
		unsigned int k = rn(RVIRTIO);

		bool could = ridle_takes(R_VIRTIO, 0);

		RCHECK((s390_irq_inject_virtio(&vm, k, (uint64_t)k << 32 | k)) == 0);
		RWOKEN(wakes0, could);
		if (!R.virtio[k].pend)
			rpend(&R.virtio[k]);
	} else if (op < 52) {                   /* I/O interruption */
		unsigned int k = rn(RIO), isc = rn(8);
		struct rk *r = &R.io[k];
		struct s390_io_irq io = mkio((uint16_t)k, isc, rn(2));

		bool could = ridle_takes(R_IO, isc);

		rc = s390_irq_inject_io(&vm, &io);
		if (!rc)
			RWOKEN(wakes0, could);
		if (r->pend || r->fly) {
			if (r->isc != isc || r->p != io.param) {
				RCHECK((rc) == (-EBUSY));
				return;
			}
			RCHECK((rc) == (0));
			if (!r->pend)
				rpend(r);
			return;
		}
		RCHECK((rc) == (0));
		r->isc = isc;
		r->p = io.param;
		rpend(r);
	} else if (op < 54) {                   /* program / SVC */
		bool svc = rn(2);
		struct rk *r = svc ? &R.svc[v] : &R.pgm[v];
		uint16_t code = (uint16_t)(1 + rn(0x40));

		rc = svc ? s390_irq_inject_svc(&vcpus[v], code, 4)
			 : s390_irq_inject_program(&vcpus[v], code, 4, false, 0);
		if (r->pend || r->fly) {
			RCHECK(rc == -EBUSY);
			return;
		}
		RCHECK(rc == 0);
		r->p = code;
		rpend(r);
	} else if (op < 56) {                   /* restart / stop */
		bool stop = rn(3) == 0;
		struct rk *r = stop ? &R.stop[v] : &R.restart[v];
		enum s390_irq_run was = vcpus[v].run;

		RCHECK((stop ? s390_irq_inject_stop(&vcpus[v])
			     : s390_irq_inject_restart(&vcpus[v])) == 0);
		/* Restart starts a stopped vCPU; both wake an idle one. */
		if (!stop || was == S390_RUN_IDLE)
			RCHECK(vcpus[v].run == S390_RUN_RUNNING ||
			       (stop && was == S390_RUN_STOPPED));
		if (!r->pend)
			rpend(r);
	} else if (op < 57) {                   /* set prefix */
		uint32_t pfx = (uint32_t)rn(64) << 13;

		RCHECK(s390_irq_inject_set_prefix(&vcpus[v], pfx) == 0);
		R.prefix[v].p = pfx;
		if (!R.prefix[v].pend)
			rpend(&R.prefix[v]);
	} else if (op < 80) {                   /* deliver on a running vCPU */
		uint64_t mask, cr0, cr6;

		if (vcpus[v].run != S390_RUN_RUNNING || rfly[v].r)
			return;
		rmasks(&mask, &cr0, &cr6);
		rdeliver(v, mask, cr0, cr6);
	} else if (op < 90) {                   /* end a delivery */
		if (rfly[v].r)
			rfinish(v, rn(100) < 5);
	} else if (op < 97) {                   /* enabled wait */
		uint64_t mask, cr0, cr6;
		struct s390_psw p;

		if (vcpus[v].run != S390_RUN_RUNNING || rfly[v].r)
			return;
		rmasks(&mask, &cr0, &cr6);
		p = mkpsw(mask | S390_PSW_WAIT, 0);
		rc = s390_irq_enter_wait(&vcpus[v], &p, cr0, cr6);
		RCHECK((rc) == (rbest(v, mask, cr0, cr6).r != NULL));
		RCHECK((s390_irq_can_wake(&vcpus[v], &p, cr0, cr6)) == (rc == 1));
	} else {                                /* (re)start a vCPU */
		if (vcpus[v].run != S390_RUN_RUNNING) {
			RCHECK((s390_irq_set_running(&vcpus[v], true)) == 0);
			R.stopped[v] = false;
		}
	}
}

static uint64_t model_delivered(void)
{
	uint64_t n = vm.cnt.delivered;

	for (unsigned int v = 0; v < RNV; v++)
		n += vcpus[v].cnt.delivered;
	return n;
}

static uint64_t model_pending(void)
{
	uint64_t n = s390_irq_pending_count(&vm, NULL);

	for (unsigned int v = 0; v < RNV; v++)
		n += s390_irq_pending_count(&vm, &vcpus[v]);
	return n;
}

/*
 * Finish every flight, drop the timer conditions and deliver everything
 * with all masks open: the reference must end empty (lost = 0), the
 * model must not have delivered more than the reference (duplicated =
 * 0), and both must agree on the count.
 */
static void rdrain_and_compare(void)
{
	uint64_t lost, dup;

	for (unsigned int v = 0; v < RNV; v++) {
		if (rfly[v].r)
			rfinish(v, false);
		RCHECK((s390_irq_set_running(&vcpus[v], true)) == 0);
		RCHECK((s390_irq_set_ckc(&vcpus[v], false)) == 0);
		RCHECK((s390_irq_set_cpu_timer(&vcpus[v], false)) == 0);
		R.ckc[v].cond = R.cpt[v].cond = false;
		R.ckc[v].pend = R.cpt[v].pend = false;
	}
	for (unsigned int v = 0; v < RNV; v++)
		while (rdeliver(v, PSW_ALL, CR0_ALL, CR6_ALL))
			rfinish(v, false);
	lost = units_ref();
	dup = model_delivered() > R.delivered ? model_delivered() - R.delivered
					      : 0;
	UNIT_CHECK(lost == 0 && dup == 0 && model_pending() == 0,
		      "seed %llu: lost %llu duplicated %llu pending %llu",
		      test_seed, (unsigned long long)lost,
		      (unsigned long long)dup,
		      (unsigned long long)model_pending());
	RCHECK((model_delivered()) == (R.delivered));
	RCHECK((s390_irq_check(&vm)) == 0);
}

#endif
