/*
 * libstress [ROUNDS [SEED]] - three allocators in one address space: this
 * program's malloc, counter.lib's and maths.lib's (each library carries its
 * own copy of libc), all growing their heaps with sbrk from one break.
 *
 * Random phase: each round one of the three allocates or frees a block in
 * a random slot, small (most), medium, large (on the heap: the mmap
 * threshold is pinned at 512 KiB) or huge (an mmap of its own); every
 * block is filled with a pattern when made and checked when freed.  Every
 * CHECK_EVERY rounds every live block of all three is checked, the blocks
 * are checked not to overlap, and the counter library's state (kept in its
 * bss between calls) is compared with the program's tally.  The trim
 * threshold is set low in all three, so they trim their tops often.
 *
 * Before that, three set pieces, each of which would crash (a page fault
 * on an unmapped page) or find a changed pattern if an allocator trimmed
 * memory it does not own: an allocator frees its top block while someone
 * else's piece lies above it.
 *
 * Ends with "libstress: PASS" or FAIL lines.
 */
#include <errno.h>
#include <library.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "../lib/counter/counter.h"
#include "../lib/maths/maths.h"

#define PSLOTS      256
#define MSLOTS      128
#define CHECK_EVERY 250
#define MMAP_THRESHOLD (512 << 10)
#define TRIM_THRESHOLD (16 << 10)

static int fails;

