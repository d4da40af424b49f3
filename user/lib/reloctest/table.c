/*
 * table.c - /lib/reloctest.lib: data full of absolute addresses, every kind
 * the kernel must relocate when it places a library at the break.
 *
 *   - pointers to strings, and into the middle of a string, in data
 *   - a table of pointers to strings in rodata (relocations in text pages)
 *   - a pointer into bss, a pointer to a pointer
 *   - a table of structs holding function pointers, called through
 *   - rodata pointers to data, a self-referential list in data
 *   - a switch jump table (absolute addresses in text and rodata)
 *   - a pointer straddling a page boundary
 *   - two tables of 4096 pointers each, spread over many pages, and a
 *     table of numbers that must stay as they are; together they make the
 *     image 64 KiB, the size the cost figures are for
 *   - an undefined weak function, whose 0 must stay 0
 *
 * The same file is #included into /bin/reloccheck, which compares.
 */
#include <stdio.h>
#include <string.h>
#include "reloctest.h"

extern int reloc_missing(int, int) __attribute__((weak));

static int op_add(int a, int b) { return a + b; }
static int op_sub(int a, int b) { return a - b; }
static int op_mul(int a, int b) { return a * b; }
int reloc_max(int a, int b) { return a > b ? a : b; }

static const char hello[] = "hello from reloctest";

const char *const reloc_names[RELOC_NAMES] = {
	"zero", "one", "two", "three", "four", "five", "six", "seven",
	"eight", "nine", hello, hello + 6,
};
const char *reloc_greeting = hello;
const char *reloc_world = hello + 11;
char reloc_buffer[256];
char *reloc_cursor = reloc_buffer + 8;
struct reloc_op reloc_ops[RELOC_OPS] = {
	{ "add", op_add }, { "sub", op_sub }, { "mul", op_mul }, { "max", reloc_max },
};
const struct reloc_op *const reloc_op_order[RELOC_OPS] = {
	&reloc_ops[3], &reloc_ops[1], &reloc_ops[0], &reloc_ops[2],
};
int (*reloc_dispatch)(int, int) = reloc_max;
int (*reloc_weak)(int, int) = reloc_missing;
struct reloc_node reloc_chain[RELOC_CHAIN] = {
	{ 10, &reloc_chain[1] }, { 11, &reloc_chain[2] }, { 12, &reloc_chain[3] },
	{ 13, &reloc_chain[4] }, { 14, &reloc_chain[5] }, { 15, &reloc_chain[6] },
	{ 16, &reloc_chain[7] }, { 17, NULL },
};
const char *const *reloc_names_ptr = &reloc_names[2];
struct reloc_straddle reloc_straddle = { .ptr = hello, .tail = "tail" };

/* Pointer i: somewhere inside reloc_chain (data) or hello (rodata). */
#define D1(i) (const char *)reloc_chain + ((i) * 7) % sizeof(reloc_chain)
#define T1(i) hello + ((i) * 5) % sizeof(hello)
#define X4(X, i)   X(i), X((i) + 1), X((i) + 2), X((i) + 3)
#define X16(X, i)  X4(X, i), X4(X, (i) + 4), X4(X, (i) + 8), X4(X, (i) + 12)
#define X64(X, i)  X16(X, i), X16(X, (i) + 16), X16(X, (i) + 32), X16(X, (i) + 48)
#define X256(X, i) X64(X, i), X64(X, (i) + 64), X64(X, (i) + 128), X64(X, (i) + 192)
#define X1K(X, i)  X256(X, i), X256(X, (i) + 256), X256(X, (i) + 512), X256(X, (i) + 768)
#define X4K(X, i)  X1K(X, i), X1K(X, (i) + 1024), X1K(X, (i) + 2048), X1K(X, (i) + 3072)
_Static_assert(RELOC_SPREAD == 4096, "the tables below have 4096 entries");
const char *reloc_spread_data[RELOC_SPREAD] = { X4K(D1, 0) };
const char *const reloc_spread_text[RELOC_SPREAD] = { X4K(T1, 0) };
/* Numbers, not pointers: rodata that must come out unchanged. */
#define Q1(i) (uint32_t)(i) * (i)
const uint32_t reloc_squares[RELOC_SQUARES] = { X1K(Q1, 0), X1K(Q1, 1024), X1K(Q1, 2048) };

/* Dense enough for gcc to make a jump table. */
int reloc_classify(int x)
{
	switch (x) {
	case 0: return reloc_chain[3].value;
	case 1: return reloc_ops[1].fn(x, 40);
	case 2: return reloc_names[x][1];
	case 3: return (int)strlen(reloc_world);
	case 4: return reloc_dispatch(x, 44);
	case 5: return reloc_straddle.tail[1];
	case 6: return reloc_op_order[0]->fn(66, 6);
	case 7: return 77;
	case 8: return reloc_chain[7].value * 8;
	default: return -1;
	}
}

static uint32_t mix(uint32_t h, uint32_t v)
{
	return (h ^ v) * 16777619u;
}

static uint32_t mix_str(uint32_t h, const char *s)
{
	while (*s)
		h = mix(h, (unsigned char)*s++);
	return mix(h, 0);
}

/* Everything above, reduced to one number that does not depend on where
 * the image is: contents, results of calls, offsets inside objects. */
uint32_t reloc_digest(void)
{
	uint32_t h = 2166136261u;
	for (int i = 0; i < RELOC_NAMES; i++)
		h = mix_str(h, reloc_names[i]);
	h = mix_str(mix_str(h, reloc_greeting), reloc_world);
	for (int i = 0; i < RELOC_OPS; i++)
		h = mix(mix_str(h, reloc_ops[i].name), (uint32_t)reloc_ops[i].fn(7, 3));
	for (int i = 0; i < RELOC_OPS; i++)
		h = mix(mix(h, (uint32_t)(reloc_op_order[i] - reloc_ops)),
			(uint32_t)reloc_op_order[i]->fn(5, 9));
	h = mix(h, (uint32_t)reloc_dispatch(4, 11));
	h = mix(h, reloc_weak == NULL);
	for (const struct reloc_node *n = reloc_chain; n; n = n->next)
		h = mix(mix(h, (uint32_t)n->value), (uint32_t)(n - reloc_chain));
	h = mix_str(mix(h, (uint32_t)(reloc_names_ptr - reloc_names)), *reloc_names_ptr);
	snprintf(reloc_cursor, sizeof(reloc_buffer) - 8, "%s-%d", reloc_world, 42);
	h = mix(mix_str(h, reloc_buffer + 8), (uint32_t)(reloc_cursor - reloc_buffer));
	h = mix_str(mix_str(h, reloc_straddle.ptr), reloc_straddle.tail);
	for (int i = 0; i < RELOC_SPREAD; i++) {
		h = mix(h, (uint32_t)(reloc_spread_data[i] - (const char *)reloc_chain));
		h = mix(h, (uint32_t)(reloc_spread_text[i] - hello));
	}
	for (int i = 0; i < RELOC_SQUARES; i++)
		h = mix(h, reloc_squares[i] - (uint32_t)i * (uint32_t)i);
	for (int i = -1; i < 10; i++)
		h = mix(h, (uint32_t)reloc_classify(i));
	return h;
}

/* A line through the library's own printf (its own tables and pointers). */
int reloc_describe(char *buf, size_t len)
{
	return snprintf(buf, len, "%s: %s %d %x %s", reloc_greeting, reloc_ops[2].name,
			reloc_ops[2].fn(6, 7), reloc_classify(8), reloc_names[reloc_classify(3)]);
}
