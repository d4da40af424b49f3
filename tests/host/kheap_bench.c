/*
 * kheap_bench.c - ns per kmalloc / kfree on the host (-O2, no sanitizers):
 * `make bench`.  Slab pages come from a pool of pages touched in advance,
 * as the kernel's direct-mapped frames are, so host page faults and the
 * host malloc stay out of the figures; large blocks use aligned_alloc, so
 * that figure is mostly the host's and shown for scale only.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <kernel.h>
#include "../../kernel/mm/kheap.h"

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

#define POOL 16384
static void *pool[POOL];
static int npool;

static void pool_fill(void)
{
	char *mem = aligned_alloc(PAGE_SIZE, (size_t)POOL * PAGE_SIZE);
	if (!mem)
		exit(1);
	for (int i = POOL; i-- > 0;) {
		mem[(size_t)i * PAGE_SIZE] = 0;
		pool[npool++] = mem + (size_t)i * PAGE_SIZE;
	}
}

void *kheap_page_alloc(void) { return npool ? pool[--npool] : NULL; }
void kheap_page_free(void *p) { pool[npool++] = p; }
void *kheap_large_alloc(size_t n) { return aligned_alloc(PAGE_SIZE, n * PAGE_SIZE); }
void kheap_large_free(void *p, size_t n) { (void)n; free(p); }

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static uint32_t rnd(void)
{
	static uint32_t x = 2463534242u;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

int main(void)
{
	enum { PAIRS = 10000000, BATCH = 20000, ROUNDS = 20 };
	static void *p[BATCH];
	static size_t sz[BATCH];

	pool_fill();
	double t = now();
	for (int i = 0; i < PAIRS; i++)
		kfree(kmalloc(64));
	printf("kmalloc(64) + kfree, hot pair:          %6.1f ns\n", (now() - t) / PAIRS);

	for (int i = 0; i < BATCH; i++)
		sz[i] = 1 + rnd() % KMALLOC_MAX_SMALL;
	double ta = 0, tf = 0;
	for (int r = 0; r < ROUNDS; r++) {
		t = now();
		for (int i = 0; i < BATCH; i++)
			if (!(p[i] = kmalloc(sz[i])))
				panic("bench: out of pool pages");
		ta += now() - t;
		for (int i = BATCH; i > 1; i--) {        /* free in random order */
			int j = rnd() % i;
			void *x = p[i - 1];
			p[i - 1] = p[j];
			p[j] = x;
		}
		t = now();
		for (int i = 0; i < BATCH; i++)
			kfree(p[i]);
		tf += now() - t;
	}
	printf("%d random sizes 1..2048, freed shuffled: kmalloc %5.1f ns, kfree %5.1f ns\n",
	       BATCH, ta / BATCH / ROUNDS, tf / BATCH / ROUNDS);

	t = now();
	for (int i = 0; i < PAIRS / 10; i++)
		kfree(kmalloc(3 * PAGE_SIZE));
	printf("kmalloc(12 KiB) + kfree (host pages):   %6.1f ns\n", (now() - t) / (PAIRS / 10));
	return 0;
}
