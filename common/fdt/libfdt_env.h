/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libfdt's environment for the freestanding image.
 *
 * libfdt.h starts with #include <libfdt_env.h>. The copy Debian ships with
 * libfdt-dev includes <stdlib.h> and <string.h>, which a freestanding image
 * has no business reaching: they belong to a C library (and to the host's,
 * on a build machine without the target's libc headers). The image builds
 * with -nostdinc and puts this directory ahead of libfdt's own, so libfdt.h
 * finds this file instead: fixed-width types from the compiler's own
 * <stdint.h>/<stddef.h>, libfdt's big-endian types and their conversions,
 * and the string functions from zarm's common/string.h (which libfdt.a
 * links against too). Host unit tests keep the host's libfdt_env.h.
 */
#ifndef LIBFDT_ENV_H
#define LIBFDT_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/string.h"

/* Sparse annotations in Debian's header; nothing here checks them. */
#define FDT_FORCE
#define FDT_BITWISE

/* Device-tree cells are big-endian whatever the CPU's byte order. */
typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define ZARM_FDT_BE16(x) ((uint16_t)(x))
#define ZARM_FDT_BE32(x) ((uint32_t)(x))
#define ZARM_FDT_BE64(x) ((uint64_t)(x))
#elif __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ZARM_FDT_BE16(x) __builtin_bswap16(x)
#define ZARM_FDT_BE32(x) __builtin_bswap32(x)
#define ZARM_FDT_BE64(x) __builtin_bswap64(x)
#else
#error "libfdt_env.h: unknown byte order"
#endif

static inline uint16_t fdt16_to_cpu(fdt16_t x) { return ZARM_FDT_BE16(x); }
static inline fdt16_t cpu_to_fdt16(uint16_t x) { return ZARM_FDT_BE16(x); }
static inline uint32_t fdt32_to_cpu(fdt32_t x) { return ZARM_FDT_BE32(x); }
static inline fdt32_t cpu_to_fdt32(uint32_t x) { return ZARM_FDT_BE32(x); }
static inline uint64_t fdt64_to_cpu(fdt64_t x) { return ZARM_FDT_BE64(x); }
static inline fdt64_t cpu_to_fdt64(uint64_t x) { return ZARM_FDT_BE64(x); }

#undef ZARM_FDT_BE16
#undef ZARM_FDT_BE32
#undef ZARM_FDT_BE64

#endif
