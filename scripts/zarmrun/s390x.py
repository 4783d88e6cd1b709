# SPDX-License-Identifier: GPL-2.0-only
"""zarm-run backend for s390x: boot zarm under Hercules.

Writes into one folder (a temporary one, or --keep DIR): zarm.bin, the
configuration blob config.dtb (the /zarm node, doc/config.md), each guest's
storage image, the .ins list that loads them (zarm at 0, the blob at
CONFIG_ADDR, guest n at its storage origin), hercules.cnf and the rc file
whose automatic operator quits Hercules when a CPU loads a disabled wait
(HHCCP011I). zarm's final line and its wait PSW give the verdict.

Guest images: an s390x ELF (its PT_LOAD segments are laid out at their
physical addresses from guest absolute 0; the vCPU starts in 64-bit mode
at e_entry), or a raw stand-alone program loaded at guest absolute 0 and
started from the ESA/390 IPL PSW in its first 8 bytes (or at entry=ADDR).
For an s390 Linux kernel image, cmdline= goes to 0x10480 and initrd= is
loaded at guest 0x2000000 (or the first MiB after the image) with its start
and size at 0x10408/0x10410, as the kernel expects after an IPL.
The host addresses below are the ones in arch/s390/layout.h.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import signal
import tempfile
import threading

from zarmrun import common
from zarmrun.console_input import LineForwarder

CONFIG_ADDR = 0x00400000
CONFIG_MAX = 0x00010000
GUEST_BASE = 0x00800000
MIB = 1 << 20
DEFAULT_MEM = 16 * MIB
WAIT_OK, WAIT_FAILED, WAIT_PANIC = 0x5A0000, 0x5A0001, 0x5A0DED
INPUT_ACK = "zarm-input-ack"    # arch/s390/host_input.h: zarm takes the next line
WAIT_PSW_RE = re.compile(r"PSW=([0-9A-F]{8}) ([0-9A-F]{8}) ([0-9A-F]{16})")
# Traced instructions: "PSW=... INST=..." for the host, "SIE: PSW=..." for
# the guest; with more than one CPU each gets a "CPU0000: " prefix too.
TRACE_HOST_RE = re.compile(r"^(?:(CPU[0-9A-F]{4}):\s+)?PSW=[0-9A-F]{8} [0-9A-F]{8} [0-9A-F]{16} INST=")
TRACE_GUEST_RE = re.compile(r"^SIE: (?:(CPU[0-9A-F]{4}):\s+)?PSW=[0-9A-F]{8} [0-9A-F]{8} [0-9A-F]{16} INST=([0-9A-F]+)")


def align_up(value, align):
    return (value + align - 1) // align * align


def flatten_elf(data, path):
    """An s390x ELF64 as (flat image from guest absolute 0, entry)."""
    if data[4] != 2 or data[5] != 2:
        raise common.UsageError("%s: not a 64-bit big-endian ELF" % path)
    (e_type, e_machine, _, e_entry, e_phoff, _, _, _, e_phentsize,
     e_phnum) = struct.unpack(">HHIQQQIHHH", data[16:58])
    if e_machine != 22:
        raise common.UsageError("%s: not an s390x ELF (machine %d)" % (path, e_machine))
    segs = []
    for i in range(e_phnum):
        off = e_phoff + i * e_phentsize
        p_type, _, p_offset, _, p_paddr, p_filesz, _, _ = struct.unpack(
            ">IIQQQQQQ", data[off:off + 56])
        if p_type == 1 and p_filesz:
            segs.append((p_paddr, data[p_offset:p_offset + p_filesz]))
    if not segs:
        raise common.UsageError("%s: no loadable segment" % path)
    size = max(addr + len(blob) for addr, blob in segs)
    if size > 1 << 31:
        raise common.UsageError("%s: segments reach beyond 2 GiB" % path)
    flat = bytearray(size)
    for addr, blob in segs:
        flat[addr:addr + len(blob)] = blob
    return bytes(flat), e_entry


def load_image(vm):
    path = vm["image"]
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise common.UsageError("--vm %s: %s" % (vm["name"], e))
    if not data:
        raise common.UsageError("--vm %s: image %s is empty" % (vm["name"], path))
    entry = vm.get("entry")
    if data[:4] == b"\x7fELF":
        data, elf_entry = flatten_elf(data, path)
        if entry is None:
            entry = elf_entry
    return data, entry


# Linux's s390 boot protocol for a kernel image loaded at 0: the initrd's
# start and size (8-byte big-endian) and the command line (NUL-terminated).
LINUX_INITRD_START = 0x10408
LINUX_INITRD_SIZE = 0x10410
LINUX_CMDLINE = 0x10480
LINUX_CMDLINE_MAX = 896
LINUX_INITRD_ADDR = 0x02000000


def linux_params(vm, data, work):
    """Put cmdline= and initrd= where an s390 Linux kernel image reads
    them. Returns the image (patched) and the initrd's (guest address,
    file name, size) or None."""
    if not vm.get("cmdline") and not vm.get("initrd"):
        return data, None
    if len(data) < LINUX_CMDLINE + LINUX_CMDLINE_MAX:
        raise common.UsageError("--vm %s: cmdline/initrd need an s390 Linux kernel image"
                                % vm["name"])
    data = bytearray(data)
    initrd = None
    if vm.get("cmdline"):
        cmd = vm["cmdline"].encode()
        if len(cmd) >= LINUX_CMDLINE_MAX:
            raise common.UsageError("--vm %s: cmdline longer than %d bytes"
                                    % (vm["name"], LINUX_CMDLINE_MAX - 1))
        data[LINUX_CMDLINE:LINUX_CMDLINE + LINUX_CMDLINE_MAX] = \
            cmd + bytes(LINUX_CMDLINE_MAX - len(cmd))
    if vm.get("initrd"):
        size = os.path.getsize(vm["initrd"])
        addr = max(LINUX_INITRD_ADDR, align_up(len(data), MIB))
        fname = "vm%d.initrd" % vm["id"]
        shutil.copyfile(vm["initrd"], os.path.join(work, fname))
        data[LINUX_INITRD_START:LINUX_INITRD_START + 8] = struct.pack(">Q", addr)
        data[LINUX_INITRD_SIZE:LINUX_INITRD_SIZE + 8] = struct.pack(">Q", size)
        initrd = (addr, fname, size)
    return bytes(data), initrd


def place(opts, work):
    """Give every VM its 1 MiB-aligned host storage; write its image file."""
    cursor = GUEST_BASE
    placed, ins = [], []
    for vm in opts.vms:
        data, entry = load_image(vm)
        data, initrd = linux_params(vm, data, work)
        need = len(data) if not initrd else initrd[0] + initrd[2]
        mem = vm["mem"] if vm["mem"] is not None else max(DEFAULT_MEM, align_up(need, MIB))
        if mem % MIB:
            raise common.UsageError("--vm %s: on s390x mem must be a multiple of 1M" % vm["name"])
        if need > mem:
            raise common.UsageError("--vm %s: image (and initrd) need %d bytes, more than mem"
                                    % (vm["name"], need))
        base = align_up(cursor, MIB)
        fname = "vm%d.img" % vm["id"]
        with open(os.path.join(work, fname), "wb") as f:
            f.write(data)
        ins.append("%s 0x%x" % (fname, base))
        if initrd:
            ins.append("%s 0x%x" % (initrd[1], base + initrd[0]))
        # The initrd is already in place: zarm need not know about it.
        p = dict(vm, mem_base=0, mem_size=mem, image_addr=base, image_size=len(data),
                 initrd=None, cmdline=None)
        p["entry"] = entry
        placed.append(p)
        cursor = base + mem
    return placed, ins, cursor


def write_config(opts, work, placed):
    dts = "/dts-v1/;\n/ {\n" + common.zarm_node_dts(placed) + "};\n"
    with open(os.path.join(work, "config.dts"), "w") as f:
        f.write(dts)
    dtc = opts.tools.get("dtc") or "dtc"
    r = subprocess.run([dtc, "-q", "-I", "dts", "-O", "dtb", "-o",
                        os.path.join(work, "config.dtb"), os.path.join(work, "config.dts")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode:
        raise common.UsageError("dtc failed: %s" % r.stdout.decode(errors="replace").strip())
    if os.path.getsize(os.path.join(work, "config.dtb")) > CONFIG_MAX:
        raise common.UsageError("configuration blob larger than %d bytes" % CONFIG_MAX)


def place_bare(opts, work):
    """--bare: the one guest image alone at absolute 0 of the machine."""
    vm = opts.vms[0]
    data, _ = load_image(vm)
    data, initrd = linux_params(vm, data, work)
    need = len(data) if not initrd else initrd[0] + initrd[2]
    mem = vm["mem"] if vm["mem"] is not None else max(DEFAULT_MEM, align_up(need, MIB))
    if need > mem:
        raise common.UsageError("--vm %s: image (and initrd) need %d bytes, more than mem"
                                % (vm["name"], need))
    with open(os.path.join(work, "guest.bin"), "wb") as f:
        f.write(data)
    ins = ["guest.bin 0x0"]
    if initrd:
        ins.append("%s 0x%x" % (initrd[1], initrd[0]))
    return ins, mem


def write_hercules(opts, work, ins, storage_end, bare=False):
    mainsize = align_up(storage_end, MIB) // MIB
    if opts.mem:
        want = common.parse_size(opts.mem) // MIB
        if want < mainsize:
            raise common.UsageError("--mem %s is too small for the VMs (%d MiB needed)"
                                    % (opts.mem, mainsize))
        mainsize = want
    with open(os.path.join(work, "zarm.ins"), "w") as f:
        if not bare:
            f.write("zarm.bin 0x0\nconfig.dtb 0x%x\n" % CONFIG_ADDR)
        f.write("\n".join(ins) + "\n")
    ncpu = opts.smp
    # CPUPRIO 0: Hercules runs its CPU threads at nice 15 by default, and on
    # a busy host they starve (Debian's kernel took 250 s instead of 100 s).
    cnf = ["ARCHMODE z/Arch", "MAINSIZE %d" % mainsize, "NUMCPU %d" % ncpu,
           "MAXCPU %d" % ncpu, "CPUMODEL 2064", "CPUPRIO 0", "PANRATE SLOW", "OSTAILOR QUIET",
           "DIAG8CMD ENABLE NOECHO", "000E 1403 prt.txt"]
    with open(os.path.join(work, "hercules.cnf"), "w") as f:
        f.write("\n".join(cnf) + "\n")
    with open(os.path.join(work, "run.rc"), "w") as f:
        f.write("hao tgt HHCCP011I\nhao cmd quit\nipl zarm.ins\n")


class Console:
    """Keeps zarm's and the guests' lines, hides Hercules' own chatter,
    remembers the final wait PSW and counts traced instructions."""

    def __init__(self, opts, pid_file=None, input_lines=None):
        self.opts = opts
        self.pid_file = pid_file
        self.input = input_lines
        self.wait_code = None
        self.after_wait = 0
        self.tracing = False
        self.trace = []

    def __call__(self, text):
        if self.after_wait:
            # The PSW follows HHCCP011I, sometimes a few lines later when
            # the automatic operator's own messages come in between.
            self.after_wait -= 1
            m = WAIT_PSW_RE.search(text)
            if m:
                self.after_wait = 0
                self.wait_code = int(m.group(3), 16)
                self.reap_later()
                meaning = {WAIT_OK: "success", WAIT_FAILED: "some VM failed",
                           WAIT_PANIC: "zarm failed"}.get(self.wait_code, "unknown code")
                if self.opts.bare:
                    meaning = "the guest's code 0x%x" % self.wait_code
                return "zarm-run: Hercules stopped in disabled wait PSW %s %s %s: %s" % (
                    m.groups() + (meaning,))
        if text.startswith("HHCCP011I"):
            self.after_wait = 10
            return None
        if text == INPUT_ACK:
            if self.input:
                self.input.ack()
            return None
        if self.opts.bench:
            if TRACE_HOST_RE.match(text) or TRACE_GUEST_RE.match(text):
                self.trace.append(text)
                return None
        if text.startswith("zarm: ") or text.startswith("["):
            return text
        return text if self.opts.verbose else None

    def reap_later(self, delay=3.0):
        """The rc file's automatic operator quits Hercules on HHCCP011I, but
        it can miss the message when the instruction trace floods the log:
        end Hercules ourselves if it is still there a little later."""
        def kill():
            try:
                with open(self.pid_file) as f:
                    os.killpg(int(f.read().strip()), signal.SIGKILL)
            except (OSError, ValueError):
                pass
        if self.pid_file:
            t = threading.Timer(delay, kill)
            t.daemon = True
            t.start()

    def diag_null_count(self):
        """Instructions of one null-hypercall round trip: the bench guest's
        first DIAG after tracing starts (the null hypercall; tracing starts
        inside the one that turned it on), every host instruction until the
        guest runs again, and nothing else."""
        return self.guest_gap_count("83")

    def irq_deliver_count(self):
        """Instructions from an interruption becoming pending to the guest's
        handler: the bench guest's SIGP emergency signal to itself (enabled),
        every host instruction, up to the first instruction of the handler
        (STMG, opcode EB..24, in the guest's ext_stub)."""
        return self.guest_gap_count("AE", next_re=re.compile(r"^EB[0-9A-F]{8}24"))

    def prog_intercept_count(self):
        """Instructions of a program interruption SIE intercepts and zarm
        completes: the bench guest's MVGHI 0x180(0),0 with
        low-address protection on, every host instruction, up to the first
        instruction of its program-check handler (STMG 0,15,0x200)."""
        return self.guest_gap_count("E54801800000", next_re=re.compile(r"^EB0F0200[0-9A-F]{2}24"))

    def guest_gap_count(self, opcode, next_re=None):
        """1 for the first traced guest instruction starting with @opcode,
        plus every host instruction on its CPU until that CPU's next guest
        instruction (which must match @next_re when given); None if absent."""
        for i, line in enumerate(self.trace):
            m = TRACE_GUEST_RE.match(line)
            if not m or not m.group(2).startswith(opcode):
                continue
            cpu = m.group(1)
            host = 0
            for nxt in self.trace[i + 1:]:
                g = TRACE_GUEST_RE.match(nxt)
                if g and host == 0 and g.group(2) == m.group(2):
                    # Hercules shows an instruction that program-checks
                    # once more (its PSW past it) with its message.
                    continue
                if g and g.group(1) == cpu:
                    if next_re and not next_re.match(g.group(2)):
                        return None
                    return 1 + host
                h = TRACE_HOST_RE.match(nxt)
                if h and h.group(1) == cpu:
                    host += 1
            return None
        return None


def run(opts):
    if opts.gdb is not None:
        # Hercules 3.13 speaks no gdb remote protocol (Debian's build has no
        # stub at all); its debugging is on its own console: instruction
        # trace (t+), stepping (s+), breakpoints (b ADDR), registers (gpr).
        raise common.UsageError("--gdb: Hercules 3.13 (s390x) has no gdb stub; use its console "
                                "commands t+, s+, b ADDR, gpr (doc/zarm-run.md)")
    hercules = opts.tools.get("hercules") or "hercules"
    if not shutil.which(hercules):
        sys.stderr.write("zarm-run: hercules not found (Debian package 'hercules')\n")
        return common.EXIT_USAGE
    work = opts.keep or tempfile.mkdtemp(prefix="zarm-s390x-")
    os.makedirs(work, exist_ok=True)
    try:
        judge = None
        if opts.bare:
            ins, end = place_bare(opts, work)
            write_hercules(opts, work, ins, end, bare=True)
        else:
            shutil.copyfile(opts.zarm, os.path.join(work, "zarm.bin"))
            placed, ins, end = place(opts, work)
            write_config(opts, work, placed)
            write_hercules(opts, work, ins, end)
        env = dict(os.environ, HERCULES_RC="run.rc")
        pid_file = os.path.join(work, "hercules.pid")
        lines = LineForwarder(opts)
        console = Console(opts, pid_file, lines if lines.active() else None)
        if opts.bare:
            def judge():
                if console.wait_code is None:
                    return common.EXIT_NO_STATUS, "the guest loaded no disabled wait"
                if console.wait_code:
                    return common.EXIT_FAILED, "the guest stopped with code 0x%x" % console.wait_code
                return common.EXIT_OK, "the guest stopped cleanly"
        # run_streaming starts the command in its own session: its pid is
        # the process group to end if Hercules does not quit by itself.
        if console.input:
            # Console input: Hercules reads commands from its standard input
            # only in its external-GUI mode (log on stdout, the GUI's status
            # lines on stderr, which nobody needs).
            cmd = ["sh", "-c", 'echo $$ > hercules.pid; exec "$0" -f hercules.cnf '
                   'EXTERNALGUI 2>/dev/null', hercules]
        else:
            cmd = ["sh", "-c", 'echo $$ > hercules.pid; exec "$0" -d -f hercules.cnf',
                   hercules]
        status = common.run_streaming(cmd, opts, console_input=console.input,
                                      cwd=work, env=env, line_filter=console,
                                      log_path=os.path.join(work, "console.log") if opts.keep else None,
                                      judge=judge)
        if opts.bare:
            return status
        if status == common.EXIT_OK and console.wait_code not in (None, WAIT_OK):
            sys.stderr.write("zarm-run: zarm stopped with wait code 0x%x\n" % console.wait_code)
            status = common.EXIT_FAILED
        if console.wait_code == WAIT_PANIC:
            sys.stderr.write("zarm-run: zarm itself failed (wait code 0x%x)\n" % WAIT_PANIC)
        if opts.bench:
            n = console.diag_null_count()
            if n is None:
                sys.stderr.write("zarm-run: no traced null hypercall found\n")
                return common.EXIT_FAILED
            print("BENCH s390.diag_null %d" % n)
            n = console.irq_deliver_count()
            if n is None:
                sys.stderr.write("zarm-run: no traced interruption delivery found\n")
                return common.EXIT_FAILED
            print("BENCH s390.irq_deliver %d" % n)
            n = console.prog_intercept_count()
            if n is None:
                sys.stderr.write("zarm-run: no traced intercepted program interruption found\n")
                return common.EXIT_FAILED
            print("BENCH s390.prog_intercept %d" % n)
        return status
    finally:
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
