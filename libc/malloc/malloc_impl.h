/*
 * malloc_impl.h - the allocator's internals, shared by the files of libc/malloc/.
 *
 * docs/malloc.md describes the design; in one paragraph: memory comes in
 * "pieces" (sbrk'd regions, each closed by a fence) cut into chunks with
 * boundary tags.  A chunk's 8-byte head holds its size, three flag bits
 * and a 16-bit tag derived from a per-instance secret, the chunk's
 * address and its size.  Free chunks sit in bins segregated by size
 * (exact bins below 16 KiB, four bins per power of two above) and are
 * coalesced with their neighbours at once.  The last chunk of the newest
 * piece is "top", the wilderness that sbrk extends.  Big requests get
 * their own mmap.  In front of it all, a bounded LIFO cache per size
 * below 1 KiB keeps recently freed chunks as they are (still "in use" to
 * the heap), so most malloc/free pairs touch nothing but the block itself.
 *
 * The same sources build for Brink (libc.a) and for the host (tests, the
 * fuzzer, an LD_PRELOAD shared object); only malloc_os.c differs.  Define
 * MALLOC_PREFIX (e.g. bk_) to rename every external symbol, so the host
 * tests can hold two independent instances in one process beside the host
 * libc's own allocator.
 */
#ifndef BRINK_MALLOC_IMPL_H
#define BRINK_MALLOC_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <errno.h>
#include <string.h>
#include <stdlib.h>

/* ------------------------------------------------------------ naming -- */
#define MALLOC_CAT_(a, b) a##b
#define MALLOC_CAT(a, b)  MALLOC_CAT_(a, b)

#ifdef MALLOC_PREFIX
#define malloc             MALLOC_CAT(MALLOC_PREFIX, malloc)
#define free               MALLOC_CAT(MALLOC_PREFIX, free)
#define calloc             MALLOC_CAT(MALLOC_PREFIX, calloc)
#define realloc            MALLOC_CAT(MALLOC_PREFIX, realloc)
#define memalign           MALLOC_CAT(MALLOC_PREFIX, memalign)
#define posix_memalign     MALLOC_CAT(MALLOC_PREFIX, posix_memalign)
#define aligned_alloc      MALLOC_CAT(MALLOC_PREFIX, aligned_alloc)
#define malloc_usable_size MALLOC_CAT(MALLOC_PREFIX, malloc_usable_size)
#define mallopt            MALLOC_CAT(MALLOC_PREFIX, mallopt)
#define malloc_stats       MALLOC_CAT(MALLOC_PREFIX, malloc_stats)
#define mallinfo2          MALLOC_CAT(MALLOC_PREFIX, mallinfo2)
#define MI(name)           MALLOC_CAT(MALLOC_PREFIX, MALLOC_CAT(m_, name))
#else
#define MI(name)           MALLOC_CAT(__malloc_, name)
#endif

/* The public entry points; visible from the LD_PRELOAD object. */
#ifdef MALLOC_SHARED
#define MALLOC_API __attribute__((visibility("default")))
#else
#define MALLOC_API
#endif

#include "../include/malloc.h"

#ifdef MALLOC_PREFIX
/* <stdlib.h> declared the unprefixed names. */
void *malloc(size_t n);
void  free(void *p);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *p, size_t n);
void *aligned_alloc(size_t align, size_t n);
int   posix_memalign(void **memptr, size_t align, size_t n);
#endif

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
/* Error paths, and what runs once or when a program asks (init, the
 * cache's setup, mallopt, mallinfo2, malloc_stats): compiled for size,
 * away from the hot code.  That took the preloaded object's text from
 * 20.3 to 19.4 KiB, one page less resident in every process (44 -> 40
 * KiB of its file). */
#define COLD        __attribute__((cold, noinline))

/* ------------------------------------------------------ chunk layout -- */
/*
 * A chunk at address c:
 *
 *   c + 0      head: size | flags | tag (8 bytes on both targets)
 *   c + 8      user data (malloc's pointer), or, in a free chunk:
 *              fd, bk (bin list), then for large chunks under best fit
 *              child[2], parent, bin (the size trie)
 *   c + size - sizeof(size_t)
 *              a free chunk's foot: its size again (the boundary tag),
 *              read by the next chunk when it coalesces backwards.  An
 *              in-use chunk's last word is user data.
 *
 * c + 8 is MALLOC_ALIGN-aligned and sizes are multiples of MALLOC_ALIGN,
 * so the overhead of a chunk in use is the 8-byte head, as in glibc.
 */
