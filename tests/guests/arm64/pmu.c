/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual PMUv3 as the Arm ARM defines it, seen from EL1 and EL0 of
 * one VM: the device-tree node, PMCR (N, P, C, E), PMCEID, enables,
 * SW_INCR counting only enabled SW_INCR counters, the Exception-level
 * filters (EL2 is never counted, whatever NSH says: a thousand hypercalls
 * with only EL2 asked for count nothing), every PMUSERENR_EL0 bit for
 * EL0 accesses (refused ones trap to EL1 with EC 0x18; PMINTEN and a
 * PMUSERENR write are UNDEFINED), counters beyond N UNDEFINED, an event
 * counter's and the cycle counter's overflow each delivering exactly one
 * PMU interrupt (PPI 23), and chained pairs counting past 2^32.
 */
#include "tests/guests/arm64/rt.h"

#define PPI_PMU 23
#define EV_SW_INCR 0x00
#define EV_CPU_CYCLES 0x11
#define EV_CHAIN 0x1e
#define EVT_P (1UL << 31)
#define EVT_U (1UL << 30)
#define EVT_NSH (1UL << 27)
#define PMCR_E 1UL
#define PMCR_P 2UL
#define PMCR_C 4UL
#define PMCR_LC (1UL << 6)
#define UEN_EN 1UL
#define UEN_SW 2UL
#define UEN_CR 4UL
#define UEN_ER 8UL
#define EC_UNKNOWN 0x00
#define EC_SYS64 0x18
#define EC_SVC64 0x15

#define isb() __asm__ volatile("isb" ::: "memory")

static unsigned int nr_counters;

/* ---- counters ------------------------------------------------------------ */

static uint64_t evcnt(unsigned int n)
{
	switch (n) {
	case 0: return read_sysreg(pmevcntr0_el0);
	case 1: return read_sysreg(pmevcntr1_el0);
	case 2: return read_sysreg(pmevcntr2_el0);
	case 3: return read_sysreg(pmevcntr3_el0);
	default:
		write_sysreg(pmselr_el0, n);
		isb();
		return read_sysreg(pmxevcntr_el0);
	}
}

static void evcnt_set(unsigned int n, uint64_t v)
{
	write_sysreg(pmselr_el0, n);
	isb();
	write_sysreg(pmxevcntr_el0, v);
}

static void evtype_set(unsigned int n, uint64_t v)
{
	switch (n) {
	case 0: write_sysreg(pmevtyper0_el0, v); break;
	case 1: write_sysreg(pmevtyper1_el0, v); break;
	case 2: write_sysreg(pmevtyper2_el0, v); break;
	case 3: write_sysreg(pmevtyper3_el0, v); break;
	default:
		write_sysreg(pmselr_el0, n);
		isb();
		write_sysreg(pmxevtyper_el0, v);
	}
}

static uint64_t pmcr(void)
{
	return read_sysreg(pmcr_el0);
}

static void spin(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		__asm__ volatile("nop");
}

/* ---- the PMU interrupt ------------------------------------------------------ */

static volatile unsigned int pmu_irqs, other_irqs;
static volatile uint64_t irq_ovs;

static void handler(void)
{
	uint32_t intid = gic_ack();

	if (intid == PPI_PMU) {
		uint64_t ovs = read_sysreg(pmovsset_el0);

		irq_ovs |= ovs;
		write_sysreg(pmovsclr_el0, ovs);	/* the level drops */
		isb();
		pmu_irqs++;
	} else if (intid < 1020) {
		other_irqs++;
	}
	if (intid < 1020)
		gic_eoi(intid);
}

/* Wait up to ~@ms for @cond, then a little longer (no second interrupt). */
static bool wait_irqs(unsigned int want, unsigned int ms)
{
	uint64_t t0 = read_sysreg(cntvct_el0);
	uint64_t tick = read_sysreg(cntfrq_el0) / 1000;

	while (pmu_irqs < want && read_sysreg(cntvct_el0) - t0 < ms * tick)
		;
	t0 = read_sysreg(cntvct_el0);
	while (read_sysreg(cntvct_el0) - t0 < 20 * tick)
		;
	return pmu_irqs == want;
}

