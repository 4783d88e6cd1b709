# SPDX-License-Identifier: GPL-2.0-only
"""zarm-run backend for arm64: QEMU's virt board with EL2 (TCG).

The configuration travels in QEMU's own device tree: dump it with
-machine dumpdtb=, add the /zarm node, recompile, and boot zarm.bin (a raw
binary with a Linux Image header) with -kernel and -dtb. Guest images and
initrds go into machine RAM with -device loader,force-raw=on at addresses
that overlap neither zarm, nor the device tree QEMU places at RAM + 128 MiB,
nor each other; zarm carves each VM's RAM from the free top of memory.
Where zarm sits comes from its Image header (text_offset, image_size):
zarm.bin at RAM + 2 MiB, zarm-bl33.bin at 0x60000000 (TF-A's BL33 address:
--firmware; without it zarm-run enters that image as TF-A would).
"""
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile

from zarmrun import common
from zarmrun import firmware

RAM_BASE = 0x40000000
DTB_SLOT = RAM_BASE + 0x08000000     # where QEMU puts the DTB (RAM >= 256M)
IMAGES_BASE = RAM_BASE + 0x09000000  # images start 16 MiB above it
GUEST_IPA_BASE = 0x40000000
DEFAULT_VM_MEM = 64 << 20
SZ_2M = 2 << 20
SZ_128M = 128 << 20
# QEMU's fastest faithful CPU for zarm (doc/zarm-run.md): every feature of
# `max`, with pointer authentication computed by QEMU's IMPLEMENTATION
# DEFINED algorithm instead of the architected QARMA cipher, whose emulation
# dominates a PAC-enabled kernel's run time under TCG (Debian's kernel boots
# about 2.5x faster). Guests see API/GPI instead of APA/GPA in
# ID_AA64ISAR1_EL1 and behave the same. `--emulator-arg -cpu ...` overrides.
QEMU_CPU = "max,pauth-impdef=on"


def _align(v, a):
    return (v + a - 1) // a * a


def machine_args(opts, mem_mb):
    """The board, the same for the device-tree dump and the run. -nodefaults:
    no NIC (whose iPXE option ROM, efi-virtio.rom, is only a recommendation
    of Debian's QEMU, so a minimal install has none), no default serial or
    monitor, no display; run() adds back the one thing zarm uses, the
    PL011 on stdio. The virt board's own devices (UARTs, GIC, RTC, GPIO,
    flash, virtio-mmio slots) are not defaults and stay."""
    machine = "virt,virtualization=on,gic-version=3"
    if opts.secure or opts.ffa_peer or opts.firmware:
        machine += ",secure=on"
    return ["-M", machine, "-nodefaults", "-cpu", QEMU_CPU, "-smp", str(opts.smp),
            "-m", "%dM" % mem_mb, "-display", "none", "-no-reboot"]


def zarm_span(path):
    """Where zarm lies in RAM: (load address, end incl. BSS) from its Image
    header; an ELF (--secure) is zarm.bin's twin at RAM + 2 MiB."""
    hdr = None if path.endswith(".elf") else firmware.image_header(path)
    if hdr is None:
        return RAM_BASE + 0x200000, RAM_BASE + 0x200000 + os.path.getsize(path)
    return RAM_BASE + hdr[0], RAM_BASE + hdr[0] + max(hdr[1], os.path.getsize(path))