typedef uint64_t __attribute__((may_alias)) mhead_t;
typedef size_t __attribute__((may_alias)) mfoot_t;

#define HEAD_SIZE    ((size_t)sizeof(mhead_t))
#define MALLOC_ALIGN ((size_t)(2 * sizeof(size_t)))   /* 8 on i686, 16 on x86-64 */
#define ALIGN_MASK   (MALLOC_ALIGN - 1)
#define ALIGN_SHIFT  (sizeof(size_t) == 8 ? 4 : 3)
#define SIZE_BITS    ((unsigned)(8 * sizeof(size_t)))
#define MPAGE        ((size_t)4096)     /* Brink's and x86 Linux's page size */

struct mchunk {
	mhead_t head;
	struct mchunk *fd, *bk;
	struct mchunk *child[2];
	struct mchunk *parent;
	size_t bin;                 /* trie node: its bin; ring member: NOT_NODE */
};
#define NOT_NODE ((size_t)-1)

#define MIN_CHUNK ((HEAD_SIZE + 2 * sizeof(void *) + sizeof(size_t) + ALIGN_MASK) & ~ALIGN_MASK)

/* Head bits.  Sizes stay below 2^47 (user space), so bits 48..63 are free
 * for the tag; the low three bits are free because sizes are aligned. */
#define PINUSE     ((mhead_t)1)     /* the previous chunk is in use          */
#define CINUSE     ((mhead_t)2)     /* this chunk is in use                  */
#define MMAPPED    ((mhead_t)4)     /* this chunk is its own mmap mapping    */
#define FLAG_MASK  ((mhead_t)7)
#define TAG_SHIFT  48
#define TAG_MASK   ((mhead_t)0xffff << TAG_SHIFT)
#define SIZE_MASK  ((((mhead_t)1 << TAG_SHIFT) - 1) & ~FLAG_MASK)

/* What a tag says the chunk is.  A chunk's tag mixes the instance's
 * secret, the chunk's address, its size and its kind, so a head that an
 * overrun rewrote (even only its low, size bytes), one copied from
 * elsewhere or one made by another instance (another secret) fails. */
#define KIND_INUSE ((mhead_t)0)
#define KIND_FREE  ((mhead_t)0x5a96 << TAG_SHIFT)
#define KIND_FENCE ((mhead_t)0xc3e1 << TAG_SHIFT)
/* In the front cache: CINUSE to the heap (nothing coalesces with it), but
 * not the program's: freeing it again is a double free. */
#define KIND_CACHED ((mhead_t)0x9b5c << TAG_SHIFT)

/* Requests above this fail with ENOMEM before any size arithmetic. */
#define MAX_REQUEST ((sizeof(size_t) == 8 ? ((size_t)1 << 46) : (size_t)PTRDIFF_MAX) \
		     - 64 * MPAGE)

/* ---------------------------------------------------------------- bins -- */
/* Exact bins, one per aligned size, below SMALL_LIMIT; then four bins per
 * power of two.  Bins 0 .. MIN_CHUNK/ALIGN-1 are never used.  Exact bins
 * up to 16 KiB: a best fit among them is a bitmap scan and an O(1)
 * unlink, where the size trie took a cache miss a level (mixed's 1-16 KiB
 * blocks: 0.84 -> 0.70 of glibc's time). */
#define SMALL_LIMIT   ((size_t)16384)
#define SMALL_LOG     14
#define NSMALL        ((unsigned)(SMALL_LIMIT >> ALIGN_SHIFT))
#define NBINS         (NSMALL + 4 * (SIZE_BITS - SMALL_LOG))
#define BINMAP_WORDS  ((NBINS + 63) / 64)
/* The largest request that the exact bins serve. */
#define SMALL_REQ_MAX (SMALL_LIMIT - MALLOC_ALIGN - HEAD_SIZE)
/* The front cache serves the sizes below CACHE_LIMIT (NCACHE stacks). */
#define CACHE_LIMIT   ((size_t)1024)
#define NCACHE        ((unsigned)(CACHE_LIMIT >> ALIGN_SHIFT))
#define CACHE_REQ_MAX (CACHE_LIMIT - MALLOC_ALIGN - HEAD_SIZE)

