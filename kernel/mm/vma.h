/*
 * vma.h - a process's virtual memory areas (Linux's vm_area_struct) and the
 * set that holds them (the VMA part of Linux's mm_struct).
 *
 * A VMA is a page-aligned range [vm_start, vm_end) of user addresses with
 * one rule for the whole range: protection, sharing, backing, advice.  The
 * page-fault handler finds the VMA of the faulting address and follows its
 * rule; every memory system call edits the set by splitting, merging,
 * inserting and removing VMAs.
 *
 * The set is a red-black tree ordered by address (O(log n) lookup, insert,
 * remove) threaded with a sorted doubly linked list (O(1) neighbours), and
 * augmented with the largest free gap of each subtree (O(log n) search for
 * free address space).  See docs/vma.md.
 *
 * This file is pure bookkeeping: it never touches page tables or frames.
 * Whoever shrinks, removes or re-protects a VMA unmaps its pages.
 * Nothing here locks: the caller holds whatever protects the mm.
 */
#ifndef BRINK_MM_VMA_H
#define BRINK_MM_VMA_H

#include <kernel.h>
#include "../lib/rbtree.h"

/* vm_flags */
#define VM_READ      0x0001
#define VM_WRITE     0x0002
#define VM_EXEC      0x0004
#define VM_SHARED    0x0008   /* MAP_SHARED */
#define VM_GROWSDOWN 0x0100   /* the stack */
#define VM_LOCKED    0x2000   /* mlock */
#define VM_GUARD     0x4000   /* a guard page: any access kills (stack overflow) */

/* The end of user space: no VMA reaches above it. */
#define VMA_USER_END 0xC0000000u

/* What fills a page on first touch. */
enum vma_backing {
	VMA_ANON,    /* zeros */
	VMA_FILE,    /* vm_file at vm_pgoff */
	VMA_IMAGE,   /* the loaded program or library image vm_file, at vm_pgoff */
};

struct mm_struct;
struct image;

struct vm_area_struct {
	uint32_t vm_start, vm_end;   /* [vm_start, vm_end), page aligned */
	uint32_t vm_flags;           /* VM_* */
	uint8_t  vm_advice;          /* MADV_* last given (abi.h) */
	uint8_t  vm_backing;         /* enum vma_backing */
	void    *vm_file;            /* VMA_FILE: the file; VMA_IMAGE: the image (both
				      * opaque here; one reference per VMA, see hooks) */
	uint32_t vm_pgoff;           /* byte offset into the file/image of vm_start,
				      * page aligned */
	const char *vm_name;         /* label shown by `vmas`; not owned */
	const char *vm_owner;        /* heap pieces: the image whose code asked for it;
				      * may be NULL; not owned */
	struct mm_struct *vm_mm;     /* the mm whose set holds this VMA */

	/* Set bookkeeping, owned by vma.c. */
	struct rb_node vm_rb;        /* in mm->mm_rb, keyed by vm_start */
	struct vm_area_struct *vm_next, *vm_prev;   /* address order, NULL-ended */
	/* The largest free gap in this VMA's subtree, where the gap of a VMA is
	 * the free space just below it: vm_start - (vm_prev ? vm_prev->vm_end : 0). */
	uint32_t rb_subtree_gap;
};

struct mm_struct {
	struct rb_root mm_rb;                 /* all VMAs, by address */
	struct vm_area_struct *mmap;          /* the lowest VMA: head of the list */
	uint32_t map_count;                   /* number of VMAs */
	uint32_t highest_vm_end;              /* end of the highest VMA, 0 if none */
	struct vm_area_struct *mmap_cache;    /* last find_vma result */

	/* ---- mm fields below this line (page directory, brk, mmap_base,
	 * stack...) belong to the mm code, not to vma.c. ---- */
	uint32_t *pgdir;                      /* page directory (kernel half shared) */
	uint32_t start_brk, brk;              /* heap start, the program break */
	uint32_t mmap_base;                   /* mmap area grows down from here */
	uint32_t stack_top;                   /* the stack may grow to stack_top - 8 MiB */
	uint32_t rss;                         /* resident pages */
	struct image *images;                 /* program first, then libraries */
};

/*
 * Hooks defined by the mm code (and by the host tests).  A VMA with
 * vm_file != NULL holds one reference on it: vma_split takes one for the
 * new VMA, vma_free drops the VMA's.  Whoever fills vm_file of a VMA it
 * creates takes that VMA's reference itself.
 */
void vma_file_get(struct vm_area_struct *vma);
void vma_file_put(struct vm_area_struct *vma);

/* Set up an empty set / free every VMA in it (dropping file references). */
void mm_vma_init(struct mm_struct *mm);
void mm_vma_destroy(struct mm_struct *mm);

/* A zeroed VMA from kmalloc, or NULL; free one that is in no set. */
struct vm_area_struct *vma_alloc(void);
void vma_free(struct vm_area_struct *vma);

/* The first VMA with vm_end > addr (it may start above addr), or NULL.
 * Uses and updates mm->mmap_cache. */
