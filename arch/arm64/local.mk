# SPDX-License-Identifier: GPL-2.0-only
# arch/arm64: the arm64 machine shell of the hypervisor image.
# Sources go in EXTRA_DIST unconditionally (so the tarball has both arches);
# what the image is made of only when this is the configured target.
ARCH_ARM64_SRCS = arch/arm64/boot.S arch/arm64/vectors.S arch/arm64/main.c \
	arch/arm64/mmu.c arch/arm64/alloc.c arch/arm64/pl011.c arch/arm64/gic.c \
	arch/arm64/stage2.c arch/arm64/traps.c arch/arm64/psci.c arch/arm64/psci_core.c arch/arm64/mmio.c \
	arch/arm64/vuart.c arch/arm64/vcpu_arch.c arch/arm64/run.c \
	arch/arm64/guest_load.c arch/arm64/guest_dt.c arch/arm64/fdt_glue.c \
	arch/arm64/el3_vectors.S arch/arm64/el3.c arch/arm64/ownership.c \
	arch/arm64/vgic_arch.c arch/arm64/ffa_glue.c arch/arm64/passthrough.c \
	arch/arm64/cpu_view.c cpu/arm64_idregs.c cpu/arm64_dbgregs.c \
	arch/arm64/exc_entry.c arch/arm64/s1walk.c \
	arch/arm64/pmu_arch.c
ARCH_ARM64_HDRS = arch/arm64/arm64.h arch/arm64/asm.h arch/arm64/sysreg.h \
	arch/arm64/klib.h arch/arm64/mmio.h arch/arm64/vuart.h \
	arch/arm64/hypercall.h arch/arm64/ffa_glue.h \
	arch/arm64/virt_gpio_power.h arch/arm64/cpu_view.h cpu/arm64_idregs.h \
	cpu/arm64_dbgregs.h arch/arm64/exc_entry.h arch/arm64/s1walk.h \
	arch/arm64/psci_core.h
# The arch-neutral VM/vCPU/scheduler core this backend drives (common/).
ZARM_SCHED_SRCS = common/vm.c common/vcpu.c common/sched.c
ZARM_SCHED_HDRS = common/vm.h common/vcpu.h common/sched.h
EXTRA_DIST += arch/arm64/README.md cpu/README.md arch/arm64/zarm.ld $(ARCH_ARM64_SRCS) \
	$(ARCH_ARM64_HDRS) $(ZARM_SCHED_SRCS) $(ZARM_SCHED_HDRS)

# Host unit tests (libcheck): the scheduler core and the MMIO framework,
# which is plain C even though it lives here.
noinst_PROGRAMS += tests/unit/test_sched tests/unit/test_mmio tests/unit/test_arm64_cpu_view \
	tests/unit/test_exc_entry
TESTS += tests/unit/test_sched tests/unit/test_mmio tests/unit/test_arm64_cpu_view \
	tests/unit/test_exc_entry
# The guest's ID and debug registers (cpu/): the policy against the Arm ARM's field values.
tests_unit_test_arm64_cpu_view_SOURCES = tests/unit/test_arm64_cpu_view.c \
	cpu/arm64_idregs.c cpu/arm64_dbgregs.c
tests_unit_test_arm64_cpu_view_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_arm64_cpu_view_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sched_SOURCES = tests/unit/test_sched.c $(ZARM_SCHED_SRCS)
tests_unit_test_sched_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_sched_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mmio_SOURCES = tests/unit/test_mmio.c arch/arm64/mmio.c
tests_unit_test_mmio_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_mmio_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_exc_entry_SOURCES = tests/unit/test_exc_entry.c arch/arm64/exc_entry.c \
	arch/arm64/s1walk.c
tests_unit_test_exc_entry_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_exc_entry_CFLAGS = $(UNIT_CFLAGS)

