/*
 * malloctest - the allocator's randomized test, run on Brink itself.
 *
 * Long random sequences of malloc, calloc, realloc, memalign and free are
 * checked against a shadow model (every block's size, alignment and whole
 * contents), with each fit policy; between the allocator's calls a second
 * party moves the break with sbrk, and its memory must never be handed
 * out or changed.  Then edge cases: zero and huge sizes, calloc overflow,
 * every alignment up to the page size.  Prints one PASS or FAIL line per
 * check and a summary; exits 0 only if everything passed.  (The shadow
 * runs use the front cache, except the last, which turns it off.)
 *
 *   malloctest [OPS]      (default 20000 operations per policy)
 */
#include <malloc.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

enum { SLOTS = 256, REGIONS = 16 };

struct slot {
	unsigned char *p;
	size_t n;
	size_t align;
	unsigned seed;
};

struct region {
	unsigned char *p;
	size_t n;
	unsigned seed;
};

static struct slot slot[SLOTS];
static struct region region[REGIONS];
static int nregions;
static unsigned long rng = 12345;
static int passed, failed;

static unsigned long rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static unsigned char pat(unsigned seed, size_t i)
{
	return (unsigned char)(seed * 31 + i * 7 + (i >> 8));
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = pat(seed, i);
}

static int intact(const unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != pat(seed, i))
			return 0;
	return 1;
}

static void check(int ok, const char *what)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", what);
	if (ok)
		passed++;
	else
		failed++;
}

/* Mostly small, some medium, a few big enough to be mapped. */
static size_t rnd_size(void)
{
	unsigned k = (unsigned)(rnd() % 100);
	if (k < 75)
		return rnd() % 200;
	if (k < 97)
		return 200 + rnd() % 5000;
	return 100000 + rnd() % 300000;
}

static int overlaps(const void *a, size_t an, const void *b, size_t bn)
{
	return (const char *)a < (const char *)b + bn && (const char *)b < (const char *)a + an;
}

/* Every live block intact and clear of the second party's regions. */
static int world_ok(void)
{
	for (int i = 0; i < SLOTS; i++) {
		if (!slot[i].p)
			continue;
		if (!intact(slot[i].p, slot[i].n, slot[i].seed))
			return 0;
		for (int r = 0; r < nregions; r++)
			if (overlaps(slot[i].p, slot[i].n, region[r].p, region[r].n))
				return 0;
	}
	for (int r = 0; r < nregions; r++)
		if (!intact(region[r].p, region[r].n, region[r].seed))
			return 0;
	return 1;
}

static int shadow_run(int policy, long ops)
{
	unsigned seed = 1;
	struct mallinfo2 before = mallinfo2();     /* stdio's buffers, say */
	if (mallopt(M_FIT_POLICY, policy) != 1)
		return 0;
	for (long op = 0; op < ops; op++) {
		if (op % 2000 == 0 && !world_ok())
			return 0;
		/* now and then the second party takes some of the break */
		if (op % 997 == 0 && nregions < REGIONS) {
			struct region *r = &region[nregions];
			r->n = 1 + rnd() % 10000;
			r->p = sbrk((intptr_t)r->n);
			if (r->p == (void *)-1)
				return 0;
			r->seed = 1000 + (unsigned)nregions;
			fill(r->p, r->n, r->seed);
			nregions++;
		}
		struct slot *s = &slot[rnd() % SLOTS];
		unsigned k = (unsigned)(rnd() % 100);
		if (s->p && k < 60) {
			if (!intact(s->p, s->n, s->seed))
				return 0;
			free(s->p);
			s->p = NULL;
			continue;
		} else if (s->p) {
			if (!intact(s->p, s->n, s->seed))
				return 0;
			size_t n = k < 80 ? s->n + 1 + rnd() % 500 : rnd_size() + 1;
			unsigned char *q = realloc(s->p, n);
			if (!q || !intact(q, n < s->n ? n : s->n, s->seed))
				return 0;
			s->p = q;
			s->n = n;
			s->align = sizeof(void *);
		} else if (k < 15) {
			size_t a = (size_t)1 << (rnd() % 13);   /* up to 4096 */
			s->n = rnd_size();
			s->p = memalign(a, s->n);
			s->align = a;
		} else if (k < 30) {
			size_t m = 1 + rnd() % 8;
			s->n = rnd_size() / m * m;
			s->p = calloc(m, s->n / m);
			s->align = sizeof(void *);
			if (s->p)
				for (size_t i = 0; i < s->n; i++)
					if (s->p[i])
						return 0;
		} else {
			s->n = rnd_size();
			s->p = malloc(s->n);
			s->align = sizeof(void *);
		}
		if (!s->p || ((uintptr_t)s->p & (s->align - 1)) || malloc_usable_size(s->p) < s->n)
			return 0;
		s->seed = seed++;
		fill(s->p, s->n, s->seed);
	}
	int ok = world_ok();
	for (int i = 0; i < SLOTS; i++) {
		free(slot[i].p);
		slot[i].p = NULL;
	}
	struct mallinfo2 mi = mallinfo2();
	return ok && mi.uordblks == before.uordblks && mi.hblks == before.hblks && world_ok();
}

/* After a failed run the slots may hold anything: leak them, never free
 * them twice. */
static void forget_slots(void)
{
	memset(slot, 0, sizeof(slot));
}

