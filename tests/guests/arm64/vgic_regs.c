/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual GICv3 seen from one vCPU: enable, pending and active
 * register semantics (GICD and GICR), delivery through the list
 * registers, priority order, preemption by a more urgent interrupt (and
 * none by a less urgent one), and a level-triggered SPI driven by the
 * test hypercall: delivered again after each EOI while high, never after
 * the line drops.
 */
#include "tests/guests/arm64/rt.h"
#include "arch/arm64/hypercall.h"

#define LOG_MAX 64

static volatile unsigned int seq[LOG_MAX], nseq;
static volatile bool active_in_handler;
static volatile unsigned int level_hits, level_drop_at;

static void record(unsigned int v)
{
	if (nseq < LOG_MAX)
		seq[nseq] = v;
	nseq++;
}

static void spin(unsigned int n)
{
	for (volatile unsigned int i = 0; i < n; i++)
		;
}

static void handler(void)
{
	uint32_t intid = gic_ack();

	if (intid >= 1020)
		return;
	record(intid);
	switch (intid) {
	case 40:
		active_in_handler = gic_is_active(40) && !gic_is_pending(40);
		break;
	case 44: {
		/* Nested: save what a second exception overwrites, unmask. */
		uint64_t elr = read_sysreg(elr_el1), spsr = read_sysreg(spsr_el1);

		gic_set_pending(46);	/* less urgent: must wait */
		gic_set_pending(45);	/* more urgent: preempts now */
		irq_enable();
		spin(20000);
		irq_disable();
		write_sysreg(elr_el1, elr);
		write_sysreg(spsr_el1, spsr);
		record(1000 + 44);
		break;
	}
	case 50:
		level_hits++;
		if (level_hits == level_drop_at)
			rt_hvc(ZARM_HC_TEST_SPI_LEVEL, 50, 0, 0);
		break;
	default:
		break;
	}
	gic_eoi(intid);
}

static bool seq_is(const unsigned int *want, unsigned int n)
{
	if (nseq != n)
		return false;
	for (unsigned int i = 0; i < n; i++)
		if (seq[i] != want[i])
			return false;
	return true;
}

static void run_irqs(void)
{
	irq_enable();
	spin(50000);
	irq_disable();
}

