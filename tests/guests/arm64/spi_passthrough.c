/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A physical SPI passed through to one VM (passthrough-spis): QEMU virt's
 * PL031 RTC, SPI 34, registers at 0x09010000. The VM started with
 * cmdline=owner has the device in its stage 2 and device tree; writing
 * the match register with the current count raises the RTC's level
 * interrupt at once, so every round is one interrupt, taken through the
 * vGIC, cleared in the device and EOIed (which deactivates the physical
 * one through the HW list register). Counts are exact, also when the
 * guest routes the SPI to its vCPU 1 on the other physical CPU (ack at
 * EL2 on one CPU, deactivation by the guest's EOI on another), and after
 * a SYSTEM_RESET taken while the physical SPI was active (the guest never
 * EOIed it): zarm must deactivate it, or nothing would come. The VM started
 * with cmdline=other has no such device: its accesses fault and its own
 * SPI 34, enabled, never fires.
 */
#include "tests/guests/arm64/rt.h"

#define RTC 0x09010000UL
#define RTC_DR 0x00
#define RTC_MR 0x04
#define RTC_IMSC 0x10
#define RTC_RIS 0x14
#define RTC_ICR 0x1c
#define RTC_PERIPHID0 0xfe0
#define RTC_PERIPHID1 0xfe4
#define SPI_RTC 34
#define ROUNDS 40
#define RESET_ROUNDS 10
#define PLAN_OWNER 11		/* 8 before the reset, 3 after */
/* RAM outside the image survives SYSTEM_RESET: the second boot's mark. */
#define MARK ((volatile uint64_t *)0x40010000UL)
#define MAGIC 0x7370697274UL

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static volatile unsigned int taken, others, taken_on[2];
static volatile bool cpu1_up;

static void handler(void)
{
	uint32_t iar = gic_ack();

	if (iar >= 1020)
		return;
	if (iar == SPI_RTC) {
		taken_on[rt_cpu_id() & 1]++;
		taken++;
		mmio_write32(RTC + RTC_ICR, 1);	/* the line drops before the EOI */
	} else {
		others++;
	}
	gic_eoi(iar);
}

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static const char *bootargs = "";
static bool rtc_node, rtc_irq_ok;

/* The guest's device tree: /chosen/bootargs and a pl031 node, if any. */
static void scan_dt(const uint8_t *fdt)
{
	const uint8_t *p = fdt + be32(fdt + 8);
	const char *strings = (const char *)fdt + be32(fdt + 12);
	const char *node = "";

	for (;;) {
		uint32_t tok = be32(p);

		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			unsigned int n = 0;

			node = (const char *)p;
			while (node[n])
				n++;
			p += (n + 4) & ~3U;
			if (streq(node, "pl031@9010000"))
				rtc_node = true;
		} else if (tok == FDT_PROP) {
			uint32_t len = be32(p);
			const char *prop = strings + be32(p + 4);
			const uint8_t *val = p + 8;

			if (streq(node, "chosen") && streq(prop, "bootargs"))
				bootargs = (const char *)val;
			if (streq(node, "pl031@9010000") && streq(prop, "interrupts") &&
			    len == 12)
				rtc_irq_ok = be32(val) == 0 && be32(val + 4) == SPI_RTC - 32 &&
					     be32(val + 8) == 4;
			p += 8 + ((len + 3) & ~3U);
		} else if (tok == FDT_END || (tok != FDT_END_NODE && tok != FDT_NOP)) {
			return;
		}
	}
}

/* Spin until taken reaches @want or @ms milliseconds pass. */
static bool wait_taken(unsigned int want, unsigned int ms)
{
	uint64_t end = read_sysreg(cntvct_el0) + read_sysreg(cntfrq_el0) * ms / 1000;

	while (taken < want && read_sysreg(cntvct_el0) < end)
		;
	return taken >= want;
}

/* Match = now: the RTC raises its interrupt at once (unless a second ticked in between). */
static void alarm_now(void)
{
	mmio_write32(RTC + RTC_MR, mmio_read32(RTC + RTC_DR));
}

static void setup_gic(void)
{
	gic_init();
	gic_init_cpu();
	rt_irq_handler = handler;
	gic_route(SPI_RTC, 0);
	gic_set_prio(SPI_RTC, 0x80);
	gic_enable(SPI_RTC);
	irq_enable();
}

/* Raise one alarm and wait for exactly one interrupt; *retries counts re-arms. */
static bool one_round(unsigned int *retries)
{
	unsigned int n = taken;

	alarm_now();
	while (!wait_taken(n + 1, 100) && *retries < 10) {
		(*retries)++;	/* the second ticked between DR and MR */
		alarm_now();
	}
	/* Quiet after the EOI: the line was cleared, nothing more comes. */
	wait_taken(n + 2, 5);
	return taken == n + 1;
}

static void __attribute__((noreturn)) owner_after_reset(void)
{
	unsigned int retries = 0;
	bool once = true;

	*MARK = 0;
	taken = others = 0;
	setup_gic();
	wait_taken(1, 50);
	tap_ok(taken == 0, "after SYSTEM_RESET: nothing stale delivered (%u)", taken);
	for (unsigned int i = 0; i < RESET_ROUNDS; i++)
		once = one_round(&retries) && once;
	tap_ok(once && taken == RESET_ROUNDS && others == 0,
	       "after a reset with SPI 34 active: %u alarms, %u interrupts (%u re-arms)",
	       RESET_ROUNDS, taken, retries);
	tap_ok(!gic_is_pending(SPI_RTC) && !gic_is_active(SPI_RTC) &&
	       mmio_read32(RTC + RTC_RIS) == 0, "SPI 34 idle again");
	mmio_write32(RTC + RTC_IMSC, 0);
	rt_power_off_ok();
}

