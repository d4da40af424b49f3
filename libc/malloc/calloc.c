/*
 * calloc.c - zeroed arrays.  The product is checked for overflow.  Memory
 * the kernel just gave us (a fresh mapping, the never-touched part of top)
 * is already zero and is not written again: that saves the time and, for
 * big arrays, the page faults and resident memory of clearing it.
 */
#include "malloc_impl.h"

MALLOC_API void *calloc(size_t nmemb, size_t size)
{
	size_t n;
	if (__builtin_mul_overflow(nmemb, size, &n) || n > MAX_REQUEST) {
		errno = ENOMEM;
		return NULL;
	}
	/* (not malloc + memset: compilers turn that idiom into calloc) */
	char *clean;
	struct mchunk *c = MI(alloc_chunk)(&MI(state), request2size(n), &clean);
	if (!c) {
		errno = ENOMEM;
		return NULL;
	}
	account_alloc(&MI(state), c);
	char *p = chunk2mem(c);
	if (clean > p)
		memset(p, 0, (size_t)(clean - p) < n ? (size_t)(clean - p) : n);
	return p;
}
