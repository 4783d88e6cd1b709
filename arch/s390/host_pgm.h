/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Program checks on a host CPU that belong to a guest: one SIE raised
 * while it interpreted the guest (host DAT or storage-key trouble: the
 * old PSW is at the SIE instruction or right after it), or one in zarm's
 * own code while it handled that guest's interception. Either ends that
 * VM alone, with a report; zarm and every other VM carry on.
 */
#ifndef ZARM_ARCH_S390_HOST_PGM_H
#define ZARM_ARCH_S390_HOST_PGM_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/s390/cpu.h"
#include "arch/s390/s390.h"

/*
 * Called by the program-check handler before it gives up: true if the
 * program check was a guest's and *@old / @regs now resume zarm.
 */
bool host_pgm_claim(struct psw *old, uint64_t *regs, unsigned int code);

/*
 * Arm the recovery point for @v on this CPU (a setjmp: returns 0 now, 1
 * when a program check in zarm came back here; the caller then ends the
 * VM with host_pgm_end_vm()).
 */
int host_pgm_recover_point(uint64_t *buf) __attribute__((returns_twice));
void host_pgm_working_for(struct s390_cpu *c, struct s390_vcpu *v);

/* After SIE: if SIE raised a program check for @v, end its VM (true). */
bool host_pgm_after_sie(struct s390_cpu *c, struct s390_vcpu *v);
/* After a recovery: end @v's VM as failed, saying why. */
void host_pgm_end_vm(struct s390_cpu *c, struct s390_vcpu *v);

#endif
