# SPDX-License-Identifier: GPL-2.0-only
"""zarm-run: the one command that boots zarm with guests.

common.py parses the command line and streams the console; aarch64.py and
s390x.py each know how to start their emulator.
"""
