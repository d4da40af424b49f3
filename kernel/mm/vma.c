/*
 * vma.c - the set of VMAs of an address space (see vma.h, docs/vma.md).
 *
 * Three views of one set, kept in step by every operation here:
 *   - mm->mm_rb, a red-black tree keyed by vm_start: O(log n) lookups;
 *   - vm_prev/vm_next, the same VMAs as a sorted list: O(1) neighbours;
 *   - rb_subtree_gap, in every node the largest free gap in its subtree,
 *     the gap of a VMA being the free space just below it.  The free space
 *     above the highest VMA is not in any node: mm->highest_vm_end marks it.
 *
 * A VMA's gap depends on its predecessor's vm_end, so changing a vm_end
 * changes the gap of the next VMA: each such change is followed by
 * gap_update(next).  Every step changes one gap and repairs the values
 * before the next step, which is what rb_augment_propagate requires.
 */
#include <kernel.h>
#include <brink/abi.h>
#include "vma.h"
#include "kheap.h"

#ifdef HOST_TEST
unsigned long vma_stat_find_visits, vma_stat_gap_visits;
#define STAT(x) ((x)++)
#else
#define STAT(x) ((void)0)
#endif

#define rb_vma(n) rb_entry_safe((n), struct vm_area_struct, vm_rb)

static bool page_aligned(uint32_t x)
{
	return (x & (PAGE_SIZE - 1)) == 0;
}

/* A usable range: non-empty, page aligned, inside user space. */
static bool valid_range(uint32_t start, uint32_t end)
{
	return start < end && page_aligned(start) && page_aligned(end) &&
	       end <= VMA_USER_END;
}

/* ------------------------------------------------------- gap tracking -- */

/* Start of the free space just below vma. */
static uint32_t gap_start(const struct vm_area_struct *vma)
{
	return vma->vm_prev ? vma->vm_prev->vm_end : 0;
}

static uint32_t own_gap(const struct vm_area_struct *vma)
{
	return vma->vm_start - gap_start(vma);
}

static uint32_t subtree_gap(const struct vm_area_struct *vma)
{
	uint32_t gap = own_gap(vma);
	struct rb_node *n = vma->vm_rb.rb_left;

	if (n && rb_vma(n)->rb_subtree_gap > gap)
		gap = rb_vma(n)->rb_subtree_gap;
	n = vma->vm_rb.rb_right;
	if (n && rb_vma(n)->rb_subtree_gap > gap)
		gap = rb_vma(n)->rb_subtree_gap;
	return gap;
}

/* rb_augment_fn for the tree. */
static bool gap_recompute(struct rb_node *node)
{
	struct vm_area_struct *vma = rb_vma(node);
	uint32_t gap = subtree_gap(vma);

	if (vma->rb_subtree_gap == gap)
		return false;
	vma->rb_subtree_gap = gap;
	return true;
}

/* vma's own gap changed (its vm_start, or its predecessor's vm_end). */
static void gap_update(struct vm_area_struct *vma)
{
	if (vma)
		rb_augment_propagate(&vma->vm_rb, gap_recompute);
}

/* ------------------------------------------------------------- set up -- */

void mm_vma_init(struct mm_struct *mm)
{
	mm->mm_rb = RB_ROOT;
	mm->mmap = NULL;
	mm->map_count = 0;
	mm->highest_vm_end = 0;
	mm->mmap_cache = NULL;
}

struct vm_area_struct *vma_alloc(void)
{
	struct vm_area_struct *vma = kmalloc(sizeof(*vma));

	if (vma)
		*vma = (struct vm_area_struct){ 0 };
	return vma;
}

void vma_free(struct vm_area_struct *vma)
{
	if (!vma)
		return;
	if (vma->vm_file)
		vma_file_put(vma);
	kfree(vma);
}

/* Nothing needs unlinking: the whole set goes, so walk the list only. */
void mm_vma_destroy(struct mm_struct *mm)
{
	struct vm_area_struct *vma = mm->mmap, *next;

	for (; vma; vma = next) {
		next = vma->vm_next;
		vma_free(vma);
	}
	mm_vma_init(mm);
}

