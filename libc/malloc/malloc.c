/*
 * malloc.c - malloc and free, and the core paths the rest of the family
 * shares: taking a chunk (front cache, bins, then top, then mmap or a
 * bigger heap) and releasing one (validate; cache it, or coalesce with both
 * neighbours and bin it or give it to top, trim).  The cache's flush is in
 * malloc_cache.c, bins in malloc_bins.c, pieces and sbrk in malloc_heap.c,
 * mmapped chunks in malloc_mmap.c.
 */
#include "malloc_impl.h"

struct mstate MI(state);

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

/* The per-instance secret and cookie come from the time and from
 * addresses: each copy of libc in a process (one per library) has its own
 * state at its own address, so no two instances share a secret. */
void MI(init)(struct mstate *m)
{
	if (m->ready)
		return;
	uint64_t e = MI(os_entropy)() ^ (uint64_t)(uintptr_t)m;
	m->secret = (uintptr_t)mix64(e);
	m->cookie = (uintptr_t)mix64(e ^ 0x9e3779b97f4a7c15ull);
	m->link_key = ((uintptr_t)mix64(e ^ 0x3c6ef372fe94f82bull) & ~(uintptr_t)ALIGN_MASK) | LINK_KEY_LOW;
	m->policy = DEFAULT_POLICY;
	m->mmap_threshold = DEFAULT_MMAP_THRESHOLD;
	m->trim_threshold = DEFAULT_TRIM_THRESHOLD;
	m->top_pad = DEFAULT_TOP_PAD;
	m->ready = true;
	MI(cache_setup)(m, DEFAULT_CACHE_COUNT);
}

/* Allocate nb bytes from the start of free chunk c (already out of its
 * bin); a remainder big enough to be a chunk goes back to the bins. */
static inline __attribute__((always_inline)) void split_use(struct mstate *m, struct mchunk *c, size_t nb)
{
	size_t csz = csize(c), rsz = csz - nb;
	if (rsz >= MIN_CHUNK) {
		struct mchunk *r = chunk_plus(c, nb);
		r->head = free_head(m, r, rsz);
		set_foot(r, rsz);
		bin_insert(m, r, rsz);
		c->head = inuse_head(m, c, nb) | PINUSE;
	} else {
		use_whole(m, c, csz);
	}
}

/* Cut nb bytes off the bottom of top, which has room for them and a
 * minimal top after.  *clean receives where the zero memory starts. */
static struct mchunk *carve_top(struct mstate *m, size_t nb, char **clean)
{
	struct mchunk *c = m->top;
	size_t tsz = csize(c);
	struct mchunk *t = chunk_plus(c, nb);
	t->head = free_head(m, t, tsz - nb);
	c->head = inuse_head(m, c, nb) | PINUSE;
	m->top = t;
	if (clean) {
		char *p = chunk2mem(c);
		*clean = m->fresh > p ? m->fresh : p;
	}
	if ((char *)t + HEAD_SIZE > m->fresh)
		m->fresh = (char *)t + HEAD_SIZE;
	return c;
}

/*
 * A chunk of at least nb bytes, in use, or NULL.  If clean is given it
 * receives the address from which the chunk is known to hold zeros (from
 * the kernel, never written since), for calloc.
 */
