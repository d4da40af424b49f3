/*
 * track.c - the maths library's record of its live results, and the
 * functions that expose its own allocator: maths_free, maths_heap_check,
 * maths_sbrk0, maths_mallopt.
 *
 * Each result sits in a block from the library's own malloc:
 *
 *   struct track | result (size bytes) | canary (4 bytes, unaligned)
 *
 * and the tracks form a doubly linked list.  The checksum is taken when
 * the result is finished (track_seal); results are const to everyone
 * after that, so any later change is damage.  This is how a test finds
 * out whether an allocator in the process (the program's, another
 * library's, this one's) ever gave away or trimmed memory it did not own:
 * the blocks live in the library's own heap pieces, between the others'.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"

#define TRACK_MAGIC  0x4d415448u        /* "MATH" */
#define CANARY       0xc0ffee11u
#define SIZE_LIMIT   (1u << 30)

struct track {
	uint32_t magic;         /* TRACK_MAGIC ^ address of the track */
	uint32_t size;          /* bytes of result */
	uint32_t sum;           /* checksum of the result, once sealed */
	uint32_t sealed;
	struct track *prev, *next;
	uint32_t pad[2];        /* 32 bytes: results keep malloc's alignment */
};

uint32_t maths_calls;

static struct track *live;      /* most recent first */
static uint32_t live_count;
static size_t live_total;
static char error_line[160];

void maths_enter(void)
{
	maths_calls++;
}

static uint32_t own_magic(const struct track *t)
{
	return TRACK_MAGIC ^ (uint32_t)(uintptr_t)t;
}

/* FNV-1a over 32-bit words, then the tail bytes: a changed, zeroed or
 * swapped word changes it. */
static uint32_t checksum(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint32_t h = 2166136261u;
	size_t i = 0;
	for (; i + 4 <= n; i += 4) {
		uint32_t w;
		memcpy(&w, b + i, 4);
		h = (h ^ w) * 16777619u;
	}
	for (; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static void put_canary(struct track *t)
{
	uint32_t c = CANARY ^ t->size;
	memcpy((char *)(t + 1) + t->size, &c, 4);
}

static int canary_ok(const struct track *t)
{
	uint32_t c;
	memcpy(&c, (const char *)(t + 1) + t->size, 4);
	return c == (CANARY ^ t->size);
}

static void link_track(struct track *t)
{
	t->prev = NULL;
	t->next = live;
	if (live)
		live->prev = t;
	live = t;
	live_count++;
	live_total += t->size;
}

static void unlink_track(struct track *t)
{
	if (t->prev)
		t->prev->next = t->next;
	else
		live = t->next;
	if (t->next)
		t->next->prev = t->prev;
	live_count--;
	live_total -= t->size;
}

void *track_alloc(size_t size)
{
	if (size > SIZE_LIMIT)
		return NULL;
	struct track *t = malloc(sizeof(*t) + size + 4);
	if (!t)
		return NULL;
	memset(t, 0, sizeof(*t));
	t->magic = own_magic(t);
	t->size = size;
	put_canary(t);
	link_track(t);
	return t + 1;
}

void *track_resize(void *p, size_t size)
{
	struct track *t = (struct track *)p - 1;
	if (size > SIZE_LIMIT)
		return NULL;
	unlink_track(t);
	struct track *n = realloc(t, sizeof(*n) + size + 4);
	if (!n) {
		link_track(t);
		return NULL;
	}
	n->magic = own_magic(n);
	n->size = size;
	put_canary(n);
	link_track(n);
	return n + 1;
}

void track_seal(void *p)
{
	struct track *t = (struct track *)p - 1;
	t->sum = checksum(p, t->size);
	t->sealed = 1;
}

void track_discard(void *p)
{
	struct track *t = (struct track *)p - 1;
	unlink_track(t);
	t->magic = 0;
	free(t);
}

/* The live track of result p, or NULL: found by walking the list, so a
 * pointer that is not ours is never dereferenced. */
static struct track *find_live(const void *p)
{
	for (struct track *t = live; t; t = t->next)
		if ((const void *)(t + 1) == p)
			return t;
	return NULL;
}

int maths_free(const void *result)
{
	maths_enter();
	struct track *t = find_live(result);
	if (!t)
		return -1;
	unlink_track(t);
	t->magic = 0;
	free(t);
	return 0;
}

static long fail(const struct track *t, uint32_t index, const char *what)
{
	snprintf(error_line, sizeof(error_line), "maths: result %u at %p (%u bytes): %s",
		 (unsigned)index, (const void *)(t + 1), (unsigned)t->size, what);
	return -1;
}

long maths_heap_check(void)
{
	maths_enter();
	uint32_t n = 0;
	size_t total = 0;
	const struct track *prev = NULL;
	for (const struct track *t = live; t; prev = t, t = t->next, n++) {
		if (n >= live_count)
			return fail(t, n, "more results on the list than were made");
		if (t->magic != own_magic(t))
			return fail(t, n, "header overwritten");
		if (t->prev != prev)
			return fail(t, n, "list links broken");
		if (t->size > SIZE_LIMIT)
			return fail(t, n, "size overwritten");
		if (!canary_ok(t))
			return fail(t, n, "canary after the result overwritten");
		if (t->sealed && checksum(t + 1, t->size) != t->sum)
			return fail(t, n, "contents changed");
		total += t->size;
	}
	if (n != live_count || total != live_total) {
		snprintf(error_line, sizeof(error_line),
			 "maths: %u results on the list, %u made", (unsigned)n, (unsigned)live_count);
		return -1;
	}
	error_line[0] = 0;
	return (long)n;
}

const char *maths_error(void)
{
	return error_line;
}

size_t maths_live_bytes(void)
{
	return live_total;
}

void *maths_sbrk0(void)
{
	return sbrk(0);
}

int maths_mallopt(int param, int value)
{
	return mallopt(param, value);
}
