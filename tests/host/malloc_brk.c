/*
 * malloc_brk.c - the allocator beside other users of the same break.
 *
 * A "second party" moves the break between the allocator's calls, through
 * an sbrk that asks the kernel each time (as Brink's does) and through the
 * raw brk system call with an absolute address (as glibc, tcmalloc and
 * musl were seen to break under).  Its region must never be handed out,
 * corrupted or unmapped, trimming must never free it, and the allocator
 * must still extend in place when the break comes back to its end.  A
 * second copy of the allocator (b2_*, as in a Brink library) is the most
 * demanding second party: both grow the heap all the time.
 */
#include "malloc_test.h"
#include <stdlib.h>

struct region {
	char *p;
	size_t n;
	uint32_t seed;
};

/* The second party takes n bytes with an sbrk that asks the kernel. */
static struct region take_sbrk(size_t n, uint32_t seed)
{
	struct region r = { raw_sbrk((intptr_t)n), n, seed };
	assert_true(r.p != (char *)-1);
	fill(r.p, n, seed);
	return r;
}

/* The same with brk(absolute address), from a freshly read break. */
static struct region take_brk(size_t n, uint32_t seed)
{
	char *old = cur_brk();
	assert_ptr_equal((char *)syscall(SYS_brk, old + n), old + n);
	struct region r = { old, n, seed };
	fill(r.p, n, seed);
	return r;
}

static void give_back(struct region *r)
{
	assert_ptr_equal(cur_brk(), r->p + r->n);
	assert_ptr_equal((char *)syscall(SYS_brk, r->p), r->p);
	r->p = NULL;
}

static bool overlaps(const void *a, size_t an, const void *b, size_t bn)
{
	return (const char *)a < (const char *)b + bn && (const char *)b < (const char *)a + an;
}

/* Still mapped (we can read it), still ours, unchanged. */
static void region_ok(const struct region *r)
{
	assert_true(cur_brk() >= r->p + r->n);
	if (!intact(r->p, r->n, r->seed))
		fail_msg("foreign region %p was corrupted", (void *)r->p);
}

static void test_foreign_sbrk(void **state)
{
	(void)state;
	enum { N = 300 };
	char *p[N];
	for (int i = 0; i < 10; i++)
		p[i] = malloc(1000);
	size_t pieces = ST->npieces;
	struct region r = take_sbrk(3 * 4096 + 100, 11);
	for (int i = 10; i < N; i++) {
		p[i] = malloc(10000);           /* forces growth past r */
		fill(p[i], 10000, (uint32_t)i);
		assert_false(overlaps(p[i], malloc_usable_size(p[i]), r.p, r.n));
	}
	assert_true(ST->npieces > pieces);      /* a new piece, not in place */
	region_ok(&r);
	assert_heap_ok();
	for (int i = 10; i < N; i++) {
		assert_true(intact(p[i], 10000, (uint32_t)i));
		free(p[i]);
	}
	/* the newest piece went back entirely; r stays */
	region_ok(&r);
	assert_ptr_equal(cur_brk(), r.p + r.n);
	assert_heap_ok();
	give_back(&r);
	for (int i = 0; i < 10; i++)
		free(p[i]);
}

static void test_foreign_raw_brk_misaligned(void **state)
{
	(void)state;
	/* leave the break at an odd address */
	struct region r = take_brk(5000 + 7, 12);
	char *blk[200];
	for (int i = 0; i < 200; i++) {
		blk[i] = malloc(3000 + (size_t)i);
		assert_true(((uintptr_t)blk[i] & ALIGN_MASK) == 0);
		assert_false(overlaps(blk[i], malloc_usable_size(blk[i]), r.p, r.n));
		fill(blk[i], 3000, (uint32_t)i);
	}
	struct region r2 = take_brk(3, 13);
	for (int i = 0; i < 200; i += 2) {
		free(blk[i]);
		blk[i] = malloc(20000);
		assert_false(overlaps(blk[i], malloc_usable_size(blk[i]), r.p, r.n));
		assert_false(overlaps(blk[i], malloc_usable_size(blk[i]), r2.p, r2.n));
		fill(blk[i], 3000, (uint32_t)i);
	}
	assert_heap_ok();
	region_ok(&r);
	region_ok(&r2);
	for (int i = 0; i < 200; i++) {
		assert_true(intact(blk[i], 3000, (uint32_t)i));
		free(blk[i]);
	}
	region_ok(&r);
	region_ok(&r2);
	give_back(&r2);
	assert_heap_ok();
}

