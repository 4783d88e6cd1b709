/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arch/arm64 internal interfaces: per-CPU state, the arm64 part of a vCPU
 * and of a VM, and the functions the files of this directory share.
 */
#ifndef ZARM_ARM64_ARM64_H
#define ZARM_ARM64_ARM64_H

#include "arch/arm64/asm.h"
#include "arch/arm64/cpu_view.h"
#include "arch/arm64/klib.h"
#include "arch/arm64/mmio.h"
#include "arch/arm64/vuart.h"
#include "dev/pl011.h"
#include "common/sched.h"
#include "common/spinlock.h"
#include "common/timer.h"
#include "common/vm.h"
#include "cpu/arm64_idregs.h"
#include "pmu/pmu.h"

/* The guest's general registers as the vectors save them. */
struct arm64_regs {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad;
};
_Static_assert(sizeof(struct arm64_regs) == REGS_SIZE, "regs layout");
_Static_assert(__builtin_offsetof(struct arm64_regs, elr) == REGS_ELR, "elr");
_Static_assert(__builtin_offsetof(struct arm64_regs, spsr) == REGS_SPSR, "spsr");

/* EL1 (and EL0) system registers a vCPU owns. */
struct arm64_sysregs {
	uint64_t sctlr, actlr, cpacr, ttbr0, ttbr1, tcr, esr, afsr0, afsr1, far,
		 mair, amair, vbar, contextidr, tpidr_el1, tpidr_el0, tpidrro,
		 sp_el0, sp_el1, elr_el1, spsr_el1, par, cntkctl, csselr, mdscr;
	uint64_t vmpidr;
	uint64_t cntv_ctl, cntv_cval, cntvoff;
	uint64_t ich_vmcr, ich_ap0r[4], ich_ap1r[4];	/* LRs live in the vgic */
	uint64_t apkey[10];	/* IA, IB, DA, DB, GA: lo, hi */
};

struct arm64_fpsimd {
	__uint128_t v[32];
	uint64_t fpsr, fpcr;
} __attribute__((aligned(16)));

struct arm64_vcpu {
	struct arm64_regs regs;		/* first: the vectors rely on it */
	struct arm64_sysregs sys;
	struct arm64_fpsimd fp;
	struct cpu_view_vcpu view;	/* debug registers and the like (cpu_view.c) */
	struct vcpu vcpu;
	struct timer wake;		/* blocked and not loaded: its CNTV deadline */
	bool boot_pending;		/* CPU_ON: reset state at next load */
	bool lr_live;			/* ICH_LR*_EL2 hold its flushed LRs */
	unsigned int lr_used;		/* how many of them the last flush filled */
	unsigned int lr_hw;		/* ICH_LR<n> >= this are 0 in the CPU */
	bool vtimer_line;		/* its vGIC PPI 27 line is high: re-sample at exits */
	bool vtimer_release;		/* deactivate the physical PPI 27 at its next sync */
	uint64_t abort_vec;		/* vector of the last abort injected */
	unsigned int abort_nest;	/* aborts right at that vector in a row */
	bool pmu_ready;			/* pmu set up (the host has a PMU) */
	bool pmu_live;			/* touched since reset: switched with the vCPU */
	struct pmu pmu;			/* its virtual PMUv3 (pmu/, pmu_arch.c) */
	uint64_t boot_entry, boot_ctx;
};

struct arm64_vm {
	struct vm vm;
	struct arm64_vcpu *vcpus[ZARM_MAX_VCPUS_PER_VM];
	uint64_t vttbr;			/* stage-2 root | VMID << 48 */
	uint64_t *s2_root;
	uint64_t ipa_base, ram_size, host_base;	/* guest RAM and its backing */
	uint64_t image_host, image_size, load_offset, entry;
	uint64_t initrd_host, initrd_size, initrd_ipa;
	char bootargs[ZARM_BOOTARGS_MAX];
	void *dtb_copy;			/* pristine guest DTB for SYSTEM_RESET */
	uint64_t dtb_ipa, dtb_size;
	unsigned int resets;
	struct log_ratelimit abort_rl;	/* refused-access log lines */
	struct mmio_bus bus;
	struct pl011 uart;		/* its emulated UART (vuart.c) */
	struct spinlock uart_lock;
	bool console_input;		/* gets console input first */
	struct idregs_view idregs;	/* the ID registers it reads (cpu_view.c) */
	struct vgic *vgic;		/* its GICv3 (irq/vgic) */
	struct spinlock vgic_lock;	/* serialises every call on vgic */
	unsigned int nr_spis;		/* physical SPIs it owns (passthrough.c) */
	uint32_t spis[ZARM_MAX_PASSTHROUGH_SPIS];
	struct spinlock lock;
};

