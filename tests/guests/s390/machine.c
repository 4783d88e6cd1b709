/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the VM sees of the machine: STIDP, STSI, STFLE and PTFF as a VM
 * should see them (zarm's answers where Hercules intercepts them).
 */
#include "tests/guests/s390/rt.h"

static uint8_t sysib[4096] __attribute__((aligned(4096)));

static int stsi(uint64_t fc_sel1, uint64_t sel2, void *buf, uint64_t *gr0)
{
	register uint64_t r0 asm("0") = fc_sel1;
	register uint64_t r1 asm("1") = sel2;
	int cc;

	asm volatile("stsi 0(%3)\n\tipm %0\n\tsrl %0,28"
		     : "=d"(cc), "+d"(r0), "+d"(r1) : "a"(buf) : "cc", "memory");
	*gr0 = r0;
	return cc;
}

/* PTFF function @fc with parameter block @blk: the condition code. */
static int ptff(unsigned int fc, void *blk)
{
	register uint64_t r0 asm("0") = fc;
	register void *r1 asm("1") = blk;
	int cc;

	asm volatile(".insn e,0x0104\n\tipm %0\n\tsrl %0,28"
		     : "=d"(cc) : "d"(r0), "d"(r1) : "cc", "memory");
	return cc;
}

int main(void)
{
	uint64_t blk[4] = { 0 };
	uint64_t id = 0, gr0 = 0, fac[4] = { 0 };
	register uint64_t r0 asm("0") = 3;
	int cc;

	rt_plan(11);
	asm volatile("stidp %0" : "=Q"(id));
	rt_ok((id >> 56) == 0xff, "STIDP: version 0xff (virtual CPU), id %016lx",
	      (unsigned long)id);
	cc = stsi(0, 0, sysib, &gr0);
	rt_ok(cc == 0 && (gr0 >> 28 & 15) == 3,
	      "STSI 0: current level 3, a VM (cc %d, GR0 %lx)", cc, (unsigned long)gr0);
	cc = stsi(1ULL << 28 | 1, 1, sysib, &gr0);
	rt_ok(cc == 0 && sysib[32] == 0xe9, "STSI 1.1.1: manufacturer ZARM (cc %d, %02x)",
	      cc, sysib[32]);
	cc = stsi(3ULL << 28 | 2, 2, sysib, &gr0);
	rt_ok(cc == 0 && sysib[31] == 1, "STSI 3.2.2: one VM description (cc %d)", cc);
	asm volatile(".insn s,0xb2b00000,%1\n\tipm %0\n\tsrl %0,28"
		     : "=d"(cc), "=Q"(fac), "+d"(r0) : : "cc", "memory");
	rt_ok((cc == 0 || cc == 3) && (fac[0] >> 62 & 1),
	      "STFLE: facility 1 (z/Architecture) installed (cc %d, %016lx)",
	      cc, (unsigned long)fac[0]);
	{
		uint16_t addr = 0xffff;
		uint32_t prefix = 0xffffffff, newp = 0x8000, back = 0;

		asm volatile("stap %0" : "=Q"(addr));
		rt_ok(addr == 0, "STAP: CPU address 0 in this VM (%u)", addr);
		asm volatile("stpx %0" : "=Q"(prefix));
		rt_ok(prefix == 0, "STPX: prefix 0 (%x)", prefix);
		/* Move the prefix page and back; lowcore contents travel along. */
		for (unsigned int i = 0; i < 0x2000; i += 8)
			*(volatile uint64_t *)(unsigned long)(newp + i) =
				*(volatile uint64_t *)(unsigned long)i;
		asm volatile("spx %0" : : "Q"(newp) : "memory");
		asm volatile("stpx %0" : "=Q"(prefix));
		asm volatile("spx %0" : : "Q"(back) : "memory");
		rt_ok(prefix == newp, "SPX then STPX: prefix %x", prefix);
	}
	cc = ptff(0, blk);
	rt_ok(cc == 0 && (blk[0] >> 60) == 0xd,
	      "PTFF QAF: query functions 0, 1 and 3 available (cc %d, %016lx)",
	      cc, (unsigned long)blk[0]);
	cc = ptff(1, blk);
	rt_ok(cc == 0 && blk[0] != 0, "PTFF QTO: the physical clock runs (cc %d)", cc);
	cc = ptff(0x44, blk);
	rt_ok(cc == 3, "PTFF set function: not available (cc %d)", cc);
	return (int)rt_failures();
}
