/*
 * malloc_misuse.c - misuse is caught, not silently corrupting: each case
 * runs in a child process that must die of SIGABRT after printing
 * "malloc: CALL: PROBLEM 0xADDRESS" on stderr, with the call and the
 * address of the block it was given.
 */
#include "malloc_test.h"

/* The exact message the allocator must print for p. */
static const char *msg(const char *call, const char *what, const void *p)
{
	static char buf[160];
	snprintf(buf, sizeof(buf), "malloc: %s: %s 0x%08lx\n", call, what, (unsigned long)(uintptr_t)p);
	return buf;
}

static void *victim;
static void realloc_after_free(void *arg);

/* ---------------------------------------------------------- double free -- */
static void double_free_small(void *arg)
{
	(void)arg;
	free(victim);
	free(victim);
}

static void test_double_free_small(void **state)
{
	(void)state;
	char *guard = malloc(10);
	victim = malloc(40);
	char *guard2 = malloc(10);
	expect_abort(double_free_small, NULL, msg("free()", "double free of", victim));
	/* the same without the front cache: the block is in a bin */
	mallopt(M_CACHE_COUNT, 0);
	expect_abort(double_free_small, NULL, msg("free()", "double free of", victim));
	free(victim);
	free(guard);
	free(guard2);
}

/* Freed into the front cache (the program still holds more than the
 * cache, so it stays there): freeing it again is caught. */
static void double_free_cached(void *arg)
{
	(void)arg;
	free(victim);
	assert_int_equal(mallinfo2().smblks, 1);
	free(victim);
}

static void test_double_free_cached(void **state)
{
	(void)state;
	char *big = malloc(4000);
	victim = malloc(100);
	char *guard = malloc(10);
	expect_abort(double_free_cached, NULL, msg("free()", "double free of", victim));
	expect_abort(realloc_after_free, NULL, msg("realloc()", "double free of", victim));
	free(victim);
	free(guard);
	free(big);
}

/* The block was merged into the free chunk before it: still caught. */
static void double_free_merged(void *arg)
{
	char *prev = arg;
	free(prev);
	free(victim);   /* coalesces into prev */
	assert_int_equal(mallinfo2().smblks, 0);        /* not cached */
	free(victim);
}

static void test_double_free_merged(void **state)
{
	(void)state;
	mallopt(M_CACHE_COUNT, 0);      /* the heap's own checks */
	char *g0 = malloc(10), *prev = malloc(300);
	victim = malloc(300);
	char *g1 = malloc(10);
	expect_abort(double_free_merged, prev, msg("free()", "double free of", victim));
	free(g1);
	free(victim);
	free(prev);
	free(g0);

	/* with the cache on: a small block whose predecessor is free is not
	 * cached but merged (prev is above the cache's sizes) */
	mallopt(M_CACHE_COUNT, DEFAULT_CACHE_COUNT);
	g0 = malloc(10);
	prev = malloc(2000);
	victim = malloc(300);
	g1 = malloc(10);
	expect_abort(double_free_merged, prev, msg("free()", "double free of", victim));
	free(g1);
	free(victim);
	free(prev);
	free(g0);
}

/* The free chunk after it was merged into it. */
static void double_free_next_merged(void *arg)
{
	free(arg);
	free(victim);
	free(victim);
}

static void test_double_free_next_merged(void **state)
{
	(void)state;
	mallopt(M_CACHE_COUNT, 0);      /* the heap's own checks */
	char *g0 = malloc(10);
	victim = malloc(300);
	char *next = malloc(300), *g1 = malloc(10);
	expect_abort(double_free_next_merged, next, msg("free()", "double free of", victim));
	free(g0);
	free(victim);
	free(next);
	free(g1);
}

static void double_free_top(void *arg)
{
	(void)arg;
	free(victim);   /* the last block: it merges into top */
	free(victim);
}

static void test_double_free_top(void **state)
{
	(void)state;
	mallopt(M_CACHE_COUNT, 0);      /* the heap's own checks */
	victim = malloc(1000);
	assert_ptr_equal(chunk_plus(mem2chunk(victim), csize(mem2chunk(victim))), ST->top);
	expect_abort(double_free_top, NULL, msg("free()", "double free of", victim));
	free(victim);
}

/* A mapping is gone after free(); its pointer is recognized unread. */
static void test_double_free_mmapped(void **state)
{
	(void)state;
	victim = malloc(4 << 20);
	assert_int_equal(mallinfo2().hblks, 1);
	expect_abort(double_free_small, NULL, msg("free()", "double free (or foreign pointer) of", victim));
	free(victim);
}