struct arm64_pcpu {
	struct arm64_regs *cur_regs;	/* first: the vectors rely on it */
	unsigned int index;
	uint64_t mpidr;
	struct sched_rq rq;
	struct spinlock rq_lock;
	struct arm64_vcpu *loaded;	/* whose EL1 state is in the registers */
	struct timer_queue tq;		/* software timers over CNTHP_EL2 */
	struct timer slice;		/* end of the running vCPU's slice */
	bool need_resched;		/* set by timer callbacks and vGIC kicks */
	bool vtimer_active;		/* CNTV's PPI prio-dropped, not deactivated */
	volatile bool online;
};

extern struct arm64_pcpu arm64_pcpus[ARM64_MAX_CPUS];
extern unsigned int arm64_nr_pcpus;
extern struct vm_set arm64_vms;
extern bool arm64_entered_el3;	/* started at EL3 (secure=on): zarm's el3.c is the firmware */
extern bool arm64_has_pauth;	/* the CPU implements pointer authentication */

static inline struct arm64_pcpu *this_pcpu(void)
{
	struct arm64_pcpu *p;

	__asm__ volatile("mrs %0, tpidr_el2" : "=r"(p));
	return p;
}

static inline struct arm64_vcpu *regs_vcpu(struct arm64_regs *r)
{
	return container_of(r, struct arm64_vcpu, regs);
}

static inline struct arm64_vm *vcpu_avm(struct arm64_vcpu *av)
{
	return container_of(av->vcpu.vm, struct arm64_vm, vm);
}


/* console / early */
void console_uart_init(uint64_t base, uint32_t intid);
int console_uart_rx_start(unsigned int cpu);
uint32_t console_uart_rx_intid(void);
void console_uart_rx_irq_enable(bool on);
int console_uart_getc(void);
void console_uart_write(const char *s, size_t len);
void arm64_hyp_fatal(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far) __noreturn;
void arm64_halt(void) __noreturn;

/* mmu.c */
void mmu_build_tables(void);
void mmu_enable(void);
void dcache_clean_range(uint64_t start, uint64_t size);

/* alloc.c: host RAM. ram_alloc returns 0 when there is none. */
int ram_init(uint64_t base, uint64_t size);
int ram_reserve(uint64_t base, uint64_t size);
uint64_t ram_alloc(uint64_t size, uint64_t align);
/* Bytes of RAM from the base that the allocator manages. */
uint64_t ram_alloc_limit(void);
/* Zeroed, page-aligned memory for zarm's own structures. */
void *heap_alloc_zeroed(size_t size);
/* The same with a power-of-two alignment of at least 4 KiB. */
void *heap_alloc_aligned(size_t size, size_t align);

/* gic.c */
int gic_init_dist(const void *fdt);
void gic_init_cpu(unsigned int cpu);
uint32_t gic_ack(void);
void gic_eoi(uint32_t intid);
void gic_deactivate(uint32_t intid);
void gic_send_sgi(unsigned int cpu, unsigned int sgi);
/* Physical SPI @intid: Group 1, to CPU @cpu, enabled / disabled. */
void gic_spi_route(uint32_t intid, unsigned int cpu);
void gic_spi_disable(uint32_t intid);
#define SGI_KICK 1
#define PPI_PMU 23
#define PPI_MAINT 25
#define PPI_HYP_TIMER 26
#define PPI_VTIMER 27

/* stage2.c */
int stage2_init(struct arm64_vm *avm, unsigned int vmid);
int stage2_map(struct arm64_vm *avm, uint64_t ipa, uint64_t pa, uint64_t size);
void stage2_load(const struct arm64_vm *avm);
int stage2_unmap(struct arm64_vm *avm, uint64_t ipa, uint64_t size);
/* Device registers at @pa, identity-mapped (IPA = PA), Device-nGnRE. */
int stage2_map_device(struct arm64_vm *avm, uint64_t pa, uint64_t size);

/* passthrough.c: physical SPIs owned by one VM ('passthrough-spis'). */
#define VGIC_GUEST_SPIS 96U		/* each VM's vGIC: INTIDs 32..127 */
/* Claim, map and route avm->spis (after its vGIC is set up). */
int passthrough_vm_init(struct arm64_vm *avm);
/* After its vGIC was reset / when it ends. */
void passthrough_vm_reset(struct arm64_vm *avm);
void passthrough_vm_end(struct arm64_vm *avm);
/* A physical IRQ: true if it is a passed-through SPI (injected, *resched set). */
bool passthrough_irq(struct arm64_pcpu *pc, uint32_t intid, int *resched);
/* Guest device-tree nodes for the devices behind the VM's SPIs. */
int passthrough_dt(const struct arm64_vm *avm, void *fdt, uint32_t clk_phandle);

/* ownership.c: host RAM ownership (common/mem_share); giving a VM its RAM maps it. */
int ownership_init(uint64_t base, uint64_t size);
int ownership_give_vm(struct arm64_vm *avm);
struct mem_share;
struct mem_share *ownership_ms(void);

/* guest_load.c / guest_dt.c */
int guest_load(struct arm64_vm *avm);
int guest_dt_build(struct arm64_vm *avm, void *buf, size_t size);

