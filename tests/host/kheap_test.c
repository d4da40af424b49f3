/*
 * kheap_test.c - kernel/mm/kheap.c with host pages behind its hooks.
 *
 * The hooks hand out aligned_alloc'd pages and check every page given back
 * was theirs (with the right page count for large blocks).  Large blocks
 * are kept in a small quarantine after kheap_large_free, so a double free
 * reads a dead header rather than freed host memory, as it would in the
 * kernel while the vmalloc range stays mapped.  panic() longjmps back into
 * the test that expects it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel.h>
#include "../../kernel/mm/kheap.h"

/* ---- panic ---- */

static jmp_buf panic_jmp;
static bool panic_armed;
static char panic_msg[256];

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(panic_msg, sizeof panic_msg, fmt, ap);
	va_end(ap);
	if (panic_armed) {
		panic_armed = false;
		longjmp(panic_jmp, 1);
	}
	fail_msg("unexpected panic: %s", panic_msg);
	abort();
}

#define EXPECT_PANIC(stmt, want) do {                                       \
		panic_msg[0] = 0;                                           \
		panic_armed = true;                                         \
		if (setjmp(panic_jmp) == 0) {                               \
			stmt;                                               \
			panic_armed = false;                                \
			fail_msg("no panic from %s", #stmt);                \
		}                                                           \
		if (!strstr(panic_msg, want))                               \
			fail_msg("panic \"%s\" lacks \"%s\"", panic_msg, want); \
	} while (0)

/* The panic message names the address. */
static void assert_msg_has_ptr(const void *p)
{
	char s[32];
	snprintf(s, sizeof s, "%p", p);
	if (!strstr(panic_msg, s))
		fail_msg("panic \"%s\" does not name %s", panic_msg, s);
}

/* ---- the hooks ---- */

#define MAX_PAGES   4096
#define MAX_LARGE   1024
#define QUARANTINE  16

static void *pages[MAX_PAGES];
static size_t npages_live;
static long page_budget = -1;           /* pages left before failing; -1: no limit */

struct large { void *p; size_t n; };
static struct large larges[MAX_LARGE];
static struct large quarantine[QUARANTINE];
static unsigned q_next;
static size_t large_pages_live;

static bool take_budget(size_t n)
{
	if (page_budget < 0)
		return true;
	if ((size_t)page_budget < n)
		return false;
	page_budget -= (long)n;
	return true;
}

void *kheap_page_alloc(void)
{
	if (!take_budget(1))
		return NULL;
	for (size_t i = 0; i < MAX_PAGES; i++) {
		if (!pages[i]) {
			pages[i] = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
			assert_non_null(pages[i]);
			memset(pages[i], 0xcc, PAGE_SIZE);    /* not zeroed, like a frame */
			npages_live++;
			return pages[i];
		}
	}
	fail_msg("test: too many slab pages");
	return NULL;
}

void kheap_page_free(void *page)
{
	for (size_t i = 0; i < MAX_PAGES; i++) {
		if (pages[i] == page) {
			free(page);
			pages[i] = NULL;
			npages_live--;
			return;
		}
	}
	fail_msg("kheap_page_free(%p): not a page it was given", page);
}

void *kheap_large_alloc(size_t n)
{
	assert_true(n >= 1);
	if (n > 4096 || !take_budget(n))
		return NULL;
	for (size_t i = 0; i < MAX_LARGE; i++) {
		if (!larges[i].p) {
			larges[i].p = aligned_alloc(PAGE_SIZE, n * PAGE_SIZE);
			assert_non_null(larges[i].p);
			memset(larges[i].p, 0xcc, n * PAGE_SIZE);
			larges[i].n = n;
			large_pages_live += n;
			return larges[i].p;
		}
	}
	fail_msg("test: too many large blocks");
	return NULL;
}