static void realloc_after_free(void *arg)
{
	(void)arg;
	free(victim);
	realloc(victim, 100);
}

static void test_realloc_after_free(void **state)
{
	(void)state;
	char *g = malloc(10);
	victim = malloc(100);
	char *g2 = malloc(10);
	expect_abort(realloc_after_free, NULL, msg("realloc()", "double free of", victim));
	free(victim);
	free(g);
	free(g2);
}

/* ------------------------------------------------------ not our pointer -- */
static void free_victim(void *arg)
{
	(void)arg;
	free(victim);
}

static void realloc_victim(void *arg)
{
	(void)arg;
	realloc(victim, 5000);
}

static void usable_victim(void *arg)
{
	(void)arg;
	malloc_usable_size(victim);
}

static _Alignas(64) char static_buf[256];

static void test_free_static(void **state)
{
	(void)state;
	victim = static_buf + 64;
	expect_abort(free_victim, NULL, msg("free()", "invalid pointer", victim));
	expect_abort(realloc_victim, NULL, msg("realloc()", "invalid pointer", victim));
	expect_abort(usable_victim, NULL, msg("malloc_usable_size()", "invalid pointer", victim));
}

static void test_free_interior(void **state)
{
	(void)state;
	char *p = malloc(1000);
	victim = p + 64;
	expect_abort(free_victim, NULL, msg("free()", "invalid pointer", victim));
	victim = p + 3;         /* misaligned too */
	expect_abort(free_victim, NULL, msg("free()", "invalid pointer", victim));
	char *m = malloc(1 << 22);
	victim = m + 4096;
	expect_abort(free_victim, NULL, msg("free()", "invalid pointer", victim));
	free(m);
	free(p);
}

/* A pointer from another copy of this very allocator, as a library's
 * copy of libc would hand out. */
static void test_free_other_instance(void **state)
{
	(void)state;
	victim = b2_malloc(100);
	expect_abort(free_victim, NULL, msg("free()", "invalid pointer", victim));
	expect_abort(realloc_victim, NULL, msg("realloc()", "invalid pointer", victim));
	b2_free(victim);
	victim = b2_malloc(4 << 20);            /* mmapped by the other one */
	/* (where one of ours was unmapped before, it may say "double free
	 * (or foreign pointer)": the address alone cannot tell) */
	char addr[40];
	snprintf(addr, sizeof(addr), " 0x%08lx\n", (unsigned long)(uintptr_t)victim);
	expect_abort(free_victim, NULL, addr);
	b2_free(victim);
}

static void b2_free_victim(void *arg)
{
	(void)arg;
	b2_free(victim);
}

static void test_other_instance_frees_ours(void **state)
{
	(void)state;
	b2_free(b2_malloc(10));                 /* the other one has a heap */
	victim = malloc(300);
	expect_abort(b2_free_victim, NULL, msg("free()", "invalid pointer", victim));
	free(victim);
}

/* A pointer from the host libc's allocator (ASan's here). */
static void test_free_host_malloc(void **state)
{
	(void)state;
#undef malloc
	victim = malloc(100);           /* the host's malloc */
#define malloc MALLOC_CAT(MALLOC_PREFIX, malloc)
	memset(victim, 0, 100);
	expect_abort(free_victim, NULL, msg("free()", "invalid pointer", victim));
#undef free
	free(victim);
#define free MALLOC_CAT(MALLOC_PREFIX, free)
}

/* ----------------------------------------------------- overwritten heads -- */
/* Writing one byte past a block hits the next block's head. */
static void overrun_then_free_next(void *arg)
{
	char *a = arg;
	a[malloc_usable_size(a)] ^= 0x10;       /* a size bit of the next head */
	free(victim);
}

static void overrun_then_free_self(void *arg)
{
	char *a = arg;
	memset(a, 'A', malloc_usable_size(a) + 1);
	free(a);
}

/* The overrun block freed first, into the front cache (whose fast path
 * does not look at the next head): caught when the next block is freed. */
static void overrun_free_self_then_next(void *arg)
{
	char *a = arg;
	memset(a, 'A', malloc_usable_size(a) + 1);
	free(a);
	free(victim);
}

/*
 * An overrun is caught at the free of the block after it, or at the free
 * of the block itself when that takes the heap's path (a block the cache
 * does not take, the cache off, or counting: test_overrun_counting); a
 * small heap's free goes to the cache's fast path.
 */
