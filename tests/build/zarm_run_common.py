# SPDX-License-Identifier: GPL-2.0-only
"""TAP tests of scripts/zarmrun/common.py: --vm parsing and its refusals,
sizes, the /zarm node (compiled by the real dtc and read back with fdtget
semantics through dtc -O dts), merging several VMs' TAP streams, and the
emulators' default CPU options."""
import io
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["ZARM_SRCDIR"], "scripts"))
from zarmrun import common  # noqa: E402

results = []


def check(cond, desc):
    results.append((bool(cond), desc))


def refused(fn, *args):
    try:
        fn(*args)
    except common.UsageError:
        return True
    return False


with tempfile.TemporaryDirectory() as tmp:
    img = os.path.join(tmp, "g.bin")
    open(img, "wb").write(b"\0" * 64)

    check(common.parse_size("64M") == 64 << 20 and common.parse_size("1G") == 1 << 30
          and common.parse_size("0x1000") == 4096, "sizes parse with suffixes and hex")
    check(refused(common.parse_size, "12Q"), "a bad size is refused")

    vm = common.parse_vm("name=alpha,image=%s,mem=32M,vcpus=3,cmdline=a=b,c d" % img, 0)
    check(vm["name"] == "alpha" and vm["mem"] == 32 << 20 and vm["vcpus"] == 3
          and vm["cmdline"] == "a=b,c d" and vm["id"] == 1,
          "--vm keys parse; cmdline keeps its commas")
    check(refused(common.parse_vm, "name=x", 0), "image= is required")
    check(refused(common.parse_vm, "name=bad name,image=%s" % img, 0), "names are checked")
    check(refused(common.parse_vm, "image=%s,vcpus=9" % img, 0), "vcpus is bounded")
    check(refused(common.parse_vm, "image=%s,mem=1000" % img, 0), "mem must be page-sized")
    check(refused(common.parse_vm, "image=/nonexistent", 0), "a missing image is refused")
    check(refused(common.parse_vm, "image=%s,colour=red" % img, 0), "unknown keys are refused")
    vm = common.parse_vm("image=%s,spis=34:0x30,cmdline=x" % img, 0)
    check(vm["spis"] == [34, 48] and vm["cmdline"] == "x"
          and common.parse_vm("image=%s" % img, 0)["spis"] == [],
          "spis= parses a ':' list (hex too) and defaults to none")
    check(all(refused(common.parse_vm, "image=%s,spis=%s" % (img, bad), 0)
              for bad in ("31", "1020", "34:34", "32:33:34:35:36", "", "x")),
          "spis= refuses non-SPIs, repeats, more than 4 and junk")

    vms = [dict(id=1, name="alpha", vcpus=2, mem_base=0x40000000, mem_size=64 << 20,
                image_addr=0x1_4800_0000, image_size=0x1000, cmdline='say "hi"'),
           dict(id=2, name="beta", vcpus=1, mem_base=0x40000000, mem_size=32 << 20,
                image_addr=0x4c000000, image_size=0x2000, entry=0x40080000, ffa_id=7,
                spis=[34, 40])]
    dts = "/dts-v1/;\n/ {\n" + common.zarm_node_dts(vms) + "};\n"
    src = os.path.join(tmp, "c.dts")
    open(src, "w").write(dts)
    r = subprocess.run(["dtc", "-I", "dts", "-O", "dtb", "-o", os.path.join(tmp, "c.dtb"), src],
                       capture_output=True, text=True)
    check(r.returncode == 0, "the /zarm node compiles with dtc")
    back = subprocess.run(["dtc", "-I", "dtb", "-O", "dts", os.path.join(tmp, "c.dtb")],
                          capture_output=True, text=True).stdout
    check("image = <0x01 0x48000000 0x00 0x1000>;" in back, "64-bit addresses become two cells")
    check('bootargs = "say \\"hi\\"";' in back and "ffa-id = <0x07>;" in back
          and "entry = <0x00 0x40080000>;" in back
          and "passthrough-spis = <0x22 0x28>;" in back, "optional properties are written")
    check(back.count("passthrough-spis") == 1, "spis are written only for the VM that has them")

    out = io.StringIO()
    tap = common.TapMerger(out)
    for line in ["[a] 1..2", "[b] 1..1", "[a] ok 1 - first", "zarm: booting",
                 "[b] not ok 1 - broken", "[a] ok 2 - second"]:
        tap.line(line)
    tap.finish(common.EXIT_OK, "done")
    lines = out.getvalue().splitlines()
    check(lines[0] == "ok 1 - [a] first" and lines[1] == "# zarm: booting"
          and lines[2] == "not ok 2 - [b] broken", "TAP lines are renumbered into one stream")
    check("ok 4 - [a] ran 2 of 2 planned tests" in lines and lines[-1] == "1..6",
          "every VM's plan is checked and one plan closes the stream")
    out = io.StringIO()
    tap = common.TapMerger(out)
    tap.line("[a] 1..3")
    tap.line("[a] ok 1 - only one")
    tap.finish(common.EXIT_NO_STATUS, "timed out")
    text = out.getvalue()
    check("not ok 2 - [a] ran 1 of 3 planned tests" in text
          and "not ok 3 - zarm-run: timed out" in text,
          "a short run and a timeout each fail a test")

    # The emulators' default CPU options (doc/zarm-run.md, "Emulator options").
    from zarmrun import aarch64, s390x  # noqa: E402

    class Opts:
        secure = ffa_peer = firmware = None
        smp = 2
        mem = None

    args = aarch64.machine_args(Opts(), 512)
    check(args[args.index("-cpu") + 1] == "max,pauth-impdef=on",
          "QEMU runs -cpu max,pauth-impdef=on by default")
    s390x.write_hercules(Opts(), tmp, [], 16 << 20)
    cnf = open(os.path.join(tmp, "hercules.cnf")).read().splitlines()
    check("CPUPRIO 0" in cnf, "Hercules runs its CPU threads at CPUPRIO 0")

print("1..%d" % len(results))
for i, (ok, desc) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, desc))
