/*
 * kheap.c - kmalloc/kfree.
 *
 * Small requests (up to 2048 bytes) are rounded up to a size class and
 * served from slab pages: one page per slab, a header at its start (magic,
 * class, free list, count in use), objects after it.  The classes are chosen
 * so that a page holds a whole number of objects with little left over
 * (336 x 12, 1344 x 3, 2032 x 2 ...).  A free object holds the next free
 * object and a marker (its own address xor a constant): a second kfree sees
 * the marker, and kmalloc checks it to catch writes to freed objects.
 *
 * Larger requests get whole pages from kheap_large_alloc with a 16-byte
 * header at the start of the first page, so kfree tells the two apart by the
 * magic at (p & ~4095).  Both magics are xored with the page address, so
 * stale data in some unrelated page is unlikely to pass for a header.
 *
 * A slab page that becomes empty goes back to the page allocator, except
 * one per class kept to absorb alloc/free ping-pong at a page boundary.
 */
#include <kernel.h>
#include "../lib/string.h"
#include "kheap.h"

#ifdef HOST_TEST
static inline uint32_t irq_save(void) { return 0; }
static inline void irq_restore(uint32_t f) { (void)f; }
#else
#include "../arch/x86.h"
#endif

#define SLAB_MAGIC   0x51AB0C8Eu
#define LARGE_MAGIC  0xB16A110Cu
#define LARGE_DEAD   0xDEADB16Au       /* a large block after kfree */
#define FREE_MARK    0xF4EEF4EEu

struct slab {
	uint32_t magic;             /* SLAB_MAGIC ^ page address */
	uint16_t cls;
	uint16_t inuse;
	struct free_obj *free;      /* NULL when full */
	struct slab *next, *prev;   /* the class's slabs that have a free object */
};

struct free_obj {
	struct free_obj *next;
	uintptr_t mark;             /* FREE_MARK ^ own address */
};

struct large_hdr {
	uint32_t magic;             /* LARGE_MAGIC ^ page address */
	uint32_t npages;
	uint32_t pad[2];
};

#define SLAB_HDR   ALIGN_UP(sizeof(struct slab), KMALLOC_ALIGN)
#define LARGE_HDR  sizeof(struct large_hdr)

_Static_assert(LARGE_HDR % KMALLOC_ALIGN == 0, "large header keeps alignment");
_Static_assert(sizeof(struct free_obj) <= 16, "a free object fits the smallest class");

static const uint16_t class_size[] = {
	16, 32, 48, 64, 96, 128, 192, 256, 336, 448, 576, 672, 800, 1008, 1344, 2032, 2048,
};
#define NCLASSES ARRAY_SIZE(class_size)

struct kclass {
	struct slab *partial;       /* slabs with a free object, most recent first */
	uint16_t per_slab;
	uint16_t nempty;            /* slabs on the list with nothing in use */
};

static struct kclass classes[NCLASSES];
static uint8_t class_of[KMALLOC_MAX_SMALL / KMALLOC_ALIGN + 1];    /* by 16-byte units */
static bool ready;
static size_t used_bytes, held_pages;

static void kheap_setup(void)
{
	unsigned c = 0;
	for (unsigned u = 1; u < ARRAY_SIZE(class_of); u++) {
		while (class_size[c] < u * KMALLOC_ALIGN)
			c++;
		class_of[u] = (uint8_t)c;
	}
	for (c = 0; c < NCLASSES; c++)
		classes[c].per_slab = (uint16_t)((PAGE_SIZE - SLAB_HDR) / class_size[c]);
	ready = true;
}

static uint32_t page_magic(uint32_t magic, const void *page)
{
	return magic ^ (uint32_t)(uintptr_t)page;
}

static uintptr_t free_mark(const void *obj)
{
	return FREE_MARK ^ (uintptr_t)obj;
}

/* ---- the per-class lists ---- */

static void list_add(struct kclass *c, struct slab *s)
{
	s->prev = NULL;
	s->next = c->partial;
	if (c->partial)
		c->partial->prev = s;
	c->partial = s;
}

