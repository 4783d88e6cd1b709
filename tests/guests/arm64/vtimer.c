/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The EL1 virtual timer as the Arm ARM defines it, seen through the vGIC:
 *  - CNTV_TVAL_EL0 reads (CVAL - CNTVCT) as a signed 32-bit value; a
 *    write sets CVAL = CNTVCT + SignExtend(TVAL);
 *  - CNTV_CTL_EL0.ISTATUS is set when ENABLE = 1 and CNTVCT >= CVAL,
 *    whatever IMASK (it is UNKNOWN with ENABLE = 0: not tested);
 *  - the timer's output (ENABLE, not IMASK, ISTATUS) is a level-sensitive
 *    interrupt, PPI 27: no interrupt while disabled or masked; its pending
 *    state in GICR_ISPENDR0 and ICC_HPPIR1_EL1 follows the output, so
 *    disabling, masking or moving the timer into the future withdraws an
 *    interrupt not yet taken; acknowledged it is active (and pending while
 *    the output stays up); an EOI with the output still up delivers again;
 *  - the time from the deadline to the handler stays well within 10 ms.
 */
#include "tests/guests/arm64/rt.h"

#define ICC_HPPIR1_EL1 "S3_0_C12_C12_2"
#define CTL_ENABLE 1UL
#define CTL_IMASK 2UL
#define CTL_ISTATUS 4UL
#define SPURIOUS 1023U
#define LAT_ROUNDS 30

static uint64_t freq;
static volatile unsigned int irqs, spurious, last_intid;
static volatile uint64_t irq_time, irq_ctl;
static volatile unsigned int irq_keep;	/* handler leaves the timer up this many times */
static volatile bool irq_seen_active, irq_seen_pending;

static uint64_t now(void)
{
	__asm__ volatile("isb");
	return read_sysreg(cntvct_el0);
}

static void delay_us(uint64_t us)
{
	uint64_t end = now() + freq * us / 1000000;

	while (now() < end)
		;
}

static bool pend27(void)
{
	return gic_is_pending(27);
}

static uint32_t hppir1(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, " ICC_HPPIR1_EL1 : "=r"(v));
	return (uint32_t)v & 0xffffff;
}

static void timer_irq(void)
{
	uint32_t intid = gic_ack();

	irq_time = now();
	if (intid >= SPURIOUS) {
		spurious++;
		return;
	}
	last_intid = intid;
	if (intid == 27) {
		irq_ctl = read_sysreg(cntv_ctl_el0);
		irq_seen_active = gic_is_active(27);
		irq_seen_pending = pend27();
		irqs++;
		if (irq_keep)
			irq_keep--;
		else
			write_sysreg(cntv_ctl_el0, CTL_ENABLE | CTL_IMASK);
	}
	gic_eoi(intid);
}

/* Wait up to @us for @cond, polling the GIC (a trapped read) now and then. */
#define WAIT_FOR(cond, us) ({ \
	uint64_t __end = now() + freq * (us) / 1000000; \
	while (!(cond) && now() < __end) \
		delay_us(50); \
	(cond); })

static void tval_cval(void)
{
	uint64_t t0, t1, cval;
	int32_t tv;

	write_sysreg(cntv_ctl_el0, 0);
	t0 = now();
	write_sysreg(cntv_cval_el0, t0 + 1000000);
	tv = (int32_t)read_sysreg(cntv_tval_el0);
	t1 = now();
	tap_ok(tv <= 1000000 && tv >= (int32_t)(1000000 - (t1 - t0)),
	       "TVAL reads CVAL - CNTVCT (%d)", tv);
	write_sysreg(cntv_cval_el0, t0 - 5000);
	tv = (int32_t)read_sysreg(cntv_tval_el0);
	tap_ok(tv < -5000 && tv > -5000 - (int32_t)(now() - t0) - 1000,
	       "TVAL is negative once CVAL has passed (%d)", tv);
	/* CVAL 2^33 + 77 ticks behind: only the low 32 bits, sign-extended. */
	t0 = now();
	write_sysreg(cntv_cval_el0, t0 - (1ULL << 33) - 77);
	tv = (int32_t)read_sysreg(cntv_tval_el0);
	t1 = now();
	tap_ok(tv <= -77 && tv >= -77 - (int32_t)(t1 - t0), "TVAL is 32 bits (%d)", tv);
	t0 = now();
	write_sysreg(cntv_tval_el0, 123456);
	t1 = now();
	cval = read_sysreg(cntv_cval_el0);
	tap_ok(cval >= t0 + 123456 && cval <= t1 + 123456, "writing TVAL sets CVAL = CNTVCT + TVAL");
	t0 = now();
	write_sysreg(cntv_tval_el0, (uint32_t)-4000);
	t1 = now();
	cval = read_sysreg(cntv_cval_el0);
	tap_ok(cval >= t0 - 4000 && cval <= t1 - 4000, "a negative TVAL is sign-extended");
}

