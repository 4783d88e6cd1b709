/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * zarm's console input on s390x: the operator's console commands, which
 * the SCLP hands over as operator-command events (Hercules: a console line
 * starting with '.'), each line routed to the VM with the focus
 * (common/console_in). A line of just three Ctrl-A moves the focus.
 */
#ifndef ZARM_ARCH_S390_HOST_INPUT_H
#define ZARM_ARCH_S390_HOST_INPUT_H

#include <stdint.h>

/*
 * What zarm prints (alone on a Hercules log line) each time it can take
 * the next command line: the SCLP holds one command and a newer one
 * replaces it, so the operator side (zarm-run) sends a line only after
 * this. It is printed once when input starts and after each line taken.
 */
#define HOST_INPUT_ACK "zarm-input-ack"

/* Boot, before the VMs exist: ask the SCLP for operator commands. */
void host_input_enable(void);
/* Every VM exists (big lock held): route input, starting at the VM marked console-input. */
void host_input_start(void);
/* A service signal with external-interruption parameter @param (no locks held). */
void host_input_service_signal(uint32_t param);
/* A VM read its input (big lock held): take a waiting command if it fits now. */
void host_input_poll(void);

#endif
