/*
 * frame_test.c - kernel/mm/frame.c over fake memory maps.
 *
 * Lowmem is an mmap(MAP_NORESERVE) arena standing in for the direct map,
 * so only the pages the allocator really touches cost memory.  Every map is
 * checked against an independent, deliberately naive model (one frame at a
 * time against every entry) and then exhausted: every frame handed out must
 * be usable RAM, outside the reserved ranges and the bookkeeping, unique,
 * below lowmem_limit for the kernel; frees must make all of them available
 * again.  panic() longjmps back into the test that expects it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <kernel.h>
#include <errno.h>          /* Linux values, the same as brink/abi.h */
#include "../../kernel/mm/frame.h"

#define MiB  (1024u * 1024u)
#define GiB  (1024ull * MiB)
#define NF_4G 0x100000u

/* ---- what the kernel provides ---- */

static uint8_t *arena;
static size_t arena_size;
static paddr_t last_p2v;

void *phys_to_virt(paddr_t pa)
{
	if (pa >= arena_size)
		fail_msg("phys_to_virt(0x%x) beyond lowmem (0x%zx)", pa, arena_size);
	last_p2v = pa;
	return arena + pa;
}

static jmp_buf panic_jmp;
static bool panic_armed;
static char panic_msg[256];

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(panic_msg, sizeof panic_msg, fmt, ap);
	va_end(ap);
	if (panic_armed) {
		panic_armed = false;
		longjmp(panic_jmp, 1);
	}
	fail_msg("unexpected panic: %s", panic_msg);
	abort();
}

/* Run stmt, which must panic with a message containing want. */
#define EXPECT_PANIC(stmt, want) do {                                       \
		panic_msg[0] = 0;                                           \
		panic_armed = true;                                         \
		if (setjmp(panic_jmp) == 0) {                               \
			stmt;                                               \
			panic_armed = false;                                \
			fail_msg("no panic from %s", #stmt);                \
		}                                                           \
		if (!strstr(panic_msg, want))                               \
			fail_msg("panic \"%s\" lacks \"%s\"", panic_msg, want); \
	} while (0)

