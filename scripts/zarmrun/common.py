# SPDX-License-Identifier: GPL-2.0-only
"""What every zarm-run backend shares: the command line, the /zarm
configuration node, and running an emulator while streaming its console.

Exit codes (see doc/zarm-run.md): 0 every VM stopped cleanly; 1 some VM
failed; 2 timeout, or zarm never printed its final status line; 3 usage.
"""
import argparse
import os
import re
import selectors
import signal
import subprocess
import sys
import time

from zarmrun.console_input import InputForwarder

EXIT_OK, EXIT_FAILED, EXIT_NO_STATUS, EXIT_USAGE = 0, 1, 2, 3
MAX_VMS = 8
MAX_VCPUS = 8
FINAL_RE = re.compile(r"zarm: all VMs stopped: (\d+) ok, (\d+) failed")
NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,15}$")
TAP_RE = re.compile(r"^\[([A-Za-z0-9_-]+)\] (ok|not ok)\b ?\d* ?-? ?(.*)$")
PLAN_RE = re.compile(r"^\[([A-Za-z0-9_-]+)\] 1\.\.(\d+)\s*$")
TARGETS = {"aarch64": "aarch64", "arm64": "aarch64", "s390x": "s390x"}
ARCH_OF_TARGET = {"aarch64": "arm64", "s390x": "s390"}


class UsageError(Exception):
    """A command-line mistake: reported on one line, exit code 3."""


def parse_size(text):
    """'64M', '1G', '4096', '0x1000' -> bytes."""
    m = re.fullmatch(r"(0x[0-9a-fA-F]+|\d+)([KMG]?)i?B?", text.strip())
    if not m:
        raise UsageError("bad size '%s' (use e.g. 64M or 1G)" % text)
    mult = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m.group(2)]
    return int(m.group(1), 0) * mult


MAX_SPIS = 4
DEFAULT_GDB_PORT = 1234     # QEMU's own default (-s)
DEFAULT_TIMEOUT = 60.0


def parse_spis(spec, text):
    """spis=N[:M...]: physical SPI INTIDs passed through (doc/config.md)."""
    try:
        spis = [int(v, 0) for v in text.split(":")]
    except ValueError:
        raise UsageError("--vm %s: spis= takes INTIDs separated by ':'" % spec)
    if not 1 <= len(spis) <= MAX_SPIS or len(set(spis)) != len(spis):
        raise UsageError("--vm %s: spis= takes 1..%d distinct INTIDs" % (spec, MAX_SPIS))
    for v in spis:
        if not 32 <= v <= 1019:
            raise UsageError("--vm %s: SPI %d is not in 32..1019" % (spec, v))
    return spis


def parse_vm(spec, index):
    """One --vm value: comma-separated key=value pairs. cmdline= takes the
    rest of the value, commas included, so it must come last."""
    vm = {"id": index + 1, "vcpus": 1, "mem": None, "cmdline": None,
          "initrd": None, "entry": None, "ffa_id": None, "spis": []}
    rest = spec
    while rest:
        key, sep, val = rest.partition("=")
        if not sep:
            raise UsageError("--vm %s: expected key=value, got '%s'" % (spec, key))
        if key == "cmdline":
            vm["cmdline"], rest = val, ""
            break
        val, _, rest = val.partition(",")
        if key == "name":
            vm["name"] = val
        elif key == "image":
            vm["image"] = val
        elif key == "mem":
            vm["mem"] = parse_size(val)
        elif key == "vcpus":
            vm["vcpus"] = int(val, 0)
        elif key == "initrd":
            vm["initrd"] = val
        elif key == "entry":
            vm["entry"] = int(val, 0)
        elif key == "ffa-id":
            vm["ffa_id"] = int(val, 0)
        elif key == "spis":
            vm["spis"] = parse_spis(spec, val)
        else:
            raise UsageError("--vm: unknown key '%s'" % key)
    if "image" not in vm:
        raise UsageError("--vm %s: image= is required" % spec)
    vm.setdefault("name", "vm%d" % vm["id"])
    if not NAME_RE.match(vm["name"]):
        raise UsageError("--vm: name '%s' must be 1-15 of A-Z a-z 0-9 _ -" % vm["name"])
    if not 1 <= vm["vcpus"] <= MAX_VCPUS:
        raise UsageError("--vm %s: vcpus must be 1..%d" % (vm["name"], MAX_VCPUS))
    for f in ("image", "initrd"):
        if vm[f] is not None and not os.path.isfile(vm[f]):
            raise UsageError("--vm %s: %s '%s' not found" % (vm["name"], f, vm[f]))
    if vm["mem"] is not None and (vm["mem"] <= 0 or vm["mem"] % 4096):
        raise UsageError("--vm %s: mem must be a positive multiple of 4K" % vm["name"])
    return vm


