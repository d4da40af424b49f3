/*
 * malloc_bins.c - the free chunks, segregated by size, and the two fit
 * policies.
 *
 * Small bins (below SMALL_LIMIT, 16 KiB) hold one size each, so any of
 * their chunks is an exact fit and both policies take the newest of the
 * smallest non-empty size that fits: a true best fit either way.  Large
 * bins cover a quarter of a power of two each, and there the policies
 * differ:
 *
 *   first fit  each large bin is a list, newest first; the search takes
 *              the first chunk in it that is big enough, else the head of
 *              the next non-empty bin (found with the bitmap).  It looks at
 *              no more than FIRST_FIT_SCAN chunks of the request's own bin:
 *              past that, walking a long list of too-small chunks costs a
 *              cache miss each, and any chunk of a larger bin fits.
 *   best fit   each large bin is a bitwise trie on the size (dlmalloc's
 *              treebins): the search finds the smallest chunk that is big
 *              enough in O(bits), else the smallest of the next bin.
 *
 * Switching policy (mallopt) rebuilds the large bins.
 */
#include "malloc_impl.h"

#define FIRST_FIT_SCAN 16

/* --------------------------------------------------------------- trie -- */
/* floor(log2) of the sizes in large bin i */
static unsigned bin_log(unsigned i)
{
	return SMALL_LOG + (i - NSMALL) / 4;
}

/* A size in large bin i, shifted so its first bit the bin does not fix
 * (bit log-3: the bin fixes the top bit and the next two) is the top bit. */
static size_t trie_key(unsigned i, size_t sz)
{
	return sz << (SIZE_BITS + 2 - bin_log(i));
}

#define TOPBIT(k) ((unsigned)((k) >> (SIZE_BITS - 1)))

static void trie_insert(struct mstate *m, struct mchunk *x, size_t sz)
{
	unsigned i = bin_index(sz);
	struct mchunk *t = m->bins[i];
	x->child[0] = x->child[1] = NULL;
	if (!t) {
		m->bins[i] = x;
		mark_bin(m, i);
		x->parent = NULL;
		x->bin = i;
		x->fd = x->bk = x;
		return;
	}
	size_t k = trie_key(i, sz);
	for (;;) {
		if (csize(t) == sz) {
			/* same size: join t's ring, not the tree */
			struct mchunk *f = t->fd;
			x->fd = f;
			x->bk = t;
			f->bk = x;
			t->fd = x;
			x->parent = NULL;
			x->bin = NOT_NODE;
			return;
		}
		struct mchunk **cp = &t->child[TOPBIT(k)];
		k <<= 1;
		if (!*cp) {
			*cp = x;
			x->parent = t;
			x->bin = i;
			x->fd = x->bk = x;
			return;
		}
		t = *cp;
	}
}

static void trie_remove(struct mstate *m, struct mchunk *x)
{
	struct mchunk *f = x->fd, *b = x->bk;
	if (unlikely(f->bk != x || b->fd != x))
		MI(die)("heap", "corrupted free list at", chunk2mem(x));
	if (x->bin == NOT_NODE) {               /* a ring member only */
		b->fd = f;
		f->bk = b;
		return;
	}
	unsigned i = (unsigned)x->bin;
	if (unlikely(i < NSMALL || i >= NBINS))
		MI(die)("heap", "corrupted free list at", chunk2mem(x));
	struct mchunk *r;
	if (f != x) {
		/* a chunk of the same size takes x's place in the tree */
		b->fd = f;
		f->bk = b;
		r = f;
	} else {
		/* replace x by any leaf of its subtree: the leaf's size agrees
		 * with every bit on the path to x */
		struct mchunk **rp = &x->child[1];
		if (!(r = *rp))
			r = *(rp = &x->child[0]);
		if (r) {
			for (;;) {
				struct mchunk **cp = &r->child[1];
				if (!*cp)
					cp = &r->child[0];
				if (!*cp)
					break;
				rp = cp;
				r = *rp;
			}
			*rp = NULL;
		}
	}
	struct mchunk *xp = x->parent;
	if (!xp) {
		if (unlikely(m->bins[i] != x))
			MI(die)("heap", "corrupted free list at", chunk2mem(x));
		m->bins[i] = r;
		if (!r)
			clear_bin(m, i);
	} else if (xp->child[0] == x) {
		xp->child[0] = r;
	} else if (xp->child[1] == x) {
		xp->child[1] = r;
	} else {
		MI(die)("heap", "corrupted free list at", chunk2mem(x));
	}
	if (r) {
		r->parent = xp;
		r->bin = i;
		r->child[0] = x->child[0];
		r->child[1] = x->child[1];
		if (r->child[0])
			r->child[0]->parent = r;
		if (r->child[1])
			r->child[1]->parent = r;
	}
}

