/*
 * malloc_unit.c - unit tests of every function of the allocator family and
 * their edge cases: zero sizes, sizes near SIZE_MAX, every power-of-two
 * alignment, realloc shrink/grow/move, calloc overflow and zeroing,
 * mallopt, the fit policies, the adaptive mmap threshold, trimming.
 */
#include "malloc_test.h"
#include <stdint.h>
#include <sys/mman.h>
/* Brink's <alloca.h>, not the host's (which has the same guard). */
#undef _ALLOCA_H
#include "../../libc/include/alloca.h"

extern struct mstate b2_m_state;

static bool aligned(const void *p, size_t a)
{
	return ((uintptr_t)p & (a - 1)) == 0;
}

static void test_malloc_zero(void **state)
{
	(void)state;
	void *a = malloc(0), *b = malloc(0);
	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	assert_true(aligned(a, MALLOC_ALIGN));
	assert_true(malloc_usable_size(a) >= 1);
	free(a);
	free(b);
	free(NULL);
}

static void test_malloc_sizes(void **state)
{
	(void)state;
	void *p[2100];
	for (size_t n = 1; n < 2100; n++) {
		p[n] = malloc(n);
		assert_non_null(p[n]);
		assert_true(aligned(p[n], MALLOC_ALIGN));
		assert_true(malloc_usable_size(p[n]) >= n);
		fill(p[n], malloc_usable_size(p[n]), (uint32_t)n);
	}
	assert_heap_ok();
	for (size_t n = 1; n < 2100; n++) {
		assert_true(intact(p[n], malloc_usable_size(p[n]), (uint32_t)n));
		free(p[n]);
	}
}

static void test_malloc_huge(void **state)
{
	(void)state;
	size_t sizes[] = { SIZE_MAX, SIZE_MAX - 1, SIZE_MAX - 4096, SIZE_MAX / 2 + 1,
			   SIZE_MAX / 2, (size_t)PTRDIFF_MAX, MAX_REQUEST + 1 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		errno = 0;
		assert_null(malloc(sizes[i]));
		assert_int_equal(errno, ENOMEM);
		errno = 0;
		assert_null(calloc(1, sizes[i]));
		assert_int_equal(errno, ENOMEM);
		errno = 0;
		assert_null(memalign(64, sizes[i]));
		assert_int_equal(errno, ENOMEM);
		errno = 0;
		assert_null(memalign(8192, sizes[i]));
		assert_int_equal(errno, ENOMEM);
	}
	/* big enough for arithmetic to be fine, too big for the machine */
	errno = 0;
	assert_null(malloc(MAX_REQUEST));
	assert_int_equal(errno, ENOMEM);
	assert_heap_ok();
}

static void test_calloc_basic(void **state)
{
	(void)state;
	/* dirty some memory first so that zeroing is really exercised */
	for (size_t n = 16; n < 300000; n = n * 3 + 5) {
		unsigned char *d = malloc(n);
		assert_non_null(d);
		memset(d, 0xA5, n);
		free(d);
		unsigned char *z = calloc(1, n);
		assert_non_null(z);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(z[i], 0);
		free(z);
		z = calloc(n, 1);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(z[i], 0);
		free(z);
	}
	void *z = calloc(0, 10);
	assert_non_null(z);
	free(z);
	z = calloc(10, 0);
	assert_non_null(z);
	free(z);
}

