/*
 * mallocmisuse - one allocator misuse per run, chosen by argv[1]; the
 * allocator must catch it: the process prints
 *
 *     malloc: free(): double free of 0x0804c010
 *
 * (the call, the problem, the address) and is killed by abort(), status
 * 134.  If the misuse goes unnoticed the program prints a FAIL line and
 * exits 1.  With no argument it lists the cases.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char not_from_malloc[64] __attribute__((aligned(16)));

static void double_free(void)
{
	char *p = malloc(40), *g = malloc(40);
	free(p);
	free(p);
	free(g);
}

static void double_free_big(void)
{
	char *p = malloc(1 << 20);      /* a mapping of its own */
	free(p);
	free(p);
}

static void invalid_pointer(void)
{
	free(not_from_malloc + 16);
}

static void interior_pointer(void)
{
	char *p = malloc(100);
	free(p + 32);
}

/* One byte past the end of a block: the next block's head. */
static void overrun_next(void)
{
	char *a = malloc(40), *b = malloc(40), *g = malloc(40);
	a[malloc_usable_size(a)] ^= 0x10;
	free(b);
	free(g);
}

/* A block too big for the front cache: its own free checks the next head
 * ("corrupted header after"). */
static void overrun_self(void)
{
	char *a = malloc(2000), *b = malloc(40);
	memset(a, 'A', malloc_usable_size(a) + 1);
	free(a);
	free(b);
}

static void realloc_freed(void)
{
	char *p = malloc(100), *g = malloc(10);
	free(p);
	p = realloc(p, 200);
	free(g);
}

/* The block, too big for the front cache, goes to a bin, whose links
 * the write breaks.  A small one would stay in the front cache, whose
 * stacks are not in the blocks: the write would harm nothing, and there
 * would be nothing to catch. */
static void write_after_free(void)
{
	char *p = malloc(2000), *g = malloc(10);
	free(p);
	memcpy(p, &g, sizeof(g));      /* a plausible pointer into the list */
	p = malloc(2000);
	free(g);
}

/* Small blocks with 5 MB held: free's fast path is open (docs/malloc.md,
 * "The front cache"; it is in a small heap too), which caches without
 * reading the next chunk. */
static void hold_5mb(void)
{
	for (int i = 0; i < 2500; i++)
		if (!malloc(2000))
			exit(1);
}

static void double_free_fast(void)
{
	hold_5mb();
	double_free();
}

static void overrun_fast(void)
{
	hold_5mb();
	char *a = malloc(40), *b = malloc(40), *g = malloc(40);
	memset(a, 'A', malloc_usable_size(a) + 1);
	free(a);                        /* cached: the overrun is not seen yet */
	free(b);                        /* its head is: "corrupted header of" */
	free(g);
}

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "double-free", double_free },
	{ "double-free-big", double_free_big },
	{ "invalid-pointer", invalid_pointer },
	{ "interior-pointer", interior_pointer },
	{ "overrun-next", overrun_next },
	{ "overrun-self", overrun_self },
	{ "realloc-freed", realloc_freed },
	{ "write-after-free", write_after_free },
	{ "double-free-fast", double_free_fast },
	{ "overrun-fast", overrun_fast },
};

int main(int argc, char **argv)
{
	size_t n = sizeof(cases) / sizeof(cases[0]);
	if (argc < 2) {
		printf("usage: mallocmisuse CASE (the allocator must abort)\ncases:");
		for (size_t i = 0; i < n; i++)
			printf(" %s", cases[i].name);
		printf("\n");
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		if (strcmp(argv[1], cases[i].name))
			continue;
		printf("mallocmisuse: %s: expecting the allocator to abort\n", cases[i].name);
		fflush(stdout);
		cases[i].fn();
		printf("FAIL mallocmisuse %s: not caught\n", cases[i].name);
		return 1;
	}
	printf("mallocmisuse: unknown case %s\n", argv[1]);
	return 2;
}
