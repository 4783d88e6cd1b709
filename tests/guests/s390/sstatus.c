/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SIGP STOP AND STORE STATUS (0x09) and STORE STATUS AT ADDRESS (0x0E),
 * as the Principles of Operation define the store-status operation for
 * z/Architecture: the target's FPRs, GRs, PSW, prefix, FPC, TOD
 * programmable register, CPU timer, clock comparator (bits 0-55 in bytes
 * 1-7), access and control registers in the 512-byte save area, which for
 * STOP AND STORE STATUS is absolute 0x1200-0x13ff, with the architectural-
 * mode identification 1 at absolute 163; for STORE STATUS AT ADDRESS the
 * parameter's 512-byte aligned address, accepted only for a stopped
 * target (otherwise cc 1, incorrect state 0x200) and an area inside the
 * configuration (otherwise cc 1, invalid parameter 0x100).
 *
 * vCPU 1 loads known values into its registers and spins; vCPU 0 stops it
 * with STOP AND STORE STATUS while it runs, waits until SIGP SENSE says it
 * is stopped, and checks the area; then again with the target already
 * stopped, then STORE STATUS AT ADDRESS and its error cases.
 */
#include "tests/guests/s390/rt.h"

#include "common/string.h"

#define SIGP_SENSE 0x01
#define SIGP_STOP_STORE 0x09
#define SIGP_STORE_AT 0x0e
#define AREA 0x1200UL

static uint64_t gr_vals[14], fp_vals[16];
static uint32_t ar_vals[16];
static volatile uint64_t cr0_1, cr2_1;
static volatile uint32_t prefix_1;
static volatile int ready;
static uint8_t save_area[512] __attribute__((aligned(512)));
extern char spin_loop[];

void secondary_main(unsigned int cpu)
{
	uint64_t c0, c2 = 0x0000000012345000ULL;
	uint32_t fpc = 0x00000001;   /* rounding mode toward zero */
	uint32_t px;

	(void)cpu;
	/* The AFP-register control: all 16 FPRs and the BFP FPC. */
	rt_set_cr0(rt_get_cr0() | 0x40000);
	asm volatile("lctlg 2,2,%0" : : "Q"(c2));
	asm volatile("stctg 0,0,%0" : "=Q"(c0));
	asm volatile("stpx %0" : "=Q"(px));
	cr0_1 = c0;
	cr2_1 = c2;
	prefix_1 = px;
	asm volatile("lfpc %0" : : "Q"(fpc));
	asm volatile("ld %%f0,0(%0)\n\tld %%f1,8(%0)\n\tld %%f2,16(%0)\n\tld %%f3,24(%0)\n\t"
		     "ld %%f4,32(%0)\n\tld %%f5,40(%0)\n\tld %%f6,48(%0)\n\tld %%f7,56(%0)\n\t"
		     "ld %%f8,64(%0)\n\tld %%f9,72(%0)\n\tld %%f10,80(%0)\n\tld %%f11,88(%0)\n\t"
		     "ld %%f12,96(%0)\n\tld %%f13,104(%0)\n\tld %%f14,112(%0)\n\tld %%f15,120(%0)"
		     : : "a"(fp_vals) : "memory");
	asm volatile("lam %%a2,%%a15,8(%0)" : : "a"(ar_vals) : "memory");
	ready = 1;
	/* GR0-13 as vCPU 0 expects them, then spin until stopped. */
	asm volatile("lmg %%r0,%%r13,0(%0)\n"
		     ".globl spin_loop\nspin_loop:\tj spin_loop"
		     : : "a"(gr_vals) : "memory");
}