def build_parser():
    p = argparse.ArgumentParser(
        prog="zarm-run",
        description="Boot zarm with guests under QEMU (aarch64) or Hercules "
                    "(s390x) and exit with the guests' status: 0 when every VM "
                    "stopped cleanly, 1 when one failed, 2 on timeout or when "
                    "zarm gave no final status, 3 on a usage error.",
        epilog="Example: zarm-run --target aarch64 --vm name=alpha,image=hello.bin "
               "--vm name=beta,image=hello.bin,vcpus=2")
    p.add_argument("--target", required=True, help="aarch64 (arm64) or s390x")
    p.add_argument("--vm", action="append", default=[], metavar="SPEC",
                   help="name=NAME,image=PATH[,mem=SIZE][,vcpus=N][,initrd=PATH]"
                        "[,entry=ADDR][,ffa-id=N][,spis=N[:M...]][,cmdline=TEXT] (cmdline last); "
                        "repeat per VM")
    p.add_argument("--smp", type=int, default=2, help="physical CPUs (default 2)")
    p.add_argument("--mem", default=None, help="machine memory (default: enough for the VMs)")
    p.add_argument("--timeout", type=float, default=None,
                   help="seconds before giving up (default 60; none with --gdb)")
    p.add_argument("--zarm", default=None, metavar="IMAGE", help="hypervisor image to boot")
    p.add_argument("--keep", default=None, metavar="DIR", help="keep the generated files in DIR")
    p.add_argument("--tap", action="store_true",
                   help="print the guests' TAP lines renumbered as one TAP stream")
    p.add_argument("--bench", action="store_true",
                   help="count instructions exactly (QEMU -icount / Hercules trace)")
    p.add_argument("--firmware", default=None, metavar="FLASH",
                   help="aarch64: boot zarm (zarm-bl33.bin) as BL33 of this TF-A flash image "
                        "(bl1.bin, FIP at 256 KiB) with secure=on")
    p.add_argument("--prepare-only", action="store_true",
                   help="with --firmware and --keep DIR: only write DIR/flash.bin and exit")
    p.add_argument("--secure", action="store_true",
                   help="aarch64: start zarm at EL3 (secure=on), with its own minimal monitor")
    p.add_argument("--ffa-peer", default=None, metavar="IMAGE",
                   help="aarch64: boot this EL3 firmware (tests/ffa_peer/ffa_peer.elf) with "
                        "secure=on and zarm at EL2 below it (FF-A tests)")
    p.add_argument("--bare", action="store_true",
                   help="s390x: run the one --vm image on bare Hercules, without zarm "
                        "(to compare); the exit status is 0 iff it ends in the "
                        "disabled wait with address 0")
    p.add_argument("--console", default=None, metavar="NAME",
                   help="the VM that gets console input first (default: the first VM); "
                        "Ctrl-A three times moves input to the next VM, Ctrl-] quits zarm-run")
    p.add_argument("--gdb", nargs="?", type=int, const=DEFAULT_GDB_PORT, default=None,
                   metavar="PORT",
                   help="aarch64: start QEMU halted with its gdb stub on 127.0.0.1:PORT "
                        "(default %d) and print the gdb command (gdb-multiarch, with zarm's "
                        "symbols) that attaches to it; s390x: Hercules 3.13 has no gdb stub "
                        "(a usage error)" % DEFAULT_GDB_PORT)
    p.add_argument("--emulator-arg", action="append", default=[], metavar="ARG",
                   help="extra argument for QEMU/Hercules (repeatable)")
    p.add_argument("-v", "--verbose", action="store_true", help="show the emulator command")
    p.add_argument("--version", action="version", version="zarm-run (zarm)")
    return p