static void test_calloc_overflow(void **state)
{
	(void)state;
	struct { size_t a, b; } cases[] = {
		{ SIZE_MAX, 2 }, { 2, SIZE_MAX }, { SIZE_MAX / 2 + 1, 2 },
		{ (size_t)1 << (SIZE_BITS / 2), (size_t)1 << (SIZE_BITS / 2) },
		{ SIZE_MAX, SIZE_MAX }, { 65537, SIZE_MAX / 65536 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		errno = 0;
		assert_null(calloc(cases[i].a, cases[i].b));
		assert_int_equal(errno, ENOMEM);
	}
}

/* A big calloc from never-touched memory is zero without being written. */
static void test_calloc_fresh(void **state)
{
	(void)state;
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	for (int round = 0; round < 4; round++) {
		unsigned char *a = calloc(1, 1 << 20);       /* from top */
		unsigned char *b = calloc(3, 700000);        /* mmapped */
		assert_non_null(a);
		assert_non_null(b);
		for (size_t i = 0; i < (1 << 20); i++)
			assert_int_equal(a[i], 0);
		for (size_t i = 0; i < 2100000; i++)
			assert_int_equal(b[i], 0);
		memset(a, 0x5c, 1 << 20);
		memset(b, 0x5c, 2100000);
		assert_heap_ok();
		free(a);
		free(b);
		assert_heap_ok();
	}
}

static void test_realloc_null_and_zero(void **state)
{
	(void)state;
	char *p = realloc(NULL, 100);
	assert_non_null(p);
	fill(p, 100, 1);
	errno = 0;
	assert_null(realloc(p, 0));     /* frees, as glibc does */
	assert_heap_ok();
}

static void test_realloc_shrink(void **state)
{
	(void)state;
	char *p = malloc(5000);
	char *guard = malloc(10);
	fill(p, 5000, 7);
	for (size_t n = 4999; n > 0; n = n * 2 / 3) {
		char *q = realloc(p, n);
		assert_ptr_equal(q, p);         /* shrinking is in place */
		assert_true(intact(q, n, 7));
		assert_heap_ok();
	}
	free(p);
	free(guard);
}

static void test_realloc_grow_in_place(void **state)
{
	(void)state;
	/* next chunk free */
	char *a = malloc(100), *b = malloc(3000), *c = malloc(10);
	fill(a, 100, 3);
	free(b);
	char *a2 = realloc(a, 2000);
	assert_ptr_equal(a2, a);
	assert_true(intact(a2, 100, 3));
	assert_heap_ok();
	/* into top: the last block grows where it is (too big for the
	 * remainder of b, so it comes from top) */
	char *t = malloc(4000);
	fill(t, 200, 4);
	for (size_t n = 4100; n < 100000; n += 777) {
		char *t2 = realloc(t, n);
		assert_ptr_equal(t2, t);
		assert_true(intact(t2, 200, 4));
	}
	/* beyond the current top: the heap grows in place */
	char *t3 = realloc(t, 120000);
	assert_ptr_equal(t3, t);
	assert_true(intact(t3, 200, 4));
	assert_heap_ok();
	free(t3);
	free(a2);
	free(c);
}

static void test_realloc_move(void **state)
{
	(void)state;
	char *a = malloc(100), *b = malloc(100);
	fill(a, 100, 9);
	char *a2 = realloc(a, 5000);    /* b is in the way */
	assert_non_null(a2);
	assert_ptr_not_equal(a2, a);
	assert_true(intact(a2, 100, 9));
	assert_heap_ok();
	/* to and from mmapped sizes */
	fill(a2, 5000, 10);
	char *m = realloc(a2, 3 << 20);
	assert_non_null(m);
	assert_true(intact(m, 5000, 10));
	fill(m, 3 << 20, 11);
	char *m2 = realloc(m, 5 << 20);
	assert_true(intact(m2, 3 << 20, 11));
	char *m3 = realloc(m2, 4 << 20);  /* shrinking a mapping a little: kept */
	assert_ptr_equal(m3, m2);
	char *s = realloc(m3, 1000);      /* a lot: moved to the heap */
	assert_true(intact(s, 1000, 11));
	assert_heap_ok();
	free(s);
	free(b);
	errno = 0;
	char *x = malloc(10);
	assert_null(realloc(x, SIZE_MAX));
	assert_int_equal(errno, ENOMEM);
	free(x);
}

static void test_memalign_every_alignment(void **state)
{
	(void)state;
	size_t sizes[] = { 0, 1, 24, 100, 1000, 5000, 70000, 300000 };
	/* second pass: big ones always mmapped (the threshold pinned low) */
	for (int pass = 0; pass < 2; pass++)
	for (size_t a = 1; a <= ((size_t)1 << 20); a <<= 1) {
		if (pass == 1)
			mallopt(M_MMAP_THRESHOLD, 64 * 1024);
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			void *guard = malloc(40);
			void *p = memalign(a, sizes[i]);
			assert_non_null(p);
			assert_true(aligned(p, a));
			assert_true(malloc_usable_size(p) >= sizes[i]);
			fill(p, sizes[i], (uint32_t)(a + i));
			void *q = NULL;
			assert_int_equal(posix_memalign(&q, a < sizeof(void *) ? sizeof(void *) : a, sizes[i]), 0);
			assert_true(aligned(q, a));
			void *r = aligned_alloc(a, sizes[i]);
			assert_non_null(r);
			assert_true(aligned(r, a));
			assert_heap_ok();
			assert_true(intact(p, sizes[i], (uint32_t)(a + i)));
			free(q);
			free(p);
			free(r);
			free(guard);
		}
	}
}

static void test_memalign_bad(void **state)
{
	(void)state;
	void *p = memalign(24, 100);     /* rounded up to 32 */
	assert_non_null(p);
	assert_true(aligned(p, 32));
	free(p);
	p = memalign(0, 10);
	assert_non_null(p);
	free(p);
	errno = 0;
	assert_null(memalign(SIZE_MAX / 2 + 2, 10));
	assert_int_equal(errno, EINVAL);

	void *q = (void *)0x1234;
	assert_int_equal(posix_memalign(&q, 0, 10), EINVAL);
	assert_int_equal(posix_memalign(&q, 24, 10), EINVAL);
	assert_int_equal(posix_memalign(&q, sizeof(void *) / 2, 10), EINVAL);
	assert_int_equal(posix_memalign(&q, 64, SIZE_MAX), ENOMEM);
	assert_ptr_equal(q, (void *)0x1234);

	errno = 0;
	assert_null(aligned_alloc(48, 96));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(aligned_alloc(0, 96));
	assert_int_equal(errno, EINVAL);
}

static void test_usable_size(void **state)
{
	(void)state;
	assert_int_equal(malloc_usable_size(NULL), 0);
	for (size_t n = 0; n < 3000; n += 7) {
		char *p = malloc(n);
		size_t u = malloc_usable_size(p);
		assert_true(u >= n);
		assert_true(u < n + MIN_CHUNK + MALLOC_ALIGN);
		memset(p, 0xee, u);     /* all of it is ours to write */
		assert_heap_ok();
		free(p);
	}
	char *m = malloc(1 << 20);
	assert_true(malloc_usable_size(m) >= (1 << 20));
	free(m);
}

static void test_mallopt_params(void **state)
{
	(void)state;
	assert_int_equal(mallopt(12345, 1), 0);
	assert_int_equal(mallopt(M_MMAP_THRESHOLD, -1), 0);
	assert_int_equal(mallopt(M_MMAP_THRESHOLD, (int)MMAP_THRESHOLD_MAX + 1), 0);
	assert_int_equal(mallopt(M_TRIM_THRESHOLD, -5), 0);
	assert_int_equal(mallopt(M_TOP_PAD, -5), 0);
	assert_int_equal(mallopt(M_FIT_POLICY, 0), 0);
	assert_int_equal(mallopt(M_FIT_POLICY, 3), 0);
	assert_int_equal(mallopt(M_FIT_POLICY, MALLOC_FIRST_FIT), 1);
	assert_int_equal(ST->policy, MALLOC_FIRST_FIT);
	assert_int_equal(mallopt(M_FIT_POLICY, MALLOC_BEST_FIT), 1);
	assert_int_equal(ST->policy, MALLOC_BEST_FIT);
	assert_int_equal(mallopt(M_TOP_PAD, 4096), 1);
	assert_int_equal(ST->top_pad, 4096);
}

