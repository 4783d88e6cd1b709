/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A Linux user program for linux.tap's /init (static, no libc: raw system
 * calls), installed as /zarm-check:
 *
 * zarm-check cow: copy-on-write after fork. The parent fills 256 KiB of
 *   private anonymous memory with a pattern and forks 4 children; each
 *   child checks it sees the parent's data, writes its own pattern over
 *   every page (each write a copy-on-write fault) and checks it reads its
 *   own data back; the parent, meanwhile writing half its pages too,
 *   checks after every child has exited that its copy is exactly what it
 *   wrote. Exit status 0 when all of that holds.
 *
 * zarm-check randfile PATH MIB: reads MIB MiB from /dev/urandom into
 *   memory, prints their SHA-256 (computed here, FIPS 180-4) and writes
 *   them to PATH with one write(). /init compares that with busybox's
 *   sha256sum of the file: the data went through the file system and
 *   came back the same, and two implementations agree on the hash. (A
 *   pipe through tee costs 20-30 s of TCG time for 32 MiB; this costs 2.)
 *
 * zarm-check perf: perf_event_open(2) opens a CPU-cycles counter of this
 *   process at EL0 only (Linux's armv8 PMU driver on zarm's virtual PMU),
 *   around a busy loop; prints the count, exit status 0 when it counted
 *   more than the loop's iterations (at least a cycle each).
 */
#include <stdint.h>

#define SYS_openat 56
#define SYS_close 57
#define SYS_read 63
#define SYS_write 64
#define SYS_exit_group 94
#define SYS_ioctl 29
#define SYS_perf_event_open 241
#define SYS_clone 220
#define SYS_mmap 222
#define SYS_wait4 260
#define AT_FDCWD -100
#define O_WRONLY 01
#define O_CREAT 0100
#define O_TRUNC 01000
#define SIGCHLD 17
#define PAGES 64
#define PAGE 4096
#define CHILDREN 4

static long sys6(long n, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4),
			 "r"(x5) : "memory");
	return x0;
}

static long slen(const char *s)
{
	long n = 0;

	while (s[n])
		n++;
	return n;
}

static void say(const char *s)
{
	sys6(SYS_write, 1, (long)s, slen(s), 0, 0, 0);
}

static __attribute__((noreturn)) void leave(int code)
{
	sys6(SYS_exit_group, code, 0, 0, 0, 0, 0);
	for (;;)
		;
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static void *map(unsigned long size)
{
	long p = sys6(SYS_mmap, 0, (long)size, 3 /* RW */, 0x22 /* PRIVATE|ANON */, -1, 0);

	if (p < 0 && p > -4096) {
		say("zarm-check: FAIL mmap\n");
		leave(1);
	}
	return (void *)p;
}

/* ---- cow ------------------------------------------------------------- */

static uint64_t word(unsigned int who, unsigned int i)
{
	return 0x9e3779b97f4a7c15ULL * (who + 1) ^ ((uint64_t)i << 3);
}

static void fill(volatile uint64_t *m, unsigned int who, unsigned int from, unsigned int to)
{
	for (unsigned int i = from; i < to; i++)
		m[i] = word(who, i);
}

static int check(volatile uint64_t *m, unsigned int who, unsigned int from, unsigned int to)
{
	for (unsigned int i = from; i < to; i++)
		if (m[i] != word(who, i))
			return 0;
	return 1;
}

static void cow(void)
{
	const unsigned int n = PAGES * PAGE / 8, half = n / 2;
	volatile uint64_t *m = map(PAGES * PAGE);
	int bad = 0;

	fill(m, 0, 0, n);
	for (unsigned int c = 1; c <= CHILDREN; c++) {
		long pid = sys6(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0);

		if (pid < 0) {
			say("cow: FAIL fork\n");
			leave(1);
		}
		if (pid == 0) {
			int ok = check(m, 0, 0, n);

			fill(m, c, 0, n);
			ok &= check(m, c, 0, n);
			leave(ok ? 0 : 1);
		}
	}
	/* The parent writes its second half while the children run. */
	fill(m, 9, half, n);
	for (unsigned int c = 1; c <= CHILDREN; c++) {
		int status = -1;

		if (sys6(SYS_wait4, -1, (long)&status, 0, 0, 0, 0) < 0 || status != 0)
			bad++;
	}
	if (bad || !check(m, 0, 0, half) || !check(m, 9, half, n)) {
		say(bad ? "cow: FAIL a child saw wrong data\n" : "cow: FAIL parent copy changed\n");
		leave(1);
	}
	say("cow: ok 4 children wrote 64 copy-on-write pages each, parent copy intact\n");
	leave(0);
}

/* ---- randfile: SHA-256 as FIPS 180-4 defines it ----------------------- */

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, k;

	for (unsigned int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (unsigned int i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0]; b = h[1]; c = h[2]; d = h[3]; e = h[4]; f = h[5]; g = h[6]; k = h[7];
	for (unsigned int i = 0; i < 64; i++) {
		uint32_t t1 = k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) +
			      K[i] + w[i];
		uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));

		k = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