def parse_args(argv, defaults):
    opts = build_parser().parse_args(argv)
    if opts.target not in TARGETS:
        raise UsageError("--target must be aarch64 or s390x, not '%s'" % opts.target)
    opts.target = TARGETS[opts.target]
    if not opts.vm:
        raise UsageError("at least one --vm is needed")
    if len(opts.vm) > MAX_VMS:
        raise UsageError("at most %d VMs" % MAX_VMS)
    opts.vms = [parse_vm(s, i) for i, s in enumerate(opts.vm)]
    names = [vm["name"] for vm in opts.vms]
    if len(set(names)) != len(names):
        raise UsageError("VM names must be unique")
    if opts.console is not None:
        if opts.console not in names:
            raise UsageError("--console %s: no VM of that name" % opts.console)
        for vm in opts.vms:
            vm["console_input"] = vm["name"] == opts.console
    claimed = [s for vm in opts.vms for s in vm["spis"]]
    if len(set(claimed)) != len(claimed):
        raise UsageError("a passthrough SPI (spis=) can belong to one VM only")
    if (opts.firmware or opts.prepare_only) and opts.target != "aarch64":
        raise UsageError("--firmware and --prepare-only are for aarch64 (TF-A)")
    if opts.bare and (opts.target != "s390x" or len(opts.vms) != 1 or opts.bench):
        raise UsageError("--bare runs exactly one --vm on s390x, without --bench")
    if not 1 <= opts.smp <= 8:
        raise UsageError("--smp must be 1..8")
    if opts.gdb is not None and not 1 <= opts.gdb <= 65535:
        raise UsageError("--gdb port must be 1..65535, not %d" % opts.gdb)
    if opts.timeout is None:
        # Someone at a debugger sets the pace: no time limit unless asked.
        opts.timeout = float("inf") if opts.gdb is not None else DEFAULT_TIMEOUT
    if opts.zarm is None:
        opts.zarm = default_image(opts.target, defaults)
    if not os.path.isfile(opts.zarm):
        raise UsageError("zarm image '%s' not found (build it with make, or pass --zarm)" % opts.zarm)
    opts.tools = defaults
    return opts


def default_image(target, defaults):
    arch = ARCH_OF_TARGET[target]
    if defaults.get("image_dir"):
        return os.path.join(defaults["image_dir"], "zarm-%s.bin" % arch)
    if defaults.get("arch") != arch:
        raise UsageError("this build tree is configured for %s; pass --zarm IMAGE for %s"
                         % (defaults.get("arch"), target))
    return defaults["image"]


def cells(value):
    """A 64-bit value as two 32-bit device-tree cells."""
    return "0x%x 0x%x" % (value >> 32, value & 0xffffffff)


