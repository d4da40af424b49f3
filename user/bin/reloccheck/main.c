/*
 * reloccheck - /lib/reloctest.lib against the same source linked into this
 * program (table.c is #included below).  The kernel places the library at
 * the break and relocates each page when it is first touched; every
 * pointer the library holds must then sit where this program's copy of the
 * same pointer sits, relative to the object it points into, and every call
 * through the library's function pointers must give what the program's
 * give.  Pages are touched in awkward orders first (the second half of a
 * straddling word before the first, tables from their last page down),
 * then the two digests of everything are compared.
 * Ends with "reloccheck: N checks, PASS".
 */
#include <errno.h>
#include <library.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../lib/reloctest/table.c"

static int checks, fails;
static const char *lib_start, *lib_end;

#define CHECK(cond, ...) do { checks++; if (!(cond)) { fails++; \
	printf("FAIL %d: %s: ", __LINE__, #cond); printf(__VA_ARGS__); printf("\n"); } } while (0)

static void *sym(void *lib, const char *name)
{
	void *p = librarySymbol(lib, name);
	CHECK(p != NULL, "librarySymbol(%s): errno %d", name, errno);
	return p;
}

static int in_lib(const void *p)
{
	return (const char *)p >= lib_start && (const char *)p < lib_end;
}

/* Resident pages of the library image. */
static int resident_pages(void)
{
	unsigned char vec[64];
	size_t len = (size_t)(lib_end - lib_start);
	if (len > sizeof(vec) * 4096 || mincore((void *)lib_start, len, vec))
		return -1;
	int n = 0;
	for (size_t i = 0; i < (len + 4095) / 4096; i++)
		n += vec[i] & 1;
	return n;
}

int main(void)
{
	char *brk0 = sbrk(0);
	void *lib = openLibrary("reloctest");
	if (!lib) {
		printf("reloccheck: openLibrary: errno %d\nreloccheck: FAIL\n", errno);
		return 1;
	}
	lib_start = lib;
	lib_end = sbrk(0);
	CHECK(lib_start == (char *)(((uintptr_t)brk0 + 4095) & ~(uintptr_t)4095),
	      "handle %p, break was %p", lib_start, brk0);
	printf("reloccheck: reloctest.lib at %p-%p (%u KiB), %d pages resident before use\n",
	       lib_start, lib_end, (unsigned)((lib_end - lib_start) / 1024), resident_pages());

	/* The word straddling a page boundary: its second page first. */
	struct reloc_straddle *st = sym(lib, "reloc_straddle");
	const char **greeting = sym(lib, "reloc_greeting");
	if (!st || !greeting)
		goto out;
	CHECK(!strcmp(st->tail, "tail"), "straddle tail %.10s", st->tail);
	const char *sp;
	memcpy(&sp, (const char *)st + offsetof(struct reloc_straddle, ptr), sizeof(sp));
	CHECK(in_lib(sp) && sp == *greeting, "straddling pointer %p, greeting %p", sp, *greeting);
	CHECK(!strcmp(sp, "hello from reloctest"), "straddling pointer to \"%s\"", sp);

	/* The spread tables from the last entry down: pages in reverse order. */
	const char **sd = sym(lib, "reloc_spread_data");
	const char *const *stx = sym(lib, "reloc_spread_text");
	struct reloc_node *chain = sym(lib, "reloc_chain");
	if (!sd || !stx || !chain)
		goto out;
	int bad = 0;
	for (int i = RELOC_SPREAD - 1; i >= 0; i--) {
		if (sd[i] - (const char *)chain != reloc_spread_data[i] - (const char *)reloc_chain)
			bad++;
		if (stx[i] - *greeting != reloc_spread_text[i] - reloc_greeting)
			bad++;
	}
	CHECK(bad == 0, "%d of %d spread pointers off", bad, 2 * RELOC_SPREAD);
	const uint32_t *sq = sym(lib, "reloc_squares");
	CHECK(sq && !memcmp(sq, reloc_squares, sizeof(reloc_squares)), "numbers changed");

	/* Strings through a rodata table of pointers. */
	const char *const *names = sym(lib, "reloc_names");
	for (int i = 0; names && i < RELOC_NAMES; i++)
		CHECK(in_lib(names[i]) && !strcmp(names[i], reloc_names[i]),
		      "name %d: %p \"%s\"", i, names[i], in_lib(names[i]) ? names[i] : "?");
	const char *const **names_ptr = sym(lib, "reloc_names_ptr");
	CHECK(names_ptr && *names_ptr == &names[2], "pointer to pointer %p", names_ptr ? *names_ptr : 0);
	const char **world = sym(lib, "reloc_world");
	CHECK(world && *world == *greeting + 11 && !strcmp(*world, "reloctest"), "interior pointer");

	/* Function pointers, called through. */
	struct reloc_op *ops = sym(lib, "reloc_ops");
	int (*lmax)(int, int) = (int (*)(int, int))sym(lib, "reloc_max");
	for (int i = 0; ops && i < RELOC_OPS; i++) {
		CHECK(in_lib(ops[i].fn) && in_lib(ops[i].name), "op %d not in the library", i);
		CHECK(!strcmp(ops[i].name, reloc_ops[i].name), "op %d name", i);
		CHECK(ops[i].fn(7, 3) == reloc_ops[i].fn(7, 3) && ops[i].fn(-4, 9) == reloc_ops[i].fn(-4, 9),
		      "op %s gives %d, want %d", reloc_ops[i].name, ops[i].fn(7, 3), reloc_ops[i].fn(7, 3));
	}
	CHECK(ops && ops[3].fn == lmax, "&reloc_max in data %p, exported %p", ops ? (void *)ops[3].fn : 0,
	      (void *)lmax);
	const struct reloc_op *const *order = sym(lib, "reloc_op_order");
	for (int i = 0; order && ops && i < RELOC_OPS; i++)
		CHECK(order[i] - ops == reloc_op_order[i] - reloc_ops, "rodata pointer to data %d", i);
	int (**dispatch)(int, int) = sym(lib, "reloc_dispatch");
	CHECK(dispatch && *dispatch == lmax && (*dispatch)(3, 8) == 8, "function pointer in data");
	int (**weak)(int, int) = sym(lib, "reloc_weak");
	CHECK(weak && *weak == NULL && reloc_weak == NULL, "missing weak function became %p",
	      weak ? (void *)*weak : 0);

	/* A list in data pointing into itself; a pointer into bss. */
	for (int i = 0; i < RELOC_CHAIN; i++)
		CHECK(chain[i].next == (i + 1 < RELOC_CHAIN ? &chain[i + 1] : NULL) &&
		      chain[i].value == reloc_chain[i].value, "chain %d", i);
	char **cursor = sym(lib, "reloc_cursor");
	char *buffer = sym(lib, "reloc_buffer");
	CHECK(cursor && buffer && *cursor == buffer + 8, "pointer into bss %p, buffer %p",
	      cursor ? *cursor : 0, buffer);

	/* Jump tables, the library's own printf, and the digest of it all. */
	int (*classify)(int) = (int (*)(int))sym(lib, "reloc_classify");
	for (int i = -2; classify && i < 11; i++)
		CHECK(classify(i) == reloc_classify(i), "classify(%d) %d, want %d", i, classify(i),
		      reloc_classify(i));
	int (*describe)(char *, size_t) = (int (*)(char *, size_t))sym(lib, "reloc_describe");
	char mine[128], theirs[128];
	reloc_describe(mine, sizeof(mine));
	if (describe)
		describe(theirs, sizeof(theirs));
	CHECK(describe && !strcmp(mine, theirs), "describe: \"%s\" vs \"%s\"", theirs, mine);
	uint32_t (*digest)(void) = (uint32_t (*)(void))sym(lib, "reloc_digest");
	uint32_t dl = digest ? digest() : 0, dp = reloc_digest();
	CHECK(dl == dp, "digest %08x, program's %08x", (unsigned)dl, (unsigned)dp);
	CHECK(buffer && !strcmp(buffer + 8, "reloctest-42"), "library wrote \"%s\"", buffer + 8);
	printf("reloccheck: \"%s\"\n", theirs);
	printf("reloccheck: digest %08x in both; %d pages resident after use\n", (unsigned)dl,
	       resident_pages());
out:
	printf("reloccheck: %d checks, %s\n", checks, fails ? "FAIL" : "PASS");
	return fails != 0;
}
