/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared between irq/s390_irq.c and irq/s390_deliver.c only: how the
 * interruption kinds map onto irq_queue ids. Not an interface for anyone
 * else (the public one is irq/s390_irq.h).
 */
#ifndef ZARM_IRQ_S390_IRQ_INTERNAL_H
#define ZARM_IRQ_S390_IRQ_INTERNAL_H

#include "irq/s390_irq.h"

/* Local queue ids: one per kind, one emergency id per source address. */
enum {
	S390_L_MCHK_EX = 0,
	S390_L_SVC,
	S390_L_PGM,
	S390_L_MCHK,
	S390_L_EXT_CALL,
	S390_L_CKC,
	S390_L_CPU_TIMER,
	S390_L_RESTART,
	S390_L_STOP,
	S390_L_PREFIX,
	S390_L_EMERG0,
	S390_L_NR = S390_L_EMERG0 + S390_IRQ_MAX_VCPUS,
};

/* Floating queue ids: the service signal, then virtio and I/O slots. */
enum {
	S390_F_SERVICE = 0,
	S390_F_VIRTIO0,
	S390_F_IO0 = S390_F_VIRTIO0 + S390_IRQ_VIRTIO_SLOTS,
	S390_F_NR = S390_F_IO0 + S390_IRQ_IO_SLOTS,
};

/* Kind of local id @id. */
enum s390_irq_type s390_local_type(unsigned int id);

/* Kind of floating id @id, and its ISC (I/O only, else 0). */
enum s390_irq_type s390_floating_type(const struct s390_irq_vm *vm,
				      unsigned int id, unsigned int *isc);

#endif