void kheap_large_free(void *p, size_t n)
{
	for (size_t i = 0; i < MAX_LARGE; i++) {
		if (larges[i].p == p) {
			if (larges[i].n != n)
				fail_msg("kheap_large_free(%p, %zu): it has %zu pages", p, n, larges[i].n);
			free(quarantine[q_next].p);
			quarantine[q_next] = larges[i];
			q_next = (q_next + 1) % QUARANTINE;
			larges[i].p = NULL;
			large_pages_live -= n;
			return;
		}
	}
	fail_msg("kheap_large_free(%p): not a block it was given", p);
}

/* Every test leaves the heap empty; the host memory behind it is freed
 * here (the cached slab pages stay with the heap, as in the kernel). */
static int teardown(void **state)
{
	(void)state;
	page_budget = -1;
	for (unsigned i = 0; i < QUARANTINE; i++) {
		free(quarantine[i].p);
		quarantine[i].p = NULL;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < MAX_PAGES; i++)
		free(pages[i]);
	for (size_t i = 0; i < MAX_LARGE; i++)
		free(larges[i].p);
	return 0;
}

static size_t heap_used(void)
{
	size_t used, held;
	kheap_stats(&used, &held);
	assert_int_equal(held, npages_live + large_pages_live);
	return used;
}

/* ---- tests ---- */

static void test_sizes(void **state)
{
	(void)state;
	assert_null(kmalloc(0));
	assert_null(kzalloc(0));
	kfree(NULL);
	assert_null(kmalloc(SIZE_MAX));
	assert_null(kmalloc(SIZE_MAX - 16));
	assert_null(kmalloc(SIZE_MAX - PAGE_SIZE));
	assert_int_equal(heap_used(), 0);

	/* Every size up to three pages: aligned, rounded up to a class no more
	 * than half again as big (small) or to whole pages with room for the
	 * header (large), writable to the last byte. */
	for (size_t n = 1; n <= 3 * PAGE_SIZE; n++) {
		size_t before = heap_used();
		uint8_t *p = kmalloc(n);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		size_t got = heap_used() - before;
		if (n <= KMALLOC_MAX_SMALL) {
			assert_true(got >= n && got % 16 == 0 && got <= n + n / 2 + 16);
			assert_true((uintptr_t)p % PAGE_SIZE >= 32);     /* after the slab header */
		} else {
			assert_int_equal(got, ALIGN_UP(n + 16, PAGE_SIZE));
			assert_int_equal((uintptr_t)p % PAGE_SIZE, 16);
		}
		memset(p, 0x5a, n);
		kfree(p);
		assert_int_equal(heap_used(), before);
	}
}

/* Random allocations and frees of all sizes against a model: contents
 * survive, blocks never overlap, and an empty heap keeps at most one slab
 * page per class. */
struct block { uint8_t *p; size_t n; uint8_t seed; };

static void fill(const struct block *b)
{
	for (size_t i = 0; i < b->n; i++)
		b->p[i] = (uint8_t)(b->seed + i * 7);
}

static void verify(const struct block *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->p[i] != (uint8_t)(b->seed + i * 7))
			fail_msg("block %p (%zu bytes) corrupted at %zu", (void *)b->p, b->n, i);
}

static size_t random_size(void)
{
	int r = rand() % 100;
	if (r < 50)
		return 1 + rand() % 128;
	if (r < 80)
		return 1 + rand() % 512;
	if (r < 96)
		return 1 + rand() % KMALLOC_MAX_SMALL;
	return KMALLOC_MAX_SMALL + 1 + rand() % (6 * PAGE_SIZE);
}

