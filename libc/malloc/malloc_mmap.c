/*
 * malloc_mmap.c - chunks with a mapping of their own.
 *
 * Requests of at least the mmap threshold (when no free chunk and no top
 * can take them) get their own anonymous mapping, and free() unmaps it, so
 * a big block goes straight back to the kernel.  Like glibc, freeing such a
 * chunk raises the threshold to its size (up to MMAP_THRESHOLD_MAX) unless
 * mallopt pinned it: a program that keeps allocating blocks of that size
 * then gets them from the heap, without a system call and page faults each
 * time.  The trim threshold follows at twice that.
 *
 * Layout:  mapping start: struct mmap_hdr | ... | offset word | head | data
 * The offset word (just below the head) says how far the chunk is from the
 * mapping's start; memalign makes it larger.  Live mappings are on a list,
 * which free() searches before it reads anything at a pointer that is in
 * none of our pieces: a pointer that is neither is refused unread.
 */
#include "malloc_impl.h"

static size_t *offset_word(struct mchunk *c)
{
	return (size_t *)((char *)c - sizeof(size_t));
}

struct mchunk *MI(mmap_chunk)(struct mstate *m, size_t nb, size_t align)
{
	size_t slack = align > MALLOC_ALIGN ? align : 0;
	size_t want = MMAP_MIN_OFF + HEAD_SIZE + slack + nb;
	if (want < nb || want > SIZE_MAX - MPAGE)
		return NULL;
	size_t len = (size_t)align_up(want, MPAGE);
	char *base = MI(os_mmap)(len);
	if (!base)
		return NULL;
	uintptr_t mem = align_up((uintptr_t)base + MMAP_MIN_OFF + HEAD_SIZE, align);
	struct mchunk *c = mem2chunk((void *)mem);
	size_t off = (size_t)((char *)c - base);
	size_t csz = len - off;

	struct mmap_hdr *h = (struct mmap_hdr *)base;
	h->len = len;
	h->cookie = m->cookie ^ (uintptr_t)base;
	h->prev = NULL;
	h->next = m->mmaps;
	if (m->mmaps)
		m->mmaps->prev = h;
	m->mmaps = h;
	for (unsigned i = 0; i < NRECENT; i++)
		if (m->recent[i] == chunk2mem(c))
			m->recent[i] = NULL;    /* ours again */
	*offset_word(c) = off;
	c->head = inuse_head(m, c, csz) | MMAPPED | PINUSE;

	m->mmap_count++;
	m->mmap_bytes += len;
	if (m->mmap_count > m->max_mmap_count)
		m->max_mmap_count = m->mmap_count;
	if (m->mmap_bytes > m->max_mmap_bytes)
		m->max_mmap_bytes = m->mmap_bytes;
	return c;
}

/* The mapping holding chunk c, if c is one of our live mmapped chunks. */
struct mmap_hdr *MI(find_mmap)(const struct mstate *m, const void *c)
{
	uintptr_t a = (uintptr_t)c;
	for (struct mmap_hdr *h = m->mmaps; h; h = h->next)
		if (a - (uintptr_t)h >= MMAP_MIN_OFF && a - (uintptr_t)h < h->len)
			return h;
	return NULL;
}

/* The mapping of c, which find_mmap placed inside one of our mappings, if
 * c really is the chunk of that mapping; else NULL. */
struct mmap_hdr *MI(mmap_check)(const struct mstate *m, struct mchunk *c)
{
	mhead_t hd = c->head;
	size_t csz = (size_t)(hd & SIZE_MASK);
	size_t off = *offset_word(c);
	struct mmap_hdr *h = (struct mmap_hdr *)((char *)c - off);
	if ((hd & (TAG_MASK | FLAG_MASK)) != (tag_for(m, c, csz, KIND_INUSE) | CINUSE | MMAPPED | PINUSE) ||
	    off < MMAP_MIN_OFF || off > (uintptr_t)c || ((uintptr_t)h & (MPAGE - 1)) ||
	    MI(find_mmap)(m, c) != h ||
	    h->cookie != (m->cookie ^ (uintptr_t)h) || h->len != off + csz)
		return NULL;
	return h;
}

/* Unmap in-use mmapped chunk c, found by find_mmap. */
void MI(mmap_free)(struct mstate *m, struct mchunk *c, const char *call)
{
	struct mmap_hdr *h = MI(mmap_check)(m, c);
	if (!h)
		MI(bad_pointer)(m, chunk2mem(c), call);

	if (h->prev)
		h->prev->next = h->next;
	else
		m->mmaps = h->next;
	if (h->next)
		h->next->prev = h->prev;
	m->mmap_count--;
	m->mmap_bytes -= h->len;
	m->recent[m->recent_pos++ % NRECENT] = chunk2mem(c);

	/* glibc's dynamic threshold: a block this big was short-lived, so
	 * blocks this big belong in the heap from now on. */
	size_t len = h->len;
	if (!m->mmap_pinned && len > m->mmap_threshold && len <= MMAP_THRESHOLD_MAX) {
		m->mmap_threshold = len;
		size_t t = 2 * len < TRIM_THRESHOLD_MAX ? 2 * len : TRIM_THRESHOLD_MAX;
		if (!m->trim_pinned && t > m->trim_threshold)
			m->trim_threshold = t;
	}
	MI(os_munmap)(h, len);
}