/* Below the threshold from the heap, at or above it from mmap. */
static void test_mmap_threshold(void **state)
{
	(void)state;
	assert_int_equal(mallopt(M_MMAP_THRESHOLD, 64 * 1024), 1);
	void *small = malloc(60 * 1024);
	assert_int_equal(mallinfo2().hblks, 0);
	void *big = malloc(100 * 1024);
	assert_int_equal(mallinfo2().hblks, 1);
	assert_true(mallinfo2().hblkhd >= 100 * 1024);
	free(big);
	assert_int_equal(mallinfo2().hblks, 0);
	assert_int_equal(ST->mmap_threshold, 64 * 1024);  /* pinned */
	free(small);
}

/* glibc's dynamic threshold: freeing a mapped chunk raises it, within bounds. */
static void test_mmap_threshold_adapts(void **state)
{
	(void)state;
	assert_int_equal(ST->mmap_threshold, DEFAULT_MMAP_THRESHOLD);
	void *a = malloc(1 << 20);
	assert_int_equal(mallinfo2().hblks, 1);
	free(a);
	assert_true(ST->mmap_threshold > (1 << 20));
	assert_true(ST->trim_threshold >= ST->mmap_threshold);
	a = malloc(1 << 20);                      /* now from the heap */
	assert_int_equal(mallinfo2().hblks, 0);
	free(a);
	/* never above the maximum */
	void *h = malloc(MMAP_THRESHOLD_MAX + (1 << 20));
	assert_non_null(h);
	assert_int_equal(mallinfo2().hblks, 1);
	free(h);
	assert_true(ST->mmap_threshold <= MMAP_THRESHOLD_MAX);
	assert_true(ST->trim_threshold <= TRIM_THRESHOLD_MAX);
}

/* Freeing everything gives the heap back down to top_pad. */
static void test_trim(void **state)
{
	(void)state;
	mallopt(M_TRIM_THRESHOLD, 256 * 1024);
	void *p[400];
	for (int i = 0; i < 400; i++)
		p[i] = malloc(10000);
	size_t grown = ST->heap_bytes;
	assert_true(grown > 4000000);
	for (int i = 0; i < 400; i++)
		free(p[i]);
	assert_true(ST->heap_bytes < 256 * 1024 + 2 * DEFAULT_TOP_PAD);
	assert_ptr_equal(cur_brk(), ST->cur->brk_end);
	/* a huge trim threshold keeps it */
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
	for (int i = 0; i < 400; i++)
		p[i] = malloc(10000);
	for (int i = 0; i < 400; i++)
		free(p[i]);
	assert_true(ST->heap_bytes >= grown);
	mallopt(M_TRIM_THRESHOLD, 128 * 1024);
	free(malloc(10));       /* top merges: trims now */
	assert_true(ST->heap_bytes < 128 * 1024 + 2 * DEFAULT_TOP_PAD);
}

/* Transparent huge pages always on: a fault anywhere in 2 MiB may map a
 * huge page, so which 4 KiB pages are resident tells nothing. */
static bool thp_always(void)
{
	char buf[128] = "";
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = 0;
		fclose(f);
	}
	return strstr(buf, "[always]") != NULL;
}

/*
 * The newest piece's fence is not written (see struct piece): when the
 * heap grows by top_pad beyond a request, the page at its new end stays
 * untouched until top gets there, as it would under glibc.
 */
static void test_heap_end_untouched(void **state)
{
	(void)state;
	if (thp_always())
		skip();
	assert_int_equal(mallopt(M_MMAP_THRESHOLD, 8 << 20), 1);
	free(malloc(16));               /* a heap exists */
	size_t before = ST->heap_bytes, n = csize(ST->top) + (64 << 10);
	char *p = malloc(n);            /* more than top holds: the heap grows */
	assert_non_null(p);
	assert_true(ST->heap_bytes > before);
	memset(p, 1, n);
	char *end = (char *)align_down((uintptr_t)ST->cur->fence, MPAGE);
	assert_true(end >= (char *)align_up((uintptr_t)ST->fresh, MPAGE) + MPAGE);
	unsigned char v = 1;
	assert_int_equal(mincore(end, MPAGE, &v), 0);
	assert_false(v & 1);
	assert_heap_ok();
	free(p);
}

/*
 * The policies differ on a large bin holding two chunks that fit: first
 * fit takes the newest, best fit the smaller.
 */
static void fit_case(int policy, bool want_small)
{
	assert_int_equal(mallopt(M_FIT_POLICY, policy), 1);
	char *g0 = malloc(16);
	char *small = malloc(33000);    /* chunk 33008: bin [32 KiB, 40 KiB) */
	char *g1 = malloc(16);
	char *large = malloc(38000);    /* chunk 38016: same bin */
	char *g2 = malloc(16);
	assert_true(request2size(33000) >= SMALL_LIMIT);
	assert_int_equal(bin_index(request2size(33000)), bin_index(request2size(38000)));
	free(small);
	free(large);                    /* newest: head of the list */
	char *p = malloc(32800);        /* chunk 32816: both fit */
	assert_ptr_equal(p, want_small ? small : large);
	assert_heap_ok();
	free(p);
	free(g0);
	free(g1);
	free(g2);
}

static void test_first_fit(void **state)
{
	(void)state;
	fit_case(MALLOC_FIRST_FIT, false);
}

static void test_best_fit(void **state)
{
	(void)state;
	fit_case(MALLOC_BEST_FIT, true);
}

/* Below SMALL_LIMIT (16 KiB) every size has its exact bin, so both
 * policies take the smallest chunk that fits: here the older one, which
 * first fit over a shared large bin would pass over for the newest. */
