# SPDX-License-Identifier: GPL-2.0-only
# tests/ffa_peer: the secure-side test peer (EL3 firmware standing in for
# TF-A + OP-TEE), built with the target compiler; not part of zarm's image.
FFA_PEER_SRCS = tests/ffa_peer/start.S tests/ffa_peer/peer.c tests/ffa_peer/ffa.c
EXTRA_DIST += tests/ffa_peer/README.md tests/ffa_peer/peer.h tests/ffa_peer/peer.ld \
	$(FFA_PEER_SRCS)
if ZARM_ARM64
# EL3 runs with its MMU off: no unaligned accesses, no FP.
FFA_PEER_CFLAGS = -std=gnu11 -O2 -g -ffreestanding -fno-builtin -fno-pie \
	-nostdlib -static -no-pie -Wall -Wextra -Werror -I$(top_srcdir) \
	$(TARGET_FREESTANDING_CPPFLAGS) -mgeneral-regs-only -mstrict-align -mno-outline-atomics -fno-stack-protector \
	-Wl,--build-id=none -Wl,--no-warn-rwx-segments
noinst_DATA += tests/ffa_peer/ffa_peer.elf
CLEANFILES += tests/ffa_peer/ffa_peer.elf

tests/ffa_peer/ffa_peer.elf: $(FFA_PEER_SRCS:%=$(top_srcdir)/%) \
		$(top_srcdir)/tests/ffa_peer/peer.h $(top_srcdir)/tests/ffa_peer/peer.ld \
		$(top_srcdir)/arch/arm64/virt_gpio_power.h
	@mkdir -p $(@D)
	$(AM_V_CCLD)$(TARGET_CC) $(FFA_PEER_CFLAGS) -T $(top_srcdir)/tests/ffa_peer/peer.ld \
		$(FFA_PEER_SRCS:%=$(top_srcdir)/%) -lgcc -o $@
	$(AM_V_at)$(TARGET_CC) $(FFA_PEER_CFLAGS) -M -MP -MT $@ \
		$(FFA_PEER_SRCS:%=$(top_srcdir)/%) > $(@:.elf=.d).tmp && \
		mv $(@:.elf=.d).tmp $(@:.elf=.d)
# The headers the peer saw (hermetic_headers.tap reads them too).
-include tests/ffa_peer/ffa_peer.d
HERMETIC_DEPS += tests/ffa_peer/ffa_peer.d
CLEANFILES += tests/ffa_peer/ffa_peer.d
endif
