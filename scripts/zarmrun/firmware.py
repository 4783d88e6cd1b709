# SPDX-License-Identifier: GPL-2.0-only
"""zarm as the BL33 of Trusted Firmware-A's qemu platform (--firmware).

TF-A's qemu flash image is bl1.bin padded to 256 KiB followed by fip.bin
(the Firmware Image Package holding BL2, BL31, BL32, BL33, ...). zarm goes
in as the non-trusted firmware (BL33) with Debian's fiptool
(arm-trusted-firmware-tools); TF-A's BL2 loads it at 0x60000000 and BL31
enters it at NS-EL2. The caller's flash is never modified: a copy is.
"""
import os
import shutil
import struct
import subprocess

from zarmrun import common

FIP_OFFSET = 256 << 10          # bl1.bin is padded to this in TF-A's flash.bin
FLASH_MAX = 64 << 20            # QEMU virt's flash bank
BL33_BASE = 0x60000000          # TF-A qemu NS_IMAGE_OFFSET
RAM_BASE = 0x40000000
FIP_TOC_NAME = 0xAA640001
TOC_HEADER = 16                 # name, serial number, flags
TOC_ENTRY = 40                  # UUID, offset, size, flags


def image_header(path):
    """(text_offset, image_size) from an arm64 Image header, or None."""
    with open(path, "rb") as f:
        hdr = f.read(64)
    if len(hdr) < 64 or hdr[56:60] != b"ARM\x64":
        return None
    text_offset, image_size = struct.unpack_from("<QQ", hdr, 8)
    return text_offset, image_size


def bl33_image(zarm):
    """The zarm image linked for 0x60000000: zarm itself if it is one,
    else its -bl33 sibling (zarm.bin -> zarm-bl33.bin)."""
    candidates = [zarm, os.path.splitext(zarm)[0] + "-bl33.bin"]
    for path in candidates:
        hdr = os.path.isfile(path) and image_header(path)
        if hdr and RAM_BASE + hdr[0] == BL33_BASE:
            return path
    raise common.UsageError("--firmware needs zarm linked at 0x%x (zarm-bl33.bin, `make` builds "
                            "it): none of %s is" % (BL33_BASE, ", ".join(candidates)))


def fip_size(flash, offset=FIP_OFFSET):
    """Length of the FIP at offset, from its table of contents: the entry
    with a null UUID ends it and its offset is where the FIP ends."""
    if len(flash) < offset + TOC_HEADER or \
            struct.unpack_from("<I", flash, offset)[0] != FIP_TOC_NAME:
        raise common.UsageError("no FIP at offset %d KiB of the flash image (TF-A's qemu "
                                "flash.bin is bl1.bin padded to 256 KiB, then fip.bin)"
                                % (offset >> 10))
    end = offset + TOC_HEADER
    pos = end
    while pos + TOC_ENTRY <= len(flash):
        uuid = flash[pos:pos + 16]
        off, size = struct.unpack_from("<QQ", flash, pos + 16)
        if off + size < off:
            break
        end = max(end, offset + off + size, pos + TOC_ENTRY)
        if uuid == b"\0" * 16:
            if end > len(flash):
                break
            return end - offset
        pos += TOC_ENTRY
    raise common.UsageError("the FIP in the flash image has a damaged table of contents")


def prepare(opts, work, fiptool="fiptool"):
    """Copy opts.firmware into work/flash.bin with zarm as BL33 in its FIP.
    Returns the new flash image's path."""
    if not os.path.isfile(opts.firmware):
        raise common.UsageError("firmware flash image '%s' not found" % opts.firmware)
    if not shutil.which(fiptool):
        raise common.UsageError("fiptool not found (Debian: apt install arm-trusted-firmware-tools)")
    bl33 = bl33_image(opts.zarm)
    with open(opts.firmware, "rb") as f:
        flash = f.read()
    size = fip_size(flash)
    fip = os.path.join(work, "fip.bin")
    with open(fip, "wb") as f:
        f.write(flash[FIP_OFFSET:FIP_OFFSET + size])
    subprocess.run([fiptool, "update", "--nt-fw", os.path.abspath(bl33), fip], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
    with open(fip, "rb") as f:
        new_fip = f.read()
    out = flash[:FIP_OFFSET] + new_fip
    out += flash[len(out):]           # whatever followed the FIP, if it still fits
    if len(out) > FLASH_MAX:
        raise common.UsageError("the flash image with zarm as BL33 is %d bytes, more than "
                                "QEMU's %d MiB flash" % (len(out), FLASH_MAX >> 20))
    path = os.path.join(work, "flash.bin")
    with open(path, "wb") as f:
        f.write(out)
    return path