#define CHECK(cond, ...) do { if (!(cond)) { fails++; \
	printf("FAIL %d: %s: ", __LINE__, #cond); printf(__VA_ARGS__); printf("\n"); } } while (0)

static struct maths_api m;
static struct counter_api c;

static uint32_t rng = 12345;

static uint32_t rnd(void)
{
	return maths_xorshift32(&rng);
}

/* ---- the program's own blocks ---- */

struct pblock {
	uint32_t *p;
	size_t size;
	uint32_t seed;
};
static struct pblock pb[PSLOTS];

/* The program's pattern differs from counter.lib's, so blocks of one can
 * never pass for blocks of the other. */
static uint32_t ppat(uint32_t seed, size_t i)
{
	return counter_pattern(seed ^ 0x5a5a5a5au, (uint32_t)i) + 0x01000193u;
}

static void pfill(struct pblock *b)
{
	for (size_t i = 0; i < b->size / 4; i++)
		b->p[i] = ppat(b->seed, i);
	uint32_t last = ppat(b->seed, b->size / 4);
	memcpy(b->p + b->size / 4, &last, b->size % 4);
}

static int pintact(const struct pblock *b)
{
	for (size_t i = 0; i < b->size / 4; i++)
		if (b->p[i] != ppat(b->seed, i))
			return 0;
	uint32_t last = ppat(b->seed, b->size / 4);
	return memcmp(b->p + b->size / 4, &last, b->size % 4) == 0;
}

/* ---- maths.lib's vectors, checked from this side too ---- */

struct mblock {
	const struct maths_vector *v;
	uint32_t seed;
};
static struct mblock mb[MSLOTS];
static long mlive;

static int mintact(const struct mblock *b, uint32_t len)
{
	uint32_t s = b->seed;
	if (b->v->len != len)
		return 0;
	for (uint32_t i = 0; i < len; i++)
		if (b->v->v[i] != maths_xorshift32(&s))
			return 0;
	return 1;
}

/* counter.lib's slots in use, as the program knows them. */
static unsigned char cused[COUNTER_SLOTS];
static long clive;
static uint32_t cnext, chash = 2166136261u;

static size_t pick_size(void)
{
	uint32_t r = rnd() % 1000;
	if (r < 850)
		return 1 + rnd() % 512;
	if (r < 970)
		return 512 + rnd() % (16 << 10);
	if (r < 995)
		return (16 << 10) + rnd() % (240 << 10);
	return MMAP_THRESHOLD + rnd() % (512 << 10);          /* its own mmap */
}

static unsigned long ops[3], nomem;

static void step_program(uint32_t round)
{
	struct pblock *b = &pb[rnd() % PSLOTS];
	ops[0]++;
	if (b->p) {
		CHECK(pintact(b), "program block %p (%u bytes) changed", (void *)b->p, (unsigned)b->size);
		free(b->p);
		b->p = NULL;
		return;
	}
	b->size = pick_size();
	b->seed = round * 2654435761u;
	if (!(b->p = malloc(b->size))) {
		nomem++;
		return;
	}
	pfill(b);
}

static void step_counter(uint32_t round)
{
	uint32_t slot = rnd() % COUNTER_SLOTS;
	ops[1]++;
	cnext = c.next();
	chash = (chash ^ cnext) * 16777619u;
	if (cused[slot]) {
		int r = c.drop(slot);
		CHECK(r == 0, "counter.lib dropping slot %u: %d", (unsigned)slot, r);
		cused[slot] = 0;
		clive--;
		return;
	}
	if (c.put(slot, pick_size(), round ^ 0xc0c0c0c0u) == 0) {
		cused[slot] = 1;
		clive++;
	} else {
		nomem++;
	}
}

static void step_maths(uint32_t round)
{
	struct mblock *b = &mb[rnd() % MSLOTS];
	ops[2]++;
	if (b->v) {
		CHECK(mintact(b, b->v->len), "maths vector %p changed", (const void *)b->v);
		CHECK(m.free(b->v) == 0, "maths.lib refused its own vector %p", (const void *)b->v);
		b->v = NULL;
		mlive--;
		return;
	}
	b->seed = round | 1;
	if ((b->v = m.vector_random((uint32_t)(pick_size() / 4), b->seed)))
		mlive++;
	else
		nomem++;
}

/* ---- checks of everything ---- */

struct range {
	uintptr_t start, end;
	char who;
};
static struct range ranges[PSLOTS + COUNTER_SLOTS + MSLOTS];

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static void check_all(const char *when)
{
	int n = 0;
	for (int i = 0; i < PSLOTS; i++)
		if (pb[i].p) {
			CHECK(pintact(&pb[i]), "%s: program block %d changed", when, i);
			ranges[n++] = (struct range){ (uintptr_t)pb[i].p, (uintptr_t)pb[i].p + pb[i].size, 'p' };
		}
	long cl = c.check();
	CHECK(cl == clive, "%s: counter.lib check %ld, %ld blocks live", when, cl, clive);
	for (uint32_t i = 0; i < COUNTER_SLOTS; i++) {
		size_t size = 0;
		const void *p = c.block(i, &size);
		CHECK(!p == !cused[i], "%s: counter.lib slot %u", when, (unsigned)i);
		if (p)
			ranges[n++] = (struct range){ (uintptr_t)p, (uintptr_t)p + size, 'c' };
	}
	long ml = m.heap_check();
	CHECK(ml == mlive, "%s: maths.lib heap check %ld (%s), %ld live", when, ml, m.error(), mlive);
	for (int i = 0; i < MSLOTS; i++)
		if (mb[i].v) {
			CHECK(mintact(&mb[i], mb[i].v->len), "%s: maths vector %d changed", when, i);
			ranges[n++] = (struct range){ (uintptr_t)mb[i].v,
				(uintptr_t)(mb[i].v->v + mb[i].v->len), 'm' };
		}
	qsort(ranges, (size_t)n, sizeof(ranges[0]), cmp_range);
	for (int i = 1; i < n; i++)
		CHECK(ranges[i].start >= ranges[i - 1].end, "%s: %c block %#lx-%#lx overlaps %c block at %#lx",
		      when, ranges[i - 1].who, (unsigned long)ranges[i - 1].start,
		      (unsigned long)ranges[i - 1].end, ranges[i].who, (unsigned long)ranges[i].start);
	/* The library's state survived every call in between. */
	CHECK(c.value() == cnext && c.history() == chash, "%s: counter.lib state %u/%08x, want %u/%08x",
	      when, (unsigned)c.value(), (unsigned)c.history(), (unsigned)cnext, (unsigned)chash);
}

static void free_everything(void)
{
	for (int i = 0; i < PSLOTS; i++)
		if (pb[i].p) {
			CHECK(pintact(&pb[i]), "program block %d changed", i);
			free(pb[i].p);
			pb[i].p = NULL;
		}
	for (uint32_t i = 0; i < COUNTER_SLOTS; i++)
		if (cused[i]) {
			CHECK(c.drop(i) == 0, "counter.lib slot %u", (unsigned)i);
			cused[i] = 0;
			clive--;
		}
	for (int i = 0; i < MSLOTS; i++)
		if (mb[i].v) {
			CHECK(mintact(&mb[i], mb[i].v->len), "maths vector %d changed", i);
			CHECK(m.free(mb[i].v) == 0, "maths.lib refused vector %d", i);
			mb[i].v = NULL;
			mlive--;
		}
}

/* ---- set pieces: a top block freed under someone else's piece ---- */

static int mapped(const void *p, size_t len)
{
	unsigned char vec[64];
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)4095;
	return len <= 60 * 4096 && mincore((void *)a, (uintptr_t)p + len - a, vec) == 0;
}

