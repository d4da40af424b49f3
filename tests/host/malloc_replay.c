/*
 * malloc_replay.c - `make test` replays the fuzzer's committed corpus
 * (tests/fuzz/malloc_corpus/) through the fuzz target, built with plain cc
 * under ASan+UBSan.  One TAP line per input, as the test runner counts
 * them; a failing input traps, which fails the run.
 */
#include <dirent.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef MALLOC_CORPUS
#define MALLOC_CORPUS "tests/fuzz/malloc_corpus"
#endif

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	/* The host libc's own allocator must stay off the break: glibc's
	 * caches it and, trimming, would lower it under our heap (the very
	 * hazard Brink's allocator avoids).  Under ASan it never uses brk. */
	mallopt(M_MMAP_THRESHOLD, 0);
	const char *dir = argc > 1 ? argv[1] : MALLOC_CORPUS;
	int rounds = argc > 2 ? atoi(argv[2]) : 1;
	DIR *d = opendir(dir);
	if (!d) {
		printf("1..1\nnot ok 1 - corpus %s: cannot open\n", dir);
		return 1;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	printf("1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		FILE *f = fopen(path, "rb");
		uint8_t *buf = malloc(1 << 16);
		size_t len = f ? fread(buf, 1, 1 << 16, f) : 0;
		if (!f) {
			printf("not ok %zu - %s: cannot read\n", i + 1, names[i]);
			free(buf);
			continue;
		}
		fclose(f);
		for (int r = 0; r < rounds; r++)
			LLVMFuzzerTestOneInput(buf, len);
		printf("ok %zu - malloc corpus %s\n", i + 1, names[i]);
		fflush(stdout);
		free(buf);
		free(names[i]);
	}
	free(names);
	return 0;
}
