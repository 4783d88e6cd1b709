/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The s390 backend's VMs and vCPUs. They live in arch/s390 until the
 * arch-neutral common/vm, vcpu and sched land; only SIE-specific state
 * (state description, guest register file, SCLP, interruptions pending
 * for the lowcore swap) will stay here then.
 */
#ifndef ZARM_ARCH_S390_S390_H
#define ZARM_ARCH_S390_S390_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/s390/sclp_core.h"
#include "arch/s390/sie.h"
#include "common/compiler.h"
#include "common/sched.h"
#include "common/timer.h"
#include "common/vcpu.h"
#include "common/vm.h"
#include "irq/s390_irq.h"

#define S390_MAX_CPUS 4        /* host CPUs zarm can drive */
#define S390_MAX_VMS 8
#define S390_MAX_VCPUS 8       /* per VM */
#define S390_NAME_MAX 15
#define S390_CON_LINE 200

/*
 * A vCPU's state as the s390 code talks about it: a view of the common
 * lifecycle (common/vcpu.h) plus the "stopped by zarm" mark.
 */
enum s390_vcpu_state {
	S390_VCPU_STOPPED,   /* VCPU_OFF: architected stopped state */
	S390_VCPU_RUNNABLE,  /* VCPU_READY */
	S390_VCPU_WAITING,   /* VCPU_BLOCKED: enabled wait */
	S390_VCPU_DEAD,      /* VCPU_OFF after an error zarm reported */
};


struct s390_vm;

/* One host CPU. */
struct s390_cpu {
	unsigned int index;
	uint16_t addr;                       /* CPU address for SIGP */
	struct timer_queue tq;               /* over its clock comparator */
	struct timer slice_timer;
	struct timer idle_timer;
	struct sched_rq rq;                  /* its vCPUs (common/sched.h) */
	struct sie_block *volatile running_sd;
	volatile bool need_resched;
	volatile bool idle;                  /* in its enabled wait */
	/* Program checks that belong to a guest (host_pgm.c). */
	struct s390_vcpu *working_for;       /* recovery point armed for it */
	uint64_t recover[10];                /* GR6-15 at the recovery point */
	uint16_t sie_pgm_code;               /* raised by SIE for running_sd */
	uint16_t zarm_pgm_code;              /* in zarm, working for a guest */
	uint64_t sie_pgm_teid;
	uint64_t zarm_pgm_addr;
};

/* This CPU's struct s390_cpu (kept in its lowcore). */
static inline struct s390_cpu *this_cpu(void)
{
	return *(struct s390_cpu *volatile *)LC_PERCPU;
}

struct s390_vcpu {
	struct sie_block sd;      /* first: keeps the 512-byte alignment */
	struct guest_regs regs;
	struct vcpu vcpu;         /* common lifecycle; vcpu.pcpu = its host CPU */
	struct s390_vm *vm;
	unsigned int id;          /* guest CPU address */
	bool dead;                /* stopped by zarm after an error */
	struct s390_irq_vcpu irq; /* pending interruptions (irq/s390_irq.h) */
	uint64_t irq_seen;        /* vm->irq_gen when nothing was deliverable */
	uint64_t wake_tod;        /* enabled wait: host TOD to wake (~0: none) */
	uint64_t park_tod;        /* host TOD it was parked at (0: not parked) */
	struct s390_cpu *on_cpu;  /* the host CPU running it, or NULL */
	bool store_on_stop;       /* SIGP stop and store status is pending */
	uint64_t sie_entries;
};

struct s390_vm {
	struct vm vm;             /* common: id, name, state, vCPU count */
	struct s390_irq_vm irq;   /* floating interruptions, routing */
	uint64_t irq_gen;         /* bumped by every injection (vcpu_irq_injected) */
	uint64_t epoch;           /* TOD epoch difference (SCK), every vCPU's */
	uint64_t mso;             /* host absolute address of guest 0 */
	uint64_t size;            /* bytes, multiple of 1 MiB */
	uint8_t zone;             /* SIE region-relocate zone (1-7), 0: none */
	struct s390_vcpu *vcpus[S390_MAX_VCPUS];
	bool topo_vertical;       /* PTF: polarization (horizontal at reset) */
	bool topo_change;         /* PTF: topology-change report pending */
	struct sclp_state sclp;   /* event masks the guest set, its console input */
	bool console_input;       /* gets console input first */
	unsigned int log_lines;   /* zarm's lines about its instructions */
	char con[S390_CON_LINE];
	unsigned int con_len;
};

