# SPDX-License-Identifier: GPL-2.0-only
# arch/s390: the s390 machine shell of the hypervisor image.
# Sources go in EXTRA_DIST unconditionally (so the tarball has both arches);
# what the image is made of only when this is the configured target.
ARCH_S390_SRCS =
EXTRA_DIST += arch/s390/README.md $(ARCH_S390_SRCS)
if ZARM_S390
IMG_ARCH_SRCS = $(ARCH_S390_SRCS)
IMG_ARCH_CFLAGS =
IMG_LDSCRIPT = $(top_srcdir)/arch/s390/zarm.ld
bench-s390:
	@echo "bench: not yet implemented for s390" >&2; exit 1
demo-s390:
	@echo "demo: booting is not yet available for s390" >&2; exit 1
endif
