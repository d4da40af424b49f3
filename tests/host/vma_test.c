/*
 * vma_test.c - unit tests of the VMA set (kernel/mm/vma.c): each operation
 * and its edge cases, with vma_check after every change.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vma_harness.h"
#include "../../kernel/mm/vma.h"

#define P(n) ((uint32_t)(n) * PAGE_SIZE)   /* page n's address */

struct span {
	uint32_t start, end;
};

static struct mm_struct mm;

static int setup(void **state)
{
	(void)state;
	mm_vma_init(&mm);
	harness_kmalloc_fail_after = -1;
	harness_live_blocks = 0;
	harness_panic_jmp = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mm_vma_destroy(&mm);
	assert_int_equal(harness_live_blocks, 0);
	return 0;
}

/* A new anonymous rw VMA [P(s), P(e)), inserted; it must succeed. */
static struct vm_area_struct *mk(uint32_t s, uint32_t e)
{
	struct vm_area_struct *vma = vma_alloc();

	assert_non_null(vma);
	vma->vm_start = P(s);
	vma->vm_end = P(e);
	vma->vm_flags = VM_READ | VM_WRITE;
	vma->vm_name = "[anon]";
	assert_int_equal(vma_insert(&mm, vma), 0);
	assert_int_equal(vma_check(&mm), 0);
	return vma;
}

/* The set is exactly these page spans, in order, both ways. */
static void expect_layout(const struct span *want, size_t n)
{
	struct vm_area_struct *vma = vma_first(&mm), *last = NULL;
	size_t i;

	assert_int_equal(vma_check(&mm), 0);
	assert_int_equal(mm.map_count, n);
	for (i = 0; i < n; i++, vma = vma_next(&mm, vma)) {
		assert_non_null(vma);
		assert_int_equal(vma->vm_start, P(want[i].start));
		assert_int_equal(vma->vm_end, P(want[i].end));
		last = vma;
	}
	assert_null(vma);
	assert_ptr_equal(vma_last(&mm), last);
	for (i = n; i-- > 0; last = vma_prev(&mm, last)) {
		assert_non_null(last);
		assert_int_equal(last->vm_start, P(want[i].start));
	}
	assert_null(last);
}
#define EXPECT(...) do { \
	const struct span w_[] = { __VA_ARGS__ }; \
	expect_layout(w_, sizeof(w_) / sizeof(w_[0])); \
} while (0)

/* ------------------------------------------------------------- basics -- */

static void test_empty(void **state)
{
	(void)state;
	assert_int_equal(vma_check(&mm), 0);
	assert_null(find_vma(&mm, 0));
	assert_null(find_vma(&mm, 0xBFFFFFFF));
	assert_null(vma_first(&mm));
	assert_null(vma_last(&mm));
	assert_null(find_vma_intersection(&mm, 0, VMA_USER_END));
	assert_int_equal(vma_find_gap_topdown(&mm, PAGE_SIZE, 0, VMA_USER_END),
			 VMA_USER_END - PAGE_SIZE);
	assert_int_equal(vma_find_gap_bottomup(&mm, PAGE_SIZE, 0, VMA_USER_END), PAGE_SIZE);
	assert_int_equal(vma_range_split(&mm, P(1), P(5)), 0);
	assert_int_equal(mm.map_count, 0);
}

static void test_alloc_zeroed(void **state)
{
	struct vm_area_struct *vma, zero;

	(void)state;
	memset(&zero, 0, sizeof(zero));
	vma = vma_alloc();
	assert_non_null(vma);
	assert_memory_equal(vma, &zero, sizeof(zero));
	vma_free(vma);
	vma_free(NULL);
	harness_kmalloc_fail_after = 0;
	assert_null(vma_alloc());
}

static void test_insert_order(void **state)
{
	(void)state;
	mk(20, 30);
	mk(5, 6);
	mk(40, 50);
	mk(30, 31);   /* touching both sides is fine */
	mk(0, 1);     /* page 0 is allowed here; policy is the caller's */
	mk(0xBFFF0, 0xC0000);
	EXPECT({ 0, 1 }, { 5, 6 }, { 20, 30 }, { 30, 31 }, { 40, 50 }, { 0xBFFF0, 0xC0000 });
	assert_int_equal(mm.highest_vm_end, VMA_USER_END);
	assert_ptr_equal(vma_first(&mm)->vm_mm, &mm);
}

