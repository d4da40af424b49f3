/*
 * realloc.c - resizing in place when possible: a shrink gives its tail
 * back (coalesced with what follows) unless the tail is small; a grow
 * takes the free chunk after it, or top (extending the heap in place if
 * the break is still ours), with a little to spare for a block growing a
 * little at a time (see move_slack).  Only then does it allocate, copy
 * and free.  realloc(NULL, n) is malloc(n); realloc(p, 0) frees p and
 * returns NULL, as glibc does.
 */
#include "malloc_impl.h"

/* Give the tail of in-use chunk c beyond nb bytes back to the heap. */
static void shrink(struct mstate *m, struct mchunk *c, size_t csz, size_t nb)
{
	size_t rsz = csz - nb;
	if (rsz < MIN_CHUNK)
		return;
	struct mchunk *r = chunk_plus(c, nb);
	c->head = inuse_head(m, c, nb) | (c->head & PINUSE);
	r->head = inuse_head(m, r, rsz) | PINUSE;
	MI(release)(m, r);
}

/* Grow in-use chunk c to nb bytes into what follows it, if free. */
static bool grow_in_place(struct mstate *m, struct mchunk *c, size_t csz, size_t nb)
{
	struct mchunk *next = chunk_plus(c, csz);
	mhead_t nh = next->head;
	if (nh & CINUSE)
		return false;
	size_t nsz = (size_t)(nh & SIZE_MASK);
	if (next == m->top) {
		if (csz + nsz < nb + MIN_CHUNK) {
			if (!MI(heap_grow)(m, nb - csz))
				return false;   /* no memory */
			MI(cache_heap_grew)(m);  /* flushes nothing into top: c is in use */
			if (next != m->top)
				return false;   /* it is a new piece */
			nsz = csize(next);
		}
		struct mchunk *t = chunk_plus(c, nb);
		t->head = free_head(m, t, csz + nsz - nb);
		c->head = inuse_head(m, c, nb) | (c->head & PINUSE);
		m->top = t;
		if ((char *)t + HEAD_SIZE > m->fresh)
			m->fresh = (char *)t + HEAD_SIZE;
		return true;
	}
	size_t tot = csz + nsz;
	if (tot < nb)
		return false;
	bin_remove(m, next, nsz);
	if (tot - nb >= MIN_CHUNK) {
		struct mchunk *r = chunk_plus(c, nb);
		r->head = free_head(m, r, tot - nb);
		set_foot(r, tot - nb);
		bin_insert(m, r, tot - nb);
		c->head = inuse_head(m, c, nb) | (c->head & PINUSE);
	} else {
		c->head = inuse_head(m, c, tot) | (c->head & PINUSE);
		chunk_plus(c, tot)->head |= PINUSE;
	}
	return true;
}

/*
 * A block that realloc grew holds, from its old end to its new one,
 * nothing the program wrote: a vector that doubled fills its new half
 * over time.  Where that part was taken from memory the heap had used
 * before (a hole, a free neighbour, top below the never-written part),
 * its pages are still resident from their last use and are counted in
 * the process's RSS until the program writes there, if ever.  So they go
 * back to the kernel (MADV_DONTNEED: still mapped, read as zero, faulted
 * in again when written).  Only the heap's newest piece is looked at (the
 * others are pieces left behind when another party moved the break, and
 * rare), and in it only what lies below its never-written part (m->fresh
 * as it was before the growth); a mapping, fresh from the kernel, is left
 * alone.  Less than DISCARD_MIN (four pages) is not worth a system call
 * (at 16 and 32 KiB the benchmark's figures are the same).
 *
 * Pages given back fault in again when written, about 1 us each here.  A
 * program that grows, fills and frees buffers in a loop would pay that
 * every round, for memory it reuses at once (twelve 40 KiB buffers in
 * turn: 0.8 -> 11.5 us a round).  So realloc gives back at most what the
 * heap has grown by (give_back_budget): the faults it adds are never
 * more than the pages the heap ever grew by, and a heap that has stopped
 * growing, whose high-water mark is behind it, soon stops paying them.
 * The realloc benchmark's peak: 0.947x glibc's over 8 seeds (1.001x
 * without), for 10% more page faults (docs/malloc.md, "Repeatable peaks,
 * and giving back what realloc has not written").
 */
#define DISCARD_MIN ((size_t)16 << 10)

struct heap_mark {
	struct piece *cur;
	char *fresh;
};