/* ----------------------------------------------------- tunables -- */
#define DEFAULT_MMAP_THRESHOLD ((size_t)128 * 1024)
#define MMAP_THRESHOLD_MAX     (sizeof(size_t) == 8 ? (size_t)32 << 20 : (size_t)4 << 20)
#define DEFAULT_TRIM_THRESHOLD ((size_t)128 * 1024)
/* Adaptive raises of the trim threshold stop here: the most a program
 * keeps after freeing everything. */
#define TRIM_THRESHOLD_MAX     (sizeof(size_t) == 8 ? (size_t)12 << 20 : (size_t)4 << 20)
#define DEFAULT_TOP_PAD        ((size_t)128 * 1024)
#define DEFAULT_POLICY         MALLOC_BEST_FIT
/* Chunks kept per small size in the front cache: at most M_CACHE_COUNT
 * (this by default), and no more than CACHE_SIZE_BYTES of each size. */
#define DEFAULT_CACHE_COUNT    64
#define CACHE_COUNT_MAX        64
#define CACHE_SIZE_BYTES       ((size_t)8192)
/* Each size's stack has room for the most it may ever hold (0 below
 * MIN_CHUNK), and the stacks lie end to end in one array, CACHE_SLOTS in
 * all: 1,452 slots (11.3 KiB) on x86-64 and 2,936 (11.5 KiB) on i686,
 * where rows of CACHE_COUNT_MAX for every size took 32 KiB, mostly never
 * written, and spread the written part over more pages: a program using
 * the sizes up to 512 bytes wrote 5 of those pages, 3 now. */
#define CACHE_ROW(sz) ((sz) < MIN_CHUNK ? 0 : \
		       CACHE_SIZE_BYTES / (sz) < CACHE_COUNT_MAX ? CACHE_SIZE_BYTES / (sz) : CACHE_COUNT_MAX)
#define CACHE_ROW_I(i) CACHE_ROW((size_t)(i) << ALIGN_SHIFT)
#define CACHE_ROWS4(i)  (CACHE_ROW_I(i) + CACHE_ROW_I((i) + 1) + CACHE_ROW_I((i) + 2) + CACHE_ROW_I((i) + 3))
#define CACHE_ROWS16(i) (CACHE_ROWS4(i) + CACHE_ROWS4((i) + 4) + CACHE_ROWS4((i) + 8) + CACHE_ROWS4((i) + 12))
#define CACHE_ROWS64(i) (CACHE_ROWS16(i) + CACHE_ROWS16((i) + 16) + CACHE_ROWS16((i) + 32) + \
			 CACHE_ROWS16((i) + 48))
#define CACHE_SLOTS     (NCACHE == 64 ? CACHE_ROWS64(0) : CACHE_ROWS64(0) + CACHE_ROWS64(64))
_Static_assert(NCACHE == 64 || NCACHE == 128, "CACHE_SLOTS adds up 64 or 128 rows");
/* The heap does not grow while the cache holds this much (it is flushed);
 * in a small heap (see heap_small), CACHE_SPILL_SMALL, and only the older
 * half of each stack goes: a program with 100 blocks live (bench small)
 * spilled every 2,300 steps at 32 KiB, 0.91x glibc's time, and at 64 KiB
 * 0.75x for 11 KiB more heap than glibc's. */
#define CACHE_SPILL_MIN        ((size_t)32768)
#define CACHE_SPILL_SMALL      ((size_t)65536)
/* Nor is a free chunk split so that this much is left before the cache's
 * chunks have coalesced: cached chunks beside it may make a better fit, or
 * a hole the next big block fits (mixed's mean peak over 20 seeds: 1.020x
 * glibc's without, 1.003x with, for 2-4% of its time; emptying the cache
 * also whenever 64 KiB is freed, as glibc consolidates its fastbins, took
 * it to 1.000x for 9%). */