struct vm_area_struct *find_vma(struct mm_struct *mm, uint32_t addr);
/* The first VMA overlapping [start, end), or NULL. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     uint32_t start, uint32_t end);

/* In-order iteration; NULL past the ends; vma_next(mm, NULL) is the first.
 * O(1), except vma_last, O(log n). */
struct vm_area_struct *vma_first(struct mm_struct *mm);
struct vm_area_struct *vma_last(struct mm_struct *mm);
struct vm_area_struct *vma_next(struct mm_struct *mm, struct vm_area_struct *vma);
struct vm_area_struct *vma_prev(struct mm_struct *mm, struct vm_area_struct *vma);

/*
 * Link vma (vm_start/vm_end set, not in any set) into mm; sets vm_mm.
 * -EINVAL if the range is empty, misaligned, above VMA_USER_END or
 * overlaps a VMA already there.  Never merges.
 */
int vma_insert(struct mm_struct *mm, struct vm_area_struct *vma);
/* Unlink vma from mm (the caller frees it and unmaps its pages). */
void vma_remove(struct mm_struct *mm, struct vm_area_struct *vma);

/*
 * Move vma's bounds in place to [start, end) (brk growing or shrinking the
 * heap, the stack growing down).  vm_pgoff follows vm_start.  -EINVAL if
 * the new range is empty, misaligned, above VMA_USER_END, overlaps a
 * neighbour, or would start before offset 0 of a file or image; then
 * nothing changed.  The caller unmaps any pages left outside.
 */
int vma_adjust(struct mm_struct *mm, struct vm_area_struct *vma,
	       uint32_t start, uint32_t end);

/*
 * Split vma at addr (page aligned, vm_start < addr < vm_end): vma keeps
 * [vm_start, addr), a new VMA *newp (if newp) gets [addr, vm_end) with
 * vm_pgoff advanced by addr - vm_start and its own file reference.
 * -EINVAL for a bad addr, -ENOMEM if no memory; then nothing changed.
 */
int vma_split(struct mm_struct *mm, struct vm_area_struct *vma, uint32_t addr,
	      struct vm_area_struct **newp);

/* a ends where b starts and a page of b behaves exactly as it would as a
 * page of a (same flags, advice, backing, file, name, owner, offsets). */
bool vma_can_merge(const struct vm_area_struct *a, const struct vm_area_struct *b);
/* Merge vma with its neighbours where vma_can_merge allows; the lowest of
 * the merged VMAs survives and is returned, the others are freed. */
struct vm_area_struct *vma_merge_around(struct mm_struct *mm, struct vm_area_struct *vma);

/*
 * Split the VMAs straddling start or end, so that [start, end) is covered
 * by whole VMAs only (munmap, mprotect, madvise, mlock then work VMA by
 * VMA).  -EINVAL for a misaligned or empty range, -ENOMEM if no memory;
 * then nothing changed.
 */
int vma_range_split(struct mm_struct *mm, uint32_t start, uint32_t end);

/*
 * Free address space: the highest (topdown) or lowest (bottomup)
 * page-aligned s such that [s, s + len) lies in [low, high) and meets no
 * VMA, or 0 if there is none.  len is rounded up to pages; low is rounded
 * up and is at least PAGE_SIZE (so 0 never is an answer); high is rounded
 * down and at most VMA_USER_END.  O(log n).
 */
uint32_t vma_find_gap_topdown(struct mm_struct *mm, uint32_t len,
			      uint32_t low, uint32_t high);
uint32_t vma_find_gap_bottomup(struct mm_struct *mm, uint32_t len,
			       uint32_t low, uint32_t high);

/*
 * Check every invariant of the set: the red-black rules, address order,
 * no overlap, alignment and bounds, list links agreeing with the tree,
 * vm_mm, the gap values, map_count, highest_vm_end, mmap_cache.
 * 0 if all hold, else a negative VMA_CHECK_* code (or RB_CHECK_*).  O(n).
 */
#define VMA_CHECK_RANGE    (-10)   /* empty, misaligned or above VMA_USER_END */
#define VMA_CHECK_ORDER    (-11)   /* overlap or out of order */
#define VMA_CHECK_LIST     (-12)   /* vm_next/vm_prev/mmap disagree with the tree */
#define VMA_CHECK_MM       (-13)   /* vm_mm is not this mm */
#define VMA_CHECK_GAP      (-14)   /* rb_subtree_gap wrong */
#define VMA_CHECK_COUNT    (-15)   /* map_count wrong */
#define VMA_CHECK_HIGHEST  (-16)   /* highest_vm_end wrong */
#define VMA_CHECK_CACHE    (-17)   /* mmap_cache not in the set */
int vma_check(struct mm_struct *mm);

#ifdef HOST_TEST
/* Tree nodes visited by find_vma and the gap searches, for tests that
 * show they stay O(log n). */
extern unsigned long vma_stat_find_visits, vma_stat_gap_visits;
#endif

#endif