static void test_medium_exact(void **state)
{
	(void)state;
	assert_true(SMALL_LIMIT >= 16384);
	for (int policy = MALLOC_FIRST_FIT; policy <= MALLOC_BEST_FIT; policy++) {
		assert_int_equal(mallopt(M_FIT_POLICY, policy), 1);
		char *g0 = malloc(16);
		char *small = malloc(2100);     /* chunk 2112 */
		char *g1 = malloc(16);
		char *large = malloc(2400);     /* chunk 2416 */
		char *g2 = malloc(16);
		free(small);
		free(large);
		char *p = malloc(2050);         /* chunk 2064: both fit */
		assert_ptr_equal(p, small);
		assert_heap_ok();
		free(p);
		free(g0);
		free(g1);
		free(g2);
	}
	mallopt(M_FIT_POLICY, MALLOC_BEST_FIT);
}

/* Best fit finds the smallest fitting chunk among many sizes. */
static void test_best_fit_exact(void **state)
{
	(void)state;
	mallopt(M_FIT_POLICY, MALLOC_BEST_FIT);
	enum { N = 300 };
	char *blk[N], *guard[N];
	for (int i = 0; i < N; i++) {
		blk[i] = malloc(SMALL_LIMIT + 1100 + (size_t)((i * 7919) % N) * 48);
		guard[i] = malloc(16);
	}
	for (int i = 0; i < N; i += 2)
		free(blk[i]);
	for (size_t want = SMALL_LIMIT + 1100; want < SMALL_LIMIT + 1100 + N * 48; want += 100) {
		/* the smallest free chunk that fits, by brute force */
		struct mchunk *best = NULL;
		size_t nb = request2size(want);
		for (int i = 0; i < N; i += 2) {
			if (!blk[i])
				continue;
			struct mchunk *c = mem2chunk(blk[i]);
			if (csize(c) >= nb && (!best || csize(c) < csize(best)))
				best = c;
		}
		char *p = malloc(want);
		if (best) {
			assert_int_equal(csize(mem2chunk(p)) >= nb, 1);
			/* the chunk used was exactly as large as the best */
			int k;
			for (k = 0; k < N; k += 2)
				if (blk[k] && mem2chunk(blk[k]) == mem2chunk(p))
					break;
			assert_true(k < N);
			assert_int_equal(csize(best), csize(mem2chunk(blk[k])));
			blk[k] = NULL;
		}
		assert_heap_ok();
		free(p);
	}
	for (int i = 0; i < N; i++) {
		if (i % 2)
			free(blk[i]);
		free(guard[i]);
	}
}

/* Switching policy with free chunks in the bins (exact and large) keeps
 * them usable. */
static void test_policy_switch(void **state)
{
	(void)state;
	enum { N = 2000 };
	char *p[N];
	for (int round = 0; round < 6; round++) {
		for (int i = 0; i < N; i++)
			p[i] = malloc((i % 2 ? SMALL_LIMIT : 0) + 16 + (size_t)((i * 131 + round) % 97) * 64);
		for (int i = 0; i < N; i += 3)
			free(p[i]);
		assert_int_equal(mallopt(M_FIT_POLICY, round % 2 ? MALLOC_BEST_FIT : MALLOC_FIRST_FIT), 1);
		assert_heap_ok();
		for (int i = 0; i < N; i += 3)
			p[i] = malloc((i % 2 ? SMALL_LIMIT : 0) + 2000);
		assert_heap_ok();
		for (int i = 0; i < N; i++)
			free(p[i]);
	}
}

/* Neighbours coalesce at once: freeing a run leaves one free chunk (the
 * heap's own path: no front cache). */
static void test_coalescing(void **state)
{
	(void)state;
	assert_int_equal(mallopt(M_CACHE_COUNT, 0), 1);
	char *guard0 = malloc(32);
	char *p[10];
	for (int i = 0; i < 10; i++)
		p[i] = malloc(200);
	char *guard1 = malloc(32);
	size_t before = mallinfo2().ordblks;
	int order[10] = { 3, 7, 1, 9, 5, 0, 2, 8, 4, 6 };
	for (int i = 0; i < 10; i++)
		free(p[order[i]]);
	assert_int_equal(mallinfo2().ordblks, before + 1);
	char *all = malloc(10 * 208 - 8);
	assert_ptr_equal(all, p[0]);
	free(all);
	free(guard0);
	free(guard1);
}

/*
 * The front cache: a freed small block is kept as it is and handed out
 * again, newest first; at most M_CACHE_COUNT per size.  In a heap this
 * small it keeps its chunks when the program frees everything (emptying
 * it in a big heap: test_cache_modes); mallopt empties it.
 */
static void test_front_cache(void **state)
{
	(void)state;
	char *hold = malloc(64 << 10);          /* the program holds more than the cache */
	void *a = malloc(100), *b = malloc(100);
	free(a);
	free(b);
	struct mallinfo2 mi = mallinfo2();
	assert_int_equal(mi.smblks, 2);
	assert_int_equal(mi.fsmblks, 2 * request2size(100));
	assert_true(mi.fordblks >= mi.fsmblks);
	assert_ptr_equal(malloc(100), b);       /* newest first */
	assert_ptr_equal(malloc(100), a);
	assert_int_equal(mallinfo2().smblks, 0);
	assert_heap_ok();

	/* at most 3 per size: the others go to the heap and coalesce there
	 * (p[3] and p[4] into one free chunk; the cached ones merge with
	 * nothing) */
	assert_int_equal(mallopt(M_CACHE_COUNT, 3), 1);
	void *p[5];
	for (int i = 0; i < 5; i++)
		p[i] = malloc(200);
	void *g = malloc(10);
	size_t free_before = mallinfo2().ordblks;
	for (int i = 0; i < 5; i++)
		free(p[i]);
	mi = mallinfo2();
	assert_int_equal(mi.smblks, 3);
	assert_int_equal(mi.ordblks, free_before + 1);
	assert_heap_ok();
	assert_ptr_equal(malloc(200), p[2]);
	free(p[2]);

	/* a small heap: freeing what the program held leaves the cache as it
	 * is (the fast path open, nothing counted); M_CACHE_COUNT empties it */
	assert_false(ST->counting);
	free(a);
	free(b);
	free(g);
	free(hold);
	mi = mallinfo2();
	assert_int_equal(mi.uordblks, 0);
	assert_true(mi.smblks >= 3);
	assert_false(ST->counting);
	assert_heap_ok();
	assert_int_equal(mallopt(M_CACHE_COUNT, DEFAULT_CACHE_COUNT), 1);
	assert_all_freed();

	/* bounds; 0 turns the cache off */
	assert_int_equal(mallopt(M_CACHE_COUNT, -1), 0);
	assert_int_equal(mallopt(M_CACHE_COUNT, CACHE_COUNT_MAX + 1), 0);
	assert_int_equal(mallopt(M_CACHE_COUNT, 0), 1);
	hold = malloc(64 << 10);
	a = malloc(100);
	g = malloc(10);
	free(a);
	assert_int_equal(mallinfo2().smblks, 0);
	free(g);
	free(hold);
}