struct mchunk *MI(alloc_chunk)(struct mstate *m, size_t nb, char **clean)
{
	if (unlikely(!m->ready))
		MI(init)(m);
	struct mchunk *c;
	for (bool spilled = false;; spilled = true) {
		c = MI(bin_take)(m, nb);
		if (c && !spilled && csize(c) - nb >= CACHE_SPILL_BIG && !heap_small(m) &&
		    MI(cache_spill_due)(m)) {
			/* the cached chunks may coalesce into a better fit (not
			 * worth adding up the cache at every split of a small
			 * heap: batch allocation 35 -> 30.5 ns, glibc 29) */
			bin_insert(m, c, csize(c));
			MI(cache_spill)(m);
			continue;
		}
		if (c) {
			split_use(m, c, nb);
			if (clean)
				*clean = (char *)c + csize(c);
			return c;
		}
		/* Before the heap touches a new page, the cache's chunks go back
		 * (coalesced) if there are many: else the program's peak grows by
		 * what the cache holds.  At most once per page. */
		if (spilled || !m->top)
			break;
		uintptr_t end = (uintptr_t)m->top + nb + HEAD_SIZE;
		if (align_down(end - 1, MPAGE) < align_up((uintptr_t)m->fresh, MPAGE) || !MI(cache_spill)(m))
			break;
	}
	if (m->top && csize(m->top) >= nb + MIN_CHUNK)
		return carve_top(m, nb, clean);
	bool tried_mmap = false;
	if (nb >= m->mmap_threshold) {
		c = MI(mmap_chunk)(m, nb, MALLOC_ALIGN);
		if (c)
			goto mapped;
		tried_mmap = true;
	}
	if (MI(heap_grow)(m, nb)) {
		c = carve_top(m, nb, clean);
		MI(cache_heap_grew)(m);
		return c;
	}
	if (tried_mmap)
		return NULL;
	c = MI(mmap_chunk)(m, nb, MALLOC_ALIGN);
	if (!c)
		return NULL;
mapped:
	if (clean)
		*clean = chunk2mem(c);
	return c;
}

static __attribute__((noinline)) void *malloc_small_bin(struct mstate *m, size_t nb, unsigned i);

/* Past the front cache's sizes: the exact bins' path below SMALL_LIMIT,
 * else the general one. */
static __attribute__((noinline)) void *malloc_slow(struct mstate *m, size_t n)
{
	if (n <= SMALL_REQ_MAX) {
		size_t nb = request2size(n);
		return malloc_small_bin(m, nb, (unsigned)(nb >> ALIGN_SHIFT));
	}
	if (n > MAX_REQUEST) {
		errno = ENOMEM;
		return NULL;
	}
	struct mchunk *c = MI(alloc_chunk)(m, request2size(n), NULL);
	if (!c) {
		errno = ENOMEM;
		return NULL;
	}
	account_alloc(m, c);
	return chunk2mem(c);
}

/* A small request whose exact bin is empty: the general path, whose
 * bitmap search finds the next non-empty exact bin (its chunks are the
 * smallest that fit, so first and best fit agree), else a large bin, top,
 * more memory. */
static __attribute__((noinline)) void *malloc_small_miss(struct mstate *m, size_t nb)
{
	struct mchunk *c = MI(alloc_chunk)(m, nb, NULL);
	if (!c) {
		errno = ENOMEM;
		return NULL;
	}
	account_alloc(m, c);
	return chunk2mem(c);
}

/* A small request the front cache cannot serve: its exact bin, whose
 * first chunk's head is checked and whose successor learns that it is in
 * use again; else malloc_small_miss. */
static __attribute__((noinline)) void *malloc_small_bin(struct mstate *m, size_t nb, unsigned i)
{
	struct mchunk *c = m->bins[i];
	if (unlikely(c == NULL))
		return malloc_small_miss(m, nb);
	mhead_t t = tag_for(m, c, nb, 0);
	if (unlikely(c->head != ((t ^ KIND_FREE) | nb | PINUSE)))
		MI(die)("malloc()", "corrupted free list at", chunk2mem(c));
	struct mchunk *f = link_next(m, c);
	m->bins[i] = f;
	clear_bin_if(m, i, f);
	c->head = t | nb | CINUSE | PINUSE;
	chunk_plus(c, nb)->head |= PINUSE;
	account_alloc(m, c);
	return chunk2mem(c);
}

/*
 * The fast path: the top of the size's cache stack.  It is a leaf that
 * reads only the state and writes the chunk's tag (see cache_unmark);
 * every other case is a tail call.  (No counter: see "front cache" in
 * malloc_impl.h.)
 */