static void arena_map(size_t size)
{
	arena_size = size;
	arena = mmap(NULL, size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	assert_true(arena != MAP_FAILED);
}

static int teardown(void **state)
{
	(void)state;
	if (arena) {
		munmap(arena, arena_size);
		arena = NULL;
	}
	return 0;
}

/* ---- the model ---- */

struct layout {
	const struct phys_region *map;
	size_t n;
	const struct phys_range *res;
	size_t nres;
	paddr_t lowmem;
};

static bool model_usable(const struct layout *l, uint32_t f)
{
	uint64_t s = (uint64_t)f * PAGE_SIZE, e = s + PAGE_SIZE;
	bool in = false;
	for (size_t i = 0; i < l->n; i++) {
		uint64_t rs = l->map[i].addr, re = rs + l->map[i].len;
		if (re < rs)
			re = UINT64_MAX;
		if (l->map[i].type == 1 && rs <= s && e <= re)
			in = true;
		if (l->map[i].type != 1 && rs < e && s < re)
			return false;
	}
	return in;
}

static bool model_reserved(const struct layout *l, uint32_t f)
{
	uint64_t s = (uint64_t)f * PAGE_SIZE, e = s + PAGE_SIZE;
	if (f == 0)
		return true;
	for (size_t i = 0; i < l->nres; i++)
		if (l->res[i].start < e && s < l->res[i].end)
			return true;
	return false;
}

struct expect {
	uint32_t total, reserved, top;          /* top: highest usable frame + 1 */
	uint32_t free_low, free_high;           /* after the bookkeeping */
	paddr_t bk_start, bk_end;
};

static void model(const struct layout *l, struct expect *x)
{
	memset(x, 0, sizeof *x);
	frame_bookkeeping(&x->bk_start, &x->bk_end);
	for (uint32_t f = 0; f < NF_4G; f++) {
		if (!model_usable(l, f))
			continue;
		x->total++;
		x->top = f + 1;
		bool bk = f >= x->bk_start / PAGE_SIZE && f < x->bk_end / PAGE_SIZE;
		if (model_reserved(l, f))
			x->reserved++;
		else if (!bk && (uint64_t)f * PAGE_SIZE < l->lowmem)
			x->free_low++;
		else if (!bk)
			x->free_high++;
	}
}

/* ---- the exhaustive check ---- */

static uint8_t seen[NF_4G / 8];

static bool test_and_set(uint32_t f)
{
	bool was = seen[f / 8] & (1u << (f % 8));
	seen[f / 8] |= (uint8_t)(1u << (f % 8));
	return was;
}

static void check_frame(const struct layout *l, const struct expect *x, paddr_t pa)
{
	uint32_t f = pa / PAGE_SIZE;
	if (pa % PAGE_SIZE || f == 0)
		fail_msg("bad frame 0x%x", pa);
	if (!model_usable(l, f))
		fail_msg("frame 0x%x is not usable RAM", pa);
	if (model_reserved(l, f))
		fail_msg("frame 0x%x is reserved", pa);
	if (pa >= x->bk_start && pa < x->bk_end)
		fail_msg("frame 0x%x is the allocator's bookkeeping", pa);
	if (test_and_set(f))
		fail_msg("frame 0x%x handed out twice", pa);
	if (frame_refcount(pa) != 1)
		fail_msg("frame 0x%x has refcount %u", pa, frame_refcount(pa));
}

static void check_stats(uint32_t total, uint32_t free, uint32_t kernel, uint32_t user)
{
	struct frame_stats st;
	frame_stats(&st);
	assert_int_equal(st.total, total);
	assert_int_equal(st.free, free);
	assert_int_equal(st.kernel, kernel);
	assert_int_equal(st.user, user);
}

/* Init, compare with the model, exhaust (kernel, then user), free all,
 * and exhaust again.  If touch, write every lowmem frame handed out: a
 * frame overlapping the bookkeeping would corrupt it and show up later. */
static void exhaust(const struct layout *l, uint32_t want_total_mib, bool touch)
{
	struct expect x;
	assert_int_equal(frame_init(l->map, l->n, l->res, l->nres, l->lowmem), 0);
	model(l, &x);

	/* The bookkeeping: in lowmem, usable, not reserved, big enough. */
	assert_int_equal(last_p2v, x.bk_start);
	assert_true(x.bk_start > 0 && x.bk_start < x.bk_end && x.bk_end <= l->lowmem);
	assert_true((uint64_t)(x.bk_end - x.bk_start) >= (uint64_t)x.top * 4);
	assert_true(x.bk_end - x.bk_start < (uint64_t)x.top * 4 + PAGE_SIZE);
	for (paddr_t pa = x.bk_start; pa < x.bk_end; pa += PAGE_SIZE) {
		assert_true(model_usable(l, pa / PAGE_SIZE));
		assert_false(model_reserved(l, pa / PAGE_SIZE));
		assert_int_equal(frame_refcount(pa), 1);
	}
	uint32_t bk = (x.bk_end - x.bk_start) / PAGE_SIZE;
	uint32_t kernel0 = x.reserved + bk;
	check_stats(x.total, x.total - kernel0, kernel0, 0);
	assert_int_equal(x.free_low + x.free_high, x.total - kernel0);
	if (want_total_mib) {
		/* What `mem` shows must be the RAM QEMU was given, within 1 MiB. */
		uint64_t kib = (uint64_t)x.total * 4;
		assert_true(kib <= want_total_mib * 1024ull && kib + 1024 >= want_total_mib * 1024ull);
	}

	paddr_t *got = malloc(sizeof(paddr_t) * (x.total + 1));
	assert_non_null(got);
	for (int round = 0; round < 2; round++) {
		memset(seen, 0, sizeof seen);
		uint32_t nk = 0, nu = 0;
		paddr_t pa;
		if (x.free_high) {
			pa = frame_alloc(FRAME_USER);       /* highmem first */
			assert_true(pa >= l->lowmem);
			frame_put(pa);
		}
		while ((pa = frame_alloc(FRAME_KERNEL)) != 0) {
			check_frame(l, &x, pa);
			assert_true(pa < l->lowmem);
			if (touch)
				memset(phys_to_virt(pa), 0xa5, PAGE_SIZE);
			got[nk++] = pa;
		}
		assert_int_equal(nk, x.free_low);
		check_stats(x.total, x.free_high, kernel0 + nk, 0);
		while ((pa = frame_alloc(FRAME_USER)) != 0) {
			check_frame(l, &x, pa);
			assert_true(pa >= l->lowmem);
			got[nk + nu++] = pa;
		}
		assert_int_equal(nu, x.free_high);
		check_stats(x.total, 0, kernel0 + nk, nu);
		assert_int_equal(frame_alloc(FRAME_KERNEL), 0);
		assert_int_equal(frame_alloc(FRAME_USER), 0);
		for (uint32_t i = 0; i < nk + nu; i++)
			frame_put(got[i]);
		check_stats(x.total, x.total - kernel0, kernel0, 0);
	}
	/* With lowmem all free, user frames fall back to it once highmem is gone. */
	uint32_t nu = 0;
	paddr_t pa;
	while ((pa = frame_alloc(FRAME_USER)) != 0)
		got[nu++] = pa;
	assert_int_equal(nu, x.free_low + x.free_high);
	check_stats(x.total, 0, kernel0, nu);
	for (uint32_t i = 0; i < nu; i++)
		frame_put(got[i]);
	free(got);
}

/* ---- QEMU's maps (pc machine, SeaBIOS) ---- */

#define LOW_BIOS \
	{ 0x0, 0x9fc00, 1 }, { 0x9fc00, 0x400, 2 }, { 0xf0000, 0x10000, 2 }
#define HIGH_BIOS \
	{ 0xfeffc000, 0x4000, 2 }, { 0xfffc0000, 0x40000, 2 }, { 0xfd00000000ull, 0x300000000ull, 2 }

static const struct phys_range boot_res[] = {
	{ 0x100000, 0x1a3000 },         /* kernel image */
	{ 0x1a3000, 0x1c7e55 },         /* initrd module, unaligned end */
	{ 0x9500, 0x9780 },             /* multiboot info */
};

static void test_qemu_16m(void **state)
{
	(void)state;
	static const struct phys_region map[] = {
		LOW_BIOS, { 0x100000, 0xee0000, 1 }, { 0xfe0000, 0x20000, 2 }, HIGH_BIOS,
	};
	struct layout l = { map, ARRAY_SIZE(map), boot_res, ARRAY_SIZE(boot_res), 16 * MiB };
	arena_map(16 * MiB);
	exhaust(&l, 16, true);
}

static void test_qemu_128m(void **state)
{
	(void)state;
	static const struct phys_region map[] = {
		LOW_BIOS, { 0x100000, 0x7ee0000, 1 }, { 0x7fe0000, 0x20000, 2 }, HIGH_BIOS,
	};
	struct layout l = { map, ARRAY_SIZE(map), boot_res, ARRAY_SIZE(boot_res), 128 * MiB };
	arena_map(128 * MiB);
	exhaust(&l, 128, false);
}

static void test_qemu_3g(void **state)
{
	(void)state;
	static const struct phys_region map[] = {
		LOW_BIOS, { 0x100000, 0xbfee0000, 1 }, { 0xbffe0000, 0x20000, 2 }, HIGH_BIOS,
	};
	struct layout l = { map, ARRAY_SIZE(map), boot_res, ARRAY_SIZE(boot_res), 768 * MiB };
	arena_map(768 * MiB);
	exhaust(&l, 3072, false);
}

/* 8 GiB: RAM above 4 GiB is ignored (32-bit frames, no PAE). */
static void test_above_4g(void **state)
{
	(void)state;
	static const struct phys_region map[] = {
		LOW_BIOS, { 0x100000, 0xbfee0000, 1 }, { 0xbffe0000, 0x20000, 2 },
		{ 0x100000000ull, 0x140000000ull, 1 }, HIGH_BIOS,
	};
	struct layout l = { map, ARRAY_SIZE(map), boot_res, ARRAY_SIZE(boot_res), 768 * MiB };
	arena_map(768 * MiB);
	exhaust(&l, 3072, false);
	paddr_t s, e;
	frame_bookkeeping(&s, &e);
	assert_int_equal(e - s, ALIGN_UP(0xbffe0u * 4, PAGE_SIZE));  /* sized below 4 GiB */
}

/* A usable entry straddling 4 GiB, and one with addr + len overflowing:
 * clamped, and the very last frame below 4 GiB is usable. */
static void test_straddle_4g(void **state)
{
	(void)state;
	static const struct phys_region map[] = {
		{ 0x0, 0x9fc00, 1 }, { 0x100000, 0x3f00000, 1 },
		{ 0xfff00000, 0x200000, 1 }, { 0xffffffff00000000ull, UINT64_MAX, 1 },
	};
	struct layout l = { map, ARRAY_SIZE(map), boot_res, ARRAY_SIZE(boot_res), 64 * MiB };
	arena_map(64 * MiB);
	exhaust(&l, 0, false);
	struct frame_stats st;
	frame_stats(&st);
	assert_int_equal(st.total, 0x9f + 0x3f00 + 0x100);
	assert_int_equal(frame_refcount(0xfffff000), 0);
	paddr_t pa, top = 0;
	uint32_t n = 0;
	while ((pa = frame_alloc(FRAME_USER)) >= 64 * MiB) {
		top = MAX(top, pa);
		n++;
	}
	assert_int_equal(n, 0x100);
	assert_int_equal(top, 0xfffff000);
}

/* Unsorted, overlapping, zero-length, partial-page and odd-type entries. */
static void test_messy_map(void **state)
{
	(void)state;
	static const struct phys_region map[] = {
		{ 0x800000, 0x1000000, 1 },     /* overlaps the next one */
		{ 0x100000, 0xf00000, 1 },
		{ 0x0, 0x9fc00, 1 },
		{ 0xc00000, 0x1000, 2 },        /* a hole inside usable RAM */
		{ 0x500800, 0x100, 3 },         /* ACPI data inside a frame: it is lost */
		{ 0x2000000, 0, 1 },            /* zero length */
		{ 0x300000, 0, 2 },             /* zero length hole: harmless */
		{ 0x1800000, 0x800, 1 },        /* less than a page */
		{ 0x1900100, 0xfff00, 1 },      /* unaligned start */
		{ 0x1a00000, 0x10000, 4 },      /* NVS */
		{ 0x1a08000, 0x100000, 1 },     /* overlaps NVS: NVS wins */
		{ 0x9f000, 0x2000, 2 },
	};
	static const struct phys_range res[] = {
		{ 0x100001, 0x17ffff },         /* unaligned both ends */
		{ 0x20000000, 0x20001000 },     /* not RAM at all */
		{ 0x600000, 0x600000 },         /* empty */
		{ 0x700000, 0x6ff000 },         /* backwards: empty */
	};
	struct layout l = { map, ARRAY_SIZE(map), res, ARRAY_SIZE(res), 16 * MiB };
	arena_map(16 * MiB);
	exhaust(&l, 0, true);
	struct frame_stats st;
	frame_stats(&st);
	/* 0..0x9e, 0x100..0x17ff minus 0x500 and 0xc00, 0x1901..0x19ff, 0x1a10..0x1b07 */
	assert_int_equal(st.total, 0x9f + 0x1700 - 2 + 0xff + 0xf8);
	assert_int_equal(frame_refcount(0x500000), 0);
	assert_int_equal(frame_refcount(0x100000), 1);     /* reserved */
	assert_int_equal(frame_refcount(0x17f000), 1);
	assert_int_equal(frame_refcount(0x180000), 0);
}

/* The bookkeeping goes to the lowest place that fits, never into reserved
 * ranges or holes, even when they fragment low memory. */
static void test_bookkeeping_placement(void **state)
{
	(void)state;
	static const struct phys_region map[] = {
		LOW_BIOS, { 0x100000, 0xbfee0000, 1 }, { 0xbffe0000, 0x20000, 2 },
		{ 0x580000, 0x1000, 2 },         /* a hole in the way */
	};
	static const struct phys_range res[] = {
		{ 0x100000, 0x400000 }, { 0x400000, 0x500000 }, { 0x1000, 0x2000 },
	};
	struct layout l = { map, ARRAY_SIZE(map), res, ARRAY_SIZE(res), 768 * MiB };
	arena_map(768 * MiB);
	assert_int_equal(frame_init(map, ARRAY_SIZE(map), res, ARRAY_SIZE(res), l.lowmem), 0);
	paddr_t s, e;
	frame_bookkeeping(&s, &e);
	assert_int_equal(s, 0x581000);   /* 3 MiB: not below 1 MiB, not before the hole */
	assert_int_equal(e, 0x581000 + 0x300000);

	/* A small machine: it fits in the first free frames. */
	static const struct phys_region small[] = {
		LOW_BIOS, { 0x100000, 0xee0000, 1 }, { 0xfe0000, 0x20000, 2 },
	};
	assert_int_equal(frame_init(small, ARRAY_SIZE(small), res, ARRAY_SIZE(res), 16 * MiB), 0);
	frame_bookkeeping(&s, &e);
	assert_int_equal(s, 0x2000);
	assert_int_equal(e, 0x6000);     /* 4064 frames * 4 bytes */
}

static void test_init_errors(void **state)
{
	(void)state;
	static const struct phys_region low_only[] = { LOW_BIOS };
	static const struct phys_region none[] = { { 0x0, 0x100000, 2 }, { 0x100000000ull, GiB, 1 } };
	static const struct phys_region frame0[] = { { 0x0, 0x1000, 1 } };
	arena_map(16 * MiB);
	assert_int_equal(frame_init(NULL, 3, NULL, 0, 16 * MiB), -EINVAL);
	assert_int_equal(frame_init(low_only, 3, NULL, 2, 16 * MiB), -EINVAL);
	assert_int_equal(frame_init(NULL, 0, NULL, 0, 16 * MiB), -ENOMEM);
	assert_int_equal(frame_init(none, 2, NULL, 0, 16 * MiB), -ENOMEM);
	assert_int_equal(frame_init(frame0, 1, NULL, 0, 16 * MiB), -ENOMEM);
	/* No lowmem for the bookkeeping. */
	assert_int_equal(frame_init(low_only, 3, NULL, 0, 0), -ENOMEM);
	assert_int_equal(frame_init(low_only, 3, NULL, 0, 0x1000), -ENOMEM);
	/* Low memory all reserved. */
	static const struct phys_range all[] = { { 0, 0xa0000 } };
	assert_int_equal(frame_init(low_only, 3, all, 1, 16 * MiB), -ENOMEM);
	/* The smallest machine that works: one frame of bookkeeping, one free. */
	static const struct phys_region tiny[] = { { 0x0, 0x3000, 1 } };
	assert_int_equal(frame_init(tiny, 1, NULL, 0, 16 * MiB), 0);
	check_stats(3, 1, 2, 0);
	assert_int_equal(frame_alloc(FRAME_KERNEL), 0x2000);
	assert_int_equal(frame_alloc(FRAME_KERNEL), 0);
	/* A failed frame_init leaves the allocator as it was. */
	assert_int_equal(frame_init(none, 2, NULL, 0, 16 * MiB), -ENOMEM);
	assert_int_equal(frame_init(low_only, 3, all, 1, 16 * MiB), -ENOMEM);
	check_stats(3, 0, 3, 0);
	frame_put(0x2000);
	check_stats(3, 1, 2, 0);
}

/* ---- reference counts and misuse ---- */

static const struct phys_region map128[] = {
	LOW_BIOS, { 0x100000, 0x7ee0000, 1 }, { 0x7fe0000, 0x20000, 2 }, HIGH_BIOS,
};

static void init128(paddr_t lowmem)
{
	arena_map(128 * MiB);
	assert_int_equal(frame_init(map128, ARRAY_SIZE(map128), boot_res, ARRAY_SIZE(boot_res), lowmem), 0);
}

static void test_refcount(void **state)
{
	(void)state;
	struct frame_stats st0, st;
	init128(128 * MiB);
	frame_stats(&st0);
	paddr_t pa = frame_alloc(FRAME_USER);
	assert_int_equal(frame_refcount(pa), 1);
	frame_get(pa);
	frame_get(pa);
	assert_int_equal(frame_refcount(pa), 3);
	frame_stats(&st);
	assert_int_equal(st.user, 1);
	assert_int_equal(st.free, st0.free - 1);
	frame_put(pa);
	frame_put(pa);
	assert_int_equal(frame_refcount(pa), 1);
	frame_put(pa);
	assert_int_equal(frame_refcount(pa), 0);
	frame_stats(&st);
	assert_memory_equal(&st, &st0, sizeof st);
	/* LIFO: the frame just freed is the next one handed out. */
	assert_int_equal(frame_alloc(FRAME_KERNEL), pa);
	frame_put(pa);

	/* Reserved frames: a mapping may reference them, never free them. */
	assert_int_equal(frame_refcount(0x100000), 1);
	frame_get(0x100000);
	assert_int_equal(frame_refcount(0x100000), 2);
	frame_put(0x100000);
	EXPECT_PANIC(frame_put(0x100000), "reserved");
	EXPECT_PANIC(frame_put(0), "reserved");
	paddr_t s, e;
	frame_bookkeeping(&s, &e);
	EXPECT_PANIC(frame_put(s), "reserved");
	frame_stats(&st);
	assert_memory_equal(&st, &st0, sizeof st);

	/* Not RAM: holes, beyond the map, misaligned. */
	assert_int_equal(frame_refcount(0x9f000), 0);
	assert_int_equal(frame_refcount(0xfffff000), 0);
	assert_int_equal(frame_refcount(0x100004), 0);
	EXPECT_PANIC(frame_put(0x9f000), "not a RAM frame");
	EXPECT_PANIC(frame_get(0xa0000), "not a RAM frame");
	EXPECT_PANIC(frame_put(0x7fe0000), "not a RAM frame");
	EXPECT_PANIC(frame_put(0xfffff000), "not a RAM frame");
	EXPECT_PANIC(frame_put(pa + 8), "misaligned");
	EXPECT_PANIC(frame_alloc((enum frame_use)3), "bad use");
	frame_stats(&st);
	assert_memory_equal(&st, &st0, sizeof st);
}

static void test_double_put(void **state)
{
	(void)state;
	init128(128 * MiB);
	paddr_t a = frame_alloc(FRAME_KERNEL), b = frame_alloc(FRAME_USER);
	frame_put(a);
	EXPECT_PANIC(frame_put(a), "double free");
	EXPECT_PANIC(frame_get(a), "is free");
	frame_get(b);
	frame_put(b);
	frame_put(b);
	EXPECT_PANIC(frame_put(b), "0x");
	assert_non_null(strstr(panic_msg, "double free"));
	/* The address is in the message. */
	char hex[16];
	snprintf(hex, sizeof hex, "0x%x", b);
	assert_non_null(strstr(panic_msg, hex));
	/* A never-allocated free frame too. */
	EXPECT_PANIC(frame_put(64 * MiB), "double free");
}

/* Random alloc/get/put against a model of every reference, with a split
 * lowmem so both zones and the user fallback are exercised. */
static void test_random(void **state)
{
	(void)state;
	enum { N = 200000, LIVE = 40000 };
	init128(32 * MiB);
	struct frame_stats st0, st;
	frame_stats(&st0);
	struct ref { paddr_t pa; bool user; } *live = calloc(LIVE, sizeof *live);
	uint32_t *refs = calloc(32768, sizeof *refs);
	assert_non_null(live);
	assert_non_null(refs);
	uint32_t nlive = 0, kframes = 0, uframes = 0;
	srand(12345);
	for (int i = 0; i < N; i++) {
		int op = rand() % 8;
		if (op < 3 && nlive < LIVE) {
			bool user = rand() % 2;
			paddr_t pa = frame_alloc(user ? FRAME_USER : FRAME_KERNEL);
			if (!pa)
				continue;
			uint32_t f = pa / PAGE_SIZE;
			assert_true(f < 32768);
			assert_int_equal(refs[f], 0);
			if (!user)
				assert_true(pa < 32 * MiB);
			refs[f] = 1;
			live[nlive++] = (struct ref){ pa, user };
			*(user ? &uframes : &kframes) += 1;
		} else if (op == 3 && nlive && nlive < LIVE) {
			struct ref r = live[rand() % nlive];
			frame_get(r.pa);
			refs[r.pa / PAGE_SIZE]++;
			live[nlive++] = r;
		} else if (nlive) {
			uint32_t k = rand() % nlive;
			struct ref r = live[k];
			live[k] = live[--nlive];
			frame_put(r.pa);
			if (--refs[r.pa / PAGE_SIZE] == 0)
				*(r.user ? &uframes : &kframes) -= 1;
		}
		if (i % 1000 == 0 || i == N - 1) {
			frame_stats(&st);
			assert_int_equal(st.user, uframes);
			assert_int_equal(st.kernel, st0.kernel + kframes);
			assert_int_equal(st.free, st0.free - kframes - uframes);
			for (uint32_t j = 0; j < nlive; j++)
				assert_int_equal(frame_refcount(live[j].pa), refs[live[j].pa / PAGE_SIZE]);
		}
	}
	while (nlive)
		frame_put(live[--nlive].pa);
	frame_stats(&st);
	assert_memory_equal(&st, &st0, sizeof st);
	free(live);
	free(refs);
}

/* A machine whose only free frame goes to the bookkeeping. */
static void test_no_free_frames(void **state)
{
	(void)state;
	static const struct phys_region tiny[] = { { 0x0, 0x2000, 1 } };
	arena_map(MiB);
	assert_int_equal(frame_init(tiny, 1, NULL, 0, MiB), 0);
	check_stats(2, 0, 2, 0);
	assert_int_equal(frame_alloc(FRAME_KERNEL), 0);
	assert_int_equal(frame_alloc(FRAME_USER), 0);
	EXPECT_PANIC(frame_put(0x2000), "not a RAM frame");
	EXPECT_PANIC(frame_put(0x1000), "reserved");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_qemu_16m, teardown),
		cmocka_unit_test_teardown(test_qemu_128m, teardown),
		cmocka_unit_test_teardown(test_qemu_3g, teardown),
		cmocka_unit_test_teardown(test_above_4g, teardown),
		cmocka_unit_test_teardown(test_straddle_4g, teardown),
		cmocka_unit_test_teardown(test_messy_map, teardown),
		cmocka_unit_test_teardown(test_bookkeeping_placement, teardown),
		cmocka_unit_test_teardown(test_init_errors, teardown),
		cmocka_unit_test_teardown(test_refcount, teardown),
		cmocka_unit_test_teardown(test_double_put, teardown),
		cmocka_unit_test_teardown(test_random, teardown),
		cmocka_unit_test_teardown(test_no_free_frames, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
