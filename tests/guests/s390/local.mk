# SPDX-License-Identifier: GPL-2.0-only
# tests/guests/s390: guest payloads (built with the target compiler) and their
# TAP tests, booted through zarm-run.
GUEST_S390_NAMES = hello smp isolation unknown sclp timer stop machine dat bench \
	clock extsig service keys operands sstatus mvpg hostile \
	steady console_in console_in_line pgmint topology
GUEST_S390_TAP = tests/guests/s390/hello.tap tests/guests/s390/smp.tap \
	tests/guests/s390/isolation.tap tests/guests/s390/twovms.tap \
	tests/guests/s390/unknown.tap tests/guests/s390/sclp.tap \
	tests/guests/s390/timer.tap tests/guests/s390/stop.tap \
	tests/guests/s390/machine.tap tests/guests/s390/dat.tap \
	tests/guests/s390/clock.tap tests/guests/s390/extsig.tap \
	tests/guests/s390/service.tap tests/guests/s390/keys.tap \
	tests/guests/s390/operands.tap tests/guests/s390/sstatus.tap \
	tests/guests/s390/mvpg.tap \
	tests/guests/s390/hostile.tap tests/guests/s390/console_in.tap \
	tests/guests/s390/pgmint.tap tests/guests/s390/topology.tap \
	tests/guests/s390/linux.tap tests/guests/s390/linux_console.tap
GUEST_S390_RT = tests/guests/s390/start.S tests/guests/s390/rt.c
# Guests link zarm's freestanding string and printf (not the rest of it).
GUEST_S390_LIBC = common/string.c common/printf.c
EXTRA_DIST += tests/guests/s390/README.md tests/guests/s390/local.mk \
	tests/guests/s390/guest.ld tests/guests/s390/rt.h $(GUEST_S390_RT) \
	$(GUEST_S390_NAMES:%=tests/guests/s390/%.c) $(GUEST_S390_TAP) \
	tests/guests/s390/loop.S tests/guests/s390/loop-ratio
if ZARM_S390
GUEST_S390_CFLAGS = -std=gnu11 -O2 -g -ffreestanding -fno-builtin \
	-fno-tree-loop-distribute-patterns -fno-pie -fno-pic -Wall -Wextra -Werror \
	-DZARM_IMAGE -I$(top_srcdir) $(TARGET_FREESTANDING_CPPFLAGS) -march=z196 -mtune=z196 -msoft-float -fno-stack-protector \
	-fno-delete-null-pointer-checks --param=min-pagesize=0
GUEST_S390_ELFS = $(GUEST_S390_NAMES:%=tests/guests/s390/%.elf) tests/guests/s390/loop.elf
GUEST_S390_BINS = $(GUEST_S390_NAMES:%=tests/guests/s390/%.bin) tests/guests/s390/loop.bin

tests/guests/s390/%.elf: $(top_srcdir)/tests/guests/s390/%.c \
		$(addprefix $(top_srcdir)/,$(GUEST_S390_RT) $(GUEST_S390_LIBC)) \
		$(top_srcdir)/tests/guests/s390/rt.h \
		$(top_srcdir)/tests/guests/s390/guest.ld
	@mkdir -p $(@D)
	$(AM_V_CCLD)$(TARGET_CC) $(GUEST_S390_CFLAGS) -nostdlib -static -no-pie \
		-Wl,--build-id=none -T $(top_srcdir)/tests/guests/s390/guest.ld \
		-o $@ $(addprefix $(top_srcdir)/,$(GUEST_S390_RT) $(GUEST_S390_LIBC)) $< -lgcc
	$(AM_V_at)$(TARGET_CC) $(GUEST_S390_CFLAGS) -M -MP -MT $@ \
		$(addprefix $(top_srcdir)/,$(GUEST_S390_RT) $(GUEST_S390_LIBC)) $< > $(@:.elf=.d).tmp && \
		mv $(@:.elf=.d).tmp $(@:.elf=.d)
# The loop of BENCH s390.guest_loop_ratio runs on bare Hercules too: no runtime.
tests/guests/s390/loop.elf: $(top_srcdir)/tests/guests/s390/loop.S \
		$(top_srcdir)/tests/guests/s390/guest.ld
	@mkdir -p $(@D)
	$(AM_V_CCLD)$(TARGET_CC) $(GUEST_S390_CFLAGS) -nostdlib -static -no-pie \
		-Wl,--build-id=none -T $(top_srcdir)/tests/guests/s390/guest.ld -o $@ $<
	$(AM_V_at)$(TARGET_CC) $(GUEST_S390_CFLAGS) -M -MP -MT $@ $< > $(@:.elf=.d).tmp && \
		mv $(@:.elf=.d).tmp $(@:.elf=.d)
tests/guests/s390/%.bin: tests/guests/s390/%.elf
	$(AM_V_GEN)$(TARGET_OBJCOPY) -O binary $< $@
.SECONDARY: $(GUEST_S390_ELFS)

noinst_DATA += $(GUEST_S390_BINS)
CLEANFILES += $(GUEST_S390_BINS) $(GUEST_S390_ELFS)
# The headers each guest saw (hermetic_headers.tap reads them too).
-include $(GUEST_S390_ELFS:.elf=.d)
HERMETIC_DEPS += $(GUEST_S390_ELFS:.elf=.d)
CLEANFILES += $(GUEST_S390_ELFS:.elf=.d)
if GUEST_TESTS
TESTS += $(GUEST_S390_TAP)
endif
endif