#define BIG (200 << 10)

/* A program block of BIG bytes above addr: where a fresh piece of heap
 * goes.  Earlier tries that landed lower (in free space the allocator
 * already had) are given back. */
static struct pblock program_block_above(const void *addr, uint32_t seed)
{
	struct pblock b = { NULL, BIG, seed }, lower[8];
	int n = 0;
	while ((b.p = malloc(BIG)) && (const void *)b.p < addr && n < 8)
		lower[n++] = b;
	while (n > 0)
		free(lower[--n].p);
	if (b.p)
		pfill(&b);
	return b;
}

/* BIG-byte counter.lib blocks in slots first, first + 1... until one lands
 * above addr; the lower ones are dropped again.  Its slot, or -1. */
static int counter_block_above(const void *addr, uint32_t first, const char **p, size_t *size)
{
	uint32_t s = first;
	*p = NULL;
	for (; s < first + 8 && c.put(s, BIG, 0xabc + s) == 0; s++)
		if ((*p = c.block(s, size)) > (const char *)addr)
			break;
	for (uint32_t i = first; i < s; i++)
		c.drop(i);
	if (s == first + 8 || !*p || *p <= (const char *)addr) {
		c.drop(s);
		return -1;
	}
	return (int)s;
}

/* The program's malloc frees its top block while counter.lib's piece lies
 * above: trimming would unmap counter.lib's block. */
static void program_under_counter(void)
{
	struct pblock b = program_block_above(sbrk(0), 77);
	CHECK(b.p != NULL, "malloc");
	if (!b.p)
		return;
	size_t sz = 0;
	const char *cb;
	int slot = counter_block_above(b.p, 0, &cb, &sz);
	CHECK(slot >= 0, "no counter.lib block above the program's %p", (void *)b.p);
	CHECK(pintact(&b), "program block");
	free(b.p);
	if (slot < 0)
		return;
	CHECK(mapped(cb, sz) && c.check() == 1, "counter.lib's block lost after the program freed its own");
	CHECK(c.drop((uint32_t)slot) == 0, "counter drop");
	printf("libstress: program freed its top block under counter.lib's: counter.lib's intact\n");
}

/* counter.lib frees its top block while a raw sbrk region of the program's
 * (a fourth party with no allocator at all) lies above it. */