static void owner(void)
{
	unsigned int retries = 0, n;
	bool once = true;

	if (*MARK == MAGIC)
		owner_after_reset();
	tap_plan(PLAN_OWNER);
	tap_ok(rtc_node && rtc_irq_ok, "the device tree describes the PL031 on SPI 34");
	tap_ok(mmio_read32(RTC + RTC_PERIPHID0) == 0x31 &&
	       mmio_read32(RTC + RTC_PERIPHID1) == 0x10,
	       "the RTC's registers are mapped (PeriphID 0x31 0x10)");
	setup_gic();
	mmio_write32(RTC + RTC_ICR, 1);
	mmio_write32(RTC + RTC_IMSC, 1);

	for (unsigned int i = 0; i < ROUNDS; i++)
		once = one_round(&retries) && once;
	tap_ok(taken == ROUNDS && once && others == 0,
	       "%u alarms raised %u interrupts, each exactly once (%u re-arms)", ROUNDS,
	       taken, retries);
	tap_ok(!gic_is_pending(SPI_RTC) && !gic_is_active(SPI_RTC) &&
	       mmio_read32(RTC + RTC_RIS) == 0, "SPI 34 idle in the vGIC and the RTC");

	/* Masked in the device: raw status only; unmasking delivers it once. */
	mmio_write32(RTC + RTC_IMSC, 0);
	n = taken;
	alarm_now();
	wait_taken(n + 1, 50);
	{
		bool quiet = taken == n && (mmio_read32(RTC + RTC_RIS) & 1);

		mmio_write32(RTC + RTC_IMSC, 1);
		wait_taken(n + 2, 50);
		tap_ok(quiet && taken == n + 1,
		       "masked in the RTC: no interrupt; unmasked: one (%u)", taken - n);
	}

	/* Disabled in the vGIC: it waits as pending, then comes once. */
	gic_disable(SPI_RTC);
	n = taken;
	alarm_now();
	wait_taken(n + 1, 50);
	{
		bool waited = taken == n && gic_is_pending(SPI_RTC);

		gic_enable(SPI_RTC);
		wait_taken(n + 2, 50);
		tap_ok(waited && taken == n + 1,
		       "disabled in the vGIC: pending, delivered once when enabled (%u)",
		       taken - n);
	}

	/* The real alarm path: match one second ahead. */
	n = taken;
	mmio_write32(RTC + RTC_MR, mmio_read32(RTC + RTC_DR) + 1);
	wait_taken(n + 1, 2500);
	wait_taken(n + 2, 20);
	tap_ok(taken == n + 1, "an alarm one second ahead fires once (%u)", taken - n);

	/* Routed by the guest to vCPU 1, which runs on the other CPU. */
	{
		unsigned int on0 = taken_on[0], on1 = taken_on[1];

		if (rt_cpu_on(1) == 0)
			while (!cpu1_up)
				;
		gic_route(SPI_RTC, 1);
		once = cpu1_up;
		for (unsigned int i = 0; cpu1_up && i < ROUNDS / 2; i++)
			once = one_round(&retries) && once;
		tap_ok(once && taken_on[1] - on1 == ROUNDS / 2 && taken_on[0] == on0,
		       "routed to vCPU 1: %u interrupts there, %u on vCPU 0 (%u re-arms)",
		       taken_on[1] - on1, taken_on[0] - on0, retries);
	}

	/*
	 * Interrupts masked: the alarm stays in an LR, physically active.
	 * The device's line is dropped before the reset (a level still high
	 * would fire again at once after it, see doc/arm64.md).
	 */
	gic_route(SPI_RTC, 0);
	irq_disable();
	alarm_now();
	wait_taken(taken + 1, 50);
	mmio_write32(RTC + RTC_ICR, 1);
	*MARK = MAGIC;
	rt_printf("# SYSTEM_RESET with SPI 34 taken but not EOIed\n");
	rt_hvc(0x84000009UL, 0, 0, 0);
	tap_ok(false, "SYSTEM_RESET returned");
	rt_power_off_ok();
}

void rt_secondary(unsigned int cpu)
{
	(void)cpu;
	gic_init_cpu();
	irq_enable();
	cpu1_up = true;
	for (;;)
		__asm__ volatile("wfi");
}

static void other(void)
{
	unsigned int before = rt_aborts;
	uint64_t end;

	tap_plan(3);
	tap_ok(!rtc_node, "no PL031 in the device tree");
	rt_expect_abort = true;
	(void)mmio_read32(RTC + RTC_DR);
	mmio_write32(RTC + RTC_MR, 0);
	rt_expect_abort = false;
	tap_ok(rt_aborts == before + 2, "the RTC's registers fault (%u aborts)",
	       rt_aborts - before);
	setup_gic();
	/* Longer than the owner's run: its interrupts never come here. */
	end = read_sysreg(cntvct_el0) + read_sysreg(cntfrq_el0) * 4;
	while (read_sysreg(cntvct_el0) < end)
		;
	tap_ok(taken == 0 && others == 0 && !gic_is_pending(SPI_RTC),
	       "SPI 34, enabled in this VM's vGIC, never fired (%u)", taken);
	rt_power_off_ok();
}

void rt_main(uint64_t dtb)
{
	scan_dt((const uint8_t *)dtb);
	if (streq(bootargs, "owner"))
		owner();
	else if (streq(bootargs, "other"))
		other();
	tap_plan(1);
	tap_ok(false, "cmdline must be owner or other, not '%s'", bootargs);
	rt_power_off_ok();
}
