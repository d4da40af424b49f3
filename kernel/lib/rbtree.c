/*
 * rbtree.c - red-black tree rebalancing (see rbtree.h).
 *
 * The classic rules: every node is red or black, the root is black, a red
 * node has no red child, and every root-to-leaf path crosses the same
 * number of black nodes.  Together they bound the height by 2*log2(n+1),
 * which is what makes lookups O(log n).  Insertion and erasure restore the
 * rules with at most three rotations and O(log n) recolourings.
 *
 * Augmented values: a rotation changes the children of exactly two nodes,
 * the one going down (recomputed first, from its new children) and the one
 * coming up (recomputed after it).  Linking a leaf or erasing a node changes
 * children only along one path to the root, which is recomputed whole.
 */
#include "rbtree.h"

static inline void set_parent(struct rb_node *n, struct rb_node *p)
{
	n->__rb_parent_color = (uintptr_t)p | (n->__rb_parent_color & 1);
}

static inline void set_color(struct rb_node *n, int color)
{
	n->__rb_parent_color = (n->__rb_parent_color & ~(uintptr_t)1) | (uintptr_t)color;
}

/* NULL leaves count as black. */
static inline bool is_red(const struct rb_node *n)
{
	return n && rb_color(n) == RB_RED;
}

static inline bool is_black(const struct rb_node *n)
{
	return !is_red(n);
}

/* Make parent's link to old (or the root) point to new instead. */
static void change_child(struct rb_node *old, struct rb_node *new,
			 struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/*
 *      x                y
 *     / \              / \
 *    a   y     ->     x   c
 *       / \          / \
 *      b   c        a   b
 */
static void rotate_left(struct rb_node *x, struct rb_root *root, rb_augment_fn aug)
{
	struct rb_node *y = x->rb_right;
	struct rb_node *p = rb_parent(x);

	x->rb_right = y->rb_left;
	if (y->rb_left)
		set_parent(y->rb_left, x);
	set_parent(y, p);
	change_child(x, y, p, root);
	y->rb_left = x;
	set_parent(x, y);
	if (aug) {
		aug(x);
		aug(y);
	}
}

/* The mirror image of rotate_left. */
static void rotate_right(struct rb_node *x, struct rb_root *root, rb_augment_fn aug)
{
	struct rb_node *y = x->rb_left;
	struct rb_node *p = rb_parent(x);

	x->rb_left = y->rb_right;
	if (y->rb_right)
		set_parent(y->rb_right, x);
	set_parent(y, p);
	change_child(x, y, p, root);
	y->rb_right = x;
	set_parent(x, y);
	if (aug) {
		aug(x);
		aug(y);
	}
}

/* Recompute node and every ancestor, without stopping early. */
static void augment_path(struct rb_node *node, rb_augment_fn aug)
{
	for (; node; node = rb_parent(node))
		aug(node);
}

/*
 * The new node is red, so black heights hold; only "no red child of a red
 * node" can fail, between node and its parent.  Either the uncle is red
 * (recolour and move the problem two levels up) or it is black (one or two
 * rotations end it).
 */
static void insert_fixup(struct rb_node *node, struct rb_root *root, rb_augment_fn aug)
{
	struct rb_node *parent, *gparent, *uncle;

	while ((parent = rb_parent(node)) && is_red(parent)) {
		gparent = rb_parent(parent);   /* exists: a red node is not the root */
		if (parent == gparent->rb_left) {
			uncle = gparent->rb_right;
			if (is_red(uncle)) {
				set_color(parent, RB_BLACK);
				set_color(uncle, RB_BLACK);
				set_color(gparent, RB_RED);
				node = gparent;
				continue;
			}
			if (node == parent->rb_right) {
				rotate_left(parent, root, aug);
				node = parent;
				parent = rb_parent(node);
			}
			set_color(parent, RB_BLACK);
			set_color(gparent, RB_RED);
			rotate_right(gparent, root, aug);
		} else {
			uncle = gparent->rb_left;
			if (is_red(uncle)) {
				set_color(parent, RB_BLACK);
				set_color(uncle, RB_BLACK);
				set_color(gparent, RB_RED);
				node = gparent;
				continue;
			}
			if (node == parent->rb_left) {
				rotate_right(parent, root, aug);
				node = parent;
				parent = rb_parent(node);
			}
			set_color(parent, RB_BLACK);
			set_color(gparent, RB_RED);
			rotate_left(gparent, root, aug);
		}
	}
	set_color(root->rb_node, RB_BLACK);
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	insert_fixup(node, root, NULL);
}

void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 rb_augment_fn recompute)
{
	augment_path(node, recompute);
	insert_fixup(node, root, recompute);
}

/*
 * A black node left the path through `node` (which may be NULL: an empty
 * leaf), below `parent`: that path is one black short.  Borrow from the
 * sibling's side by recolouring and rotating, or push the deficit up.
 */
static void erase_fixup(struct rb_node *node, struct rb_node *parent,
			struct rb_root *root, rb_augment_fn aug)
{
	struct rb_node *sib;