static void test_insert_invalid(void **state)
{
	static const struct { uint32_t s, e; } bad[] = {
		{ P(10), P(10) },          /* empty */
		{ P(11), P(10) },          /* reversed */
		{ P(10) + 1, P(12) },      /* misaligned start */
		{ P(10), P(12) - 1 },      /* misaligned end */
		{ P(10), VMA_USER_END + PAGE_SIZE },   /* above user space */
		{ 0xFFFFF000, 0 },         /* wraps */
		{ P(20), P(30) },          /* the same range */
		{ P(22), P(25) },          /* inside */
		{ P(15), P(35) },          /* around */
		{ P(15), P(21) },          /* over the start */
		{ P(29), P(31) },          /* over the end */
		{ P(29), P(41) },          /* over two */
	};
	struct vm_area_struct *vma;
	size_t i;

	(void)state;
	mk(20, 30);
	mk(40, 50);
	vma = vma_alloc();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		vma->vm_start = bad[i].s;
		vma->vm_end = bad[i].e;
		assert_int_equal(vma_insert(&mm, vma), -EINVAL);
		EXPECT({ 20, 30 }, { 40, 50 });
	}
	vma_free(vma);
}

/* ------------------------------------------------------------- lookup -- */

static void test_find_vma(void **state)
{
	struct vm_area_struct *a, *b, *c;

	(void)state;
	a = mk(10, 20);
	b = mk(30, 40);
	c = mk(40, 41);
	assert_ptr_equal(find_vma(&mm, 0), a);             /* below: the next one */
	assert_ptr_equal(find_vma(&mm, P(10)), a);
	assert_ptr_equal(find_vma(&mm, P(20) - 1), a);
	assert_ptr_equal(find_vma(&mm, P(20)), b);         /* vm_end is outside */
	assert_ptr_equal(find_vma(&mm, P(25)), b);         /* in a gap */
	assert_ptr_equal(find_vma(&mm, P(40)), c);
	assert_ptr_equal(find_vma(&mm, P(41) - 1), c);
	assert_null(find_vma(&mm, P(41)));
	assert_null(find_vma(&mm, 0xFFFFFFFF));
	/* The cache holds the last answer and is used when it covers addr. */
	assert_ptr_equal(find_vma(&mm, P(15)), a);
	assert_ptr_equal(mm.mmap_cache, a);
	assert_ptr_equal(find_vma(&mm, P(35)), b);
	assert_ptr_equal(mm.mmap_cache, b);
	assert_ptr_equal(find_vma(&mm, P(5)), a);   /* not inside b: the tree answers */
	assert_int_equal(vma_check(&mm), 0);
}

static void test_find_vma_intersection(void **state)
{
	struct vm_area_struct *a, *b;

	(void)state;
	a = mk(10, 20);
	b = mk(30, 40);
	assert_null(find_vma_intersection(&mm, 0, P(10)));
	assert_ptr_equal(find_vma_intersection(&mm, 0, P(10) + 1), a);
	assert_ptr_equal(find_vma_intersection(&mm, P(19), P(31)), a);
	assert_null(find_vma_intersection(&mm, P(20), P(30)));
	assert_ptr_equal(find_vma_intersection(&mm, P(20), P(30) + 1), b);
	assert_ptr_equal(find_vma_intersection(&mm, P(39), P(100)), b);
	assert_null(find_vma_intersection(&mm, P(40), P(100)));
	assert_null(find_vma_intersection(&mm, P(15), P(15)));   /* empty */
	assert_null(find_vma_intersection(&mm, P(16), P(15)));
}

/* ------------------------------------------------------------- remove -- */