static void counter_under_raw_region(void)
{
	size_t sz = 0;
	const char *cb;
	int slot = counter_block_above(NULL, 0, &cb, &sz);
	CHECK(slot >= 0, "counter put");
	if (slot < 0)
		return;
	struct pblock raw = { sbrk(3 * 4096 + 100), 3 * 4096 + 100, 99 };
	CHECK(raw.p != (void *)-1, "sbrk");
	if (raw.p == (void *)-1)
		return;
	CHECK((char *)raw.p > cb, "raw region %p not above counter.lib's block %p", (void *)raw.p, cb);
	pfill(&raw);
	CHECK(c.drop((uint32_t)slot) == 0, "counter drop");
	CHECK(mapped(raw.p, raw.size) && pintact(&raw), "raw region lost after counter.lib freed its top");
	char *end = (char *)raw.p + raw.size;
	CHECK(sbrk(0) == end, "someone moved the break from %p to %p", end, sbrk(0));
	CHECK(sbrk(-(intptr_t)raw.size) == end, "giving the raw region back");
	printf("libstress: counter.lib freed its top block under a raw sbrk region: region intact\n");
}

/* maths.lib frees its top result while the program's piece lies above. */
static void maths_under_program(void)
{
	const struct maths_vector *v = m.vector_random(BIG / 4, 4242);
	CHECK(v != NULL, "maths vector");
	if (!v)
		return;
	struct pblock b = program_block_above(v, 55);
	CHECK(b.p && (char *)b.p > (const char *)v, "program block %p not above maths.lib's %p",
	      (void *)b.p, (const void *)v);
	CHECK(m.free(v) == 0, "maths free");
	CHECK(b.p && mapped(b.p, b.size) && pintact(&b),
	      "program block lost after maths.lib freed its top");
	CHECK(m.heap_check() == 0, "maths heap check: %s", m.error());
	free(b.p);
	printf("libstress: maths.lib freed its top block under the program's: the program's intact\n");
}

int main(int argc, char **argv)
{
	uint32_t rounds = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 0) : 4000;
	if (argc > 2)
		rng = (uint32_t)strtoul(argv[2], NULL, 0);
	void *ml = openLibrary("maths"), *cl = openLibrary("counter");
	const char *missing = "openLibrary";
	if (!ml || !cl || maths_bind(ml, &m, &missing) || counter_bind(cl, &c, &missing)) {
		printf("libstress: %s failed (errno %d)\nlibstress: FAIL\n", missing, errno);
		return 1;
	}
	mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
	mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD);
	c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
	c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD);
	m.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
	m.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD);

	/* A library never takes a pointer it did not hand out. */
	char *mine = malloc(64);
	CHECK(m.free(mine) == -1, "maths.lib freed the program's block");
	free(mine);

	/* The set pieces first, while the three heaps are fresh. */
	program_under_counter();
	counter_under_raw_region();
	maths_under_program();
	check_all("after the set pieces");

	char *brk0 = sbrk(0), *last = brk0, *high = brk0;
	unsigned downs = 0, ups = 0, checks = 0;
	for (uint32_t r = 1; r <= rounds; r++) {
		switch (rnd() % 3) {
		case 0: step_program(r); break;
		case 1: step_counter(r); break;
		default: step_maths(r); break;
		}
		char *now = sbrk(0);
		downs += now < last;
		ups += now > last;
		if (now > high)
			high = now;
		last = now;
		if (r % CHECK_EVERY == 0 || r == rounds) {
			char when[32];
			snprintf(when, sizeof(when), "round %u", (unsigned)r);
			check_all(when);
			checks++;
		}
		if (fails > 20)
			break;
	}
	printf("libstress: %u rounds: program %lu, counter.lib %lu, maths.lib %lu operations, "
	       "%lu out of memory; %u full checks\n", (unsigned)rounds, ops[0], ops[1], ops[2],
	       nomem, checks);
	printf("libstress: the break went up %u times and down %u times (trims), "
	       "highest %+ld KiB from the start\n", ups, downs, (long)(high - brk0) / 1024);
	printf("libstress: %u calls into counter.lib, %u into maths.lib; counter at %u\n",
	       (unsigned)*c.calls, (unsigned)*m.calls, (unsigned)cnext);
	free_everything();
	check_all("after freeing everything");
	printf("libstress: break %+ld KiB from where the rounds started\n",
	       (long)((char *)sbrk(0) - brk0) / 1024);
	printf("libstress: %s\n", fails ? "FAIL" : "PASS");
	return fails != 0;
}