/* vcpu_arch.c */
void vcpu_arch_reset(struct arm64_vcpu *av, uint64_t entry, uint64_t x0);
void vcpu_arch_load(struct arm64_vcpu *av);
void vcpu_arch_put(struct arm64_vcpu *av);
bool vcpu_vtimer_pending(struct arm64_vcpu *av, bool loaded);
/* The loaded vCPU's timer output: CNTV_CTL_EL0 ENABLE && !IMASK && ISTATUS. */
bool vcpu_vtimer_output(void);
uint64_t vcpu_vtimer_deadline(struct arm64_vcpu *av);
void arm64_fpsimd_save(struct arm64_fpsimd *s);
void arm64_fpsimd_load(struct arm64_fpsimd *s);
void arm64_enter_guest(struct arm64_regs *regs);

/* run.c */
void arm64_run(void) __noreturn;
/* Per-CPU scheduler state: run queue and timer queue (CPU's own context). */
void arm64_pcpu_sched_init(struct arm64_pcpu *pc);
void arm64_vcpu_sched_init(struct arm64_vcpu *av);
void arm64_kick(unsigned int cpu);
/* PSCI CPU_ON: start @av at @entry with x0 = @ctx unless it is on already. */
int arm64_vcpu_start(struct arm64_vcpu *av, uint64_t entry, uint64_t ctx);
/* PSCI CPU_OFF of the running vCPU. */
void arm64_vcpu_stop(struct arm64_vcpu *av);
int arm64_vcpu_wake(struct arm64_vcpu *av);
void arm64_vm_end(struct arm64_vm *avm, bool failed);
void arm64_vm_reset(struct arm64_vm *avm);
int arm64_irq_handle(struct arm64_pcpu *pc, uint32_t intid);
uint64_t arm64_counter(void);

/* traps.c */
struct exc_cpu_features;
extern struct exc_cpu_features arm64_exc_features;	/* PSTATE features, set at boot */
/* External abort to the guest for @esr_el2 at @ipa; false: the VM was stopped instead. */
bool arm64_inject_abort(struct arm64_vcpu *av, uint64_t esr_el2, uint64_t ipa);
void arm64_inject_undef(void);
void arm64_skip_insn(void);
/* A synchronous exception with syndrome @esr_el1 at the guest's EL1 vector. */
void arm64_inject_sync(uint64_t esr_el1);
void arm64_vcpu_crash(struct arm64_vcpu *av, const char *why, uint64_t esr);

/* vgic_arch.c: the VM's virtual GICv3 (see the file's comment for the protocol). */
struct vgic;
extern unsigned int arm64_nr_lrs, arm64_nr_aprs;
void vgic_arch_probe(void);
int vgic_arch_vm_init(struct arm64_vm *avm);
void vgic_arch_vm_reset(struct arm64_vm *avm);
void vgic_arch_vm_report(struct arm64_vm *avm);
/* Before every guest entry / after every exit (no-op when already done). */
void vgic_arch_flush(struct arm64_vcpu *av);
void vgic_arch_sync(struct arm64_vcpu *av);
/*
 * A trapped Group 0/1 ICC_* access: with ICH_HCR_EL2.TALL0/1 set by the
 * flush, re-sample the timer and answer or retry it (TRAP_RESUME); -1 when
 * zarm did not ask for the trap.
 */
int vgic_arch_icc_trap(struct arm64_vcpu *av, struct arm64_regs *r, uint64_t esr);
int vgic_arch_sgi(struct arm64_vcpu *av, uint64_t sgir, bool group1);
void vgic_arch_vtimer(struct arm64_vcpu *av);
void vgic_arch_spi_level(struct arm64_vm *avm, unsigned int intid, bool high);
bool vgic_arch_wfi_block(struct arm64_vcpu *av);
int vgic_arch_test_level(struct arm64_vcpu *av, uint64_t intid, uint64_t high);
void vgic_lr_write(unsigned int i, uint64_t v);
void vgic_apr_save(uint64_t *ap0, uint64_t *ap1);
void vgic_apr_load(const uint64_t *ap0, const uint64_t *ap1);

/* pmu_arch.c: the vCPUs' virtual PMUv3 (pmu/) on the host's PMU. */
void pmu_arch_probe(void);
void pmu_arch_cpu_init(void);
bool pmu_arch_present(void);
uint64_t pmu_arch_mdcr(void);
void pmu_arch_vcpu_reset(struct arm64_vcpu *av);
void pmu_arch_load(struct arm64_vcpu *av);
void pmu_arch_put(struct arm64_vcpu *av);
void pmu_arch_irq(struct arm64_pcpu *pc);
int pmu_arch_trap(struct arm64_regs *r, uint64_t esr, bool full);

/* psci.c */
int psci_guest_call(struct arm64_vcpu *av, struct arm64_regs *r);
int64_t psci_host_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
#define PSCI_SYSTEM_OFF 0x84000008UL
#define PSCI_CPU_ON64 0xC4000003UL

/* vm setup (main.c) */
extern struct arm64_vm *arm64_vm_list[ZARM_MAX_VMS];

#endif