#define CACHE_SPILL_BIG        ((size_t)64 << 10)

/* ------------------------------------------------------------ pieces -- */
/* A contiguous region we obtained: from sbrk (extended in place while the
 * kernel's break stays at our end) or, when sbrk fails, from mmap.  The
 * header sits at its start; its last chunk is a fence (size 0, in use) so
 * no chunk ever coalesces past the end into memory we do not own.  The
 * newest piece's fence follows top, which nothing reads past, so its head
 * is written only when a newer piece closes this one, and zeroed when the
 * piece is the newest again (malloc_heap.c): else each growth of the heap
 * would make the page at its new end resident long before top reaches it. */
struct piece {
	struct piece *next;
	char *base;                 /* what sbrk/mmap returned                 */
	char *brk_end;              /* end of the region (the break, for sbrk) */
	struct mchunk *first;       /* first chunk                             */
	struct mchunk *fence;       /* the fence chunk at the end              */
	bool mmapped;
};

/* Every chunk mmapped on its own starts with this, at the mapping's start. */
struct mmap_hdr {
	size_t len;                 /* the mapping's length                    */
	uintptr_t cookie;           /* state cookie ^ address: proves it's ours */
	struct mmap_hdr *next, *prev;
};
/* Offset from a mapping's start to its chunk (without extra alignment). */
#define MMAP_MIN_OFF (((sizeof(struct mmap_hdr) + sizeof(size_t) + HEAD_SIZE + ALIGN_MASK) \
		       & ~ALIGN_MASK) - HEAD_SIZE)

#define NRECENT 16

struct mstate {
	/* the fast paths' fields first, together */
	uintptr_t secret;           /* tag key (low 16 bits used)              */
	uintptr_t link_key;         /* masks the links of the bin lists        */
	uintptr_t hint_lo, hint_hi; /* chunks of m->hint lie in [lo, hi)       */
	size_t inuse;               /* bytes of chunks in use: the program's
	                               and the front cache's (mmapped too)     */
	void **cache_top[NCACHE];       /* each size's stack: its next free slot */
	void **cache_floor[NCACHE];     /* its first slot, in cache_slot[]     */
	void **cache_end[NCACHE];       /* free's fast path pushes below this:
	                                   floor + cache_cap, or the floor while
	                                   counting (closed)                   */
	uintptr_t cookie;           /* full-width key for mmapped chunks       */
	struct piece *hint;         /* the piece free() last found a chunk in  */
	struct mchunk *top;         /* wilderness: last chunk of m->cur         */
	struct piece *cur;          /* newest piece, the one sbrk may extend   */
	struct piece *pieces;       /* all pieces, newest first                */
	char *fresh;                /* [fresh, cur->fence) never written: zero */
	struct mmap_hdr *mmaps;     /* live mmapped chunks                     */
	void *recent[NRECENT];      /* recently unmapped chunks, for messages  */
	unsigned recent_pos;
	size_t give_back_budget;    /* what realloc may still give back: the
	                               heap's growth less what it gave back    */
	int policy;                 /* MALLOC_FIRST_FIT or MALLOC_BEST_FIT     */
	bool ready, mmap_pinned, trim_pinned;
	size_t mmap_threshold, trim_threshold, top_pad;
	size_t heap_bytes, npieces;
	size_t trimmed;             /* given back by the last trim, not regrown */
	size_t mmap_bytes, mmap_count, max_mmap_bytes, max_mmap_count;
	uint64_t binmap[BINMAP_WORDS];
	struct mchunk *bins[NBINS];
	struct mchunk sink;         /* takes stores that have no target */
	/* the front cache's bounds and its accounting (see cache_check) */
	unsigned cache_max;         /* M_CACHE_COUNT: chunks per size, at most */
	uint16_t cache_cap[NCACHE]; /* chunks kept per size                    */
	size_t cache_guard;         /* twice the most the cache can hold       */
	bool counting;              /* inuse < guard: m->cached is kept        */
	size_t cached;              /* while counting: at least the bytes in
	                               the cache (malloc's pops do not count) */
	/* the cache's stacks, end to end: size i's user addresses from
	 * cache_floor[i] up to cache_top[i], the newest last */
	void *cache_slot[CACHE_SLOTS];
};

