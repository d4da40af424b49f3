/*
 * frame.c - the physical frame allocator.
 *
 * One 32-bit word per frame, up to the highest usable frame: the top three
 * bits say what the frame is (not RAM, free, reserved, kernel, user); the
 * low 29 bits hold the reference count of a frame in use, or the number of
 * the next free frame of its zone when it is free.  So the free lists cost
 * nothing beyond the per-frame word, and allocation and free are O(1): pop
 * or push a zone's list.  Frame 0 is never free, so 0 ends a list.
 *
 * Two zones: lowmem (direct-mapped, below lowmem_limit) and highmem.
 * Kernel frames come only from lowmem; user frames from highmem first, so
 * lowmem is kept for the kernel while there is a choice.
 *
 * Not reentrant: every entry point runs with interrupts off.
 */
#include <kernel.h>
#include <brink/abi.h>
#include "frame.h"

#ifdef HOST_TEST
static inline uint32_t irq_save(void) { return 0; }
static inline void irq_restore(uint32_t f) { (void)f; }
#else
#include "../arch/x86.h"
#endif

#define ST_SHIFT    29
#define VAL_MASK    ((1u << ST_SHIFT) - 1)
#define ST(w)       ((w) >> ST_SHIFT)
#define VAL(w)      ((w) & VAL_MASK)
#define WORD(st, v) (((uint32_t)(st) << ST_SHIFT) | (v))

enum {
	ST_NONE,        /* not RAM (hole, device, firmware): never touched */
	ST_FREE,        /* on its zone's free list */
	ST_RESERVED,    /* kernel image, modules, bookkeeping: never freed */
	ST_KERNEL,      /* frame_alloc(FRAME_KERNEL) */
	ST_USER,        /* frame_alloc(FRAME_USER) */
};

#define FRAMES_4G   0x100000u           /* frames below 4 GiB */
#define ZONE_LOW    0
#define ZONE_HIGH   1

struct zone {
	uint32_t head;      /* first free frame, 0 when empty */
	uint32_t nfree;
};

static uint32_t *frames;        /* the per-frame words, in lowmem */
static uint32_t nframes;        /* frames [0, nframes) are described */
static uint32_t low_frames;     /* frames below this are lowmem */
static struct zone zones[2];
static uint32_t n_total, n_kernel, n_user;
static paddr_t bk_start, bk_end;

/* ---- the memory map, as frame numbers ---- */

/* A region as a clamped byte range [*s, *e) below 4 GiB; false if empty. */
static bool region_bytes(const struct phys_region *r, uint64_t *s, uint64_t *e)
{
	const uint64_t top = (uint64_t)FRAMES_4G << PAGE_SHIFT;
	uint64_t end = r->len > UINT64_MAX - r->addr ? UINT64_MAX : r->addr + r->len;
	*s = r->addr;
	*e = MIN(end, top);
	return *s < *e;
}

/* Usable RAM: only whole frames inside the region count. */
static bool usable_frames(const struct phys_region *r, uint32_t *fs, uint32_t *fe)
{
	uint64_t s, e;
	if (r->type != 1 || !region_bytes(r, &s, &e))
		return false;
	*fs = (uint32_t)((s + PAGE_SIZE - 1) >> PAGE_SHIFT);
	*fe = (uint32_t)(e >> PAGE_SHIFT);
	return *fs < *fe;
}

/* Anything else loses every frame it touches. */
static bool hole_frames(const struct phys_region *r, uint32_t *fs, uint32_t *fe)
{
	uint64_t s, e;
	if (r->type == 1 || !region_bytes(r, &s, &e))
		return false;
	*fs = (uint32_t)(s >> PAGE_SHIFT);
	*fe = (uint32_t)((e + PAGE_SIZE - 1) >> PAGE_SHIFT);
	return true;
}

static bool reserved_frames(const struct phys_range *r, uint32_t *fs, uint32_t *fe)
{
	if (r->end <= r->start)
		return false;
	*fs = r->start >> PAGE_SHIFT;
	*fe = (uint32_t)(((uint64_t)r->end + PAGE_SIZE - 1) >> PAGE_SHIFT);
	return true;
}

static bool overlaps(uint32_t s1, uint32_t e1, uint32_t s2, uint32_t e2)
{
	return s1 < e2 && s2 < e1;
}

