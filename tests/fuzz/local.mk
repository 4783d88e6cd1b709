# SPDX-License-Identifier: GPL-2.0-only
# libFuzzer targets (tests/fuzz/README.md, doc/fuzzing.md), built with clang
# and AddressSanitizer + UBSan (any report aborts). Every model source is
# compiled once into fuzz-obj/ and archived; each target links what it uses.
#   make fuzz          each target for FUZZ_SECONDS (or FUZZ_RUNS inputs),
#                      corpus kept in fuzz/<target>.corpus between runs;
#                      one line `FUZZ <target> <execs> <new crashes>` each
#   make fuzz-smoke    every target for FUZZ_SMOKE_SECONDS from its checked-in
#                      corpus (scripts/check runs this)
# FUZZ_TARGETS='a b' picks targets. Not part of `make check`. Skipped, with a
# message, when clang cannot link libFuzzer.
CLANG = clang
FUZZ_SECONDS = 60
FUZZ_RUNS =
FUZZ_SMOKE_SECONDS = 6
FUZZ_TARGETS = ffa_desc_fuzz ffa_call_fuzz sclp_fuzz vgic_fuzz s390_irq_fuzz config_fuzz psci_fuzz sigp_fuzz diag_fuzz pmu_fuzz
FUZZ_CFLAGS = -std=gnu11 -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer \
	-fsanitize-coverage-ignorelist=$(top_srcdir)/tests/fuzz/coverage_ignore.txt \
	-Wall -Wextra -Werror -I$(top_srcdir) $(FDT_HOST_CPPFLAGS)
FUZZ_LINK_FLAGS = -fsanitize=fuzzer,address,undefined
# Everything the targets drive: the models, the host-buildable decoders
# from arch/, and the fakes (tests/unit/ffa_fake.c).
FUZZ_LIB_SRCS = $(MODEL_SRCS) arch/s390/sclp_core.c arch/s390/sigp_core.c \
	arch/s390/diag_core.c arch/arm64/psci_core.c \
	tests/unit/ffa_fake.c
FUZZ_LIB_OBJS = $(addprefix fuzz-obj/,$(FUZZ_LIB_SRCS:.c=.o))
EXTRA_DIST += tests/fuzz/README.md tests/fuzz/local.mk tests/fuzz/run tests/fuzz/fuzz_util.h \
	tests/fuzz/coverage_ignore.txt tests/fuzz/corpus \
	tests/fuzz/config_fuzz.dict tests/fuzz/ffa_desc_fuzz.dict \
	$(FUZZ_TARGETS:%=tests/fuzz/%.c)

fuzz-obj/%.o: $(top_srcdir)/%.c $(top_srcdir)/tests/fuzz/coverage_ignore.txt
	@mkdir -p $(@D)
	$(AM_V_CC)$(CLANG) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<
-include $(FUZZ_LIB_OBJS:.o=.d) $(FUZZ_TARGETS:%=fuzz-obj/tests/fuzz/%.d)

# Named here so that make keeps them (not intermediates of fuzz/%).
fuzz-obj/targets.stamp: $(FUZZ_TARGETS:%=fuzz-obj/tests/fuzz/%.o)
	@touch $@

fuzz-obj/libfuzzmodels.a: $(FUZZ_LIB_OBJS)
	$(AM_V_AR)rm -f $@ && $(AR) rcs $@ $(FUZZ_LIB_OBJS)

fuzz/%: fuzz-obj/tests/fuzz/%.o fuzz-obj/libfuzzmodels.a
	@mkdir -p fuzz
	$(AM_V_CCLD)$(CLANG) $(FUZZ_LINK_FLAGS) -o $@ $< fuzz-obj/libfuzzmodels.a \
		$(FDT_HOST_LIBS)

fuzz-build:
	@$(SHELL) $(top_srcdir)/tests/fuzz/run probe '$(CLANG)' || exit 0; \
	$(MAKE) $(AM_MAKEFLAGS) fuzz-obj/targets.stamp $(FUZZ_TARGETS:%=fuzz/%)

fuzz fuzz-smoke:
	@$(SHELL) $(top_srcdir)/tests/fuzz/run probe '$(CLANG)' || exit 0; \
	$(MAKE) $(AM_MAKEFLAGS) fuzz-obj/targets.stamp $(FUZZ_TARGETS:%=fuzz/%) || exit 1; \
	$(SHELL) $(top_srcdir)/tests/fuzz/run $@ '$(top_srcdir)' \
		'$(FUZZ_SECONDS)' '$(FUZZ_RUNS)' '$(FUZZ_SMOKE_SECONDS)' \
		$(FUZZ_TARGETS)
.PHONY: fuzz fuzz-smoke fuzz-build
clean-local: clean-fuzz
clean-fuzz:
	-rm -rf fuzz fuzz-obj
.PHONY: clean-fuzz

# ---------------------------------------------------------------------------
# The corpora as unit tests (tests/fuzz/replay.c): each target built with the
# host compiler and no libFuzzer, fed every checked-in input by `make check`
# on every --host (big-endian s390x under qemu-user too).
FUZZ_REPLAY_LIBS = arch/s390/sclp_core.c arch/s390/sigp_core.c \
	arch/s390/diag_core.c arch/arm64/psci_core.c tests/unit/ffa_fake.c \
	tests/unit/ffa_fake.h tests/fuzz/fuzz_util.h tests/fuzz/replay.c
FUZZ_REPLAYS = tests/fuzz/replay_ffa_desc_fuzz tests/fuzz/replay_ffa_call_fuzz \
	tests/fuzz/replay_sclp_fuzz tests/fuzz/replay_vgic_fuzz \
	tests/fuzz/replay_s390_irq_fuzz tests/fuzz/replay_config_fuzz \
	tests/fuzz/replay_psci_fuzz tests/fuzz/replay_sigp_fuzz \
	tests/fuzz/replay_diag_fuzz tests/fuzz/replay_pmu_fuzz
noinst_PROGRAMS += $(FUZZ_REPLAYS)
TESTS += $(FUZZ_REPLAYS)
tests_fuzz_replay_ffa_desc_fuzz_SOURCES = tests/fuzz/ffa_desc_fuzz.c $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_ffa_call_fuzz_SOURCES = tests/fuzz/ffa_call_fuzz.c $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_sclp_fuzz_SOURCES = tests/fuzz/sclp_fuzz.c $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_vgic_fuzz_SOURCES = tests/fuzz/vgic_fuzz.c $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_s390_irq_fuzz_SOURCES = tests/fuzz/s390_irq_fuzz.c $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_config_fuzz_SOURCES = tests/fuzz/config_fuzz.c $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_psci_fuzz_SOURCES = tests/fuzz/psci_fuzz.c $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_sigp_fuzz_SOURCES = tests/fuzz/sigp_fuzz.c $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_diag_fuzz_SOURCES = tests/fuzz/diag_fuzz.c $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_pmu_fuzz_SOURCES = tests/fuzz/pmu_fuzz.c $(FUZZ_REPLAY_LIBS) \
	tests/unit/pmu_ref.h

# `make check-unit`: the unit-test programs alone (every TESTS entry that is
# not a .tap script: models, plain-C arch decoders, corpus replays), for
# scripts/check's sanitizers run, where building and booting guests again
# would add nothing.
check-unit:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='$(filter-out %.tap,$(TESTS))'
.PHONY: check-unit