static void test_overrun_detected(void **state)
{
	(void)state;
	char *a = malloc(40);
	char *v0 = victim = malloc(40);
	char *g = malloc(40);
	assert_false(ST->counting);
	expect_abort(overrun_then_free_next, a, msg("free()", "corrupted header of", victim));
	expect_abort(overrun_free_self_then_next, a, msg("free()", "corrupted header of", victim));
	char *big = malloc(CACHE_LIMIT);        /* too big for the cache */
	char *v = victim = malloc(40);
	expect_abort(overrun_then_free_self, big, msg("free()", "corrupted header after", big));
	free(v);
	free(big);
	assert_int_equal(mallopt(M_CACHE_COUNT, 0), 1);
	char *c = malloc(40);
	char *v2 = victim = malloc(40);
	expect_abort(overrun_then_free_self, c, msg("free()", "corrupted header after", c));
	free(v2);
	free(c);
	free(g);
	free(v0);
	free(a);
}

/* Counting (a big heap holding little): every free takes free_heap, which
 * checks the next head, so the overrun block's own free is caught.  The
 * last ballast block, from top, keeps the heap from being trimmed. */
static void test_overrun_counting(void **state)
{
	(void)state;
	size_t nb;
	void **ballast = ballast_alloc(&nb);
	char *a = malloc(40);
	char *v = victim = malloc(40);
	void *pin = ballast[nb - 1];
	ballast_free(ballast, 0, nb - 1);
	assert_true(ST->heap_bytes >= 2 * ST->cache_guard);
	assert_true(ST->counting);
	expect_abort(overrun_then_free_self, a, msg("free()", "corrupted header after", a));
	free(v);
	free(a);
	free(pin);
}

/* An overrun of the head's flag bits only: caught too. */
static void clear_inuse_bits(void *arg)
{
	char *a = arg;
	a[malloc_usable_size(a)] &= (char)~3;
	free(victim);
}

static void test_overrun_flags(void **state)
{
	(void)state;
	char *a = malloc(100);
	victim = malloc(100);
	char *g = malloc(10);
	expect_abort(clear_inuse_bits, a, msg("free()", "corrupted header of", victim));
	free(g);
	free(victim);
	free(a);
}

/* ------------------------------------------------ with the fast path open -- */
/* Past twice the cache's guard, free's fast path caches without looking
 * at the next chunk: a double free is still caught at once, an overrun
 * when the block after it is freed. */
static void **hold_blocks;
static size_t nhold;

static void grow_past_guard(void)
{
	nhold = 4 * ST->cache_guard / 512 + 16;
	hold_blocks = malloc(nhold * sizeof(*hold_blocks));
	for (size_t i = 0; i < nhold; i++)
		hold_blocks[i] = malloc(500);
	assert_false(ST->counting);
}

static void release_blocks(void)
{
	for (size_t i = 0; i < nhold; i++)
		free(hold_blocks[i]);
	free(hold_blocks);
}

static void test_fast_path_misuse(void **state)
{
	(void)state;
	grow_past_guard();
	char *a = malloc(100);
	char *v = victim = malloc(100);
	char *g = malloc(10);
	expect_abort(double_free_cached, NULL, msg("free()", "double free of", victim));
	expect_abort(overrun_then_free_next, a, msg("free()", "corrupted header of", victim));
	expect_abort(clear_inuse_bits, a, msg("free()", "corrupted header of", victim));
	char *big = malloc(1000);
	victim = big + 64;
	expect_abort(free_victim, NULL, msg("free()", "invalid pointer", victim));
	victim = a + 16;
	expect_abort(free_victim, NULL, msg("free()", "invalid pointer", victim));
	free(big);
	free(g);
	free(v);
	free(a);
	release_blocks();
}

/* An overrun into a free chunk that free() then coalesces with. */
static void overrun_into_free(void *arg)
{
	char *a = arg;
	memset(a, 0, malloc_usable_size(a) + 8);
	free(a);
}

static void test_overrun_into_free_chunk(void **state)
{
	(void)state;
	mallopt(M_CACHE_COUNT, 0);      /* the heap's own checks */
	char *a = malloc(64), *b = malloc(64), *g = malloc(10);
	free(b);
	expect_abort(overrun_into_free, a, msg("free()", "corrupted header after", a));
	free(a);
	free(g);
}