/* Can the bookkeeping live in frames [s, e)?  One usable region must hold
 * it all, and no hole or reserved range may touch it. */
static bool fits(const struct phys_region *map, size_t n,
		 const struct phys_range *res, size_t nres, uint32_t s, uint32_t e)
{
	uint32_t fs, fe;
	bool inside = false;
	for (size_t i = 0; i < n; i++) {
		if (usable_frames(&map[i], &fs, &fe) && fs <= s && e <= fe)
			inside = true;
		if (hole_frames(&map[i], &fs, &fe) && overlaps(s, e, fs, fe))
			return false;
	}
	for (size_t i = 0; i < nres; i++)
		if (reserved_frames(&res[i], &fs, &fe) && overlaps(s, e, fs, fe))
			return false;
	return inside;
}

/* The lowest place for `need` frames below frame `limit`.  The lowest
 * free run always starts where a usable region starts or where a hole or
 * a reserved range ends, so only those are tried.  Returns 0 if none. */
static uint32_t place_bookkeeping(const struct phys_region *map, size_t n,
				  const struct phys_range *res, size_t nres,
				  uint32_t need, uint32_t limit)
{
	uint32_t best = 0, fs, fe;
	for (size_t i = 0; i < n + nres + 1; i++) {
		uint32_t c;
		if (i < n && usable_frames(&map[i], &fs, &fe))
			c = fs;
		else if (i < n && hole_frames(&map[i], &fs, &fe))
			c = fe;
		else if (i >= n && i < n + nres && reserved_frames(&res[i - n], &fs, &fe))
			c = fe;
		else if (i == n + nres)
			c = 1;                          /* frame 0 is never used */
		else
			continue;
		c = MAX(c, 1u);
		if (c >= limit || need > limit - c || (best && c >= best))
			continue;
		if (fits(map, n, res, nres, c, c + need))
			best = c;
	}
	return best;
}

/* ---- building the frame words ---- */

static void set_range(uint32_t fs, uint32_t fe, uint32_t word)
{
	for (uint32_t f = fs; f < MIN(fe, nframes); f++)
		frames[f] = word;
}

/* Usable frames inside [fs, fe) become reserved. */
static void reserve_range(uint32_t fs, uint32_t fe)
{
	for (uint32_t f = fs; f < MIN(fe, nframes); f++)
		if (ST(frames[f]) == ST_FREE)
			frames[f] = WORD(ST_RESERVED, 1);
}

static void push_free(uint32_t f)
{
	struct zone *z = &zones[f < low_frames ? ZONE_LOW : ZONE_HIGH];
	frames[f] = WORD(ST_FREE, z->head);
	z->head = f;
	z->nfree++;
}

/* Count what the map gave, and thread the free frames onto their zones,
 * lowest first (so early boot allocations are low and predictable). */
static void build_lists(void)
{
	zones[ZONE_LOW] = (struct zone){ 0, 0 };
	zones[ZONE_HIGH] = (struct zone){ 0, 0 };
	n_total = n_kernel = n_user = 0;
	for (uint32_t f = nframes; f-- > 0;) {
		uint32_t st = ST(frames[f]);
		if (st == ST_NONE)
			continue;
		n_total++;
		if (st == ST_FREE)
			push_free(f);
		else
			n_kernel++;
	}
}

int frame_init(const struct phys_region *map, size_t n,
	       const struct phys_range *res, size_t nres, paddr_t lowmem_limit)
{
	uint32_t fs, fe, top = 0;

	if ((n && !map) || (nres && !res))
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (usable_frames(&map[i], &fs, &fe))
			top = MAX(top, fe);
	if (top <= 1)
		return -ENOMEM;

	uint32_t need = (uint32_t)(((uint64_t)top * sizeof(uint32_t) + PAGE_SIZE - 1) >> PAGE_SHIFT);
	uint32_t low = MIN(lowmem_limit >> PAGE_SHIFT, top);
	uint32_t at = place_bookkeeping(map, n, res, nres, need, low);
	if (!at)
		return -ENOMEM;

	uint32_t flags = irq_save();
	frames = phys_to_virt((paddr_t)at << PAGE_SHIFT);
	nframes = top;
	low_frames = low;
	bk_start = (paddr_t)at << PAGE_SHIFT;
	bk_end = (paddr_t)(at + need) << PAGE_SHIFT;

	/* Usable first, then holes over it: when entries overlap, the
	 * firmware's "not RAM" wins. */
	set_range(0, nframes, WORD(ST_NONE, 0));
	for (size_t i = 0; i < n; i++)
		if (usable_frames(&map[i], &fs, &fe))
			set_range(fs, fe, WORD(ST_FREE, 0));
	for (size_t i = 0; i < n; i++)
		if (hole_frames(&map[i], &fs, &fe))
			set_range(fs, fe, WORD(ST_NONE, 0));
	reserve_range(0, 1);
	for (size_t i = 0; i < nres; i++)
		if (reserved_frames(&res[i], &fs, &fe))
			reserve_range(fs, fe);
	reserve_range(at, at + need);
	build_lists();
	irq_restore(flags);
	return 0;
}

