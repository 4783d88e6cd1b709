/* SPDX-License-Identifier: GPL-2.0-only */
/* zarm's own SCLP requests (boot time only). */
#ifndef ZARM_ARCH_S390_HOST_SCLP_H
#define ZARM_ARCH_S390_HOST_SCLP_H

#include <stdint.h>

struct host_info {
	uint64_t storage;       /* bytes of main storage */
	unsigned int nr_cpus;   /* CPUs installed */
};

/* Read SCP info (waits for the service signal). Returns 0 or -ENODEV. */
int host_sclp_read_info(struct host_info *info);
/* Set zarm's event masks: receive @mask's event types, send none (waits). */
int host_sclp_event_mask(const uint8_t mask[4]);
/* Start a request on @sccb (its service signal comes later): the cc. */
int host_sclp_request(uint32_t cmd, uint8_t *sccb);
/* Called by the external-interruption handler for code 0x2401. */
void host_sclp_service_signal(void);

#endif
