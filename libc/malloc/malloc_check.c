/*
 * malloc_check.c - verify every invariant of the heap, for the tests and
 * the fuzzer.  Returns NULL when all hold, else a description of the first
 * one broken.  It reads everything and changes nothing.
 */
#include "malloc_impl.h"

#define FAIL(msg) return (msg)

static const char *check_list(const struct mstate *m, unsigned i, size_t *count)
{
	const struct mchunk *prev = NULL;
	for (const struct mchunk *c = m->bins[i]; c; ) {
		size_t sz = csize(c);
		uintptr_t f = (uintptr_t)c->fd ^ m->link_key, b = (uintptr_t)c->bk ^ m->link_key;
		if ((f & ALIGN_MASK) || (prev && b != (uintptr_t)prev + HEAD_SIZE))
			FAIL("bin list: bad link");
		if (c->head != free_head(m, c, sz))
			FAIL("bin list: chunk is not free");
		if (bin_index(sz) != i)
			FAIL("bin list: chunk in the wrong bin");
		if (++*count > (m->heap_bytes / MIN_CHUNK + 1))
			FAIL("bin list: cycle");
		prev = c;
		c = f ? (const struct mchunk *)(f - HEAD_SIZE) : NULL;
	}
	return NULL;
}

/* A trie node t at depth d (0 = root) of bin i, whose size bits on the
 * path are those of key. */
static const char *check_trie(const struct mstate *m, const struct mchunk *t,
			      const struct mchunk *parent, unsigned i, unsigned d,
			      size_t *count)
{
	unsigned b = SMALL_LOG + (i - NSMALL) / 4;
	size_t sz = csize(t);
	if (t->head != free_head(m, t, sz))
		FAIL("trie: chunk is not free");
	if (bin_index(sz) != i || t->bin != i || t->parent != parent)
		FAIL("trie: bad node");
	if (d > SIZE_BITS)
		FAIL("trie: too deep");
	/* ring of same-size chunks */
	const struct mchunk *r = t;
	do {
		(*count)++;
		if (r->fd->bk != r)
			FAIL("trie: bad ring link");
		if (r != t && (r->bin != NOT_NODE || csize(r) != sz || r->head != free_head(m, r, sz)))
			FAIL("trie: bad ring member");
		r = r->fd;
	} while (r != t && *count < (m->heap_bytes / MIN_CHUNK + 1));
	for (unsigned k = 0; k < 2; k++) {
		const struct mchunk *ch = t->child[k];
		if (!ch)
			continue;
		/* the child's size has bit k at position b-3-d */
		unsigned bit = b - 3 - d;
		if (b < 3 + d || ((csize(ch) >> bit) & 1) != k)
			FAIL("trie: child on the wrong side");
		const char *e = check_trie(m, ch, t, i, d + 1, count);
		if (e)
			return e;
	}
	return NULL;
}

static const char *check_bins(const struct mstate *m, size_t *count)
{
	for (unsigned i = 0; i < NBINS; i++) {
		bool bit = (m->binmap[i >> 6] >> (i & 63)) & 1;
		if (bit != (m->bins[i] != NULL))
			FAIL("bitmap disagrees with the bins");
		if (!m->bins[i])
			continue;
		if (i < MIN_CHUNK >> ALIGN_SHIFT)
			FAIL("bin below the minimum chunk");
		const char *e;
		if (i < NSMALL || m->policy == MALLOC_FIRST_FIT)
			e = check_list(m, i, count);
		else
			e = check_trie(m, m->bins[i], NULL, i, 0, count);
		if (e)
			return e;
	}
	for (unsigned i = NBINS; i < BINMAP_WORDS * 64; i++)
		if ((m->binmap[i >> 6] >> (i & 63)) & 1)
			FAIL("bitmap bit beyond the bins");
	return NULL;
}

/* What the heap walk adds up, to compare with the lists and counters. */
struct tally {
	size_t nfree;               /* free chunks other than top              */
	size_t ncached, cached;     /* chunks (and bytes) marked cached        */
	size_t live;                /* bytes of chunks in use, not cached      */
};

