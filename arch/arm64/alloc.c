/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-time page allocator over the heap the image reserves after BSS
 * (page tables, VM and vCPU structures). Nothing is freed: VMs are created
 * once at boot. TEMPORARY until common/page_alloc lands in main.
 */
#include "arch/arm64/arm64.h"

extern char __heap_start[], __heap_end[];
static uintptr_t heap_next;
static volatile int heap_lock;

void *heap_alloc_aligned(size_t size, size_t align)
{
	uintptr_t p;

	size = ALIGN_UP(size, 4096UL);
	hspin_lock(&heap_lock);
	if (!heap_next)
		heap_next = (uintptr_t)__heap_start;
	heap_next = ALIGN_UP(heap_next, (uintptr_t)align);
	if ((uintptr_t)__heap_end - heap_next < size) {
		hspin_unlock(&heap_lock);
		return NULL;
	}
	p = heap_next;
	heap_next += size;
	hspin_unlock(&heap_lock);
	memset((void *)p, 0, size);
	return (void *)p;
}

void *heap_alloc_zeroed(size_t size)
{
	return heap_alloc_aligned(size, 4096);
}
