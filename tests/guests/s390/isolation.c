/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Storage isolation: every access at or beyond the VM's storage size is an
 * addressing exception (code 5) in the guest, however far out; storage
 * inside stays usable. Run with mem=16M.
 */
#include "tests/guests/s390/rt.h"

#define MEM (16ULL << 20)
#define PGM_ADDRESSING 5

int main(void)
{
	static const uint64_t outside[] = {
		MEM, MEM + 8, MEM + (1ULL << 20), 0x7ff00000ULL,
		1ULL << 32, 0x7ffffffffffff000ULL, 0xfffffffffffff000ULL,
	};
	unsigned int code;

	rt_plan(4 + 2 * (sizeof(outside) / sizeof(outside[0])));
	code = rt_probe_read(MEM - 8);
	rt_ok(code == 0, "read of the last doubleword inside the VM (code %u)", code);
	code = rt_probe_write(MEM - 8);
	rt_ok(code == 0 && *(volatile uint64_t *)(MEM - 8) == 0x5a,
	      "write of the last doubleword inside the VM (code %u)", code);
	for (unsigned int i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		code = rt_probe_read(outside[i]);
		rt_ok(code == PGM_ADDRESSING, "read at 0x%lx: addressing exception (code %u)",
		      (unsigned long)outside[i], code);
		code = rt_probe_write(outside[i]);
		rt_ok(code == PGM_ADDRESSING, "write at 0x%lx: addressing exception (code %u)",
		      (unsigned long)outside[i], code);
	}
	/* zarm's console hypercall refuses a buffer outside the VM. */
	rt_ok(rt_hypercall(ZARM_HC_CONSOLE_WRITE, MEM - 4, 8) == -14,
	      "console write crossing the end of storage: -EFAULT");
	rt_ok(rt_last_pgm.count >= 14, "the guest took %u program interruptions and runs on",
	      rt_last_pgm.count);
	return (int)rt_failures();
}