def dts_string(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def zarm_node_dts(vms):
    """The /zarm node (doc/config.md) for placed VMs. Each vm needs id,
    name, vcpus, mem_base, mem_size, image_addr, image_size; entry,
    initrd_addr/initrd_size, cmdline, ffa_id and spis are optional."""
    out = ["zarm {", '\tcompatible = "zarm,config-v1";',
           "\t#address-cells = <2>;", "\t#size-cells = <2>;"]
    for vm in vms:
        out += ["\tvm@%x {" % vm["id"],
                '\t\tcompatible = "zarm,vm";',
                "\t\treg = <%d>;" % vm["id"],
                "\t\tlabel = %s;" % dts_string(vm["name"]),
                "\t\tvcpus = <%d>;" % vm["vcpus"],
                "\t\tmemory = <%s %s>;" % (cells(vm["mem_base"]), cells(vm["mem_size"])),
                "\t\timage = <%s %s>;" % (cells(vm["image_addr"]), cells(vm["image_size"]))]
        if vm.get("entry") is not None:
            out.append("\t\tentry = <%s>;" % cells(vm["entry"]))
        if vm.get("initrd_addr") is not None:
            out.append("\t\tinitrd = <%s %s>;" % (cells(vm["initrd_addr"]),
                                                  cells(vm["initrd_size"])))
        if vm.get("cmdline"):
            out.append("\t\tbootargs = %s;" % dts_string(vm["cmdline"]))
        if vm.get("ffa_id") is not None:
            out.append("\t\tffa-id = <%d>;" % vm["ffa_id"])
        if vm.get("console_input"):
            out.append("\t\tconsole-input;")
        if vm.get("spis"):
            out.append("\t\tpassthrough-spis = <%s>;" % " ".join("%d" % v for v in vm["spis"]))
        out.append("\t};")
    out.append("};")
    return "\n".join(out) + "\n"


class TapMerger:
    """Turns each VM's own TAP stream ('[vm] ok 3 - x', '[vm] 1..5') into one
    numbered stream, and checks every VM ran the tests it planned."""

    def __init__(self, out):
        self.out = out
        self.n = 0
        self.plans = {}
        self.ran = {}

    def emit(self, ok, desc):
        self.n += 1
        self.out.write("%s %d - %s\n" % ("ok" if ok else "not ok", self.n, desc))

    def line(self, text):
        m = TAP_RE.match(text)
        if m:
            vm, verdict, desc = m.groups()
            self.ran[vm] = self.ran.get(vm, 0) + 1
            self.emit(verdict == "ok", "[%s] %s" % (vm, desc))
            return
        m = PLAN_RE.match(text)
        if m:
            self.plans[m.group(1)] = int(m.group(2))
            return
        self.out.write("# %s\n" % text)

    def finish(self, status, reason):
        for vm, planned in sorted(self.plans.items()):
            ran = self.ran.get(vm, 0)
            self.emit(ran == planned, "[%s] ran %d of %d planned tests" % (vm, ran, planned))
        self.emit(status == EXIT_OK, "zarm-run: %s" % reason)
        self.out.write("1..%d\n" % self.n)
        self.out.flush()


def _watch_input(sel, fwd, proc):
    """Read standard input only while there is room to keep it; watch the
    emulator's input only while something waits to go there."""
    for fobj, want in ((fwd.fd, fwd.wants_input() and fwd.open),
                       (proc.stdin, bool(fwd.pending) and proc.stdin is not None)):
        try:
            sel.get_key(fobj)
            have = True
        except KeyError:
            have = False
        if want and not have:
            sel.register(fobj, selectors.EVENT_READ if fobj == fwd.fd else selectors.EVENT_WRITE)
        elif have and not want:
            sel.unregister(fobj)


def _stream(proc, sel, fwd, deadline, opts, log, tap, line_filter, buf):
    """Copy the console out (and the input in) until the emulator ends or
    the time is up: (final status or None, timed out, quit key)."""
    final = None
    timed_out = False

    def handle(raw):
        nonlocal final
        text = raw.decode("utf-8", "replace").rstrip("\r\n")
        if log:
            log.write(text + "\n")
        if line_filter is not None:
            text = line_filter(text)
            if text is None:
                return
        m = FINAL_RE.search(text)
        if m and final is None:
            final = (int(m.group(1)), int(m.group(2)))
        if tap:
            tap.line(text)
        else:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()

    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        if fwd:
            _watch_input(sel, fwd, proc)
        events = sel.select(timeout=min(left, 0.5))
        if not events:
            if proc.poll() is not None:
                break
            continue
        chunk = None
        for key, mask in events:
            if fwd and key.fileobj == fwd.fd:
                if not fwd.read() and fwd.quit:
                    return final, False, True
            elif fwd and key.fileobj is proc.stdin:
                fwd.write_to(proc.stdin.fileno())
            else:
                chunk = os.read(proc.stdout.fileno(), 65536)
        if chunk is None:
            continue
        if not chunk:
            break
        buf += chunk
        while b"\n" in buf:
            raw, buf = buf.split(b"\n", 1)
            handle(raw)
    if buf:
        handle(buf)
    return final, timed_out, False


def run_streaming(cmd, opts, cwd=None, env=None, line_filter=None, log_path=None,
                  console_input=False, judge=None):
    """Run the emulator, stream its console and judge the run from zarm's
    final status line. line_filter(text) may return None to hide a line
    (emulator chatter) or the text to show. With console_input (True, or a
    forwarder from console_input.py), zarm-run's standard input goes to the
    emulator's. judge() gives (status, reason) for a run without zarm
    (--bare). Returns the exit code."""
    if opts.verbose:
        sys.stderr.write("zarm-run: %s\n" % " ".join(cmd))
    tap = TapMerger(sys.stdout) if opts.tap else None
    log = open(log_path, "w") if log_path else None
    fwd = InputForwarder(opts) if console_input is True else console_input or None
    if fwd is not None and not fwd.active():
        fwd = None
    proc = subprocess.Popen(cmd, cwd=cwd, env=env,
                            stdin=subprocess.PIPE if fwd else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    deadline = time.monotonic() + opts.timeout
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    if fwd:
        os.set_blocking(proc.stdin.fileno(), False)
        fwd.start()
    try:
        final, timed_out, quit_key = _stream(proc, sel, fwd, deadline, opts, log, tap,
                                             line_filter, b"")
    finally:
        if fwd:
            fwd.restore()

    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()
    if log:
        log.close()

    if quit_key:
        status, reason = EXIT_NO_STATUS, "quit with Ctrl-]"
    elif timed_out:
        status, reason = EXIT_NO_STATUS, "timed out after %gs" % opts.timeout
    elif judge is not None:
        status, reason = judge()
    elif final is None:
        status, reason = EXIT_NO_STATUS, "zarm printed no final status line"
    elif final[1]:
        status, reason = EXIT_FAILED, "%d VM(s) failed" % final[1]
    else:
        status, reason = EXIT_OK, "all %d VM(s) stopped cleanly" % final[0]
    if tap:
        tap.finish(status, reason)
    if status != EXIT_OK:
        sys.stderr.write("zarm-run: %s\n" % reason)
    return status


def main(argv, defaults):
    try:
        opts = parse_args(argv, defaults)
        if opts.target == "aarch64":
            from zarmrun import aarch64 as backend
        else:
            from zarmrun import s390x as backend
        return backend.run(opts)
    except UsageError as e:
        sys.stderr.write("zarm-run: %s\n" % e)
        return EXIT_USAGE
