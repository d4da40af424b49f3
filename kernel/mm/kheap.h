/*
 * kheap.h - kmalloc/kfree: the kernel's heap for small objects.
 *
 * Requests up to 2048 bytes come from per-size-class slab pages; larger
 * ones from kheap_large_alloc (vmalloc).  See docs/physmem.md.
 */
#ifndef BRINK_KHEAP_H
#define BRINK_KHEAP_H

#include <kernel.h>

#define KMALLOC_ALIGN     16u
#define KMALLOC_MAX_SMALL 2048u     /* larger requests are page-granular */

/* 16-byte aligned, not zeroed; NULL for n == 0 or when out of memory. */
void *kmalloc(size_t n);
/* The same, zeroed. */
void *kzalloc(size_t n);
/* NULL is fine; panics (with the address) on a double free or a pointer
 * kmalloc never returned. */
void  kfree(void *p);
/* Bytes handed out (rounded to the size class, or to whole pages for large
 * requests) and pages held (slab pages + large allocations). */
void  kheap_stats(size_t *used_bytes, size_t *pages);

/* Hooks provided by the kernel (mm/paging.c) or by the host test. */
void *kheap_page_alloc(void);                   /* one page, page-aligned, or NULL */
void  kheap_page_free(void *page);
void *kheap_large_alloc(size_t npages);         /* virtually contiguous, page-aligned, or NULL */
void  kheap_large_free(void *p, size_t npages);

#endif