/* The fast path is open (not counting), and cache_end says so. */
static bool fast_path_open(void)
{
	for (unsigned i = 0; i < NCACHE; i++)
		if (ST->cache_end[i] != ST->cache_floor[i] + (ST->counting ? 0 : ST->cache_cap[i]))
			fail_msg("cache_end[%u] disagrees with the mode", i);
	return !ST->counting;
}

/*
 * A small block whose predecessor is free is not cached: it coalesces with
 * it at once (cached, it would keep that free chunk from growing into a
 * hole other sizes fit).  Through free's fast path and, counting, through
 * free_heap.
 */
static void check_no_cache_after_free(void)
{
	char *a = malloc(2000);                 /* above the cache's sizes */
	char *b = malloc(100);
	char *g = malloc(10);
	assert_ptr_equal(b, a + request2size(2000));
	free(a);
	struct mallinfo2 mi = mallinfo2();
	free(b);
	assert_int_equal(mallinfo2().smblks, mi.smblks);       /* b not cached */
	assert_int_equal(mallinfo2().ordblks, mi.ordblks);     /* one chunk with a */
	assert_heap_ok();
	char *ab = malloc(request2size(2000) + request2size(100) - HEAD_SIZE);
	assert_ptr_equal(ab, a);
	free(ab);
	free(g);
}

static void test_cache_after_free(void **state)
{
	(void)state;
	char *hold = malloc(64 << 10);          /* the program holds more than the cache */
	assert_true(fast_path_open());
	check_no_cache_after_free();
	free(hold);

	/* a big heap holding little: counting, free's fast path closed */
	size_t nb;
	void **b = ballast_alloc(&nb);
	void *pin = b[nb - 1];                  /* from top: the heap stays big */
	ballast_free(b, 0, nb - 1);
	assert_true(ST->counting);
	check_no_cache_after_free();
	assert_true(ST->counting);
	free(pin);
}

/*
 * The cache's two modes: in a small heap, and past twice the guard in
 * use, free's fast path caches uncounted; in a heap of twice the guard or
 * more holding less than the guard, the allocator counts the cache's
 * bytes, free caches through free_heap, and the cache is emptied when it
 * holds more than the program; trimmed below the guard, the heap is
 * small again.  Each size keeps at most CACHE_SIZE_BYTES.
 */
static void test_cache_modes(void **state)
{
	(void)state;
	/* the bounds */
	assert_true(ST->cache_guard > 0);
	for (unsigned i = MIN_CHUNK >> ALIGN_SHIFT; i < NCACHE; i++) {
		size_t sz = (size_t)i << ALIGN_SHIFT;
		assert_true(ST->cache_cap[i] >= 1 && ST->cache_cap[i] <= DEFAULT_CACHE_COUNT);
		assert_true(ST->cache_cap[i] == 1 || ST->cache_cap[i] * sz <= CACHE_SIZE_BYTES);
		/* each stack has room for its bound, and no more (packed) */
		assert_ptr_equal(ST->cache_floor[i] + CACHE_ROW(sz),
				 i + 1 < NCACHE ? ST->cache_floor[i + 1] : ST->cache_slot + CACHE_SLOTS);
		assert_int_equal(CACHE_ROW(sz), ST->cache_cap[i]);
	}
	/* all of the state, every instance's: 23 KiB on x86-64 (43.5 with
	 * a row of 64 slots for every size) */
	assert_true(sizeof(struct mstate) < 24 * 1024);

	/* a small heap: the fast path open */
	assert_true(fast_path_open());
	void *g0 = malloc(4000), *a = malloc(300), *g1 = malloc(10);
	free(a);
	assert_int_equal(mallinfo2().smblks, 1);
	assert_ptr_equal(malloc(300), a);
	assert_heap_ok();

	/* grow past twice the guard in small blocks: the fast path opens */
	size_t n = 4 * ST->cache_guard / 512 + 16;
	void **blk = malloc(n * sizeof(*blk));
	assert_non_null(blk);
	for (size_t i = 0; i < n; i++) {
		blk[i] = malloc(500);
		assert_non_null(blk[i]);
		fill(blk[i], 500, (uint32_t)i);
	}
	assert_true(fast_path_open());
	assert_true(ST->inuse >= 2 * ST->cache_guard);
	/* freed through the fast path: cached, reused newest first, and
	 * the contents of everything else untouched */
	size_t cap = ST->cache_cap[request2size(500) >> ALIGN_SHIFT];
	for (size_t i = 0; i < cap + 5; i++)
		free(blk[i * 3]);
	struct mallinfo2 mi = mallinfo2();
	assert_int_equal(mi.smblks, cap);       /* the rest went to the heap */
	assert_heap_ok();
	assert_ptr_equal(malloc(500), blk[(cap - 1) * 3]);
	assert_true(fast_path_open());
	for (size_t i = 0; i < cap + 5; i++)
		if (i != cap - 1)
			blk[i * 3] = malloc(500);
	for (size_t i = 0; i < n; i++)
		if (i % 3 || i / 3 >= cap + 5)
			assert_true(intact(blk[i], 500, (uint32_t)i));
	assert_heap_ok();

	/* free nearly everything: counting (the heap is big), and the cache
	 * never holds more than the program (assert_heap_ok checks it); once
	 * it is all free, top is trimmed and the heap is small again */
	assert_true(ST->heap_bytes >= 2 * ST->cache_guard);
	bool counted = false;
	for (size_t i = 0; i < n; i++) {
		free(blk[i]);
		counted |= ST->counting;
		if (i % 512 == 0)
			assert_heap_ok();
	}
	assert_true(counted);
	assert_true(ST->heap_bytes < ST->cache_guard);
	assert_true(fast_path_open());
	assert_heap_ok();
	free(blk);
	free(a);
	free(g0);
	free(g1);
	assert_int_equal(mallinfo2().uordblks, 0);
	assert_true(mallinfo2().smblks >= 2);   /* a, g1, the last of blk */
	assert_int_equal(mallopt(M_CACHE_COUNT, DEFAULT_CACHE_COUNT), 1);
	assert_all_freed();
}

