# SPDX-License-Identifier: GPL-2.0-only
# tests/guests/arm64: guest payloads (built with the target compiler) and their
# TAP tests, booted through zarm-run.
GUEST_ARM64_TAP =
EXTRA_DIST += tests/guests/arm64/README.md $(GUEST_ARM64_TAP)
if ZARM_ARM64
if GUEST_TESTS
TESTS += $(GUEST_ARM64_TAP)
endif
endif
