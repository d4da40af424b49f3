/*
 * malloc_heap.c - the heap's pieces: growing with sbrk, trimming, and
 * living beside other users of the same break.
 *
 * The break is shared: each library's copy of this allocator, and any code
 * calling sbrk or brk, moves it.  So the break is never cached.  sbrk(n)
 * returns the old break; only if that equals the end of our newest piece
 * does the new memory extend it in place.  Otherwise the new memory is a
 * new piece, and the old top becomes an ordinary free chunk in front of
 * the old piece's fence, so nothing coalesces across the gap into memory
 * that belongs to someone else.  Trimming gives memory back with a
 * negative sbrk only while the break still equals our own end.
 */
#include "malloc_impl.h"

/* Bytes a new piece spends besides its chunks. */
#define PIECE_OVERHEAD (sizeof(struct piece) + 4 * MALLOC_ALIGN + HEAD_SIZE)

static struct mchunk *fence_at(const char *brk_end)
{
	return (struct mchunk *)(align_down((uintptr_t)brk_end, MALLOC_ALIGN) - HEAD_SIZE);
}

struct piece *MI(find_piece)(const struct mstate *m, const void *addr)
{
	uintptr_t a = (uintptr_t)addr;
	for (struct piece *pc = m->pieces; pc; pc = pc->next)
		if (a - (uintptr_t)pc->first < (uintptr_t)pc->fence - (uintptr_t)pc->first)
			return pc;
	return NULL;
}

static void refresh_hint(struct mstate *m, struct piece *pc)
{
	if (m->hint == pc || !m->hint)
		set_hint(m, pc);
}

/* The break was still our end: the new memory joins top.  (Its fence is
 * not written: see struct piece.) */
static void extend_in_place(struct mstate *m, struct piece *pc, size_t inc)
{
	char *old_end = pc->brk_end;
	struct mchunk *old_fence = pc->fence;
	pc->brk_end += inc;
	pc->fence = fence_at(pc->brk_end);
	size_t tsz = csize(m->top) + (size_t)((char *)pc->fence - (char *)old_fence);
	m->top->head = free_head(m, m->top, tsz);
	/* The bytes above a break that is not page-aligned may hold what
	 * someone wrote before shrinking the break: not known to be zero. */
	if ((uintptr_t)old_end & (MPAGE - 1)) {
		char *z = (char *)align_up((uintptr_t)old_end, MPAGE);
		if (m->fresh < z)
			m->fresh = z;
	}
	m->heap_bytes += inc;
	m->give_back_budget += inc;
	refresh_hint(m, pc);
}

/* Make [base, base + len) a new piece holding the new top.  The old top,
 * if any, becomes a free chunk of its (now closed) piece. */
static void new_piece(struct mstate *m, char *base, size_t len, bool mmapped)
{
	struct piece *pc = (struct piece *)align_up((uintptr_t)base, _Alignof(struct piece));
	pc->base = base;
	pc->brk_end = base + len;
	pc->first = (struct mchunk *)(align_up((uintptr_t)(pc + 1) + HEAD_SIZE, MALLOC_ALIGN) - HEAD_SIZE);
	pc->fence = fence_at(pc->brk_end);
	pc->mmapped = mmapped;

	if (m->top) {
		/* the old top is free now, and the old piece's fence what stops
		 * coalescing at its end */
		size_t osz = csize(m->top);
		set_foot(m->top, osz);
		bin_insert(m, m->top, osz);
		m->cur->fence->head = fence_head(m, m->cur->fence, false);
	}
	struct mchunk *t = pc->first;
	t->head = free_head(m, t, (size_t)((char *)pc->fence - (char *)t));
	m->top = t;
	m->fresh = (char *)t + HEAD_SIZE;
	if (!mmapped && ((uintptr_t)base & (MPAGE - 1))) {
		char *z = (char *)align_up((uintptr_t)base, MPAGE);
		if (m->fresh < z)
			m->fresh = z;
	}
	pc->next = m->pieces;
	m->pieces = pc;
	m->cur = pc;
	m->npieces++;
	m->heap_bytes += len;
	m->give_back_budget += len;
	if (!m->hint)
		set_hint(m, pc);
}

/* Does [a, a + len) overlap one of our pieces? */
static bool overlaps_ours(const struct mstate *m, const char *a, size_t len)
{
	for (struct piece *pc = m->pieces; pc; pc = pc->next)
		if (a < pc->brk_end && pc->base < a + len)
			return true;
	return false;
}

/* sbrk failed: take the piece from mmap instead, at least 1 MiB and a
 * quarter of the heap, so that the pieces stay few (free() searches them)
 * when sbrk keeps failing.  Untouched pages cost nothing. */
static bool grow_mmap(struct mstate *m, size_t len)
{
	size_t least = m->heap_bytes / 4 > ((size_t)1 << 20) ? m->heap_bytes / 4 : (size_t)1 << 20;
	if (len < least)
		len = (size_t)align_up(least, MPAGE);
	char *p = MI(os_mmap)(len);
	if (!p)
		return false;
	new_piece(m, p, len, true);
	return true;
}

