/* SPDX-License-Identifier: GPL-2.0-only */
/* Test-guest runtime: console, TAP, PSCI, exceptions. */
#include "tests/guests/arm64/rt.h"

#define UART ((volatile uint32_t *)0x09000000UL)

char rt_stacks[RT_MAX_CPUS + 1][8192] __attribute__((aligned(16)));
volatile bool rt_expect_abort;
volatile uint64_t rt_abort_esr, rt_abort_far;
volatile unsigned int rt_aborts;
void (*volatile rt_irq_handler)(void);
bool (*volatile rt_sync_hook)(uint64_t kind, uint64_t esr);
static volatile int print_lock;
static unsigned int tap_count;

void rt_secondary_entry(void);
void rt_exception(uint64_t kind, uint64_t *frame);

__attribute__((weak)) void rt_secondary(unsigned int cpu)
{
	(void)cpu;
	rt_cpu_off();
}

static void out(char **p, char *end, char c)
{
	if (*p < end)
		*(*p)++ = c;
}

static void out_num(char **p, char *end, uint64_t v, unsigned int base, bool neg)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		out(p, end, '-');
	while (n)
		out(p, end, tmp[--n]);
}

static void vformat(char *buf, unsigned int size, const char *fmt, va_list ap)
{
	char *p = buf, *end = buf + size - 1;

	for (; *fmt; fmt++) {
		bool lng = false;

		if (*fmt != '%') {
			out(&p, end, *fmt);
			continue;
		}
		fmt++;
		while (*fmt == 'l') {
			lng = true;
			fmt++;
		}
		switch (*fmt) {
		case 'd': {
			int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);

			out_num(&p, end, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0);
			break;
		}
		case 'u':
			out_num(&p, end, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int), 10, false);
			break;
		case 'x':
			out_num(&p, end, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int), 16, false);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			while (*s)
				out(&p, end, *s++);
			break;
		}
		default:
			out(&p, end, *fmt);
			break;
		}
	}
	*p = 0;
}

static void emit(const char *s)
{
	rt_spin_lock(&print_lock);
	for (; *s; s++)
		UART[0] = (uint32_t)(unsigned char)*s;
	rt_spin_unlock(&print_lock);
}

void rt_printf(const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	emit(buf);
}

void tap_plan(unsigned int n)
{
	rt_printf("1..%u\n", n);
}

bool tap_ok(bool cond, const char *fmt, ...)
{
	char name[160], line[200];
	va_list ap;
	unsigned int n = __atomic_add_fetch(&tap_count, 1, __ATOMIC_RELAXED);

	va_start(ap, fmt);
	vformat(name, sizeof(name), fmt, ap);
	va_end(ap);
	rt_printf("%s %u - %s\n", cond ? "ok" : "not ok", n, name);
	(void)line;
	return cond;
}

uint64_t rt_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return x0;
}

uint64_t rt_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return x0;
}

int64_t rt_cpu_on(unsigned int cpu)
{
	return (int64_t)rt_hvc(PSCI_CPU_ON, cpu, (uint64_t)rt_secondary_entry, cpu);
}

void rt_cpu_off(void)
{
	rt_hvc(PSCI_CPU_OFF, 0, 0, 0);
	for (;;)
		;
}

