/*
 * vma_random.c - tens of thousands of random VMA operations (insert,
 * remove, split, merge, range split, adjust, mprotect- and munmap-like
 * sequences, lookups and gap searches), each checked against a model kept
 * as a plain sorted array of intervals, with vma_check after every step,
 * kmalloc failures injected, and file references counted.
 *
 * VMA_SEED=n in the environment replays one seed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vma_harness.h"
#include "../../kernel/mm/vma.h"

/* Addresses come from 1001 slots: pages 0..899, then the last 100 pages
 * below VMA_USER_END, so both ends of user space see traffic. */
#define SLOTS 1000
#define MAXV  512

static uint32_t slot_addr(uint32_t slot)
{
	uint32_t page = slot < SLOTS - 100 ? slot : (VMA_USER_END >> PAGE_SHIFT) - (SLOTS - slot);

	return page << PAGE_SHIFT;
}

struct model {
	uint32_t start, end, flags, pgoff;
	uint8_t advice, backing;
	struct fake_file *file;
	const char *name, *owner;
};

static struct model mv[MAXV];
static int nv;
static struct mm_struct mm;
static struct fake_file files[3];
static char heap1[] = "[heap]", heap2[] = "[heap]";
static const char *const names[] = { "[anon]", heap1, heap2 };
static const char *const owners[] = { NULL, "/bin/prog", "/lib/a.lib" };
static uint64_t rng;
static unsigned long steps_done, ops_failed_as_expected;
/* Coverage: how often the interesting cases really happened. */
static unsigned long max_nv, merges_done, splits_done, gaps_found, removes_done;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

/* ---------------------------------------------------------------- model -- */

