/*
 * memalign.c - aligned allocation: memalign, posix_memalign and
 * aligned_alloc.  An over-sized chunk is taken and the aligned part cut
 * out of it; the cut-off head and tail go back to the heap.  A mapped
 * chunk is simply placed further into its mapping.
 */
#include "malloc_impl.h"

static void *alloc_aligned(size_t align, size_t n)
{
	if (align <= MALLOC_ALIGN)
		return malloc(n);
	struct mstate *m = &MI(state);
	if (n > MAX_REQUEST || align > MAX_REQUEST - n) {
		errno = ENOMEM;
		return NULL;
	}
	if (unlikely(!m->ready))
		MI(init)(m);
	size_t nb = request2size(n);
	struct mchunk *c;
	if (nb >= m->mmap_threshold && (c = MI(mmap_chunk)(m, nb, align))) {
		account_alloc(m, c);
		return chunk2mem(c);
	}
	c = MI(alloc_chunk)(m, nb + align + MIN_CHUNK, NULL);
	if (!c) {
		errno = ENOMEM;
		return NULL;
	}
	uintptr_t p = (uintptr_t)chunk2mem(c);
	if (c->head & MMAPPED) {
		size_t lead = (size_t)(align_up(p, align) - p);
		if (lead) {
			size_t off = *(size_t *)((char *)c - sizeof(size_t)) + lead;
			size_t csz = csize(c) - lead;
			c->head = 0;    /* no stale chunk left behind */
			c = chunk_plus(c, lead);
			*(size_t *)((char *)c - sizeof(size_t)) = off;
			c->head = inuse_head(m, c, csz) | MMAPPED | PINUSE;
		}
		account_alloc(m, c);
		return chunk2mem(c);
	}
	if (p & (align - 1)) {
		/* the cut-off head must be a chunk of its own */
		uintptr_t q = align_up(p, align);
		if (q - p < MIN_CHUNK)
			q += align;
		size_t lead = (size_t)(q - p), csz = csize(c);
		struct mchunk *a = chunk_plus(c, lead);
		a->head = inuse_head(m, a, csz - lead) | PINUSE;
		c->head = inuse_head(m, c, lead) | (c->head & PINUSE);
		MI(release)(m, c);
		c = a;
	}
	size_t csz = csize(c);
	if (csz - nb >= MIN_CHUNK) {
		struct mchunk *r = chunk_plus(c, nb);
		r->head = inuse_head(m, r, csz - nb) | PINUSE;
		c->head = inuse_head(m, c, nb) | (c->head & PINUSE);
		MI(release)(m, r);
	}
	account_alloc(m, c);
	return chunk2mem(c);
}

static bool power_of_two(size_t x)
{
	return x && !(x & (x - 1));
}

/* glibc's: an alignment that is not a power of two is rounded up. */
MALLOC_API void *memalign(size_t align, size_t n)
{
	if (align > SIZE_MAX / 2 + 1) {
		errno = EINVAL;
		return NULL;
	}
	while (!power_of_two(align) && align)
		align = (align | (align - 1)) + 1;
	return alloc_aligned(align, n);
}

MALLOC_API int posix_memalign(void **memptr, size_t align, size_t n)
{
	if (!power_of_two(align) || align % sizeof(void *))
		return EINVAL;
	int saved = errno;
	void *p = alloc_aligned(align, n);
	errno = saved;
	if (!p)
		return ENOMEM;
	*memptr = p;
	return 0;
}

MALLOC_API void *aligned_alloc(size_t align, size_t n)
{
	if (!power_of_two(align)) {
		errno = EINVAL;
		return NULL;
	}
	return alloc_aligned(align, n);
}