void rt_power_off_ok(void)
{
	rt_hvc(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		;
}

unsigned int rt_cpu_id(void)
{
	return read_sysreg(mpidr_el1) & 0xff;
}

void rt_exception(uint64_t kind, uint64_t *frame)
{
	uint64_t esr = read_sysreg(esr_el1);
	uint64_t kind_in_group = kind & 3;

	(void)frame;
	if (kind_in_group == 1 || kind_in_group == 2) {
		if (rt_irq_handler)
			rt_irq_handler();
		return;
	}
	if (kind_in_group == 0 && rt_sync_hook && rt_sync_hook(kind, esr))
		return;
	if (kind_in_group == 0 && rt_expect_abort) {
		rt_abort_esr = esr;
		rt_abort_far = read_sysreg(far_el1);
		rt_aborts++;
		write_sysreg(elr_el1, read_sysreg(elr_el1) + 4);
		return;
	}
	rt_printf("not ok - unexpected exception %x: ESR %lx FAR %lx ELR %lx\n",
		  (unsigned int)kind, esr, read_sysreg(far_el1), read_sysreg(elr_el1));
	rt_power_off_ok();
}

/* ---- GICv3 -------------------------------------------------------------- */

void gic_init(void)
{
	/* ARE (RAO in zarm's model) and EnableGrp1. */
	mmio_write32(GICD_BASE + GICD_CTLR, (1U << 4) | (1U << 1));
}

void gic_init_cpu(void)
{
	uint64_t rd = GICR_BASE + rt_cpu_id() * GICR_STRIDE;

	mmio_write32(rd + 0x14, 0);	/* GICR_WAKER: awake */
	__asm__ volatile("msr S3_0_C12_C12_5, %0\n isb" : : "r"(7UL));	/* ICC_SRE_EL1 */
	__asm__ volatile("msr S3_0_C4_C6_0, %0" : : "r"(0xffUL));	/* ICC_PMR_EL1 */
	__asm__ volatile("msr S3_0_C12_C12_3, %0" : : "r"(0UL));	/* ICC_BPR1_EL1 */
	__asm__ volatile("msr S3_0_C12_C12_7, %0\n isb" : : "r"(1UL));	/* ICC_IGRPEN1_EL1 */
}

uint64_t gic_bank(unsigned int intid)
{
	return intid < 32 ? GICR_SGI(rt_cpu_id()) : GICD_BASE;
}

static uint64_t gic_bit_reg(unsigned int intid, unsigned int reg)
{
	return gic_bank(intid) + reg + (intid / 32) * 4;
}

void gic_enable(unsigned int intid)
{
	mmio_write32(gic_bit_reg(intid, GICD_ISENABLER), 1U << (intid % 32));
}

void gic_disable(unsigned int intid)
{
	mmio_write32(gic_bit_reg(intid, GICD_ICENABLER), 1U << (intid % 32));
}

void gic_set_pending(unsigned int intid)
{
	mmio_write32(gic_bit_reg(intid, GICD_ISPENDR), 1U << (intid % 32));
}

void gic_clear_pending(unsigned int intid)
{
	mmio_write32(gic_bit_reg(intid, GICD_ICPENDR), 1U << (intid % 32));
}

bool gic_is_pending(unsigned int intid)
{
	return (mmio_read32(gic_bit_reg(intid, GICD_ISPENDR)) >> (intid % 32)) & 1;
}

bool gic_is_active(unsigned int intid)
{
	return (mmio_read32(gic_bit_reg(intid, GICD_ISACTIVER)) >> (intid % 32)) & 1;
}

bool gic_is_enabled(unsigned int intid)
{
	return (mmio_read32(gic_bit_reg(intid, GICD_ISENABLER)) >> (intid % 32)) & 1;
}

void gic_set_prio(unsigned int intid, uint8_t prio)
{
	*(volatile uint8_t *)(gic_bank(intid) + GICD_IPRIORITYR + intid) = prio;
}

void gic_route(unsigned int intid, unsigned int cpu)
{
	mmio_write64(GICD_BASE + GICD_IROUTER + intid * 8, cpu);
}

uint32_t gic_ack(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, " ICC_IAR1_EL1 : "=r"(v) : : "memory");
	return (uint32_t)v & 0xffffff;
}

void gic_eoi(uint32_t intid)
{
	__asm__ volatile("msr " ICC_EOIR1_EL1 ", %0\n isb" : : "r"((uint64_t)intid) : "memory");
}

/* ---- flattened device tree ---------------------------------------------- */

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

uint32_t rt_be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

void rt_fdt_walk(const uint8_t *fdt,
		 void (*fn)(const char *node, const char *prop, const uint8_t *val, uint32_t len))
{
	const uint8_t *p = fdt + rt_be32(fdt + 8);
	const char *strings = (const char *)fdt + rt_be32(fdt + 12);
	const char *node = "";

	for (;;) {
		uint32_t tok = rt_be32(p);

		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;
			unsigned int n = 0;

			while (name[n])
				n++;
			node = name;
			p += (n + 4) & ~3U;
		} else if (tok == FDT_PROP) {
			uint32_t len = rt_be32(p), nameoff = rt_be32(p + 4);

			fn(node, strings + nameoff, p + 8, len);
			p += 8 + ((len + 3) & ~3U);
		} else if (tok == FDT_END || (tok != FDT_END_NODE && tok != FDT_NOP)) {
			return;
		}
	}
}