/* main.c */
void s390_main(void) __attribute__((noreturn));
/* lowcore.c */
void s390_lowcore_init(uint8_t *lowcore, unsigned int cpu);
void s390_lowcore_init_secondary(uint8_t *lowcore, unsigned int cpu,
				 void *stack_top);
/* main.c: where a secondary CPU starts (after head.S). */
void s390_secondary_main(void) __attribute__((noreturn));
/* sched.c: called by the external-interruption stub. */
void s390_ext_irq(unsigned int code, uint32_t param);

/*
 * The s390 view of @v's common state. This and the register helpers
 * below are inline: every interception asks them, several times.
 */
static inline enum s390_vcpu_state vcpu_state(const struct s390_vcpu *v)
{
	switch (v->vcpu.state) {
	case VCPU_READY:
		return S390_VCPU_RUNNABLE;
	case VCPU_BLOCKED:
		return S390_VCPU_WAITING;
	default:
		return v->dead ? S390_VCPU_DEAD : S390_VCPU_STOPPED;
	}
}
/* True while @vm has not ended. */
static inline bool vm_running(const struct s390_vm *vm)
{
	return vm->vm.state == VM_RUNNING;
}

/* vm.c */
struct s390_vm *vm_get(unsigned int idx);
unsigned int vm_count(void);
/* Add bytes of guest console output; complete lines go out "[name] ...". */
void vm_console_write(struct s390_vm *vm, const char *s, unsigned long len);
/*
 * zarm's own lines about what a VM's instructions did (an instruction it
 * does not emulate ...): the first VM_LOG_LINES, then one line saying the
 * rest is suppressed, so that a guest cannot flood the log.
 */
#define VM_LOG_LINES 16
bool vm_log_allowed(struct s390_vm *vm);
/* End the VM: all vCPUs stop, the VM counts as ok or failed. */
void vm_end(struct s390_vm *vm, bool ok, const char *why);
/* Guest absolute [addr, addr+len) as a host pointer, or NULL if outside. */
void *vm_abs(struct s390_vm *vm, uint64_t addr, uint64_t len);
/* Guest real address to absolute (prefixing) for @vcpu. */
uint64_t vcpu_real_to_abs(struct s390_vcpu *v, uint64_t real);

/* Guest state helpers. */
static inline uint64_t vcpu_gpr(struct s390_vcpu *v, unsigned int r)
{
	return v->regs.gprs[r & 15];
}

static inline void vcpu_set_gpr(struct s390_vcpu *v, unsigned int r, uint64_t val)
{
	v->regs.gprs[r & 15] = val;
}

static inline void vcpu_set_cc(struct s390_vcpu *v, unsigned int cc)
{
	v->sd.psw.mask = (v->sd.psw.mask & ~(3ULL << 44)) |
			 ((uint64_t)(cc & 3) << 44);
}
/*
 * Program interruption @code in the guest, ILC @ilen bytes (the length of
 * the intercepted instruction; EXECUTE's own when it was an EX target),
 * with translation-exception identification @teid for DAT and protection
 * exceptions. The one way zarm presents a program interruption.
 */
void vcpu_inject_pgm_teid(struct s390_vcpu *v, uint16_t code, unsigned int ilen,
			  uint64_t teid);
/*
 * The same, leaving the guest's TEID field (0xa8) as it is: for codes
 * without one, or when the caller has stored it already.
 */
void vcpu_inject_pgm(struct s390_vcpu *v, uint16_t code, unsigned int ilen);
/*
 * Deliver what the interruption model has pending and @v can take (lowcore
 * PSW swaps); arm the state description's request flags for the rest.
 */
