/* SPDX-License-Identifier: GPL-2.0-only */
#include "tests/guests/s390/rt.h"

#include <stdarg.h>

#include "common/printf.h"
#include "arch/s390/lowcore.h"

uint8_t rt_stack[16384] __attribute__((aligned(4096)));
uint8_t rt_pgm_stack[8192] __attribute__((aligned(4096)));
uint8_t rt_sec_stacks[RT_MAX_CPUS][8192] __attribute__((aligned(4096)));
/* A prefix page (lowcore) per secondary vCPU. */
static uint8_t prefix_pages[RT_MAX_CPUS][8192] __attribute__((aligned(8192)));
asm(".globl rt_stack_top\n.set rt_stack_top, rt_stack + 16384\n"
    ".globl rt_pgm_stack_top\n.set rt_pgm_stack_top, rt_pgm_stack + 8192");

extern char pgm_stub[], ext_stub[], secondary_entry[];

struct rt_pgm rt_last_pgm;
static unsigned int test_no, failures;

long rt_hypercall(unsigned long fn, unsigned long a0, unsigned long a1)
{
	register unsigned long r1 asm("1") = fn;
	register unsigned long r2 asm("2") = a0;
	register unsigned long r3 asm("3") = a1;

	asm volatile("diag %1,%2,0x5a0"
		     : "+d"(r1), "+d"(r2), "+d"(r3) : : "memory", "cc");
	return (long)r2;
}

static size_t slen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

void rt_puts(const char *s)
{
	rt_hypercall(ZARM_HC_CONSOLE_WRITE, (unsigned long)s, slen(s));
}

static void vprint(const char *fmt, va_list ap, const char *tail)
{
	char buf[256];
	int n = zarm_vsnprintf(buf, sizeof(buf) - 2, fmt, ap);

	if (n > (int)sizeof(buf) - 3)
		n = sizeof(buf) - 3;
	for (const char *t = tail; *t; t++)
		buf[n++] = *t;
	rt_hypercall(ZARM_HC_CONSOLE_WRITE, (unsigned long)buf, n);
}

void rt_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(fmt, ap, "");
	va_end(ap);
}

void rt_plan(unsigned int n)
{
	rt_printf("1..%u\n", n);
}

bool rt_ok(bool cond, const char *fmt, ...)
{
	char line[256];
	unsigned int n;
	va_list ap;

	/* One hypercall per line: other vCPUs cannot split it. */
	n = (unsigned int)__atomic_add_fetch(&test_no, 1, __ATOMIC_RELAXED);
	int len = zarm_snprintf(line, sizeof(line), "%sok %u - ",
			       cond ? "" : "not ", n);
	va_start(ap, fmt);
	len += zarm_vsnprintf(line + len, sizeof(line) - len - 1, fmt, ap);
	va_end(ap);
	if (len > (int)sizeof(line) - 2)
		len = sizeof(line) - 2;
	line[len++] = '\n';
	rt_hypercall(ZARM_HC_CONSOLE_WRITE, (unsigned long)line, len);
	if (!cond)
		__atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
	return cond;
}

unsigned int rt_failures(void)
{
	return failures;
}

void rt_power_off(unsigned long status)
{
	for (;;)
		rt_hypercall(ZARM_HC_POWER_OFF, status, 0);
}

unsigned int rt_cpu_id(void)
{
	return (unsigned int)rt_hypercall(ZARM_HC_VCPU_INFO, 0, 0);
}

unsigned int rt_cpu_count(void)
{
	register unsigned long r1 asm("1") = ZARM_HC_VCPU_INFO;
	register unsigned long r2 asm("2") = 0;
	register unsigned long r3 asm("3") = 0;

	asm volatile("diag %1,%2,0x5a0"
		     : "+d"(r1), "+d"(r2), "+d"(r3) : : "memory", "cc");
	return (unsigned int)r3;
}

int rt_sigp(unsigned int cpu, unsigned int order, unsigned long param,
	    uint32_t *status)
{
	register unsigned long r1 asm("1") = param;
	int cc;

	asm volatile("sigp %1,%2,0(%3)\n\tipm %0\n\tsrl %0,28"
		     : "=d"(cc), "+d"(r1)
		     : "d"((unsigned long)cpu), "a"((unsigned long)order)
		     : "cc", "memory");
	if (status)
		*status = (uint32_t)r1;
	return cc;
}

