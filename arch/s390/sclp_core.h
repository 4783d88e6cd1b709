/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SCLP command decoding for a VM: read SCP info, read CPU info, write
 * event mask, write event data (line-mode messages 0x02 and VT220 0x1A,
 * every buffer; line mode is printed only while the guest does not send
 * VT220 data, so each message shows once), read event data (console
 * input: VT220 data 0x1A, after its session byte, when the guest receives it, else one line as an
 * operator command 0x01). No guest-memory access and no machine state:
 * the caller hands in the SCCB bytes.
 */
#ifndef ZARM_ARCH_S390_SCLP_CORE_H
#define ZARM_ARCH_S390_SCLP_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/byte_ring.h"

#define SCLP_HEADER_LEN 8
#define SCLP_LINE_MAX 200

/* Response codes (SCCB offset 6). */
#define SCLP_RC_READ_OK 0x0010
#define SCLP_RC_OK 0x0020
#define SCLP_RC_BOUNDARY 0x0100
#define SCLP_RC_INVALID_COMMAND 0x01f0
#define SCLP_RC_SHORT_SCCB 0x0300
#define SCLP_RC_INVALID_FUNCTION 0x40f0
#define SCLP_RC_NO_EVENTS 0x60f0
#define SCLP_RC_INCONSISTENT_LENGTHS 0x72f0
#define SCLP_RC_SYNTAX_ERROR 0x73f0
#define SCLP_RC_INVALID_MASK_LENGTH 0x74f0

/* What read SCP info / read CPU info describe. */
struct sclp_vm_info {
	uint64_t storage;       /* bytes, a multiple of 1 MiB */
	unsigned int nr_cpus;   /* CPU addresses 0..nr_cpus-1 */
};

#define SCLP_INPUT_MAX BYTE_RING_SIZE	/* console input held for a VM, bytes */
#define SCLP_RC_EXCEEDS_SCCB 0x75f0

/*
 * Per-VM SCLP state: the event masks the guest set, and console input
 * (ASCII) waiting for the guest's read event data.
 */
struct sclp_state {
	uint32_t cp_receive;
	uint32_t cp_send;
	struct byte_ring in;
};

/* Room for more input, in bytes. */
size_t sclp_input_room(const struct sclp_state *st);
/* Queue console input; returns how many bytes were taken. */
size_t sclp_input_push(struct sclp_state *st, const uint8_t *buf, size_t n);
/*
 * True when input waits and the guest receives a console event type
 * (VT220 data, or line-mode operator commands): the service signal with
 * its "event pending" parameter bit should be made pending.
 */
bool sclp_input_pending(const struct sclp_state *st);

/* Where console text goes (ASCII; message lines end in '\n'). */
struct sclp_console {
	void (*write)(void *ctx, const char *s, size_t n);
	void *ctx;
};

/*
 * Execute @cmd on the SCCB @s, whose header says it is @len bytes long
 * (the caller made sure all @len bytes are the guest's). Writes nothing
 * outside s[0..len). Stores the response code at offset 6 and returns it.
 */
uint16_t sclp_execute(struct sclp_state *st, const struct sclp_vm_info *vm,
		      const struct sclp_console *out, uint32_t cmd, uint8_t *s,
		      uint16_t len);

#endif
