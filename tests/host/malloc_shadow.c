/*
 * malloc_shadow.c - long random sequences of malloc, calloc, realloc,
 * memalign, posix_memalign, aligned_alloc and free, checked against a
 * shadow model: every live block's size, alignment and whole contents,
 * that no two live blocks overlap, that calloc's memory is zero, and every
 * heap invariant (MI(check)) along the way.  Run with each fit policy,
 * with the policy flipping mid-run, and with tiny thresholds that make
 * mmap, trimming and heap growth happen all the time.
 */
#include "malloc_test.h"
#include <stdlib.h>

enum { SLOTS = 1500, OPS = 150000, CHECK_EVERY = 5000 };

struct slot {
	unsigned char *p;
	size_t n;
	size_t align;
	uint32_t seed;
};

struct run {
	uint64_t rng;
	struct slot s[SLOTS];
	uint32_t next_seed;
};

static uint64_t rnd(struct run *r)
{
	r->rng ^= r->rng << 13;
	r->rng ^= r->rng >> 7;
	r->rng ^= r->rng << 17;
	return r->rng;
}

/* Mostly small, some medium, a few big: like programs are. */
static size_t rnd_size(struct run *r)
{
	unsigned k = (unsigned)(rnd(r) % 1000);
	if (k < 700)
		return (size_t)(rnd(r) % 257);
	if (k < 930)
		return 257 + (size_t)(rnd(r) % 4000);
	if (k < 995)
		return 4257 + (size_t)(rnd(r) % 60000);
	return 65536 + (size_t)(rnd(r) % (1200 * 1024));
}

/* Word-wise pattern fill/check, fast enough under ASan for MiB blocks.
 * Byte i is always byte i % 8 of the word for i & ~7, so a prefix of a
 * block checks the same whatever length it was filled with. */
static uint64_t wpat(uint32_t seed, size_t i)
{
	return (seed + i) * 0x9e3779b97f4a7c15ull ^ seed;
}

static void wfill(unsigned char *p, size_t n, uint32_t seed)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w = wpat(seed, i);
		memcpy(p + i, &w, 8);
	}
	if (i < n) {
		uint64_t w = wpat(seed, i);
		memcpy(p + i, &w, n - i);
	}
}

static bool wintact(const unsigned char *p, size_t n, uint32_t seed)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w = wpat(seed, i), v;
		memcpy(&v, p + i, 8);
		if (v != w)
			return false;
	}
	if (i < n) {
		uint64_t w = wpat(seed, i);
		if (memcmp(p + i, &w, n - i))
			return false;
	}
	return true;
}

static void check_new(struct run *r, struct slot *s, bool zero)
{
	(void)r;
	assert_non_null(s->p);
	assert_true(((uintptr_t)s->p & (s->align - 1)) == 0);
	assert_true(malloc_usable_size(s->p) >= s->n);
	if (zero)
		for (size_t i = 0; i < s->n; i++)
			assert_int_equal(s->p[i], 0);
	s->seed = ++r->next_seed;
	wfill(s->p, s->n, s->seed);
}

static void do_alloc(struct run *r, struct slot *s)
{
	size_t n = rnd_size(r);
	unsigned k = (unsigned)(rnd(r) % 100);
	s->n = n;
	s->align = MALLOC_ALIGN;
	if (k < 70) {
		s->p = malloc(n);
		check_new(r, s, false);
	} else if (k < 85) {
		size_t m = 1 + (size_t)(rnd(r) % 8);
		s->n = n / m * m;
		s->p = calloc(m, n / m);
		check_new(r, s, true);
	} else {
		size_t a = (size_t)1 << (rnd(r) % 13);          /* up to 4096 */
		if (rnd(r) % 50 == 0)
			a = (size_t)1 << (13 + rnd(r) % 5);      /* up to 128 KiB */
		if (a < MALLOC_ALIGN)
			s->align = MALLOC_ALIGN;
		else
			s->align = a;
		if (k < 90) {
			s->p = memalign(a, n);
		} else if (k < 95) {
			void *q = NULL;
			size_t pa = a < sizeof(void *) ? sizeof(void *) : a;
			assert_int_equal(posix_memalign(&q, pa, n), 0);
			s->p = q;
		} else {
			s->p = aligned_alloc(a, n);
		}
		if (s->align < a)
			s->align = a;
		check_new(r, s, false);
	}
}

static void do_free(struct run *r, struct slot *s)
{
	(void)r;
	if (!wintact(s->p, s->n, s->seed))
		fail_msg("block %p (%zu bytes) was corrupted", (void *)s->p, s->n);
	free(s->p);
	s->p = NULL;
}

static void do_realloc(struct run *r, struct slot *s)
{
	if (!wintact(s->p, s->n, s->seed))
		fail_msg("block %p (%zu bytes) was corrupted", (void *)s->p, s->n);
	size_t n = rnd(r) % 3 ? s->n + (size_t)(rnd(r) % 3000) : rnd_size(r);
	if (n == 0)
		n = 1;
	mhead_t old_head = mem2chunk(s->p)->head;
	unsigned char *q = realloc(s->p, n);
	assert_non_null(q);
	size_t keep = n < s->n ? n : s->n;
	if (!wintact(q, keep, s->seed))
		fail_msg("realloc lost the contents of %p (%zu -> %zu bytes, head %llx, moved %d)",
			 (void *)s->p, s->n, n, (unsigned long long)old_head, q != s->p);
	s->p = q;
	s->n = n;
	s->align = MALLOC_ALIGN;
	assert_true(((uintptr_t)q & ALIGN_MASK) == 0);
	assert_true(malloc_usable_size(q) >= n);
	s->seed = ++r->next_seed;
	wfill(q, n, s->seed);
}