/* A free chunk's foot overwritten: caught when the next one coalesces. */
static void smash_foot(void *arg)
{
	char *a = arg;
	size_t *foot = (size_t *)(victim) - 2;  /* last word of a's chunk */
	free(a);
	*foot = 123456;
	free(victim);
}

static void test_bad_foot(void **state)
{
	(void)state;
	mallopt(M_CACHE_COUNT, 0);      /* the heap's own checks */
	char *a = malloc(200);
	victim = malloc(200);
	char *g = malloc(10);
	expect_abort(smash_foot, a, msg("free()", "corrupted free chunk before", victim));
	free(g);
	free(victim);
	free(a);
}

/* A write after free into the bin links: caught when malloc follows
 * them (they are masked, and any pointer or zero written there unmasks to
 * an impossible address). */
static void use_after_free_write(void *arg)
{
	(void)arg;
	free(victim);
	((void **)victim)[0] = &victim;         /* fd: a plausible pointer */
	malloc(100);
}

static void use_after_free_zero(void *arg)
{
	(void)arg;
	free(victim);
	memset(victim, 0, 100);
	malloc(100);
}

/* ... and into the back link of a chunk in the middle of a list: caught
 * when coalescing takes it out. */
static void use_after_free_back_link(void *arg)
{
	char **blk = arg;
	free(blk[0]);
	free(blk[2]);           /* blk[0] is now second in the list */
	((void **)blk[0])[1] = (void *)0x4141414140;
	free(blk[1]);           /* coalesces with blk[0]: unlinks it */
}

static void test_use_after_free_links(void **state)
{
	(void)state;
	mallopt(M_CACHE_COUNT, 0);      /* the links are the bins' */
	char *g = malloc(10);
	victim = malloc(100);
	char *g2 = malloc(10);
	expect_abort(use_after_free_write, NULL, msg("heap", "corrupted free list at", victim));
	expect_abort(use_after_free_zero, NULL, msg("heap", "corrupted free list at", victim));
	free(victim);
	free(g);
	free(g2);
	char *blk[4];
	for (int i = 0; i < 4; i++)
		blk[i] = malloc(100);
	expect_abort(use_after_free_back_link, blk, msg("heap", "corrupted free list at", blk[0]));
	for (int i = 0; i < 4; i++)
		free(blk[i]);
}

/* A write after free into a block in the front cache: the cache's stacks
 * are in the state, not in the blocks, so nothing the allocator keeps is
 * there to corrupt; malloc hands the block back as it is, and the heap
 * stays whole. */
static void test_use_after_free_cached(void **state)
{
	(void)state;
	char *big = malloc(4000);       /* the program holds more than the cache */
	char *v = malloc(100);
	char *g = malloc(10);
	free(v);
	assert_int_equal(mallinfo2().smblks, 1);
	((void **)v)[0] = &v;
	((void **)v)[1] = NULL;
	memset(v + 16, 0, 84);
	assert_heap_ok();
	char *w = malloc(100);
	assert_ptr_equal(w, v);
	assert_ptr_equal(((void **)w)[0], &v);
	assert_heap_ok();
	free(w);
	free(g);
	free(big);
}

/* The mapping header of a big block: caught before munmap. */
static void smash_mmap_head(void *arg)
{
	(void)arg;
	((char *)victim)[-1] ^= 0x40;           /* a tag bit of the head */
	free(victim);
}

static void test_mmap_head_smashed(void **state)
{
	(void)state;
	victim = malloc(1 << 22);
	assert_int_equal(mallinfo2().hblks, 1);
	expect_abort(smash_mmap_head, NULL, msg("free()", "corrupted header of", victim));
	free(victim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MTEST(test_double_free_small),
		MTEST(test_double_free_cached),
		MTEST(test_double_free_merged),
		MTEST(test_double_free_next_merged),
		MTEST(test_double_free_top),
		MTEST(test_double_free_mmapped),
		MTEST(test_realloc_after_free),
		MTEST(test_free_static),
		MTEST(test_free_interior),
		MTEST(test_free_other_instance),
		MTEST(test_other_instance_frees_ours),
		MTEST(test_free_host_malloc),
		MTEST(test_overrun_detected),
		MTEST(test_overrun_counting),
		MTEST(test_overrun_flags),
		MTEST(test_fast_path_misuse),
		MTEST(test_overrun_into_free_chunk),
		MTEST(test_bad_foot),
		MTEST(test_use_after_free_links),
		MTEST(test_use_after_free_cached),
		MTEST(test_mmap_head_smashed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
