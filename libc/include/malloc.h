/*
 * malloc.h - the allocator's extras beyond <stdlib.h>.
 *
 * malloc, free, calloc, realloc, aligned_alloc and posix_memalign are
 * declared by <stdlib.h> (included here, as glibc's <malloc.h> does).
 * The allocator is in libc/malloc/; its design is in docs/malloc.md.
 */
#ifndef _MALLOC_H
#define _MALLOC_H

#include <stddef.h>
#include <stdlib.h>

/* mallopt() parameters.  The first three have glibc's numbers. */
#define M_TRIM_THRESHOLD  (-1)  /* trim the heap top when more is free   */
#define M_TOP_PAD         (-2)  /* extra bytes asked for on each growth  */
#define M_MMAP_THRESHOLD  (-3)  /* requests this big get their own mmap  */
#define M_FIT_POLICY      (-64) /* Brink's: MALLOC_FIRST_FIT or _BEST_FIT */
#define M_CACHE_COUNT     (-65) /* Brink's: freed blocks cached per size  */

#define MALLOC_FIRST_FIT  1     /* first free block found that is big enough */
#define MALLOC_BEST_FIT   2     /* smallest free block that is big enough    */

/* The same fields, in the same order, as glibc's. */
struct mallinfo2 {
	size_t arena;    /* bytes of heap obtained with sbrk (or mmap fallback) */
	size_t ordblks;  /* number of free chunks (the cache not included)     */
	size_t smblks;   /* chunks in the front cache (free, not coalesced)    */
	size_t hblks;    /* number of chunks that have their own mmap          */
	size_t hblkhd;   /* bytes in those mappings                            */
	size_t usmblks;  /* always 0                                           */
	size_t fsmblks;  /* bytes in those cached chunks                       */
	size_t uordblks; /* bytes in chunks in use (heap only)                 */
	size_t fordblks; /* bytes free (heap only; top and the cache included) */
	size_t keepcost; /* bytes in the top chunk (what trimming could free)  */
};

void  *memalign(size_t alignment, size_t size);
size_t malloc_usable_size(void *ptr);
int    mallopt(int param, int value);
void   malloc_stats(void);
struct mallinfo2 mallinfo2(void);

#endif
