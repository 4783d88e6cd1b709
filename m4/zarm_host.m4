# SPDX-License-Identifier: GPL-2.0-only
# What the unit tests on --host need: libcheck and libfdt, and qemu-user when
# the host is not the build machine.

AC_DEFUN([ZARM_HOST_TEST_DEPS], [
  AS_CASE([$host_cpu],
    [aarch64], [zarm_host_debarch=arm64 zarm_host_triplet=aarch64-linux-gnu zarm_qemu_user=qemu-aarch64],
    [s390x], [zarm_host_debarch=s390x zarm_host_triplet=s390x-linux-gnu zarm_qemu_user=qemu-s390x],
    [x86_64], [zarm_host_debarch=amd64 zarm_host_triplet=x86_64-linux-gnu zarm_qemu_user=qemu-x86_64],
    [AC_MSG_ERROR([unsupported unit-test host '$host': use the build machine, --host=aarch64-linux-gnu or --host=s390x-linux-gnu])])

  LOG_COMPILER=
  AS_IF([test "x$cross_compiling" = xyes], [
    # Cross unit tests: Debian's check and libfdt for that architecture,
    # linked statically (qemu-user with dynamic cross binaries misbehaves:
    # see shared/EMULATORS.md), run through qemu-user.
    AC_PATH_PROG([QEMU_USER], [$zarm_qemu_user], [no])
    AS_IF([test "x$QEMU_USER" = xno],
      [AC_MSG_ERROR([$zarm_qemu_user not found: install Debian package qemu-user (scripts/setup does)])])
    LOG_COMPILER=$QEMU_USER
    zarm_hd=
    for d in "$zarm_deps/$zarm_host_debarch/usr" /usr; do
      AS_IF([test -f "$d/lib/$zarm_host_triplet/libcheck.a" && test -f "$d/lib/$zarm_host_triplet/libfdt.a"],
        [zarm_hd=$d; break])
    done
    AS_IF([test -z "$zarm_hd"],
      [AC_MSG_ERROR([check and libfdt for $zarm_host_debarch not found in $zarm_deps/$zarm_host_debarch: run scripts/setup (it extracts Debian's check:$zarm_host_debarch and libfdt-dev:$zarm_host_debarch)])])
    CHECK_CFLAGS="-idirafter $zarm_hd/include -pthread"
    CHECK_LIBS="$zarm_hd/lib/$zarm_host_triplet/libcheck.a $zarm_hd/lib/$zarm_host_triplet/libsubunit.a -lm -lrt -pthread"
    FDT_HOST_CPPFLAGS="-idirafter $zarm_hd/include"
    FDT_HOST_LIBS="$zarm_hd/lib/$zarm_host_triplet/libfdt.a"
    HOST_TEST_LDFLAGS=-static
  ], [
    PKG_CHECK_MODULES([CHECK], [check >= 0.10], [],
      [AC_MSG_ERROR([libcheck not found: install Debian package check (scripts/setup does)])])
    AC_CHECK_HEADER([libfdt.h], [],
      [AC_MSG_ERROR([libfdt.h not found: install Debian package libfdt-dev (scripts/setup does)])])
    AC_CHECK_LIB([fdt], [fdt_check_header], [FDT_HOST_LIBS=-lfdt],
      [AC_MSG_ERROR([libfdt not found: install Debian package libfdt-dev (scripts/setup does)])])
    FDT_HOST_CPPFLAGS=
    HOST_TEST_LDFLAGS=
  ])
  AC_SUBST([LOG_COMPILER])
  AC_SUBST([CHECK_CFLAGS])
  AC_SUBST([CHECK_LIBS])
  AC_SUBST([FDT_HOST_CPPFLAGS])
  AC_SUBST([FDT_HOST_LIBS])
  AC_SUBST([HOST_TEST_LDFLAGS])
])

# Emulators that boot the target's guests; guest tests are skipped (not
# failed) without them, and configure says so.
AC_DEFUN([ZARM_EMULATORS], [
  AC_PATH_PROG([QEMU_AARCH64], [qemu-system-aarch64], [])
  AC_PATH_PROG([HERCULES], [hercules], [])
  AC_PATH_PROG([DTC], [dtc], [])
  AS_IF([test -z "$DTC"],
    [AC_MSG_ERROR([dtc not found: install Debian package device-tree-compiler (scripts/setup does)])])
  AM_CONDITIONAL([HAVE_QEMU_AARCH64], [test -n "$QEMU_AARCH64"])
  AM_CONDITIONAL([HAVE_HERCULES], [test -n "$HERCULES"])
  AS_IF([test "x$ZARM_ARCH" = xarm64 && test -z "$QEMU_AARCH64"],
    [AC_MSG_WARN([qemu-system-aarch64 not found: arm64 guest tests will not run (Debian package qemu-system-arm)])])
  AS_IF([test "x$ZARM_ARCH" = xs390 && test -z "$HERCULES"],
    [AC_MSG_WARN([hercules not found: s390x guest tests will not run (Debian package hercules)])])
])
