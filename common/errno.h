/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Error numbers used across zarm. Functions return 0 or a negative code.
 * The values match Linux's so that host unit tests, which also see the C
 * library's <errno.h>, agree with the freestanding image.
 */
#ifndef ZARM_COMMON_ERRNO_H
#define ZARM_COMMON_ERRNO_H

#ifndef EPERM
#define EPERM 1
#endif
#ifndef EINTR
#define EINTR 4
#endif
#ifndef ENOENT
#define ENOENT 2
#endif
#ifndef E2BIG
#define E2BIG 7
#endif
#ifndef EAGAIN
#define EAGAIN 11
#endif
#ifndef ENOMEM
#define ENOMEM 12
#endif
#ifndef EACCES
#define EACCES 13
#endif
#ifndef EFAULT
#define EFAULT 14
#endif
#ifndef EBUSY
#define EBUSY 16
#endif
#ifndef EEXIST
#define EEXIST 17
#endif
#ifndef ENODEV
#define ENODEV 19
#endif
#ifndef EINVAL
#define EINVAL 22
#endif
#ifndef ENOSPC
#define ENOSPC 28
#endif
#ifndef ERANGE
#define ERANGE 34
#endif
#ifndef ENODATA
#define ENODATA 61
#endif
#ifndef EOVERFLOW
#define EOVERFLOW 75
#endif
#ifndef EOPNOTSUPP
#define EOPNOTSUPP 95
#endif
#ifndef EALREADY
#define EALREADY 114
#endif
#ifndef ECANCELED
#define ECANCELED 125
#endif

#endif
