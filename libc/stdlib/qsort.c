#include <stdlib.h>
#include <string.h>

/*
 * Introsort: quicksort (pivot: median of three, or of nine on large
 * ranges) with a Hoare partition (it stops on keys equal to the pivot, so
 * runs of duplicates split evenly), insertion sort for short ranges, and
 * heapsort once the recursion is deeper than 2*log2(n), so no input is
 * quadratic.  Recursion goes into the smaller
 * side only: the stack stays O(log n).
 *
 * Every index is bounds-checked on its own, so an inconsistent comparator
 * gives a wrongly ordered array, never an access outside it.
 */

typedef int (*cmp_fn)(const void *, const void *);

#define INSERTION_MAX 12

static void swap(char *a, char *b, size_t size)
{
	char tmp[64];

	if (a == b)
		return;
	while (size > 0) {
		size_t n = size < sizeof(tmp) ? size : sizeof(tmp);
		memcpy(tmp, a, n);
		memcpy(a, b, n);
		memcpy(b, tmp, n);
		a += n;
		b += n;
		size -= n;
	}
}

#define AT(i) (base + (i) * size)

static void insertion_sort(char *base, size_t n, size_t size, cmp_fn cmp)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && cmp(AT(j - 1), AT(j)) > 0; j--)
			swap(AT(j - 1), AT(j), size);
}

static void sift_down(char *base, size_t root, size_t n, size_t size, cmp_fn cmp)
{
	for (;;) {
		size_t child = 2 * root + 1, big = root;

		if (child < n && cmp(AT(child), AT(big)) > 0)
			big = child;
		if (child + 1 < n && cmp(AT(child + 1), AT(big)) > 0)
			big = child + 1;
		if (big == root)
			return;
		swap(AT(root), AT(big), size);
		root = big;
	}
}

static void heap_sort(char *base, size_t n, size_t size, cmp_fn cmp)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(base, i, n, size, cmp);
	for (size_t end = n - 1; end > 0; end--) {
		swap(AT(0), AT(end), size);
		sift_down(base, 0, end, size, cmp);
	}
}

/* index of the median of elements a, b, c */
static size_t median3(char *base, size_t a, size_t b, size_t c, size_t size, cmp_fn cmp)
{
	if (cmp(AT(a), AT(b)) < 0) {
		if (cmp(AT(b), AT(c)) < 0)
			return b;
		return cmp(AT(a), AT(c)) < 0 ? c : a;
	}
	if (cmp(AT(a), AT(c)) < 0)
		return a;
	return cmp(AT(b), AT(c)) < 0 ? c : b;
}

/* Partitions around a pivot moved to index 0; returns its final index. */
static size_t partition(char *base, size_t n, size_t size, cmp_fn cmp)
{
	size_t i = 0, j = n;

	size_t m = n / 2;

	/* Tukey's ninther on large ranges: median-of-three alone is fooled
	 * by organ-pipe and reversed inputs into the heapsort fallback */
	if (n > 40) {
		size_t e = n / 8;
		m = median3(base, median3(base, 0, e, 2 * e, size, cmp),
			    median3(base, m - e, m, m + e, size, cmp),
			    median3(base, n - 1 - 2 * e, n - 1 - e, n - 1, size, cmp),
			    size, cmp);
	} else {
		m = median3(base, 0, m, n - 1, size, cmp);
	}
	swap(AT(0), AT(m), size);
	for (;;) {
		do
			i++;
		while (i < n && cmp(AT(i), AT(0)) < 0);
		do
			j--;
		while (j > 0 && cmp(AT(j), AT(0)) > 0);
		if (i >= j)
			break;
		swap(AT(i), AT(j), size);
	}
	swap(AT(0), AT(j), size);
	return j;
}

static void introsort(char *base, size_t n, size_t size, cmp_fn cmp, int depth)
{
	while (n > INSERTION_MAX) {
		size_t p, left, right;

		if (depth-- == 0) {
			heap_sort(base, n, size, cmp);
			return;
		}
		p = partition(base, n, size, cmp);
		left = p;
		right = n - p - 1;
		if (left < right) {
			introsort(base, left, size, cmp, depth);
			base = AT(p + 1);
			n = right;
		} else {
			introsort(AT(p + 1), right, size, cmp, depth);
			n = left;
		}
	}
	insertion_sort(base, n, size, cmp);
}

void qsort(void *base, size_t nmemb, size_t size, cmp_fn cmp)
{
	int depth = 0;

	if (nmemb < 2 || size == 0)
		return;
	for (size_t n = nmemb; n > 1; n >>= 1)
		depth += 2;
	introsort(base, nmemb, size, cmp, depth);
}