static void test_remove(void **state)
{
	struct vm_area_struct *a, *b, *c, *d;

	(void)state;
	a = mk(10, 20);
	b = mk(30, 40);
	c = mk(50, 60);
	d = mk(70, 80);
	assert_ptr_equal(find_vma(&mm, P(35)), b);
	vma_remove(&mm, b);
	assert_null(mm.mmap_cache);   /* it pointed at b */
	assert_null(b->vm_mm);
	vma_free(b);
	EXPECT({ 10, 20 }, { 50, 60 }, { 70, 80 });
	assert_ptr_equal(find_vma(&mm, P(35)), c);
	vma_remove(&mm, d);
	vma_free(d);
	EXPECT({ 10, 20 }, { 50, 60 });
	assert_int_equal(mm.highest_vm_end, P(60));
	vma_remove(&mm, a);
	vma_free(a);
	EXPECT({ 50, 60 });
	vma_remove(&mm, c);
	vma_free(c);
	assert_int_equal(mm.map_count, 0);
	assert_int_equal(mm.highest_vm_end, 0);
	assert_null(vma_first(&mm));
	assert_int_equal(vma_check(&mm), 0);
}

static void test_remove_foreign_panics(void **state)
{
	struct mm_struct other;
	struct vm_area_struct *vma;
	jmp_buf jb;

	(void)state;
	mm_vma_init(&other);
	vma = mk(10, 20);
	harness_panic_jmp = &jb;
	if (setjmp(jb) == 0) {
		vma_remove(&other, vma);
		fail_msg("vma_remove of a VMA of another mm did not panic");
	}
	harness_panic_jmp = NULL;
	assert_non_null(strstr(harness_panic_msg, "not in this mm"));
	EXPECT({ 10, 20 });
}

/* -------------------------------------------------------------- split -- */

static void test_split(void **state)
{
	struct fake_file file = { 1 };
	struct vm_area_struct *a, *up = NULL;

	(void)state;
	a = mk(10, 20);
	a->vm_backing = VMA_FILE;
	a->vm_file = &file;
	a->vm_pgoff = P(3);
	a->vm_owner = "/bin/prog";
	a->vm_advice = 2;
	mk(30, 31);
	assert_int_equal(vma_split(&mm, a, P(14), &up), 0);
	EXPECT({ 10, 14 }, { 14, 20 }, { 30, 31 });
	assert_ptr_equal(vma_next(&mm, a), up);
	assert_int_equal(a->vm_pgoff, P(3));
	assert_int_equal(up->vm_pgoff, P(3 + 4));
	assert_ptr_equal(up->vm_file, &file);
	assert_int_equal(file.refs, 2);
	assert_int_equal(up->vm_flags, a->vm_flags);
	assert_int_equal(up->vm_advice, 2);
	assert_int_equal(up->vm_backing, VMA_FILE);
	assert_string_equal(up->vm_name, "[anon]");
	assert_string_equal(up->vm_owner, "/bin/prog");
	assert_ptr_equal(up->vm_mm, &mm);
	/* newp may be NULL */
	assert_int_equal(vma_split(&mm, up, P(19), NULL), 0);
	EXPECT({ 10, 14 }, { 14, 19 }, { 19, 20 }, { 30, 31 });
	assert_int_equal(file.refs, 3);
	assert_int_equal(vma_next(&mm, up)->vm_pgoff, P(3 + 9));
	mm_vma_destroy(&mm);
	assert_int_equal(file.refs, 0);
}

static void test_split_invalid(void **state)
{
	struct vm_area_struct *a, *up = NULL;
	static const uint32_t bad[] = { P(10), P(20), P(5), P(25), P(12) + 1, 0, 0xFFFFF000 };
	size_t i;

	(void)state;
	a = mk(10, 20);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(vma_split(&mm, a, bad[i], &up), -EINVAL);
		EXPECT({ 10, 20 });
	}
	assert_null(up);
	harness_kmalloc_fail_after = 0;
	assert_int_equal(vma_split(&mm, a, P(15), &up), -ENOMEM);
	assert_null(up);
	EXPECT({ 10, 20 });
}

/* Splitting a node that has a right subtree links the new one below its
 * successor: build enough VMAs that every shape occurs. */
