/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A Linux user program for linux.tap (static, no libc: raw system calls):
 * copy-on-write after fork. The parent fills 256 KiB of private anonymous
 * memory with a pattern and forks 4 children; each child checks it sees
 * the parent's data, writes its own pattern over every page (each write a
 * copy-on-write fault) and checks it reads its own data back; the parent,
 * meanwhile writing half its pages too, checks after every child has
 * exited that its copy is exactly what it wrote. Exit status 0 and a line
 * "cow: ok ..." when all of that holds.
 */
#include <stdint.h>

#define SYS_write 64
#define SYS_exit_group 94
#define SYS_clone 220
#define SYS_mmap 222
#define SYS_wait4 260
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

static void say(const char *s)
{
	long n = 0;

	while (s[n])
		n++;
	sys6(SYS_write, 1, (long)s, n, 0, 0, 0);
}

static __attribute__((noreturn)) void leave(int code)
{
	sys6(SYS_exit_group, code, 0, 0, 0, 0, 0);
	for (;;)
		;
}

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

void cow_main(void);
void cow_main(void)
{
	const unsigned int n = PAGES * PAGE / 8, half = n / 2;
	volatile uint64_t *m = (volatile uint64_t *)sys6(SYS_mmap, 0, PAGES * PAGE, 3 /* RW */,
							  0x22 /* PRIVATE|ANON */, -1, 0);
	int bad = 0;

	if ((long)m < 0) {
		say("cow: FAIL mmap\n");
		leave(1);
	}
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

__asm__(".globl _start\n_start:\n\tbl cow_main\n\tb .\n");
