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
            # A file cannot be polled: all of it is read at once.
            with os.fdopen(os.dup(fd), "rb") as f:
                self.take_file(f.read())
        # Anything else (/dev/null, another device): nothing to forward.

    def take_file(self, data):
        self.pending = data

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

    def _chunk(self):
        """What standard input has now; b"" (and closed) at its end."""
        try:
            data = os.read(self.fd, 4096)
        except OSError:
            data = b""
        if not data:
            self.open = False
        return data

    def read(self):
        """Read what is there; False at its end (or on the quit key)."""
        data = self._chunk()
        if not data:
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


class LineForwarder(InputForwarder):
    """s390x: the operator console (Hercules' '.' commands, which zarm takes
    through the SCLP) carries whole lines, one at a time: the SCLP holds a
    single command and a newer one replaces it. So a line goes out only when
    zarm has said it can take one (its ack line, see ack()); until then lines
    wait here. Hercules takes at most LINE_MAX characters of a command; a
    longer line is sent in pieces, each a line of its own.

    A terminal is in raw mode as on arm64, and zarm-run edits the line
    itself: echo, Backspace, Ctrl-U; Enter sends it; Ctrl-C sends a line of
    just Ctrl-C at once (a VT220 guest's tty turns it into SIGINT); Ctrl-]
    quits."""

    LINE_MAX = 123

    def __init__(self, opts, fd=0):
        super().__init__(opts, fd)
        self.credit = 0
        self.partial = b""
        self.lines = []

    def wants_input(self):
        return self.open and len(self.lines) < 64

    def read(self):
        data = self._chunk()
        if not data:
            if self.partial:
                self._queue(self.partial)
                self.partial = b""
            return False
        if self.tty:
            return self._keys(data)
        # A line ends at LF, CR or CR LF (what a terminal's Enter sends).
        self.partial += data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        while b"\n" in self.partial:
            line, self.partial = self.partial.split(b"\n", 1)
            self._queue(line)
        return True

    def _keys(self, data):
        echo = b""
        for c in data:
            if c == QUIT_KEY:
                self.quit = True
                self.open = False
                break
            if c in (0x0d, 0x0a):
                echo += b"\r\n"
                self._queue(self.partial)
                self.partial = b""
            elif c in (0x7f, 0x08):
                if self.partial:
                    self.partial = self.partial[:-1]
                    echo += b"\b \b"
            elif c == 0x15:                 # Ctrl-U: the whole line
                echo += b"\b \b" * len(self.partial)
                self.partial = b""
            elif c == 0x03:                 # Ctrl-C: for the guest, now
                echo += b"^C\r\n"
                self.partial = b""
                self._queue(b"\x03")
            else:
                self.partial += bytes([c])
                echo += bytes([c]) if c >= 0x20 else b"^" + bytes([c + 0x40])
        if echo:
            os.write(1, echo)
        return not self.quit

    def _queue(self, line):
        while True:
            self.lines.append(line[:self.LINE_MAX])
            line = line[self.LINE_MAX:]
            if not line:
                break
        self._release()

    def ack(self):
        """zarm can take the next line."""
        self.credit += 1
        self._release()

    def _release(self):
        while self.credit and self.lines:
            self.pending += b"." + self.lines.pop(0) + b"\n"
            self.credit -= 1

    def take_file(self, data):
        self.partial = b""
        self.lines = []
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        for line in data.split(b"\n"):
            self._queue(line)
        if data.endswith(b"\n"):
            self.lines.pop()

    def active(self):
        return self.open or bool(self.pending) or bool(self.lines) or bool(self.partial)
