/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target for SIGNAL PROCESSOR (arch/s390/sigp_core.c, built on
 * the build machine): a VM of 1-8 vCPUs in any mix of states (stopped,
 * runnable, waiting, dead; state description live on another host CPU or
 * not; external call pending or not) and storage of 64 KiB-16 MiB, and a
 * sequence of SIGP instructions with any IPA/IPB and register contents:
 * every order code (defined or not), any parameter, any CPU address.
 *
 * After every instruction:
 *  - the decoded operands are the instruction's (order = low 8 bits of
 *    B2 + D2, parameter = R1|1, CPU address = low 16 bits of R3);
 *  - the condition code and status equal a reference written here from
 *    the Principles of Operation's SIGP chapter (and zarm's documented
 *    choices: busy while the target runs elsewhere, dead CPUs);
 *  - nothing happens to any vCPU but the addressed one, nothing at all for
 *    cc 3 or SET ARCHITECTURE, and the target's state afterwards is the
 *    reference's;
 *  - a prefix is only set on a stopped vCPU, 8 KiB aligned, below 2 GiB
 *    and inside storage; status is only stored inside storage.
 */
#include <string.h>

#include "arch/s390/sigp_core.h"
#include "tests/fuzz/fuzz_util.h"

#define NV 8

static struct {
	unsigned int nr;
	uint64_t storage;
	enum sigp_cpu_state st[NV];
	bool on_cpu[NV], pending[NV], store_on[NV];
	uint32_t prefix[NV];
	/* what the operations did */
	unsigned int touched;   /* bit per vCPU an operation named */
	unsigned int calls;
	bool restarted, reset, initial_reset, stored, prefixed;
} M;

static void touch(unsigned int cpu)
{
	FUZZ_CHECK(cpu < M.nr, "operation on CPU %u of %u", cpu, M.nr);
	M.touched |= 1u << cpu;
	M.calls++;
}

static enum sigp_cpu_state m_state(void *c, unsigned int cpu)
{
	(void)c;
	FUZZ_CHECK(cpu < M.nr, "state of CPU %u", cpu);
	return M.st[cpu];
}

static void m_set_state(void *c, unsigned int cpu, enum sigp_cpu_state s)
{
	(void)c;
	touch(cpu);
	FUZZ_CHECK(s == SIGP_CPU_STOPPED || s == SIGP_CPU_RUNNABLE, "state %d", s);
	M.st[cpu] = s;
}

static bool m_on_cpu(void *c, unsigned int cpu)
{
	(void)c;
	FUZZ_CHECK(cpu < M.nr, "on_cpu of %u", cpu);
	return M.on_cpu[cpu];
}

static bool m_pending(void *c, unsigned int cpu)
{
	(void)c;
	FUZZ_CHECK(cpu < M.nr, "pending of %u", cpu);
	return M.pending[cpu];
}

static int m_ext_call(void *c, unsigned int src, unsigned int dst, uint32_t *st)
{
	(void)c;
	FUZZ_CHECK(src < M.nr, "source %u", src);
	touch(dst);
	if (M.pending[dst]) {
		*st = SIGP_ST_EXT_CALL_PENDING;
		return 1;
	}
	M.pending[dst] = true;
	return 0;
}

static int m_emergency(void *c, unsigned int src, unsigned int dst, uint32_t *st)
{
	(void)c;
	(void)st;
	FUZZ_CHECK(src < M.nr, "source %u", src);
	touch(dst);
	return 0;
}

static void m_restart(void *c, unsigned int cpu)
{
	(void)c;
	touch(cpu);
	M.restarted = true;
}

static void m_initial_reset(void *c, unsigned int cpu)
{
	(void)c;
	touch(cpu);
	M.initial_reset = true;
	M.prefix[cpu] = 0;
}

static void m_reset(void *c, unsigned int cpu)
{
	(void)c;
	touch(cpu);
	M.reset = true;
	M.pending[cpu] = false;
}

static bool m_store_pending(void *c, unsigned int cpu)
{
	(void)c;
	FUZZ_CHECK(cpu < M.nr, "store pending of %u", cpu);
	return M.store_on[cpu];
}

static void m_store_when_stopped(void *c, unsigned int cpu)
{
	(void)c;
	touch(cpu);
	FUZZ_CHECK(M.on_cpu[cpu], "a later store for a vCPU not in SIE");
	M.store_on[cpu] = true;
}

