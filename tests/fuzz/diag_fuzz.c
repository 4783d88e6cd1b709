/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for DIAGNOSE (arch/s390/diag_core.c, built on the build
 * machine): any IPB and register contents give a DIAG code; every code is
 * classified; and the console-write hypercall is given any address and
 * length over a VM of 8 KiB-1 MiB of storage with its prefix anywhere.
 *
 * After every DIAG:
 *  - the code is the low 16 bits of B2 + D2, and only X'5A0' is a
 *    hypercall, X'44' and X'9C' yields, everything else a specification
 *    exception;
 *  - console write answers what a reference computes byte by byte (each
 *    real address prefixed to absolute, checked against storage): -EINVAL
 *    for more than ZARM_HC_CONSOLE_MAX bytes or a wrapping range, -EFAULT
 *    when any byte is outside storage, else the length;
 *  - on success exactly those bytes were printed, in order; on an error
 *    nothing at all (checked whole before any byte is printed);
 *  - no mapped run crosses an 8 KiB boundary (prefixing swaps 8 KiB).
 */
#include <string.h>

#include "arch/s390/diag_core.h"
#include "arch/s390/hypercall.h"
#include "common/errno.h"
#include "tests/fuzz/fuzz_util.h"

#define BLOCK 0x2000ULL

static uint8_t storage[1 << 20];
static uint64_t size, prefix;
static uint8_t out[ZARM_HC_CONSOLE_MAX];
static size_t nout;

/*
 * The byte-by-byte loops of the reference: not coverage-instrumented (they
 * are not under test, and 4096 instrumented rounds per call made them
 * most of the target's time).
 */
#ifdef __clang__
#define NO_COVERAGE __attribute__((no_sanitize("coverage"), noinline))
#else /* the unit-test replay (tests/fuzz/replay.c), built with gcc */
#define NO_COVERAGE
#endif

/* Prefixing: real 0-8K and the prefix area swap places. */
static NO_COVERAGE uint64_t to_abs(uint64_t real)
{
	if (real < BLOCK)
		return real + prefix;
	if (real >= prefix && real - prefix < BLOCK)
		return real - prefix;
	return real;
}

static const char *m_map(void *ctx, uint64_t real, uint64_t len)
{
	uint64_t a = to_abs(real);

	(void)ctx;
	FUZZ_CHECK(len && (real & (BLOCK - 1)) + len <= BLOCK,
		   "run %#llx+%llu crosses an 8 KiB block",
		   (unsigned long long)real, (unsigned long long)len);
	if (a >= size || len > size - a)
		return NULL;
	return (const char *)storage + a;
}

static void m_write(void *ctx, const char *s, uint64_t len)
{
	(void)ctx;
	FUZZ_CHECK(nout + len <= sizeof(out), "printed more than asked");
	memcpy(out + nout, s, len);
	nout += len;
}

static const struct diag_console_ops ops = { m_map, m_write, NULL };

static NO_COVERAGE int64_t ref_console(uint64_t addr, uint64_t len)
{
	for (uint64_t i = 0; i < len; i++)
		if (to_abs(addr + i) >= size)
			return -EFAULT;
	return (int64_t)len;
}

static NO_COVERAGE uint64_t first_wrong_byte(uint64_t addr, uint64_t len)
{
	for (uint64_t i = 0; i < len; i++)
		if (out[i] != storage[to_abs(addr + i)])
			return i;
	return len;
}

static void console(struct fz_in *in)
{
	uint8_t k = fz_u8(in);
	uint64_t addr, len, end, i;
	int64_t want, rc;

	switch (k & 3) { /* near the ends of storage and blocks, or anything */
	case 0: addr = fz_u32(in) % (size + BLOCK); break;
	case 1: addr = size - (fz_u16(in) % 5000); break;
	case 2: addr = ((uint64_t)fz_u8(in) << 13) - (k >> 2); break;
	default: addr = fz_val64(in); break;
	}
	len = (k & 0x10) ? fz_val64(in) : (uint64_t)(fz_u16(in) % (ZARM_HC_CONSOLE_MAX + 8));
	if (len > ZARM_HC_CONSOLE_MAX || __builtin_add_overflow(addr, len, &end)) {
		want = -EINVAL;
	} else {
		want = ref_console(addr, len);
	}
	nout = 0;
	rc = diag_console_write(&ops, addr, len);
	FUZZ_CHECK(rc == want, "console write %#llx+%llu: %lld, want %lld",
		   (unsigned long long)addr, (unsigned long long)len,
		   (long long)rc, (long long)want);
	if (rc < 0) {
		FUZZ_CHECK(nout == 0, "printed %zu bytes, then refused", nout);
		return;
	}
	FUZZ_CHECK(nout == len, "printed %zu of %llu", nout, (unsigned long long)len);
	i = first_wrong_byte(addr, len);
	FUZZ_CHECK(i == len, "byte %llu printed wrong", (unsigned long long)i);
}

static void code(struct fz_in *in)
{
	uint64_t g[16];
	uint32_t ipb = fz_u32(in);
	unsigned int c, want;
	enum diag_kind kind;

	for (int i = 0; i < 16; i++)
		g[i] = (fz_u8(in) & 1) ? fz_val64(in) : (uint64_t)(0x5a0 - i * 7);
	c = diag_code(ipb, g);
	want = (unsigned int)(((ipb >> 28) ? g[ipb >> 28] : 0) + (ipb >> 16 & 0xfff)) & 0xffff;
	FUZZ_CHECK(c == want, "code %#x, want %#x", c, want);
	kind = diag_classify(c);
	FUZZ_CHECK(kind == (c == 0x5a0 ? DIAG_HYPERCALL : c == 0x44 || c == 0x9c
			    ? DIAG_YIELD : DIAG_SPECIFICATION), "code %#x: %d", c, kind);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size_in)
{
	struct fz_in in = fz_in(data, size_in);
	static bool filled;

	if (!filled) { /* storage holds its own offsets: bytes tell places */
		for (size_t i = 0; i < sizeof(storage); i++)
			storage[i] = (uint8_t)(i * 131 + (i >> 8));
		filled = true;
	}
	size = (uint64_t)(1 + fz_u8(&in) % 128) * BLOCK;
	prefix = (fz_u8(&in) % (size / BLOCK)) * BLOCK;
	for (unsigned int n = 0; n < 32 && !fz_done(&in); n++) {
		if (fz_u8(&in) & 1)
			console(&in);
		else
			code(&in);
	}
	return 0;
}