static int edge_cases(void)
{
	void *a = malloc(0), *b = malloc(0);
	int ok = a && b && a != b;
	free(a);
	free(b);
	free(NULL);
	errno = 0;
	ok &= malloc(SIZE_MAX) == NULL && errno == ENOMEM;
	errno = 0;
	ok &= malloc(SIZE_MAX / 2 + 1) == NULL && errno == ENOMEM;
	errno = 0;
	ok &= calloc(SIZE_MAX / 2 + 1, 2) == NULL && errno == ENOMEM;
	size_t half = (size_t)1 << (4 * sizeof(size_t));       /* half + half bits */
	errno = 0;
	ok &= calloc(half, half) == NULL && errno == ENOMEM;
	void *p = NULL;
	ok &= posix_memalign(&p, 3, 10) == EINVAL && p == NULL;
	ok &= aligned_alloc(48, 96) == NULL;
	return ok;
}

static int alignments(void)
{
	for (size_t a = 1; a <= 4096; a <<= 1) {
		void *p = memalign(a, 100), *q = NULL;
		if (!p || ((uintptr_t)p & (a - 1)))
			return 0;
		if (posix_memalign(&q, a < sizeof(void *) ? sizeof(void *) : a, 5000) || ((uintptr_t)q & (a - 1)))
			return 0;
		memset(p, 1, 100);
		memset(q, 2, 5000);
		free(p);
		free(q);
	}
	return 1;
}

static int realloc_cases(void)
{
	unsigned char *p = realloc(NULL, 100);
	if (!p)
		return 0;
	fill(p, 100, 77);
	unsigned char *q = realloc(p, 50);              /* shrink: in place */
	if (q != p || !intact(q, 50, 77))
		return 0;
	q = realloc(q, 100000);                         /* grow: contents kept */
	if (!q || !intact(q, 50, 77))
		return 0;
	return realloc(q, 0) == NULL;                   /* frees */
}

/* Resident pages of [p, p + n), which start and end on page boundaries. */
static int resident(const void *p, size_t n)
{
	unsigned char vec[32];
	size_t pages = n / 4096;
	if (pages > sizeof(vec) || mincore((void *)p, n, vec))
		return -1;
	int r = 0;
	for (size_t i = 0; i < pages; i++)
		r += vec[i] & 1;
	return r;
}

/* A block that moves into a hole to grow: what it copied is kept, and the
 * hole's pages beyond it, which the program has not written, are given
 * back (MADV_DONTNEED) until it does.  Run first, on a heap that holds
 * nothing else of that size, so the block lands in the hole. */
static int realloc_gives_back(void)
{
	unsigned char *hole = malloc(100 << 10), *guard1 = malloc(16);
	unsigned char *v = malloc(20 << 10), *guard2 = malloc(16);
	if (!hole || !guard1 || !v || !guard2)
		return 0;
	memset(hole, 0x5a, 100 << 10);
	fill(v, 20 << 10, 21);
	free(hole);
	unsigned char *q = realloc(v, 90 << 10);        /* guard2 is in the way */
	uintptr_t lo = ((uintptr_t)q + (20 << 10) + 4095) & ~(uintptr_t)4095;
	int ok = q == hole && intact(q, 20 << 10, 21) &&
		 resident((void *)lo, 64 << 10) == 0;
	if (q) {
		fill(q, 90 << 10, 22);
		ok = ok && intact(q, 90 << 10, 22);
	}
	free(q);
	free(guard1);
	free(guard2);
	return ok;
}

/* The shadow run with 2,500 blocks of 2,000 bytes held around it, which
 * must come out intact. */
static int held_run(long ops)
{
	enum { HELD = 2500, HELD_SIZE = 2000 };
	static unsigned char *held[HELD];
	for (int i = 0; i < HELD; i++) {
		if (!(held[i] = malloc(HELD_SIZE)))
			return 0;
		fill(held[i], HELD_SIZE, 5000 + (unsigned)i);
	}
	int ok = shadow_run(MALLOC_BEST_FIT, ops);
	for (int i = 0; i < HELD; i++) {
		ok = ok && intact(held[i], HELD_SIZE, 5000 + (unsigned)i);
		free(held[i]);
	}
	return ok;
}

int main(int argc, char **argv)
{
	long ops = argc > 1 ? atol(argv[1]) : 20000;
	if (ops <= 0)
		ops = 20000;
	check(realloc_gives_back(), "realloc: a block grown into a hole leaves the hole's unwritten pages out");
	check(shadow_run(MALLOC_FIRST_FIT, ops), "shadow model, first fit, with a second party on the break");
	forget_slots();
	check(shadow_run(MALLOC_BEST_FIT, ops), "shadow model, best fit, with a second party on the break");
	forget_slots();
	/* the same with the front cache off: every free goes to the heap */
	check(mallopt(M_CACHE_COUNT, 0) == 1 && shadow_run(MALLOC_BEST_FIT, ops),
	      "shadow model, best fit, no front cache");
	forget_slots();
	/* with 5 MB held, more than twice what the front cache can hold: the
	 * cache's fast paths, uncounted (docs/malloc.md) */
	check(mallopt(M_CACHE_COUNT, 64) == 1 && held_run(ops), "shadow model, best fit, 5 MB held");
	forget_slots();
	check(edge_cases(), "zero sizes, huge sizes, calloc overflow, bad alignments");
	check(alignments(), "every power-of-two alignment up to the page size");
	check(realloc_cases(), "realloc: NULL, shrink in place, grow, zero");
	printf("malloctest: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
