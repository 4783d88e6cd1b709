/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest timing interruptions: the clock comparator masked in CR0 (subclass
 * 0x800 off) does not wake an enabled wait and is taken as soon as the
 * guest unmasks it; the CPU timer (0x1005) wakes an enabled wait and
 * interrupts a running guest; a thousand clock-comparator interruptions
 * from enabled waits, none lost, each after its comparator value.
 */
#include "tests/guests/s390/rt.h"

#define TOD_US 4096ULL
#define CR0_CKC 0x800ULL
#define CR0_CPT 0x400ULL

static volatile unsigned int ckc_irqs, cpt_irqs, late;
static volatile uint16_t first_code;
static volatile uint64_t ckc_value, ckc_seen;

static uint64_t tod(void)
{
	uint64_t t;

	asm volatile("stck %0" : "=Q"(t) : : "cc");
	return t;
}

static void set_ckc(uint64_t v)
{
	asm volatile("sckc %0" : : "Q"(v));
}

static void set_cpt(uint64_t v)
{
	asm volatile("spt %0" : : "Q"(v));
}

static void ext_off(void)
{
	uint8_t m;

	asm volatile("stnsm %0,0xfe" : "=Q"(m) : : "memory");
}

static void ext_on(void)
{
	uint8_t m;

	asm volatile("stosm %0,0x01" : "=Q"(m) : : "memory");
}

static uint64_t get_cr0(void)
{
	uint64_t v;

	asm volatile("stctg 0,0,%0" : "=Q"(v));
	return v;
}

static void set_cr0(uint64_t v)
{
	asm volatile("lctlg 0,0,%0" : : "Q"(v) : "memory");
}

void rt_ext(void)
{
	uint16_t code = *(volatile uint16_t *)0x86;

	if (!first_code)
		first_code = code;
	if (code == 0x1004) {
		ckc_seen = tod();
		if (ckc_seen <= ckc_value)
			late++;
		ckc_irqs++;
		set_ckc(~0ULL);
	} else if (code == 0x1005) {
		cpt_irqs++;
		set_cpt(0x7fffffffffffffffULL);
	}
	/* An interrupted wait resumes disabled and not waiting. */
	if (*(volatile uint64_t *)0x130 & 0x0002000000000000ULL)
		*(volatile uint64_t *)0x130 &= ~0x0102000000000000ULL;
}

static void enabled_wait(void)
{
	uint64_t psw[2] __attribute__((aligned(8)));

	psw[0] = 0x0102000180000000ULL;     /* EXT | WAIT | EA | BA */
	asm volatile("larl %%r1,0f\n\tstg %%r1,8(%0)\n\tlpswe 0(%0)\n0:"
		     : : "a"(psw) : "r1", "memory", "cc");
}

static void spin_us(uint64_t us)
{
	uint64_t end = tod() + us * TOD_US;

	while (tod() < end)
		rt_barrier();
}

int main(void)
{
	uint64_t start, end, cr0;
	unsigned int n;

	rt_plan(9);
	set_ckc(~0ULL);
	set_cpt(0x7fffffffffffffffULL);
	rt_enable_ext(CR0_CPT);
	ext_off();
	cr0 = get_cr0() & ~CR0_CKC;
	set_cr0(cr0);

	/* Comparator due in 1 ms but masked; the CPU timer (20 ms) wakes. */
	start = tod();
	ckc_value = start + 1000 * TOD_US;
	set_ckc(ckc_value);
	set_cpt(20000 * TOD_US);
	enabled_wait();
	end = tod();
	rt_ok(first_code == 0x1005 && cpt_irqs == 1 && ckc_irqs == 0,
	      "masked comparator does not wake the wait; the CPU timer does (code 0x%x, %u/%u)",
	      first_code, cpt_irqs, ckc_irqs);
	rt_ok(end - start >= 20000 * TOD_US && end - start < 2000000 * TOD_US,
	      "CPU timer woke the wait after %lu us (>= 20000)",
	      (unsigned long)((end - start) / TOD_US));
	/* Unmasking the pending comparator delivers it at once. */
	ext_on();
	set_cr0(cr0 | CR0_CKC);
	for (n = 0; n < 1000 && !ckc_irqs; n++)
		rt_barrier();
	rt_ok(ckc_irqs == 1, "comparator delivered as soon as CR0 enables it (%u, after %u loops)",
	      ckc_irqs, n);
	rt_ok(late == 0, "... after its comparator value");

	/* CPU timer while running, enabled. */
	cpt_irqs = 0;
	set_cpt(1000 * TOD_US);
	start = tod();
	while (!cpt_irqs && tod() - start < 2000000 * TOD_US)
		rt_barrier();
	rt_ok(cpt_irqs == 1, "CPU-timer interruption 0x1005 while running (%u)", cpt_irqs);

	/* A thousand comparator wake-ups from enabled waits. */
	ext_off();
	set_cr0(cr0 | CR0_CKC);
	ckc_irqs = 0;
	late = 0;
	start = tod();
	for (n = 0; n < 1000; n++) {
		unsigned int before = ckc_irqs;

		ckc_value = tod() + 30 * TOD_US;
		set_ckc(ckc_value);
		enabled_wait();
		if (ckc_irqs != before + 1)
			break;
	}
	end = tod();
	rt_ok(n == 1000 && ckc_irqs == 1000, "1000 comparator interruptions, none lost (%u, %u)",
	      n, ckc_irqs);
	rt_ok(late == 0, "each after its comparator value (%u early)", late);
	rt_ok(end - start < 60000000 * TOD_US, "in %lu ms",
	      (unsigned long)((end - start) / TOD_US / 1000));

	/* Comparator in the past while enabled: taken without a wait. */
	ckc_irqs = 0;
	ext_on();
	ckc_value = tod() - 1;
	set_ckc(ckc_value);
	spin_us(1000);
	rt_ok(ckc_irqs == 1, "comparator in the past: one interruption (%u)", ckc_irqs);
	return (int)rt_failures();
}
