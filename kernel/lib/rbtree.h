/*
 * rbtree.h - an intrusive red-black tree, in the style of Linux's
 * lib/rbtree.c.
 *
 * "Intrusive": the tree never allocates.  A structure that wants to live in
 * a tree embeds a struct rb_node and gets back to itself with rb_entry().
 * The tree does not know the key either: the user walks down from the root
 * comparing keys itself, then links the new node where the walk fell off
 * (rb_link_node) and asks the tree to rebalance (rb_insert_color):
 *
 *	struct rb_node **link = &root->rb_node, *parent = NULL;
 *	while (*link) {
 *		parent = *link;
 *		link = key < rb_entry(parent, T, node)->key
 *			? &parent->rb_left : &parent->rb_right;
 *	}
 *	rb_link_node(&new->node, parent, link);
 *	rb_insert_color(&new->node, root);
 *
 * Augmented trees keep, in every node, a value computed from the node and
 * its two children (for instance "the largest gap in this subtree").  The
 * user supplies one function that recomputes a node's value from its own
 * data and its children's values; the tree calls it wherever the shape
 * changes (links, rotations, erasure), so values stay exact.  When the
 * user changes a node's own data in place, it calls rb_augment_propagate.
 */
#ifndef BRINK_LIB_RBTREE_H
#define BRINK_LIB_RBTREE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* The parent pointer and the colour share one word: nodes are at least
 * 4-byte aligned, so bit 0 is free for the colour (0 red, 1 black). */
struct rb_node {
	uintptr_t       __rb_parent_color;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __attribute__((aligned(sizeof(uintptr_t))));

struct rb_root {
	struct rb_node *rb_node;
};

#define RB_ROOT ((struct rb_root){ NULL })

#define RB_RED   0
#define RB_BLACK 1

#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif
#define rb_entry(ptr, type, member) container_of(ptr, type, member)
/* Like rb_entry, but NULL stays NULL. */
#define rb_entry_safe(ptr, type, member) \
	({ struct rb_node *__n = (ptr); __n ? rb_entry(__n, type, member) : NULL; })

static inline struct rb_node *rb_parent(const struct rb_node *n)
{
	return (struct rb_node *)(n->__rb_parent_color & ~(uintptr_t)1);
}

static inline int rb_color(const struct rb_node *n)
{
	return (int)(n->__rb_parent_color & 1);
}

static inline bool rb_empty_root(const struct rb_root *root)
{
	return root->rb_node == NULL;
}

/* Put a new red node at *link, below parent (NULL for the root). */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **link)
{
	node->__rb_parent_color = (uintptr_t)parent;   /* red */
	node->rb_left = node->rb_right = NULL;
	*link = node;
}

/* Rebalance after rb_link_node. */
void rb_insert_color(struct rb_node *node, struct rb_root *root);
/* Unlink a node (which must be in the tree) and rebalance. */
void rb_erase(struct rb_node *node, struct rb_root *root);

/* In-order walk: O(log n) worst case, O(1) amortised over a whole walk. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/*
 * Augmentation.  recompute(node) sets node's augmented value from the
 * node's own data and the values of node->rb_left and node->rb_right, and
 * returns whether the value changed.  It must not look at the parent.
 */
typedef bool (*rb_augment_fn)(struct rb_node *node);

/* As rb_insert_color / rb_erase, keeping every augmented value exact.
 * All values must be exact before the call (except the new node's). */
void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 rb_augment_fn recompute);
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			rb_augment_fn recompute);

/*
 * The node's own data changed (and nothing else did since the values were
 * last exact): recompute it and its ancestors, stopping as soon as a value
 * comes out unchanged, since nothing above can change then either.
 */
void rb_augment_propagate(struct rb_node *node, rb_augment_fn recompute);

/*
 * Check the red-black properties of the whole tree: parent links agree
 * with child links, the root is black, no red node has a red child, and
 * every path from the root to a leaf has the same number of black nodes.
 * Returns the number of nodes, or a negative RB_CHECK_* code.  Recursive
 * (depth = tree height); meant for tests and debugging.
 */
#define RB_CHECK_PARENT    (-1)
#define RB_CHECK_ROOT_RED  (-2)
#define RB_CHECK_RED_RED   (-3)
#define RB_CHECK_BLACK_HT  (-4)
long rb_check(const struct rb_root *root);

/* Height of the tree (0 when empty); for tests of the O(log n) bound. */
unsigned rb_height(const struct rb_root *root);

#endif