/* A big free top, but the break is someone else's now: no trim. */
static void test_trim_spares_foreign(void **state)
{
	(void)state;
	mallopt(M_MMAP_THRESHOLD, 16 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 * 1024);
	char *keep = malloc(100);
	/* too big for any free chunk: both come from top, in this order */
	char *big = malloc(4 << 20), *big2 = malloc(1 << 20);
	memset(big, 1, 4 << 20);
	size_t heap = ST->heap_bytes;
	struct region r = take_sbrk(8192, 14);
	free(big);
	free(big2);             /* top is now over 5 MiB */
	assert_int_equal(ST->heap_bytes, heap);          /* not trimmed */
	region_ok(&r);
	struct region r2 = take_brk(4096, 15);
	free(malloc(1 << 20));
	assert_int_equal(ST->heap_bytes, heap);
	region_ok(&r);
	region_ok(&r2);
	/* the second party leaves: the break is ours again and trims work */
	char *rp = r.p;
	give_back(&r2);
	give_back(&r);
	free(malloc(1 << 20));
	assert_true(ST->heap_bytes < heap - (3 << 20));
	assert_true(cur_brk() <= rp);
	assert_heap_ok();
	free(keep);
}

/* The break came back to our end: grow in place, no new piece. */
static void test_extend_in_place_again(void **state)
{
	(void)state;
	mallopt(M_MMAP_THRESHOLD, 16 << 20);
	/* bigger than top: the heap grows, and then ends at the break */
	char *a = malloc(csize(ST->top) + 4096);
	assert_ptr_equal(cur_brk(), ST->cur->brk_end);
	struct region r = take_sbrk(4096, 16);
	give_back(&r);
	size_t pieces = ST->npieces;
	char *b = malloc(2 << 20);      /* below the adapted threshold or not */
	char *c[50];
	for (int i = 0; i < 50; i++)
		c[i] = malloc(20000);
	assert_int_equal(ST->npieces, pieces);
	assert_heap_ok();
	for (int i = 0; i < 50; i++)
		free(c[i]);
	free(b);
	free(a);
}

/*
 * A piece released (the newest, all free) makes the one before it the
 * newest again, and when the break comes back to that piece's end it
 * grows in place: its old fence, written when it was closed, must not be
 * left in what calloc takes for zero memory.
 */
static void test_extend_after_release(void **state)
{
	(void)state;
	mallopt(M_MMAP_THRESHOLD, 16 << 20);
	/* a page-aligned break (an earlier test may have left it odd), so
	 * that the next piece ends on a page and nothing but its fence can
	 * make what follows non-zero; the pad stays, as a foreign region */
	size_t pad = (size_t)(align_up((uintptr_t)cur_brk(), MPAGE) - (uintptr_t)cur_brk());
	if (pad)
		take_brk(pad, 18);
	char *a = malloc(csize(ST->top) + 4096);        /* the heap ends at the break */
	struct piece *old = ST->cur;
	assert_true(((uintptr_t)old->brk_end & (MPAGE - 1)) == 0);
	struct region r = take_sbrk(4096, 17);
	char *b = malloc(csize(ST->top) + 4096);        /* a new piece above r */
	assert_ptr_not_equal(ST->cur, old);
	char *fence = (char *)old->fence;
	free(b);                                        /* ... released again */
	assert_ptr_equal(ST->cur, old);
	give_back(&r);
	size_t n = csize(ST->top) + 8192;
	char *z = calloc(1, n);                         /* grows in place, over the old fence */
	assert_ptr_equal(ST->cur, old);
	assert_true(z <= fence && fence + HEAD_SIZE <= z + n);
	for (size_t i = 0; i < n; i++)
		if (z[i])
			fail_msg("calloc's block holds %#x at offset %zu", z[i], i);
	assert_heap_ok();
	free(z);
	free(a);
}

/* Two copies of the allocator share the break and interleave pieces. */
static void test_two_instances(void **state)
{
	(void)state;
	enum { N = 400 };
	char *pa[N] = { 0 }, *pb[N] = { 0 };
	size_t na[N], nb[N];
	uint64_t x = 99;
	for (int round = 0; round < 8; round++) {
		for (int i = 0; i < N; i++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			size_t n = 16 + (size_t)(x >> 40) % 30000;
			if (pa[i]) {
				assert_true(intact(pa[i], na[i], (uint32_t)i));
				free(pa[i]);
			}
			pa[i] = malloc(n);
			na[i] = n;
			fill(pa[i], n, (uint32_t)i);
			if (pb[i]) {
				assert_true(intact(pb[i], nb[i], (uint32_t)(i + N)));
				b2_free(pb[i]);
			}
			pb[i] = b2_malloc(n / 2 + 1);
			nb[i] = n / 2 + 1;
			fill(pb[i], nb[i], (uint32_t)(i + N));
		}
		assert_heap_ok();
		assert_null(b2_m_check());
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++)
				assert_false(overlaps(pa[i], na[i], pb[j], nb[j]));
		/* free a random half of each */
		for (int i = round % 2; i < N; i += 2) {
			assert_true(intact(pa[i], na[i], (uint32_t)i));
			free(pa[i]);
			pa[i] = NULL;
			assert_true(intact(pb[i], nb[i], (uint32_t)(i + N)));
			b2_free(pb[i]);
			pb[i] = NULL;
		}
	}
	assert_true(ST->npieces > 1);
	for (int i = 0; i < N; i++) {
		if (pa[i]) {
			assert_true(intact(pa[i], na[i], (uint32_t)i));
			free(pa[i]);
		}
		if (pb[i]) {
			assert_true(intact(pb[i], nb[i], (uint32_t)(i + N)));
			b2_free(pb[i]);
		}
	}
	assert_heap_ok();
	assert_null(b2_m_check());
}

