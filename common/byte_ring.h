/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fixed ring of bytes: console input waiting for a guest (the PL011's
 * backlog, the SCLP's input). Header only; the caller serialises.
 */
#ifndef ZARM_COMMON_BYTE_RING_H
#define ZARM_COMMON_BYTE_RING_H

#include <stddef.h>
#include <stdint.h>

#define BYTE_RING_SIZE 1024

struct byte_ring {
	uint8_t data[BYTE_RING_SIZE];
	unsigned int head, count;
};

static inline size_t byte_ring_room(const struct byte_ring *r)
{
	return BYTE_RING_SIZE - r->count;
}

/* Append what fits of @buf; returns how many bytes were taken. */
static inline size_t byte_ring_push(struct byte_ring *r, const uint8_t *buf, size_t n)
{
	size_t room = byte_ring_room(r);

	if (n > room)
		n = room;
	for (size_t i = 0; i < n; i++)
		r->data[(r->head + r->count + i) % BYTE_RING_SIZE] = buf[i];
	r->count += (unsigned int)n;
	return n;
}

/* The @i-th byte from the front (@i < count). */
static inline uint8_t byte_ring_at(const struct byte_ring *r, unsigned int i)
{
	return r->data[(r->head + i) % BYTE_RING_SIZE];
}

/* Drop @n (<= count) bytes from the front. */
static inline void byte_ring_drop(struct byte_ring *r, unsigned int n)
{
	r->head = (r->head + n) % BYTE_RING_SIZE;
	r->count -= n;
}

#endif