static const char *check_piece(const struct mstate *m, const struct piece *pc, struct tally *t)
{
	const struct mchunk *c = pc->first;
	bool prev_inuse = true;
	if (((uintptr_t)c + HEAD_SIZE) & ALIGN_MASK)
		FAIL("piece: first chunk misaligned");
	if (pc->fence != (struct mchunk *)(align_down((uintptr_t)pc->brk_end, MALLOC_ALIGN) - HEAD_SIZE))
		FAIL("piece: fence not at the end");
	while (c < pc->fence) {
		mhead_t h = c->head;
		size_t sz = csize(c);
		if (sz < MIN_CHUNK || (sz & ALIGN_MASK) ||
		    sz > (size_t)((const char *)pc->fence - (const char *)c))
			FAIL("chunk: bad size");
		if (!!(h & PINUSE) != prev_inuse)
			FAIL("chunk: PINUSE disagrees with the previous chunk");
		if (h & MMAPPED)
			FAIL("chunk: MMAPPED in a piece");
		if (h & CINUSE) {
			if ((h & TAG_MASK) == tag_for(m, c, sz, KIND_CACHED)) {
				if (sz >= CACHE_LIMIT)
					FAIL("chunk: cached chunk too big");
				t->ncached++;
				t->cached += sz;
			} else if ((h & TAG_MASK) == tag_for(m, c, sz, KIND_INUSE)) {
				t->live += sz;
			} else {
				FAIL("chunk: bad tag on a chunk in use");
			}
		} else {
			if (!prev_inuse)
				FAIL("chunk: two free chunks side by side");
			if (h != free_head(m, c, sz))
				FAIL("chunk: bad free head");
			if (c == m->top) {
				if (chunk_plus(c, sz) != pc->fence || pc != m->cur)
					FAIL("top is not the last chunk of the newest piece");
			} else {
				if (prev_foot(chunk_plus(c, sz)) != sz)
					FAIL("chunk: foot disagrees with head");
				t->nfree++;
			}
		}
		prev_inuse = h & CINUSE;
		c = chunk_plus(c, sz);
	}
	if (c != pc->fence)
		FAIL("piece: chunks overrun the fence");
	/* (the newest piece's fence is not written: see struct piece) */
	if (pc != m->cur && pc->fence->head != fence_head(m, pc->fence, prev_inuse))
		FAIL("piece: bad fence");
	if (pc == m->cur && chunk_plus(m->top, csize(m->top)) != pc->fence)
		FAIL("piece: top does not end at the fence");
	return NULL;
}

static const char *check_fresh(const struct mstate *m)
{
	if (!m->cur)
		return NULL;
	const char *end = (const char *)m->cur->fence;
	if (m->fresh < (char *)m->top + HEAD_SIZE)
		FAIL("fresh: below the top's head");
	/* up to 256 KiB of it, compared a block at a time */
	static const char zero[256];
	size_t left = (size_t)(end - m->fresh);
	if (m->fresh >= end)
		return NULL;
	if (left > ((size_t)256 << 10))
		left = (size_t)256 << 10;
	for (const char *p = m->fresh; left; ) {
		size_t k = left < sizeof(zero) ? left : sizeof(zero);
		if (memcmp(p, zero, k))
			FAIL("fresh: memory above fresh is not zero");
		p += k;
		left -= k;
	}
	return NULL;
}

/* The chunk of mapping h: at MMAP_MIN_OFF, or further in (memalign);
 * the offset word below its head says where. */
static const struct mchunk *mmap_chunk_of(const struct mstate *m, const struct mmap_hdr *h)
{
	for (size_t off = MMAP_MIN_OFF; off + HEAD_SIZE < h->len; off += MALLOC_ALIGN) {
		const struct mchunk *c = (const struct mchunk *)((const char *)h + off);
		size_t sz = csize(c);
		if (*(const size_t *)((const char *)c - sizeof(size_t)) == off && sz == h->len - off &&
		    (c->head & ~SIZE_MASK) == (tag_for(m, c, sz, KIND_INUSE) | CINUSE | MMAPPED | PINUSE))
			return c;
	}
	return NULL;
}