static void set_psw(uint8_t *lc, unsigned int off, void *handler, uint64_t mask)
{
	uint64_t *p = (uint64_t *)(lc + off);

	p[0] = mask;
	p[1] = (uint64_t)(unsigned long)handler;
}

static void setup_lowcore(uint8_t *lc)
{
	set_psw(lc, LC_PGM_NEW_PSW, pgm_stub, PSW_MASK_64);
	set_psw(lc, LC_EXT_NEW_PSW, ext_stub, PSW_MASK_64);
}

int rt_start_cpu(unsigned int cpu)
{
	uint8_t *lc;
	int cc;

	if (cpu == 0 || cpu >= RT_MAX_CPUS)
		return -1;
	lc = prefix_pages[cpu];
	setup_lowcore(lc);
	set_psw(lc, LC_RST_NEW_PSW, secondary_entry, PSW_MASK_64);
	cc = rt_sigp(cpu, 0x0d, (unsigned long)lc, NULL);   /* set prefix */
	if (cc)
		return cc;
	return rt_sigp(cpu, 0x06, 0, NULL);                 /* restart */
}

/* Set by rt_try(): where a program check resumes, with GR2 = its code. */
uint64_t rt_resume;

void rt_pgm_check(void)
{
	uint16_t code = *(volatile uint16_t *)LC_PGM_CODE;
	uint64_t cr0;

	/*
	 * The handler writes the lowcore (the old PSW at 0x150): a test of
	 * low-address protection gets it turned off (CR0 bit 35) here.
	 */
	asm volatile("stctg 0,0,%0" : "=Q"(cr0));
	if (cr0 & 0x10000000ULL) {
		cr0 &= ~0x10000000ULL;
		asm volatile("lctlg 0,0,%0" : : "Q"(cr0));
	}
	/* What the interruption stored, before the resume address replaces it. */
	rt_last_pgm.code = code;
	rt_last_pgm.ilc = *(volatile uint16_t *)LC_PGM_ILC;
	rt_last_pgm.addr = *(volatile uint64_t *)(LC_PGM_OLD_PSW + 8);
	rt_last_pgm.teid = *(volatile uint64_t *)LC_TRANS_EXC;
	if (rt_resume) {
		/* The stub reloads GR0-15 from 0x200 and the old PSW. */
		*(volatile uint64_t *)(0x200 + 2 * 8) = code;
		*(volatile uint64_t *)(LC_PGM_OLD_PSW + 8) = rt_resume;
		/* Resume in the supervisor state and PSW key 0 the test was called in. */
		*(volatile uint64_t *)LC_PGM_OLD_PSW &= ~(PSW_MASK_PSTATE | PSW_MASK_KEY);
		rt_resume = 0;
		rt_last_pgm.count++;
		return;
	}
	rt_last_pgm.count++;
	if (rt_last_pgm.count > 16) {
		rt_puts("too many program checks\n");
		rt_power_off(3);
	}
}

void rt_set_cr(unsigned int cr, uint64_t val)
{
	if (cr == 0)
		asm volatile("lctlg 0,0,%0" : : "Q"(val));
	else
		asm volatile("lctlg 1,1,%0" : : "Q"(val));
}

int rt_servc(uint32_t cmd, void *sccb)
{
	int cc;

	asm volatile(".insn rre,0xb2200000,%1,%2\n\tipm %0\n\tsrl %0,28"
		     : "=d"(cc) : "d"((uint64_t)cmd), "a"(sccb) : "cc", "memory");
	return cc;
}

__attribute__((weak)) void rt_ext(void)
{
}

__attribute__((weak)) void secondary_main(unsigned int cpu)
{
	(void)cpu;
}

void rt_secondary(void)
{
	secondary_main(rt_cpu_id());
	/* Stop this vCPU: SIGP stop to itself. */
	rt_sigp(rt_cpu_id(), 0x05, 0, NULL);
	for (;;)
		;
}

void rt_start(void)
{
	setup_lowcore((uint8_t *)0);
	rt_power_off((unsigned long)main());
}
