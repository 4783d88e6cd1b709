# SPDX-License-Identifier: GPL-2.0-only
# tests/guests/arm64: guest payloads (built with the target compiler) and their
# TAP tests, booted through zarm-run.
GUEST_ARM64_NAMES = hello smp isolation wfi twovm crash reset imghdr dt bench demo cpu_view \
	vgic_regs vgic_storm vgic_sgi vgic_timer vgic_sweep vgic_switch ffa spi_passthrough uart_rx \
	aborts vtimer hostile \
	pmu pmu_switch
GUEST_ARM64_PROGS = hello smp isolation wfi crash reset imghdr dt bench demo cpu_view \
	vgic_regs vgic_storm vgic_sgi vgic_timer vgic_sweep vgic_switch ffa spi_passthrough uart_rx \
	aborts vtimer hostile \
	pmu pmu_switch
GUEST_ARM64_RT = tests/guests/arm64/start.S tests/guests/arm64/rt.c \
	tests/guests/arm64/rt.h tests/guests/arm64/guest.ld
GUEST_ARM64_TAP = tests/guests/arm64/hello.tap tests/guests/arm64/smp.tap \
	tests/guests/arm64/isolation.tap tests/guests/arm64/wfi.tap \
	tests/guests/arm64/twovm.tap tests/guests/arm64/crash.tap \
	tests/guests/arm64/reset.tap tests/guests/arm64/imghdr.tap \
	tests/guests/arm64/secure.tap tests/guests/arm64/dt.tap tests/guests/arm64/many.tap \
	tests/guests/arm64/vgic_regs.tap tests/guests/arm64/vgic_storm.tap \
	tests/guests/arm64/vgic_sgi.tap tests/guests/arm64/vgic_timer.tap \
	tests/guests/arm64/vgic_sweep.tap tests/guests/arm64/vgic_switch.tap \
	tests/guests/arm64/ffa.tap tests/guests/arm64/ffa_none.tap \
	tests/guests/arm64/bl33.tap tests/guests/arm64/bl33_reserved.tap \
	tests/guests/arm64/spi_passthrough.tap tests/guests/arm64/linux.tap \
	tests/guests/arm64/board.tap tests/guests/arm64/gdb.tap \
	tests/guests/arm64/uart_rx.tap tests/guests/arm64/linux_console.tap \
	tests/guests/arm64/cpu_view.tap tests/guests/arm64/cpu_view_secure.tap \
	tests/guests/arm64/aborts.tap tests/guests/arm64/vtimer.tap \
	tests/guests/arm64/hostile.tap \
	tests/guests/arm64/pmu.tap tests/guests/arm64/pmu_switch.tap
EXTRA_DIST += tests/guests/linux_console.py tests/guests/arm64/README.md $(GUEST_ARM64_TAP) $(GUEST_ARM64_RT) \
	$(GUEST_ARM64_PROGS:%=tests/guests/arm64/%.c) tests/guests/arm64/linux_user.c \
	tests/guests/arm64/linux_init.sh
if ZARM_ARM64
GUEST_ARM64_CFLAGS = -std=gnu11 -O2 -g -ffreestanding -fno-builtin -fno-pie \
	-nostdlib -static -no-pie -Wall -Wextra -Werror -I$(top_srcdir) \
	$(TARGET_FREESTANDING_CPPFLAGS) \
	-mgeneral-regs-only -mstrict-align -mno-outline-atomics -fno-stack-protector \
	-Wl,--build-id=none -Wl,--no-warn-rwx-segments
GUEST_ARM64_BINS = $(GUEST_ARM64_PROGS:%=tests/guests/arm64/%.bin)
noinst_DATA += $(GUEST_ARM64_BINS)
CLEANFILES += $(GUEST_ARM64_BINS) $(GUEST_ARM64_PROGS:%=tests/guests/arm64/%.elf)

tests/guests/arm64/%.elf: $(top_srcdir)/tests/guests/arm64/%.c \
		$(GUEST_ARM64_RT:%=$(top_srcdir)/%)
	@mkdir -p $(@D)
	$(AM_V_CCLD)$(TARGET_CC) $(GUEST_ARM64_CFLAGS) \
		-T $(top_srcdir)/tests/guests/arm64/guest.ld \
		$(top_srcdir)/tests/guests/arm64/start.S \
		$(top_srcdir)/tests/guests/arm64/rt.c $< -lgcc -o $@
	$(AM_V_at)$(TARGET_CC) $(GUEST_ARM64_CFLAGS) -M -MP -MT $@ \
		$(top_srcdir)/tests/guests/arm64/start.S \
		$(top_srcdir)/tests/guests/arm64/rt.c $< > $(@:.elf=.d).tmp && \
		mv $(@:.elf=.d).tmp $(@:.elf=.d)
# The Image-header guest: linked for, and asking for, RAM + 0x200000.
tests/guests/arm64/imghdr.elf: $(top_srcdir)/tests/guests/arm64/imghdr.c \
		$(GUEST_ARM64_RT:%=$(top_srcdir)/%)
	@mkdir -p $(@D)
	$(AM_V_CCLD)$(TARGET_CC) $(GUEST_ARM64_CFLAGS) -DIMAGE_HEADER=0x200000 \
		-Wl,--defsym=GUEST_BASE=0x40200000 \
		-T $(top_srcdir)/tests/guests/arm64/guest.ld \
		$(top_srcdir)/tests/guests/arm64/start.S \
		$(top_srcdir)/tests/guests/arm64/rt.c $< -lgcc -o $@
	$(AM_V_at)$(TARGET_CC) $(GUEST_ARM64_CFLAGS) -M -MP -MT $@ \
		$(top_srcdir)/tests/guests/arm64/start.S \
		$(top_srcdir)/tests/guests/arm64/rt.c $< > $(@:.elf=.d).tmp && \
		mv $(@:.elf=.d).tmp $(@:.elf=.d)
# A Linux user program for linux.tap's initramfs: static, no libc.
tests/guests/arm64/linux_user: $(top_srcdir)/tests/guests/arm64/linux_user.c
	@mkdir -p $(@D)
	$(AM_V_CCLD)$(TARGET_CC) -std=gnu11 -O2 -ffreestanding -fno-builtin -nostdlib -static \
		-no-pie -fno-pie $(TARGET_FREESTANDING_CPPFLAGS) -mgeneral-regs-only \
		-fno-stack-protector -Wall -Wextra -Werror -Wl,--build-id=none $< -o $@
noinst_DATA += tests/guests/arm64/linux_user
CLEANFILES += tests/guests/arm64/linux_user
tests/guests/arm64/%.bin: tests/guests/arm64/%.elf
	$(AM_V_GEN)$(TARGET_OBJCOPY) -O binary $< $@

# The headers each guest saw (hermetic_headers.tap reads them too).
-include $(GUEST_ARM64_PROGS:%=tests/guests/arm64/%.d)
HERMETIC_DEPS += $(GUEST_ARM64_PROGS:%=tests/guests/arm64/%.d)
CLEANFILES += $(GUEST_ARM64_PROGS:%=tests/guests/arm64/%.d)

if GUEST_TESTS
TESTS += $(GUEST_ARM64_TAP)
endif
endif
