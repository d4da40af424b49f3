/*
 * vma_rbtree.c - tests of the red-black tree (kernel/lib/rbtree.c) on its
 * own: random inserts and erasures against a model, with and without
 * augmentation, the red-black rules checked after every step, the height
 * bound on a sorted insertion (the worst case of an unbalanced tree).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../kernel/lib/rbtree.h"

#define KEYS 512

struct item {
	int key, val;
	int sub_max;        /* augmented: max val in the subtree */
	unsigned sub_size;  /* augmented: nodes in the subtree */
	struct rb_node node;
};

static uint64_t rng = 88172645463325252ull;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

#define ITEM(n) rb_entry(n, struct item, node)

static bool recompute(struct rb_node *n)
{
	struct item *it = ITEM(n);
	int m = it->val;
	unsigned size = 1;

	if (n->rb_left) {
		m = ITEM(n->rb_left)->sub_max > m ? ITEM(n->rb_left)->sub_max : m;
		size += ITEM(n->rb_left)->sub_size;
	}
	if (n->rb_right) {
		m = ITEM(n->rb_right)->sub_max > m ? ITEM(n->rb_right)->sub_max : m;
		size += ITEM(n->rb_right)->sub_size;
	}
	if (m == it->sub_max && size == it->sub_size)
		return false;
	it->sub_max = m;
	it->sub_size = size;
	return true;
}

static void insert(struct rb_root *root, struct item *it, bool aug)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = it->key < ITEM(parent)->key ? &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&it->node, parent, link);
	if (aug)
		rb_insert_augmented(&it->node, root, recompute);
	else
		rb_insert_color(&it->node, root);
}

/* Verify the augmented values of a subtree from scratch; returns its size. */
static unsigned check_aug(struct rb_node *n, int *max)
{
	int lm = -1, rm = -1;
	unsigned size;

	if (!n) {
		*max = -1;
		return 0;
	}
	size = 1 + check_aug(n->rb_left, &lm) + check_aug(n->rb_right, &rm);
	*max = ITEM(n)->val;
	if (lm > *max)
		*max = lm;
	if (rm > *max)
		*max = rm;
	assert_int_equal(ITEM(n)->sub_max, *max);
	assert_int_equal(ITEM(n)->sub_size, size);
	return size;
}

/* The tree holds exactly the present[] keys, in order both ways. */
static void check_tree(struct rb_root *root, struct item *items, const bool *present,
		       bool aug)
{
	struct rb_node *n = rb_first(root);
	long count = 0;
	int k, max;

	assert_true(rb_check(root) >= 0);
	for (k = 0; k < KEYS; k++) {
		if (!present[k])
			continue;
		assert_ptr_equal(n, &items[k].node);
		n = rb_next(n);
		count++;
	}
	assert_null(n);
	assert_int_equal(rb_check(root), count);
	n = rb_last(root);
	for (k = KEYS - 1; k >= 0; k--) {
		if (!present[k])
			continue;
		assert_ptr_equal(n, &items[k].node);
		n = rb_prev(n);
	}
	assert_null(n);
	if (aug)
		assert_int_equal(check_aug(root->rb_node, &max), count);
}

static void random_ops(bool aug)
{
	static struct item items[KEYS];
	static bool present[KEYS];
	struct rb_root root = RB_ROOT;
	int step, k;

	memset(present, 0, sizeof(present));
	for (k = 0; k < KEYS; k++) {
		items[k].key = k;
		items[k].val = (int)rnd(100000);
	}
	for (step = 0; step < 20000; step++) {
		k = (int)rnd(KEYS);
		/* Lean towards inserting first, erasing later, so the tree
		 * both grows large and empties out again. */
		bool want = step < 10000 ? rnd(4) != 0 : rnd(4) == 0;
		if (want && !present[k]) {
			insert(&root, &items[k], aug);
			present[k] = true;
		} else if (!want && present[k]) {
			if (aug)
				rb_erase_augmented(&items[k].node, &root, recompute);
			else
				rb_erase(&items[k].node, &root);
			present[k] = false;
		} else if (aug && present[k]) {
			items[k].val = (int)rnd(100000);
			rb_augment_propagate(&items[k].node, recompute);
		}
		if (step % 7 == 0 || step > 19000)
			check_tree(&root, items, present, aug);
	}
	for (k = 0; k < KEYS; k++) {
		if (present[k]) {
			if (aug)
				rb_erase_augmented(&items[k].node, &root, recompute);
			else
				rb_erase(&items[k].node, &root);
			present[k] = false;
			check_tree(&root, items, present, aug);
		}
	}
	assert_true(rb_empty_root(&root));
}

static void test_random_plain(void **state)
{
	(void)state;
	random_ops(false);
}

static void test_random_augmented(void **state)
{
	(void)state;
	random_ops(true);
}

/* Sorted insertion makes a plain search tree a list; here the height must
 * stay within 2*log2(n+1). */
static void test_height_bound(void **state)
{
	enum { N = 100000 };
	struct item *items = calloc(N, sizeof(*items));
	struct rb_root root = RB_ROOT;
	unsigned bound;
	int i;

	(void)state;
	assert_non_null(items);
	for (i = 0; i < N; i++) {
		items[i].key = i;
		insert(&root, &items[i], false);
	}
	assert_int_equal(rb_check(&root), N);
	for (bound = 0; (1u << bound) < N + 1; bound++)
		;   /* bound = ceil(log2(N + 1)) */
	printf("# rbtree: %d sorted inserts, height %u (bound 2*log2(n+1) = %u)\n",
	       N, rb_height(&root), 2 * bound);
	assert_true(rb_height(&root) <= 2 * bound);
	/* Erase every other node, then the rest. */
	for (i = 0; i < N; i += 2)
		rb_erase(&items[i].node, &root);
	assert_int_equal(rb_check(&root), N / 2);
	for (i = 1; i < N; i += 2)
		rb_erase(&items[i].node, &root);
	assert_true(rb_empty_root(&root));
	free(items);
}

/* Equal keys are all kept, in insertion order (each goes right of its
 * equals), as the link-it-yourself interface lets the user decide. */
static void test_duplicates(void **state)
{
	struct item items[50];
	struct rb_root root = RB_ROOT;
	struct rb_node *n;
	int i;

	(void)state;
	for (i = 0; i < 50; i++) {
		items[i].key = i % 5;
		insert(&root, &items[i], false);
	}
	assert_int_equal(rb_check(&root), 50);
	for (i = 0, n = rb_first(&root); n; n = rb_next(n), i++)
		assert_ptr_equal(n, &items[(i % 10) * 5 + i / 10].node);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_plain),
		cmocka_unit_test(test_random_augmented),
		cmocka_unit_test(test_height_bound),
		cmocka_unit_test(test_duplicates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
