/*
 * malloc_cache.c - the front cache's slow side: its bounds, the switch in
 * and out of counting, and emptying it into the heap.
 *
 * The cache itself is a few lines in malloc() and free() (malloc.c): per
 * size below CACHE_LIMIT (1 KiB), a LIFO stack of chunks the program
 * freed, kept as they were, still "in use" to the heap, with KIND_CACHED
 * in their tag.  Nothing coalesces with them while they are cached, so
 * the cache is emptied, and its chunks coalesced and binned as free()
 * would have done: when it holds more bytes than the program (see "front
 * cache" in malloc_impl.h for how that is known without a counter on the
 * fast paths); before the heap touches a new page, or a free chunk is
 * split leaving CACHE_SPILL_BIG or more, if it holds CACHE_SPILL_MIN
 * bytes or more (cache_spill); and when its bounds change (mallopt
 * M_CACHE_COUNT).
 */
#include "malloc_impl.h"

/* What the cache holds, in bytes, added up from its stacks' counts. */
static size_t cache_bytes(const struct mstate *m)
{
	size_t n = 0;
	for (unsigned i = 0; i < NCACHE; i++)
		n += (size_t)m->cache_count[i] * ((size_t)i << ALIGN_SHIFT);
	return n;
}

void MI(cache_flush)(struct mstate *m)
{
	for (unsigned i = 0; i < NCACHE; i++) {
		size_t sz = (size_t)i << ALIGN_SHIFT;
		while (m->cache_count[i]) {
			void *p = m->cache[i][--m->cache_count[i]];
			struct mchunk *c = mem2chunk(p);
			if ((c->head & ~PINUSE) != (tag_for(m, c, sz, KIND_CACHED) | sz | CINUSE))
				MI(die)("free()", "corrupted header of", p);
			c->head ^= KIND_CACHED;
			m->inuse -= sz;
			MI(release)(m, c);
		}
	}
	m->cached = 0;
}

/* Whether the cache holds enough to be worth a spill. */
bool MI(cache_spill_due)(const struct mstate *m)
{
	return cache_bytes(m) >= CACHE_SPILL_MIN;
}

/* The heap is about to grow (touch a new page), or a free chunk to be
 * split leaving CACHE_SPILL_BIG: flush the cache if it holds at least
 * CACHE_SPILL_MIN bytes.  True if it did. */
bool MI(cache_spill)(struct mstate *m)
{
	if (!MI(cache_spill_due)(m))
		return false;
	MI(cache_flush)(m);
	cache_check(m);         /* inuse went down by what the cache held */
	return true;
}

/* Start counting: close free's fast path, take the cache's real size. */
static void start_counting(struct mstate *m)
{
	memset(m->cache_limit, 0, sizeof(m->cache_limit));
	m->cached = cache_bytes(m);
	m->counting = true;
}

/* inuse went below the guard (cache_check): count, and flush if the
 * cache (really) holds more than the program. */
void MI(cache_low)(struct mstate *m)
{
	if (!m->counting)
		start_counting(m);
	if (2 * m->cached > m->inuse) {
		m->cached = cache_bytes(m);
		if (2 * m->cached > m->inuse)
			MI(cache_flush)(m);
	}
}

/* inuse is back above twice the guard: open free's fast path again. */
void MI(cache_high)(struct mstate *m)
{
	memcpy(m->cache_limit, m->cache_cap, sizeof(m->cache_limit));
	m->counting = false;
}

/*
 * Empty the cache and set its bounds: at most max chunks per size
 * (M_CACHE_COUNT), and no more than CACHE_SIZE_BYTES of each size (a few
 * big chunks pin as much memory as many small ones).
 */
void MI(cache_setup)(struct mstate *m, unsigned max)
{
	MI(cache_flush)(m);
	m->cache_max = max;
	size_t most = 0;
	for (unsigned i = 0; i < NCACHE; i++) {
		size_t sz = (size_t)i << ALIGN_SHIFT, n = 0;
		if (sz >= MIN_CHUNK && m->cache_max) {
			n = CACHE_SIZE_BYTES / sz;
			if (n > m->cache_max)
				n = m->cache_max;
			if (n == 0)
				n = 1;
		}
		m->cache_cap[i] = (uint16_t)n;
		most += n * sz;
	}
	m->cache_guard = 2 * most;
	m->counting = false;
	MI(cache_high)(m);
	m->cached = 0;
	cache_check(m);
}
