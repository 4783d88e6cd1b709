/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small compiler helpers shared by every layer. Only GCC/Clang builtins:
 * nothing here touches the machine, so models stay plain C.
 */
#ifndef ZARM_COMMON_COMPILER_H
#define ZARM_COMMON_COMPILER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define __unused __attribute__((unused))
#define __packed __attribute__((packed))
#define __noreturn __attribute__((noreturn))
#define __printf(f, a) __attribute__((format(printf, f, a)))

/*
 * Overflow-checked arithmetic for guest-supplied offsets and lengths:
 * each returns true when the result did not fit (and *res is then unusable).
 */
#define add_overflows(a, b, res) __builtin_add_overflow(a, b, res)
#define mul_overflows(a, b, res) __builtin_mul_overflow(a, b, res)

/* True when [base, base + len) wraps around the address space. */
static inline bool range_wraps(uint64_t base, uint64_t len)
{
	uint64_t end;

	return add_overflows(base, len, &end);
}

#endif
