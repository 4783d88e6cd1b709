/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * zarm's hypercall ABI on s390x (guests use it too: this header has no
 * dependencies). DIAG X'5A0': GR1 = function, GR2.. = arguments, result
 * in GR2 (negative values are -errno). Documented in arch/s390/README.md.
 */
#ifndef ZARM_ARCH_S390_HYPERCALL_H
#define ZARM_ARCH_S390_HYPERCALL_H

#define ZARM_DIAG_HYPERCALL 0x5a0

#define ZARM_HC_NULL 0          /* returns 0: for path-length benchmarks */
#define ZARM_HC_CONSOLE_WRITE 1 /* GR2 = real address, GR3 = length */
#define ZARM_HC_POWER_OFF 2     /* GR2 = status, 0 = success; no return */
#define ZARM_HC_VCPU_INFO 3     /* GR2 <- this vCPU's address, GR3 <- count */
#define ZARM_HC_TRACE 4         /* GR2 = 1: Hercules trace on, 0: off */
#define ZARM_HC_SIE_FLOOR 5     /* bench: re-enter for the next GR2 interceptions, unhandled */

#define ZARM_HC_CONSOLE_MAX 4096
#define ENOSYS_HC 38

#endif