extern struct mstate MI(state);

/* ------------------------------------------------------- small helpers -- */
static inline size_t csize(const struct mchunk *c) { return (size_t)(c->head & SIZE_MASK); }
static inline struct mchunk *chunk_plus(const void *c, size_t off)
{
	return (struct mchunk *)((char *)c + off);
}
static inline struct mchunk *chunk_minus(const void *c, size_t off)
{
	return (struct mchunk *)((char *)c - off);
}
static inline void *chunk2mem(struct mchunk *c) { return (char *)c + HEAD_SIZE; }
static inline struct mchunk *mem2chunk(const void *p) { return chunk_minus(p, HEAD_SIZE); }
static inline void set_foot(struct mchunk *c, size_t sz) { *(mfoot_t *)((char *)c + sz - sizeof(size_t)) = sz; }
static inline size_t prev_foot(const struct mchunk *c) { return *(const mfoot_t *)((const char *)c - sizeof(size_t)); }

static inline uintptr_t align_up(uintptr_t x, size_t a) { return (x + a - 1) & ~(uintptr_t)(a - 1); }
static inline uintptr_t align_down(uintptr_t x, size_t a) { return x & ~(uintptr_t)(a - 1); }

/* The low 16 bits of address ^ size/alignment ^ secret, in bits 48..63
 * (the shift drops the rest).  For a given address, the first 2^16
 * aligned sizes each have their own tag, so an overrun that rewrites a
 * head's size bytes is caught. */
static inline mhead_t tag_for(const struct mstate *m, const void *c, size_t sz, mhead_t kind)
{
	return ((mhead_t)((uintptr_t)c ^ (sz >> ALIGN_SHIFT) ^ m->secret) << TAG_SHIFT) ^ kind;
}

/* Chunk size for a request that is known to be <= MAX_REQUEST. */
static inline size_t request2size(size_t n)
{
	size_t nb = (n + HEAD_SIZE + ALIGN_MASK) & ~ALIGN_MASK;
	return nb < MIN_CHUNK ? MIN_CHUNK : nb;
}

static inline bool in_hint(const struct mstate *m, const void *c)
{
	return (uintptr_t)c - m->hint_lo < m->hint_hi - m->hint_lo;
}

static inline void set_hint(struct mstate *m, struct piece *pc)
{
	m->hint = pc;
	m->hint_lo = (uintptr_t)pc->first;
	m->hint_hi = (uintptr_t)pc->fence;
}

/* The head a free chunk of size sz at c must have, exactly: free chunks
 * always follow a chunk in use (coalescing guarantees it). */
static inline mhead_t free_head(const struct mstate *m, const void *c, size_t sz)
{
	return tag_for(m, c, sz, KIND_FREE) | sz | PINUSE;
}

/* An in-use chunk's head, without PINUSE: callers add what they know. */
static inline mhead_t inuse_head(const struct mstate *m, const void *c, size_t sz)
{
	return tag_for(m, c, sz, KIND_INUSE) | sz | CINUSE;
}

static inline mhead_t fence_head(const struct mstate *m, const void *f, bool prev_inuse)
{
	return tag_for(m, f, 0, KIND_FENCE) | CINUSE | (prev_inuse ? PINUSE : 0);
}

/* The head of the chunk after an in-use chunk is one we wrote: an
 * in-use, cached, free or fence chunk's, that knows its predecessor is in
 * use.  This is how an overrun of the block before it is caught. */
static inline bool next_head_ok(const struct mstate *m, const struct mchunk *next)
{
	mhead_t nh = next->head;
	mhead_t k = (nh ^ tag_for(m, next, (size_t)(nh & SIZE_MASK), 0)) & (TAG_MASK | FLAG_MASK);
	return k == (KIND_INUSE | CINUSE | PINUSE) || k == (KIND_CACHED | CINUSE | PINUSE) ||
	       k == (KIND_FREE | PINUSE) || k == (KIND_FENCE | CINUSE | PINUSE);
}

/* Hand out all of free chunk c (out of its bin already).  A free chunk
 * always follows a chunk in use, so PINUSE is set. */
