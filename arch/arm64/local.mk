# SPDX-License-Identifier: GPL-2.0-only
# arch/arm64: the arm64 machine shell of the hypervisor image.
# Sources go in EXTRA_DIST unconditionally (so the tarball has both arches);
# what the image is made of only when this is the configured target.
ARCH_ARM64_SRCS =
EXTRA_DIST += arch/arm64/README.md $(ARCH_ARM64_SRCS)
if ZARM_ARM64
IMG_ARCH_SRCS = $(ARCH_ARM64_SRCS)
IMG_ARCH_CFLAGS =
IMG_LDSCRIPT = $(top_srcdir)/arch/arm64/zarm.ld
bench-arm64:
	@echo "bench: not yet implemented for arm64" >&2; exit 1
demo-arm64:
	@echo "demo: booting is not yet available for arm64" >&2; exit 1
endif
