#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""An interactive session with a real Linux guest, scripted through a pipe:
boots Debian's kernel under zarm-run with busybox's shell as init, waits
until the kernel starts it (its console is open then, so no input is
flushed), types commands into zarm-run's standard input as a user would,
and checks the shell ran them and the guest powered off. Prints TAP.

Usage: linux_console.py ZARM_RUN TARGET KERNEL INITRD CONSOLE [ZARM-RUN ARGS...]
"""
import os
import re
import selectors
import subprocess
import sys
import time

COMMANDS = [b"/bin/busybox --install -s /bin\r",
            b"mount -t proc proc /proc\r",
            b"echo hello-$((6*7))\r",
            b"cat /proc/cpuinfo | wc -l\r",
            b"grep -i -e uart -e sclp -e 'service call' /proc/interrupts\r",
            b"poweroff -f\r"]
STARTED = re.compile(r"Run /bin/sh as init process")


def main():
    zarm_run, target, kernel, initrd, console = sys.argv[1:6]
    cmd = [zarm_run, "--target", target, "--smp", "2", "--timeout", "900",
           "--vm", "name=linux,image=%s,mem=256M,vcpus=2,initrd=%s,"
           "cmdline=console=%s panic=-1 rdinit=/bin/sh" % (kernel, initrd, console)]
    cmd += sys.argv[6:]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    lines, buf, typed = [], b"", False
    deadline = time.monotonic() + 960
    while time.monotonic() < deadline:
        if not sel.select(timeout=1):
            continue
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        buf += chunk
        while b"\n" in buf:
            raw, buf = buf.split(b"\n", 1)
            text = raw.decode("utf-8", "replace").rstrip("\r")
            lines.append(text)
            if not typed and STARTED.search(text):
                # The shell's console is open: type the session, then EOF.
                for c in COMMANDS:
                    proc.stdin.write(c)
                proc.stdin.close()
                typed = True
    try:
        rc = proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = proc.wait()
    for text in lines[-40:]:
        print("# " + text)
    out = "\n".join(lines)
    guest = [l[len("[linux] "):] for l in lines if l.startswith("[linux] ")]
    counts = [int(m.group(1)) for m in (re.fullmatch(r"\s*(\d+)\s*", l) for l in guest) if m]
    # /proc/interrupts: "IRQ: per-CPU counts ... name"; the console's counts
    # (arm64: the PL011's SPI; s390x: the SCLP's service-signal interrupts).
    irq_counts = [sum(int(v) for v in re.findall(r"\s(\d+)", m.group(1)))
                  for m in (re.match(r"\s*\w+:((?:\s+\d+)+)\s.*(?:uart|sclp|service call)", l, re.I)
                            for l in guest) if m]
    checks = [
        ("the kernel started the shell, and the session was typed", typed),
        ("the shell ran echo: hello-42 (not the typed text)", "hello-42" in guest),
        ("cat /proc/cpuinfo | wc -l printed a line count", any(c > 2 for c in counts)),
        ("the console driver took interrupts (%s)" % irq_counts,
         any(c > 0 for c in irq_counts)),
        ("poweroff -f typed at the shell stopped the VM",
         re.search(r'^zarm: VM (linux powered off|\d+ "linux" ended)', out, re.M) is not None),
        ("zarm-run exits 0", rc == 0),
    ]
    print("1..%d" % len(checks))
    for i, (name, ok) in enumerate(checks, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))


if __name__ == "__main__":
    main()
