/*
 * vma_scale.c - lookups and gap searches stay logarithmic: sets of 10,
 * 1,000 and 10,000 VMAs, counting the tree nodes each operation visits
 * (not time, which would depend on the machine).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vma_harness.h"
#include "../../kernel/mm/vma.h"

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static unsigned log2_ceil(unsigned long n)
{
	unsigned b = 0;

	while ((1ul << b) < n)
		b++;
	return b;
}

/* n one-page VMAs at pages 2, 4, 6, ... (one-page holes between), linked
 * in random order, or in descending order as a top-down mmap area grows. */
static void build(struct mm_struct *mm, unsigned n, bool descending)
{
	unsigned *order = malloc(n * sizeof(*order)), i, j, t;

	assert_non_null(order);
	for (i = 0; i < n; i++)
		order[i] = descending ? n - 1 - i : i;
	if (!descending)
		for (i = n - 1; i > 0; i--) {
			j = rnd(i + 1);
			t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
	mm_vma_init(mm);
	for (i = 0; i < n; i++) {
		struct vm_area_struct *vma = vma_alloc();

		assert_non_null(vma);
		vma->vm_start = (2 + 2 * order[i]) * PAGE_SIZE;
		vma->vm_end = vma->vm_start + PAGE_SIZE;
		assert_int_equal(vma_insert(mm, vma), 0);
	}
	free(order);
	assert_int_equal(vma_check(mm), 0);
}

struct figures {
	unsigned height;
	double find_avg;
	unsigned long find_max, gap_max;
};

static void measure(unsigned n, bool descending, struct figures *fig)
{
	struct mm_struct mm;
	struct vm_area_struct *vma, *big;
	unsigned long before, v;
	unsigned i, k;
	uint32_t addr, want, got;

	build(&mm, n, descending);
	fig->height = rb_height(&mm.mm_rb);
	fig->find_max = 0;
	fig->gap_max = 0;
	before = vma_stat_find_visits;
	for (i = 0; i < 2000; i++) {
		mm.mmap_cache = NULL;   /* count the tree walk, not the cache */
		addr = (uint32_t)rnd(2 * n + 4) * PAGE_SIZE + rnd(PAGE_SIZE);
		v = vma_stat_find_visits;
		vma = find_vma(&mm, addr);
		v = vma_stat_find_visits - v;
		if (v > fig->find_max)
			fig->find_max = v;
		/* the answer is right, too: the VMA at the first even page
		 * at or above addr's page */
		k = addr / PAGE_SIZE;
		k = k < 2 ? 2 : (k + 1) / 2 * 2;
		if (k <= 2 * n)
			assert_int_equal(vma->vm_start, k * PAGE_SIZE);
		else
			assert_null(vma);
	}
	fig->find_avg = (double)(vma_stat_find_visits - before) / 2000;

	/* One hole of three pages at a random place: every search for three
	 * pages must find exactly it, whichever direction. */
	for (i = 0; i < 200; i++) {
		k = 1 + rnd(n - 1);
		big = find_vma(&mm, (2 + 2 * k) * PAGE_SIZE);
		vma_remove(&mm, big);
		want = (1 + 2 * k) * PAGE_SIZE;
		v = vma_stat_gap_visits;
		got = vma_find_gap_topdown(&mm, 3 * PAGE_SIZE, 0, 2 * PAGE_SIZE * (n + 1));
		v = vma_stat_gap_visits - v;
		assert_int_equal(got, want);
		if (v > fig->gap_max)
			fig->gap_max = v;
		v = vma_stat_gap_visits;
		got = vma_find_gap_bottomup(&mm, 3 * PAGE_SIZE, 2 * PAGE_SIZE, VMA_USER_END);
		v = vma_stat_gap_visits - v;
		assert_int_equal(got, want);
		if (v > fig->gap_max)
			fig->gap_max = v;
		assert_int_equal(vma_insert(&mm, big), 0);
	}
	assert_int_equal(vma_check(&mm), 0);
	mm_vma_destroy(&mm);
}

static void check_scaling(bool descending)
{
	static const unsigned sizes[] = { 10, 1000, 10000 };
	struct figures fig[3];
	unsigned i, bound;

	for (i = 0; i < 3; i++) {
		measure(sizes[i], descending, &fig[i]);
		bound = 2 * log2_ceil(sizes[i] + 1);
		printf("# %s %5u VMAs: height %2u (bound %2u), find_vma visits avg %.1f max %lu, "
		       "gap search visits max %lu\n", descending ? "descending" : "random    ",
		       sizes[i], fig[i].height, bound, fig[i].find_avg, fig[i].find_max,
		       fig[i].gap_max);
		/* The red-black bound, and no walk longer than the tree is high. */
		assert_true(fig[i].height <= bound);
		assert_true(fig[i].find_max <= fig[i].height);
		/* A gap search follows at most the two boundary paths and one
		 * successful descent. */
		assert_true(fig[i].gap_max <= 3 * fig[i].height + 1);
	}
	/* 1000 times as many VMAs: well under 10 times the visits (a list
	 * walk would visit 1000 times as many). */
	assert_true(fig[2].find_avg < 10 * fig[0].find_avg);
	assert_true(fig[2].gap_max < 10 * fig[0].gap_max);
}

static void test_scaling_random(void **state)
{
	(void)state;
	check_scaling(false);
}

static void test_scaling_descending(void **state)
{
	(void)state;
	check_scaling(true);
}

/* Half the VMAs go, the tree stays balanced and consistent. */
static void test_remove_half(void **state)
{
	struct mm_struct mm;
	struct vm_area_struct *vma, *next;
	unsigned i = 0;

	(void)state;
	build(&mm, 10000, false);
	for (vma = vma_first(&mm); vma; vma = next, i++) {
		next = vma_next(&mm, vma);
		if (i % 2 == 0 || i % 7 == 0) {
			vma_remove(&mm, vma);
			vma_free(vma);
		}
	}
	assert_int_equal(vma_check(&mm), 0);
	assert_true(rb_height(&mm.mm_rb) <= 2 * log2_ceil(mm.map_count + 1));
	mm_vma_destroy(&mm);
	assert_int_equal(harness_live_blocks, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scaling_random),
		cmocka_unit_test(test_scaling_descending),
		cmocka_unit_test(test_remove_half),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