void rt_main(uint64_t dtb)
{
	uint32_t typer;

	(void)dtb;
	tap_plan(21);
	rt_irq_handler = handler;
	gic_init();
	gic_init_cpu();

	typer = mmio_read32(GICD_BASE + GICD_TYPER);
	tap_ok((typer & 0x1f) >= 2, "GICD_TYPER: ITLinesNumber %u (>= 96 SPIs)", typer & 0x1f);
	tap_ok(mmio_read32(GICD_BASE + GICD_CTLR) & (1U << 1), "GICD_CTLR.EnableGrp1 reads back");

	/* Enable / disable, SPI and PPI. */
	gic_enable(40);
	gic_enable(20);
	tap_ok(gic_is_enabled(40) && gic_is_enabled(20), "ISENABLER sets SPI 40 and PPI 20");
	gic_disable(40);
	gic_disable(20);
	tap_ok(!gic_is_enabled(40) && !gic_is_enabled(20), "ICENABLER clears them");

	/* Pending while disabled: visible, not delivered; ICPENDR clears. */
	gic_set_pending(40);
	gic_set_pending(20);
	run_irqs();
	tap_ok(gic_is_pending(40) && gic_is_pending(20) && nseq == 0,
	       "pending while disabled: ISPENDR reads it, nothing delivered");
	gic_clear_pending(40);
	gic_clear_pending(20);
	tap_ok(!gic_is_pending(40) && !gic_is_pending(20), "ICPENDR clears pending");

	/* Active by register. */
	mmio_write32(GICD_BASE + GICD_ISACTIVER + 4, 1U << 9);	/* SPI 41 */
	tap_ok(gic_is_active(41), "ISACTIVER makes SPI 41 active");
	mmio_write32(GICD_BASE + GICD_ICACTIVER + 4, 1U << 9);
	tap_ok(!gic_is_active(41), "ICACTIVER deactivates it");

	/* Delivery, and the active state seen from the handler. */
	gic_enable(40);
	gic_set_pending(40);
	run_irqs();
	tap_ok(nseq == 1 && seq[0] == 40, "SPI 40 delivered once (%u)", nseq);
	tap_ok(active_in_handler, "active and not pending between acknowledge and EOI");
	tap_ok(!gic_is_active(40) && !gic_is_pending(40), "inactive after EOI");

	/* A disabled pending interrupt is delivered when enabled. */
	nseq = 0;
	gic_disable(40);
	gic_set_pending(40);
	run_irqs();
	gic_enable(40);
	run_irqs();
	tap_ok(nseq == 1 && seq[0] == 40, "pending while disabled, delivered on enable");

	/* Priority order: three pending at once come most urgent first. */
	nseq = 0;
	gic_set_prio(41, 0xa0);
	gic_set_prio(42, 0x40);
	gic_set_prio(43, 0x80);
	gic_set_prio(20, 0x60);
	for (unsigned int i = 41; i <= 43; i++)
		gic_enable(i);
	gic_enable(20);
	for (unsigned int i = 41; i <= 43; i++)
		gic_set_pending(i);
	gic_set_pending(20);
	run_irqs();
	{
		static const unsigned int want[] = { 42, 20, 43, 41 };

		tap_ok(seq_is(want, 4), "priority order 42 (0x40), 20 (0x60), 43 (0x80), 41 (0xa0)");
	}
	tap_ok(*(volatile uint8_t *)(GICD_BASE + GICD_IPRIORITYR + 43) == 0x80,
	       "IPRIORITYR byte read");
	gic_set_prio(43, 0x87);
	tap_ok(*(volatile uint8_t *)(GICD_BASE + GICD_IPRIORITYR + 43) == 0x80,
	       "IPRIORITYR keeps 5 priority bits");

	/* Preemption: 45 (0x20) preempts 44 (0xc0); 46 (0xe0) does not. */
	nseq = 0;
	gic_set_prio(44, 0xc0);
	gic_set_prio(45, 0x20);
	gic_set_prio(46, 0xe0);
	gic_enable(44);
	gic_enable(45);
	gic_enable(46);
	gic_set_pending(44);
	run_irqs();
	{
		static const unsigned int want[] = { 44, 45, 1044, 46 };

		tap_ok(seq_is(want, 4), "45 preempts 44's handler, 46 waits for its EOI (%u: %u %u %u %u)",
		       nseq, seq[0], seq[1], seq[2], seq[3]);
	}

	/* Level SPI 50: redelivered after EOI while high, not once low. */
	nseq = 0;
	gic_enable(50);
	level_drop_at = 3;
	tap_ok(rt_hvc(ZARM_HC_TEST_SPI_LEVEL, 50, 1, 0) == 0, "test hypercall raises SPI 50");
	run_irqs();
	tap_ok(level_hits == 3, "level SPI 50 delivered again after each EOI while high (%u)",
	       level_hits);
	run_irqs();
	tap_ok(level_hits == 3 && !gic_is_pending(50) && !gic_is_active(50),
	       "not delivered after the line dropped (%u)", level_hits);
	tap_ok(rt_hvc(ZARM_HC_TEST_SPI_LEVEL, 5, 1, 0) == (uint64_t)-22,
	       "test hypercall refuses a non-SPI");

	/* An SGI whose ICC_SGI1R_EL1 value sits in x22 (zarm's full-frame path). */
	nseq = 0;
	gic_enable(6);
	__asm__ volatile("mov x22, %0\n msr " ICC_SGI1R_EL1 ", x22\n isb"
			 : : "r"(gic_sgi_val(6, 1U << rt_cpu_id())) : "x22", "memory");
	run_irqs();
	tap_ok(nseq == 1 && seq[0] == 6, "SGI written from x22 delivered once (%u)", nseq);
	rt_power_off_ok();
}
