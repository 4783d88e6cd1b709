# SPDX-License-Identifier: GPL-2.0-only
# Target selection and the target's cross tools.

# ZARM_NORMALIZE_TARGET: map --target to a Debian cross triplet before
# AC_CANONICAL_TARGET runs. Short forms (aarch64, arm64, s390x) are
# accepted; the default, with no --target, is aarch64.
AC_DEFUN([ZARM_NORMALIZE_TARGET], [
  AS_CASE(["x$target_alias"],
    [x], [target_alias=aarch64-linux-gnu],
    [xaarch64|xarm64|xaarch64-*|xarm64-*], [target_alias=aarch64-linux-gnu],
    [xs390x|xs390x-*], [target_alias=s390x-linux-gnu],
    [AC_MSG_ERROR([unsupported target '$target_alias': use --target=aarch64-linux-gnu (arm64) or --target=s390x-linux-gnu (s390x)])])
  target=$target_alias
  AS_CASE([$target_alias],
    [aarch64-linux-gnu], [ZARM_ARCH=arm64 ZARM_TARGET_DEBARCH=arm64],
    [s390x-linux-gnu], [ZARM_ARCH=s390 ZARM_TARGET_DEBARCH=s390x])
  AC_SUBST([ZARM_ARCH])
  AC_SUBST([ZARM_TARGET_DEBARCH])
])

# ZARM_REQUIRE_TOOL(VAR, PROG, DEBIAN-PACKAGE): a target tool that must exist
# and run; one line naming the package when it does not.
AC_DEFUN([ZARM_REQUIRE_TOOL], [
  AC_CHECK_TARGET_TOOL([$1], [$2], [no])
  AS_IF([test "x$$1" = xno || ! $$1 --version >/dev/null 2>&1],
    [AC_MSG_ERROR([${target_alias}-$2 not found or not working: install Debian package $3 (scripts/setup does)])])
])

AC_DEFUN([ZARM_TARGET_TOOLS], [
  ZARM_REQUIRE_TOOL([TARGET_CC], [gcc], [gcc-$target_alias])
  ZARM_REQUIRE_TOOL([TARGET_OBJCOPY], [objcopy], [binutils-$target_alias])
  ZARM_REQUIRE_TOOL([TARGET_SIZE], [size], [binutils-$target_alias])
  AC_SUBST([TARGET_CC])
  AC_SUBST([TARGET_OBJCOPY])
  AC_SUBST([TARGET_SIZE])
  AM_CONDITIONAL([ZARM_ARM64], [test "x$ZARM_ARCH" = xarm64])
  AM_CONDITIONAL([ZARM_S390], [test "x$ZARM_ARCH" = xs390])

  # The image links Debian's libfdt for the target: multiarch if installed,
  # else the copy scripts/setup extracts from Debian's .deb (multiarch -dev
  # packages cannot be co-installed on a machine with several of them).
  AC_ARG_WITH([deps],
    [AS_HELP_STRING([--with-deps=DIR],
      [where scripts/setup extracted Debian's cross -dev packages @<:@/opt/zarm-deps@:>@])],
    [zarm_deps=$withval], [zarm_deps=/opt/zarm-deps])
  AC_SUBST([zarm_deps])
  AC_MSG_CHECKING([for the target's libfdt.a])
  FDT_TARGET_LIBS=
  FDT_TARGET_CPPFLAGS=
  FDT_TARGET_INCDIR=
  for d in "$zarm_deps/$ZARM_TARGET_DEBARCH/usr" /usr; do
    AS_IF([test -f "$d/lib/$target_alias/libfdt.a" && test -f "$d/include/libfdt.h"],
      [FDT_TARGET_LIBS="$d/lib/$target_alias/libfdt.a"
       FDT_TARGET_INCDIR="$d/include"
       break])
  done
  AS_IF([test -z "$FDT_TARGET_LIBS"],
    [AC_MSG_RESULT([no])
     AC_MSG_ERROR([libfdt.a for $ZARM_TARGET_DEBARCH not found in $zarm_deps/$ZARM_TARGET_DEBARCH or /usr/lib/$target_alias: run scripts/setup (it extracts Debian's libfdt-dev:$ZARM_TARGET_DEBARCH)])])
  AC_MSG_RESULT([$FDT_TARGET_LIBS])
  # A multiarch libfdt-dev keeps its headers in the host's /usr/include,
  # which the image must never search: give it libfdt.h and fdt.h alone.
  AS_IF([test "x$FDT_TARGET_INCDIR" = x/usr/include],
    [mkdir -p target-libfdt &&
     cp /usr/include/libfdt.h /usr/include/fdt.h target-libfdt/ ||
       AC_MSG_ERROR([cannot copy libfdt.h and fdt.h into target-libfdt/])
     FDT_TARGET_INCDIR="`pwd`/target-libfdt"])
  AC_SUBST([FDT_TARGET_LIBS])
  AC_SUBST([FDT_TARGET_INCDIR])

  # Everything built with TARGET_CC (the image, guest payloads, test
  # firmware) is freestanding: -nostdinc, then only the compiler's own
  # headers (stddef.h, stdint.h, stdarg.h, stdbool.h) and, in the image,
  # zarm's libfdt_env.h ahead of the target's libfdt.h; never a C library's
  # or the host's /usr/include.
  AC_MSG_CHECKING([for $TARGET_CC's own include directory])
  TARGET_CC_INCDIR=`$TARGET_CC -print-file-name=include 2>/dev/null`
  AS_IF([test -n "$TARGET_CC_INCDIR" && test -f "$TARGET_CC_INCDIR/stddef.h" &&
         test -f "$TARGET_CC_INCDIR/stdint-gcc.h"],
    [AC_MSG_RESULT([$TARGET_CC_INCDIR])],
    [AC_MSG_RESULT([no])
     AC_MSG_ERROR([$TARGET_CC -print-file-name=include gives no freestanding headers (stddef.h, stdint-gcc.h): reinstall gcc-$target_alias])])
  AC_SUBST([TARGET_CC_INCDIR])
])