/*
 * Random interleaving of this allocator, a second instance and a second
 * party using brk directly, with either policy: nothing overlaps, nothing
 * foreign changes, every heap stays sound.
 */
enum { RN = 300, RF = 64 };

struct world {
	char *a[RN], *b[RN];
	size_t an[RN], bn[RN];
	struct region f[RF];
	int nf;
	uint64_t x;
};

static uint64_t wrand(struct world *w)
{
	w->x ^= w->x << 13;
	w->x ^= w->x >> 7;
	w->x ^= w->x << 17;
	return w->x;
}

static void world_check(struct world *w)
{
	assert_heap_ok();
	assert_null(b2_m_check());
	for (int k = 0; k < w->nf; k++) {
		region_ok(&w->f[k]);
		for (int i = 0; i < RN; i++) {
			if (w->a[i])
				assert_false(overlaps(w->a[i], malloc_usable_size(w->a[i]), w->f[k].p, w->f[k].n));
			if (w->b[i])
				assert_false(overlaps(w->b[i], w->bn[i], w->f[k].p, w->f[k].n));
		}
	}
	for (int i = 0; i < RN; i++) {
		if (w->a[i])
			assert_true(intact(w->a[i], w->an[i], (uint32_t)i));
		if (w->b[i])
			assert_true(intact(w->b[i], w->bn[i], (uint32_t)(i + RN)));
	}
}

static void random_world(uint64_t seed, int policy)
{
	static struct world w;
	memset(&w, 0, sizeof(w));
	w.x = seed;
	mallopt(M_FIT_POLICY, policy);
	b2_mallopt(M_FIT_POLICY, policy);
	mallopt(M_TRIM_THRESHOLD, 64 * 1024);
	b2_mallopt(M_TRIM_THRESHOLD, 64 * 1024);
	for (int op = 0; op < 20000; op++) {
		unsigned k = (unsigned)(wrand(&w) % 100);
		int i = (int)(wrand(&w) % RN);
		size_t n = (wrand(&w) % 8 == 0) ? (size_t)(wrand(&w) % 200000) : (size_t)(wrand(&w) % 3000);
		if (k < 45) {
			if (w.a[i]) {
				assert_true(intact(w.a[i], w.an[i], (uint32_t)i));
				if (k < 15) {
					w.a[i] = realloc(w.a[i], n + 1);
					w.an[i] = n + 1;
					fill(w.a[i], n + 1, (uint32_t)i);
				} else {
					free(w.a[i]);
					w.a[i] = NULL;
				}
			} else {
				w.a[i] = malloc(n);
				w.an[i] = n;
				fill(w.a[i], n, (uint32_t)i);
			}
		} else if (k < 90) {
			if (w.b[i]) {
				assert_true(intact(w.b[i], w.bn[i], (uint32_t)(i + RN)));
				b2_free(w.b[i]);
				w.b[i] = NULL;
			} else {
				w.b[i] = b2_malloc(n);
				w.bn[i] = n;
				fill(w.b[i], n, (uint32_t)(i + RN));
			}
		} else if (k < 95) {
			if (w.nf < RF) {
				size_t fn = 1 + (size_t)(wrand(&w) % 9000);
				w.f[w.nf] = k % 2 ? take_sbrk(fn, (uint32_t)(1000 + op)) : take_brk(fn, (uint32_t)(1000 + op));
				w.nf++;
			}
		} else if (w.nf && cur_brk() == w.f[w.nf - 1].p + w.f[w.nf - 1].n) {
			/* the second party gives back its newest region, if on top */
			give_back(&w.f[--w.nf]);
		}
		if (op % 1000 == 0)
			world_check(&w);
	}
	world_check(&w);
	for (int i = 0; i < RN; i++) {
		free(w.a[i]);
		b2_free(w.b[i]);
		w.a[i] = w.b[i] = NULL;
	}
	world_check(&w);
	/* unwind: whoever is on top gives back, as long as someone can */
	while (w.nf && cur_brk() == w.f[w.nf - 1].p + w.f[w.nf - 1].n)
		give_back(&w.f[--w.nf]);
	world_check(&w);
}

static void test_random_first_fit(void **state)
{
	(void)state;
	random_world(0x1111, MALLOC_FIRST_FIT);
}

static void test_random_best_fit(void **state)
{
	(void)state;
	random_world(0x2222, MALLOC_BEST_FIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MTEST(test_foreign_sbrk),
		MTEST(test_foreign_raw_brk_misaligned),
		MTEST(test_trim_spares_foreign),
		MTEST(test_extend_in_place_again),
		MTEST(test_extend_after_release),
		MTEST(test_two_instances),
		MTEST(test_random_first_fit),
		MTEST(test_random_best_fit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