static void list_del(struct kclass *c, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		c->partial = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

static struct slab *slab_create(unsigned cls)
{
	struct slab *s = kheap_page_alloc();
	if (!s)
		return NULL;
	if ((uintptr_t)s & (PAGE_SIZE - 1))
		panic("kheap: kheap_page_alloc returned unaligned %p", (void *)s);
	s->magic = page_magic(SLAB_MAGIC, s);
	s->cls = (uint16_t)cls;
	s->inuse = 0;
	s->free = NULL;
	char *base = (char *)s + SLAB_HDR;
	for (unsigned i = classes[cls].per_slab; i-- > 0;) {
		struct free_obj *o = (struct free_obj *)(base + i * class_size[cls]);
		o->next = s->free;
		o->mark = free_mark(o);
		s->free = o;
	}
	held_pages++;
	return s;
}

static void slab_release(struct slab *s)
{
	s->magic = 0;
	held_pages--;
	kheap_page_free(s);
}

/* ---- small objects ---- */

static void *small_alloc(size_t n)
{
	unsigned cls = class_of[(n + KMALLOC_ALIGN - 1) / KMALLOC_ALIGN];
	struct kclass *c = &classes[cls];
	struct slab *s = c->partial;
	if (!s) {
		s = slab_create(cls);
		if (!s)
			return NULL;
		list_add(c, s);
		c->nempty++;
	}
	struct free_obj *o = s->free;
	uintptr_t next_page = (uintptr_t)o->next & ~(uintptr_t)(PAGE_SIZE - 1);
	if (o->mark != free_mark(o) || (o->next && next_page != (uintptr_t)s))
		panic("kmalloc: freed object %p was written to (use after free?)", (void *)o);
	if (s->inuse++ == 0)
		c->nempty--;
	s->free = o->next;
	o->mark = 0;
	if (!s->free)
		list_del(c, s);
	used_bytes += class_size[cls];
	return o;
}

static bool on_free_list(const struct slab *s, const struct free_obj *o)
{
	for (const struct free_obj *f = s->free; f; f = f->next)
		if (f == o)
			return true;
	return false;
}

static void small_free(struct slab *s, void *p)
{
	if (s->cls >= NCLASSES)
		panic("kfree: %p: slab header corrupt", p);
	struct kclass *c = &classes[s->cls];
	size_t size = class_size[s->cls];
	uintptr_t base = (uintptr_t)s + SLAB_HDR;
	uintptr_t off = (uintptr_t)p - base;
	if ((uintptr_t)p < base || off % size || off / size >= c->per_slab)
		panic("kfree: %p is not an object kmalloc returned", p);
	struct free_obj *o = p;
	/* The marker can occur in live data by chance: the list decides. */
	if (o->mark == free_mark(o) && on_free_list(s, o))
		panic("kfree: double free of %p", p);
	if (s->inuse == 0)
		panic("kfree: %p: slab has nothing in use (header corrupt)", p);

	bool was_full = s->free == NULL;
	o->next = s->free;
	o->mark = free_mark(o);
	s->free = o;
	used_bytes -= size;
	if (was_full)
		list_add(c, s);
	if (--s->inuse == 0) {
		if (c->nempty > 0) {
			list_del(c, s);
			slab_release(s);
		} else {
			c->nempty++;
		}
	}
}

/* ---- large blocks ---- */

static void *large_alloc(size_t n)
{
	if (n > SIZE_MAX - LARGE_HDR - PAGE_SIZE)
		return NULL;
	size_t npages = (n + LARGE_HDR + PAGE_SIZE - 1) / PAGE_SIZE;
	if (npages > UINT32_MAX)
		return NULL;
	struct large_hdr *h = kheap_large_alloc(npages);
	if (!h)
		return NULL;
	if ((uintptr_t)h & (PAGE_SIZE - 1))
		panic("kheap: kheap_large_alloc returned unaligned %p", (void *)h);
	h->magic = page_magic(LARGE_MAGIC, h);
	h->npages = (uint32_t)npages;
	used_bytes += npages * PAGE_SIZE;
	held_pages += npages;
	return (char *)h + LARGE_HDR;
}

static void large_free(struct large_hdr *h, void *p)
{
	if ((char *)p != (char *)h + LARGE_HDR || h->npages == 0)
		panic("kfree: %p is not a block kmalloc returned", p);
	size_t npages = h->npages;
	h->magic = page_magic(LARGE_DEAD, h);
	used_bytes -= npages * PAGE_SIZE;
	held_pages -= npages;
	kheap_large_free(h, npages);
}

/* ---- the interface ---- */

/* Interrupts are off throughout, the hooks included: an interrupt handler
 * may allocate, and the hooks' own state (vmalloc's bitmap) needs it too. */
void *kmalloc(size_t n)
{
	if (n == 0)
		return NULL;
	uint32_t flags = irq_save();
	if (!ready)
		kheap_setup();
	void *p = n > KMALLOC_MAX_SMALL ? large_alloc(n) : small_alloc(n);
	irq_restore(flags);
	return p;
}

void *kzalloc(size_t n)
{
	void *p = kmalloc(n);
	if (p)
		memset(p, 0, n);
	return p;
}

void kfree(void *p)
{
	if (!p)
		return;
	if ((uintptr_t)p & (KMALLOC_ALIGN - 1))
		panic("kfree: %p is not an address kmalloc returned", p);
	void *page = (void *)((uintptr_t)p & ~(uintptr_t)(PAGE_SIZE - 1));
	uint32_t flags = irq_save();
	uint32_t magic = *(uint32_t *)page;
	if (magic == page_magic(SLAB_MAGIC, page))
		small_free(page, p);
	else if (magic == page_magic(LARGE_MAGIC, page))
		large_free(page, p);
	else if (magic == page_magic(LARGE_DEAD, page))
		panic("kfree: double free of %p", p);
	else
		panic("kfree: %p is not an address kmalloc returned", p);
	irq_restore(flags);
}

void kheap_stats(size_t *used, size_t *pages)
{
	uint32_t flags = irq_save();
	if (used)
		*used = used_bytes;
	if (pages)
		*pages = held_pages;
	irq_restore(flags);
}
