/* SPDX-License-Identifier: GPL-2.0-only */
/* PL011 transmit path and the identification registers Linux's AMBA bus reads. */
#include "arch/arm64/vpl011.h"
#include "arch/arm64/klib.h"

#define UART_DR 0x000
#define UART_FR 0x018
#define UART_IBRD 0x024
#define UART_FBRD 0x028
#define UART_LCR_H 0x02c
#define UART_CR 0x030
#define UART_IFLS 0x034
#define UART_IMSC 0x038
#define UART_RIS 0x03c
#define UART_MIS 0x040
#define FR_TXFE (1U << 7)
#define FR_RXFE (1U << 4)

/* PrimeCell PL011 r1p5 peripheral and cell ids at 0xfe0..0xffc. */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void vpl011_init(struct vpl011 *u, const char *name)
{
	memset(u, 0, sizeof(*u));
	u->name = name;
	u->cr = 0x300;
}

void vpl011_flush(struct vpl011 *u)
{
	char out[VPL011_LINE + 24];
	size_t n = strnlen(u->name, 16);

	out[0] = '[';
	memcpy(out + 1, u->name, n);
	out[n + 1] = ']';
	out[n + 2] = ' ';
	n += 3;
	memcpy(out + n, u->line, u->len);
	n += u->len;
	out[n++] = '\n';
	console_write(out, n);
	u->len = 0;
}

static void vpl011_putc(struct vpl011 *u, char c)
{
	if (c == '\r')
		return;
	if (c == '\n') {
		vpl011_flush(u);
		return;
	}
	u->line[u->len++] = c;
	if (u->len == VPL011_LINE)
		vpl011_flush(u);
}

int vpl011_read(void *opaque, uint64_t off, unsigned int size, uint64_t *val)
{
	struct vpl011 *u = opaque;

	(void)size;
	switch (off) {
	case UART_DR: *val = 0; break;
	case UART_FR: *val = FR_TXFE | FR_RXFE; break;
	case UART_IBRD: *val = u->ibrd; break;
	case UART_FBRD: *val = u->fbrd; break;
	case UART_LCR_H: *val = u->lcr_h; break;
	case UART_CR: *val = u->cr; break;
	case UART_IFLS: *val = u->ifls; break;
	case UART_IMSC: *val = u->imsc; break;
	case UART_RIS: case UART_MIS: *val = 0; break;
	default:
		if (off >= 0xfe0 && off < 0x1000 && (off & 3) == 0)
			*val = pl011_id[(off - 0xfe0) / 4];
		else
			*val = 0;
		break;
	}
	return 0;
}

int vpl011_write(void *opaque, uint64_t off, unsigned int size, uint64_t val)
{
	struct vpl011 *u = opaque;

	(void)size;
	switch (off) {
	case UART_DR: vpl011_putc(u, (char)val); break;
	case UART_IBRD: u->ibrd = val; break;
	case UART_FBRD: u->fbrd = val; break;
	case UART_LCR_H: u->lcr_h = val; break;
	case UART_CR: u->cr = val; break;
	case UART_IFLS: u->ifls = val; break;
	case UART_IMSC: u->imsc = val; break;
	default: break;
	}
	return 0;
}