static inline void use_whole(const struct mstate *m, struct mchunk *c, size_t sz)
{
	c->head = inuse_head(m, c, sz) | PINUSE;
	chunk_plus(c, sz)->head |= PINUSE;
}

/* ------------------------------------------------------- bin helpers -- */
static inline unsigned bin_index(size_t sz)
{
	if (sz < SMALL_LIMIT)
		return (unsigned)(sz >> ALIGN_SHIFT);
	/* clzll counts in 64 bits, whatever the width of size_t */
	unsigned b = 63 - (unsigned)__builtin_clzll((unsigned long long)sz);
	return NSMALL + (b - SMALL_LOG) * 4 + (unsigned)((sz >> (b - 2)) & 3);
}

static inline void mark_bin(struct mstate *m, unsigned i) { m->binmap[i >> 6] |= (uint64_t)1 << (i & 63); }
static inline void clear_bin(struct mstate *m, unsigned i) { m->binmap[i >> 6] &= ~((uint64_t)1 << (i & 63)); }
/* Clear bin i's bit if its list is now empty, without a branch: whether a
 * bin empties is as good as random, a mispredicted branch costs more. */
static inline void clear_bin_if(struct mstate *m, unsigned i, const struct mchunk *f)
{
	m->binmap[i >> 6] &= ~((uint64_t)(f == NULL) << (i & 63));
}

_Noreturn void MI(die)(const char *call, const char *what, const void *addr) COLD;

/*
 * Small bins and, under first fit, large bins: NULL-terminated doubly
 * linked lists, newest first.  The head's bk is not kept up to date (it
 * is never read while the chunk is the head), so taking the head touches
 * no other chunk; every other member's bk is exact.
 *
 * The links are stored masked with m->link_key, as glibc's "safe-linking"
 * does: a program writing into freed memory cannot plant a pointer we
 * would follow.  A link holds the next chunk's user address (aligned), or
 * 0, masked; the key's low bits are LINK_KEY_LOW, so whatever 8-aligned
 * value (a pointer, zero) a program writes there unmasks to a misaligned
 * address, which the one test in link_next catches.
 */
#define LINK_KEY_LOW ((uintptr_t)5)

/* (The NULL cases are arithmetic, not branches: whether a list ends here
 * is as good as random.) */
static inline uintptr_t link_of(const struct mstate *m, const struct mchunk *to)
{
	uintptr_t t = (uintptr_t)to;
	return (t + (HEAD_SIZE & -(uintptr_t)(t != 0))) ^ m->link_key;
}

static inline struct mchunk *link_open(const struct mstate *m, const struct mchunk *c, uintptr_t stored)
{
	uintptr_t v = stored ^ m->link_key;
	if (unlikely(v & ALIGN_MASK))
		MI(die)("heap", "corrupted free list at", chunk2mem((struct mchunk *)c));
	return (struct mchunk *)(v - (HEAD_SIZE & -(uintptr_t)(v != 0)));
}

static inline struct mchunk *link_next(const struct mstate *m, const struct mchunk *c)
{
	return link_open(m, c, (uintptr_t)c->fd);
}

static inline struct mchunk *link_prev(const struct mstate *m, const struct mchunk *c)
{
	return link_open(m, c, (uintptr_t)c->bk);
}

static inline void link_set(const struct mstate *m, struct mchunk **field, const struct mchunk *to)
{
	*field = (struct mchunk *)link_of(m, to);
}

static inline void list_push(struct mstate *m, unsigned i, struct mchunk *c)
{
	struct mchunk *f = m->bins[i];
	link_set(m, &c->fd, f);
	/* c is not NULL; the store is branch-free: see clear_bin_if */
	(f ? f : &m->sink)->bk = (struct mchunk *)(((uintptr_t)c + HEAD_SIZE) ^ m->link_key);
	mark_bin(m, i);
	m->bins[i] = c;
}

static inline void list_unlink(struct mstate *m, unsigned i, struct mchunk *c)
{
	struct mchunk *f = link_next(m, c);
	if (m->bins[i] == c) {
		m->bins[i] = f;
		clear_bin_if(m, i, f);
		return;
	}
	struct mchunk *b = link_prev(m, c);
	if (unlikely(!b || link_next(m, b) != c || (f && link_prev(m, f) != c)))
		MI(die)("heap", "corrupted free list at", chunk2mem(c));
	link_set(m, &b->fd, f);
	if (f)
		link_set(m, &f->bk, b);
}

