/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the libFuzzer targets share: FUZZ_CHECK (a broken invariant aborts,
 * which libFuzzer reports like a crash and saves the input for), and a
 * reader that turns the input into a stream of small choices. When the
 * input runs out every read returns 0 and fz_done() says so, so a target
 * loops "while (!fz_done(&in))" and any prefix of an input is an input.
 *
 * Header only: host test code, included by each target in tests/fuzz/.
 */
#ifndef ZARM_TESTS_FUZZ_FUZZ_UTIL_H
#define ZARM_TESTS_FUZZ_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                              \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: invariant broken: %s: ",   \
				__FILE__, __LINE__, #cond);                \
			fprintf(stderr, __VA_ARGS__);                      \
			fputc('\n', stderr);                               \
			abort();                                           \
		}                                                          \
	} while (0)

struct fz_in {
	const uint8_t *p;
	size_t n, at;
};

static inline struct fz_in fz_in(const uint8_t *data, size_t size)
{
	struct fz_in in = { data, size, 0 };

	return in;
}

static inline bool fz_done(const struct fz_in *in)
{
	return in->at >= in->n;
}

static inline uint8_t fz_u8(struct fz_in *in)
{
	return in->at < in->n ? in->p[in->at++] : 0;
}

static inline uint16_t fz_u16(struct fz_in *in)
{
	uint16_t hi = fz_u8(in);

	return (uint16_t)(hi << 8 | fz_u8(in));
}

static inline uint32_t fz_u32(struct fz_in *in)
{
	uint32_t hi = fz_u16(in);

	return hi << 16 | fz_u16(in);
}

static inline uint64_t fz_u64(struct fz_in *in)
{
	uint64_t hi = fz_u32(in);

	return hi << 32 | fz_u32(in);
}

/* A value below @n (n > 0), from one byte when n <= 256. */
static inline unsigned int fz_below(struct fz_in *in, unsigned int n)
{
	return n <= 256 ? fz_u8(in) % n : fz_u32(in) % n;
}

/*
 * A 64-bit value that is often interesting: 0, all ones, a small number,
 * one bit, or any value.
 */
static inline uint64_t fz_val64(struct fz_in *in)
{
	uint8_t k = fz_u8(in);

	switch (k & 7) {
	case 0: return 0;
	case 1: return ~0ULL;
	case 2: return k >> 3;
	case 3: return 1ULL << (k >> 2 & 63);
	case 4: return fz_u8(in);
	case 5: return fz_u32(in);
	default: return fz_u64(in);
	}
}

/* Copy up to @len input bytes into @buf; the rest of @buf is zeroed. */
static inline void fz_bytes(struct fz_in *in, uint8_t *buf, size_t len)
{
	size_t have = in->n - in->at < len ? in->n - in->at : len;

	memcpy(buf, in->p + in->at, have);
	memset(buf + have, 0, len - have);
	in->at += have;
}

#endif
