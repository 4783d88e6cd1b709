/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * zarm on s390x, after head.S: host lowcore, console, storage size from
 * the SCLP, the configuration blob the .ins list loaded at
 * ZARM_S390_CONFIG_ADDR, one VM per /zarm/vm@N node, then the run loop.
 */
#include <stdint.h>

#include "arch/s390/config.h"
#include "arch/s390/console.h"
#include "arch/s390/cpu.h"
#include "arch/s390/host_input.h"
#include "arch/s390/host_sclp.h"
#include "arch/s390/layout.h"
#include "arch/s390/s390.h"
#include "arch/s390/vm.h"
#include "common/log.h"
#include "common/panic.h"
#include "common/string.h"

#define BOOT_STACK_SIZE 65536
uint8_t s390_boot_stack[BOOT_STACK_SIZE] __attribute__((aligned(4096)));
extern uint8_t s390_boot_stack_top[];
asm(".globl s390_boot_stack_top\n"
    ".set s390_boot_stack_top, s390_boot_stack + 65536");

extern char __image_end[];

#define SEC_STACK_SIZE 16384
static uint8_t sec_lowcore[S390_MAX_CPUS][LC_SIZE] __attribute__((aligned(8192)));
static uint8_t sec_stack[S390_MAX_CPUS][SEC_STACK_SIZE] __attribute__((aligned(4096)));

/*
 * libfdt is built with the stack protector, which on s390x reads the
 * canary at offset 0x28 from the thread pointer held in a0:a1. zarm has no
 * threads: point a0:a1 at this block, whose canary never changes.
 */
static struct {
	uint8_t pad[0x28];
	uint64_t canary;
	uint8_t tail[0xd0];
} tcb __attribute__((aligned(256))) = { .canary = 0x5a41524d00ff0a0dULL };
uint64_t __stack_chk_guard = 0x5a41524d00ff0a0dULL;

void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	con_printf("stack smashing detected: stopped: disabled wait %lx (zarm failure)\n",
		   ZARM_WAIT_PANIC);
	cpu_disabled_wait(ZARM_WAIT_PANIC);
}

static void set_thread_pointer(void *p)
{
	uint64_t a = (uint64_t)(uintptr_t)p;

	asm volatile("sar %%a0,%0\n\tsar %%a1,%1"
		     : : "d"((uint32_t)(a >> 32)), "d"((uint32_t)a));
}

/*
 * Control registers every CPU runs with. CR0: AFP registers on (guest FPRs
 * pass through them), clock-comparator and emergency-signal subclasses
 * (time slices, cross-CPU kicks). CR1: real space, so that guest absolute
 * + MSO is a host absolute address.
 */
static void cpu_setup(void)
{
	cpu_set_cr0(cpu_get_cr(0) | 0x40000 | 0x4000 | 0x800);
	cpu_set_cr1(0x20);
	set_thread_pointer(&tcb);
	cpu_set_ckc(~0ULL);
}

/* panic(): the message is out; stop in the wait that says zarm failed. */
static void halt_failed(void)
{
	con_printf("stopped: disabled wait %lx (zarm failure)\n", ZARM_WAIT_PANIC);
	cpu_disabled_wait(ZARM_WAIT_PANIC);
}

void s390_secondary_main(void)
{
	cpu_setup();
	sched_cpu_loop();
}

/* Bring up the other CPUs: own prefix page, then SIGP restart. */
static void start_secondaries(unsigned int n)
{
	uint16_t me = cpu_address();
	unsigned int idx = 1;

	for (uint16_t a = 0; a < n && idx < S390_MAX_CPUS; a++) {
		uint8_t *lc = sec_lowcore[idx];
		int cc;

		if (a == me)
			continue;
		memset(lc, 0, LC_SIZE);
		sched_cpu_init(idx, a);
		s390_lowcore_init_secondary(lc, idx, &sec_stack[idx][SEC_STACK_SIZE]);
		cc = cpu_sigp(a, 0x0d, (uint64_t)(uintptr_t)lc, NULL);
		if (!cc)
			cc = cpu_sigp(a, 0x06, 0, NULL);
		if (cc) {
			con_printf("CPU %u did not start (cc %d)\n", a, cc);
			continue;
		}
		idx++;
	}
	con_printf("running on %u CPU%s\n", idx, idx == 1 ? "" : "s");
}

void s390_main(void)
{
	static struct vm_desc descs[S390_MAX_VMS];
	struct host_info info;
	unsigned int refused;
	uint64_t lo;
	int n;

	s390_lowcore_init((uint8_t *)0, 0);
	sched_cpu_init(0, cpu_address());
	cpu_setup();
	log_set_sink(con_log_sink, NULL);
	panic_set_halt(halt_failed);
	con_printf("zarm s390x starting on CPU %u\n", cpu_address());
	if (host_sclp_read_info(&info)) {
		con_printf("SCLP read SCP info failed: stopped: disabled wait %lx\n",
			   ZARM_WAIT_PANIC);
		cpu_disabled_wait(ZARM_WAIT_PANIC);
	}
	host_input_enable();
	con_printf("%lu MiB of storage, %u CPU%s\n",
		   (unsigned long)(info.storage >> 20), info.nr_cpus,
		   info.nr_cpus == 1 ? "" : "s");
	/*
	 * The other CPUs first, so that vCPUs can be spread over the CPUs that
	 * did start; they wait for the lock until every VM exists.
	 */
	sched_lock();
	start_secondaries(info.nr_cpus);
	lo = (uint64_t)(uintptr_t)__image_end;
	if (lo < ZARM_S390_GUEST_BASE)
		lo = ZARM_S390_GUEST_BASE;
	n = s390_config_parse((const void *)ZARM_S390_CONFIG_ADDR, descs,
			      S390_MAX_VMS, lo, info.storage, &refused);
	if (n < 0)
		n = 0;
	/* Refused VMs count as failed in the final line. */
	sched_note_refused(refused);
	for (int i = 0; i < n; i++)
		if (vm_create(&descs[i]))
			con_printf("VM %u: no room\n", descs[i].id);
	if (!vm_count())
		con_printf("no VM to run\n");
	host_input_start();
	sched_unlock();
	sched_cpu_loop();
}
