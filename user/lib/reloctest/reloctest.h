/*
 * reloctest.h - the shapes of /lib/reloctest.lib's data.  table.c is built
 * twice: as the library, placed at the break and relocated by the kernel,
 * and #included into /bin/reloccheck, linked at a fixed address.  Offsets
 * inside one object are the same in both, so reloccheck can demand that
 * every pointer the library holds sits exactly where the program's copy of
 * the same pointer sits, relative to the object it points into.
 */
#ifndef RELOCTEST_H
#define RELOCTEST_H

#include <stddef.h>
#include <stdint.h>

#define RELOC_NAMES   12
#define RELOC_OPS     4
#define RELOC_CHAIN   8
#define RELOC_SPREAD  4096      /* pointers in each of the two spread tables */
#define RELOC_SQUARES 3072

struct reloc_op {
	const char *name;
	int (*fn)(int, int);
};

struct reloc_node {
	int value;
	struct reloc_node *next;
};

/* A page-aligned object whose pointer straddles the page boundary: two
 * bytes on each page. */
struct __attribute__((packed, aligned(4096))) reloc_straddle {
	char head[4094];
	const char *ptr;
	char tail[10];
};

extern const char *const reloc_names[RELOC_NAMES];
extern const char *reloc_greeting;
extern const char *reloc_world;
extern char reloc_buffer[256];
extern char *reloc_cursor;
extern struct reloc_op reloc_ops[RELOC_OPS];
extern const struct reloc_op *const reloc_op_order[RELOC_OPS];
extern int (*reloc_dispatch)(int, int);
extern int (*reloc_weak)(int, int);
extern struct reloc_node reloc_chain[RELOC_CHAIN];
extern const char *const *reloc_names_ptr;
extern struct reloc_straddle reloc_straddle;
extern const char *reloc_spread_data[RELOC_SPREAD];
extern const char *const reloc_spread_text[RELOC_SPREAD];
extern const uint32_t reloc_squares[RELOC_SQUARES];

int reloc_max(int a, int b);
int reloc_classify(int x);
uint32_t reloc_digest(void);
int reloc_describe(char *buf, size_t len);

#endif