static void test_split_every_node(void **state)
{
	struct vm_area_struct *vma;
	int i;

	(void)state;
	for (i = 0; i < 64; i++)
		mk(4 * i, 4 * i + 2);
	for (i = 0; i < 64; i++) {
		vma = find_vma(&mm, P(4 * i));
		assert_int_equal(vma_split(&mm, vma, P(4 * i + 1), NULL), 0);
		assert_int_equal(vma_check(&mm), 0);
	}
	assert_int_equal(mm.map_count, 128);
	for (i = 0, vma = vma_first(&mm); vma; vma = vma_next(&mm, vma), i++)
		assert_int_equal(vma->vm_start, P(4 * (i / 2) + (i % 2)));
}

/* -------------------------------------------------------------- merge -- */

static void test_can_merge(void **state)
{
	struct fake_file f1 = { 0 }, f2 = { 0 };
	struct vm_area_struct a, b;
	char heap_copy[] = "[heap]";

	(void)state;
	memset(&a, 0, sizeof(a));
	a.vm_start = P(1);
	a.vm_end = P(3);
	a.vm_flags = VM_READ;
	a.vm_name = "[heap]";
	a.vm_owner = "/bin/prog";
	b = a;
	b.vm_start = P(3);
	b.vm_end = P(4);
	b.vm_pgoff = P(77);        /* anonymous: offsets do not matter */
	b.vm_name = heap_copy;     /* same label, other pointer */
	assert_true(vma_can_merge(&a, &b));
	assert_false(vma_can_merge(&b, &a));   /* b does not end where a starts */
	assert_false(vma_can_merge(NULL, &b));
	assert_false(vma_can_merge(&a, NULL));

	b.vm_start = P(4);
	assert_false(vma_can_merge(&a, &b));   /* a hole between */
	b.vm_start = P(3);

	b.vm_flags = VM_READ | VM_WRITE;
	assert_false(vma_can_merge(&a, &b));
	b.vm_flags = a.vm_flags;
	b.vm_advice = 1;
	assert_false(vma_can_merge(&a, &b));
	b.vm_advice = 0;
	b.vm_name = "[stack]";
	assert_false(vma_can_merge(&a, &b));
	b.vm_name = NULL;
	assert_false(vma_can_merge(&a, &b));
	b.vm_name = "[heap]";
	b.vm_owner = "/lib/x.lib";
	assert_false(vma_can_merge(&a, &b));
	b.vm_owner = NULL;
	assert_false(vma_can_merge(&a, &b));
	a.vm_owner = NULL;
	assert_true(vma_can_merge(&a, &b));

	/* Backed: the same file, and b continues a's run of it. */
	a.vm_backing = b.vm_backing = VMA_FILE;
	a.vm_file = &f1;
	b.vm_file = &f1;
	a.vm_pgoff = P(10);
	b.vm_pgoff = P(12);
	assert_true(vma_can_merge(&a, &b));
	b.vm_pgoff = P(13);
	assert_false(vma_can_merge(&a, &b));
	b.vm_pgoff = P(12);
	b.vm_file = &f2;
	assert_false(vma_can_merge(&a, &b));
	b.vm_file = &f1;
	b.vm_backing = VMA_IMAGE;
	assert_false(vma_can_merge(&a, &b));
	a.vm_backing = VMA_IMAGE;
	assert_true(vma_can_merge(&a, &b));
	b.vm_pgoff = P(11);
	assert_false(vma_can_merge(&a, &b));
}

static void test_merge_around(void **state)
{
	struct vm_area_struct *a, *b, *c, *d, *r;

	(void)state;
	a = mk(10, 20);
	b = mk(20, 25);
	c = mk(25, 30);
	d = mk(31, 40);   /* not adjacent */
	/* Make b different, then equal again, and merge it from the middle. */
	b->vm_flags = VM_READ;
	assert_ptr_equal(vma_merge_around(&mm, b), b);
	EXPECT({ 10, 20 }, { 20, 25 }, { 25, 30 }, { 31, 40 });
	assert_ptr_equal(find_vma(&mm, P(27)), c);   /* cache on c, which goes */
	b->vm_flags = VM_READ | VM_WRITE;
	r = vma_merge_around(&mm, b);
	assert_ptr_equal(r, a);                       /* the lowest survives */
	assert_null(mm.mmap_cache);
	EXPECT({ 10, 30 }, { 31, 40 });
	assert_ptr_equal(vma_merge_around(&mm, d), d);
	EXPECT({ 10, 30 }, { 31, 40 });
	/* Only with the next one. */
	c = mk(40, 45);
	assert_ptr_equal(vma_merge_around(&mm, d), d);
	EXPECT({ 10, 30 }, { 31, 45 });
	/* Only with the previous one. */
	c = mk(45, 46);
	c->vm_flags = VM_READ;
	d = mk(46, 47);
	d->vm_flags = VM_READ;
	mk(47, 48);
	assert_ptr_equal(vma_merge_around(&mm, d), c);
	EXPECT({ 10, 30 }, { 31, 45 }, { 45, 47 }, { 47, 48 });
}

