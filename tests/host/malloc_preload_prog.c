/*
 * malloc_preload_prog.c - run by malloc_preload under LD_PRELOAD with
 * build/host/libbrinkmalloc.so: it uses the whole family through the
 * standard names, with glibc's own code allocating and freeing too
 * (strdup, stdio's buffers, getline, open_memstream), and prints what
 * it computed, which the test compares with a run under glibc's malloc.
 * malloc_stats() goes to stderr: Brink's prints a "fit policy" line,
 * glibc's does not, so the test knows which allocator served the run.
 *
 * Built without sanitizers (ASan must be the first library loaded, and
 * replaces malloc itself).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <malloc.h>

static uint64_t sum;

static void mix(const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		sum = sum * 1099511628211ull ^ b[i];
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	enum { N = 4000 };
	if (argc > 1 && !strcmp(argv[1], "double-free")) {
		char *volatile p = malloc(40);
		free(p);
		free(p);                /* must abort, with Brink's message */
		return 0;
	}
	char **s = calloc(N, sizeof(*s));
	if (!s)
		return 1;
	uint64_t r = 88172645463325252ull;
	for (int i = 0; i < N; i++) {
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		char buf[64];
		snprintf(buf, sizeof(buf), "%llx-%d", (unsigned long long)(r % 100000), i);
		s[i] = strdup(buf);                     /* glibc's code, our malloc */
		if (!s[i])
			return 1;
	}
	qsort(s, N, sizeof(*s), cmp);
	for (int i = 0; i < N; i += 7) {
		size_t n = strlen(s[i]);
		char *q = realloc(s[i], n + 1 + (size_t)i * 3);   /* grow in place or move */
		if (!q)
			return 1;
		memset(q + n + 1, 'x', (size_t)i * 3);
		s[i] = q;
		q = realloc(s[i], n + 1);                         /* shrink */
		if (!q || strlen(q) != n)
			return 1;
		s[i] = q;
	}
	for (int i = 0; i < N; i++)
		mix(s[i], strlen(s[i]));

	/* big blocks (mmap at first), aligned blocks, calloc's zeros */
	for (size_t n = 1000; n < (8u << 20); n *= 3) {
		unsigned char *b = malloc(n);
		void *a = aligned_alloc(4096, 4096 * 3);
		void *m = NULL;
		unsigned char *z = calloc(n, 1);
		if (!b || !a || !z || posix_memalign(&m, 64, n) || ((uintptr_t)a & 4095) ||
		    ((uintptr_t)m & 63) || malloc_usable_size(b) < n)
			return 1;
		for (size_t i = 0; i < n; i++)
			if (z[i])
				return 1;
		memset(b, (int)n, n);
		mix(b, n < 64 ? n : 64);
		free(b);
		free(a);
		free(m);
		free(z);
	}

	/* stdio's own buffers: open_memstream and getline reallocate */
	char *ms = NULL;
	size_t msz = 0;
	FILE *f = open_memstream(&ms, &msz);
	if (!f)
		return 1;
	for (int i = 0; i < N; i++)
		fprintf(f, "%s\n", s[i]);
	fclose(f);
	FILE *in = fmemopen(ms, msz, "r");
	char *line = NULL;
	size_t cap = 0;
	long lines = 0;
	while (getline(&line, &cap, in) > 0)
		lines++;
	fclose(in);
	free(line);
	free(ms);

	for (int i = 0; i < N; i++)
		free(s[i]);
	free(s);
	printf("lines=%ld sum=%016llx\n", lines, (unsigned long long)sum);
	fflush(stdout);
	malloc_stats();
	return lines == N ? 0 : 1;
}