/* Take the first chunk of exact small bin i, whose chunks have size nb.
 * Its head is checked, and its link to the next. */
static inline void small_pop(struct mstate *m, unsigned i, struct mchunk *c, size_t nb)
{
	if (unlikely(c->head != free_head(m, c, nb)))
		MI(die)("malloc()", "corrupted free list at", chunk2mem(c));
	struct mchunk *f = link_next(m, c);
	m->bins[i] = f;
	clear_bin_if(m, i, f);
}

void MI(large_insert)(struct mstate *m, struct mchunk *c, size_t sz);
void MI(large_remove)(struct mstate *m, struct mchunk *c, size_t sz);

static inline void bin_insert(struct mstate *m, struct mchunk *c, size_t sz)
{
	if (sz < SMALL_LIMIT)
		list_push(m, (unsigned)(sz >> ALIGN_SHIFT), c);
	else
		MI(large_insert)(m, c, sz);
}

static inline void bin_remove(struct mstate *m, struct mchunk *c, size_t sz)
{
	if (sz < SMALL_LIMIT)
		list_unlink(m, (unsigned)(sz >> ALIGN_SHIFT), c);
	else
		MI(large_remove)(m, c, sz);
}

/* ------------------------------------------------------ front cache -- */
/*
 * A chunk freed by the program goes, if its size is small, its size's
 * stack is not full and the chunk before it is in use (else it coalesces
 * with that one now: see free), onto a LIFO stack of its size as it is:
 * still in use to the heap, only its tag's kind changes.  The stacks are
 * arrays in the state, not links in the chunks, so malloc of that size
 * takes the chunk back without reading it (its line is cold when it was
 * pushed long ago) and a write into a cached block cannot corrupt the
 * cache.  Neither touches any other chunk, nor any counter but the
 * stack's.  Coalescing such a chunk is deferred until it leaves the cache
 * (cache_flush), which happens once the cache holds more than the program
 * does in a heap worth shrinking (it freed most of what it had, and the
 * cached chunks would only keep the heap from shrinking).
 *
 * Knowing that takes the cache's size in bytes, and a counter updated on
 * every cache push and pop costs the fast paths more than all the rest of
 * their bookkeeping (measured: 12% of the churn benchmark).  So the fast
 * paths keep no byte count.  m->inuse counts the chunks in use to the
 * heap, cached or not; it changes only off the fast paths.  While it is at
 * least m->cache_guard, twice what the cache can ever hold, the cache
 * cannot hold more than the program.  In a heap smaller than twice the
 * guard nothing is counted either: there is little to give back.  Below
 * the guard in a bigger heap the allocator is "counting": the fast path
 * of free is closed (cache_end[] is cache_floor[]), free_heap caches
 * chunks instead and adds them to m->cached; malloc's
 * pops still go uncounted, so m->cached may overstate the cache, and when
 * it seems to hold more than the program the real figure is added up
 * before flushing.  Counting stops when inuse is back above twice the
 * guard, or the heap is trimmed below the guard.
 */
/* A heap under twice the guard: the cache is not counted there, its spill
 * waits for CACHE_SPILL_SMALL and gives back half, and no split waits for
 * it (why: the comment above cache_spill_due in malloc_cache.c). */
static inline bool heap_small(const struct mstate *m)
{
	return m->heap_bytes < 2 * m->cache_guard;
}

void MI(cache_flush)(struct mstate *m);
void MI(cache_setup)(struct mstate *m, unsigned max) COLD;
void MI(cache_low)(struct mstate *m);
void MI(cache_high)(struct mstate *m);
void MI(cache_heap_grew)(struct mstate *m);
void MI(cache_heap_shrank)(struct mstate *m);
bool MI(cache_spill)(struct mstate *m);
bool MI(cache_spill_due)(const struct mstate *m);

/* How many chunks size i's stack holds. */
static inline unsigned cache_n(const struct mstate *m, unsigned i)
{
	return (unsigned)(m->cache_top[i] - m->cache_floor[i]);
}

