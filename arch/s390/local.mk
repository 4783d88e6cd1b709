# SPDX-License-Identifier: GPL-2.0-only
# arch/s390: the s390 machine shell of the hypervisor image.
# Sources go in EXTRA_DIST unconditionally (so the tarball has both arches);
# what the image is made of only when this is the configured target.
ARCH_S390_SRCS = arch/s390/head.S arch/s390/sie_entry.S arch/s390/main.c \
	arch/s390/lowcore.c arch/s390/console.c \
	arch/s390/host_sclp.c arch/s390/host_input.c arch/s390/config.c arch/s390/vm.c \
	arch/s390/sie.c arch/s390/sched.c arch/s390/intercept.c \
	arch/s390/diag.c arch/s390/diag_core.c arch/s390/sclp.c arch/s390/sclp_core.c \
	arch/s390/sigp.c arch/s390/sigp_core.c \
	arch/s390/instr.c arch/s390/gaccess.c arch/s390/host_pgm.c \
	arch/s390/skey.c arch/s390/pgm.c arch/s390/topology.c
ARCH_S390_HDRS = arch/s390/config.h arch/s390/console.h arch/s390/cpu.h \
	arch/s390/gaccess.h arch/s390/host_pgm.h arch/s390/host_sclp.h arch/s390/host_input.h \
	arch/s390/hypercall.h arch/s390/layout.h arch/s390/lowcore.h arch/s390/pgm.h arch/s390/s390.h \
	arch/s390/sclp_core.h arch/s390/sigp_core.h arch/s390/diag_core.h arch/s390/sie.h arch/s390/vm.h
EXTRA_DIST += arch/s390/README.md arch/s390/zarm.ld arch/s390/local.mk \
	$(ARCH_S390_SRCS) $(ARCH_S390_HDRS)
# The SCLP decoder is plain C: like the models, it is unit-tested on every
# --host (natively, or cross under qemu-user), whatever the target.
noinst_PROGRAMS += tests/unit/test_sclp
TESTS += tests/unit/test_sclp
tests_unit_test_sclp_SOURCES = tests/unit/test_sclp.c tests/unit/unit_test.h \
	arch/s390/sclp_core.c \
	arch/s390/sclp_core.h
tests_unit_test_sclp_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_sclp_CFLAGS = $(UNIT_CFLAGS)

if ZARM_S390
# The common VM/vCPU/run-queue core is not in IMG_COMMON_SRCS (yet).
IMG_ARCH_SRCS = $(ARCH_S390_SRCS) common/vm.c common/vcpu.c common/sched.c
# z196 is the newest ISA Hercules 3.13 runs correctly. No FP in zarm's own
# code (guest FPRs pass through the host's), no stack protector (libfdt's
# reads its canary via a0:a1, set up in main.c), and page 0 (the lowcore)
# is accessed on purpose.
IMG_ARCH_CFLAGS = -march=z196 -mtune=z196 -msoft-float -fno-stack-protector \
	-fno-delete-null-pointer-checks --param=min-pagesize=0
IMG_LDSCRIPT = $(top_srcdir)/arch/s390/zarm.ld
# The intercept and interrupt-delivery files, built -O2 (the rest -Os).
IMG_ARCH_HOT_SRCS = arch/s390/sie.c arch/s390/intercept.c arch/s390/diag.c \
	arch/s390/instr.c arch/s390/sched.c arch/s390/lowcore.c \
	common/vcpu.c common/sched.c irq/s390_irq.c irq/s390_deliver.c
# Path lengths (null hypercall, interruption delivery, intercepted program
# interruption) counted in Hercules' instruction trace, twice, with the
# intercept round trip timed against the bare SIE loop; then the guest-speed
# ratio against bare Hercules (wall clock, medians of 5 alternating runs) and
# the image's size.
bench-s390: zarm.bin tests/guests/s390/bench.bin tests/guests/s390/loop.bin scripts/zarm-run
	@for run in 1 2; do \
		scripts/zarm-run --target s390x --bench --smp 1 --timeout 60 \
			--vm name=bench,image=tests/guests/s390/bench.bin > bench.out 2>&1 || \
			{ cat bench.out; exit 1; }; \
		sed -n 's/^\(\[bench\] \)\{0,1\}\(BENCH .*\)/\2/p' bench.out; \
	done; rm -f bench.out
	@$(top_srcdir)/tests/guests/s390/loop-ratio scripts/zarm-run tests/guests/s390/loop.bin 5
	@$(TARGET_SIZE) zarm.elf | awk 'NR == 2 { print "BENCH s390.text_bytes", $$1 }'
bench-linux-s390:
	@echo "bench-linux: arm64 only (the s390x Linux figure belongs to the s390x fidelity work)" >&2
	@exit 1
demo-s390: zarm.bin tests/guests/s390/hello.bin tests/guests/s390/smp.bin scripts/zarm-run
	scripts/zarm-run --target s390x --vm name=alpha,image=tests/guests/s390/hello.bin \
		--vm name=beta,image=tests/guests/s390/smp.bin,vcpus=2
endif
