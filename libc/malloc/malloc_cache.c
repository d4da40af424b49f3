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
		n += (size_t)cache_n(m, i) * ((size_t)i << ALIGN_SHIFT);
	return n;
}

/* Cached block p of size sz, off its stack, back to the heap as free()
 * would have done.  (Releasing never touches the stacks.) */
static void release_cached(struct mstate *m, void *p, size_t sz)
{
	struct mchunk *c = mem2chunk(p);
	if ((c->head & ~PINUSE) != (tag_for(m, c, sz, KIND_CACHED) | sz | CINUSE))
		MI(die)("free()", "corrupted header of", p);
	c->head ^= KIND_CACHED;
	m->inuse -= sz;
	MI(release)(m, c);
}

void MI(cache_flush)(struct mstate *m)
{
	for (unsigned i = 0; i < NCACHE; i++)
		while (m->cache_top[i] != m->cache_floor[i])
			release_cached(m, *--m->cache_top[i], (size_t)i << ALIGN_SHIFT);
	m->cached = 0;
}

/* Give the older half of each stack (rounded up) back to the heap. */
static void cache_flush_old(struct mstate *m)
{
	for (unsigned i = 0; i < NCACHE; i++) {
		void **st = m->cache_floor[i];
		unsigned k = cache_n(m, i), n = k - k / 2;
		for (unsigned j = 0; j < n; j++)
			release_cached(m, st[j], (size_t)i << ALIGN_SHIFT);
		/* (a loop, not memmove: a preloaded object calling it would
		 * bring one more window of libc's text in; see malloc_os.c) */
		for (unsigned j = n; j < k; j++)
			st[j - n] = st[j];
		m->cache_top[i] = st + (k - n);
	}
	if (m->counting)
		m->cached = cache_bytes(m);
}

/*
 * Why a small heap (heap_small) is not counted.  Counting closes free's
 * fast path, to learn when the cache holds more than the program and
 * should be emptied so that the heap can shrink.  In a heap smaller than
 * twice the guard (four times the most the cache can hold) there is
 * little to give back, and a small program would pay for it on every
 * free: a loop freeing and allocating with 64 blocks live took 26 ns a
 * pair, against 8.5 under glibc.  So below that size the fast path stays
 * open, and when the program frees everything the cache keeps what it
 * holds (at most 461 KiB on x86-64, 925 KiB on i686, of a heap under
 * twice as much as the guard).
 */

/* Whether the cache holds enough to be worth a spill. */
bool MI(cache_spill_due)(const struct mstate *m)
{
	return cache_bytes(m) >= (heap_small(m) ? CACHE_SPILL_SMALL : CACHE_SPILL_MIN);
}

/*
 * The heap is about to grow (touch a new page), or a free chunk to be
 * split leaving CACHE_SPILL_BIG: flush the cache if it holds enough (see
 * cache_spill_due).  True if it did.  In a small heap (see heap_small)
 * only the older half of each stack goes: there the cache soon holds as
 * much again (a program with 100 blocks live holds less than that), and
 * emptying it all each time made every thousandth malloc release ~150
 * chunks and the next ones miss (bench small: 370 -> 291 ms, glibc 340).
 * In a big heap its chunks may coalesce into the fit that is wanted: all
 * go (churn's and mixed's peaks rose 0.2% and 1.3% with half).
 */
bool MI(cache_spill)(struct mstate *m)
{
	if (!MI(cache_spill_due)(m))
		return false;
	if (heap_small(m))
		cache_flush_old(m);
	else
		MI(cache_flush)(m);
	cache_check(m);         /* inuse went down by what the cache gave back */
	return true;
}

/* The heap grew: a program holding little in a heap that is now big
 * enough is counted. */
void MI(cache_heap_grew)(struct mstate *m)
{
	if (!m->counting && m->inuse < m->cache_guard && !heap_small(m))
		MI(cache_low)(m);
}

/* The heap shrank (trimmed): below half that size, stop counting. */
void MI(cache_heap_shrank)(struct mstate *m)
{
	if (m->counting && m->heap_bytes < m->cache_guard)
		MI(cache_high)(m);
}

/* Start counting: close free's fast path, take the cache's real size. */
static void start_counting(struct mstate *m)
{
	for (unsigned i = 0; i < NCACHE; i++)
		m->cache_end[i] = m->cache_floor[i];
	m->cached = cache_bytes(m);
	m->counting = true;
}

/* inuse went below the guard (cache_check): count, and flush if the
 * cache (really) holds more than the program.  Not in a small heap (see
 * heap_small). */
void MI(cache_low)(struct mstate *m)
{
	if (!m->counting) {
		if (heap_small(m))
			return;
		start_counting(m);
	}
	if (2 * m->cached > m->inuse) {
		m->cached = cache_bytes(m);
		if (2 * m->cached > m->inuse)
			MI(cache_flush)(m);
	}
}

/* inuse is back above twice the guard: open free's fast path again. */
void MI(cache_high)(struct mstate *m)
{
	for (unsigned i = 0; i < NCACHE; i++)
		m->cache_end[i] = m->cache_floor[i] + m->cache_cap[i];
	m->counting = false;
}

/*
 * Empty the cache and set its bounds: at most max chunks per size
 * (M_CACHE_COUNT), and no more than CACHE_SIZE_BYTES of each size (a few
 * big chunks pin as much memory as many small ones), which is its stack's
 * room (CACHE_ROW).
 */
void MI(cache_setup)(struct mstate *m, unsigned max)
{
	MI(cache_flush)(m);
	m->cache_max = max;
	size_t most = 0, base = 0;
	for (unsigned i = 0; i < NCACHE; i++) {
		size_t sz = (size_t)i << ALIGN_SHIFT, row = CACHE_ROW(sz);
		size_t n = row < m->cache_max ? row : m->cache_max;
		m->cache_floor[i] = m->cache_top[i] = &m->cache_slot[base];
		base += row;
		m->cache_cap[i] = (uint16_t)n;
		most += n * sz;
	}
	m->cache_guard = 2 * most;
	m->counting = false;
	MI(cache_high)(m);
	m->cached = 0;
	cache_check(m);
}