/* ---- EL0 ------------------------------------------------------------------ */

/* One instruction at EL0, then SVC back: each EL0_FN is such a snippet. */
#define EL0_FN(name, insn) \
	extern char name[]; \
	__asm__(".pushsection .text\n.balign 4\n" #name ":\n" insn "\n svc #0\n.popsection\n");
EL0_FN(el0_rd_pmccntr, "mrs x0, pmccntr_el0")
EL0_FN(el0_rd_pmcr, "mrs x0, pmcr_el0")
EL0_FN(el0_wr_pmcr, "msr pmcr_el0, xzr")
EL0_FN(el0_rd_evcntr0, "mrs x0, pmevcntr0_el0")
EL0_FN(el0_wr_evcntr0, "msr pmevcntr0_el0, xzr")
EL0_FN(el0_rd_xevcntr, "mrs x0, pmxevcntr_el0")
EL0_FN(el0_wr_pmselr, "mov x0, #1\n msr pmselr_el0, x0")
EL0_FN(el0_wr_swinc, "mov x0, #1\n msr pmswinc_el0, x0")
EL0_FN(el0_rd_ceid0, "mrs x0, pmceid0_el0")
EL0_FN(el0_rd_cntenset, "mrs x0, pmcntenset_el0")
EL0_FN(el0_rd_ovsset, "mrs x0, pmovsset_el0")
EL0_FN(el0_rd_evtyper0, "mrs x0, pmevtyper0_el0")
EL0_FN(el0_rd_ccfiltr, "mrs x0, pmccfiltr_el0")
EL0_FN(el0_rd_userenr, "mrs x0, pmuserenr_el0")
EL0_FN(el0_wr_userenr, "msr pmuserenr_el0, xzr")
EL0_FN(el0_rd_intenset, "mrs x0, pmintenset_el1")
EL0_FN(el0_busy, "mov x1, #20000\n 1: subs x1, x1, #1\n b.ne 1b")

/* Run @fn at EL0 (interrupts masked); back at EL1 through its SVC. */
uint64_t run_el0(void *fn);
__asm__(".pushsection .text\n.balign 4\n"
	"run_el0:\n"
	"	stp x29, x30, [sp, #-16]!\n"
	"	msr elr_el1, x0\n"
	"	mov x1, #0x3c0\n"		/* EL0t, D A I F masked */
	"	msr spsr_el1, x1\n"
	"	isb\n"
	"	eret\n"
	"el0_return:\n"
	"	ldp x29, x30, [sp], #16\n"
	"	ret\n"
	".popsection\n");
extern char el0_return[];

static volatile unsigned int el0_traps;
static volatile uint64_t el0_esr;

static bool sync_hook(uint64_t kind, uint64_t esr)
{
	if (kind != 8)
		return false;			/* not from EL0 (AArch64) */
	if (esr >> 26 == EC_SVC64) {
		write_sysreg(elr_el1, (uint64_t)el0_return);
		write_sysreg(spsr_el1, 0x3c5);	/* EL1h */
		return true;
	}
	el0_traps++;
	el0_esr = esr;
	write_sysreg(elr_el1, read_sysreg(elr_el1) + 4);
	return true;
}

/* What an EL0 access did: -1 ran, else the EC it was taken to EL1 with. */
static int el0_try(char *fn)
{
	unsigned int before = el0_traps;

	run_el0(fn);
	return el0_traps == before ? -1 : (int)(el0_esr >> 26);
}

static void test_el0(void)
{
	static const struct {
		char *fn;
		const char *what;
		uint64_t allow;		/* PMUSERENR bits that allow it besides EN */
		bool undef;		/* UNDEFINED at EL0 whatever PMUSERENR says */
	} t[] = {
		{ el0_rd_pmccntr, "PMCCNTR read", UEN_CR, false },
		{ el0_rd_pmcr, "PMCR read", 0, false },
		{ el0_wr_pmcr, "PMCR write", 0, false },
		{ el0_rd_evcntr0, "PMEVCNTR0 read", UEN_ER, false },
		{ el0_wr_evcntr0, "PMEVCNTR0 write", 0, false },
		{ el0_rd_xevcntr, "PMXEVCNTR read", UEN_ER, false },
		{ el0_wr_pmselr, "PMSELR write", UEN_ER, false },
		{ el0_wr_swinc, "PMSWINC write", UEN_SW, false },
		{ el0_rd_ceid0, "PMCEID0 read", 0, false },
		{ el0_rd_cntenset, "PMCNTENSET read", 0, false },
		{ el0_rd_ovsset, "PMOVSSET read", 0, false },
		{ el0_rd_evtyper0, "PMEVTYPER0 read", 0, false },
		{ el0_rd_ccfiltr, "PMCCFILTR read", 0, false },
		{ el0_rd_userenr, "PMUSERENR read", 0x10, false },	/* always */
		{ el0_wr_userenr, "PMUSERENR write", 0, true },
		{ el0_rd_intenset, "PMINTENSET_EL1 read", 0, true },
	};
	unsigned int bad = 0, ran = 0, trapped = 0, undef = 0;

	rt_sync_hook = sync_hook;
	for (uint64_t en = 0; en < 16; en++) {
		for (unsigned int i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
			int want, got;

			write_sysreg(pmuserenr_el0, en);
			write_sysreg(pmselr_el0, 0);
			isb();
			if (t[i].undef)
				want = EC_UNKNOWN;
			else if ((en & UEN_EN) || (en & t[i].allow) || t[i].allow == 0x10)
				want = -1;
			else
				want = EC_SYS64;
			got = el0_try(t[i].fn);
			if (got != want) {
				if (bad++ < 5)
					rt_printf("# EL0 %s with PMUSERENR %lx: %d, expected %d\n",
						  t[i].what, en, got, want);
			}
			ran += got == -1;
			trapped += got == EC_SYS64;
			undef += got == EC_UNKNOWN;
		}
	}
	write_sysreg(pmuserenr_el0, 0);
	tap_ok(bad == 0, "EL0: 16 accesses x 16 PMUSERENR values: %u ran, %u trapped to EL1 "
	       "(EC 0x18), %u UNDEFINED", ran, trapped, undef);
	/* The trap carries the access's syndrome: PMCCNTR read, Rt = x0. */
	el0_try(el0_rd_pmccntr);
	tap_ok((el0_esr & 0x1ffffff) == ((3UL << 20) | (3UL << 14) | (9UL << 10) | (13UL << 1) | 1),
	       "EL0 PMCCNTR read refused with its own syndrome (ESR %lx)", el0_esr);
	/* With SW, an EL0 PMSWINC counts. */
	evtype_set(0, EV_SW_INCR);
	evcnt_set(0, 0);
	write_sysreg(pmcntenset_el0, 1);
	write_sysreg(pmcr_el0, pmcr() | PMCR_E);
	write_sysreg(pmuserenr_el0, UEN_SW);
	isb();
	el0_try(el0_wr_swinc);
	el0_try(el0_wr_swinc);
	write_sysreg(pmuserenr_el0, 0);
	el0_try(el0_wr_swinc);			/* refused: no count */
	tap_ok(evcnt(0) == 2, "EL0 PMSWINC counts when PMUSERENR.SW allows it (%lu)", evcnt(0));

	/* Filters at EL0: counter 0 counts EL0 only (P), counter 1 EL1 only (U). */
	write_sysreg(pmcr_el0, PMCR_P | PMCR_LC);
	evtype_set(0, EV_CPU_CYCLES | EVT_P);
	evtype_set(1, EV_CPU_CYCLES | EVT_U);
	write_sysreg(pmcntenset_el0, 3);
	write_sysreg(pmcr_el0, PMCR_E | PMCR_LC);
	isb();
	spin(20000);
	uint64_t el1_0 = evcnt(0), el1_1 = evcnt(1);

	run_el0(el0_busy);
	uint64_t el0_0 = evcnt(0) - el1_0;

	write_sysreg(pmcr_el0, PMCR_LC);
	tap_ok(el1_0 == 0 && el1_1 > 0 && el0_0 > 0,
	       "P counts EL0 only, U EL1 only (EL1 loop: %lu / %lu, EL0 loop: %lu)", el1_0,
	       el1_1, el0_0);
	write_sysreg(pmcntenclr_el0, 0xffffffffUL);
	rt_sync_hook = 0;
}

/* ---- the rest ------------------------------------------------------------------ */

static bool dt_has(uint64_t dtb, const char *s)
{
	const char *p = (const char *)dtb;
	uint32_t size = __builtin_bswap32(*(const uint32_t *)(dtb + 4));
	unsigned int n = 0;

	while (s[n])
		n++;
	for (uint32_t i = 0; i + n <= size; i++) {
		unsigned int k = 0;

		while (k < n && p[i + k] == s[k])
			k++;
		if (k == n)
			return true;
	}
	return false;
}

static void test_registers(uint64_t dtb)
{
	uint64_t ceid0 = read_sysreg(pmceid0_el0), v;

	nr_counters = (unsigned int)(pmcr() >> 11) & 31;
	tap_ok(dt_has(dtb, "arm,armv8-pmuv3"), "the device tree has the arm,armv8-pmuv3 node");
	tap_ok(nr_counters >= 4, "PMCR_EL0: %u event counters (PMCR %lx)", nr_counters, pmcr());
	tap_ok((ceid0 & 1) && (ceid0 >> EV_CPU_CYCLES & 1) && (ceid0 >> EV_CHAIN & 1),
	       "PMCEID0 lists SW_INCR, CPU_CYCLES and CHAIN (%lx)", ceid0);
	/* N is read-only; P and C read as zero. */
	write_sysreg(pmcr_el0, 0xffff0000UL | (31UL << 11) | PMCR_P | PMCR_C);
	isb();
	v = pmcr();
	tap_ok((v >> 11 & 31) == nr_counters && !(v & (PMCR_P | PMCR_C)),
	       "PMCR.N read-only, P and C read as 0 (%lx)", v);
	write_sysreg(pmcr_el0, 0);

	/* P resets the event counters only, C the cycle counter only. */
	for (unsigned int i = 0; i < nr_counters; i++)
		evcnt_set(i, 1000 + i);
	write_sysreg(pmccntr_el0, 5000);
	write_sysreg(pmcr_el0, PMCR_P);
	isb();
	v = 0;
	for (unsigned int i = 0; i < nr_counters; i++)
		v |= evcnt(i);
	tap_ok(v == 0 && read_sysreg(pmccntr_el0) == 5000, "PMCR.P zeroes every event counter, "
	       "not PMCCNTR (%lu)", read_sysreg(pmccntr_el0));
	evcnt_set(1, 77);
	write_sysreg(pmcr_el0, PMCR_C);
	isb();
	tap_ok(read_sysreg(pmccntr_el0) == 0 && evcnt(1) == 77, "PMCR.C zeroes PMCCNTR only");

	/* Rt in x19-x29 (zarm's full-frame path) and XZR. */
	evcnt_set(3, 5);
	__asm__ volatile("mov x25, %1\n msr pmevcntr2_el0, x25\n isb\n mrs x22, pmevcntr2_el0\n"
			 "mov %0, x22\n msr pmevcntr3_el0, xzr\n mrs xzr, pmevcntr2_el0"
			 : "=r"(v) : "r"(0x123456789aUL) : "x22", "x25", "memory");
	tap_ok(v == 0x123456789aUL && evcnt(3) == 0,
	       "PMEVCNTR2 written from x25 and read into x22 (%lx), XZR writes 0", v);

	/* Counters beyond N are UNDEFINED. */
	rt_expect_abort = true;
	rt_aborts = 0;
	write_sysreg(pmselr_el0, nr_counters);
	isb();
	(void)read_sysreg(pmxevcntr_el0);
	write_sysreg(pmxevtyper_el0, 0);
	write_sysreg(pmselr_el0, 31);
	isb();
	(void)read_sysreg(pmxevcntr_el0);
	rt_expect_abort = false;
	tap_ok(rt_aborts == 3 && (rt_abort_esr >> 26) == EC_UNKNOWN,
	       "PMXEVCNTR/PMXEVTYPER with SEL = N, PMXEVCNTR with SEL = 31: UNDEFINED (%u)",
	       rt_aborts);
	write_sysreg(pmselr_el0, 31);
	isb();
	write_sysreg(pmxevtyper_el0, EVT_U);
	tap_ok(read_sysreg(pmccfiltr_el0) == EVT_U, "PMXEVTYPER with SEL = 31 is PMCCFILTR");
	write_sysreg(pmccfiltr_el0, 0);
}

static void test_counting(void)
{
	uint64_t a, b, c;

	write_sysreg(pmcr_el0, PMCR_P | PMCR_C | PMCR_LC);
	evtype_set(0, EV_CPU_CYCLES);
	evtype_set(1, EV_CPU_CYCLES);
	write_sysreg(pmccfiltr_el0, 0);
	write_sysreg(pmcntenset_el0, (1UL << 31) | 1);
	isb();
	spin(100000);
	tap_ok(evcnt(0) == 0 && read_sysreg(pmccntr_el0) == 0, "nothing counts with PMCR.E = 0");
	write_sysreg(pmcr_el0, PMCR_E | PMCR_LC);
	isb();
	spin(100000);
	a = evcnt(0);
	b = evcnt(1);
	c = read_sysreg(pmccntr_el0);
	tap_ok(a > 0 && b == 0 && c > 0, "enabled counters count, a disabled one does not "
	       "(%lu %lu %lu)", a, b, c);

	/* SW_INCR: only enabled counters of that type. */
	write_sysreg(pmcr_el0, PMCR_P | PMCR_LC);
	for (unsigned int i = 0; i < 4; i++)
		evtype_set(i, i == 2 ? EV_CPU_CYCLES : EV_SW_INCR);
	write_sysreg(pmcntenclr_el0, 0xffffffffUL);
	write_sysreg(pmcntenset_el0, 0x5);		/* 0 and 2; 1 and 3 not */
	write_sysreg(pmswinc_el0, 0xf);
	isb();
	a = evcnt(0);
	write_sysreg(pmcr_el0, PMCR_E | PMCR_LC);
	isb();
	for (unsigned int k = 0; k < 10; k++)
		write_sysreg(pmswinc_el0, 0xffffffffUL);
	isb();
	tap_ok(a == 0 && evcnt(0) == 10 && evcnt(1) == 0 && evcnt(3) == 0,
	       "SW_INCR increments only enabled SW_INCR counters, only with PMCR.E "
	       "(%lu %lu %lu %lu)", a, evcnt(0), evcnt(1), evcnt(3));
	write_sysreg(pmcr_el0, PMCR_LC);
	write_sysreg(pmcntenclr_el0, 0xffffffffUL);

	/* Filters: EL1 excluded counts nothing at EL1; EL2 never counts. */
	write_sysreg(pmcr_el0, PMCR_P | PMCR_C | PMCR_LC);
	evtype_set(0, EV_CPU_CYCLES | EVT_P | EVT_U | EVT_NSH);	/* "EL2 only" */
	evtype_set(1, EV_CPU_CYCLES | EVT_U);			/* EL1 only */
	write_sysreg(pmccfiltr_el0, EVT_P | EVT_U | EVT_NSH);
	write_sysreg(pmcntenset_el0, (1UL << 31) | 3);
	write_sysreg(pmcr_el0, PMCR_E | PMCR_LC);
	isb();
	for (unsigned int k = 0; k < 1000; k++)
		rt_hvc(0x86000000UL, 0, 0, 0);		/* zarm's null hypercall */
	spin(10000);
	write_sysreg(pmcr_el0, PMCR_LC);
	isb();
	a = evcnt(0);
	b = evcnt(1);
	c = read_sysreg(pmccntr_el0);
	tap_ok(a == 0 && c == 0 && b > 0, "1000 hypercalls with only EL2 asked for (NSH): "
	       "nothing counted (%lu %lu), EL1 only: %lu", a, c, b);
	tap_ok((read_sysreg(pmevtyper0_el0) & 0xf8000000UL) == (EVT_P | EVT_U | EVT_NSH),
	       "PMEVTYPER0 reads back the NSH it was given");
	write_sysreg(pmccfiltr_el0, 0);
	write_sysreg(pmcntenclr_el0, 0xffffffffUL);
}

static void test_overflow(void)
{
	bool ok;

	rt_irq_handler = handler;
	gic_init();
	gic_init_cpu();
	gic_set_prio(PPI_PMU, 0x80);
	gic_enable(PPI_PMU);
	irq_enable();

	/* Event counter 0 (CPU_CYCLES) from 2^32 - 4096: one interrupt. */
	write_sysreg(pmcr_el0, PMCR_P | PMCR_C | PMCR_LC);
	write_sysreg(pmovsclr_el0, 0xffffffffUL);
	evtype_set(0, EV_CPU_CYCLES);
	evcnt_set(0, 0xfffff000UL);
	write_sysreg(pmintenset_el1, 1);
	write_sysreg(pmcntenset_el0, 1);
	irq_ovs = 0;
	pmu_irqs = 0;
	write_sysreg(pmcr_el0, PMCR_E | PMCR_LC);
	isb();
	ok = wait_irqs(1, 2000);
	tap_ok(ok && irq_ovs == 1, "event counter overflow: exactly one PMU interrupt "
	       "(%u, PMOVS %lx)", pmu_irqs, irq_ovs);
	write_sysreg(pmcntenclr_el0, 1);
	write_sysreg(pmintenclr_el1, 1);

	/* The cycle counter with LC = 0 from 2^32 - 4096: one interrupt. */
	write_sysreg(pmccfiltr_el0, 0);
	write_sysreg(pmccntr_el0, 0x7fffff000UL);
	write_sysreg(pmintenset_el1, 1UL << 31);
	irq_ovs = 0;
	pmu_irqs = 0;
	write_sysreg(pmcr_el0, PMCR_E);
	write_sysreg(pmcntenset_el0, 1UL << 31);
	isb();
	ok = wait_irqs(1, 2000);
	tap_ok(ok && irq_ovs == (1UL << 31) && read_sysreg(pmccntr_el0) >> 32 == 8,
	       "cycle counter overflow (32-bit, LC = 0): exactly one PMU interrupt "
	       "(%u, PMOVS %lx, PMCCNTR %lx)", pmu_irqs, irq_ovs, read_sysreg(pmccntr_el0));
	write_sysreg(pmcntenclr_el0, 1UL << 31);
	write_sysreg(pmintenclr_el1, 1UL << 31);

	/* No interrupt without PMINTEN; PMOVS still set. */
	write_sysreg(pmcr_el0, PMCR_LC);
	write_sysreg(pmovsclr_el0, 0xffffffffUL);
	evcnt_set(0, 0xfffff000UL);
	write_sysreg(pmcntenset_el0, 1);
	pmu_irqs = 0;
	write_sysreg(pmcr_el0, PMCR_E | PMCR_LC);
	isb();
	spin(200000);
	(void)wait_irqs(0, 0);
	tap_ok(pmu_irqs == 0 && (read_sysreg(pmovsset_el0) & 1),
	       "overflow without PMINTEN: PMOVS set, no interrupt (%u)", pmu_irqs);
	/* Setting PMINTEN now raises the level at once. */
	write_sysreg(pmintenset_el1, 1);
	isb();
	ok = wait_irqs(1, 500);
	tap_ok(ok, "then PMINTENSET raises the pending overflow's interrupt (%u)", pmu_irqs);
	write_sysreg(pmintenclr_el1, 0xffffffffUL);
	write_sysreg(pmcntenclr_el0, 0xffffffffUL);
	write_sysreg(pmovsclr_el0, 0xffffffffUL);
	irq_disable();
}

static void test_chain(void)
{
	uint64_t lo, hi, t0;

	/* Counter 1 (CHAIN) carries counter 0 (CPU_CYCLES) past 2^32. */
	write_sysreg(pmcr_el0, PMCR_P | PMCR_LC);
	evtype_set(0, EV_CPU_CYCLES);
	evtype_set(1, EV_CHAIN);
	evcnt_set(0, 0xffff0000UL);
	evcnt_set(1, 0);
	write_sysreg(pmcntenset_el0, 3);
	write_sysreg(pmcr_el0, PMCR_E | PMCR_LC);
	isb();
	t0 = read_sysreg(cntvct_el0);
	do {
		hi = evcnt(1);
	} while (hi == 0 && read_sysreg(cntvct_el0) - t0 < read_sysreg(cntfrq_el0) * 2);
	lo = evcnt(0) & 0xffffffffUL;
	tap_ok(hi == 1 && (hi << 32 | lo) > 0x100000000UL,
	       "chained pair (CPU_CYCLES + CHAIN) counts past 2^32: %lx:%lx", hi, lo);
	/* The odd counter disabled: the carry is lost. */
	write_sysreg(pmcntenclr_el0, 2);
	evcnt_set(0, 0xffff0000UL);
	t0 = read_sysreg(cntvct_el0);
	while (!(read_sysreg(pmovsset_el0) & 1) &&
	       read_sysreg(cntvct_el0) - t0 < read_sysreg(cntfrq_el0) * 2)
		;
	tap_ok(evcnt(1) == 1, "a disabled CHAIN counter does not count (%lu)", evcnt(1));
	write_sysreg(pmcntenclr_el0, 0xffffffffUL);

	/* SW_INCR below CHAIN: exact. */
	write_sysreg(pmcr_el0, PMCR_P | PMCR_LC);
	evtype_set(2, EV_SW_INCR);
	evtype_set(3, EV_CHAIN);
	evcnt_set(2, 0xfffffffeUL);
	evcnt_set(3, 0);
	write_sysreg(pmovsclr_el0, 0xffffffffUL);
	write_sysreg(pmcntenset_el0, 0xc);
	write_sysreg(pmcr_el0, PMCR_E | PMCR_LC);
	isb();
	for (unsigned int k = 0; k < 5; k++)
		write_sysreg(pmswinc_el0, 1UL << 2);
	isb();
	tap_ok(evcnt(3) == 1 && (evcnt(2) & 0xffffffffUL) == 3 &&
	       (read_sysreg(pmovsset_el0) & 0xc) == 4,
	       "SW_INCR pair: 5 increments from 2^32 - 2 give 1:3, PMOVS of the even one "
	       "(%lx:%lx ovs %lx)", evcnt(3), evcnt(2), read_sysreg(pmovsset_el0));
	write_sysreg(pmcntenclr_el0, 0xffffffffUL);
	write_sysreg(pmcr_el0, PMCR_P | PMCR_C);
}

void rt_main(uint64_t dtb)
{
	tap_plan(26);
	test_registers(dtb);
	test_counting();
	test_el0();
	test_overflow();
	test_chain();
	tap_ok(other_irqs == 0, "no other interrupt came (%u)", other_irqs);
	rt_power_off_ok();
}
