/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fixed compute loop for BENCH s390.guest_loop_ratio: the same image runs
 * under zarm and on bare Hercules (zarm-run --bare), so it uses nothing but
 * the architecture: IPL PSW at 0, SIGP set-architecture (zarm accepts it),
 * the TOD clock, and a disabled wait whose PSW address is the loop's time
 * in microseconds (the result both runs report).
 * The loop mixes what a decompressor does: loads, multiplies, shifts,
 * stores over a 64 KiB buffer, and branches; DAT is off, as in Linux's
 * decompressor.
 */
#ifndef LOOP_ROUNDS
#define LOOP_ROUNDS 6000
#endif
#define WORDS 8192			/* 64 KiB of doublewords */

	.section .ipl, "a"
	.long	0x00080000, 0x80000000 + _start

	.section .text.entry, "ax"
	.globl	_start
_start:
	lhi	%r1,1
	sigp	%r1,%r0,0x12		/* z/Architecture (bare Hercules IPLs in ESA/390) */
	sam64
	larl	%r5,buf
	llilf	%r6,0x5851f42d		/* LCG multiplier */
	lghi	%r7,0x3b		/* increment */
	larl	%r10,t0
	stck	0(%r10)
	llilf	%r9,LOOP_ROUNDS
0:	lgr	%r4,%r5
	lghi	%r8,WORDS
	lghi	%r3,1
1:	lg	%r2,0(%r4)
	msgr	%r2,%r6
	agr	%r2,%r7
	srlg	%r1,%r3,3
	xgr	%r2,%r1
	stg	%r2,0(%r4)
	lgr	%r3,%r2
	la	%r4,8(%r4)
	brctg	%r8,1b
	brctg	%r9,0b
	stck	8(%r10)
	lg	%r2,8(%r10)
	sg	%r2,0(%r10)
	srlg	%r2,%r2,12		/* TOD bit 51 = 1 microsecond */
	larl	%r1,wait_psw
	stg	%r2,8(%r1)
	lpswe	0(%r1)

	.data
	.balign	8
wait_psw:
	.quad	0x0002000180000000, 0	/* disabled wait, 64-bit; address = time */
t0:	.quad	0, 0		/* TOD before, after */

	.bss
	.balign	4096
buf:	.skip	WORDS * 8

	.section .note.GNU-stack,"",@progbits
