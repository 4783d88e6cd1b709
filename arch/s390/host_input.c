/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Console input on s390x; see host_input.h. Reading a command is two
 * service signals: an attention (parameter bit "event pending") starts a
 * read event data on zarm's own SCCB, and its completion (the parameter
 * carries that SCCB's address) hands the text over. Both come as
 * external interruptions, which a CPU takes only in SIE or idle, never
 * holding the big lock; everything here runs under that lock, which also
 * covers the VMs' SCLP state the input lands in.
 */
#include "arch/s390/host_input.h"

#include <stdbool.h>

#include "arch/s390/console.h"
#include "arch/s390/cpu.h"
#include "arch/s390/host_sclp.h"
#include "arch/s390/s390.h"
#include "arch/s390/sclp_core.h"
#include "arch/s390/vm.h"
#include "common/console_in.h"

#define SCLP_READ_EVENT_DATA 0x00770005u
#define EV_OPCMD 0x01
#define EV_PRIOR 0x09
#define OPCMD_TEXT 93		/* event header + GDS prefix (sclp_core.c) */
#define PARAM_EVENT_PENDING 3u
#define EBCDIC_ESC 0x01		/* Ctrl-A passes Hercules' translation as is */
#define LINE_MAX 256

static uint8_t sccb[4096] __attribute__((aligned(4096)));
static struct console_in input;
static bool started;		/* the router exists */
static bool attention;		/* a command waits at the SCLP */
static bool reading;		/* our read event data is in flight */

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static bool input_running(void *ctx, unsigned int t)
{
	(void)ctx;
	return vm_running(vm_get(t));
}

static size_t input_room(void *ctx, unsigned int t)
{
	if (!input_running(ctx, t))
		return (size_t)-1;
	return sclp_input_room(&vm_get(t)->sclp);
}

static void input_deliver(void *ctx, unsigned int t, const uint8_t *buf, size_t n)
{
	if (input_running(ctx, t))
		sclp_vm_input(vm_get(t), buf, n);
}

static void input_focus(void *ctx, unsigned int t)
{
	(void)ctx;
	con_printf("console input to VM %s (a line of three Ctrl-A: next VM)\n",
		   vm_get(t)->vm.name);
}

static const struct console_in_ops input_ops = {
	input_room, input_deliver, input_running, input_focus
};

void host_input_enable(void)
{
	/* Receive operator commands and priority messages; send nothing. */
	static const uint8_t mask[4] = { 0x80, 0x80, 0x00, 0x00 };

	if (host_sclp_event_mask(mask))
		con_printf("console input: the SCLP refused the event mask\n");
}

void host_input_start(void)
{
	unsigned int first = 0;

	for (unsigned int t = 0; t < vm_count(); t++) {
		if (vm_get(t)->console_input) {
			first = t;
			break;
		}
	}
	if (!vm_count() || console_in_init(&input, vm_count(), first, &input_ops, NULL))
		return;
	started = true;
	/* Service signals on this CPU from now on: attentions come through them. */
	cpu_set_cr0(cpu_get_cr(0) | 0x200);
	if (vm_count() > 1)
		input_focus(NULL, first);
	con_hercules_cmd("msgnoh * " HOST_INPUT_ACK);
}

/* The read completed: feed the command's line to the focus. */
static void take_command(void)
{
	unsigned int len, n;
	const uint8_t *text;

	if (be16(sccb + 6) != 0x0020 || be16(sccb) < 8 + OPCMD_TEXT)
		return;
	if (sccb[10] != EV_OPCMD && sccb[10] != EV_PRIOR)
		return;
	len = be16(sccb + 8);
	if (len < OPCMD_TEXT - 8 + 6 || 8 + len > sizeof(sccb))
		return;
	text = sccb + 8 + 6 + 87;
	n = len - 6 - 87;
	if (n > LINE_MAX)
		n = LINE_MAX;
	if (n == 3 && text[0] == EBCDIC_ESC && text[1] == EBCDIC_ESC && text[2] == EBCDIC_ESC) {
		console_in_next(&input);
	} else {
		for (unsigned int i = 0; i < n; i++) {
			/* SOH, STX, ETX are the same in both codes: Ctrl-A, Ctrl-C pass. */
			uint8_t c = text[i] <= 0x03 ? text[i] : (uint8_t)con_from_ebcdic(text[i]);

			console_in_feed(&input, c);
		}
		console_in_feed(&input, '\n');
	}
	con_hercules_cmd("msgnoh * " HOST_INPUT_ACK);
}

/*
 * Start a read when a command waits and the focused VM can take any line
 * (the longest and its newline, plus escapes held before it).
 */
void host_input_poll(void)
{
	if (!started || reading || !attention)
		return;
	if (input_room(NULL, input.focus) < LINE_MAX + 1 + CONSOLE_IN_ESC_RUN)
		return;
	for (unsigned int i = 0; i < 8; i++)
		sccb[i] = 0;
	sccb[0] = sizeof(sccb) >> 8;
	sccb[1] = sizeof(sccb) & 0xff;
	if (host_sclp_request(SCLP_READ_EVENT_DATA, sccb) == 0) {
		attention = false;
		reading = true;
	}
}

void host_input_service_signal(uint32_t param)
{
	if (!started)
		return;
	sched_lock();
	if (reading && (param & ~7u) == (uint32_t)(uintptr_t)sccb) {
		reading = false;
		take_command();
	}
	if (param & PARAM_EVENT_PENDING)
		attention = true;
	host_input_poll();
	sched_unlock();
}