static void m_store_stopped(void *c, unsigned int cpu)
{
	(void)c;
	touch(cpu);
	FUZZ_CHECK(M.st[cpu] == SIGP_CPU_STOPPED, "status stored of a vCPU in state %d",
		   M.st[cpu]);
	M.stored = true;
}

static bool m_set_prefix(void *c, unsigned int cpu, uint32_t p)
{
	(void)c;
	touch(cpu);
	FUZZ_CHECK(M.st[cpu] == SIGP_CPU_STOPPED || M.st[cpu] == SIGP_CPU_DEAD,
		   "prefix of a running CPU");
	FUZZ_CHECK((p & ~0x7fffe000u) == 0, "prefix %#x", p);
	if ((uint64_t)p + 0x2000 > M.storage)
		return false;
	M.prefix[cpu] = p;
	M.prefixed = true;
	return true;
}

static bool m_store_status(void *c, unsigned int cpu, uint64_t addr)
{
	(void)c;
	touch(cpu);
	if (addr + 0x200 > M.storage)
		return false;
	M.stored = true;
	return true;
}

static const struct sigp_ops ops = {
	m_state, m_set_state, m_on_cpu, m_pending, m_ext_call, m_emergency,
	m_restart, m_initial_reset, m_reset, m_store_pending,
	m_store_when_stopped, m_store_stopped, m_set_prefix, m_store_status,
	NULL,
};

struct ref {
	int cc;
	uint32_t status;
	enum sigp_cpu_state st;   /* the target's state afterwards */
	bool stored;              /* status stored at absolute 0x1200 now */
	bool store_later;         /* ... by the CPU running it, when it left */
};

/* SIGP by the Principles of Operation, with zarm's documented choices. */
static struct ref reference(unsigned int self, unsigned int ord,
			    uint64_t param, uint64_t addr)
{
	struct ref r = { 0, 0, SIGP_CPU_STOPPED, false, false };
	unsigned int t = (unsigned int)addr;
	bool stopped, busy, live;

	if (ord == 0x12) { /* SET ARCHITECTURE: z/Architecture already */
		if ((param & 0xff) != 1 && (param & 0xff) != 2)
			r.cc = 1, r.status = 0x100;
		return r;
	}
	if (addr >= M.nr) {
		r.cc = 3;
		return r;
	}
	r.st = M.st[t];
	/* A vCPU in SIE elsewhere is not stopped yet, whatever is coming. */
	live = t != self && M.on_cpu[t];
	stopped = !live && (r.st == SIGP_CPU_STOPPED || r.st == SIGP_CPU_DEAD);
	if (ord == 0x09 && live) { /* accepted, stored once it has left */
		if (M.store_on[t])
			r.cc = 2;
		else if (r.st != SIGP_CPU_DEAD)
			r.st = SIGP_CPU_STOPPED, r.store_later = true;
		return r;
	}
	if (ord == 0x0e && !stopped) {
		r.cc = 1, r.status = 0x200;
		return r;
	}
	busy = live && (ord == 0x0b || ord == 0x0c || ord == 0x0d);
	if (busy) {
		r.cc = 2;
		return r;
	}
	switch (ord) {
	case 0x01: /* sense */
		r.status = (stopped ? 0x40 : 0) | (M.pending[t] ? 0x80 : 0);
		r.cc = r.status ? 1 : 0;
		break;
	case 0x02: /* external call: one may be pending */
		if (M.pending[t])
			r.cc = 1, r.status = 0x80;
		break;
	case 0x03: /* emergency signal */
		break;
	case 0x04: /* start */
		if (r.st == SIGP_CPU_STOPPED)
			r.st = SIGP_CPU_RUNNABLE;
		break;
	case 0x05: /* stop */
		if (!stopped)
			r.st = SIGP_CPU_STOPPED;
		break;
	case 0x09: /* stop and store status (at absolute 0x1200) */
		if (r.st == SIGP_CPU_DEAD)
			break;
		r.st = SIGP_CPU_STOPPED;
		r.stored = true;
		break;
	case 0x06: /* restart: a dead CPU stays dead */
		if (r.st != SIGP_CPU_DEAD)
			r.st = SIGP_CPU_RUNNABLE;
		break;
	case 0x0b: /* initial CPU reset (of another CPU) */
		if (t != self && r.st != SIGP_CPU_DEAD)
			r.st = SIGP_CPU_STOPPED;
		break;
	case 0x0c: /* CPU reset */
		if (t != self && !stopped)
			r.st = SIGP_CPU_STOPPED;
		break;
	case 0x0d: /* set prefix: stopped, inside storage */
		if (!stopped)
			r.cc = 1, r.status = 0x200;
		else if ((param & 0x7fffe000) + 0x2000 > M.storage)
			r.cc = 1, r.status = 0x100;
		break;
	case 0x0e: /* store status at address (stopped: checked above) */
		if ((param & 0x7ffffe00) + 0x200 > M.storage)
			r.cc = 1, r.status = 0x100;
		break;
	case 0x15: /* sense running status: only the caller runs */
		if (t != self)
			r.cc = 1, r.status = 0x400;
		break;
	default:
		r.cc = 1, r.status = 0x002;
	}
	return r;
}