def place(opts):
    """Give every image/initrd a host address and every VM its config."""
    zarm_lo, zarm_hi = zarm_span(firmware.bl33_image(opts.zarm) if opts.firmware
                                 else opts.zarm)
    addr = IMAGES_BASE
    loads = []
    vms = []
    total_vm = 0
    for vm in opts.vms:
        v = dict(vm)
        size = os.path.getsize(vm["image"])
        v["image_addr"], v["image_size"] = addr, size
        loads.append((vm["image"], addr))
        addr = _align(addr + size, SZ_2M)
        if vm.get("initrd"):
            isize = os.path.getsize(vm["initrd"])
            v["initrd_addr"], v["initrd_size"] = addr, isize
            loads.append((vm["initrd"], addr))
            addr = _align(addr + isize, SZ_2M)
        v["mem_base"] = GUEST_IPA_BASE
        v["mem_size"] = _align(vm["mem"] or DEFAULT_VM_MEM, SZ_2M)
        total_vm += v["mem_size"]
        vms.append(v)
    if zarm_lo >= IMAGES_BASE and addr > zarm_lo:
        raise common.UsageError("the guest images (%dM from 0x%x) reach zarm at 0x%x"
                                % ((addr - IMAGES_BASE) >> 20, IMAGES_BASE, zarm_lo))
    need = (max(addr, zarm_hi) - RAM_BASE) + total_vm + (32 << 20)
    mem = max(need, 512 << 20)
    if opts.mem:
        asked = common.parse_size(opts.mem)
        if asked < need:
            raise common.UsageError("--mem %s is too small: the images and VMs need %dM"
                                    % (opts.mem, need >> 20))
        mem = asked
    return vms, loads, _align(mem, SZ_128M) >> 20


def build_dtb(opts, work, mem_mb, vms):
    qemu = opts.tools.get("qemu_aarch64") or "qemu-system-aarch64"
    dtc = opts.tools.get("dtc") or "dtc"
    base = os.path.join(work, "qemu.dtb")
    m = machine_args(opts, mem_mb)
    m[1] += ",dumpdtb=" + base
    subprocess.run([qemu] + m, check=True, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=30)
    dts = subprocess.run([dtc, "-q", "-I", "dtb", "-O", "dts", base], check=True,
                         stdout=subprocess.PIPE, timeout=30).stdout.decode()
    dts += "\n/ {\n" + common.zarm_node_dts(vms) + "};\n"
    with open(os.path.join(work, "zarm.dts"), "w") as f:
        f.write(dts)
    out = os.path.join(work, "zarm.dtb")
    subprocess.run([dtc, "-q", "-I", "dts", "-O", "dtb", "-o", out,
                    os.path.join(work, "zarm.dts")], check=True, timeout=30)
    return out


def kernel_image(opts):
    """zarm.bin (Image header: QEMU starts it at non-secure EL2), or with
    --secure its ELF twin, which QEMU starts at EL3 on every CPU."""
    if not opts.secure:
        return opts.zarm
    elf = os.path.splitext(opts.zarm)[0] + ".elf"
    if not os.path.isfile(elf):
        raise common.UsageError("--secure boots zarm at EL3 from %s, which is missing" % elf)
    return elf


def boot_args(opts, dtb, work):
    """How zarm starts: -kernel zarm.bin at EL2 (or zarm.elf at EL3 with
    --secure); with --ffa-peer the peer ELF is the -kernel, which QEMU starts
    at EL3 (it is linked at RAM + 1 MiB, so QEMU puts the device tree at
    RAM base), and zarm.bin is loaded raw at its link address
    for the peer to ERET into at EL2 with x0 = the device tree.
    With --firmware, QEMU starts TF-A from a copy of the flash whose FIP
    holds zarm-bl33.bin as BL33; QEMU puts the device tree at RAM base,
    where TF-A's qemu platform reads and amends it."""
    if opts.firmware:
        if opts.secure or opts.ffa_peer:
            raise common.UsageError("--firmware provides EL3: not with --secure or --ffa-peer")
        return ["-bios", firmware.prepare(opts, work), "-dtb", dtb]
    load = zarm_span(opts.zarm)[0]
    if load == firmware.BL33_BASE and not opts.secure:
        # zarm-bl33.bin without TF-A: entered as TF-A's BL31 would (raw at
        # 0x60000000, NS-EL2, x0 = 0, the device tree at RAM base where
        # QEMU puts it when it boots no kernel), with QEMU's PSCI.
        if opts.ffa_peer:
            raise common.UsageError("--ffa-peer enters zarm at 0x%x: use zarm.bin"
                                    % (RAM_BASE + 0x200000))
        return ["-dtb", dtb, "-device", "loader,file=%s,addr=0x%x,force-raw=on"
                % (os.path.abspath(opts.zarm), load),
                "-device", "loader,addr=0x%x,cpu-num=0" % load]
    if not opts.ffa_peer:
        return ["-kernel", kernel_image(opts), "-dtb", dtb]
    if opts.secure:
        raise common.UsageError("--ffa-peer and --secure both provide EL3: choose one")
    if not os.path.isfile(opts.ffa_peer):
        raise common.UsageError("FF-A peer '%s' not found" % opts.ffa_peer)
    return ["-kernel", os.path.abspath(opts.ffa_peer), "-dtb", dtb,
            "-device", "loader,file=%s,addr=0x%x,force-raw=on"
            % (os.path.abspath(opts.zarm), zarm_span(opts.zarm)[0])]


