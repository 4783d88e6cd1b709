/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * s390 interruptions of one VM, as a plain C model on common/irq_queue:
 * what is pending, who may take it, which one comes first, and what the
 * lowcore PSW swap must store. The arch shell (arch/s390) only moves data:
 * it calls the injectors from its intercept handlers, calls
 * s390_irq_deliver() before every SIE entry, applies the returned stores to
 * the guest's prefix area, loads the new PSW and confirms.
 * (Implemented in irq/s390_irq.c: state, injection, routing, SIGP, timers,
 * counters; irq/s390_deliver.c: masks, priority, delivery data, requests.)
 *
 * Classes and priority (most urgent first). The Principles of Operation
 * rank the classes: exigent machine check, supervisor call, program,
 * repressible machine check, external, I/O, restart. SVC comes before
 * program: the only way both are pending together is a PER event for the
 * SVC instruction, where the SVC interruption is taken first. Within the
 * external class the architecture leaves the order of simultaneous
 * conditions to the model; zarm uses Linux KVM's: emergency signal,
 * external call, clock comparator, CPU timer, service signal, virtio
 * notification. I/O by ISC, 0 first. After restart come two non-PSW-swap
 * actions: SIGP stop, then SIGP set prefix (stopped vCPUs only).
 * Emergency signals from several sources are all at one level, FIFO.
 *
 * Local (one vCPU): machine check (exigent/repressible by the MCIC),
 * SVC, program, emergency signal (one pending per source CPU address),
 * external call (one pending per vCPU), clock comparator and CPU timer
 * (level conditions), restart, stop, set prefix.
 * Floating (whole VM): service signal (one, parameters merged), virtio
 * notifications (S390_IRQ_VIRTIO_SLOTS distinct ones), I/O interruptions
 * (S390_IRQ_IO_SLOTS, one per subchannel).
 *
 * Deliverability (s390_irq_deliver and friends get the guest PSW mask,
 * CR0 and CR6 as the guest has them now):
 *  - machine check: PSW bit 13 (CR14 subclasses are not modelled);
 *  - external: PSW bit 7 and the CR0 subclass bit of the condition;
 *  - I/O: PSW bit 6 and CR6 bit 32+ISC (0x80000000 >> isc);
 *  - SVC, program, restart, stop, set prefix: always.
 * A stopped vCPU takes only restart, stop and set prefix.
 *
 * Delivery is a two-step handshake so that nothing is lost: deliver()
 * takes the best interruption (a floating one is then no longer offered
 * to other vCPUs) and describes the swap; the arch writes the lowcore and
 * calls s390_irq_delivered(), or s390_irq_delivery_failed() when the
 * prefix area cannot be written: the interruption goes back to pending
 * (merged with a newer one of the same kind if that arrived meanwhile),
 * the vCPU counts as stopped and a floating one is routed to another vCPU.
 *
 * Routing: an injection that the target can take wakes it when it is idle
 * (enabled wait) and kicks it (leave SIE soon) when it runs. A floating
 * interruption wakes one idle vCPU that can take it, round robin; when
 * there is none it kicks every running vCPU: each re-evaluates in
 * deliver(), exactly one takes it (the take is exclusive), the others get
 * the request flags that make SIE exit when the guest enables. Kicks are
 * hints; correctness rests on deliver() before every SIE entry.
 *
 * Counters, per queue domain (each vCPU's local queue, the VM's floating
 * queue), only ever grow:
 *   injected  accepted injections (coalesced ones included)
 *   raised    level conditions (clock comparator, CPU timer) becoming pending
 *   merged    injections folded into one already pending, and in-flight
 *             interruptions put back onto a newer pending one
 *   delivered confirmed deliveries
 *   cleared   pending states withdrawn (reset, clear I/O, level condition
 *             dropped)
 *   failed    deliveries that could not be written (put back, not lost)
 * and at any time: injected + raised == delivered + merged + cleared +
 * pending (pending counts an interruption in flight between deliver and
 * confirm). s390_irq_check() verifies this and the queues.
 *
 * Locking: none inside; the arch holds the VM's interrupt lock around
 * every call (zarm's s390 shell runs on one host CPU). Callbacks run with
 * it held and must not call back into the model.
 *
 * Every function checks its arguments before changing anything and
 * returns 0 (or a documented value) or a negative -E code.
 */
#ifndef ZARM_IRQ_S390_IRQ_H
#define ZARM_IRQ_S390_IRQ_H

#include "common/compiler.h"
#include "common/irq_queue.h"
#include "irq/s390_lowcore.h"

#define S390_IRQ_MAX_VCPUS 64U     /* CPU addresses 0..63 */
#define S390_IRQ_VIRTIO_SLOTS 16U
#define S390_IRQ_IO_SLOTS 64U
#define S390_IRQ_MAX_STORES 8U

/* Interruption kinds, in priority order (most urgent first). */
enum s390_irq_type {
	S390_IRQ_MCHK_EXIGENT = 0,
	S390_IRQ_SVC,
	S390_IRQ_PGM,
	S390_IRQ_MCHK,          /* repressible machine check */
	S390_IRQ_EMERGENCY,
	S390_IRQ_EXT_CALL,
	S390_IRQ_CKC,
	S390_IRQ_CPU_TIMER,
	S390_IRQ_SERVICE,
	S390_IRQ_VIRTIO,
	S390_IRQ_IO,            /* 8 levels, one per ISC */
	S390_IRQ_RESTART,
	S390_IRQ_STOP,
	S390_IRQ_SET_PREFIX,
	S390_IRQ_NR_TYPES,
};

/* Priority levels used in the irq queues (lower = more urgent). */
enum s390_irq_prio {
	S390_PRIO_MCHK_EXIGENT = 0,
	S390_PRIO_SVC,
	S390_PRIO_PGM,
	S390_PRIO_MCHK,
	S390_PRIO_EMERGENCY,
	S390_PRIO_EXT_CALL,
	S390_PRIO_CKC,
	S390_PRIO_CPU_TIMER,
	S390_PRIO_SERVICE,
	S390_PRIO_VIRTIO,
	S390_PRIO_IO0,          /* ISC n at S390_PRIO_IO0 + n */
	S390_PRIO_RESTART = S390_PRIO_IO0 + 8,
	S390_PRIO_STOP,
	S390_PRIO_SET_PREFIX,
};

/* Machine-check interruption code bits that make a machine check exigent. */
#define S390_MCIC_SYSTEM_DAMAGE      0x8000000000000000ULL
#define S390_MCIC_INSTR_DAMAGE       0x4000000000000000ULL

/* SIGP condition codes and status bits (stored in the R1 low word, cc 1). */
#define S390_SIGP_CC_ACCEPTED      0
#define S390_SIGP_CC_STATUS        1
#define S390_SIGP_CC_BUSY          2
#define S390_SIGP_CC_NOT_OPER      3
#define S390_SIGP_STAT_EXT_CALL_PENDING 0x00000080U  /* bit 24 */
#define S390_SIGP_STAT_STOPPED          0x00000040U  /* bit 25 */
#define S390_SIGP_STAT_INCORRECT_STATE  0x00000200U  /* bit 22 */

/* A z/Architecture PSW in host byte order. */
struct s390_psw {
	uint64_t mask;
	uint64_t addr;
};

/* One I/O interruption: the four lowcore words 0xB8..0xC3. */
struct s390_io_irq {
	uint16_t schid;   /* subsystem-identification halfword (0xB8) */
	uint16_t schnr;   /* subchannel number (0xBA) */
	uint32_t param;   /* interruption parameter (0xBC) */
	uint32_t word;    /* interruption identification word (0xC0), ISC in bits 2-4 */
};

/* One store into the guest prefix area: @size bytes, big-endian, at @offset. */
struct s390_lc_store {
	uint16_t offset;
	uint8_t size;       /* 2, 4, 8 or 16 */
	uint8_t bytes[16];  /* guest byte order (big-endian) */
};

/*
 * What the arch must do to SIE so that a pending interruption the guest
 * cannot take now is noticed the moment it can:
 *  - v_flags: OR into state description byte 0 (S390_SD_V_EXT/IO): the
 *    guest has the subclass enabled but the PSW mask off;
 *  - lctl: intercept LCTL/LCTLG loading these control registers
 *    (S390_LCTL_CR(0) for a CR0 subclass, S390_LCTL_CR(6) for an ISC);
 *  - watch_psw: a machine check waits for PSW bit 13 (intercept LPSW(E),
 *    SSM, STOSM if the SIE offers it, else re-check on every exit).
 * Clear the previous flags before writing new ones.
 */
struct s390_irq_request {
	uint8_t v_flags;
	uint16_t lctl;
	bool watch_psw;
};

enum s390_delivery_kind {
	S390_DELIVER_PSW_SWAP = 0,  /* apply stores, load new PSW */
	S390_DELIVER_STOP,          /* enter the stopped state */
	S390_DELIVER_SET_PREFIX,    /* set the prefix to @prefix */
};

/*
 * One delivery. For a PSW swap: write every store (the old PSW is the last
 * one) at guest prefix + offset, then load the new PSW from prefix +
 * new_psw. s390_delivery_apply() does exactly that on a byte buffer.
 */
struct s390_delivery {
	enum s390_irq_type type;
	enum s390_delivery_kind kind;
	uint16_t code;        /* external/program/SVC code, 0 otherwise (for logs) */
	uint16_t cpu_addr;    /* source of an emergency signal or external call */
	uint8_t isc;          /* I/O only */
	uint16_t old_psw;     /* lowcore offsets (PSW swap only) */
	uint16_t new_psw;
	uint32_t prefix;      /* S390_DELIVER_SET_PREFIX only */
	unsigned int nr_stores;
	struct s390_lc_store stores[S390_IRQ_MAX_STORES];
	struct s390_irq_request req;  /* filled when nothing is deliverable */
};

struct s390_irq_counters {
	uint64_t injected;
	uint64_t raised;
	uint64_t merged;
	uint64_t delivered;
	uint64_t cleared;
	uint64_t failed;
};

/* Callbacks into the arch; vcpu is the CPU address. Both are required. */
struct s390_irq_ops {
	/* An idle (enabled-wait) vCPU has something to take: make it runnable. */
	void (*wake)(void *ctx, unsigned int vcpu);
	/* A running vCPU should leave SIE soon and call s390_irq_deliver(). */
	void (*kick)(void *ctx, unsigned int vcpu);
};

enum s390_irq_run {
	S390_RUN_STOPPED = 0,  /* architected stopped state (initial) */
	S390_RUN_RUNNING,
	S390_RUN_IDLE,         /* enabled wait, masks recorded */
};

struct s390_irq_vm;

/* What deliver() handed out and the arch has not confirmed yet. */
struct s390_irq_inflight {
	bool busy;
	bool floating;
	unsigned int id;
	enum s390_irq_type type;
	uint64_t data64;      /* MCIC, virtio param64, translation exc. id */
	uint32_t data32;      /* ext parameter, prefix */
	uint16_t code;        /* program/SVC code, source CPU address */
	uint16_t ilen;
	bool has_tea;
	struct s390_io_irq io;
};

/* Per-vCPU state. Treat the fields as private to the model. */
struct s390_irq_vcpu {
	struct irqq q;                 /* local interruptions */
	struct s390_irq_vm *vm;
	unsigned int addr;
	enum s390_irq_run run;
	bool masks_known;              /* psw_mask/cr0/cr6 below are valid */
	uint64_t psw_mask, cr0, cr6;   /* as last seen by deliver/enter_wait */
	/* pending data of the local ids */
	uint16_t pgm_code, pgm_ilen;
	bool pgm_has_tea;
	uint64_t pgm_tea;
	uint16_t svc_code, svc_ilen;
	uint64_t mcic[2];              /* [0] exigent, [1] repressible */
	uint16_t ext_call_src;
	uint32_t prefix;
	struct s390_irq_inflight fl;
	struct s390_irq_counters cnt;
};

/* Per-VM state. Treat the fields as private to the model. */
struct s390_irq_vm {
	struct irqq q;                 /* floating interruptions */
	const struct s390_irq_ops *ops;
	void *ctx;
	struct s390_irq_vcpu *vcpus[S390_IRQ_MAX_VCPUS];
	unsigned int rr;               /* round-robin start for wake-ups */
	uint32_t service_param;
	struct {
		uint32_t param;
		uint64_t param64;
	} virtio[S390_IRQ_VIRTIO_SLOTS];
	struct s390_io_irq io[S390_IRQ_IO_SLOTS];
	struct s390_irq_counters cnt;
	uint64_t wakes, kicks;
};

/* ---- setup ---- */

/* Empty VM with callbacks @ops (wake and kick required). */
int s390_irq_vm_init(struct s390_irq_vm *vm, const struct s390_irq_ops *ops,
		     void *ctx);

/*
 * Attach @vcpu as CPU address @addr (< S390_IRQ_MAX_VCPUS, unused) of @vm.
 * It starts stopped with nothing pending. -EEXIST if @addr is taken.
 */
int s390_irq_vcpu_init(struct s390_irq_vm *vm, struct s390_irq_vcpu *vcpu,
		       unsigned int addr);

/* The vCPU at CPU address @addr, or NULL. */
struct s390_irq_vcpu *s390_irq_vcpu_at(struct s390_irq_vm *vm,
				       unsigned int addr);

/*
 * The arch started (@running) or stopped the vCPU, or woke it from an
 * enabled wait on its own (running). A stopped vCPU gets no floating
 * interruptions and takes only restart, stop and set prefix.
 */
int s390_irq_set_running(struct s390_irq_vcpu *vcpu, bool running);

/*
 * Enabled or disabled wait (intercept 0x1C) with @psw, @cr0, @cr6: records
 * the masks and returns 1 when something is deliverable now (do not
 * sleep: call deliver), or 0 after marking the vCPU idle: it will be woken
 * through ops->wake when an interruption it can take arrives. A wait PSW
 * with the external, I/O and machine-check masks all off can only be
 * ended by restart or stop: s390_psw_disabled_wait() tells the arch.
 */
int s390_irq_enter_wait(struct s390_irq_vcpu *vcpu, const struct s390_psw *psw,
			uint64_t cr0, uint64_t cr6);

/* True when @psw is a wait PSW with every interruption mask off. */
bool s390_psw_disabled_wait(const struct s390_psw *psw);

/* ---- local injection ---- */

/*
 * Program interruption @code, instruction length @ilen (0, 2, 4 or 6),
 * optional translation-exception identification (@tea when @has_tea).
 * -EBUSY when one is already pending or in flight (the arch produces them
 * synchronously, one at a time).
 */
int s390_irq_inject_program(struct s390_irq_vcpu *vcpu, uint16_t code,
			    unsigned int ilen, bool has_tea, uint64_t tea);

/* Supervisor call @code, @ilen 2 or 4; -EBUSY as for program. */
int s390_irq_inject_svc(struct s390_irq_vcpu *vcpu, uint16_t code,
			unsigned int ilen);

/*
 * Machine check with interruption code @mcic (non-zero). Exigent when it
 * has system or instruction-processing damage. A second one of the same
 * urgency merges (MCIC bits ORed).
 */
int s390_irq_inject_mcheck(struct s390_irq_vcpu *vcpu, uint64_t mcic);

/* Emergency signal from CPU address @src; a repeat from @src merges. */
int s390_irq_inject_emergency(struct s390_irq_vcpu *vcpu, unsigned int src);

/* External call from @src; -EBUSY when one is pending or in flight. */
int s390_irq_inject_ext_call(struct s390_irq_vcpu *vcpu, unsigned int src);

/* Restart (merges with a pending one); wakes a stopped or idle vCPU. */
int s390_irq_inject_restart(struct s390_irq_vcpu *vcpu);

/* SIGP stop (merges). */
int s390_irq_inject_stop(struct s390_irq_vcpu *vcpu);

/* SIGP set prefix to @prefix (8 KiB aligned); a later one replaces it. */
int s390_irq_inject_set_prefix(struct s390_irq_vcpu *vcpu, uint32_t prefix);

/*
 * Withdraw every pending local interruption except the level conditions
 * (CPU reset); -EBUSY while a delivery is in flight.
 */
int s390_irq_reset_local(struct s390_irq_vcpu *vcpu);

/* ---- level conditions and timers ---- */

/* Clock-comparator condition (guest TOD > CKC) now @on. */
int s390_irq_set_ckc(struct s390_irq_vcpu *vcpu, bool on);

/* CPU-timer condition (CPU timer negative) now @on. */
int s390_irq_set_cpu_timer(struct s390_irq_vcpu *vcpu, bool on);

/*
 * The vCPU's timing facilities as the arch reads them (state description
 * 0x28 CPU timer, 0x30 clock comparator, 0x38 epoch). Times are in TOD
 * units (bit 51 = 1 microsecond) on the arch's abstract monotonic clock
 * @now, the one common/timer uses; guest TOD = now + epoch (mod 2^64).
 */
struct s390_irq_clock {
	uint64_t now;
	uint64_t epoch;
	uint64_t ckc;
	uint64_t cpu_timer;   /* as stored: negative (bit 0 set) = condition */
	bool cpu_timer_runs;  /* false while the timer does not decrement */
};

/* When each condition turns true next, on the @now clock. */
struct s390_irq_deadlines {
	bool ckc_armed;       /* false: condition true now, or never */
	uint64_t ckc;
	bool cpu_timer_armed;
	uint64_t cpu_timer;
};

/*
 * Set both level conditions from @clk and compute when they next become
 * true (program these into common/timer; when one fires, call this
 * again). A deadline that does not fit in 64 bits is "never".
 */
int s390_irq_sync_timers(struct s390_irq_vcpu *vcpu,
			 const struct s390_irq_clock *clk,
			 struct s390_irq_deadlines *out);

/* ---- floating injection ---- */

/*
 * Service signal with parameter @param (SCCB address | event-pending bits
 * 0x3). Merges with a pending one: event-pending bits ORed, the SCCB
 * address kept (or taken if the pending one had none); a second, different
 * non-zero SCCB address is refused with -EBUSY (SCLP allows one command
 * outstanding: SERVC answers busy while a signal is pending).
 */
int s390_irq_inject_service(struct s390_irq_vm *vm, uint32_t param);

/*
 * True while a service signal is pending or in flight: SERVC answers busy
 * (cc 2) then, as the SCLP allows one outstanding command.
 */
bool s390_irq_service_pending(const struct s390_irq_vm *vm);

/*
 * Virtio-style notification 0x2603 with parameters @param (0x80) and
 * @param64 (0x11B8). An identical one pending merges; -ENOSPC when
 * S390_IRQ_VIRTIO_SLOTS different ones are pending.
 */
int s390_irq_inject_virtio(struct s390_irq_vm *vm, uint32_t param,
			   uint64_t param64);

/*
 * I/O interruption @io (ISC from io->word bits 2-4). A subchannel
 * (schid, schnr) has one interruption pending at most: an identical one
 * merges, a different one gets -EBUSY. -ENOSPC when all slots are used.
 */
int s390_irq_inject_io(struct s390_irq_vm *vm, const struct s390_io_irq *io);

/*
 * Withdraw the pending I/O interruption of subchannel (@schid, @schnr)
 * (TSCH, CSCH), copying it to @out when non-NULL. -ENOENT when none is
 * pending, -EBUSY when it is in flight.
 */
int s390_irq_clear_io(struct s390_irq_vm *vm, uint16_t schid, uint16_t schnr,
		      struct s390_io_irq *out);

/* ---- delivery (irq/s390_deliver.c) ---- */

/*
 * Choose the most urgent interruption @vcpu can take with PSW @psw and
 * control registers @cr0, @cr6, take it (floating ones exclusively) and
 * describe its delivery in @out. Returns 0, or -ENOENT when nothing is
 * deliverable (then out->req says what SIE must watch), or -EBUSY while a
 * previous delivery awaits confirmation. The masks are recorded for
 * routing. Call it before each SIE entry, in a loop while it returns 0
 * (with the new PSW each time; bound the loop: a guest whose new PSW is
 * enabled for a level condition it never resets loops as on hardware).
 */
int s390_irq_deliver(struct s390_irq_vcpu *vcpu, const struct s390_psw *psw,
		     uint64_t cr0, uint64_t cr6, struct s390_delivery *out);

/* The lowcore was written and the new PSW loaded: the delivery is done. */
int s390_irq_delivered(struct s390_irq_vcpu *vcpu);

/*
 * The prefix area could not be written: put the interruption back (it is
 * not lost), mark the vCPU stopped (the arch reports and stops it) and
 * route a floating one elsewhere.
 */
int s390_irq_delivery_failed(struct s390_irq_vcpu *vcpu);

/*
 * Apply a PSW-swap delivery to the prefix area @lc of @len bytes (at least
 * the highest store, normally S390_LC_SIZE): write the stores, then read
 * the new PSW into @psw. -EINVAL when @d is not a PSW swap or does not fit.
 */
int s390_delivery_apply(const struct s390_delivery *d, uint8_t *lc,
			size_t len, struct s390_psw *psw);

/* True when something is deliverable with these masks. Changes nothing. */
bool s390_irq_can_wake(const struct s390_irq_vcpu *vcpu,
		       const struct s390_psw *psw, uint64_t cr0, uint64_t cr6);

/* What SIE must watch for what is pending but masked. Changes nothing. */
int s390_irq_requests(const struct s390_irq_vcpu *vcpu,
		      const struct s390_psw *psw, uint64_t cr0, uint64_t cr6,
		      struct s390_irq_request *out);

/* True when an interruption of @type (ISC @isc for I/O) is deliverable. */
bool s390_irq_type_deliverable(enum s390_irq_type type, unsigned int isc,
			       uint64_t psw_mask, uint64_t cr0, uint64_t cr6,
			       bool stopped);

/* ---- SIGP between the vCPUs of one VM ---- */

/*
 * SIGP emergency signal / external call from CPU @src to CPU @dst.
 * Returns the condition code: 0 accepted, 1 status stored in *status
 * (external call already pending: S390_SIGP_STAT_EXT_CALL_PENDING), 3 no
 * such CPU; -EINVAL when @src is not a vCPU of @vm. *status is written only
 * for cc 1.
 */
int s390_irq_sigp_emergency(struct s390_irq_vm *vm, unsigned int src,
			    unsigned int dst, uint32_t *status);
int s390_irq_sigp_external_call(struct s390_irq_vm *vm, unsigned int src,
				unsigned int dst, uint32_t *status);

/*
 * SIGP sense of @dst: cc 0, or cc 1 with stopped / external-call-pending
 * status, or cc 3.
 */
int s390_irq_sigp_sense(struct s390_irq_vm *vm, unsigned int dst,
			uint32_t *status);

/* True when an external call is pending or in flight on @vcpu. */
bool s390_irq_ext_call_pending(const struct s390_irq_vcpu *vcpu);

/* ---- accounting ---- */

/* Counters of @vcpu's local queue, or (vcpu NULL) of @vm's floating one. */
int s390_irq_get_counters(const struct s390_irq_vm *vm,
			  const struct s390_irq_vcpu *vcpu,
			  struct s390_irq_counters *out);

/* Interruptions pending (in flight included) in that domain. */
uint64_t s390_irq_pending_count(const struct s390_irq_vm *vm,
				const struct s390_irq_vcpu *vcpu);

/*
 * Verify every queue, the slot data and the counter equation of every
 * domain of @vm. Returns 0 or -EFAULT.
 */
int s390_irq_check(const struct s390_irq_vm *vm);

#endif