static int by_addr(const void *a, const void *b)
{
	const struct slot *x = *(struct slot *const *)a, *y = *(struct slot *const *)b;
	return x->p < y->p ? -1 : x->p > y->p;
}

/* No two live blocks overlap (their usable sizes included). */
static void check_all(struct run *r)
{
	assert_heap_ok();
	static struct slot *live[SLOTS];
	size_t n = 0;
	for (size_t i = 0; i < SLOTS; i++)
		if (r->s[i].p)
			live[n++] = &r->s[i];
	qsort(live, n, sizeof(live[0]), by_addr);
	for (size_t i = 0; i + 1 < n; i++)
		if (live[i]->p + malloc_usable_size(live[i]->p) > live[i + 1]->p)
			fail_msg("blocks %p and %p overlap", (void *)live[i]->p, (void *)live[i + 1]->p);
	for (size_t i = 0; i < n; i++)
		if (!wintact(live[i]->p, live[i]->n, live[i]->seed))
			fail_msg("block %p was corrupted", (void *)live[i]->p);
}

/* Operations of the last run done with free's fast path open (the front
 * cache uncounted) and closed (counting): the phased runs must see both. */
static long ops_fast, ops_counting;

/*
 * With phases, the allocator counts in the first half: a ballast of small
 * blocks makes the heap big (twice the guard and more), its last block
 * keeps it from being trimmed, and the rest is freed, so the program
 * holds little in a big heap; the first half uses only a sixteenth of the
 * slots.  The second half uses them all, and the program holds more than
 * twice the guard most of the time: the fast path opens.
 */
static void run_phased(uint64_t seed, int policy, bool flip, bool phases)
{
	static struct run r;
	memset(&r, 0, sizeof(r));
	ops_fast = ops_counting = 0;
	r.rng = seed;
	if (policy)
		assert_int_equal(mallopt(M_FIT_POLICY, policy), 1);
	void *pin = NULL;
	if (phases) {
		size_t nb;
		void **ballast = ballast_alloc(&nb);
		pin = ballast[nb - 1];          /* from top: the heap stays big */
		ballast_free(ballast, 0, nb - 1);
		assert_true(ST->heap_bytes >= 2 * ST->cache_guard);
		assert_true(ST->counting);
	}
	for (long op = 0; op < OPS; op++) {
		size_t nslots = phases && op < OPS / 2 ? SLOTS / 16 : SLOTS;
		struct slot *s = &r.s[rnd(&r) % nslots];
		if (!s->p)
			do_alloc(&r, s);
		else if (rnd(&r) % 4 == 0)
			do_realloc(&r, s);
		else
			do_free(&r, s);
		if (ST->counting)
			ops_counting++;
		else
			ops_fast++;
		if (op % CHECK_EVERY == 0) {
			check_all(&r);
			if (flip)
				mallopt(M_FIT_POLICY, (op / CHECK_EVERY) % 2 ? MALLOC_FIRST_FIT : MALLOC_BEST_FIT);
		}
	}
	check_all(&r);
	for (size_t i = 0; i < SLOTS; i++)
		if (r.s[i].p)
			do_free(&r, &r.s[i]);
	free(pin);
	/* a small heap keeps its cache (test_cache_modes); empty it */
	assert_int_equal(mallinfo2().uordblks, 0);
	assert_int_equal(mallopt(M_CACHE_COUNT, (int)ST->cache_max), 1);
	assert_all_freed();
}

static void run(uint64_t seed, int policy, bool flip)
{
	run_phased(seed, policy, flip, false);
}

static void test_first_fit(void **state)
{
	(void)state;
	run_phased(0x1234567ull, MALLOC_FIRST_FIT, false, true);
	assert_true(ops_fast > OPS / 10 && ops_counting > OPS / 10);
}

static void test_best_fit(void **state)
{
	(void)state;
	run_phased(0xabcdef1ull, MALLOC_BEST_FIT, false, true);
	assert_true(ops_fast > OPS / 10 && ops_counting > OPS / 10);
}

static void test_flipping(void **state)
{
	(void)state;
	run(0x5eed5eedull, 0, true);
}

/* Small thresholds and no padding: mmap, trims and growth all the time. */
static void test_tight(void **state)
{
	(void)state;
	mallopt(M_MMAP_THRESHOLD, 16 * 1024);
	mallopt(M_TRIM_THRESHOLD, 8 * 1024);
	mallopt(M_TOP_PAD, 0);
	run(0x77777ull, MALLOC_BEST_FIT, false);
	mallopt(M_MMAP_THRESHOLD, 16 * 1024);
	mallopt(M_TRIM_THRESHOLD, 0);
	mallopt(M_TOP_PAD, 0);
	run(0x88888ull, MALLOC_FIRST_FIT, false);
}

/* The front cache off, and as small as it gets (one chunk per size). */
static void test_cache_sizes(void **state)
{
	(void)state;
	assert_int_equal(mallopt(M_CACHE_COUNT, 0), 1);
	run(0x31415ull, MALLOC_FIRST_FIT, false);
	assert_int_equal(mallopt(M_CACHE_COUNT, 1), 1);
	run(0x27182ull, MALLOC_BEST_FIT, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MTEST(test_first_fit),
		MTEST(test_best_fit),
		MTEST(test_flipping),
		MTEST(test_tight),
		MTEST(test_cache_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