static void test_random(void **state)
{
	(void)state;
	enum { OPS = 60000, LIVE = 1500 };
	static struct block live[LIVE];
	size_t nlive = 0;
	srand(4242);
	for (int op = 0; op < OPS; op++) {
		/* Grow to LIVE, then drain, then grow again: slabs empty and refill. */
		bool grow = (op / 15000) % 2 == 0;
		if (nlive < LIVE && (nlive == 0 || rand() % 100 < (grow ? 65 : 35))) {
			struct block b = { NULL, random_size(), (uint8_t)rand() };
			b.p = kmalloc(b.n);
			assert_non_null(b.p);
			assert_int_equal((uintptr_t)b.p % 16, 0);
			for (size_t i = 0; i < nlive; i++)
				if (b.p < live[i].p + live[i].n && live[i].p < b.p + b.n)
					fail_msg("%p+%zu overlaps %p+%zu", (void *)b.p, b.n,
						 (void *)live[i].p, live[i].n);
			fill(&b);
			live[nlive++] = b;
		} else {
			size_t k = rand() % nlive;
			verify(&live[k]);
			kfree(live[k].p);
			live[k] = live[--nlive];
		}
	}
	size_t used, held;
	kheap_stats(&used, &held);
	assert_true(used > 0);
	while (nlive) {
		verify(&live[nlive - 1]);
		kfree(live[--nlive].p);
	}
	kheap_stats(&used, &held);
	assert_int_equal(used, 0);
	assert_int_equal(large_pages_live, 0);
	assert_true(held <= 17);         /* one cached page per class at most */
	assert_int_equal(held, npages_live);
}

/* Empty slab pages go back, except one per class. */
static void test_slab_release(void **state)
{
	(void)state;
	enum { N = 200 };
	void *p[N];
	size_t held0 = npages_live;
	for (int i = 0; i < N; i++)
		p[i] = kmalloc(64);             /* 63 per page: 4 pages */
	assert_true(npages_live >= 4 && npages_live <= held0 + 4);
	for (int i = 0; i < N; i++)
		kfree(p[i]);
	assert_true(npages_live <= held0 + 1 && npages_live >= 1);
	/* Ping-pong at a page boundary costs no page traffic. */
	size_t before = npages_live;
	for (int i = 0; i < 1000; i++)
		kfree(kmalloc(64));
	assert_int_equal(npages_live, before);
	assert_int_equal(heap_used(), 0);

	/* The biggest class holds one object per page: each free empties one. */
	void *a = kmalloc(2048), *b = kmalloc(2048), *c = kmalloc(2048);
	assert_true(((uintptr_t)a ^ (uintptr_t)b) >= PAGE_SIZE);
	kfree(a);
	kfree(b);
	kfree(c);
	assert_int_equal(heap_used(), 0);

	/* A full slab that gets an object back serves it again, at once. */
	void *x = kmalloc(2000), *y = kmalloc(2000);       /* two per page */
	assert_true(((uintptr_t)x ^ (uintptr_t)y) < PAGE_SIZE);
	before = npages_live;
	kfree(x);
	assert_ptr_equal(kmalloc(2000), x);
	assert_int_equal(npages_live, before);
	kfree(x);
	kfree(y);
	assert_int_equal(heap_used(), 0);
}

static void test_kzalloc(void **state)
{
	(void)state;
	for (size_t n = 1; n < 3 * PAGE_SIZE; n = n * 3 + 1) {
		uint8_t *p = kmalloc(n);
		memset(p, 0xff, n);
		kfree(p);
		p = kzalloc(n);                 /* likely the same memory again */
		assert_non_null(p);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(p[i], 0);
		kfree(p);
	}
	assert_int_equal(heap_used(), 0);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	void *keep[64];
	int n = 0;
	page_budget = 0;
	assert_null(kmalloc(5000));
	assert_null(kmalloc(KMALLOC_MAX_SMALL + 1));
	page_budget = 1;
	assert_null(kmalloc(5000));     /* needs two pages */
	void *big = kmalloc(100);       /* whatever class 100 falls in, maybe a new page */
	assert_non_null(big);
	page_budget = 0;
	while (n < 64 && (keep[n] = kmalloc(1000)) != NULL)
		n++;
	assert_true(n < 64);            /* the 1008 class ran out of its page(s) */
	page_budget = -1;
	keep[n] = kmalloc(1000);
	assert_non_null(keep[n]);
	for (int i = 0; i <= n; i++)
		kfree(keep[i]);
	kfree(big);
	assert_int_equal(heap_used(), 0);
}