/* @len must be a multiple of 64 (whole MiB here); the padding block follows. */
static void sha256(const uint8_t *p, uint64_t len, char hex[65])
{
	uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	uint8_t last[64] = { 0x80 };

	for (uint64_t off = 0; off < len; off += 64)
		sha256_block(h, p + off);
	for (unsigned int i = 0; i < 8; i++)
		last[56 + i] = (uint8_t)((len * 8) >> (56 - 8 * i));
	sha256_block(h, last);
	for (unsigned int i = 0; i < 64; i++)
		hex[i] = "0123456789abcdef"[(h[i / 8] >> (28 - 4 * (i % 8))) & 0xf];
	hex[64] = 0;
}

static void randfile(const char *path, const char *mib_s)
{
	uint64_t mib = 0, size, got = 0;
	uint8_t *buf;
	char hex[65];
	long fd;

	for (const char *s = mib_s; *s >= '0' && *s <= '9'; s++)
		mib = mib * 10 + (uint64_t)(*s - '0');
	if (!mib || mib > 128) {
		say("randfile: FAIL size\n");
		leave(1);
	}
	size = mib << 20;
	buf = map(size);
	fd = sys6(SYS_openat, AT_FDCWD, (long)"/dev/urandom", 0, 0, 0, 0);
	while (fd >= 0 && got < size) {
		long n = sys6(SYS_read, fd, (long)(buf + got), (long)(size - got), 0, 0, 0);

		if (n <= 0)
			break;
		got += (uint64_t)n;
	}
	if (fd < 0 || got != size) {
		say("randfile: FAIL reading /dev/urandom\n");
		leave(1);
	}
	sys6(SYS_close, fd, 0, 0, 0, 0, 0);
	sha256(buf, size, hex);
	fd = sys6(SYS_openat, AT_FDCWD, (long)path, O_WRONLY | O_CREAT | O_TRUNC, 0644, 0, 0);
	got = 0;
	while (fd >= 0 && got < size) {
		long n = sys6(SYS_write, fd, (long)(buf + got), (long)(size - got), 0, 0, 0);

		if (n <= 0)
			break;
		got += (uint64_t)n;
	}
	if (fd < 0 || got != size || sys6(SYS_close, fd, 0, 0, 0, 0, 0) < 0) {
		say("randfile: FAIL writing the file\n");
		leave(1);
	}
	say(hex);
	say("\n");
	leave(0);
}

/* ---- perf ------------------------------------------------------------ */

#define PERF_ENABLE 0x2400		/* PERF_EVENT_IOC_ENABLE */
#define PERF_DISABLE 0x2401
#define LOOPS 2000000UL

static void perf(void)
{
	/* struct perf_event_attr (128 bytes): type 0 (hardware), config 0 (cycles). */
	static uint64_t attr[16];		/* zero, without a memset call */
	uint64_t count = 0, v;
	char num[24];
	int i = sizeof(num) - 1;
	long fd;

	attr[0] = 128ULL << 32;			/* size */
	attr[5] = 1 | 1 << 5 | 1 << 6;		/* disabled, exclude_kernel, exclude_hv */
	fd = sys6(SYS_perf_event_open, (long)attr, 0, -1, -1, 0, 0);
	if (fd < 0) {
		say("perf: FAIL perf_event_open\n");
		leave(1);
	}
	sys6(SYS_ioctl, fd, PERF_ENABLE, 0, 0, 0, 0);
	for (volatile unsigned long k = 0; k < LOOPS; k++)
		;
	sys6(SYS_ioctl, fd, PERF_DISABLE, 0, 0, 0, 0);
	if (sys6(SYS_read, fd, (long)&count, sizeof(count), 0, 0, 0) != sizeof(count)) {
		say("perf: FAIL read\n");
		leave(1);
	}
	num[i] = 0;
	v = count;
	do {
		num[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	say("perf: user cycles ");
	say(&num[i]);
	say("\n");
	leave(count > LOOPS ? 0 : 1);
}

void zarm_check_main(uint64_t *sp);
void zarm_check_main(uint64_t *sp)
{
	uint64_t argc = sp[0];
	char **argv = (char **)&sp[1];

	if (argc >= 2 && streq(argv[1], "cow"))
		cow();
	if (argc >= 4 && streq(argv[1], "randfile"))
		randfile(argv[2], argv[3]);
	if (argc >= 2 && streq(argv[1], "perf"))
		perf();
	say("usage: zarm-check cow | randfile PATH MIB | perf\n");
	leave(2);
}

__asm__(".globl _start\n_start:\n\tmov x0, sp\n\tbl zarm_check_main\n\tb .\n");