static void test_merge_drops_file_refs(void **state)
{
	struct fake_file file = { 0 };
	struct vm_area_struct *vma;
	int i;

	(void)state;
	for (i = 0; i < 4; i++) {
		vma = mk(10 + i, 11 + i);
		vma->vm_backing = VMA_FILE;
		vma->vm_file = &file;
		vma->vm_pgoff = P(100 + i);
		file.refs++;
	}
	vma = find_vma(&mm, P(12));
	vma = vma_merge_around(&mm, vma);   /* both sides */
	EXPECT({ 10, 11 }, { 11, 14 });
	assert_int_equal(vma->vm_start, P(11));
	assert_int_equal(vma->vm_pgoff, P(101));
	assert_int_equal(file.refs, 2);
	vma = vma_merge_around(&mm, vma_first(&mm));
	EXPECT({ 10, 14 });
	assert_int_equal(vma->vm_pgoff, P(100));
	assert_int_equal(file.refs, 1);
	mm_vma_destroy(&mm);
	assert_int_equal(file.refs, 0);
}

/* -------------------------------------------------------- range split -- */

static void test_range_split(void **state)
{
	struct vm_area_struct *a;
	long calls;

	(void)state;
	a = mk(10, 30);
	a->vm_pgoff = P(1);
	mk(40, 50);
	/* Inside one VMA: two splits of it. */
	assert_int_equal(vma_range_split(&mm, P(15), P(20)), 0);
	EXPECT({ 10, 15 }, { 15, 20 }, { 20, 30 }, { 40, 50 });
	assert_int_equal(find_vma(&mm, P(20))->vm_pgoff, P(11));
	/* Across a gap and two VMAs. */
	assert_int_equal(vma_range_split(&mm, P(25), P(45)), 0);
	EXPECT({ 10, 15 }, { 15, 20 }, { 20, 25 }, { 25, 30 }, { 40, 45 }, { 45, 50 });
	/* Already on boundaries, or in gaps: no allocation at all. */
	calls = harness_kmalloc_calls;
	harness_kmalloc_fail_after = 0;
	assert_int_equal(vma_range_split(&mm, P(10), P(50)), 0);
	assert_int_equal(vma_range_split(&mm, P(32), P(38)), 0);
	assert_int_equal(vma_range_split(&mm, P(0), P(100)), 0);
	assert_int_equal(harness_kmalloc_calls, calls);
	EXPECT({ 10, 15 }, { 15, 20 }, { 20, 25 }, { 25, 30 }, { 40, 45 }, { 45, 50 });
	harness_kmalloc_fail_after = -1;
	/* One end only. */
	assert_int_equal(vma_range_split(&mm, P(12), P(35)), 0);
	EXPECT({ 10, 12 }, { 12, 15 }, { 15, 20 }, { 20, 25 }, { 25, 30 }, { 40, 45 }, { 45, 50 });
	assert_int_equal(vma_range_split(&mm, P(35), P(48)), 0);
	EXPECT({ 10, 12 }, { 12, 15 }, { 15, 20 }, { 20, 25 }, { 25, 30 }, { 40, 45 },
	       { 45, 48 }, { 48, 50 });
}

