/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * zarm's own console: the board's PL011, polled. The console lock keeps
 * lines from different CPUs whole.
 */
#include "arch/arm64/arm64.h"
#include "common/panic.h"

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_CR 0x30
#define UART_IMSC 0x38
#define FR_TXFF (1U << 5)
#define FR_RXFE (1U << 4)
#define INT_RX_RT ((1U << 4) | (1U << 6))

static volatile uint32_t *pl011_regs = (volatile uint32_t *)0x09000000UL;
static uint32_t pl011_intid;	/* its SPI's INTID, 0 when unknown */
static struct spinlock console_lock = SPINLOCK_INIT;

void console_uart_init(uint64_t base, uint32_t intid)
{
	pl011_regs = (volatile uint32_t *)base;
	pl011_intid = intid;
}

/*
 * Console input: the receiver on, its receive and receive-timeout
 * interrupts routed to @cpu. -ENODEV without an interrupt. LCR_H is left
 * alone: turning the FIFO on or off empties it (QEMU's PL011 too), and
 * input typed or piped before zarm started would be lost.
 */
int console_uart_rx_start(unsigned int cpu)
{
	if (!pl011_intid)
		return -ENODEV;
	pl011_regs[UART_CR / 4] = pl011_regs[UART_CR / 4] | (1U << 9) | (1U << 8) | 1U;
	/*
	 * No ICR: input that came before holds RX set, and clearing it would
	 * leave that input unannounced (the caller drains it once).
	 */
	pl011_regs[UART_IMSC / 4] = INT_RX_RT;
	gic_spi_route(pl011_intid, cpu);
	return 0;
}

uint32_t console_uart_rx_intid(void)
{
	return pl011_intid;
}

/* Hold input back in the UART (and behind it) or let it come again. */
void console_uart_rx_irq_enable(bool on)
{
	pl011_regs[UART_IMSC / 4] = on ? INT_RX_RT : 0;
}

/* The next received character, or -1 when the FIFO is empty. */
int console_uart_getc(void)
{
	if (pl011_regs[UART_FR / 4] & FR_RXFE)
		return -1;
	return (int)(pl011_regs[UART_DR / 4] & 0xff);
}

void console_uart_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			while (pl011_regs[UART_FR / 4] & FR_TXFF)
				;
			pl011_regs[UART_DR / 4] = '\r';
		}
		while (pl011_regs[UART_FR / 4] & FR_TXFF)
			;
		pl011_regs[UART_DR / 4] = (unsigned char)s[i];
	}
}

void console_write(const char *s, size_t len)
{
	spin_lock(&console_lock);
	console_uart_write(s, len);
	spin_unlock(&console_lock);
}

/*
 * common/log hands over whole lines ("[INF] text\n"): prefix them with
 * "zarm: " in one locked write, dropping the tag of plain information
 * lines so the console reads like the rest of zarm's output.
 */
static void console_sink(void *ctx, const char *s, size_t n)
{
	char buf[ZLOG_LINE_MAX + 8];

	(void)ctx;
	if (n >= 6 && !memcmp(s, "[INF] ", 6)) {
		s += 6;
		n -= 6;
	}
	if (n > ZLOG_LINE_MAX)
		n = ZLOG_LINE_MAX;
	memcpy(buf, "zarm: ", 6);
	memcpy(buf + 6, s, n);
	console_write(buf, n + 6);
}

void console_log_init(void)
{
	log_set_sink(console_sink, NULL);
	panic_set_halt(arm64_halt);
}

void console_line(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	memcpy(buf, "zarm: ", 6);
	va_start(ap, fmt);
	n = vsnprintf(buf + 6, sizeof(buf) - 7, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	n += 6;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	console_write(buf, n);
}

void arm64_halt(void)
{
	/* PSCI SYSTEM_OFF ends QEMU; if it returns, park the CPU. */
	psci_host_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void arm64_hyp_fatal(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far)
{
	console_line("hypervisor exception (%s): ESR %lx ELR %lx FAR %lx",
	     kind == 2 ? "stack smashed" : kind ? "EL2" : "AArch32 guest", esr, elr, far);
	console_line("all VMs stopped: %u ok, %u failed", arm64_vms.ok,
	     arm64_vms.failed + arm64_vms.running);
	arm64_halt();
}