/* ---- allocation ---- */

static uint32_t pop_free(struct zone *z)
{
	uint32_t f = z->head;
	if (!f)
		return 0;
	if (f >= nframes || ST(frames[f]) != ST_FREE)
		panic("frame: free list corrupt at frame 0x%x", f);
	z->head = VAL(frames[f]);
	z->nfree--;
	return f;
}

paddr_t frame_alloc(enum frame_use use)
{
	if (use != FRAME_KERNEL && use != FRAME_USER)
		panic("frame_alloc: bad use %d", (int)use);
	uint32_t flags = irq_save();
	uint32_t f = 0;
	if (use == FRAME_USER)
		f = pop_free(&zones[ZONE_HIGH]);
	if (!f)
		f = pop_free(&zones[ZONE_LOW]);
	if (f) {
		frames[f] = WORD(use == FRAME_KERNEL ? ST_KERNEL : ST_USER, 1);
		if (use == FRAME_KERNEL)
			n_kernel++;
		else
			n_user++;
	}
	irq_restore(flags);
	return (paddr_t)f << PAGE_SHIFT;
}

/* The word of an in-use frame, or a panic naming the caller. */
static uint32_t *used_word(paddr_t pa, const char *who)
{
	if (pa & (PAGE_SIZE - 1))
		panic("%s: misaligned frame address 0x%x", who, pa);
	uint32_t f = pa >> PAGE_SHIFT;
	if (f >= nframes || ST(frames[f]) == ST_NONE)
		panic("%s: 0x%x is not a RAM frame", who, pa);
	if (ST(frames[f]) == ST_FREE)
		panic("%s: frame 0x%x is free (double free?)", who, pa);
	return &frames[f];
}

void frame_get(paddr_t pa)
{
	uint32_t flags = irq_save();
	uint32_t *w = used_word(pa, "frame_get");
	if (VAL(*w) == VAL_MASK)
		panic("frame_get: reference count overflow on frame 0x%x", pa);
	(*w)++;
	irq_restore(flags);
}

void frame_put(paddr_t pa)
{
	uint32_t flags = irq_save();
	uint32_t *w = used_word(pa, "frame_put");
	uint32_t st = ST(*w);
	if (VAL(*w) > 1) {
		(*w)--;
	} else if (st == ST_RESERVED) {
		panic("frame_put: frame 0x%x is reserved", pa);
	} else {
		if (st == ST_KERNEL)
			n_kernel--;
		else
			n_user--;
		push_free(pa >> PAGE_SHIFT);
	}
	irq_restore(flags);
}

uint32_t frame_refcount(paddr_t pa)
{
	uint32_t f = pa >> PAGE_SHIFT;
	if ((pa & (PAGE_SIZE - 1)) || f >= nframes)
		return 0;
	uint32_t st = ST(frames[f]);
	return st == ST_NONE || st == ST_FREE ? 0 : VAL(frames[f]);
}

void frame_stats(struct frame_stats *st)
{
	uint32_t flags = irq_save();
	st->total = n_total;
	st->free = zones[ZONE_LOW].nfree + zones[ZONE_HIGH].nfree;
	st->kernel = n_kernel;
	st->user = n_user;
	irq_restore(flags);
}

void frame_bookkeeping(paddr_t *start, paddr_t *end)
{
	*start = bk_start;
	*end = bk_end;
}