/* Push in-use chunk c (head h, size index i, its stack not full) onto
 * its cache stack. */
static inline void cache_push(struct mstate *m, struct mchunk *c, mhead_t h, unsigned i)
{
	c->head = h ^ KIND_CACHED;
	*m->cache_top[i]++ = chunk2mem(c);
}

/*
 * Cached chunk c of size nb is handed out: its tag's kind goes back from
 * CACHED to in use.  Only the tag's two bytes (bits 48..63, little-endian
 * on both targets) differ between the two heads, so they are written
 * without reading the head first: a store, which does not wait for a cold
 * line, where a read-modify-write would.  PINUSE, in the low byte, may
 * have changed while the chunk was cached (its neighbour was freed or
 * taken) and is left as it is.  Whatever else is wrong with the head (an
 * overrun of the block before rewrote it) shows when the block is freed.
 */
typedef uint16_t __attribute__((may_alias)) mtag_t;
static inline void cache_unmark(const struct mstate *m, struct mchunk *c, size_t nb)
{
	*(mtag_t *)((char *)c + TAG_SHIFT / 8) = (mtag_t)(tag_for(m, c, nb, KIND_INUSE) >> TAG_SHIFT);
}

/* After inuse went down. */
static inline void cache_check(struct mstate *m)
{
	if (unlikely(m->inuse < m->cache_guard))
		MI(cache_low)(m);
}

/* After inuse went up. */
static inline void inuse_grew(struct mstate *m)
{
	if (unlikely(m->counting && m->inuse >= 2 * m->cache_guard))
		MI(cache_high)(m);
}

/* Chunk c is now in use (it was not: from a bin, top or a mapping). */
static inline void account_alloc(struct mstate *m, const struct mchunk *c)
{
	m->inuse += csize(c);
	inuse_grew(m);
}

/* sz bytes of chunks in use went back to the heap or the kernel. */
static inline void account_free(struct mstate *m, size_t sz)
{
	m->inuse -= sz;
	cache_check(m);
}

/* ------------------------------------------------ internal interface -- */
/* malloc.c */
void MI(init)(struct mstate *m) COLD;
struct mchunk *MI(alloc_chunk)(struct mstate *m, size_t nb, char **clean);
void MI(release)(struct mstate *m, struct mchunk *c);
void MI(free_core)(struct mstate *m, struct mchunk *c, mhead_t h, const char *call);
/* malloc_bins.c */
struct mchunk *MI(bin_take)(struct mstate *m, size_t nb);
void MI(set_policy)(struct mstate *m, int policy) COLD;
/* malloc_heap.c */
bool MI(heap_grow)(struct mstate *m, size_t nb);
void MI(heap_trim)(struct mstate *m);
struct piece *MI(find_piece)(const struct mstate *m, const void *addr);
/* malloc_mmap.c */
struct mchunk *MI(mmap_chunk)(struct mstate *m, size_t nb, size_t align);
struct mmap_hdr *MI(find_mmap)(const struct mstate *m, const void *c);
struct mmap_hdr *MI(mmap_check)(const struct mstate *m, struct mchunk *c);
void MI(mmap_free)(struct mstate *m, struct mchunk *c, const char *call);
/* malloc_misuse.c */
struct mchunk *MI(own_chunk)(struct mstate *m, void *p, const char *call);
_Noreturn void MI(bad_pointer)(struct mstate *m, void *p, const char *call) COLD;
/* malloc_check.c: NULL when every invariant holds, else what is wrong */
const char *MI(check)(void);
/* mallopt.c: back to the defaults (tests and the fuzzer) */
void MI(reset_params)(void) COLD;
/* malloc_os.c: where memory and messages come from */
void *MI(os_sbrk)(intptr_t increment);          /* old break, or (void *)-1 */
void *MI(os_mmap)(size_t len);                  /* NULL on failure          */
void MI(os_munmap)(void *addr, size_t len);
void MI(os_discard)(void *addr, size_t len);     /* MADV_DONTNEED       */
void MI(os_write_err)(const char *s, size_t n);
_Noreturn void MI(os_abort)(void);
uint64_t MI(os_entropy)(void);

#endif