	while (node != root->rb_node && is_black(node)) {
		/* The sibling exists: its side has black height >= 1. */
		if (node == parent->rb_left) {
			sib = parent->rb_right;
			if (is_red(sib)) {
				set_color(sib, RB_BLACK);
				set_color(parent, RB_RED);
				rotate_left(parent, root, aug);
				sib = parent->rb_right;
			}
			if (is_black(sib->rb_left) && is_black(sib->rb_right)) {
				set_color(sib, RB_RED);
				node = parent;
				parent = rb_parent(node);
				continue;
			}
			if (is_black(sib->rb_right)) {
				set_color(sib->rb_left, RB_BLACK);
				set_color(sib, RB_RED);
				rotate_right(sib, root, aug);
				sib = parent->rb_right;
			}
			set_color(sib, rb_color(parent));
			set_color(parent, RB_BLACK);
			set_color(sib->rb_right, RB_BLACK);
			rotate_left(parent, root, aug);
		} else {
			sib = parent->rb_left;
			if (is_red(sib)) {
				set_color(sib, RB_BLACK);
				set_color(parent, RB_RED);
				rotate_right(parent, root, aug);
				sib = parent->rb_left;
			}
			if (is_black(sib->rb_left) && is_black(sib->rb_right)) {
				set_color(sib, RB_RED);
				node = parent;
				parent = rb_parent(node);
				continue;
			}
			if (is_black(sib->rb_left)) {
				set_color(sib->rb_right, RB_BLACK);
				set_color(sib, RB_RED);
				rotate_left(sib, root, aug);
				sib = parent->rb_left;
			}
			set_color(sib, rb_color(parent));
			set_color(parent, RB_BLACK);
			set_color(sib->rb_left, RB_BLACK);
			rotate_right(parent, root, aug);
		}
		node = root->rb_node;
		break;
	}
	if (node)
		set_color(node, RB_BLACK);
}

/*
 * Unlink node.  With two children, its in-order successor (the leftmost
 * node of its right subtree, which has no left child) takes its place and
 * colour, so the node actually removed from a path is the successor's old
 * position, which has at most one child.
 */
static void erase(struct rb_node *node, struct rb_root *root, rb_augment_fn aug)
{
	struct rb_node *child, *parent, *succ;
	int removed_color;

	if (!node->rb_left || !node->rb_right) {
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = rb_parent(node);
		removed_color = rb_color(node);
		change_child(node, child, parent, root);
		if (child)
			set_parent(child, parent);
	} else {
		succ = node->rb_right;
		while (succ->rb_left)
			succ = succ->rb_left;
		child = succ->rb_right;
		removed_color = rb_color(succ);
		if (rb_parent(succ) == node) {
			parent = succ;
		} else {
			parent = rb_parent(succ);
			parent->rb_left = child;
			if (child)
				set_parent(child, parent);
			succ->rb_right = node->rb_right;
			set_parent(succ->rb_right, succ);
		}
		succ->rb_left = node->rb_left;
		set_parent(succ->rb_left, succ);
		change_child(node, succ, rb_parent(node), root);
		succ->__rb_parent_color = node->__rb_parent_color;   /* parent and colour */
	}
	/* Every node whose children changed is on parent's path to the root. */
	if (aug)
		augment_path(parent, aug);
	if (removed_color == RB_BLACK)
		erase_fixup(child, parent, root, aug);
	node->__rb_parent_color = (uintptr_t)node;   /* mark unlinked (as Linux's RB_CLEAR_NODE) */
	node->rb_left = node->rb_right = NULL;
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	erase(node, root, NULL);
}

void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			rb_augment_fn recompute)
{
	erase(node, root, recompute);
}

void rb_augment_propagate(struct rb_node *node, rb_augment_fn recompute)
{
	for (; node; node = rb_parent(node))
		if (!recompute(node))
			break;
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (n)
		while (n->rb_left)
			n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (n)
		while (n->rb_right)
			n = n->rb_right;
	return n;
}

/* Leftmost of the right subtree, else the first ancestor we are left of. */
struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}

/* Black height of the subtree at n (leaves count 1), or a negative code. */
static long check_subtree(const struct rb_node *n, const struct rb_node *parent,
			  long *count)
{
	long lh, rh;

	if (!n)
		return 1;
	if (rb_parent(n) != parent)
		return RB_CHECK_PARENT;
	if (is_red(n) && (is_red(n->rb_left) || is_red(n->rb_right)))
		return RB_CHECK_RED_RED;
	(*count)++;
	lh = check_subtree(n->rb_left, n, count);
	if (lh < 0)
		return lh;
	rh = check_subtree(n->rb_right, n, count);
	if (rh < 0)
		return rh;
	if (lh != rh)
		return RB_CHECK_BLACK_HT;
	return lh + (is_black(n) ? 1 : 0);
}

long rb_check(const struct rb_root *root)
{
	long count = 0, h;

	if (is_red(root->rb_node))
		return RB_CHECK_ROOT_RED;
	h = check_subtree(root->rb_node, NULL, &count);
	return h < 0 ? h : count;
}

static unsigned height(const struct rb_node *n)
{
	unsigned l, r;

	if (!n)
		return 0;
	l = height(n->rb_left);
	r = height(n->rb_right);
	return 1 + (l > r ? l : r);
}

unsigned rb_height(const struct rb_root *root)
{
	return height(root->rb_node);
}
