/*
 * counter.c - /lib/counter.lib: a counter that keeps its state between
 * calls, and a pool of pattern-filled blocks from the library's own malloc.
 * The tests run it beside the program's allocator and maths.lib's, and ask
 * it after every round whether its blocks are still intact.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "counter.h"

struct slot {
	uint32_t *p;
	size_t size;
	uint32_t seed;
};

uint32_t counter_calls;

static uint32_t count;
static uint32_t hash = 2166136261u;
static struct slot slots[COUNTER_SLOTS];
static size_t live;

uint32_t counter_next(void)
{
	counter_calls++;
	count++;
	hash = (hash ^ count) * 16777619u;
	return count;
}

uint32_t counter_value(void)
{
	counter_calls++;
	return count;
}

uint32_t counter_history(void)
{
	counter_calls++;
	return hash;
}

/* Whole words from the pattern, then the tail bytes of one more word. */
static void fill(uint32_t *p, size_t size, uint32_t seed)
{
	size_t words = size / 4;
	for (size_t i = 0; i < words; i++)
		p[i] = counter_pattern(seed, (uint32_t)i);
	uint32_t last = counter_pattern(seed, (uint32_t)words);
	memcpy(p + words, &last, size % 4);
}

static int intact(const struct slot *s)
{
	size_t words = s->size / 4;
	for (size_t i = 0; i < words; i++)
		if (s->p[i] != counter_pattern(s->seed, (uint32_t)i))
			return 0;
	uint32_t last = counter_pattern(s->seed, (uint32_t)words);
	return memcmp(s->p + words, &last, s->size % 4) == 0;
}

int counter_put(uint32_t slot, size_t size, uint32_t seed)
{
	counter_calls++;
	if (slot >= COUNTER_SLOTS || slots[slot].p)
		return -1;
	uint32_t *p = malloc(size ? size : 1);
	if (!p)
		return -1;
	fill(p, size, seed);
	slots[slot] = (struct slot){ p, size, seed };
	live += size;
	return 0;
}

int counter_drop(uint32_t slot)
{
	counter_calls++;
	if (slot >= COUNTER_SLOTS || !slots[slot].p)
		return -1;
	if (!intact(&slots[slot]))
		return -2;
	free(slots[slot].p);
	live -= slots[slot].size;
	slots[slot].p = NULL;
	return 0;
}

long counter_check(void)
{
	counter_calls++;
	long n = 0;
	for (uint32_t i = 0; i < COUNTER_SLOTS; i++) {
		if (!slots[i].p)
			continue;
		if (!intact(&slots[i]))
			return -1 - (long)i;
		n++;
	}
	return n;
}

const void *counter_block(uint32_t slot, size_t *size)
{
	counter_calls++;
	if (slot >= COUNTER_SLOTS || !slots[slot].p)
		return NULL;
	if (size)
		*size = slots[slot].size;
	return slots[slot].p;
}

size_t counter_live_bytes(void)
{
	counter_calls++;
	return live;
}

void *counter_sbrk0(void)
{
	counter_calls++;
	return sbrk(0);
}

int counter_mallopt(int param, int value)
{
	counter_calls++;
	return mallopt(param, value);
}