static void test_range_split_failures(void **state)
{
	(void)state;
	mk(10, 30);
	mk(40, 50);
	/* No memory for the first or for the second split: nothing changes. */
	harness_kmalloc_fail_after = 0;
	assert_int_equal(vma_range_split(&mm, P(15), P(20)), -ENOMEM);
	EXPECT({ 10, 30 }, { 40, 50 });
	harness_kmalloc_fail_after = 1;
	assert_int_equal(vma_range_split(&mm, P(15), P(20)), -ENOMEM);
	EXPECT({ 10, 30 }, { 40, 50 });
	harness_kmalloc_fail_after = 1;
	assert_int_equal(vma_range_split(&mm, P(25), P(45)), -ENOMEM);
	EXPECT({ 10, 30 }, { 40, 50 });
	assert_int_equal(harness_live_blocks, 2);   /* the spare was given back */
	harness_kmalloc_fail_after = -1;
	/* Bad ranges. */
	assert_int_equal(vma_range_split(&mm, P(15), P(15)), -EINVAL);
	assert_int_equal(vma_range_split(&mm, P(16), P(15)), -EINVAL);
	assert_int_equal(vma_range_split(&mm, P(15) + 8, P(20)), -EINVAL);
	assert_int_equal(vma_range_split(&mm, P(15), P(20) - 8), -EINVAL);
	assert_int_equal(vma_range_split(&mm, P(15), VMA_USER_END + PAGE_SIZE), -EINVAL);
	EXPECT({ 10, 30 }, { 40, 50 });
	/* Up to the very end of user space. */
	mk(0xBFF00, 0xC0000);
	assert_int_equal(vma_range_split(&mm, P(0xBFF80), VMA_USER_END), 0);
	EXPECT({ 10, 30 }, { 40, 50 }, { 0xBFF00, 0xBFF80 }, { 0xBFF80, 0xC0000 });
}

/* ------------------------------------------------------------- adjust -- */

static void test_adjust(void **state)
{
	struct vm_area_struct *heap, *stack, *img;

	(void)state;
	img = mk(8, 10);
	img->vm_backing = VMA_IMAGE;
	img->vm_pgoff = P(1);
	heap = mk(20, 21);
	stack = mk(100, 104);
	/* brk up and down */
	assert_int_equal(vma_adjust(&mm, heap, P(20), P(60)), 0);
	EXPECT({ 8, 10 }, { 20, 60 }, { 100, 104 });
	assert_int_equal(vma_adjust(&mm, heap, P(20), P(22)), 0);
	EXPECT({ 8, 10 }, { 20, 22 }, { 100, 104 });
	/* up to the next VMA but not into it */
	assert_int_equal(vma_adjust(&mm, heap, P(20), P(100)), 0);
	assert_int_equal(vma_adjust(&mm, heap, P(20), P(101)), -EINVAL);
	assert_int_equal(vma_adjust(&mm, heap, P(9), P(30)), -EINVAL);
	assert_int_equal(vma_adjust(&mm, heap, P(20), P(20)), -EINVAL);
	assert_int_equal(vma_adjust(&mm, heap, P(20) + 1, P(30)), -EINVAL);
	EXPECT({ 8, 10 }, { 20, 100 }, { 100, 104 });
	/* the stack grows down; the top VMA moves highest_vm_end */
	assert_int_equal(vma_adjust(&mm, stack, P(101), P(0xC0000)), 0);
	assert_int_equal(mm.highest_vm_end, VMA_USER_END);
	assert_int_equal(vma_adjust(&mm, stack, P(101), P(0xC0001)), -EINVAL);
	assert_int_equal(stack->vm_pgoff, P(1));
	assert_int_equal(vma_adjust(&mm, heap, P(20), P(50)), 0);
	assert_int_equal(vma_adjust(&mm, stack, P(60), P(0xC0000)), 0);
	EXPECT({ 8, 10 }, { 20, 50 }, { 60, 0xC0000 });
	/* an image cannot start before its offset 0 */
	assert_int_equal(vma_adjust(&mm, img, P(6), P(10)), -EINVAL);
	assert_int_equal(vma_adjust(&mm, img, P(7), P(10)), 0);
	assert_int_equal(img->vm_pgoff, 0);
	assert_int_equal(vma_adjust(&mm, img, P(9), P(10)), 0);
	assert_int_equal(img->vm_pgoff, P(2));
	EXPECT({ 9, 10 }, { 20, 50 }, { 60, 0xC0000 });
	assert_int_equal(vma_find_gap_topdown(&mm, P(10), 0, VMA_USER_END), P(50));
}

/* --------------------------------------------------------- gap search -- */