/* ------------------------------------------------------------- lookup -- */

struct vm_area_struct *find_vma(struct mm_struct *mm, uint32_t addr)
{
	struct vm_area_struct *cached = mm->mmap_cache, *found = NULL, *vma;
	struct rb_node *n = mm->mm_rb.rb_node;

	if (cached && cached->vm_start <= addr && addr < cached->vm_end)
		return cached;
	while (n) {
		STAT(vma_stat_find_visits);
		vma = rb_vma(n);
		if (vma->vm_end > addr) {
			found = vma;
			if (vma->vm_start <= addr)
				break;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	if (found)
		mm->mmap_cache = found;
	return found;
}

struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     uint32_t start, uint32_t end)
{
	struct vm_area_struct *vma;

	if (start >= end)
		return NULL;
	vma = find_vma(mm, start);
	return vma && vma->vm_start < end ? vma : NULL;
}

struct vm_area_struct *vma_first(struct mm_struct *mm)
{
	return mm->mmap;
}

struct vm_area_struct *vma_last(struct mm_struct *mm)
{
	return rb_vma(rb_last(&mm->mm_rb));
}

struct vm_area_struct *vma_next(struct mm_struct *mm, struct vm_area_struct *vma)
{
	return vma ? vma->vm_next : mm->mmap;
}

struct vm_area_struct *vma_prev(struct mm_struct *mm, struct vm_area_struct *vma)
{
	(void)mm;
	return vma ? vma->vm_prev : NULL;
}

/* ------------------------------------------------- insert and remove -- */

/* Put vma into the list between prev and prev's successor (prev NULL: first). */
static void list_link(struct mm_struct *mm, struct vm_area_struct *vma,
		      struct vm_area_struct *prev)
{
	struct vm_area_struct *next = prev ? prev->vm_next : mm->mmap;

	vma->vm_prev = prev;
	vma->vm_next = next;
	if (prev)
		prev->vm_next = vma;
	else
		mm->mmap = vma;
	if (next)
		next->vm_prev = vma;
	else
		mm->highest_vm_end = vma->vm_end;
}

/*
 * Link vma into list and tree; parent/link say where in the tree (as
 * rb_link_node), prev is its predecessor.  The values are exact before the
 * tree insertion: the successor's gap is repaired first, while the new node
 * is outside the tree.
 */
static void link_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		     struct vm_area_struct *prev, struct rb_node *parent,
		     struct rb_node **link)
{
	list_link(mm, vma, prev);
	gap_update(vma->vm_next);
	vma->vm_mm = mm;
	rb_link_node(&vma->vm_rb, parent, link);
	vma->rb_subtree_gap = 0;
	rb_insert_augmented(&vma->vm_rb, &mm->mm_rb, gap_recompute);
	mm->map_count++;
}

int vma_insert(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct rb_node **link = &mm->mm_rb.rb_node, *parent = NULL;
	struct vm_area_struct *prev = NULL, *next, *cur;

	if (!valid_range(vma->vm_start, vma->vm_end))
		return -EINVAL;
	while (*link) {
		parent = *link;
		cur = rb_vma(parent);
		if (vma->vm_start < cur->vm_start) {
			link = &parent->rb_left;
		} else {
			prev = cur;
			link = &parent->rb_right;
		}
	}
	next = prev ? prev->vm_next : mm->mmap;
	if ((prev && prev->vm_end > vma->vm_start) ||
	    (next && next->vm_start < vma->vm_end))
		return -EINVAL;
	link_vma(mm, vma, prev, parent, link);
	return 0;
}

void vma_remove(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma->vm_prev, *next = vma->vm_next;

	if (vma->vm_mm != mm)
		panic("vma_remove: %08x-%08x is not in this mm",
		      (unsigned)vma->vm_start, (unsigned)vma->vm_end);
	rb_erase_augmented(&vma->vm_rb, &mm->mm_rb, gap_recompute);
	if (prev)
		prev->vm_next = next;
	else
		mm->mmap = next;
	if (next)
		next->vm_prev = prev;
	else
		mm->highest_vm_end = prev ? prev->vm_end : 0;
	gap_update(next);
	if (mm->mmap_cache == vma)
		mm->mmap_cache = NULL;
	mm->map_count--;
	vma->vm_prev = vma->vm_next = NULL;
	vma->vm_mm = NULL;
}

