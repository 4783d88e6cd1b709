/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interrupt storm: with IRQs masked, 64 SPIs (raised at once through
 * GICD_ISPENDR, two word writes) and the 16 SGIs (ICC_SGI1R_EL1 to
 * itself) are made pending: far more than the 4 list registers QEMU's
 * GICv3 has. Unmasked, each must be taken exactly once, most urgent
 * first (the rest come in through underflow/NPIE maintenance as LRs free
 * up). Ten rounds, with mixed and with equal priorities.
 */
#include "tests/guests/arm64/rt.h"

#define NR_SPI 64
#define FIRST_SPI 32
#define ROUNDS 10

static volatile unsigned int hits[128], total, order_bad, spurious;
static volatile unsigned int last_prio;

static uint8_t prio_of(unsigned int intid, bool mixed)
{
	return mixed ? (uint8_t)(((intid * 37U) % 31U) << 3) : 0x80;
}

static bool mixed_round;

static void handler(void)
{
	uint32_t intid = gic_ack();
	unsigned int p;

	if (intid >= 128) {
		spurious++;
		return;
	}
	hits[intid]++;
	total++;
	p = prio_of(intid, mixed_round);
	if (p < last_prio)
		order_bad++;
	last_prio = p;
	gic_eoi(intid);
}

void rt_main(uint64_t dtb)
{
	unsigned int expect = NR_SPI + 16;
	bool all_once = true;

	(void)dtb;
	tap_plan(3 * ROUNDS + 1);
	rt_irq_handler = handler;
	gic_init();
	gic_init_cpu();
	for (unsigned int i = 0; i < 16; i++)
		gic_enable(i);
	for (unsigned int i = FIRST_SPI; i < FIRST_SPI + NR_SPI; i++) {
		gic_route(i, 0);
		gic_enable(i);
	}
	for (unsigned int r = 0; r < ROUNDS; r++) {
		unsigned int once = 0, spins = 0;

		mixed_round = r % 2 == 0;
		for (unsigned int i = 0; i < FIRST_SPI + NR_SPI; i++) {
			hits[i] = 0;
			if (i >= 16 && i < FIRST_SPI)
				continue;
			gic_set_prio(i, prio_of(i, mixed_round));
		}
		total = 0;
		order_bad = 0;
		last_prio = 0;
		mmio_write32(GICD_BASE + GICD_ISPENDR + 4, 0xffffffffU);
		mmio_write32(GICD_BASE + GICD_ISPENDR + 8, 0xffffffffU);
		for (unsigned int s = 0; s < 16; s++)
			gic_send_sgi(gic_sgi_val(s, 1U << rt_cpu_id()));
		irq_enable();
		while (total < expect && spins++ < 1000000)
			__asm__ volatile("nop");
		for (volatile unsigned int i = 0; i < 100000; i++)
			;
		irq_disable();
		for (unsigned int i = 0; i < FIRST_SPI + NR_SPI; i++) {
			if (i >= 16 && i < FIRST_SPI)
				continue;
			once += hits[i] == 1;
			if (hits[i] != 1 && all_once)
				rt_printf("# round %u: INTID %u taken %u times\n", r, i, hits[i]);
		}
		all_once &= once == expect;
		tap_ok(once == expect && total == expect,
		       "round %u: %u interrupts taken %u times, each exactly once: %u", r, expect,
		       total, once);
		tap_ok(order_bad == 0, "round %u: most urgent first (%s priorities, %u out of order)",
		       r, mixed_round ? "mixed" : "equal", order_bad);
		tap_ok(spurious == 0, "round %u: no spurious acknowledge (%u)", r, spurious);
	}
	tap_ok(all_once, "no interrupt lost or duplicated in %u rounds", ROUNDS);
	rt_power_off_ok();
}