static bool check_area(const uint8_t *a, const char *what)
{
	uint64_t psw[2], ckc, cr[16];
	uint32_t px, fpc, ar[16];
	bool ok = true;

	memcpy(psw, a + 0x100, 16);
	memcpy(&px, a + 0x118, 4);
	memcpy(&fpc, a + 0x11c, 4);
	memcpy(&ckc, a + 0x130, 8);
	memcpy(ar, a + 0x140, 64);
	memcpy(cr, a + 0x180, 128);
	ok &= rt_ok(memcmp(a + 0x80, gr_vals, 14 * 8) == 0, "%s: GR0-13 as loaded", what);
	ok &= rt_ok(memcmp(a, fp_vals, 128) == 0, "%s: FPR0-15 as loaded", what);
	ok &= rt_ok(px == prefix_1, "%s: the prefix (%x, vCPU 1's is %x)", what, px, prefix_1);
	ok &= rt_ok(psw[1] == (uint64_t)(unsigned long)spin_loop && (psw[0] >> 32) & 1,
		    "%s: the PSW, 64-bit, at the spin loop (%016lx %016lx)", what,
		    (unsigned long)psw[0], (unsigned long)psw[1]);
	ok &= rt_ok(fpc == 1, "%s: the FPC (%x)", what, fpc);
	ok &= rt_ok(memcmp(ar + 2, ar_vals + 2, 14 * 4) == 0, "%s: access registers 2-15", what);
	ok &= rt_ok(cr[0] == cr0_1 && cr[2] == cr2_1, "%s: control registers 0 and 2 (%lx %lx)",
		    what, (unsigned long)cr[0], (unsigned long)cr[2]);
	ok &= rt_ok(a[0x130] == 0 && ckc == ~0ULL >> 8,
		    "%s: the clock comparator, bits 0-55 in bytes 1-7 (%016lx)", what,
		    (unsigned long)ckc);
	return ok;
}

static int sigp_retry(unsigned int cpu, unsigned int order, unsigned long param,
		      uint32_t *status)
{
	int cc;

	do
		cc = rt_sigp(cpu, order, param, status);
	while (cc == 2);
	return cc;
}

int main(void)
{
	volatile uint8_t *area = (volatile uint8_t *)AREA;
	uint32_t status = 0;
	int cc;

	rt_plan(32);
	for (unsigned int i = 0; i < 14; i++)
		gr_vals[i] = 0x0101010101010101ULL * (i + 1) ^ 0x8000000000000000ULL;
	for (unsigned int i = 0; i < 16; i++)
		fp_vals[i] = 0x4010000000000000ULL + ((uint64_t)i << 32);
	for (unsigned int i = 0; i < 16; i++)
		ar_vals[i] = 0xa0000000u + i;
	memset((void *)area, 0xee, 512);
	*(volatile uint8_t *)163 = 0;

	rt_ok(rt_start_cpu(1) == 0, "vCPU 1 started");
	while (!ready)
		rt_barrier();
	for (volatile unsigned int i = 0; i < 100000; i++)
		;
	cc = sigp_retry(1, SIGP_STOP_STORE, 0, &status);
	rt_ok(cc == 0, "STOP AND STORE STATUS to a running vCPU: accepted (cc %d)", cc);
	for (unsigned int i = 0; i < 1000000; i++) {
		status = 0;
		cc = rt_sigp(1, SIGP_SENSE, 0, &status);
		if (cc == 1 && (status & 0x40))
			break;
	}
	rt_ok(cc == 1 && (status & 0x40), "SIGP SENSE then says it is stopped (cc %d, status %x)",
	      cc, status);
	rt_ok(*(volatile uint8_t *)163 == 1, "architectural-mode id 1 at absolute 163 (%u)",
	      *(volatile uint8_t *)163);
	check_area((const uint8_t *)area, "stop and store status, running target");

	/* The same order to a target already stopped stores again. */
	memset((void *)area, 0xee, 512);
	cc = sigp_retry(1, SIGP_STOP_STORE, 0, &status);
	rt_ok(cc == 0, "STOP AND STORE STATUS to a stopped vCPU (cc %d)", cc);
	check_area((const uint8_t *)area, "stop and store status, stopped target");

	/* STORE STATUS AT ADDRESS. */
	memset(save_area, 0xee, sizeof(save_area));
	cc = sigp_retry(1, SIGP_STORE_AT, (unsigned long)save_area | 0x1ff, &status);
	rt_ok(cc == 0, "STORE STATUS AT ADDRESS of the stopped vCPU, low 9 bits ignored (cc %d)",
	      cc);
	check_area(save_area, "store status at address");
	status = 0;
	cc = rt_sigp(0, SIGP_STORE_AT, (unsigned long)save_area, &status);
	rt_ok(cc == 1 && status == 0x200,
	      "STORE STATUS AT ADDRESS of a running vCPU (itself): cc 1, incorrect state (cc %d, %x)",
	      cc, status);
	status = 0;
	cc = rt_sigp(1, SIGP_STORE_AT, 0x7ffffe00UL, &status);
	rt_ok(cc == 1 && status == 0x100,
	      "STORE STATUS AT ADDRESS outside the VM: cc 1, invalid parameter (cc %d, %x)",
	      cc, status);
	return (int)rt_failures();
}