/* ------------------------------------------------------ bounds change -- */

/* Set vm_end and repair what depends on it (the next gap, highest_vm_end). */
static void set_end(struct mm_struct *mm, struct vm_area_struct *vma, uint32_t end)
{
	vma->vm_end = end;
	if (vma->vm_next)
		gap_update(vma->vm_next);
	else
		mm->highest_vm_end = end;
}

int vma_adjust(struct mm_struct *mm, struct vm_area_struct *vma,
	       uint32_t start, uint32_t end)
{
	struct vm_area_struct *prev = vma->vm_prev, *next = vma->vm_next;

	if (vma->vm_mm != mm)
		panic("vma_adjust: %08x-%08x is not in this mm",
		      (unsigned)vma->vm_start, (unsigned)vma->vm_end);
	if (!valid_range(start, end))
		return -EINVAL;
	if ((prev && prev->vm_end > start) || (next && next->vm_start < end))
		return -EINVAL;
	if (vma->vm_backing != VMA_ANON && start < vma->vm_start &&
	    vma->vm_start - start > vma->vm_pgoff)
		return -EINVAL;
	/* The order of the tree is kept: vma stays between its neighbours. */
	vma->vm_pgoff += start - vma->vm_start;   /* modulo 2^32: may go down */
	vma->vm_start = start;
	gap_update(vma);
	set_end(mm, vma, end);
	return 0;
}

/* ----------------------------------------------------- split and merge -- */

/*
 * Split with a VMA already allocated, so that it cannot fail.  The new
 * upper part goes right after vma in order: as vma's right child if it has
 * none, else as the left child of its successor's subtree minimum.  Its gap
 * is 0 and the gap above it is what vma's was, so only the new node needs
 * values.
 */
static struct vm_area_struct *split_with(struct mm_struct *mm,
					 struct vm_area_struct *vma, uint32_t addr,
					 struct vm_area_struct *new)
{
	struct rb_node *parent = &vma->vm_rb, **link = &parent->rb_right;

	*new = *vma;
	new->vm_start = addr;
	new->vm_pgoff = vma->vm_pgoff + (addr - vma->vm_start);
	if (*link) {
		parent = *link;
		while (parent->rb_left)
			parent = parent->rb_left;
		link = &parent->rb_left;
	}
	vma->vm_end = addr;
	link_vma(mm, new, vma, parent, link);
	if (new->vm_file)
		vma_file_get(new);
	return new;
}

static bool split_point(const struct vm_area_struct *vma, uint32_t addr)
{
	return page_aligned(addr) && vma->vm_start < addr && addr < vma->vm_end;
}

int vma_split(struct mm_struct *mm, struct vm_area_struct *vma, uint32_t addr,
	      struct vm_area_struct **newp)
{
	struct vm_area_struct *new;

	if (vma->vm_mm != mm)
		panic("vma_split: %08x-%08x is not in this mm",
		      (unsigned)vma->vm_start, (unsigned)vma->vm_end);
	if (!split_point(vma, addr))
		return -EINVAL;
	new = kmalloc(sizeof(*new));
	if (!new)
		return -ENOMEM;
	split_with(mm, vma, addr, new);
	if (newp)
		*newp = new;
	return 0;
}

