/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GICD/GICR sweep: every naturally aligned offset of the distributor and
 * of both frames of each redistributor, with every access size (1, 2, 4,
 * 8 bytes), read and then written (all ones, then zero, then the value
 * read): zarm must emulate each one (RAZ/WI where the architecture allows
 * nothing else) and keep running. Unaligned accesses either fault in the
 * guest itself (Device memory, MMU off; QEMU's TCG does not check) or
 * reach zarm, which makes them RAZ/WI; a load pair has no syndrome: zarm
 * answers it with an abort. Afterwards the GIC still delivers an SGI.
 */
#include "tests/guests/arm64/rt.h"

static volatile unsigned int got_sgi;

static void handler(void)
{
	uint32_t intid = gic_ack();

	if (intid < 1020) {
		if (intid == 5)
			got_sgi++;
		gic_eoi(intid);
	}
}

/* A faulting load is skipped by the runtime: it then reads as 0 here. */
static uint64_t rd(uint64_t a, unsigned int size)
{
	uint64_t v = 0;

	switch (size) {
	case 1: __asm__ volatile("ldrb %w0, [%1]" : "+r"(v) : "r"(a) : "memory"); break;
	case 2: __asm__ volatile("ldrh %w0, [%1]" : "+r"(v) : "r"(a) : "memory"); break;
	case 4: __asm__ volatile("ldr %w0, [%1]" : "+r"(v) : "r"(a) : "memory"); break;
	default: __asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(a) : "memory"); break;
	}
	return v;
}

static void wr(uint64_t a, unsigned int size, uint64_t v)
{
	switch (size) {
	case 1: __asm__ volatile("strb %w0, [%1]" : : "r"(v), "r"(a) : "memory"); break;
	case 2: __asm__ volatile("strh %w0, [%1]" : : "r"(v), "r"(a) : "memory"); break;
	case 4: __asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(a) : "memory"); break;
	default: __asm__ volatile("str %0, [%1]" : : "r"(v), "r"(a) : "memory"); break;
	}
}

/* Returns the number of accesses made. */
static unsigned long sweep(uint64_t base, uint64_t len)
{
	unsigned long n = 0;

	for (unsigned int size = 1; size <= 8; size *= 2) {
		for (uint64_t off = 0; off < len; off += size) {
			uint64_t v = rd(base + off, size);

			wr(base + off, size, ~0UL);
			wr(base + off, size, 0);
			wr(base + off, size, v);
			n += 4;
		}
	}
	return n;
}

void rt_main(uint64_t dtb)
{
	unsigned long n;
	unsigned int nr_cpus = 1, before;

	(void)dtb;
	tap_plan(7);
	rt_irq_handler = handler;
	while (nr_cpus < RT_MAX_CPUS && rt_hvc(PSCI_AFFINITY_INFO, nr_cpus, 0, 0) <= 1)
		nr_cpus++;
	n = sweep(GICD_BASE, 0x10000);
	tap_ok(rt_hvc(0x86000000UL, 0, 0, 0) == 0, "GICD: %lu accesses, zarm still answers", n);
	n = sweep(GICR_BASE, GICR_STRIDE * nr_cpus);
	tap_ok(rt_hvc(0x86000000UL, 0, 0, 0) == 0,
	       "GICR of %u vCPUs (RD and SGI frames): %lu accesses, zarm still answers", nr_cpus, n);

	before = rt_aborts;
	rt_expect_abort = true;
	{
		uint64_t seen = 0;

		gic_enable(40);		/* a non-zero word at GICD_ISENABLER + 4 */
		for (uint64_t off = 1; off < 8; off++) {
			seen |= rd(GICD_BASE + 0x104 + off, 2);
			seen |= rd(GICD_BASE + 0x104 + off, 4);
			wr(GICR_BASE + 0x10100 + off, 8, ~0UL);
		}
		rt_expect_abort = false;
		tap_ok(seen == 0 && gic_is_enabled(40) && !gic_is_enabled(0),
		       "unaligned accesses: %u faulted in the guest, the rest RAZ/WI",
		       rt_aborts - before);
	}
	before = rt_aborts;
	rt_expect_abort = true;
	{
		uint64_t a, b;

		__asm__ volatile("ldp %0, %1, [%2]" : "=r"(a), "=r"(b) : "r"(GICD_BASE) : "memory");
	}
	rt_expect_abort = false;
	tap_ok(rt_aborts - before == 1, "a load pair from GICD (no syndrome) aborts");

	/* Still a GIC: a fresh setup delivers an SGI to itself. */
	gic_init();
	gic_init_cpu();
	tap_ok((mmio_read32(GICD_BASE + GICD_TYPER) & 0x1f) >= 2, "GICD_TYPER still sane");
	for (unsigned int i = 0; i < 16; i++)
		gic_disable(i);
	for (unsigned int i = 0; i < 32; i++)
		gic_clear_pending(i);
	mmio_write32(GICR_SGI(0) + GICD_ICACTIVER, 0xffffffffU);
	gic_set_prio(5, 0x40);
	gic_enable(5);
	gic_send_sgi(gic_sgi_val(5, 1));
	irq_enable();
	for (volatile unsigned int i = 0; i < 100000 && !got_sgi; i++)
		;
	irq_disable();
	tap_ok(got_sgi == 1, "SGI 5 delivered after the sweep (%u)", got_sgi);
	tap_ok(rt_hvc(0x86000000UL, 0, 0, 0) == 0, "zarm still running");
	rt_power_off_ok();
}