MALLOC_API void *malloc(size_t n)
{
	struct mstate *m = &MI(state);
	if (unlikely(n > CACHE_REQ_MAX))
		return malloc_slow(m, n);
	size_t nb = request2size(n);
	unsigned i = (unsigned)(nb >> ALIGN_SHIFT);
	void **t = m->cache_top[i];
	if (unlikely(t == m->cache_floor[i]))
		return malloc_small_bin(m, nb, i);
	void *p = *--t;
	m->cache_top[i] = t;
	cache_unmark(m, mem2chunk(p), nb);
	return p;
}

/*
 * Release in-use chunk c, whose head h the caller has validated, and
 * which lies in piece m->hint.  Its neighbours are checked before they are
 * trusted: an overrun or a stray write shows up here, at free time.
 */
static inline __attribute__((always_inline)) void
free_core_inline(struct mstate *m, struct mchunk *c, mhead_t h, const char *call)
{
	size_t sz = (size_t)(h & SIZE_MASK);
	struct mchunk *next = chunk_plus(c, sz);
	if (unlikely(sz < MIN_CHUNK || (uintptr_t)next > m->hint_hi))
		MI(die)(call, "corrupted header of", chunk2mem(c));
	if (unlikely(!next_head_ok(m, next)))
		MI(die)(call, "corrupted header after", chunk2mem(c));
	mhead_t nh = next->head;
	size_t nsz = (size_t)(nh & SIZE_MASK);
	bool next_free = !(nh & CINUSE);

	if (!(h & PINUSE)) {
		size_t psz = prev_foot(c);
		struct mchunk *prev = chunk_minus(c, psz);
		if (unlikely(psz < MIN_CHUNK || (psz & ALIGN_MASK) ||
			     psz > (uintptr_t)c - m->hint_lo ||
			     prev->head != free_head(m, prev, psz)))
			MI(die)(call, "corrupted free chunk before", chunk2mem(c));
		bin_remove(m, prev, psz);
		/* a dead head: freeing this pointer again is a double free */
		c->head = tag_for(m, c, sz, KIND_FREE) | sz;
		c = prev;
		sz += psz;
	}
	if (next_free) {
		if (next == m->top) {
			sz += nsz;
			c->head = free_head(m, c, sz);
			m->top = c;
			if (unlikely(sz > m->trim_threshold || c == m->cur->first))
				MI(heap_trim)(m);
			return;
		}
		bin_remove(m, next, nsz);
		sz += nsz;
	} else {
		next->head = nh & ~PINUSE;
	}
	c->head = free_head(m, c, sz);
	set_foot(c, sz);
	bin_insert(m, c, sz);
}

void MI(free_core)(struct mstate *m, struct mchunk *c, mhead_t h, const char *call)
{
	free_core_inline(m, c, h, call);
}

/* Give back an in-use heap chunk the allocator itself carved (a remainder
 * of realloc or memalign). */
void MI(release)(struct mstate *m, struct mchunk *c)
{
	if (!in_hint(m, c)) {
		struct piece *pc = MI(find_piece)(m, c);
		if (!pc)
			MI(die)("heap", "lost chunk", chunk2mem(c));
		set_hint(m, pc);
	}
	free_core_inline(m, c, c->head, "free()");
}

/*
 * What free's fast path does not take.  A small chunk goes into the cache
 * here if its size's stack has room and the chunk before it is in use (see
 * free): the fast path was closed because the allocator is counting (see
 * "front cache" in malloc_impl.h; the chunk is counted then), or the chunk
 * is in another piece (from free_slow).
 * Else a valid small chunk whose neighbours are both in use goes to the
 * front of its exact bin; everything else (coalescing, top, big chunks,
 * errors) takes the general path.  The next head is checked here, not in
 * the fast path: an overrun of a block is caught at its free, or else when
 * the block after it is next used (freed, taken from a list, coalesced).
 */