/*
 * The heap must grow again after a trim: the memory given back was still
 * wanted, and giving it back cost a system call now and page faults as it
 * is touched again.  Keep more next time, as glibc raises its mmap
 * threshold when a mapped chunk is freed (bounded, unless pinned).
 */
static void trim_was_premature(struct mstate *m)
{
	size_t t = m->trim_threshold * 2;
	if (t < m->trimmed)
		t = m->trimmed;
	if (t > TRIM_THRESHOLD_MAX)
		t = TRIM_THRESHOLD_MAX;
	if (!m->trim_pinned && t > m->trim_threshold)
		m->trim_threshold = t;
	m->trimmed = 0;
}

/* Make top hold at least nb + MIN_CHUNK bytes.  False: out of memory. */
bool MI(heap_grow)(struct mstate *m, size_t nb)
{
	if (m->trimmed)
		trim_was_premature(m);
	size_t want = nb + MIN_CHUNK + m->top_pad + PIECE_OVERHEAD;
	if (want < nb || want > (size_t)INTPTR_MAX - MPAGE)
		return false;
	size_t inc = (size_t)align_up(want, MPAGE);
	char *old = MI(os_sbrk)((intptr_t)inc);
	if (old == (char *)-1)
		return grow_mmap(m, inc);
	struct piece *pc = m->cur;
	if (pc && !pc->mmapped && old == pc->brk_end) {
		extend_in_place(m, pc, inc);
		return true;
	}
	if (overlaps_ours(m, old, inc)) {
		/* Someone lowered the break into our heap; that memory is
		 * ours already.  Put the break back and use mmap. */
		MI(os_sbrk)(-(intptr_t)inc);
		return grow_mmap(m, inc);
	}
	new_piece(m, old, inc, false);
	return true;
}

/*
 * The newest piece is all free and the break is still its end: give it all
 * back, so pieces interleaved with other users of the break unwind when
 * everyone frees.  The next newest piece becomes current; its last chunk
 * must be free, to become top.  The only piece is never released.
 */
static bool release_piece(struct mstate *m)
{
	struct piece *pc = m->cur, *prev = pc->next;
	if (!prev)
		return false;
	if (prev->fence->head & PINUSE)
		return false;           /* its last chunk is in use */
	struct mchunk *last = chunk_minus(prev->fence, prev_foot(prev->fence));
	if (last->head != free_head(m, last, prev_foot(prev->fence)))
		MI(die)("free()", "corrupted free chunk before", chunk2mem(prev->fence));
	size_t len = (size_t)(pc->brk_end - pc->base);
	if (len > (size_t)INTPTR_MAX || MI(os_sbrk)(-(intptr_t)len) == (void *)-1)
		return false;
	bin_remove(m, last, csize(last));
	prev->fence->head = 0;  /* the newest again: its fence is not kept */
	m->pieces = prev;
	m->cur = prev;
	m->top = last;
	m->fresh = (char *)prev->fence;     /* nothing there is known zero */
	m->npieces--;
	m->heap_bytes -= len;
	if (m->hint == pc)
		set_hint(m, prev);
	return true;
}

/* Give top's free pages back beyond top_pad, if the break is still ours.
 * Called when top exceeds the trim threshold or fills its whole piece. */
void MI(heap_trim)(struct mstate *m)
{
	struct piece *pc = m->cur;
	if (!pc || pc->mmapped)
		return;
	size_t tsz = csize(m->top);
	size_t keep = m->top_pad + MIN_CHUNK;
	bool whole = m->top == pc->first && pc->next;
	bool trim = tsz > keep + MPAGE && tsz > m->trim_threshold;
	if (!whole && !trim)
		return;
	/* Never shrink a break that someone else has moved since. */
	if ((char *)MI(os_sbrk)(0) != pc->brk_end)
		return;
	if (whole && release_piece(m)) {
		MI(cache_heap_shrank)(m);
		return;
	}
	if (!trim)
		return;
	size_t release = (size_t)align_down(tsz - keep, MPAGE);
	if (release > (size_t)INTPTR_MAX)
		release = (size_t)align_down(INTPTR_MAX, MPAGE);
	if (MI(os_sbrk)(-(intptr_t)release) == (void *)-1)
		return;
	pc->brk_end -= release;
	pc->fence = fence_at(pc->brk_end);
	m->top->head = free_head(m, m->top, tsz - release);
	m->trimmed = release;
	/* Whatever the kernel gives back later is zero, but the part of the
	 * last page below the new break keeps what was there. */
	m->fresh = (char *)align_up((uintptr_t)pc->brk_end, MPAGE);
	m->heap_bytes -= release;
	refresh_hint(m, pc);
	MI(cache_heap_shrank)(m);
}
