/*
 * frame.h - the physical frame allocator.
 *
 * Physical [0, lowmem_limit) is direct-mapped into the kernel half; frames
 * above it ("highmem") hold user pages only.  Every frame has a reference
 * count, so a frame shared by several mappings (copy-on-write, MAP_SHARED)
 * is freed when the last one goes.  See docs/physmem.md.
 */
#ifndef BRINK_FRAME_H
#define BRINK_FRAME_H

#include <kernel.h>

/* One multiboot memory-map entry; type 1 is usable RAM. */
struct phys_region {
	uint64_t addr, len;
	uint32_t type;
};

/* [start, end) that must never be handed out: kernel image, modules,
 * multiboot data. */
struct phys_range {
	paddr_t start, end;
};

enum frame_use { FRAME_KERNEL = 1, FRAME_USER = 2 };

/* All in frames.  total = usable RAM; kernel = reserved ranges inside it,
 * frame 0, the allocator's own bookkeeping and FRAME_KERNEL allocations;
 * user = FRAME_USER allocations; free = the rest. */
struct frame_stats {
	uint32_t total, free, kernel, user;
};

/* Provided by the kernel (the direct map) or by the host test (an arena);
 * only called for addresses below lowmem_limit. */
void *phys_to_virt(paddr_t pa);

/* Build the allocator from the memory map.  Returns 0, -EINVAL for bad
 * arguments, or -ENOMEM when there is no usable RAM or no room in lowmem
 * for the bookkeeping.  May be called again to start over (tests do). */
int frame_init(const struct phys_region *map, size_t n,
	       const struct phys_range *reserved, size_t nres, paddr_t lowmem_limit);

/* A frame with reference count 1, not zeroed; 0 when none is left.
 * FRAME_KERNEL frames are always below lowmem_limit (direct-mapped);
 * FRAME_USER frames come from highmem first, then lowmem. */
paddr_t frame_alloc(enum frame_use use);

/* One more / one fewer reference.  frame_put frees the frame at zero.
 * Both panic on a misaligned address, an address that is not managed RAM,
 * or a free frame; frame_put also panics when it would drop a reserved
 * frame (kernel image, bookkeeping) to zero. */
void frame_get(paddr_t pa);
void frame_put(paddr_t pa);

/* The reference count; 0 for a free frame or an address that is not RAM.
 * Reserved frames count 1 (their permanent reservation). */
uint32_t frame_refcount(paddr_t pa);

void frame_stats(struct frame_stats *st);

/* Where frame_init put its bookkeeping: [*start, *end). */
void frame_bookkeeping(paddr_t *start, paddr_t *end);

#endif