static void test_double_free(void **state)
{
	(void)state;
	void *keep = kmalloc(100);      /* so the slab stays when a and b go */
	void *a = kmalloc(100), *b = kmalloc(100);
	kfree(a);
	EXPECT_PANIC(kfree(a), "double free");
	assert_msg_has_ptr(a);
	kfree(b);
	EXPECT_PANIC(kfree(b), "double free");
	kfree(keep);

	void *l = kmalloc(10000);
	kfree(l);
	EXPECT_PANIC(kfree(l), "double free");
	assert_msg_has_ptr(l);
	assert_int_equal(heap_used(), 0);
}

/* A live object that happens to hold its free marker is not a double free:
 * the marker is only a hint, the slab's free list decides. */
static void test_marker_in_live_data(void **state)
{
	(void)state;
	uint8_t *a = kmalloc(32), *b = kmalloc(32);
	assert_true(((uintptr_t)a & ~(uintptr_t)(PAGE_SIZE - 1)) ==
		    ((uintptr_t)b & ~(uintptr_t)(PAGE_SIZE - 1)));
	kfree(a);
	uintptr_t mark_a;
	memcpy(&mark_a, a + sizeof(void *), sizeof mark_a);   /* the slab page is live memory */
	uintptr_t mark_b = mark_a ^ (uintptr_t)a ^ (uintptr_t)b;
	memcpy(b + sizeof(void *), &mark_b, sizeof mark_b);
	kfree(b);                                            /* must not panic */
	assert_int_equal(heap_used(), 0);
}

static void test_bad_pointers(void **state)
{
	(void)state;
	uint8_t *p = kmalloc(64);
	EXPECT_PANIC(kfree(p + 1), "not an address");
	assert_msg_has_ptr(p + 1);
	EXPECT_PANIC(kfree(p + 16), "not an object");      /* aligned, inside an object */
	uintptr_t page = (uintptr_t)p & ~(uintptr_t)(PAGE_SIZE - 1);
	EXPECT_PANIC(kfree((void *)(page + 16)), "not an object");    /* the header */
	EXPECT_PANIC(kfree((void *)(page + PAGE_SIZE - 16)), "not an object");
	EXPECT_PANIC(kfree((void *)(page + 32 + 63 * 64)), "not an object"); /* past the 63rd */

	/* Inside a large block: past the first page there is no header. */
	uint8_t *l = kmalloc(3 * PAGE_SIZE);
	memset(l, 0, 3 * PAGE_SIZE);
	EXPECT_PANIC(kfree(l + PAGE_SIZE), "not an address");
	EXPECT_PANIC(kfree(l + 32), "not a block");

	/* A page the heap never saw. */
	static uint8_t foreign[2 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
	EXPECT_PANIC(kfree(foreign + 64), "not an address");
	/* Even one whose first word is a slab magic without the page address. */
	memcpy(foreign, (void *)page, 64);
	EXPECT_PANIC(kfree(foreign + 64), "not an address");
	kfree(l);
	kfree(p);
	assert_int_equal(heap_used(), 0);
}

/* Writing to a freed object breaks its marker: the next kmalloc of that
 * object notices. */
static void test_use_after_free(void **state)
{
	(void)state;
	uint8_t *a = kmalloc(200);
	kfree(a);
	memset(a, 0x41, 200);
	EXPECT_PANIC(kmalloc(200), "use after free");
	assert_msg_has_ptr(a);

	/* Only the link overwritten, with a pointer out of the page. */
	uint8_t *b = kmalloc(500), *c = kmalloc(500);
	kfree(c);
	kfree(b);
	void *wild = b + 2 * PAGE_SIZE;
	memcpy(b, &wild, sizeof wild);
	EXPECT_PANIC(kmalloc(500), "use after free");
	assert_msg_has_ptr(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_sizes, teardown),
		cmocka_unit_test_teardown(test_random, teardown),
		cmocka_unit_test_teardown(test_slab_release, teardown),
		cmocka_unit_test_teardown(test_kzalloc, teardown),
		cmocka_unit_test_teardown(test_out_of_memory, teardown),
		cmocka_unit_test_teardown(test_double_free, teardown),
		cmocka_unit_test_teardown(test_marker_in_live_data, teardown),
		cmocka_unit_test_teardown(test_bad_pointers, teardown),
		cmocka_unit_test_teardown(test_use_after_free, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, group_teardown);
}
