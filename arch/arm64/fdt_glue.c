/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What Debian's libfdt.a expects from its environment besides the string
 * functions: it is built with the stack protector.
 */
#include "arch/arm64/arm64.h"

unsigned long __stack_chk_guard = 0x7a61726d2d617262UL;
void __stack_chk_fail(void);

void __stack_chk_fail(void)
{
	arm64_hyp_fatal(2, 0, (uint64_t)__builtin_return_address(0), 0);
}