static void discard_unwritten(struct mstate *m, const struct heap_mark *was, char *p,
			      size_t old, size_t n)
{
	struct piece *pc = m->cur;
	if (!pc || pc != was->cur || (uintptr_t)p < (uintptr_t)pc->first ||
	    (uintptr_t)p >= (uintptr_t)pc->fence)
		return;         /* a mapping, a piece just obtained, or an old one */
	uintptr_t lo = align_up((uintptr_t)p + old, MPAGE), hi = align_down((uintptr_t)p + n, MPAGE);
	uintptr_t never = align_up((uintptr_t)was->fresh, MPAGE);
	if (hi > never)
		hi = never;
	if (hi <= lo || hi - lo < DISCARD_MIN || hi - lo > m->give_back_budget)
		return;
	m->give_back_budget -= hi - lo;
	MI(os_discard)((void *)lo, hi - lo);
}

/* A mapping cannot grow where it is (no mremap): keep it while the new
 * size fits and uses at least half of it, else move. */
static void *realloc_mmapped(struct mstate *m, struct mchunk *c, void *p, size_t n, size_t nb)
{
	size_t csz = csize(c);
	if (nb <= csz && nb >= csz / 2)
		return p;
	struct heap_mark was = { m->cur, m->fresh };
	void *q = malloc(n);
	if (!q)
		return nb <= csz ? p : NULL;
	size_t keep = csz - HEAD_SIZE;
	memcpy(q, p, n < keep ? n : keep);
	MI(mmap_free)(m, c, "realloc()");
	account_free(m, csz);
	discard_unwritten(m, &was, q, keep, n);         /* (nothing if it shrank) */
	return q;
}

/*
 * A block that grows by a little (at most an eighth) is probably being
 * grown a little at a time (a string, a buffer being appended to), and
 * will be again.  So it grows with up to REALLOC_SLACK bytes to spare (a
 * quarter of the request at most), whether it moves or takes the free
 * chunk after it; and a shrink that would give back no more than that
 * (keep_spare) leaves the block as it is, so the appends that follow use
 * the spare bytes with no work at all.  Blocks that double (vectors) get
 * none.  Measured on the realloc benchmark (time, mean peak over 5 seeds;
 * ratios to glibc's): 64 bytes on a move only, handed back by the next
 * realloc's shrink and taken again from the freed tail, 0.74 / 0.947; the
 * same 64 kept, 0.59 / 0.946; 256 kept, 0.35 / 0.957, and taken from a
 * free neighbour too 0.33 / 0.955 (this); 512, 0.29 / 0.977; 1 KiB, 0.24
 * / 1.008.  (With no slack at all, in an earlier round: 0.93.)
 */
#define REALLOC_SLACK ((size_t)256)
static size_t move_slack(size_t old, size_t n)
{
	if (n - old > old / 8 || n > MAX_REQUEST - REALLOC_SLACK)
		return 0;
	return n / 4 < REALLOC_SLACK ? n / 4 : REALLOC_SLACK;
}

/* Whether a chunk of csz bytes shrunk to nb keeps its size: what it would
 * give back is no more than a growing block gets to spare. */
static bool keep_spare(size_t csz, size_t nb)
{
	return csz - nb <= REALLOC_SLACK && csz - nb <= csz / 4;
}

MALLOC_API void *realloc(void *p, size_t n)
{
	if (!p)
		return malloc(n);
	if (n == 0) {
		free(p);
		return NULL;
	}
	struct mstate *m = &MI(state);
	struct mchunk *c = MI(own_chunk)(m, p, "realloc()");
	if (n > MAX_REQUEST) {
		errno = ENOMEM;
		return NULL;
	}
	size_t nb = request2size(n), csz = csize(c);
	if (c->head & MMAPPED)
		return realloc_mmapped(m, c, p, n, nb);
	if (nb <= csz) {
		if (keep_spare(csz, nb))
			return p;
		shrink(m, c, csz, nb);
		account_free(m, csz - csize(c));
		return p;
	}
	struct heap_mark was = { m->cur, m->fresh };
	size_t spare = move_slack(csz - HEAD_SIZE, n), want = spare ? request2size(n + spare) : nb;
	if (grow_in_place(m, c, csz, want) || (want != nb && grow_in_place(m, c, csz, nb))) {
		m->inuse += csize(c) - csz;
		inuse_grew(m);
		discard_unwritten(m, &was, p, csz - HEAD_SIZE, n);
		return p;
	}
	void *q = malloc(n + spare);
	if (!q && !(q = malloc(n)))
		return NULL;
	memcpy(q, p, csz - HEAD_SIZE);
	MI(release)(m, c);
	account_free(m, csz);
	discard_unwritten(m, &was, q, csz - HEAD_SIZE, n);
	return q;
}