/* Each small size's stack: chunks marked cached, of that size, counted. */
static const char *check_cache(const struct mstate *m, size_t *n, size_t *bytes)
{
	size_t base = 0;
	for (unsigned i = 0; i < NCACHE; i++) {
		size_t sz = (size_t)i << ALIGN_SHIFT, k = cache_n(m, i);
		if (k > m->cache_cap[i] || m->cache_cap[i] > m->cache_max || m->cache_max > CACHE_COUNT_MAX)
			FAIL("cache: count over its bound");
		if (m->cache_floor[i] != &m->cache_slot[base] || m->cache_top[i] < m->cache_floor[i] ||
		    m->cache_cap[i] > CACHE_ROW(sz))
			FAIL("cache: stack not where it belongs, or bigger than its room");
		base += CACHE_ROW(sz);
		/* a chunk on a stack twice shows in check(): the heap holds
		 * fewer cached chunks than the stacks */
		void *const *st = m->cache_floor[i];
		for (size_t j = 0; j < k; j++) {
			const struct mchunk *c = mem2chunk(st[j]);
			if ((c->head & ~PINUSE) != (tag_for(m, c, sz, KIND_CACHED) | sz | CINUSE))
				FAIL("cache: chunk is not cached, or of another size");
		}
		if (m->cache_end[i] != m->cache_floor[i] + (m->counting ? 0 : m->cache_cap[i]))
			FAIL("cache: fast path's limit disagrees with the mode");
		*n += k;
		*bytes += k * sz;
	}
	if (base != CACHE_SLOTS)
		FAIL("cache: stacks do not fill cache_slot[]");
	return NULL;
}

static const char *check_mmaps(const struct mstate *m, size_t *live)
{
	size_t n = 0, bytes = 0;
	for (struct mmap_hdr *h = m->mmaps; h; h = h->next) {
		if (h->cookie != (m->cookie ^ (uintptr_t)h))
			FAIL("mmap: bad cookie");
		if (h->next && h->next->prev != h)
			FAIL("mmap: bad list");
		const struct mchunk *c = mmap_chunk_of(m, h);
		if (!c)
			FAIL("mmap: no valid chunk in the mapping");
		*live += csize(c);
		n++;
		bytes += h->len;
	}
	if (n != m->mmap_count || bytes != m->mmap_bytes)
		FAIL("mmap: counts disagree");
	return NULL;
}

const char *MI(check)(void)
{
	const struct mstate *m = &MI(state);
	struct tally t = { 0, 0, 0, 0 };
	size_t nbinned = 0, heap = 0, npieces = 0, ncached = 0, cached = 0;
	const char *e;
	if (!m->ready)
		return NULL;
	for (const struct piece *pc = m->pieces; pc; pc = pc->next) {
		if ((e = check_piece(m, pc, &t)))
			return e;
		heap += (size_t)(pc->brk_end - pc->base);
		npieces++;
	}
	if (heap != m->heap_bytes || npieces != m->npieces)
		FAIL("piece totals disagree");
	if (m->top && m->cur && !(m->top >= m->cur->first && m->top < m->cur->fence))
		FAIL("top outside the newest piece");
	if (m->hint && (m->hint_lo != (uintptr_t)m->hint->first || m->hint_hi != (uintptr_t)m->hint->fence))
		FAIL("stale hint");
	if ((e = check_bins(m, &nbinned)))
		return e;
	if (nbinned != t.nfree)
		FAIL("free chunks missing from the bins");
	if ((e = check_cache(m, &ncached, &cached)))
		return e;
	if (ncached != t.ncached || cached != t.cached)
		FAIL("cache: stacks and heap disagree");
	if (m->counting ? m->cached < cached || m->heap_bytes < m->cache_guard
			: m->inuse < m->cache_guard && !heap_small(m))
		FAIL("cache: counter below the cache, counting in a small heap, or not counting below the guard");
	if ((e = check_fresh(m)))
		return e;
	if ((e = check_mmaps(m, &t.live)))
		return e;
	if (t.live + cached != m->inuse)
		FAIL("bytes in use disagree with the chunks in use");
	/* (in a heap too small to count in, it may: see heap_small) */
	if (2 * cached > m->inuse && (m->counting || !heap_small(m)))
		FAIL("cache holds more than the program");
	return NULL;
}
