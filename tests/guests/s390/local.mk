# SPDX-License-Identifier: GPL-2.0-only
# tests/guests/s390: guest payloads (built with the target compiler) and their
# TAP tests, booted through zarm-run.
GUEST_S390_TAP =
EXTRA_DIST += tests/guests/s390/README.md $(GUEST_S390_TAP)
if ZARM_S390
if GUEST_TESTS
TESTS += $(GUEST_S390_TAP)
endif
endif