static bool labels_equal(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool model_can_merge(const struct model *a, const struct model *b)
{
	return a->end == b->start && a->flags == b->flags && a->advice == b->advice &&
	       a->backing == b->backing && a->file == b->file &&
	       labels_equal(a->name, b->name) && labels_equal(a->owner, b->owner) &&
	       (a->backing == VMA_ANON || b->pgoff == a->pgoff + (a->end - a->start));
}

/* Index of the first model VMA with end > addr, or nv. */
static int model_find(uint32_t addr)
{
	int i;

	for (i = 0; i < nv && mv[i].end <= addr; i++)
		;
	return i;
}

static void model_insert_at(int i, const struct model *m)
{
	assert_true(nv < MAXV);
	memmove(&mv[i + 1], &mv[i], (size_t)(nv - i) * sizeof(mv[0]));
	mv[i] = *m;
	nv++;
}

static void model_delete(int i)
{
	memmove(&mv[i], &mv[i + 1], (size_t)(nv - i - 1) * sizeof(mv[0]));
	nv--;
	removes_done++;
}

static void model_split(int i, uint32_t addr)
{
	struct model up = mv[i];

	up.start = addr;
	up.pgoff = mv[i].pgoff + (addr - mv[i].start);
	mv[i].end = addr;
	model_insert_at(i + 1, &up);
	splits_done++;
}

static bool model_overlaps(uint32_t s, uint32_t e)
{
	int i = model_find(s);

	return i < nv && mv[i].start < e;
}

/* Gap searches by brute force over the model's list of gaps. */
static uint32_t model_gap(uint32_t len, uint32_t low, uint32_t high, bool top)
{
	uint64_t l, lo_b, hi_b, best = 0, gs, ge, lo, hi;
	int i;

	if (len == 0 || len > VMA_USER_END)
		return 0;
	l = ((uint64_t)len + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
	lo_b = ((uint64_t)low + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
	if (lo_b < PAGE_SIZE)
		lo_b = PAGE_SIZE;
	hi_b = (uint64_t)high / PAGE_SIZE * PAGE_SIZE;
	if (hi_b > VMA_USER_END)
		hi_b = VMA_USER_END;
	for (i = 0; i <= nv; i++) {
		gs = i == 0 ? 0 : mv[i - 1].end;
		ge = i == nv ? VMA_USER_END : mv[i].start;
		lo = gs > lo_b ? gs : lo_b;
		hi = ge < hi_b ? ge : hi_b;
		if (hi <= lo || hi - lo < l)
			continue;
		if (!top)
			return (uint32_t)lo;
		best = hi - l;
	}
	return (uint32_t)best;
}

/* ------------------------------------------------------------ comparing -- */

static void compare(void)
{
	struct vm_area_struct *vma = vma_first(&mm);
	long refs[3] = { 0, 0, 0 };
	int i, f;

	assert_int_equal(vma_check(&mm), 0);
	assert_int_equal(mm.map_count, nv);
	for (i = 0; i < nv; i++, vma = vma_next(&mm, vma)) {
		assert_non_null(vma);
		assert_int_equal(vma->vm_start, mv[i].start);
		assert_int_equal(vma->vm_end, mv[i].end);
		assert_int_equal(vma->vm_flags, mv[i].flags);
		assert_int_equal(vma->vm_advice, mv[i].advice);
		assert_int_equal(vma->vm_backing, mv[i].backing);
		assert_ptr_equal(vma->vm_file, mv[i].file);
		assert_ptr_equal(vma->vm_name, mv[i].name);
		assert_ptr_equal(vma->vm_owner, mv[i].owner);
		if (mv[i].backing != VMA_ANON)
			assert_int_equal(vma->vm_pgoff, mv[i].pgoff);
		if (mv[i].file)
			refs[mv[i].file - files]++;
	}
	assert_null(vma);
	for (f = 0; f < 3; f++)
		assert_int_equal(files[f].refs, refs[f]);
	assert_int_equal(harness_live_blocks, nv);
}

/* The VMA the model has at index i, found through the set. */
static struct vm_area_struct *vma_at(int i)
{
	struct vm_area_struct *vma = find_vma(&mm, mv[i].start);

	assert_non_null(vma);
	assert_int_equal(vma->vm_start, mv[i].start);
	return vma;
}

/* ------------------------------------------------------------ operations -- */

static void random_attrs(struct model *m)
{
	static const uint32_t flag_set[] = { VM_READ | VM_WRITE, VM_READ, VM_READ | VM_EXEC };
	int kind = (int)rnd(6);

	m->flags = rnd(3) ? flag_set[0] : flag_set[rnd(3)];
	m->advice = rnd(5) == 0 ? (uint8_t)rnd(5) : 0;
	m->name = names[rnd(4) ? 0 : rnd(3)];
	m->owner = owners[rnd(3) ? 0 : rnd(3)];
	m->file = NULL;
	m->backing = VMA_ANON;
	m->pgoff = rnd(1000) * PAGE_SIZE;
	if (kind >= 3) {
		m->backing = kind == 5 ? VMA_IMAGE : VMA_FILE;
		m->file = &files[kind - 3];
		if (rnd(4))   /* identity offsets make neighbours mergeable */
			m->pgoff = m->start;
	}
}

/* Two slots s < e, the range usually short. */
static void random_range(uint32_t *s, uint32_t *e)
{
	uint32_t a = rnd(SLOTS), len = rnd(8) ? 1 + rnd(4) : 1 + rnd(SLOTS);

	*s = slot_addr(a);
	*e = slot_addr(a + len > SLOTS ? SLOTS : a + len);
}

static void op_insert(void)
{
	struct model m;
	struct vm_area_struct *vma;
	bool ok;
	int rc;

	if (nv >= MAXV - 4)
		return;
	random_range(&m.start, &m.end);
	if (rnd(20) == 0)
		m.end = rnd(2) ? m.start : m.end - 16;   /* empty or misaligned */
	random_attrs(&m);
	vma = vma_alloc();
	assert_non_null(vma);
	vma->vm_start = m.start;
	vma->vm_end = m.end;
	vma->vm_flags = m.flags;
	vma->vm_advice = m.advice;
	vma->vm_backing = m.backing;
	vma->vm_file = m.file;
	vma->vm_pgoff = m.pgoff;
	vma->vm_name = m.name;
	vma->vm_owner = m.owner;
	if (m.file)
		m.file->refs++;   /* the creator takes the VMA's reference */
	ok = m.start < m.end && (m.end & (PAGE_SIZE - 1)) == 0 && !model_overlaps(m.start, m.end);
	rc = vma_insert(&mm, vma);
	if (ok) {
		assert_int_equal(rc, 0);
		model_insert_at(model_find(m.start), &m);
	} else {
		assert_int_equal(rc, -EINVAL);
		vma_free(vma);
		ops_failed_as_expected++;
	}
}

/* A new VMA right above an existing one, usually just like it (the heap
 * or a mapping growing), so that merges have something to do. */
static void op_insert_next_to(void)
{
	struct vm_area_struct *vma;
	struct model m;
	int i;

	if (!nv || nv >= MAXV - 4)
		return;
	i = (int)rnd((uint32_t)nv);
	m = mv[i];
	m.start = mv[i].end;
	m.end = m.start + (1 + rnd(3)) * PAGE_SIZE;
	m.pgoff = mv[i].pgoff + (mv[i].end - mv[i].start);
	if (rnd(4) == 0)
		m.flags ^= VM_WRITE;
	if (m.end > VMA_USER_END || model_overlaps(m.start, m.end))
		return;
	vma = vma_alloc();
	assert_non_null(vma);
	vma->vm_start = m.start;
	vma->vm_end = m.end;
	vma->vm_flags = m.flags;
	vma->vm_advice = m.advice;
	vma->vm_backing = m.backing;
	vma->vm_file = m.file;
	vma->vm_pgoff = m.pgoff;
	vma->vm_name = m.name;
	vma->vm_owner = m.owner;
	if (m.file)
		m.file->refs++;
	assert_int_equal(vma_insert(&mm, vma), 0);
	model_insert_at(i + 1, &m);
}

static void op_remove(void)
{
	struct vm_area_struct *vma;
	int i;

	if (!nv)
		return;
	i = (int)rnd((uint32_t)nv);
	vma = vma_at(i);
	vma_remove(&mm, vma);
	vma_free(vma);
	model_delete(i);
}

static void op_split(void)
{
	struct vm_area_struct *vma, *up = NULL;
	uint32_t pages, addr;
	int i, rc;

	if (!nv)
		return;
	i = (int)rnd((uint32_t)nv);
	vma = vma_at(i);
	pages = (mv[i].end - mv[i].start) >> PAGE_SHIFT;
	addr = mv[i].start + rnd(pages + 1) * PAGE_SIZE;
	if (rnd(10) == 0)
		addr += 8;
	if (rnd(8) == 0)
		harness_kmalloc_fail_after = 0;
	rc = vma_split(&mm, vma, addr, &up);
	if (addr <= mv[i].start || addr >= mv[i].end || (addr & (PAGE_SIZE - 1))) {
		assert_int_equal(rc, -EINVAL);
		ops_failed_as_expected++;
	} else if (harness_kmalloc_fail_after == 0) {
		assert_int_equal(rc, -ENOMEM);
		ops_failed_as_expected++;
	} else {
		assert_int_equal(rc, 0);
		assert_int_equal(up->vm_start, addr);
		assert_ptr_equal(vma_next(&mm, vma), up);
		model_split(i, addr);
	}
	harness_kmalloc_fail_after = -1;
}

/* vma_merge_around on the model; returns the survivor's index. */
static int model_merge_at(int i)
{
	int lo = i;

	if (i > 0 && model_can_merge(&mv[i - 1], &mv[i])) {
		mv[i - 1].end = mv[i].end;
		model_delete(i);
		merges_done++;
		lo = i - 1;
	}
	if (lo + 1 < nv && model_can_merge(&mv[lo], &mv[lo + 1])) {
		mv[lo].end = mv[lo + 1].end;
		model_delete(lo + 1);
		merges_done++;
	}
	return lo;
}

static void op_merge(void)
{
	struct vm_area_struct *got;
	int i;

	if (!nv)
		return;
	i = (int)rnd((uint32_t)nv);
	got = vma_merge_around(&mm, vma_at(i));
	i = model_merge_at(i);
	assert_int_equal(got->vm_start, mv[i].start);
	assert_int_equal(got->vm_end, mv[i].end);
}

/* Splits range_split must make at start and end (0, 1 or 2). */
static int model_range_split(uint32_t s, uint32_t e, bool apply)
{
	int i, need = 0;

	i = model_find(s);
	if (i < nv && mv[i].start < s) {
		need++;
		if (apply)
			model_split(i, s);
	}
	i = model_find(e);
	if (i < nv && mv[i].start < e) {
		need++;
		if (apply)
			model_split(i, e);
	}
	return need;
}

static int range_split(uint32_t s, uint32_t e)
{
	int need = model_range_split(s, e, false), rc;
	long fail = rnd(6) == 0 ? (long)rnd(2) : -1;

	harness_kmalloc_fail_after = fail;
	rc = vma_range_split(&mm, s, e);
	harness_kmalloc_fail_after = -1;
	if (fail >= 0 && need > fail) {
		assert_int_equal(rc, -ENOMEM);
		ops_failed_as_expected++;
		return rc;
	}
	assert_int_equal(rc, 0);
	model_range_split(s, e, true);
	return 0;
}

static void op_range_split(void)
{
	uint32_t s, e;

	random_range(&s, &e);
	if (rnd(20) == 0) {
		assert_int_equal(vma_range_split(&mm, e, s), -EINVAL);
		assert_int_equal(vma_range_split(&mm, s + 4, e), -EINVAL);
		ops_failed_as_expected++;
		return;
	}
	range_split(s, e);
}

/* What mprotect does: split at the ends, change the whole VMAs inside,
 * merge each with its neighbours. */
static void op_protect(void)
{
	struct vm_area_struct *vma, *next;
	uint32_t s, e, flags = rnd(2) ? VM_READ : VM_READ | VM_WRITE;
	int i;

	random_range(&s, &e);
	if (range_split(s, e))
		return;
	for (i = model_find(s); i < nv && mv[i].start < e; i++)
		mv[i].flags = flags;
	for (vma = find_vma(&mm, s); vma && vma->vm_start < e; vma = vma_next(&mm, vma))
		vma->vm_flags = flags;
	compare();
	/* Merge from the top down, so the walk never meets a freed VMA. */
	vma = find_vma(&mm, e);
	vma = vma ? vma_prev(&mm, vma) : vma_last(&mm);
	for (; vma && vma->vm_end > s; vma = next) {
		next = vma_prev(&mm, vma);
		i = model_merge_at(model_find(vma->vm_start));
		vma = vma_merge_around(&mm, vma);
		assert_int_equal(vma->vm_start, mv[i].start);
		compare();
	}
}

/* What munmap does: split at the ends, remove the whole VMAs inside. */
static void op_unmap(void)
{
	struct vm_area_struct *vma, *next;
	uint32_t s, e;

	random_range(&s, &e);
	if (range_split(s, e))
		return;
	for (vma = find_vma_intersection(&mm, s, e); vma && vma->vm_start < e; vma = next) {
		next = vma_next(&mm, vma);
		vma_remove(&mm, vma);
		vma_free(vma);
	}
	while (model_find(s) < nv && mv[model_find(s)].start < e)
		model_delete(model_find(s));
}

static void op_adjust(void)
{
	struct vm_area_struct *vma;
	uint32_t s, e, lo, hi;
	int i, rc;
	bool ok;

	if (!nv)
		return;
	i = (int)rnd((uint32_t)nv);
	vma = vma_at(i);
	s = mv[i].start + (rnd(5) - 2) * PAGE_SIZE * (rnd(4) ? 1 : 10);
	e = mv[i].end + (rnd(5) - 2) * PAGE_SIZE * (rnd(4) ? 1 : 10);
	lo = i > 0 ? mv[i - 1].end : 0;
	hi = i + 1 < nv ? mv[i + 1].start : VMA_USER_END;
	ok = s < e && s >= lo && e <= hi && e <= VMA_USER_END &&
	     (mv[i].backing == VMA_ANON || s >= mv[i].start || mv[i].start - s <= mv[i].pgoff);
	rc = vma_adjust(&mm, vma, s, e);
	if (!ok) {
		assert_int_equal(rc, -EINVAL);
		ops_failed_as_expected++;
		return;
	}
	assert_int_equal(rc, 0);
	mv[i].pgoff += s - mv[i].start;
	mv[i].start = s;
	mv[i].end = e;
}

static void op_lookup(void)
{
	uint32_t addr = rnd(3) ? slot_addr(rnd(SLOTS + 1)) + rnd(PAGE_SIZE) : (uint32_t)rng;
	uint32_t len = rnd(3) * PAGE_SIZE + rnd(2);
	struct vm_area_struct *vma;
	int i = model_find(addr);

	vma = find_vma(&mm, addr);
	if (i == nv) {
		assert_null(vma);
	} else {
		assert_non_null(vma);
		assert_int_equal(vma->vm_start, mv[i].start);
	}
	vma = find_vma_intersection(&mm, addr, addr + len);
	if (i == nv || mv[i].start >= addr + len || addr + len <= addr)
		assert_null(vma);
	else
		assert_int_equal(vma->vm_start, mv[i].start);
	/* Walk backwards from there too. */
	if (i < nv && i > 0)
		assert_int_equal(vma_prev(&mm, vma_at(i))->vm_start, mv[i - 1].start);
}

static void op_gap(void)
{
	uint32_t len = rnd(4) ? (1 + rnd(12)) * PAGE_SIZE : rnd(0x100000);
	uint32_t low = rnd(2) ? slot_addr(rnd(SLOTS + 1)) : rnd(5) * 4093;
	uint32_t high = rnd(2) ? slot_addr(rnd(SLOTS + 1)) - rnd(3) : VMA_USER_END + rnd(3) * PAGE_SIZE;

	if (rnd(10) == 0)
		len = (uint32_t)rng;   /* huge */
	uint32_t want = model_gap(len, low, high, true);

	assert_int_equal(vma_find_gap_topdown(&mm, len, low, high), want);
	gaps_found += want != 0;
	assert_int_equal(vma_find_gap_bottomup(&mm, len, low, high), model_gap(len, low, high, false));
}

/* One random operation; the mix grows the set in the first third of the
 * run and thins it out in the last. */
static void one_step(unsigned step, unsigned steps)
{
	uint32_t grow = step < steps / 3 ? 40 : step > 2 * steps / 3 ? 4 : 15;
	uint32_t op = rnd(100);

	if (rnd(100) < grow) {
		if (rnd(2))
			op_insert();
		else
			op_insert_next_to();
	} else if (op < 10) {
		op_remove();
	} else if (op < 28) {
		op_split();
	} else if (op < 46) {
		op_merge();
	} else if (op < 56) {
		op_range_split();
	} else if (op < 62) {
		op_protect();
	} else if (op < 66) {
		op_unmap();
	} else if (op < 74) {
		op_adjust();
	} else if (op < 88) {
		op_lookup();
	} else {
		op_gap();
	}
}

static void run(uint64_t seed, unsigned steps)
{
	unsigned step;

	rng = seed ? seed : 1;
	mm_vma_init(&mm);
	nv = 0;
	memset(files, 0, sizeof(files));
	harness_live_blocks = 0;
	harness_kmalloc_fail_after = -1;
	for (step = 0; step < steps; step++) {
		one_step(step, steps);
		compare();
		steps_done++;
		if ((unsigned long)nv > max_nv)
			max_nv = (unsigned long)nv;
	}
	mm_vma_destroy(&mm);
	nv = 0;
	compare();
}

static uint64_t seed_for(uint64_t dflt)
{
	const char *env = getenv("VMA_SEED");

	return env ? strtoull(env, NULL, 0) : dflt;
}

#define SEED_TEST(name, seed, steps) \
static void name(void **state) \
{ \
	uint64_t s_ = seed_for(seed); \
	(void)state; \
	printf("# %s: seed %llu, %u steps\n", #name, (unsigned long long)s_, steps); \
	run(s_, steps); \
}
SEED_TEST(test_random_a, 1, 20000)
SEED_TEST(test_random_b, 0x9e3779b97f4a7c15ull, 20000)
SEED_TEST(test_random_c, 20240611, 20000)

static void test_summary(void **state)
{
	(void)state;
	printf("# %lu steps checked against the model, %lu failures provoked and matched\n",
	       steps_done, ops_failed_as_expected);
	printf("# largest set %lu VMAs; %lu splits, %lu merges, %lu removals, %lu gaps found\n",
	       max_nv, splits_done, merges_done, removes_done, gaps_found);
	assert_true(steps_done >= 60000);
	assert_true(max_nv >= 100);
	assert_true(splits_done > 1000 && merges_done > 1000 && removes_done > 1000);
	assert_true(gaps_found > 1000);
	assert_true(ops_failed_as_expected > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_a),
		cmocka_unit_test(test_random_b),
		cmocka_unit_test(test_random_c),
		cmocka_unit_test(test_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
