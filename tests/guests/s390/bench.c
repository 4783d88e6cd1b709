/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * make bench, with Hercules' instruction trace on (zarm-run --bench counts
 * the traced instructions): one null hypercall round trip, then one
 * interruption delivery, from a SIGP emergency signal to itself (enabled
 * for it) to the first instruction of the guest's external handler, then
 * one program interruption SIE intercepts (a store with low-address
 * protection on: zarm completes it, TEID included) from the store to the
 * first instruction of the guest's program-check handler.
 *
 * Then, untraced, by the TOD clock: the median time of a batch of null
 * hypercalls under zarm, and the same under ZARM_HC_SIE_FLOOR, where zarm
 * only re-enters the guest after each interception (the floor any SIE
 * hypervisor pays on Hercules: SIE exit and entry are costly there and no
 * traced instruction shows it). Their ratio x1000 is
 * BENCH s390.intercept_time_ratio. A time, so not exact run to run.
 */
#include "tests/guests/s390/rt.h"

static volatile unsigned int emergencies;

void rt_ext(void)
{
	if (*(volatile uint16_t *)0x86 == 0x1201)
		emergencies++;
}

#define BATCH 64		/* hypercalls per timed batch */
#define SAMPLES 101	/* batches; the median is reported */

static uint64_t tod(void)
{
	uint64_t t;

	asm volatile("stck %0" : "=Q"(t) : : "cc");
	return t;
}

/* TOD units of one batch of BATCH intercepted null hypercalls. */
static uint64_t batch(void)
{
	uint64_t t = tod();

	for (unsigned int j = 0; j < BATCH; j++)
		rt_hypercall(ZARM_HC_NULL, 0, 0);
	return tod() - t;
}

static uint64_t median(uint64_t *v)
{
	for (unsigned int i = 1; i < SAMPLES; i++)	/* insertion sort */
		for (unsigned int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t x = v[j];

			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	return v[SAMPLES / 2];
}

/*
 * Batches under zarm and under the floor alternate, so that a busy host
 * slows both sides alike; each side's median is kept.
 */
static void intercept_times(uint64_t *zarm_t, uint64_t *floor_t)
{
	static uint64_t z[SAMPLES], f[SAMPLES];

	for (unsigned int i = 0; i < SAMPLES; i++) {
		z[i] = batch();
		rt_hypercall(ZARM_HC_SIE_FLOOR, BATCH, 0);
		f[i] = batch();
	}
	*zarm_t = median(z);
	*floor_t = median(f);
}

static void lap_store(void)
{
	/* MVGHI 0x180(%r0),0: an encoding zarm-run's counter looks for. */
	asm volatile("mvghi 0x180(%%r0),0" : : : "memory");
}

static void set_lap(void)
{
	uint64_t cr0;

	asm volatile("stctg 0,0,%0" : "=Q"(cr0));
	cr0 |= 0x10000000ULL;          /* bit 35; the handler turns it off */
	asm volatile("lctlg 0,0,%0" : : "Q"(cr0));
}

int main(void)
{
	uint64_t zarm_t, floor_t;
	unsigned int code;
	long r;
	int cc;

	rt_plan(3);
	rt_enable_ext(0x4000);
	rt_hypercall(ZARM_HC_TRACE, 1, 0);
	r = rt_hypercall(ZARM_HC_NULL, 0, 0);
	cc = rt_sigp(0, 0x03, 0, NULL);   /* the boot vCPU is CPU 0 */
	set_lap();
	code = rt_try(lap_store);
	rt_hypercall(ZARM_HC_TRACE, 0, 0);
	intercept_times(&zarm_t, &floor_t);
	rt_printf("BENCH s390.intercept_time_ratio %lu\n",
		  (unsigned long)((zarm_t * 1000 + floor_t / 2) / (floor_t ? floor_t : 1)));
	rt_printf("# batch of %u: zarm %lu, floor %lu TOD units (1/4096 us)\n", BATCH,
		  (unsigned long)zarm_t, (unsigned long)floor_t);
	rt_ok(r == 0, "null hypercall returned %ld", r);
	rt_ok(cc == 0 && emergencies == 1, "emergency signal to itself taken (cc %d, %u)",
	      cc, emergencies);
	rt_ok(code == 0x04, "low-address protection taken (code 0x%x)", code);
	return (int)rt_failures();
}