def symbol_file(opts):
    """zarm's ELF (its symbols) beside the image QEMU boots: zarm.bin ->
    zarm.elf, zarm-bl33.bin -> zarm-bl33.elf; None when there is none."""
    image = firmware.bl33_image(opts.zarm) if opts.firmware else opts.zarm
    elf = os.path.splitext(image)[0] + ".elf"
    return os.path.abspath(elf) if os.path.isfile(elf) else None


def gdb_args(opts):
    """--gdb: QEMU halts at reset (-S) with its gdb stub on the loopback
    interface only; prints the gdb command that attaches to it."""
    port = opts.gdb
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError as e:
            raise common.UsageError("--gdb: port %d is not free (%s)" % (port, e.strerror))
    elf = symbol_file(opts)
    gdb = "gdb-multiarch -q %s-ex %s" % (shlex.quote(elf) + " " if elf else "",
                                         shlex.quote("target remote 127.0.0.1:%d" % port))
    sys.stderr.write("zarm-run: QEMU waits at reset for gdb on 127.0.0.1:%d; attach with:\n"
                     "zarm-run: gdb: %s\n" % (port, gdb))
    if not elf:
        sys.stderr.write("zarm-run: no ELF beside %s: gdb has no symbols\n" % opts.zarm)
    sys.stderr.flush()
    return ["-gdb", "tcp:127.0.0.1:%d" % port, "-S"]


def run(opts):
    qemu = opts.tools.get("qemu_aarch64") or "qemu-system-aarch64"
    if opts.prepare_only:
        if not opts.firmware or not opts.keep:
            raise common.UsageError("--prepare-only needs --firmware and --keep DIR")
        os.makedirs(opts.keep, exist_ok=True)
        print(firmware.prepare(opts, opts.keep))
        return common.EXIT_OK
    if not shutil.which(qemu):
        raise common.UsageError("QEMU (%s) not found" % qemu)
    vms, loads, mem_mb = place(opts)
    work = opts.keep or tempfile.mkdtemp(prefix="zarm-run-")
    os.makedirs(work, exist_ok=True)
    try:
        dtb = build_dtb(opts, work, mem_mb, vms)
        cmd = [qemu] + machine_args(opts, mem_mb) + boot_args(opts, dtb, work) + [
            "-serial", "stdio", "-monitor", "none"]
        for path, addr in loads:
            cmd += ["-device", "loader,file=%s,addr=0x%x,force-raw=on"
                    % (os.path.abspath(path), addr)]
        if opts.bench:
            cmd += ["-icount", "shift=4,sleep=off"]
        if opts.gdb is not None:
            cmd += gdb_args(opts)
        cmd += opts.emulator_arg
        with open(os.path.join(work, "qemu.cmd"), "w") as f:
            f.write(" ".join(cmd) + "\n")
        return common.run_streaming(cmd, opts, log_path=os.path.join(work, "console.log"),
                                    console_input=True)
    except subprocess.CalledProcessError as e:
        err = e.stderr.decode(errors="replace").strip() if e.stderr else ""
        raise common.UsageError("%s failed: %s" % (e.cmd[0], err or e))
    finally:
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