/* Allocate blocks (at most 400) that, freed, fill the cache with at least
 * twice CACHE_SPILL_MIN; returns how many. */
static size_t alloc_cache_fill(void **p)
{
	size_t k = 0, bytes = 0;
	for (size_t sz = 200; bytes < 2 * CACHE_SPILL_MIN; sz += 100) {
		size_t cap = ST->cache_cap[request2size(sz) >> ALIGN_SHIFT];
		for (size_t j = 0; j < cap && k < 400; j++, k++) {
			p[k] = malloc(sz);
			bytes += request2size(sz);
		}
	}
	return k;
}

static void free_all(void **p, size_t k)
{
	for (size_t i = 0; i < k; i++)
		free(p[i]);
}

/* Small blocks held below everything else: more than twice the guard in
 * use, in a heap of that size (free's fast path open, spills whole). */
static void **ballast;
static size_t nballast;

static void hold_ballast(void)
{
	ballast = ballast_alloc(&nballast);
	assert_true(ST->heap_bytes >= 2 * ST->cache_guard && !ST->counting);
}

static void free_ballast(void)
{
	ballast_free(ballast, 0, nballast);
}

/* Before the heap touches a new page, a cache holding CACHE_SPILL_MIN or
 * more is emptied into the heap (and what it gave back is used first). */
static void test_cache_spill(void **state)
{
	(void)state;
	hold_ballast();
	void *p[400];
	size_t k = alloc_cache_fill(p);
	void *guard = malloc(10);
	free_all(p, k);
	struct mallinfo2 mi = mallinfo2();
	assert_int_equal(mi.smblks, k);
	assert_true(mi.fsmblks >= CACHE_SPILL_MIN);
	/* no free chunk fits 100 KiB: top must reach new pages */
	char *big = malloc(100 << 10);
	assert_non_null(big);
	mi = mallinfo2();
	assert_int_equal(mi.smblks, 0);
	assert_heap_ok();
	free(big);
	free(guard);
	free_ballast();
}

/* In a small heap the spill waits for CACHE_SPILL_SMALL and gives back
 * the older half of each stack (rounded up), keeping the newer. */
static void test_cache_spill_small_heap(void **state)
{
	(void)state;
	char *hold = malloc(1 << 20);           /* mapped: the heap stays small */
	void *p[400];
	size_t k = alloc_cache_fill(p);
	assert_true(ST->heap_bytes < 2 * ST->cache_guard);
	void *guard = malloc(10);
	free_all(p, k);
	assert_true(mallinfo2().fsmblks >= CACHE_SPILL_SMALL);
	size_t left = 0;
	void *newest[NCACHE];
	for (unsigned i = 0; i < NCACHE; i++) {
		left += cache_n(ST, i) / 2;
		newest[i] = cache_n(ST, i) ? ST->cache_top[i][-1] : NULL;
	}
	char *big = malloc(100 << 10);
	assert_non_null(big);
	assert_int_equal(mallinfo2().smblks, left);
	for (unsigned i = 0; i < NCACHE; i++)
		if (cache_n(ST, i))
			assert_ptr_equal(ST->cache_top[i][-1], newest[i]);
	assert_heap_ok();
	free(big);
	free(guard);
	free(hold);
	assert_int_equal(mallopt(M_CACHE_COUNT, DEFAULT_CACHE_COUNT), 1);
	assert_all_freed();
}

/* Splitting a free chunk so that CACHE_SPILL_BIG or more is left first
 * empties the cache (its chunks coalesce, perhaps into a better fit). */
static void test_cache_spill_big(void **state)
{
	(void)state;
	hold_ballast();
	void *p[400];
	/* b's chunk is free while the cache fills.  Emptying the cache first
	 * leaves the heap all top, so b and guard follow p. */
	assert_int_equal(mallopt(M_CACHE_COUNT, DEFAULT_CACHE_COUNT), 1);
	size_t k = alloc_cache_fill(p);
	char *b = malloc(CACHE_SPILL_BIG + (32 << 10));
	char *guard = malloc(10);
	assert_non_null(MI(find_piece)(ST, mem2chunk(b)));      /* in the heap, not mapped */
	free(b);
	free_all(p, k);
	assert_true(mallinfo2().fsmblks >= CACHE_SPILL_MIN);
	char *c = malloc(20 << 10);             /* b's, the one binned chunk: 76 KiB left */
	assert_int_equal(mallinfo2().smblks, 0);
	assert_heap_ok();
	free(c);
	free(guard);
	free_ballast();
}

/* In a small heap a split leaving CACHE_SPILL_BIG does not empty the
 * cache: the chunk is cut as it is. */