if ZARM_ARM64
IMG_ARCH_SRCS = $(ARCH_ARM64_SRCS) $(ZARM_SCHED_SRCS)
# zarm itself never touches FP/SIMD (guests' registers stay live there);
# atomics inline (no libgcc helpers that probe the CPU at start-up).
IMG_ARCH_CFLAGS = -mgeneral-regs-only -mno-outline-atomics -fno-stack-protector
IMG_LDSCRIPT = $(top_srcdir)/arch/arm64/zarm.ld

# The trap, vGIC and run-loop files, built -O2 (the rest of the image -Os).
IMG_ARCH_HOT_SRCS = arch/arm64/traps.c arch/arm64/run.c arch/arm64/vgic_arch.c \
	arch/arm64/vuart.c dev/pl011.c arch/arm64/gic.c arch/arm64/vcpu_arch.c \
	common/vcpu.c common/sched.c irq/vgic.c irq/vgic_irq.c irq/vgic_dist.c \
	irq/vgic_redist.c irq/vgic_sgi.c irq/vgic_lr.c arch/arm64/pmu_arch.c \
	pmu/pmu_access.c pmu/pmu_decode.c

# `make bench`: twice, to show the figures are exact run to run; then the
# image's size (text + rodata, as `size` counts it).
bench-arm64: zarm.bin tests/guests/arm64/bench.bin scripts/zarm-run
	@for run in 1 2; do \
		scripts/zarm-run --target aarch64 --bench --smp 1 --timeout 120 \
			--vm name=bench,image=tests/guests/arm64/bench.bin,vcpus=2 > bench.out 2>&1 || \
			{ cat bench.out; exit 1; }; \
		sed -n 's/^\[bench\] \(BENCH .*\)/\1/p' bench.out; \
	done; rm -f bench.out
	@$(TARGET_SIZE) zarm.elf | awk 'NR == 2 { print "BENCH arm64.text_bytes", $$1 }'
bench-linux-arm64: zarm.bin scripts/zarm-run
	@$(SHELL) $(top_srcdir)/scripts/bench-linux scripts/zarm-run $(QEMU_AARCH64)

# `make demo`: two VMs print and power off.
demo-arm64: zarm.bin tests/guests/arm64/demo.bin scripts/zarm-run
	scripts/zarm-run --target aarch64 --smp 2 --timeout 60 \
		--vm name=alpha,image=tests/guests/arm64/demo.bin,vcpus=2 \
		--vm name=beta,image=tests/guests/arm64/demo.bin,vcpus=3
endif

if ZARM_ARM64
# zarm-bl33: the same objects linked at 0x60000000, where Trusted
# Firmware-A's qemu platform loads its BL33 (zarm-run --firmware).
zarm-bl33.elf: $(IMG_OBJS) $(IMG_LDSCRIPT)
	$(AM_V_CCLD)$(TARGET_CC) -nostdlib -static -no-pie -Wl,--build-id=none \
		$(IMG_LINK_FLAGS) -Wl,--defsym=zarm_link_base=0x60000000 \
		-T $(IMG_LDSCRIPT) -o $@ $(IMG_OBJS) $(FDT_TARGET_LIBS) -lgcc
zarm-bl33.bin: zarm-bl33.elf
	$(AM_V_GEN)$(TARGET_OBJCOPY) -O binary $< $@
noinst_DATA += zarm-bl33.bin
CLEANFILES += zarm-bl33.elf zarm-bl33.bin
# Installed beside zarm-arm64.bin as its -bl33 twin, where an installed
# zarm-run --firmware looks for it.
bl33imagedir = $(pkglibdir)
bl33image_DATA = zarm-arm64-bl33.bin
zarm-arm64-bl33.bin: zarm-bl33.bin
	$(AM_V_GEN)cp $< $@
CLEANFILES += zarm-arm64-bl33.bin
endif

# zarm-bl33's link address and zarm-run --firmware's flash preparation.
EXTRA_DIST += tests/build/bl33_link.tap tests/build/firmware_prep.tap
if ZARM_ARM64
TESTS += tests/build/bl33_link.tap tests/build/firmware_prep.tap
endif
