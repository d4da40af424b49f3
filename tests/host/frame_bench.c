/*
 * frame_bench.c - ns per frame_alloc / frame_put on the host (-O2, no
 * sanitizers), over QEMU's 3 GiB map with a 768 MiB lowmem: `make bench`.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include <kernel.h>
#include "../../kernel/mm/frame.h"

#define MiB (1024u * 1024u)
#define LOWMEM (768 * MiB)

static uint8_t *arena;

void *phys_to_virt(paddr_t pa)
{
	return arena + pa;
}

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

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

static void shuffle(paddr_t *a, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = rnd() % i;
		paddr_t t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

int main(void)
{
	static const struct phys_region map[] = {
		{ 0x0, 0x9fc00, 1 }, { 0x9fc00, 0x400, 2 }, { 0xf0000, 0x10000, 2 },
		{ 0x100000, 0xbfee0000, 1 }, { 0xbffe0000, 0x20000, 2 },
		{ 0xfeffc000, 0x4000, 2 }, { 0xfffc0000, 0x40000, 2 },
	};
	static const struct phys_range res[] = { { 0x100000, 0x200000 } };
	arena = mmap(NULL, LOWMEM, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (arena == MAP_FAILED)
		return 1;

	double t = now();
	if (frame_init(map, sizeof map / sizeof map[0], res, 1, LOWMEM))
		return 1;
	printf("frame_init, 3 GiB map:                 %8.0f us\n", (now() - t) / 1e3);

	struct frame_stats st;
	frame_stats(&st);
	paddr_t *all = malloc(sizeof(paddr_t) * st.total);
	enum { PAIRS = 10000000 };

	t = now();
	for (int i = 0; i < PAIRS; i++)
		frame_put(frame_alloc(FRAME_USER));
	printf("frame_alloc + frame_put, hot pair:      %8.1f ns\n", (now() - t) / PAIRS);

	paddr_t pa = frame_alloc(FRAME_USER);
	t = now();
	for (int i = 0; i < PAIRS; i++) {
		frame_get(pa);
		frame_put(pa);
	}
	printf("frame_get + frame_put pair:             %8.1f ns\n", (now() - t) / PAIRS);
	frame_put(pa);

	for (int round = 0; round < 2; round++) {
		uint32_t n = 0;
		t = now();
		while ((pa = frame_alloc(FRAME_USER)) != 0)
			all[n++] = pa;
		double ta = (now() - t) / n;
		if (round == 0)
			shuffle(all, n);
		t = now();
		for (uint32_t i = 0; i < n; i++)
			frame_put(all[i]);
		double tp = (now() - t) / n;
		printf("exhaust %u frames, %s free lists: frame_alloc %5.1f ns, frame_put %5.1f ns\n",
		       n, round ? "shuffled" : "ordered ", ta, tp);
	}
	free(all);
	munmap(arena, LOWMEM);
	return 0;
}