static void test_cache_no_split_spill_small_heap(void **state)
{
	(void)state;
	char *hold = malloc(1 << 20);           /* mapped */
	void *p[400];
	size_t k = alloc_cache_fill(p);
	char *b = malloc(CACHE_SPILL_BIG + (32 << 10));
	char *guard = malloc(10);
	assert_true(ST->heap_bytes < 2 * ST->cache_guard);
	free(b);
	free_all(p, k);
	size_t cached = mallinfo2().smblks;
	char *c = malloc(20 << 10);
	assert_ptr_equal(c, b);                 /* b's chunk, cut */
	assert_int_equal(mallinfo2().smblks, cached);
	assert_heap_ok();
	free(c);
	free(guard);
	free(hold);
	assert_int_equal(mallopt(M_CACHE_COUNT, DEFAULT_CACHE_COUNT), 1);
	assert_all_freed();
}

/* A spill with the fast path open, just above the guard: what the cache
 * gave back takes inuse below the guard, and counting starts. */
static void test_cache_spill_near_guard(void **state)
{
	(void)state;
	size_t n = 4 * ST->cache_guard / 512 + 16;
	void **blk = malloc(n * sizeof(*blk));
	for (size_t i = 0; i < n; i++)
		blk[i] = malloc(500);
	void *p[400];
	size_t k = 0, bytes = 0;
	for (size_t sz = 150; bytes < CACHE_SPILL_MIN + CACHE_SPILL_MIN / 4 && sz < 900; sz += 50) {
		if (request2size(sz) == request2size(500))
			continue;
		size_t cap = ST->cache_cap[request2size(sz) >> ALIGN_SHIFT];
		for (size_t j = 0; j < cap && k < 400; j++, k++) {
			p[k] = malloc(sz);
			bytes += request2size(sz);
		}
	}
	assert_false(ST->counting);
	/* free 500-byte blocks until inuse is just above the guard, four in
	 * five, so that no hole is big enough for the request below */
	for (size_t i = 0; i < n && ST->inuse >= ST->cache_guard + bytes / 2; i++)
		if (i % 5) {
			free(blk[i]);
			blk[i] = NULL;
		}
	assert_true(ST->inuse < ST->cache_guard + bytes / 2);
	assert_false(ST->counting);
	for (size_t i = 0; i < k; i++)
		free(p[i]);                     /* into the cache, inuse unchanged */
	assert_false(ST->counting);
	char *big = malloc(100 << 10);          /* spill: the cache goes back */
	assert_int_equal(mallinfo2().smblks, 0);
	assert_true(ST->counting);
	assert_heap_ok();
	free(big);
	for (size_t i = 0; i < n; i++)
		free(blk[i]);
	free(blk);
	assert_int_equal(mallopt(M_CACHE_COUNT, DEFAULT_CACHE_COUNT), 1);
	assert_all_freed();
}

/* How many of the whole pages in [p, p + n) are resident. */
static size_t resident_pages(const void *p, size_t n)
{
	uintptr_t lo = align_up((uintptr_t)p, MPAGE), hi = align_down((uintptr_t)p + n, MPAGE);
	unsigned char v[256];
	size_t np = hi > lo ? (hi - lo) / MPAGE : 0, r = 0;
	assert_true(np <= sizeof(v));
	assert_int_equal(mincore((void *)lo, hi - lo, v), 0);
	for (size_t i = 0; i < np; i++)
		r += v[i] & 1;
	return r;
}

/* A written 100 KiB hole, and a 20 KiB block (pattern 21) that realloc
 * moves into it to grow to 90 KiB, a live block after each (guards[2]).
 * Returns the block, at the hole's address, its copy intact. */
static char *grow_into_hole(char **guards)
{
	char *hole = malloc(100 << 10);
	guards[0] = malloc(16);
	memset(hole, 0x5a, 100 << 10);
	char *v = malloc(20 << 10);
	guards[1] = malloc(16);                 /* so v cannot grow in place */
	fill(v, 20 << 10, 21);
	free(hole);
	assert_true(resident_pages(hole + (20 << 10), 70 << 10) > 0);
	char *q = realloc(v, 90 << 10);
	assert_ptr_equal(q, hole);
	assert_true(intact(q, 20 << 10, 21));
	return q;
}

/* What realloc grew a block by, where the heap had used the memory
 * before, goes back to the kernel until the program writes it: after a
 * move into a hole, and after growing into a free neighbour.  What it
 * copied stays, and the whole block is usable. */
static void test_realloc_gives_back_unwritten(void **state)
{
	(void)state;
	char *guards[2];
	char *q = grow_into_hole(guards);
	assert_int_equal(resident_pages(q + (20 << 10), 70 << 10), 0);
	fill(q, 90 << 10, 22);
	assert_true(intact(q, 90 << 10, 22));
	assert_heap_ok();

	/* (24 KiB: v's old place and the hole's remainder are too small,
	 * so a and next come from top, one after the other) */
	char *a = malloc(24 << 10), *next = malloc(60 << 10), *guard = malloc(16);
	fill(a, 24 << 10, 23);
	memset(next, 0x5a, 60 << 10);
	free(next);
	char *a2 = realloc(a, 74 << 10);
	assert_ptr_equal(a2, a);
	assert_true(intact(a2, 24 << 10, 23));
	assert_int_equal(resident_pages(a2 + (24 << 10), 50 << 10), 0);
	fill(a2, 74 << 10, 24);
	assert_true(intact(a2, 74 << 10, 24));
	assert_heap_ok();
	free(a2);
	free(q);
	free(guards[0]);
	free(guards[1]);
	free(guard);
}

/* realloc gives back no more than the heap has grown by: once that is
 * spent, a block grown into a hole keeps the hole's pages (a program that
 * grows and frees buffers in a loop, in a heap that no longer grows, does
 * not fault them in every round). */