static __attribute__((noinline)) void free_heap(struct mstate *m, struct mchunk *c, mhead_t h)
{
	size_t sz = (size_t)(h & SIZE_MASK);
	mhead_t t = tag_for(m, c, sz, 0);
	struct mchunk *next = chunk_plus(c, sz);
	if (unlikely((h & (TAG_MASK | CINUSE | MMAPPED)) != (t | CINUSE)))
		MI(bad_pointer)(m, chunk2mem(c), "free()");
	if (likely(sz < SMALL_LIMIT && sz >= MIN_CHUNK && (uintptr_t)next <= m->hint_hi)) {
		if (unlikely(!next_head_ok(m, next)))
			MI(die)("free()", "corrupted header after", chunk2mem(c));
		unsigned i = (unsigned)(sz >> ALIGN_SHIFT);
		if (sz < CACHE_LIMIT && cache_n(m, i) < m->cache_cap[i] && (h & PINUSE)) {
			cache_push(m, c, h, i);
			if (m->counting) {
				m->cached += sz;
				if (2 * m->cached > m->inuse)
					MI(cache_low)(m);
			}
			return;
		}
		mhead_t nh = next->head;
		if (likely((h & PINUSE) && (nh & CINUSE))) {
			c->head = (t ^ KIND_FREE) | sz | PINUSE;
			set_foot(c, sz);
			next->head = nh & ~PINUSE;
			list_push(m, i, c);
			account_free(m, sz);
			return;
		}
	}
	MI(free_core)(m, c, h, "free()");
	account_free(m, sz);
}

/* Not in the piece free() looked at last: another piece (which becomes
 * the one looked at first), an mmapped chunk, or not ours at all. */
static __attribute__((noinline)) void free_slow(struct mstate *m, void *p)
{
	if (!p)
		return;
	struct mchunk *c = mem2chunk(p);
	if ((uintptr_t)p & ALIGN_MASK)
		MI(bad_pointer)(m, p, "free()");
	struct piece *pc = MI(find_piece)(m, c);
	if (pc) {
		set_hint(m, pc);
		free_heap(m, c, c->head);
	} else if (MI(find_mmap)(m, c)) {
		size_t csz = csize(c);
		MI(mmap_free)(m, c, "free()");
		account_free(m, csz);
	} else {
		MI(bad_pointer)(m, p, "free()");
	}
}

/*
 * The fast path: a small chunk of the piece free() saw last, whose head is
 * as it must be, goes into the front cache if its size's stack has room.
 * Like malloc's, a leaf that touches only the chunk's head and the state,
 * with no counter; everything else is a tail call.
 *
 * Not a chunk whose predecessor is free (PINUSE clear: a bit of the head,
 * tested in the same mask as the tag): that one coalesces now.  Cached, it
 * would keep the free chunk before it from growing into a hole other sizes
 * fit, and the heap grew past glibc's for it (churn's extent over 20
 * seeds: 1.004x glibc's caching it, 0.987x not; mixed's 0.998x and
 * 0.995x; for 1% and 3% of their time).  Testing the successor too, a
 * load of the next head, gave churn 0.985x and mixed 0.989x for 5% and
 * 13%.
 */
MALLOC_API void free(void *p)
{
	struct mstate *m = &MI(state);
	uintptr_t a = (uintptr_t)p - HEAD_SIZE;
	if (unlikely(a - m->hint_lo >= m->hint_hi - m->hint_lo || ((uintptr_t)p & ALIGN_MASK))) {
		free_slow(m, p);
		return;
	}
	struct mchunk *c = (struct mchunk *)a;
	mhead_t h = c->head;
	size_t sz = (size_t)(h & SIZE_MASK);
	unsigned i = (unsigned)(sz >> ALIGN_SHIFT);
	if (unlikely(sz - MIN_CHUNK >= CACHE_LIMIT - MIN_CHUNK || a + sz > m->hint_hi ||
		     ((h ^ tag_for(m, c, sz, 0)) & (TAG_MASK | MMAPPED | CINUSE | PINUSE)) !=
		     (CINUSE | PINUSE) || m->cache_top[i] >= m->cache_end[i])) {
		free_heap(m, c, h);
		return;
	}
	cache_push(m, c, h, i);
}
