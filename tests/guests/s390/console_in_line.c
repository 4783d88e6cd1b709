/* SPDX-License-Identifier: GPL-2.0-only */
/* console_in.c receiving operator commands (line mode) instead of VT220 data. */
#define LINE_MODE 1
#include "tests/guests/s390/console_in.c"
