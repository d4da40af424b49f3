/*
 * mathsdemo [--wait SECONDS] - seeds/000 made real.  The program uses its
 * own malloc (B), loads the maths library above the break (C), lets the
 * library allocate its results with its own malloc (D), then allocates
 * again itself, getting a piece of heap above the library's (E).  It
 * prints the results, then the address space as it saw it being built.
 *
 * With --wait it then sleeps, so that `vmas PID` and `map PID` in the shell
 * can show the same picture from the kernel's side while it runs in the
 * background.  Ends with "mathsdemo: PASS" when every result is right, the
 * layout is the seed's and the library's heap check is clean.
 */
#include <errno.h>
#include <library.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../lib/maths/maths.h"

extern char __image_start[], etext[], edata[], end[];

static int fails;

#define CHECK(cond, ...) do { if (!(cond)) { fails++; \
	printf("FAIL %d: %s: ", __LINE__, #cond); printf(__VA_ARGS__); printf("\n"); } } while (0)

static const char fact50[] = "30414093201713378043612608166064768844377641568960512000000000000";
static const char fib100[] = "354224848179261915075";
static const char pow2_200[] =
	"1606938044258990275541962092341162602522202993782792835301376";

static struct maths_api m;

/* A result as a decimal string, given back to the library afterwards. */
static void show(const char *what, const struct maths_bignum *n, const char *want)
{
	const char *s = n ? m.bn_decimal(n) : NULL;
	CHECK(s != NULL, "%s: no result", what);
	if (!s)
		return;
	printf("maths: %s = %s\n", what, s);
	CHECK(!strcmp(s, want), "%s: want %s", what, want);
	m.free(s);
}

static void results(void)
{
	const struct maths_bignum *f = m.factorial(50);
	show("50!", f, fact50);
	show("F(100)", m.fibonacci(100), fib100);
	show("2^200", m.power(2, 200), pow2_200);

	/* 50! / 49! the long way round: 50 * 49! == 50! */
	const struct maths_bignum *f49 = m.factorial(49), *fifty = m.bn_from_u32(50);
	const struct maths_bignum *prod = f49 && fifty ? m.bn_mul(fifty, f49) : NULL;
	CHECK(prod && f && m.bn_cmp(prod, f) == 0, "50 * 49! != 50!");

	const struct maths_vector *pr = m.primes(100);
	CHECK(pr && pr->len == 25 && m.vector_sum(pr) == 1060, "primes below 100");
	if (pr) {
		printf("maths: %u primes below 100:", (unsigned)pr->len);
		for (uint32_t i = 0; i < pr->len; i++)
			printf(" %u", (unsigned)pr->v[i]);
		printf("\n");
	}

	/* [[1 1] [1 0]]^90 holds F(90) off the diagonal. */
	static const uint64_t q[4] = { 1, 1, 1, 0 };
	const struct maths_matrix *qm = m.matrix_new(2, 2, q);
	const struct maths_matrix *q90 = qm ? m.matrix_pow(qm, 90) : NULL;
	const struct maths_bignum *f90 = m.fibonacci(90);
	CHECK(q90 && f90 && f90->len == 2, "matrix power / F(90)");
	if (q90 && f90 && f90->len == 2) {
		uint64_t want = ((uint64_t)f90->limb[1] << 32) | f90->limb[0];
		printf("maths: [[1 1] [1 0]]^90 = [[%llu %llu] [%llu %llu]]\n",
		       (unsigned long long)q90->m[0], (unsigned long long)q90->m[1],
		       (unsigned long long)q90->m[2], (unsigned long long)q90->m[3]);
		CHECK(q90->m[1] == want, "F(90) by matrix %llu, by addition %llu",
		      (unsigned long long)q90->m[1], (unsigned long long)want);
	}
	/* Keep some results alive: the library's heap stays in use. */
	m.free(f49);
	m.free(fifty);
	m.free(prod);
	m.free(qm);
}

int main(int argc, char **argv)
{
	unsigned wait = 0;
	if (argc == 3 && !strcmp(argv[1], "--wait"))
		wait = (unsigned)atoi(argv[2]);
	else if (argc != 1) {
		fprintf(stderr, "usage: mathsdemo [--wait SECONDS]\n");
		return 2;
	}
	/* Blocks of 64 KiB stay on the heap rather than getting their own mmap. */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);

	/* A: the program alone. */
	char *brk_a = sbrk(0);
	/* B: the program's allocator takes its first piece of heap. */
	char *p1 = malloc(1024);
	char *brk_b = sbrk(0);
	/* C: the library goes above the break. */
	void *lib = openLibrary("maths");
	char *brk_c = sbrk(0);
	if (!lib) {
		printf("mathsdemo: openLibrary(\"maths\"): errno %d\nmathsdemo: FAIL\n", errno);
		return 1;
	}
	const char *missing = NULL;
	if (maths_bind(lib, &m, &missing)) {
		printf("mathsdemo: librarySymbol(\"%s\") failed\nmathsdemo: FAIL\n", missing);
		return 1;
	}
	/* D: the library allocates its results with its own malloc. */
	results();
	char *lib_heap = m.sbrk0();
	/* E: the program needs more: its next piece lands above the library's. */
	char *p2 = NULL;
	for (int i = 0; i < 256 && (!p2 || p2 < brk_c); i++)
		p2 = malloc(64 << 10);
	char *brk_e = sbrk(0);

	long live = m.heap_check();
	CHECK(live > 0, "maths heap check: %s", m.error());
	printf("maths: %ld live results, %lu bytes; %u calls into the library\n", live,
	       (unsigned long)m.live_bytes(), (unsigned)*m.calls);

	printf("\nmathsdemo: the address space as this program built it, high addresses on top:\n");
	printf("  %p  break (E)\n", (void *)brk_e);
	printf("  %p  [heap] /bin/mathsdemo    its second piece (E)\n", (void *)p2);
	printf("  %p  [heap] /lib/maths.lib    break after the library's results (D)\n",
	       (void *)lib_heap);
	printf("  %p  /lib/maths.lib ends      break after openLibrary (C)\n", (void *)brk_c);
	printf("  %p  /lib/maths.lib           handle, the page-aligned break (C)\n", lib);
	printf("  %p  [heap] /bin/mathsdemo    break after the first malloc (B)\n", (void *)brk_b);
	printf("  %p  [heap] /bin/mathsdemo    first block (B)\n", (void *)p1);
	printf("  %p  heap start               break at the start (A)\n", (void *)brk_a);
	printf("  %p  /bin/mathsdemo bss end\n", (void *)end);
	printf("  %p  /bin/mathsdemo data\n", (void *)edata);
	printf("  %p  /bin/mathsdemo text      (ends %p)\n", (void *)__image_start, (void *)etext);

	char *lib_c = lib;
	CHECK(p1 && p1 >= brk_a && p1 < brk_b, "first block %p not in [%p, %p)", p1, brk_a, brk_b);
	CHECK(((uintptr_t)lib_c & 4095) == 0 && lib_c >= brk_b && lib_c < brk_b + 4096,
	      "handle %p is not the page-aligned break %p", lib_c, brk_b);
	CHECK(brk_c > lib_c, "the break did not move past the library");
	CHECK(lib_heap > brk_c, "the library's heap %p is not above its image (ends %p)",
	      lib_heap, brk_c);
	CHECK(p2 && p2 >= lib_heap, "second program block %p is not above the library's heap %p",
	      p2, lib_heap);
	bool figure_d = fails == 0;
	printf("mathsdemo: %s\n", figure_d ? "program heap, library image, library heap, program heap: "
	       "the seed's figure D" : "not the seed's figure D");
	printf("mathsdemo: %s\n", fails ? "FAIL" : "PASS");
	if (wait) {
		printf("mathsdemo: pid %d waiting %u s (try: vmas %d, map %d)\n",
		       getpid(), wait, getpid(), getpid());
		fflush(stdout);
		sleep(wait);
	}
	return fails != 0;
}
