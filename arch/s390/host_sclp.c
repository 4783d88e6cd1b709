/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host's own use of the SCLP: read SCP info once at boot to learn the
 * storage size and the CPUs, the event mask that asks for console input,
 * and (host_input.c) the requests that read that input. The request completes with a service-signal
 * external interruption, which zarm waits for in an enabled wait.
 */
#include "arch/s390/host_sclp.h"

#include <stdint.h>

#include "arch/s390/cpu.h"
#include "common/errno.h"

#define SCLP_READ_SCP_INFO 0x00020001u
#define SCLP_READ_SCP_INFO_FORCED 0x00120001u

static uint8_t sccb[4096] __attribute__((aligned(4096)));
static volatile int service_signals;

void host_sclp_service_signal(void)
{
	service_signals++;
}

static int servc(uint32_t cmd, void *buf)
{
	int cc;

	asm volatile(".insn rre,0xb2200000,%1,%2\n\tipm %0\n\tsrl %0,28"
		     : "=d"(cc)
		     : "d"((uint64_t)cmd), "a"((uint64_t)(uintptr_t)buf)
		     : "cc", "memory");
	return cc;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

int host_sclp_request(uint32_t cmd, uint8_t *buf)
{
	return servc(cmd, buf);
}

int host_sclp_event_mask(const uint8_t mask[4])
{
	uint64_t cr0 = cpu_get_cr(0);
	int seen = service_signals, ret = -ENODEV;

	for (unsigned int j = 0; j < 32; j++)
		sccb[j] = 0;
	sccb[1] = 28;		/* header, 2 reserved, length 4, four masks */
	sccb[11] = 4;
	for (unsigned int j = 0; j < 4; j++)
		sccb[12 + j] = mask[j];		/* what zarm receives */
	cpu_set_cr0(cr0 | 0x200);
	if (servc(0x00780005u, sccb) == 0) {
		while (service_signals == seen)
			cpu_enabled_wait();
		if (be16(sccb + 6) == 0x0020)
			ret = 0;
	}
	cpu_set_cr0(cr0);
	return ret;
}

int host_sclp_read_info(struct host_info *info)
{
	static const uint32_t cmds[] = { SCLP_READ_SCP_INFO,
					 SCLP_READ_SCP_INFO_FORCED };
	uint64_t cr0 = cpu_get_cr(0);

	cpu_set_cr0(cr0 | 0x200); /* service-signal subclass */
	for (unsigned int i = 0; i < 2; i++) {
		int seen = service_signals;
		uint64_t rnmax, rnsize;

		for (unsigned int j = 0; j < sizeof(sccb); j++)
			sccb[j] = 0;
		sccb[0] = sizeof(sccb) >> 8; /* length 4096 */
		sccb[1] = 0;
		if (servc(cmds[i], sccb) != 0)
			continue;
		while (service_signals == seen)
			cpu_enabled_wait();
		if (be16(sccb + 6) != 0x0010)
			continue;
		rnmax = be16(sccb + 8);
		if (!rnmax)
			rnmax = be64(sccb + 104);
		rnsize = sccb[10];
		if (!rnsize)
			rnsize = be32(sccb + 100);
		info->storage = rnmax * rnsize << 20;
		info->nr_cpus = be16(sccb + 16);
		cpu_set_cr0(cr0);
		return 0;
	}
	cpu_set_cr0(cr0);
	return -ENODEV;
}