static void test_realloc_give_back_budget(void **state)
{
	(void)state;
	size_t budget = ST->give_back_budget;
	for (int round = 0; round < 2; round++) {
		ST->give_back_budget = round ? 0 : 1 << 20;
		char *guards[2];
		char *q = grow_into_hole(guards);
		size_t kept = resident_pages(q + (20 << 10), 70 << 10);
		if (round == 0) {
			assert_int_equal(kept, 0);
			assert_true(ST->give_back_budget < 1 << 20);
		} else {
			assert_true(kept > 0);
			assert_int_equal(ST->give_back_budget, 0);
		}
		free(q);
		free(guards[0]);
		free(guards[1]);
	}
	ST->give_back_budget = budget;
}

/* A block that grows by a little, moving or into a free neighbour, gets a
 * little to spare, which the next growth uses in place and a small shrink
 * keeps; one that doubles gets none. */
static void test_realloc_slack(void **state)
{
	(void)state;
	char *s = malloc(200);
	fill(s, 200, 7);
	char *block = malloc(10);       /* s cannot grow in place */
	char *t = realloc(s, 210);
	assert_non_null(t);
	assert_ptr_not_equal(t, s);
	assert_true(intact(t, 200, 7));
	size_t us = malloc_usable_size(t);
	assert_true(us >= 210 + 40 && us <= 210 + 64 + MALLOC_ALIGN);
	assert_ptr_equal(realloc(t, 240), t);   /* in place */
	assert_true(intact(t, 200, 7));
	assert_heap_ok();
	/* a shrink that gives back no more than the spare keeps the block
	 * whole (the next appends use it); a bigger one gives the tail back */
	assert_ptr_equal(realloc(t, 211), t);
	assert_int_equal(malloc_usable_size(t), us);
	assert_ptr_equal(realloc(t, 100), t);
	assert_true(malloc_usable_size(t) < 100 + MALLOC_ALIGN);
	assert_true(intact(t, 100, 7));
	assert_heap_ok();
	/* growing by a little into a free neighbour takes a spare too (the
	 * neighbour: the tail a big shrink gave back) */
	char *g = malloc(3200), *block4 = malloc(10);
	fill(g, 200, 5);
	assert_ptr_equal(realloc(g, 200), g);
	assert_true(malloc_usable_size(g) < 200 + MALLOC_ALIGN);
	assert_ptr_equal(realloc(g, 210), g);
	assert_true(malloc_usable_size(g) >= 210 + 40);
	assert_true(intact(g, 200, 5));
	assert_heap_ok();
	free(g);
	free(block4);
	char *block2 = malloc(10);
	char *v = malloc(1000);
	char *block3 = malloc(10);
	char *w = realloc(v, 2000);
	assert_true(malloc_usable_size(w) < 2000 + MALLOC_ALIGN);
	free(w);
	free(t);
	free(block);
	free(block2);
	free(block3);
}

static void test_mallinfo_and_stats(void **state)
{
	(void)state;
	struct mallinfo2 a = mallinfo2();
	void *p = malloc(1000), *q = malloc(200000);
	struct mallinfo2 b = mallinfo2();
	assert_true(b.uordblks >= a.uordblks + 1000);
	assert_int_equal(b.hblks, a.hblks + 1);
	assert_true(b.arena >= b.uordblks);
	assert_true(b.keepcost > 0);
	free(p);
	free(q);
	/* malloc_stats writes glibc's lines to stderr */
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	int saved = dup(2);
	dup2(fds[1], 2);
	malloc_stats();
	dup2(saved, 2);
	close(saved);
	close(fds[1]);
	char buf[2048] = { 0 };
	assert_true(read(fds[0], buf, sizeof(buf) - 1) > 0);
	close(fds[0]);
	assert_non_null(strstr(buf, "system bytes"));
	assert_non_null(strstr(buf, "in use bytes"));
	assert_non_null(strstr(buf, "fit policy"));
	assert_non_null(strstr(buf, "cached chunks"));
}

static void test_alloca(void **state)
{
	(void)state;
	char *a = alloca(100);
	char *b = alloca(5000);
	assert_true(aligned(a, sizeof(void *)));
	memset(a, 1, 100);
	memset(b, 2, 5000);
	assert_int_equal(a[99], 1);
	assert_int_equal(b[4999], 2);
}

/* Each instance has its own secret and cookie. */
static void test_instances_differ(void **state)
{
	(void)state;
	void *p = b2_malloc(10);
	void *q = malloc(10);
	assert_true(ST->secret != b2_m_state.secret);
	assert_true(ST->cookie != b2_m_state.cookie);
	assert_ptr_not_equal(p, q);
	b2_free(p);
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MTEST(test_malloc_zero),
		MTEST(test_malloc_sizes),
		MTEST(test_malloc_huge),
		MTEST(test_calloc_basic),
		MTEST(test_calloc_overflow),
		MTEST(test_calloc_fresh),
		MTEST(test_realloc_null_and_zero),
		MTEST(test_realloc_shrink),
		MTEST(test_realloc_grow_in_place),
		MTEST(test_realloc_move),
		MTEST(test_realloc_gives_back_unwritten),
		MTEST(test_realloc_give_back_budget),
		MTEST(test_memalign_every_alignment),
		MTEST(test_memalign_bad),
		MTEST(test_usable_size),
		MTEST(test_mallopt_params),
		MTEST(test_mmap_threshold),
		MTEST(test_mmap_threshold_adapts),
		MTEST(test_trim),
		MTEST(test_heap_end_untouched),
		MTEST(test_first_fit),
		MTEST(test_best_fit),
		MTEST(test_medium_exact),
		MTEST(test_best_fit_exact),
		MTEST(test_policy_switch),
		MTEST(test_coalescing),
		MTEST(test_front_cache),
		MTEST(test_cache_after_free),
		MTEST(test_cache_modes),
		MTEST(test_cache_spill),
		MTEST(test_cache_spill_small_heap),
		MTEST(test_cache_spill_big),
		MTEST(test_cache_no_split_spill_small_heap),
		MTEST(test_cache_spill_near_guard),
		MTEST(test_realloc_slack),
		MTEST(test_mallinfo_and_stats),
		MTEST(test_alloca),
		MTEST(test_instances_differ),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
