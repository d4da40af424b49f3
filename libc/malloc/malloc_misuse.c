/*
 * malloc_misuse.c - catching misuse: double frees, pointers we never
 * returned (another allocator's, another copy of this one's, interior or
 * stray pointers) and heads overwritten by an overrun.  Every such error
 * ends the process with one line on stderr naming the call and the
 * address, then abort():
 *
 *     malloc: free(): double free of 0x0804c010
 *
 * No stdio here: the message is built by hand, so reporting never
 * allocates and works while the heap is corrupt.
 */
#include "malloc_impl.h"

static size_t put(char *buf, size_t n, size_t cap, const char *s)
{
	while (*s && n < cap)
		buf[n++] = *s++;
	return n;
}

_Noreturn void MI(die)(const char *call, const char *what, const void *addr)
{
	char buf[192], hex[2 * sizeof(uintptr_t) + 1];
	uintptr_t a = (uintptr_t)addr;
	int nd = 0;
	do {
		hex[nd++] = "0123456789abcdef"[a & 15];
		a >>= 4;
	} while (a || nd < 8);
	size_t n = 0, cap = sizeof(buf) - 1;
	n = put(buf, n, cap, "malloc: ");
	n = put(buf, n, cap, call);
	n = put(buf, n, cap, ": ");
	n = put(buf, n, cap, what);
	n = put(buf, n, cap, " 0x");
	while (nd > 0 && n < cap)
		buf[n++] = hex[--nd];
	buf[n++] = '\n';
	MI(os_write_err)(buf, n);
	MI(os_abort)();
}

/* Does a chunk of piece pc start exactly at c?  Walks the piece by sizes;
 * a head broken earlier stops the walk and the answer is no. */
static bool chunk_starts_at(const struct piece *pc, const struct mchunk *c)
{
	const struct mchunk *x = pc->first;
	while (x < c) {
		size_t s = csize(x);
		if (s < MIN_CHUNK || s > (size_t)((const char *)pc->fence - (const char *)x))
			return false;
		x = chunk_plus(x, s);
	}
	return x == c;
}

/* p failed a check in free/realloc/malloc_usable_size: say why, and die. */
_Noreturn void MI(bad_pointer)(struct mstate *m, void *p, const char *call)
{
	struct mchunk *c = mem2chunk(p);
	if ((uintptr_t)p & ALIGN_MASK)
		MI(die)(call, "invalid pointer", p);
	struct piece *pc = MI(find_piece)(m, c);
	if (pc) {
		mhead_t h = c->head;
		size_t sz = (size_t)(h & SIZE_MASK);
		if ((h & (TAG_MASK | CINUSE | MMAPPED)) == tag_for(m, c, sz, KIND_FREE) ||
		    (h & (TAG_MASK | CINUSE | MMAPPED)) == (tag_for(m, c, sz, KIND_CACHED) | CINUSE))
			MI(die)(call, "double free of", p);
		if (chunk_starts_at(pc, c))
			MI(die)(call, "corrupted header of", p);
		MI(die)(call, "invalid pointer", p);
	}
	struct mmap_hdr *mh = MI(find_mmap)(m, c);
	if (mh) {
		size_t off = (size_t)((char *)c - (char *)mh);
		if (*(size_t *)((char *)c - sizeof(size_t)) == off || off == MMAP_MIN_OFF)
			MI(die)(call, "corrupted header of", p);
		MI(die)(call, "invalid pointer", p);
	}
	/* One of our mappings was there and is gone: most likely a double
	 * free, though another allocator may have mapped the address since. */
	for (unsigned i = 0; i < NRECENT; i++)
		if (m->recent[i] == p)
			MI(die)(call, "double free (or foreign pointer) of", p);
	MI(die)(call, "invalid pointer", p);
}

/*
 * The in-use chunk of p, checked as free() checks it (ownership, its head,
 * the head after it), for realloc and malloc_usable_size.  On return, a
 * heap chunk's piece is m->hint.
 */
struct mchunk *MI(own_chunk)(struct mstate *m, void *p, const char *call)
{
	struct mchunk *c = mem2chunk(p);
	if ((uintptr_t)p & ALIGN_MASK)
		MI(bad_pointer)(m, p, call);
	if (!in_hint(m, c)) {
		struct piece *pc = MI(find_piece)(m, c);
		if (!pc) {
			if (!MI(find_mmap)(m, c) || !MI(mmap_check)(m, c))
				MI(bad_pointer)(m, p, call);
			return c;
		}
		set_hint(m, pc);
	}
	mhead_t h = c->head;
	size_t sz = (size_t)(h & SIZE_MASK);
	if ((h & (TAG_MASK | CINUSE | MMAPPED)) != (tag_for(m, c, sz, KIND_INUSE) | CINUSE))
		MI(bad_pointer)(m, p, call);
	struct mchunk *next = chunk_plus(c, sz);
	if (sz < MIN_CHUNK || (uintptr_t)next > m->hint_hi)
		MI(die)(call, "corrupted header of", p);
	if (!next_head_ok(m, next))
		MI(die)(call, "corrupted header after", p);
	return c;
}