/* The smallest chunk of at least nb bytes in the trie of bin i, or NULL. */
static struct mchunk *trie_best(struct mstate *m, unsigned i, size_t nb)
{
	struct mchunk *t = m->bins[i], *best = NULL, *rst = NULL;
	size_t rem = SIZE_MAX;
	size_t k = trie_key(i, nb);
	while (t) {
		size_t ts = csize(t);
		if (ts >= nb && ts - nb < rem) {
			best = t;
			rem = ts - nb;
			if (rem == 0)
				return best;
		}
		struct mchunk *rt = t->child[1];
		t = t->child[TOPBIT(k)];
		if (rt && rt != t)
			rst = rt;       /* every size in there exceeds nb */
		k <<= 1;
	}
	/* the smallest of that subtree lies on its leftmost path */
	for (t = rst; t; t = t->child[0] ? t->child[0] : t->child[1]) {
		size_t ts = csize(t);
		if (ts >= nb && ts - nb < rem) {
			best = t;
			rem = ts - nb;
		}
	}
	return best;
}

/* --------------------------------------------------------- interface -- */
void MI(large_insert)(struct mstate *m, struct mchunk *c, size_t sz)
{
	if (m->policy == MALLOC_BEST_FIT)
		trie_insert(m, c, sz);
	else
		list_push(m, bin_index(sz), c);
}

void MI(large_remove)(struct mstate *m, struct mchunk *c, size_t sz)
{
	if (m->policy == MALLOC_BEST_FIT)
		trie_remove(m, c);
	else
		list_unlink(m, bin_index(sz), c);
}

/* The first non-empty bin at or after i, or NBINS. */
static unsigned next_bin(const struct mstate *m, unsigned i)
{
	unsigned w = i >> 6;
	if (w >= BINMAP_WORDS)
		return NBINS;
	uint64_t bits = m->binmap[w] & (~(uint64_t)0 << (i & 63));
	while (!bits) {
		if (++w == BINMAP_WORDS)
			return NBINS;
		bits = m->binmap[w];
	}
	return w * 64 + (unsigned)__builtin_ctzll(bits);
}

/* Take chunk c, found in a large bin, out of it.  Under best fit, c is
 * a trie node standing for every chunk of its size: take the one at the
 * lowest address (among the first RING_SCAN), which packs the heap
 * downwards (Wilson et al.'s survey finds address-ordered fits fragment
 * least).  Each chunk looked at is a cache miss; large bins start at
 * SMALL_LIMIT (16 KiB), so the long rings of one size of a few KiB
 * (frag's), where the scan cost frag 8% of its time for no measurable
 * change in any peak, are exact bins now (docs/malloc.md). */
#define RING_SCAN 32
static struct mchunk *take_large(struct mstate *m, struct mchunk *c)
{
	if (m->policy == MALLOC_BEST_FIT) {
		struct mchunk *low = c, *r = c->fd;
		for (unsigned n = 0; r != c && n < RING_SCAN; r = r->fd, n++)
			if ((uintptr_t)r < (uintptr_t)low)
				low = r;
		c = low;
	}
	MI(large_remove)(m, c, csize(c));
	return c;
}

/*
 * Remove and return a free chunk of at least nb bytes chosen by the
 * policy, or NULL if the bins have none.  The caller splits it.
 */
struct mchunk *MI(bin_take)(struct mstate *m, size_t nb)
{
	unsigned i = bin_index(nb);
	struct mchunk *c;
	if (i >= NSMALL) {
		if (m->bins[i]) {
			if (m->policy == MALLOC_BEST_FIT) {
				c = trie_best(m, i, nb);
			} else {
				unsigned n = 0;
				for (c = m->bins[i]; c && csize(c) < nb; c = link_next(m, c))
					if (++n == FIRST_FIT_SCAN) {
						c = NULL;
						break;
					}
			}
			if (c)
				return take_large(m, c);
		}
		i++;
	}
	unsigned j = next_bin(m, i);
	if (j >= NBINS)
		return NULL;
	c = m->bins[j];
	if (j < NSMALL) {
		small_pop(m, j, c, (size_t)j << ALIGN_SHIFT);
		return c;
	}
	if (m->policy == MALLOC_BEST_FIT)
		c = trie_best(m, j, 0);
	return take_large(m, c);
}

/* Move every large free chunk from one policy's structure to the other's. */
void MI(set_policy)(struct mstate *m, int policy)
{
	if (policy == m->policy)
		return;
	struct mchunk *all = NULL;
	for (unsigned i = NSMALL; i < NBINS; i++) {
		while (m->bins[i]) {
			struct mchunk *c = m->bins[i];
			MI(large_remove)(m, c, csize(c));
			c->fd = all;
			all = c;
		}
	}
	m->policy = policy;
	while (all) {
		struct mchunk *c = all;
		all = c->fd;
		MI(large_insert)(m, c, csize(c));
	}
}
