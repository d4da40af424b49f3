/*
 * malloc_cache.c - emptying the front cache into the heap.
 *
 * The cache itself is a few lines in malloc() and free() (malloc.c): per
 * small size, a LIFO list of chunks the program freed, kept as they were,
 * still "in use" to the heap, with KIND_CACHED in their tag.  Nothing
 * coalesces with them while they are cached, so the cache is emptied, and
 * its chunks coalesced and binned as free() would have done, when it holds
 * more bytes than the program (after most of the heap was freed, when the
 * cached chunks would only keep the heap from shrinking), when its size
 * limit changes (mallopt M_CACHE_COUNT).
 */
#include "malloc_impl.h"

void MI(cache_flush)(struct mstate *m)
{
	for (unsigned i = 0; i < NSMALL; i++) {
		size_t sz = (size_t)i << ALIGN_SHIFT;
		struct mchunk *c;
		while ((c = m->cache[i]) != NULL) {
			if ((c->head & ~PINUSE) != (tag_for(m, c, sz, KIND_CACHED) | sz | CINUSE))
				MI(die)("free()", "corrupted free list at", chunk2mem(c));
			m->cache[i] = link_next(m, c);
			m->cache_count[i]--;
			c->head ^= KIND_CACHED;
			MI(release)(m, c);
		}
		if (m->cache_count[i])
			MI(die)("free()", "corrupted free list at", &m->cache[i]);
	}
	m->cached = 0;
}