void vcpu_deliver(struct s390_vcpu *v);
/*
 * The same, skipped when nothing was injected into @v's VM since it last
 * found nothing deliverable (the common case on the hypercall path; a
 * masked interruption has set the request flags that make SIE come back).
 */
void vcpu_deliver_if_new(struct s390_vcpu *v);
/* Every injection into @vm's interruption model calls this. */
static inline void vcpu_irq_injected(struct s390_vm *vm)
{
	vm->irq_gen++;
}
/* The model's callbacks for a VM's vCPUs. */
extern const struct s390_irq_ops vcpu_irq_ops;
/* Stop @v because of a zarm-detected error, with a report line. */
void vcpu_fail(struct s390_vcpu *v, const char *why);
void vcpu_set_state(struct s390_vcpu *v, enum s390_vcpu_state s);

/*
 * pgm.c: complete a program interruption SIE intercepted (code 0x08):
 * the parameters it left in the state description go to the guest's
 * lowcore, then the PSW swap. False if the vCPU was stopped instead.
 */
bool vcpu_reflect_pgm(struct s390_vcpu *v);
/* intercept.c: returns true to keep running this vCPU. */
bool intercept_handle(struct s390_vcpu *v, int code);
/* diag.c, sclp.c, sigp.c, instr.c */
bool diag_handle(struct s390_vcpu *v);
void sclp_servc(struct s390_vcpu *v);
/* Console input for @vm (ASCII): queued, the guest told; bytes taken. */
size_t sclp_vm_input(struct s390_vm *vm, const uint8_t *buf, size_t n);
void sigp_handle(struct s390_vcpu *v);
/* @v has left SIE after a stop: finish a pending stop-and-store-status. */
void sigp_stop_completed(struct s390_vcpu *v);
void instr_b2(struct s390_vcpu *v);
void instr_ptff(struct s390_vcpu *v);
/* topology.c: PERFORM TOPOLOGY FUNCTION (B9A2). */
void instr_ptf(struct s390_vcpu *v);
/* skey.c: SSKE (B22B) and PFMF (B9AF) on the VM's host frames. */
void skey_sske(struct s390_vcpu *v);
void skey_pfmf(struct s390_vcpu *v);
/*
 * LCTL (0xB7) or LCTLG (0xEB..2F), intercepted because the interruption
 * model watches a control register (a pending interruption masked in CR0
 * or CR6): load the registers, then look for a deliverable interruption.
 */
void instr_lctl(struct s390_vcpu *v);
/* sched.c */
void sched_yield_request(void);
/*
 * Time slices on or off. Off while Hercules traces instructions for the
 * benchmark: tracing slows the emulated CPU, not the TOD clock, so slices
 * would expire after a handful of instructions and blur the count.
 */
void sched_set_slicing(bool on);
/* The bench's floor: re-enter @v for its next @n interceptions, handling none. */
void sched_sie_floor(struct s390_vcpu *v, uint64_t n);
/* VMs the configuration refused: they count as failed at the end. */
void sched_note_refused(unsigned int n);
/* Number of host CPUs running the scheduler. */
unsigned int sched_nr_cpus(void);
/* Set up host CPU @i (its timer queue over its clock comparator). */
void sched_cpu_init(unsigned int i, uint16_t addr);
struct s390_cpu *sched_cpu(unsigned int i);
/* The run loop of this CPU; never returns. */
void sched_cpu_loop(void) __attribute__((noreturn));
/* The big lock over VMs and vCPUs. */
void sched_lock(void);
void sched_unlock(void);
/*
 * @v's state or pending interruptions changed: interrupt the CPU running
 * it, or wake an idle CPU when it became runnable.
 */
void sched_notify(struct s390_vcpu *v);
/* Park @v in its enabled wait; wake it at host TOD @wake_tod (~0: never). */
void sched_park(struct s390_vcpu *v, uint64_t wake_tod);

#endif
