# SPDX-License-Identifier: GPL-2.0-only
"""zarm-run's standard input, forwarded to the emulator's console input.

- A terminal is put in raw mode (restored on exit, also after an error or a
  signal): every key goes to the guest, Ctrl-C included, and Enter arrives as
  CR, as on a real serial line. zarm-run's own quit key is Ctrl-] (as in
  telnet and virsh console); output keeps its CR-LF translation.
- A pipe, a socket or a file is forwarded as it is, so a test can script a session;
  at its end forwarding stops and the guests run on.
- A terminal is read only for an interactive run: standard output a terminal
  too, and neither --tap nor --bench. A test that captures zarm-run's output
  never takes the keyboard of whoever started it.

zarm itself decides which VM gets the bytes (Ctrl-A three times moves the
focus; see doc/zarm-run.md). Writes to the emulator never block the console
output: what it cannot take yet is buffered, and the input is not read while
that buffer is full.
"""
import os
import stat
import termios

QUIT_KEY = 0x1d          # Ctrl-]
MAX_PENDING = 1 << 16


class InputForwarder:
    def __init__(self, opts, fd=0):
        self.fd = fd
        self.tty = False
        self.saved = None
        self.pending = b""
        self.open = False
        self.quit = False
        try:
            mode = os.fstat(fd).st_mode
        except OSError:
            return              # no standard input at all
        self.tty = os.isatty(fd)
        if self.tty:
            self.open = not (opts.tap or opts.bench or not os.isatty(1))
        elif stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
            self.open = True
        elif stat.S_ISREG(mode):
            # A file cannot be polled: all of it is pending at once.
            with os.fdopen(os.dup(fd), "rb") as f:
                self.pending = f.read()
        # Anything else (/dev/null, another device): nothing to forward.

    def active(self):
        return self.open or bool(self.pending)

    def start(self):
        """Raw mode for a terminal; call once the emulator runs."""
        if not (self.open and self.tty):
            return
        self.saved = termios.tcgetattr(self.fd)
        mode = termios.tcgetattr(self.fd)
        mode[0] &= ~(termios.ICRNL | termios.IXON | termios.BRKINT | termios.INPCK |
                     termios.ISTRIP | termios.INLCR | termios.IGNCR)
        mode[3] &= ~(termios.ECHO | termios.ICANON | termios.ISIG | termios.IEXTEN)
        mode[6][termios.VMIN] = 1
        mode[6][termios.VTIME] = 0
        termios.tcsetattr(self.fd, termios.TCSAFLUSH, mode)

    def restore(self):
        if self.saved is not None:
            termios.tcsetattr(self.fd, termios.TCSAFLUSH, self.saved)
            self.saved = None

    def wants_input(self):
        return self.open and len(self.pending) < MAX_PENDING

    def read(self):
        """Read what is there; False at its end (or on the quit key)."""
        try:
            data = os.read(self.fd, 4096)
        except OSError:
            data = b""
        if not data:
            self.open = False
            return False
        if self.tty and QUIT_KEY in data:
            data = data[:data.index(QUIT_KEY)]
            self.quit = True
            self.open = False
        self.pending += data
        return not self.quit

    def write_to(self, wfd):
        """Send what the emulator takes now (wfd is non-blocking)."""
        try:
            n = os.write(wfd, self.pending)
        except BlockingIOError:
            return
        except OSError:
            self.pending = b""
            self.open = False
            return
        self.pending = self.pending[n:]