static void test_gap_search(void **state)
{
	(void)state;
	mk(16, 20);        /* gap [0,16) below */
	mk(30, 32);        /* gap [20,30): 10 pages */
	mk(35, 100);       /* gap [32,35): 3 pages */
	mk(104, 110);      /* gap [100,104): 4 pages; above: [110, end) */
	/* Whole space. */
	assert_int_equal(vma_find_gap_topdown(&mm, P(1), 0, VMA_USER_END), VMA_USER_END - P(1));
	assert_int_equal(vma_find_gap_bottomup(&mm, P(1), 0, VMA_USER_END), P(1));
	/* Below the top gap. */
	assert_int_equal(vma_find_gap_topdown(&mm, P(3), 0, P(104)), P(101));
	assert_int_equal(vma_find_gap_topdown(&mm, P(3), 0, P(100)), P(32));
	assert_int_equal(vma_find_gap_topdown(&mm, P(4), 0, P(100)), P(26));
	assert_int_equal(vma_find_gap_topdown(&mm, P(4), 0, P(104)), P(100));
	assert_int_equal(vma_find_gap_topdown(&mm, P(11), 0, P(104)), P(5));
	assert_int_equal(vma_find_gap_topdown(&mm, P(16), 0, P(104)), 0);   /* page 0 is out */
	assert_int_equal(vma_find_gap_topdown(&mm, P(15), 0, P(104)), P(1));
	/* Bottom up. */
	assert_int_equal(vma_find_gap_bottomup(&mm, P(15), 0, VMA_USER_END), P(1));
	assert_int_equal(vma_find_gap_bottomup(&mm, P(3), P(16), VMA_USER_END), P(20));
	assert_int_equal(vma_find_gap_bottomup(&mm, P(3), P(28), VMA_USER_END), P(32));
	assert_int_equal(vma_find_gap_bottomup(&mm, P(4), P(28), VMA_USER_END), P(100));
	assert_int_equal(vma_find_gap_bottomup(&mm, P(11), P(16), VMA_USER_END), P(110));
	assert_int_equal(vma_find_gap_bottomup(&mm, P(11), P(16), P(120)), 0);
	assert_int_equal(vma_find_gap_bottomup(&mm, P(11), P(16), P(121)), P(110));
	/* Clipping inside one gap. */
	assert_int_equal(vma_find_gap_topdown(&mm, P(2), P(22), P(27)), P(25));
	assert_int_equal(vma_find_gap_bottomup(&mm, P(2), P(22), P(27)), P(22));
	assert_int_equal(vma_find_gap_topdown(&mm, P(6), P(22), P(27)), 0);
	/* Rounding: len up, low up, high down. */
	assert_int_equal(vma_find_gap_topdown(&mm, P(3) + 1, 0, P(100)), P(26));
	assert_int_equal(vma_find_gap_bottomup(&mm, P(2), P(21) + 1, P(30)), P(22));
	assert_int_equal(vma_find_gap_topdown(&mm, P(2), P(21), P(30) - 1), P(27));
	/* Impossible requests. */
	assert_int_equal(vma_find_gap_topdown(&mm, 0, 0, VMA_USER_END), 0);
	assert_int_equal(vma_find_gap_topdown(&mm, 0xFFFFF000, 0, VMA_USER_END), 0);
	assert_int_equal(vma_find_gap_bottomup(&mm, P(1), P(50), P(50)), 0);
	assert_int_equal(vma_find_gap_bottomup(&mm, P(1), P(60), P(50)), 0);
	assert_int_equal(vma_find_gap_topdown(&mm, P(1), 0xFFFFFFFF, 0xFFFFFFFF), 0);
	/* high above user space is clamped */
	assert_int_equal(vma_find_gap_topdown(&mm, P(1), 0, 0xFFFFFFFF), VMA_USER_END - P(1));
	/* A gap of exactly len. */
	assert_int_equal(vma_find_gap_bottomup(&mm, P(10), P(16), VMA_USER_END), P(20));
	/* Fill the top: the search falls back into the tree. */
	mk(110, 0xC0000);
	assert_int_equal(vma_find_gap_topdown(&mm, P(4), 0, VMA_USER_END), P(100));
	assert_int_equal(vma_find_gap_topdown(&mm, P(20), 0, VMA_USER_END), 0);
}

