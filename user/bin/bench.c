/*
 * bench - the kernel's costs in cycles (rdtsc), for `make bench`, which
 * boots with -icount shift=0 so every figure repeats exactly.  Each figure
 * is the median of several rounds, per operation.
 */
#include <fcntl.h>
#include <malloc.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096u
#define ROUNDS 7

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static int cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, int n)
{
	qsort(v, n, sizeof(*v), cmp64);
	return v[n / 2];
}

static void report(const char *what, uint64_t cycles)
{
	printf("bench: %-40s %10llu cycles\n", what, (unsigned long long)cycles);
}

static void b_getpid(void)
{
	uint64_t v[ROUNDS];
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t = rdtsc();
		for (int i = 0; i < 1000; i++)
			getpid();
		v[r] = (rdtsc() - t) / 1000;
	}
	report("getpid round trip", median(v, ROUNDS));
}

static void b_spawn(void)
{
	uint64_t v[ROUNDS];
	char *argv[] = { "/bin/true", NULL };
	for (int r = 0; r < ROUNDS; r++) {
		pid_t pid;
		int st;
		uint64_t t = rdtsc();
		posix_spawn(&pid, argv[0], NULL, NULL, argv, NULL);
		waitpid(pid, &st, 0);
		v[r] = rdtsc() - t;
	}
	report("spawn + reap /bin/true", median(v, ROUNDS));
}

/* First touch of fresh anonymous pages: one page fault each. */
static void b_fault(void)
{
	enum { N = 256 };
	uint64_t v[ROUNDS];
	for (int r = 0; r < ROUNDS; r++) {
		char *m = mmap(NULL, N * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		uint64_t t = rdtsc();
		for (int i = 0; i < N; i++)
			m[i * PG] = 1;
		v[r] = (rdtsc() - t) / N;
		munmap(m, N * PG);
	}
	report("first-touch page fault", median(v, ROUNDS));
}

static void b_sbrk(void)
{
	enum { N = 128 };
	uint64_t v[ROUNDS];
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t = rdtsc();
		for (int i = 0; i < N; i++) {
			char *p = sbrk(PG);
			p[0] = 1;
		}
		v[r] = (rdtsc() - t) / N;
		sbrk(-(intptr_t)(N * PG));
	}
	report("sbrk(4096) + touch", median(v, ROUNDS));
}

static void b_mmap(void)
{
	enum { N = 128 };
	uint64_t v[ROUNDS];
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t = rdtsc();
		for (int i = 0; i < N; i++) {
			char *m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			m[0] = 1;
			munmap(m, PG);
		}
		v[r] = (rdtsc() - t) / N;
	}
	report("4 KiB mmap + touch + munmap", median(v, ROUNDS));
}

static void b_mprotect(void)
{
	enum { N = 128 };
	uint64_t v[ROUNDS];
	char *m = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(m, 1, 4 * PG);
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t = rdtsc();
		for (int i = 0; i < N; i++)
			mprotect(m + PG, PG, (i & 1) ? PROT_READ | PROT_WRITE : PROT_READ);
		v[r] = (rdtsc() - t) / N;
	}
	munmap(m, 4 * PG);
	report("mprotect (split/merge one page)", median(v, ROUNDS));
}

/* The page-fault cost with many VMAs: alternate protections so that
 * nothing merges, then fault pages spread across the whole set. */
static void b_fault_vmas(int nvmas)
{
	enum { N = 256 };
	char *m = mmap(NULL, (size_t)nvmas * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < nvmas; i += 2)
		mprotect(m + (size_t)i * PG, PG, PROT_READ | PROT_WRITE);
	uint64_t v[ROUNDS];
	unsigned step = nvmas / N ? (unsigned)(nvmas / N) & ~1u : 2;
	if (!step)
		step = 2;
	for (int r = 0; r < ROUNDS; r++) {
		madvise(m, (size_t)nvmas * PG, MADV_DONTNEED);
		int n = 0;
		uint64_t t = rdtsc();
		for (unsigned i = 0; i < (unsigned)nvmas && n < N; i += step, n++)
			m[(size_t)i * PG] = 1;
		v[r] = (rdtsc() - t) / (n ? n : 1);
	}
	munmap(m, (size_t)nvmas * PG);
	char what[64];
	snprintf(what, sizeof(what), "page fault with %d VMAs", nvmas);
	report(what, median(v, ROUNDS));
}

/* libc's allocator: a malloc/free pair of 64 bytes, the block going to
 * the front cache and back (the fast paths, in a small heap and when the
 * program holds more than twice what the cache can), without the cache,
 * and counted (a big heap holding little: free takes free_heap). */
static void b_malloc_pair(const char *what)
{
	uint64_t v[ROUNDS];
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t = rdtsc();
		for (int i = 0; i < 1000; i++) {
			void *p = malloc(64);
			__asm__ volatile("" : : "r"(p) : "memory");
			free(p);
		}
		v[r] = (rdtsc() - t) / 1000;
	}
	report(what, median(v, ROUNDS));
}

static void b_malloc(void)
{
	void *hold = malloc(64 << 10);
	b_malloc_pair("malloc+free 64 B, small heap");
	enum { N = 2000 };
	static void *big[N];
	for (int i = 0; i < N; i++)
		big[i] = malloc(2000);          /* 4 MB held: the fast path opens */
	b_malloc_pair("malloc+free 64 B, 4 MB held");
	mallopt(M_CACHE_COUNT, 0);
	b_malloc_pair("malloc+free 64 B, 4 MB held, no cache");
	mallopt(M_CACHE_COUNT, 64);
	for (int i = 0; i < N - 1; i++)
		free(big[i]);                   /* the last keeps the heap big */
	b_malloc_pair("malloc+free 64 B, 4 MB heap, counting");
	free(big[N - 1]);
	free(hold);
}

int main(void)
{
	b_getpid();
	b_spawn();
	b_fault();
	b_sbrk();
	b_mmap();
	b_mprotect();
	b_fault_vmas(10);
	b_fault_vmas(1000);
	b_fault_vmas(10000);
	b_malloc();
	return 0;
}
