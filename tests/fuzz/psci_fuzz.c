/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for the guest side of PSCI 1.1 and zarm's SMCCC
 * routing (arch/arm64/psci_core.c, built on the build machine): a VM of
 * 1-8 vCPUs with a RAM window anywhere, and a sequence of calls with any
 * function id (PSCI's, their SMC32/SMC64 twins, zarm's, anything) and any
 * arguments, between which vCPUs come up (ON_PENDING -> ON) or go down.
 * The fake machine keeps each vCPU's power state and may refuse a start.
 *
 * After every call the answer, the registers left behind and the machine
 * operations performed equal those of a reference written here from the
 * PSCI specification (DEN0022D): VERSION 1.1; FEATURES of each function;
 * MIGRATE_INFO_TYPE 2; CPU_ON and AFFINITY_INFO with their parameter,
 * address and state errors; CPU_OFF, SYSTEM_OFF and SYSTEM_RESET ending
 * the run; NOT_SUPPORTED for the rest; SMC32 arguments truncated to 32
 * bits. A refused call performs no operation at all, and a vCPU is never
 * started twice.
 */
#include <string.h>

#include "arch/arm64/hypercall.h"
#include "arch/arm64/psci_core.h"
#include "common/compiler.h"
#include "common/errno.h"
#include "tests/fuzz/fuzz_util.h"

#define NV 8

enum { OFF, PENDING, ON };

static unsigned int power[NV];
static int refuse_next;          /* the next start fails with this */
static struct {
	unsigned int on, aff, off, sysoff, reset;
	unsigned int vcpu;
	uint64_t entry, context;
} seen;

static int m_cpu_on(void *ctx, unsigned int v, uint64_t entry, uint64_t context)
{
	(void)ctx;
	seen.on++;
	seen.vcpu = v;
	seen.entry = entry;
	seen.context = context;
	FUZZ_CHECK(v < NV, "start of vCPU %u", v);
	if (refuse_next)
		return refuse_next;
	if (power[v] != OFF)
		return -EALREADY;
	power[v] = PENDING;
	return 0;
}

static int m_affinity(void *ctx, unsigned int v)
{
	(void)ctx;
	seen.aff++;
	seen.vcpu = v;
	FUZZ_CHECK(v < NV, "affinity of vCPU %u", v);
	return power[v] == OFF ? PSCI_AFF_OFF : power[v] == PENDING
		? PSCI_AFF_ON_PENDING : PSCI_AFF_ON;
}

static void m_cpu_off(void *ctx)
{
	(void)ctx;
	seen.off++;
}

static void m_system_off(void *ctx)
{
	(void)ctx;
	seen.sysoff++;
}

static void m_system_reset(void *ctx)
{
	(void)ctx;
	seen.reset++;
}

static const struct psci_ops ops = { m_cpu_on, m_affinity, m_cpu_off,
				     m_system_off, m_system_reset, NULL };

/* PSCI_FEATURES from the specification's list of what zarm offers. */
static bool ref_feature(uint64_t f)
{
	static const uint64_t offered[] = {
		0x84000000, 0x84000002, 0x84000003, 0xC4000003, 0x84000004,
		0xC4000004, 0x84000006, 0x84000008, 0x84000009, 0x8400000A,
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(offered); i++)
		if (f == offered[i])
			return true;
	return false;
}

static uint64_t pick_fn(struct fz_in *in)
{
	static const uint64_t fns[] = {
		0x84000000, 0x84000001, 0x84000002, 0x84000003, 0xC4000003,
		0x84000004, 0xC4000004, 0x84000005, 0x84000006, 0x84000007,
		0x84000008, 0x84000009, 0x8400000A, 0x8400000C, 0xC400000E,
		0x8400001f, 0xC4000000, 0x84000020, ZARM_HC_NULL,
		ZARM_HC_TEST_SPI_LEVEL, SMCCC_VERSION, 0x80000001, 0x84000063,
	};
	uint8_t k = fz_u8(in);

	if (k < 224)
		return fns[k % ARRAY_SIZE(fns)] |
		       ((k & 0x80) ? (uint64_t)fz_u8(in) << 32 : 0);
	return fz_val64(in);
}

static uint64_t pick_arg(struct fz_in *in, uint64_t base, uint64_t size)
{
	uint8_t k = fz_u8(in);

	switch (k % 6) {
	case 0: return k >> 3;                         /* a vCPU, a level */
	case 1: return base + (fz_u32(in) % (size + 2)) - 1; /* RAM edges */
	case 2: return base + size - (k >> 3);
	case 3: return (uint64_t)fz_u8(in) << 32 | (k >> 3); /* high bits */
	default: return fz_val64(in);
	}
}

