/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMs' emulated PL011s on the machine, and zarm's console input: see
 * vuart.h. Lock order: a VM's uart_lock, then its vgic_lock; input_lock
 * (the focus and the board UART's receive side) before any VM's uart_lock.
 */
#include "arch/arm64/arm64.h"
#include "arch/arm64/vuart.h"
#include "common/console_in.h"

static struct console_in input;
static struct spinlock input_lock;
static bool input_on;		/* the board UART's interrupt is routed to zarm */
static bool input_held;		/* its receive interrupt is masked: no room */

static struct arm64_vm *vm_at(unsigned int t)
{
	return container_of(arm64_vms.vms[t], struct arm64_vm, vm);
}

static void uart_line(void *ctx, const char *line, size_t len)
{
	struct arm64_vm *avm = ctx;
	char out[PL011_LINE + ZARM_VM_NAME_MAX + 4];
	size_t n = strnlen(avm->vm.name, ZARM_VM_NAME_MAX);

	out[0] = '[';
	memcpy(out + 1, avm->vm.name, n);
	out[n + 1] = ']';
	out[n + 2] = ' ';
	n += 3;
	memcpy(out + n, line, len);
	n += len;
	out[n++] = '\n';
	console_write(out, n);
}

static void uart_irq(void *ctx, bool high)
{
	vgic_arch_spi_level(ctx, VUART_INTID, high);
}

/*
 * The guest read a character. If the board UART's input was held back for
 * lack of room, let it in again; the interrupt that follows refills. Only
 * a flag is read here (no input_lock: a read under the VM's uart_lock must
 * not wait for the input path, which takes the locks the other way round).
 */
static void uart_space(void *ctx)
{
	(void)ctx;
	if (__atomic_load_n(&input_held, __ATOMIC_RELAXED))
		console_uart_rx_irq_enable(true);
}

static const struct pl011_ops uart_ops = { uart_line, uart_irq, uart_space };

static int uart_read(void *opaque, uint64_t off, unsigned int size, uint64_t *val)
{
	struct arm64_vm *avm = opaque;
	int ret;

	spin_lock(&avm->uart_lock);
	ret = pl011_read(&avm->uart, off, size, val);
	spin_unlock(&avm->uart_lock);
	return ret;
}

static int uart_write(void *opaque, uint64_t off, unsigned int size, uint64_t val)
{
	struct arm64_vm *avm = opaque;
	int ret;

	spin_lock(&avm->uart_lock);
	ret = pl011_write(&avm->uart, off, size, val);
	spin_unlock(&avm->uart_lock);
	return ret;
}

int vuart_vm_init(struct arm64_vm *avm)
{
	pl011_init(&avm->uart, &uart_ops, avm);
	return mmio_register(&avm->bus, VUART_BASE, PL011_SIZE, uart_read, uart_write, avm);
}

void vuart_vm_reset(struct arm64_vm *avm)
{
	spin_lock(&avm->uart_lock);
	if (avm->uart.len)
		pl011_flush(&avm->uart);
	pl011_reset(&avm->uart);
	spin_unlock(&avm->uart_lock);
}

void vuart_vm_end(struct arm64_vm *avm)
{
	spin_lock(&avm->uart_lock);
	if (avm->uart.len)
		pl011_flush(&avm->uart);
	spin_unlock(&avm->uart_lock);
}

/* ---- console input --------------------------------------------------------- */

static bool input_running(void *ctx, unsigned int t)
{
	(void)ctx;
	return vm_at(t)->vm.state == VM_RUNNING;
}

static size_t input_room(void *ctx, unsigned int t)
{
	struct arm64_vm *avm = vm_at(t);
	size_t room;

	if (!input_running(ctx, t))
		return (size_t)-1;	/* a stopped VM's input is dropped */
	spin_lock(&avm->uart_lock);
	room = pl011_rx_room(&avm->uart);
	spin_unlock(&avm->uart_lock);
	return room;
}

static void input_deliver(void *ctx, unsigned int t, const uint8_t *buf, size_t n)
{
	struct arm64_vm *avm = vm_at(t);

	if (!input_running(ctx, t))
		return;
	spin_lock(&avm->uart_lock);
	pl011_rx_push(&avm->uart, buf, n);
	spin_unlock(&avm->uart_lock);
}

static void input_focus(void *ctx, unsigned int t)
{
	(void)ctx;
	console_line("console input to VM %s (Ctrl-A three times: next VM)", vm_at(t)->vm.name);
}

static void input_drain(void);

static const struct console_in_ops input_ops = {
	input_room, input_deliver, input_running, input_focus
};

void vuart_input_start(void)
{
	unsigned int first = 0;

	for (unsigned int t = 0; t < arm64_vms.nr; t++) {
		if (vm_at(t)->console_input) {
			first = t;
			break;
		}
	}
	if (!arm64_vms.nr || console_in_init(&input, arm64_vms.nr, first, &input_ops, NULL))
		return;
	if (console_uart_rx_start(0))
		return;
	input_on = true;
	if (arm64_vms.nr > 1)
		input_focus(NULL, first);
	input_drain();		/* what was typed before zarm started */
}

/*
 * Take what the board UART received while the focused VM has room; with
 * none, mask the UART's receive interrupt (its FIFO, then QEMU's input,
 * fill up and wait) until that VM reads (uart_space).
 */
static void input_drain(void)
{
	int c;

	spin_lock(&input_lock);
	__atomic_store_n(&input_held, false, __ATOMIC_RELAXED);
	for (;;) {
		if (!console_in_ready(&input)) {
			__atomic_store_n(&input_held, true, __ATOMIC_RELAXED);
			console_uart_rx_irq_enable(false);
			/* A read may have made room meanwhile: look once more. */
			if (!console_in_ready(&input))
				break;
			__atomic_store_n(&input_held, false, __ATOMIC_RELAXED);
			console_uart_rx_irq_enable(true);
		}
		c = console_uart_getc();
		if (c < 0)
			break;
		console_in_feed(&input, (uint8_t)c);
	}
	spin_unlock(&input_lock);
}

bool vuart_input_irq(uint32_t intid)
{
	if (!input_on || intid != console_uart_rx_intid())
		return false;
	input_drain();
	return true;
}
