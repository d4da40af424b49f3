/*
 * dir.c - directory tables: a directory's children as an array of inode
 * pointers sorted by name.  Lookup is a binary search, so a /tmp of
 * thousands of files stays cheap; insert and remove move pointers, which is
 * a memmove of at most a few KiB.  Listing by index walks the array, in
 * name order, which is also the order `ls` wants.
 */
#include <kernel.h>
#include "../lib/string.h"
#include "../mm/kheap.h"
#include "fs.h"

/* Compare name[0..len) with the NUL-terminated s, bytes as unsigned. */
static int namecmp(const char *name, size_t len, const char *s)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char a = (unsigned char)name[i], b = (unsigned char)s[i];
		if (a != b)
			return a < b ? -1 : 1;      /* also when s ends (b == 0) */
	}
	return s[len] ? -1 : 0;
}

/* The index of the first child whose name is >= name. */
static uint32_t dir_search(const struct dirtab *t, const char *name, size_t len)
{
	uint32_t lo = 0, hi = t->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (namecmp(name, len, t->ents[mid]->name) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct inode *dir_lookup(const struct inode *dir, const char *name, size_t len)
{
	const struct dirtab *t = &dir->dir;
	uint32_t i = dir_search(t, name, len);
	if (i < t->n && namecmp(name, len, t->ents[i]->name) == 0)
		return t->ents[i];
	return NULL;
}

/* Link child (whose name is not in dir yet) into dir. */
int dir_insert(struct inode *dir, struct inode *child)
{
	struct dirtab *t = &dir->dir;
	if (t->n == t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : 8;
		if (cap > UINT32_MAX / sizeof(*t->ents))
			return -ENOMEM;
		struct inode **ents = kmalloc(cap * sizeof(*ents));
		if (!ents)
			return -ENOMEM;
		if (t->n)
			memcpy(ents, t->ents, t->n * sizeof(*ents));
		kfree(t->ents);
		t->ents = ents;
		t->cap = cap;
	}
	size_t len = strlen(child->name);
	uint32_t i = dir_search(t, child->name, len);
	memmove(&t->ents[i + 1], &t->ents[i], (t->n - i) * sizeof(*t->ents));
	t->ents[i] = child;
	t->n++;
	child->parent = dir;
	child->linked = true;
	return 0;
}

/* A table a quarter full goes down to half its size, and an empty one
 * goes: else a directory that once held many files keeps their table
 * (100,000 files made and removed in /tmp left 512 KiB of kernel heap).
 * Halving at a quarter and doubling when full, no size thrashes.  If the
 * smaller table cannot be had, the bigger one stays. */
static void dir_shrink(struct dirtab *t)
{
	if (t->n == 0) {
		kfree(t->ents);
		*t = (struct dirtab){ 0 };
		return;
	}
	if (t->cap <= 8 || t->n > t->cap / 4)
		return;
	struct inode **ents = kmalloc(t->cap / 2 * sizeof(*ents));
	if (!ents)
		return;
	memcpy(ents, t->ents, t->n * sizeof(*ents));
	kfree(t->ents);
	t->ents = ents;
	t->cap /= 2;
}

/* Unlink child from dir; the caller decides what happens to the inode. */
void dir_remove(struct inode *dir, struct inode *child)
{
	struct dirtab *t = &dir->dir;
	uint32_t i = dir_search(t, child->name, strlen(child->name));
	if (i >= t->n || t->ents[i] != child)
		panic("dir_remove: %s is not in its directory", child->name);
	memmove(&t->ents[i], &t->ents[i + 1], (t->n - i - 1) * sizeof(*t->ents));
	t->n--;
	child->parent = NULL;
	child->linked = false;
	dir_shrink(t);
}

/* Forget the table itself (the children are the caller's business). */
void dir_free(struct inode *dir)
{
	kfree(dir->dir.ents);
	dir->dir = (struct dirtab){ 0 };
}