static void one_call(const struct psci_vm *vm, struct fz_in *in)
{
	uint64_t x[4], a[4], want = 0;
	bool smc32, exits, ran, want_exit = false;
	unsigned int want_on = 0, want_aff = 0, want_off = 0, want_sysoff = 0,
		     want_reset = 0, before[NV];
	enum smccc_service route;

	x[0] = pick_fn(in);
	for (int i = 1; i < 4; i++)
		x[i] = pick_arg(in, vm->ram_base, vm->ram_size);
	refuse_next = (fz_u8(in) & 0xf) == 0 ? -ENOMEM : 0;
	route = smccc_route(x[0]);
	FUZZ_CHECK(route == (x[0] == ZARM_HC_NULL ? SMCCC_ZARM_NULL :
			     (x[0] >> 32 == 0 && (x[0] & 0xbfffffe0u) == 0x84000000u)
			     ? SMCCC_PSCI : x[0] == ZARM_HC_TEST_SPI_LEVEL
			     ? SMCCC_ZARM_TEST_SPI : x[0] == SMCCC_VERSION
			     ? SMCCC_VERSION_CALL : SMCCC_UNKNOWN),
		   "route of %#llx: %d", (unsigned long long)x[0], route);
	if (route != SMCCC_PSCI)
		return;

	/* The reference, from the specification. */
	smc32 = !(x[0] & 0x40000000u);
	memcpy(a, x, sizeof(a));
	if (smc32)
		a[1] &= 0xffffffffu, a[2] &= 0xffffffffu, a[3] &= 0xffffffffu;
	memcpy(before, power, sizeof(before));
	switch (a[0]) {
	case 0x84000000: want = 0x10001; break;
	case 0x8400000A: want = ref_feature(a[1]) ? 0 : (uint64_t)-1; break;
	case 0x84000006: want = 2; break;
	case 0x84000003: case 0xC4000003:
		if (a[1] >= vm->nr_vcpus)
			want = (uint64_t)PSCI_RET_INVALID_PARAMS;
		else if (a[2] < vm->ram_base || a[2] >= vm->ram_base + vm->ram_size)
			want = (uint64_t)PSCI_RET_INVALID_ADDRESS;
		else {
			want_on = 1;
			want = refuse_next ? (uint64_t)PSCI_RET_DENIED :
			       power[a[1]] != OFF ? (uint64_t)PSCI_RET_ALREADY_ON : 0;
		}
		break;
	case 0x84000004: case 0xC4000004:
		if (a[1] >= vm->nr_vcpus || a[2] != 0) {
			want = (uint64_t)PSCI_RET_INVALID_PARAMS;
		} else {
			want_aff = 1;
			want = power[a[1]] == OFF ? 1 : power[a[1]] == PENDING ? 2 : 0;
		}
		break;
	case 0x84000002: want_off = 1, want_exit = true; break;
	case 0x84000008: want_sysoff = 1, want_exit = true; break;
	case 0x84000009: want_reset = 1, want_exit = true; break;
	default: want = (uint64_t)-1; break;
	}

	memset(&seen, 0, sizeof(seen));
	exits = psci_handle(vm, &ops, x);
	FUZZ_CHECK(exits == want_exit, "fn %#llx: exit %d", (unsigned long long)a[0], exits);
	FUZZ_CHECK(x[0] == (want_exit ? a[0] : want), "fn %#llx: answer %#llx, want %#llx",
		   (unsigned long long)a[0], (unsigned long long)x[0],
		   (unsigned long long)want);
	FUZZ_CHECK(x[1] == a[1] && x[2] == a[2] && x[3] == a[3],
		   "arguments left %#llx %#llx %#llx", (unsigned long long)x[1],
		   (unsigned long long)x[2], (unsigned long long)x[3]);
	FUZZ_CHECK(seen.on == want_on && seen.aff == want_aff &&
		   seen.off == want_off && seen.sysoff == want_sysoff &&
		   seen.reset == want_reset, "fn %#llx: operations %u %u %u %u %u",
		   (unsigned long long)a[0], seen.on, seen.aff, seen.off,
		   seen.sysoff, seen.reset);
	if (want_on)
		FUZZ_CHECK(seen.vcpu == a[1] && seen.entry == a[2] &&
			   seen.context == a[3], "CPU_ON passed other arguments");
	if (want_aff)
		FUZZ_CHECK(seen.vcpu == a[1], "AFFINITY_INFO of another vCPU");
	ran = want_on && !want;
	for (unsigned int v = 0; v < NV; v++)
		FUZZ_CHECK(power[v] == before[v] || (ran && v == a[1]),
			   "vCPU %u changed state", v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = fz_in(data, size);
	struct psci_vm vm;
	uint8_t shape = fz_u8(&in);

	vm.nr_vcpus = 1 + shape % NV;
	vm.ram_base = (shape & 0x80) ? fz_val64(&in) & ~0xfffULL : 0x40000000;
	vm.ram_size = (uint64_t)(1 + fz_u8(&in)) << ((shape & 0x40) ? 12 : 20);
	if (vm.ram_base + vm.ram_size < vm.ram_base) /* config.c refuses it */
		vm.ram_base = 0;
	memset(power, 0, sizeof(power));
	power[0] = ON;
	for (unsigned int n = 0; n < 64 && !fz_done(&in); n++) {
		uint8_t k = fz_u8(&in);

		if (k < 200) {
			one_call(&vm, &in);
		} else { /* a pending vCPU came up, or one went down */
			unsigned int v = fz_u8(&in) % vm.nr_vcpus;

			power[v] = power[v] == PENDING ? ON : (k & 1) ? OFF : power[v];
		}
	}
	return 0;
}
