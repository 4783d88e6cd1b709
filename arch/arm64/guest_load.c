/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Put a guest's image, initrd and device tree into its RAM the way the
 * arm64 Linux boot protocol expects: an Image header's text_offset and
 * image_size are honoured; anything else is a raw binary at RAM + 0x80000
 * (as QEMU's -kernel does). The device tree goes well above the image and
 * its BSS, the initrd just below the device tree.
 */
#include "arch/arm64/arm64.h"

#define IMAGE_MAGIC 0x644d5241U
#define RAW_OFFSET 0x80000UL
#define DTB_MAX 0x10000UL
#define SZ_2M 0x200000UL

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

int guest_load(struct arm64_vm *avm)
{
	const uint8_t *img = (const uint8_t *)avm->image_host;
	uint64_t off = RAW_OFFSET, span = avm->image_size, end, dtb_off, initrd_off = 0;
	uint8_t *ram = (uint8_t *)avm->host_base;
	int ret;

	if (avm->load_offset) {
		off = avm->load_offset;		/* the configuration says */
	} else if (avm->image_size >= 64 && le64(img + 0x38) % (1UL << 32) == IMAGE_MAGIC) {
		uint64_t size = le64(img + 16);

		if (size) {
			off = le64(img + 8);
			span = MAX(size, avm->image_size);
		}
	}
	if (add_overflows(off, span, &end) || end > avm->ram_size) {
		log_err("VM %s: image (%lx bytes at +%lx) does not fit its %lx bytes of RAM",
		     avm->vm.name, span, off, avm->ram_size);
		return -E2BIG;
	}
	/* Well above image + BSS: the last 2 MiB-aligned slot of RAM. */
	dtb_off = ALIGN_DOWN(avm->ram_size - DTB_MAX, SZ_2M);
	if (avm->initrd_size)
		initrd_off = ALIGN_DOWN(dtb_off - MIN(dtb_off, avm->initrd_size), 4096UL);
	if (dtb_off < ALIGN_UP(end, SZ_2M) ||
	    (avm->initrd_size && (initrd_off < end || dtb_off < avm->initrd_size))) {
		log_err("VM %s: no room for the device tree/initrd above the image",
		     avm->vm.name);
		return -E2BIG;
	}
	avm->dtb_ipa = avm->ipa_base + dtb_off;
	if (!avm->entry)
		avm->entry = avm->ipa_base + off;
	/* Fresh RAM reads as zero; a reset keeps it, as on a real machine. */
	if (!avm->dtb_copy)
		memset(ram, 0, avm->ram_size);
	memcpy(ram + off, img, avm->image_size);
	if (avm->initrd_size)
		memcpy(ram + initrd_off, (const void *)avm->initrd_host, avm->initrd_size);
	if (!avm->dtb_copy) {
		avm->dtb_copy = heap_alloc_zeroed(DTB_MAX);
		if (!avm->dtb_copy)
			return -ENOMEM;
		avm->initrd_ipa = avm->ipa_base + initrd_off;
		ret = guest_dt_build(avm, avm->dtb_copy, DTB_MAX);
		if (ret) {
			log_err("VM %s: cannot write its device tree (%d)", avm->vm.name, ret);
			return ret;
		}
	}
	memcpy(ram + dtb_off, avm->dtb_copy, DTB_MAX);
	dcache_clean_range(avm->host_base, avm->ram_size);
	return 0;
}