/* Labels are compared by content: two "[heap]" literals are one label. */
static bool same_label(const char *a, const char *b)
{
	if (a == b)
		return true;
	if (!a || !b)
		return false;
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

bool vma_can_merge(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	if (!a || !b || a->vm_end != b->vm_start)
		return false;
	if (a->vm_flags != b->vm_flags || a->vm_advice != b->vm_advice ||
	    a->vm_backing != b->vm_backing || a->vm_file != b->vm_file)
		return false;
	if (!same_label(a->vm_name, b->vm_name) || !same_label(a->vm_owner, b->vm_owner))
		return false;
	/* Backed pages must continue the same run of the file or image. */
	if (a->vm_backing != VMA_ANON &&
	    b->vm_pgoff != a->vm_pgoff + (a->vm_end - a->vm_start))
		return false;
	return true;
}

/* lo absorbs hi (its successor): hi leaves the set and is freed. */
static void absorb(struct mm_struct *mm, struct vm_area_struct *lo,
		   struct vm_area_struct *hi)
{
	uint32_t end = hi->vm_end;

	vma_remove(mm, hi);
	set_end(mm, lo, end);
	vma_free(hi);
}

struct vm_area_struct *vma_merge_around(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (vma->vm_mm != mm)
		panic("vma_merge_around: %08x-%08x is not in this mm",
		      (unsigned)vma->vm_start, (unsigned)vma->vm_end);
	if (vma_can_merge(vma->vm_prev, vma)) {
		struct vm_area_struct *prev = vma->vm_prev;

		absorb(mm, prev, vma);
		vma = prev;
	}
	if (vma_can_merge(vma, vma->vm_next))
		absorb(mm, vma, vma->vm_next);
	return vma;
}

/*
 * At most two splits, and both VMAs are allocated before the first, so a
 * failure leaves the set as it was.  When one VMA straddles both ends, the
 * second split cuts the upper part the first one made.
 */
int vma_range_split(struct mm_struct *mm, uint32_t start, uint32_t end)
{
	struct vm_area_struct *lo, *hi, *spare[2] = { NULL, NULL };
	int need = 0, i;

	if (!valid_range(start, end))
		return -EINVAL;
	lo = find_vma(mm, start);
	if (lo && !split_point(lo, start))
		lo = NULL;
	hi = find_vma(mm, end);
	if (hi && !split_point(hi, end))
		hi = NULL;
	need = (lo != NULL) + (hi != NULL);
	for (i = 0; i < need; i++) {
		spare[i] = kmalloc(sizeof(struct vm_area_struct));
		if (!spare[i]) {
			kfree(spare[0]);
			return -ENOMEM;
		}
	}
	i = 0;
	if (lo) {
		struct vm_area_struct *upper = split_with(mm, lo, start, spare[i++]);

		if (hi == lo)
			hi = upper;
	}
	if (hi)
		split_with(mm, hi, end, spare[i]);
	return 0;
}

/* ---------------------------------------------------------- gap search -- */

/* Bounds of one search, normalised (see vma.h). */
struct gap_query {
	uint32_t len, low, high;
};

static bool gap_query_init(struct gap_query *q, uint32_t len, uint32_t low,
			   uint32_t high)
{
	if (len == 0 || len > VMA_USER_END)
		return false;
	q->len = ALIGN_UP(len, PAGE_SIZE);
	if (low > VMA_USER_END)
		return false;
	q->low = MAX(ALIGN_UP(low, PAGE_SIZE), PAGE_SIZE);
	q->high = MIN(ALIGN_DOWN(high, PAGE_SIZE), VMA_USER_END);
	return q->low < q->high && q->high - q->low >= q->len;
}

/* [gs, ge) clipped to the query: the room it leaves, or 0 if too small. */
static bool gap_fits(const struct gap_query *q, uint32_t gs, uint32_t ge,
		     uint32_t *lo, uint32_t *hi)
{
	*lo = MAX(gs, q->low);
	*hi = MIN(ge, q->high);
	return *lo < *hi && *hi - *lo >= q->len;
}

/*
 * The highest fit in n's subtree.  A subtree whose largest gap is too
 * small is skipped whole; so is a side whose gaps all lie outside
 * [low, high): gaps right of vma start at or above vm_end, gaps left of it
 * end at or below gap_start(vma).  Only subtrees straddling low or high can
 * be entered without success, at most two per level: O(log n).
 */
static uint32_t topdown(const struct gap_query *q, struct rb_node *n)
{
	struct vm_area_struct *vma;
	uint32_t s, lo, hi;

	if (!n)
		return 0;
	STAT(vma_stat_gap_visits);
	vma = rb_vma(n);
	if (vma->rb_subtree_gap < q->len)
		return 0;
	if (vma->vm_end <= q->high - q->len && (s = topdown(q, n->rb_right)))
		return s;
	if (gap_fits(q, gap_start(vma), vma->vm_start, &lo, &hi))
		return hi - q->len;
	if (gap_start(vma) >= q->low + q->len)
		return topdown(q, n->rb_left);
	return 0;
}

/* The lowest fit in n's subtree; the mirror image of topdown. */
static uint32_t bottomup(const struct gap_query *q, struct rb_node *n)
{
	struct vm_area_struct *vma;
	uint32_t s, lo, hi;

	if (!n)
		return 0;
	STAT(vma_stat_gap_visits);
	vma = rb_vma(n);
	if (vma->rb_subtree_gap < q->len)
		return 0;
	if (gap_start(vma) >= q->low + q->len && (s = bottomup(q, n->rb_left)))
		return s;
	if (gap_fits(q, gap_start(vma), vma->vm_start, &lo, &hi))
		return lo;
	if (vma->vm_end <= q->high - q->len)
		return bottomup(q, n->rb_right);
	return 0;
}

/* The free space above the highest VMA is no node's gap: try it apart. */
uint32_t vma_find_gap_topdown(struct mm_struct *mm, uint32_t len,
			      uint32_t low, uint32_t high)
{
	struct gap_query q;
	uint32_t lo, hi;

	if (!gap_query_init(&q, len, low, high))
		return 0;
	if (gap_fits(&q, mm->highest_vm_end, VMA_USER_END, &lo, &hi))
		return hi - q.len;
	return topdown(&q, mm->mm_rb.rb_node);
}

uint32_t vma_find_gap_bottomup(struct mm_struct *mm, uint32_t len,
			       uint32_t low, uint32_t high)
{
	struct gap_query q;
	uint32_t s, lo, hi;

	if (!gap_query_init(&q, len, low, high))
		return 0;
	s = bottomup(&q, mm->mm_rb.rb_node);
	if (s)
		return s;
	if (gap_fits(&q, mm->highest_vm_end, VMA_USER_END, &lo, &hi))
		return lo;
	return 0;
}

/* -------------------------------------------------------------- check -- */

static int check_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		     struct vm_area_struct *prev)
{
	if (!valid_range(vma->vm_start, vma->vm_end))
		return VMA_CHECK_RANGE;
	if (prev && prev->vm_end > vma->vm_start)
		return VMA_CHECK_ORDER;
	if (vma->vm_prev != prev || (prev && prev->vm_next != vma))
		return VMA_CHECK_LIST;
	if (vma->vm_mm != mm)
		return VMA_CHECK_MM;
	if (vma->rb_subtree_gap != subtree_gap(vma))
		return VMA_CHECK_GAP;
	return 0;
}

int vma_check(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *prev = NULL;
	struct rb_node *n;
	bool cache_seen = mm->mmap_cache == NULL;
	long nodes = rb_check(&mm->mm_rb);
	uint32_t count = 0;
	int err;

	if (nodes < 0)
		return (int)nodes;
	if (mm->mmap != rb_vma(rb_first(&mm->mm_rb)))
		return VMA_CHECK_LIST;
	for (n = rb_first(&mm->mm_rb); n; n = rb_next(n)) {
		vma = rb_vma(n);
		err = check_vma(mm, vma, prev);
		if (err)
			return err;
		if (vma == mm->mmap_cache)
			cache_seen = true;
		prev = vma;
		count++;
	}
	if (prev && prev->vm_next)
		return VMA_CHECK_LIST;
	if (count != mm->map_count || (long)count != nodes)
		return VMA_CHECK_COUNT;
	if (mm->highest_vm_end != (prev ? prev->vm_end : 0))
		return VMA_CHECK_HIGHEST;
	if (!cache_seen)
		return VMA_CHECK_CACHE;
	return 0;
}