static void istatus(void)
{
	write_sysreg(cntv_cval_el0, now() - 1);
	write_sysreg(cntv_ctl_el0, CTL_ENABLE | CTL_IMASK);
	__asm__ volatile("isb");
	tap_ok(read_sysreg(cntv_ctl_el0) & CTL_ISTATUS, "ISTATUS set when met, even masked");
	write_sysreg(cntv_cval_el0, now() + freq * 100);
	__asm__ volatile("isb");
	tap_ok(!(read_sysreg(cntv_ctl_el0) & CTL_ISTATUS), "ISTATUS clear when not met");
	write_sysreg(cntv_tval_el0, freq / 1000);	/* 1 ms */
	delay_us(2000);
	tap_ok(read_sysreg(cntv_ctl_el0) & CTL_ISTATUS, "ISTATUS set once CVAL is reached");
	write_sysreg(cntv_ctl_el0, 0);
}

/* With interrupts unmasked and PPI 27 enabled, nothing comes while the output is low. */
static void no_interrupt_when_low(void)
{
	unsigned int before = irqs;

	write_sysreg(cntv_cval_el0, now() - 1);
	write_sysreg(cntv_ctl_el0, 0);
	irq_enable();
	delay_us(5000);
	tap_ok(irqs == before && !pend27(), "no interrupt, not pending, while disabled");
	write_sysreg(cntv_ctl_el0, CTL_ENABLE | CTL_IMASK);
	delay_us(5000);
	tap_ok(irqs == before && !pend27(), "no interrupt, not pending, while masked");
	write_sysreg(cntv_cval_el0, now() + freq * 100);
	write_sysreg(cntv_ctl_el0, CTL_ENABLE);
	delay_us(5000);
	tap_ok(irqs == before && !pend27(), "no interrupt, not pending, before CVAL");
	irq_disable();
	write_sysreg(cntv_ctl_el0, 0);
}

/* PPI 27 disabled in the redistributor: its pending bit tracks the output. */
static void pending_follows_output(void)
{
	gic_disable(27);
	write_sysreg(cntv_cval_el0, now() - 1);
	write_sysreg(cntv_ctl_el0, CTL_ENABLE);
	tap_ok(WAIT_FOR(pend27(), 10000), "fired: GICR_ISPENDR0 shows PPI 27 pending");
	write_sysreg(cntv_ctl_el0, 0);
	tap_ok(!pend27(), "disabled: no longer pending");
	write_sysreg(cntv_ctl_el0, CTL_ENABLE);
	tap_ok(WAIT_FOR(pend27(), 10000), "enabled again: pending again");
	write_sysreg(cntv_cval_el0, now() + freq * 100);
	tap_ok(!pend27(), "CVAL moved into the future: no longer pending");
	write_sysreg(cntv_tval_el0, (uint32_t)-10);
	tap_ok(WAIT_FOR(pend27(), 10000), "TVAL in the past: pending again");
	write_sysreg(cntv_ctl_el0, CTL_ENABLE | CTL_IMASK);
	tap_ok(!pend27(), "masked: no longer pending");
	write_sysreg(cntv_ctl_el0, 0);
	gic_enable(27);
	irq_enable();
	delay_us(2000);
	irq_disable();
	tap_ok(irqs == 0, "enabling PPI 27 afterwards delivers nothing stale");
}