/* ------------------------------------------------------- destroy/check -- */

static void test_destroy(void **state)
{
	struct fake_file file = { 0 };
	struct vm_area_struct *vma;
	int i;

	(void)state;
	for (i = 0; i < 100; i++) {
		vma = mk(3 * i, 3 * i + 2);
		if (i % 3 == 0) {
			vma->vm_backing = VMA_FILE;
			vma->vm_file = &file;
			file.refs++;
		}
	}
	assert_int_equal(harness_live_blocks, 100);
	mm_vma_destroy(&mm);
	assert_int_equal(harness_live_blocks, 0);
	assert_int_equal(file.refs, 0);
	assert_int_equal(mm.map_count, 0);
	assert_null(mm.mm_rb.rb_node);
	assert_null(mm.mmap);
	assert_int_equal(vma_check(&mm), 0);
	mk(1, 2);   /* usable again */
}

/* The checker itself must catch broken sets. */
static void test_check_catches(void **state)
{
	struct vm_area_struct *vma, *mid, outsider;
	int i;

	(void)state;
	for (i = 0; i < 15; i++)
		mk(4 * i, 4 * i + 2 + (i % 2));
	mid = find_vma(&mm, P(28));
	assert_int_equal(vma_check(&mm), 0);

	mid->rb_subtree_gap++;
	assert_int_equal(vma_check(&mm), VMA_CHECK_GAP);
	mid->rb_subtree_gap--;

	mm.map_count++;
	assert_int_equal(vma_check(&mm), VMA_CHECK_COUNT);
	mm.map_count--;

	mm.highest_vm_end += PAGE_SIZE;
	assert_int_equal(vma_check(&mm), VMA_CHECK_HIGHEST);
	mm.highest_vm_end -= PAGE_SIZE;

	mm.mmap_cache = &outsider;
	assert_int_equal(vma_check(&mm), VMA_CHECK_CACHE);
	mm.mmap_cache = NULL;

	mid->vm_mm = NULL;
	assert_int_equal(vma_check(&mm), VMA_CHECK_MM);
	mid->vm_mm = &mm;

	mid->vm_end += 1;
	assert_int_equal(vma_check(&mm), VMA_CHECK_RANGE);
	mid->vm_end -= 1;

	mid->vm_end += 2 * PAGE_SIZE;   /* now overlaps its successor */
	assert_int_equal(vma_check(&mm), VMA_CHECK_ORDER);
	mid->vm_end -= 2 * PAGE_SIZE;

	vma = mid->vm_next;
	mid->vm_next = vma->vm_next;
	assert_int_equal(vma_check(&mm), VMA_CHECK_LIST);
	mid->vm_next = vma;

	/* Paint the root red, then a black node red. */
	mm.mm_rb.rb_node->__rb_parent_color &= ~(uintptr_t)1;
	assert_int_equal(vma_check(&mm), RB_CHECK_ROOT_RED);
	mm.mm_rb.rb_node->__rb_parent_color |= 1;
	vma = vma_first(&mm);
	while (rb_color(&vma->vm_rb) != RB_BLACK || !rb_parent(&vma->vm_rb))
		vma = vma_next(&mm, vma);
	vma->vm_rb.__rb_parent_color &= ~(uintptr_t)1;
	assert_true(vma_check(&mm) == RB_CHECK_RED_RED || vma_check(&mm) == RB_CHECK_BLACK_HT);
	vma->vm_rb.__rb_parent_color |= 1;
	assert_int_equal(vma_check(&mm), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_empty),
		T(test_alloc_zeroed),
		T(test_insert_order),
		T(test_insert_invalid),
		T(test_find_vma),
		T(test_find_vma_intersection),
		T(test_remove),
		T(test_remove_foreign_panics),
		T(test_split),
		T(test_split_invalid),
		T(test_split_every_node),
		T(test_can_merge),
		T(test_merge_around),
		T(test_merge_drops_file_refs),
		T(test_range_split),
		T(test_range_split_failures),
		T(test_adjust),
		T(test_gap_search),
		T(test_destroy),
		T(test_check_catches),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
