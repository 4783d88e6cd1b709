/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host lowcore: new PSWs for every interruption class and the handlers
 * behind them. zarm runs with every class disabled except around SIE and
 * in enabled waits, so the only interruptions expected are external ones
 * (clock comparator, service signal, SIGP emergency). A program check
 * SIE raised for a guest, or one in zarm while it handled a guest's
 * interception, ends that VM alone (host_pgm.c). Anything else is a bug
 * in zarm: it prints the PSW and stops in a disabled wait saying so.
 */
#include "arch/s390/lowcore.h"

#include <stdint.h>

#include "arch/s390/console.h"
#include "arch/s390/cpu.h"
#include "arch/s390/host_pgm.h"
#include "arch/s390/layout.h"
#include "arch/s390/s390.h"

extern char s390_ext_stub[], s390_pgm_stub[], s390_svc_stub[];
extern char s390_io_stub[], s390_mck_stub[], s390_rst_stub[];

#define IRQ_STACK_SIZE 16384
static uint8_t irq_stack[S390_MAX_CPUS][IRQ_STACK_SIZE]
	__attribute__((aligned(4096)));

static void set_new_psw(uint8_t *lc, unsigned long off, void *handler)
{
	struct psw *p = (struct psw *)(lc + off);

	p->mask = PSW_MASK_64;
	p->addr = (uint64_t)(uintptr_t)handler;
}

void s390_lowcore_init(uint8_t *lc, unsigned int cpu)
{
	set_new_psw(lc, LC_EXT_NEW_PSW, s390_ext_stub);
	set_new_psw(lc, LC_PGM_NEW_PSW, s390_pgm_stub);
	set_new_psw(lc, LC_SVC_NEW_PSW, s390_svc_stub);
	set_new_psw(lc, LC_IO_NEW_PSW, s390_io_stub);
	set_new_psw(lc, LC_MCK_NEW_PSW, s390_mck_stub);
	set_new_psw(lc, LC_RST_NEW_PSW, s390_rst_stub);
	*(uint64_t *)(lc + LC_IRQ_STACK) =
		(uint64_t)(uintptr_t)&irq_stack[cpu][IRQ_STACK_SIZE];
	*(uint64_t *)(lc + LC_PERCPU) = (uint64_t)(uintptr_t)sched_cpu(cpu);
}

/* A secondary CPU's prefix page: like CPU 0's, but restart starts it. */
void s390_lowcore_init_secondary(uint8_t *lc, unsigned int cpu, void *stack_top)
{
	extern char s390_secondary_start[];

	s390_lowcore_init(lc, cpu);
	set_new_psw(lc, LC_RST_NEW_PSW, s390_secondary_start);
	*(uint64_t *)(lc + LC_BOOT_STACK) = (uint64_t)(uintptr_t)stack_top;
}

static __attribute__((noreturn)) void fatal(const char *what,
					     const struct psw *old,
					     const uint64_t *regs,
					     unsigned int code)
{
	con_break_lock();
	con_printf("%s in zarm: code 0x%04x PSW %016lx %016lx\n", what, code,
		   old->mask, old->addr);
	for (int i = 0; i < 16; i += 4)
		con_printf("r%-2d %016lx %016lx %016lx %016lx\n", i, regs[i],
			   regs[i + 1], regs[i + 2], regs[i + 3]);
	con_printf("stopped: disabled wait %lx (zarm failure)\n",
		   ZARM_WAIT_PANIC);
	cpu_disabled_wait(ZARM_WAIT_PANIC);
}

void s390_pgm_handler(struct psw *old, uint64_t *regs)
{
	unsigned int code = *(uint16_t *)lowcore_ptr(LC_PGM_CODE);

	/* SIE's for a guest, or zarm's while it worked for one: not fatal. */
	if (host_pgm_claim(old, regs, code))
		return;
	if (code == 0x10 || code == 0x11 || code == 0x05)
		con_printf("translation/addressing address %016lx\n",
			   *(uint64_t *)lowcore_ptr(LC_TRANS_EXC));
	fatal("program check", old, regs, code);
}

void s390_svc_handler(struct psw *old, uint64_t *regs)
{
	fatal("SVC", old, regs, *(uint16_t *)lowcore_ptr(LC_SVC_CODE));
}

void s390_io_handler(struct psw *old, uint64_t *regs)
{
	fatal("I/O interruption", old, regs, 0);
}

void s390_mck_handler(struct psw *old, uint64_t *regs)
{
	fatal("machine check", old, regs, 0);
}

void s390_rst_handler(struct psw *old, uint64_t *regs)
{
	fatal("restart interruption", old, regs, 0);
}

void s390_ext_handler(struct psw *old, uint64_t *regs)
{
	unsigned int code = *(uint16_t *)lowcore_ptr(LC_EXT_CODE);
	uint32_t param = *(uint32_t *)lowcore_ptr(LC_EXT_PARAM);

	(void)regs;
	s390_ext_irq(code, param);
	/* An enabled wait ends with the interruption: resume after it. */
	if (old->mask & PSW_MASK_WAIT)
		old->mask &= ~(PSW_MASK_WAIT | PSW_MASK_EXT | PSW_MASK_IO);
}