/* Enabled in the GIC, PSTATE.I masked: the CPU interface (LR) view. */
static void hppir_follows_output(void)
{
	unsigned int before = irqs;
	uint32_t h;

	write_sysreg(cntv_cval_el0, now() - 1);
	write_sysreg(cntv_ctl_el0, CTL_ENABLE);
	tap_ok(WAIT_FOR(hppir1() == 27, 10000), "fired, IRQs masked: ICC_HPPIR1_EL1 is 27");
	write_sysreg(cntv_ctl_el0, 0);
	h = hppir1();
	tap_ok(h == SPURIOUS, "disabled: ICC_HPPIR1_EL1 no longer 27 (%u)", h);
	irq_enable();
	delay_us(2000);
	irq_disable();
	tap_ok(irqs == before, "unmasked afterwards: the timer interrupt is not taken");
	write_sysreg(cntv_ctl_el0, CTL_ENABLE);
	tap_ok(WAIT_FOR(hppir1() == 27, 10000), "enabled again: ICC_HPPIR1_EL1 is 27 again");
	write_sysreg(cntv_cval_el0, now() + freq * 100);
	h = hppir1();
	tap_ok(h == SPURIOUS, "CVAL in the future: ICC_HPPIR1_EL1 no longer 27 (%u)", h);
	write_sysreg(cntv_ctl_el0, 0);
}

/* Taken: active; pending too while the output stays up; again after the EOI. */
static void level_delivery(void)
{
	unsigned int before = irqs;

	irq_keep = 2;	/* two EOIs with the output up, masked at the third */
	write_sysreg(cntv_cval_el0, now() - 1);
	write_sysreg(cntv_ctl_el0, CTL_ENABLE);
	irq_enable();
	WAIT_FOR(irqs >= before + 3, 20000);
	delay_us(3000);
	irq_disable();
	write_sysreg(cntv_ctl_el0, 0);
	tap_ok(irqs == before + 3 && last_intid == 27,
	       "output left up: delivered again after each EOI (%u)", irqs - before);
	tap_ok(irq_seen_active && irq_seen_pending,
	       "in the handler: active, and pending while the output is up");
	tap_ok(irq_ctl & CTL_ISTATUS, "in the handler: ISTATUS set");

	/* The handler masks the timer: exactly one interrupt. */
	before = irqs;
	write_sysreg(cntv_tval_el0, freq / 1000);
	write_sysreg(cntv_ctl_el0, CTL_ENABLE);
	irq_enable();
	WAIT_FOR(irqs > before, 20000);
	delay_us(3000);
	irq_disable();
	tap_ok(irqs == before + 1, "masked by its handler: exactly one interrupt (%u)",
	       irqs - before);
	tap_ok(!gic_is_active(27) && !pend27(), "after the EOI: neither active nor pending");
	write_sysreg(cntv_ctl_el0, 0);
}

/* Deadline to handler, busy and in WFI: max well within 10 ms. */
static void latency(bool wfi)
{
	uint64_t worst = 0, sum = 0;
	unsigned int ok = 0;

	irq_enable();
	for (unsigned int i = 0; i < LAT_ROUNDS; i++) {
		unsigned int before = irqs;
		uint64_t cval = now() + freq / 1000 + (i * freq / 10000);
		uint64_t lat;

		write_sysreg(cntv_cval_el0, cval);
		write_sysreg(cntv_ctl_el0, CTL_ENABLE);
		while (irqs == before && now() < cval + freq / 10) {
			if (wfi)
				__asm__ volatile("wfi");
		}
		if (irqs == before)
			break;
		lat = irq_time - cval;
		ok++;
		sum += lat;
		if (lat > worst)
			worst = lat;
	}
	irq_disable();
	write_sysreg(cntv_ctl_el0, 0);
	tap_ok(ok == LAT_ROUNDS && worst < freq / 100,
	       "%s: deadline to handler in %u rounds, worst %lu us, mean %lu us (< 10 ms)",
	       wfi ? "in WFI" : "busy", ok, worst * 1000000 / freq,
	       ok ? sum / ok * 1000000 / freq : 0);
}

void rt_main(uint64_t dtb)
{
	(void)dtb;
	freq = read_sysreg(cntfrq_el0);
	tap_plan(5 + 3 + 3 + 7 + 5 + 5 + 2);
	rt_irq_handler = timer_irq;
	gic_init();
	gic_init_cpu();
	/* Group 1 (the reset group is IMPLEMENTATION DEFINED: zarm 1, QEMU 0). */
	mmio_write32(GICR_SGI(rt_cpu_id()) + 0x80, 0xffffffffU);
	gic_set_prio(27, 0x80);
	gic_enable(27);
	tval_cval();
	istatus();
	no_interrupt_when_low();
	pending_follows_output();
	hppir_follows_output();
	level_delivery();
	latency(false);
	latency(true);
	rt_printf("# spurious acknowledges (the output fell between signal and ack): %u\n",
		  spurious);
	rt_power_off_ok();
}