static void one(struct fz_in *in)
{
	uint64_t g[16];
	uint16_t ipa = fz_u16(in);
	uint32_t ipb = fz_u32(in), status;
	unsigned int self = fz_u8(in) % M.nr, i, ord;
	struct sigp_insn insn;
	struct ref want;
	int cc;

	for (i = 0; i < 16; i++) {
		uint8_t k = fz_u8(in);

		g[i] = (k & 3) == 0 ? k >> 2 : (k & 3) == 1 ? fz_val64(in)
		       : (k & 3) == 2 ? (uint64_t)fz_u8(in) << 12 : (k >> 2) & 7;
	}
	sigp_decode(ipa, ipb, g, &insn);
	ord = (unsigned int)(((ipb >> 28) ? g[ipb >> 28] : 0) + (ipb >> 16 & 0xfff)) & 0xff;
	FUZZ_CHECK(insn.order == ord && insn.r1 == (ipa >> 4 & 15u) &&
		   insn.r3 == (ipa & 15u) &&
		   insn.param == g[(ipa >> 4 & 15) | 1] &&
		   insn.addr == (g[ipa & 15] & 0xffff), "decode");
	want = reference(self, ord, insn.param, insn.addr);
	M.touched = M.calls = 0;
	M.stored = false;
	cc = sigp_execute(&ops, M.nr, self, &insn, &status);
	FUZZ_CHECK(cc == want.cc, "order %#x to %llu: cc %d, want %d", ord,
		   (unsigned long long)insn.addr, cc, want.cc);
	FUZZ_CHECK(cc != 1 || status == want.status,
		   "order %#x: status %#x, want %#x", ord, status, want.status);
	FUZZ_CHECK(cc == 1 || status == 0 || cc == 0,
		   "status %#x with cc %d", status, cc);
	if (cc == 3 || ord == SIGP_SET_ARCH) {
		FUZZ_CHECK(M.calls == 0, "cc %d, yet %u operations", cc, M.calls);
		return;
	}
	FUZZ_CHECK((M.touched & ~(1u << insn.addr)) == 0,
		   "an operation on another vCPU (%#x)", M.touched);
	FUZZ_CHECK(M.st[insn.addr] == want.st, "order %#x: state %d, want %d",
		   ord, M.st[insn.addr], want.st);
	if (ord == SIGP_STOP_STORE) {
		FUZZ_CHECK(M.stored == want.stored, "stop and store: stored %d, want %d",
			   M.stored, want.stored);
		if (want.store_later)
			FUZZ_CHECK(M.store_on[insn.addr], "no store on its way");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = fz_in(data, size);
	uint8_t shape = fz_u8(&in);
	unsigned int i;

	memset(&M, 0, sizeof(M));
	M.nr = 1 + shape % NV;
	M.storage = (uint64_t)(1 + fz_u8(&in)) << ((shape & 0x80) ? 16 : 12);
	for (i = 0; i < M.nr; i++) {
		uint8_t k = fz_u8(&in);

		M.st[i] = (enum sigp_cpu_state)(k & 3);
		M.on_cpu[i] = k & 4;
		M.pending[i] = k & 8;
		M.store_on[i] = M.on_cpu[i] && (k & 0x80);
		M.prefix[i] = (uint32_t)(k >> 4) << 13;
	}
	for (i = 0; i < 32 && !fz_done(&in); i++)
		one(&in);
	return 0;
}
