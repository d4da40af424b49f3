/*
 * flat_parse.c - host tests for kernel/exec/flat.c: the validator on good
 * images built here and on a table of corruptions (every field out of
 * range, truncation at every byte, overflowing sizes), page relocation
 * (straddling words, wrap-around, every page against a whole-image
 * reference), export lookup and flat_describe.  Run under ASan/UBSan: every
 * parse is given a heap buffer of exactly the file's size, so a read past
 * the end is caught.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../kernel/exec/flat.h"

#define ENOEXEC_ 8      /* brink/abi.h's ENOEXEC (the same as Linux's) */

/* ---- building test images ------------------------------------------------ */

struct tx { const char *name; uint32_t value, size, type; };

struct spec {
	bool lib;
	uint32_t entry, text_size, data_size, data_vaddr, bss_size, stack;
	const uint32_t *relocs; size_t nrelocs;
	const struct tx *exps; size_t nexps;    /* sorted by name */
};

struct img {
	uint8_t *p;
	size_t n;
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

#define F(field) offsetof(struct flat_header, field)

/* Same layout as elf2flat: header, text, data, relocs, exports, strings. */
static struct img build(const struct spec *s)
{
	size_t strsz = 0;
	for (size_t i = 0; i < s->nexps; i++)
		strsz += strlen(s->exps[i].name) + 1;
	size_t text_off = FLAT_HEADER_SIZE;
	size_t data_off = (text_off + s->text_size + 3) & ~3ul;
	size_t reloc_off = (data_off + s->data_size + 3) & ~3ul;
	size_t export_off = reloc_off + 4 * s->nrelocs;
	size_t str_off = export_off + 16 * s->nexps;
	size_t n = str_off + strsz;
	uint8_t *p = calloc(1, n);

	assert_non_null(p);
	memcpy(p, "BRNK", 4);
	put32(p + F(version), FLAT_VERSION);
	put32(p + F(header_size), FLAT_HEADER_SIZE);
	put32(p + F(flags), s->lib ? FLAT_F_LIBRARY : 0);
	put32(p + F(link_base), s->lib ? 0 : FLAT_EXEC_BASE);
	put32(p + F(entry), s->entry);
	put32(p + F(text_off), text_off);
	put32(p + F(text_size), s->text_size);
	put32(p + F(data_off), data_off);
	put32(p + F(data_size), s->data_size);
	put32(p + F(data_vaddr), s->data_vaddr);
	put32(p + F(bss_size), s->bss_size);
	put32(p + F(stack_size), s->stack);
	put32(p + F(reloc_off), reloc_off);
	put32(p + F(reloc_count), s->nrelocs);
	put32(p + F(export_off), export_off);
	put32(p + F(export_count), s->nexps);
	put32(p + F(strtab_off), str_off);
	put32(p + F(strtab_size), strsz);
	for (uint32_t i = 0; i < s->text_size; i++)
		p[text_off + i] = (uint8_t)(i * 7 + 3);
	for (uint32_t i = 0; i < s->data_size; i++)
		p[data_off + i] = (uint8_t)(i * 13 + 5);
	for (size_t i = 0; i < s->nrelocs; i++)
		put32(p + reloc_off + 4 * i, s->relocs[i]);
	size_t so = 0;
	for (size_t i = 0; i < s->nexps; i++) {
		uint8_t *e = p + export_off + 16 * i;
		put32(e + 0, so);
		put32(e + 4, s->exps[i].value);
		put32(e + 8, s->exps[i].size);
		put32(e + 12, s->exps[i].type);
		strcpy((char *)p + str_off + so, s->exps[i].name);
		so += strlen(s->exps[i].name) + 1;
	}
	return (struct img){ p, n };
}

/*
 * The two good images.  Text is 0x1800 bytes (two pages, the second
 * partial), data starts at 0x2000 with 0x1100 bytes (two pages), then
 * 0x3000 of bss.  Relocations at the first and last word of each segment
 * and straddling each segment's inner page boundary.
 */
static const uint32_t good_relocs[] = { 0x0, 0x40, 0xffe, 0x1002, 0x17fc,
                                        0x2000, 0x2ffe, 0x3004, 0x30fc };
static const struct tx good_exports[] = {
	{ "alpha", 0x10, 8, FLAT_EXPORT_FUNC },
	{ "beta", 0x2000, 4, FLAT_EXPORT_OBJECT },
	{ "beta2", 0x1000, 0x800, FLAT_EXPORT_OBJECT },  /* rodata to the end of text */
	{ "gamma", 0x3200, 16, FLAT_EXPORT_OBJECT },     /* in bss */
	{ "zeta", 0x17f0, 16, FLAT_EXPORT_FUNC },        /* ends exactly at text end */
};

static struct spec exec_spec(void)
{
	return (struct spec){ .entry = 0x10, .text_size = 0x1800, .data_size = 0x1100,
	                      .data_vaddr = 0x2000, .bss_size = 0x3000, .stack = 0x10000,
	                      .relocs = good_relocs, .nrelocs = 9 };
}

static struct spec lib_spec(void)
{
	struct spec s = exec_spec();
	s.lib = true;
	s.entry = 0;
	s.stack = 0;
	s.exps = good_exports;
	s.nexps = 5;
	return s;
}

/* Parse a copy of exactly n bytes, so ASan sees any read past the end. */
static int parse_n(const uint8_t *p, size_t n, unsigned kind, struct flat_image *out,
                   const char **why)
{
	uint8_t *copy = malloc(n ? n : 1);
	assert_non_null(copy);
	memcpy(copy, p, n);
	int rc = flat_parse(copy, n, kind, out, why);
	free(copy);
	return rc;
}

/* ---- good images ------------------------------------------------------------- */

static void test_good_exec(void **state)
{
	(void)state;
	struct spec s = exec_spec();
	struct img im = build(&s);
	struct flat_image fi;
	const char *why = "unset";

	assert_int_equal(flat_parse(im.p, im.n, FLAT_KIND_EXEC, &fi, &why), 0);
	assert_null(why);
	assert_int_equal(fi.bad_index, -1);
	assert_int_equal(fi.kind, FLAT_KIND_EXEC);
	assert_int_equal(fi.link_base, FLAT_EXEC_BASE);
	assert_int_equal(fi.entry, 0x10);
	assert_int_equal(fi.text_off, FLAT_HEADER_SIZE);
	assert_int_equal(fi.text_size, 0x1800);
	assert_int_equal(fi.data_vaddr, 0x2000);
	assert_int_equal(fi.data_size, 0x1100);
	assert_int_equal(fi.bss_size, 0x3000);
	assert_int_equal(fi.mem_end, 0x6100);
	assert_int_equal(fi.image_size, 0x7000);
	assert_int_equal(fi.stack_size, 0x10000);
	assert_int_equal(fi.reloc_count, 9);
	assert_int_equal(fi.export_count, 0);
	assert_ptr_equal(fi.file, im.p);
	for (uint32_t i = 0; i < 9; i++)
		assert_int_equal(flat_reloc_at(&fi, i), good_relocs[i]);
	/* The kind is checked both ways. */
	assert_int_equal(flat_parse(im.p, im.n, FLAT_KIND_LIB, &fi, &why), -ENOEXEC_);
	assert_string_equal(why, "image is a program, not a library");
	assert_int_equal(flat_parse(im.p, im.n, 0, &fi, &why), -ENOEXEC_);
	assert_int_equal(flat_parse(im.p, im.n, 3, &fi, &why), -ENOEXEC_);
	free(im.p);
}

static void test_good_lib(void **state)
{
	(void)state;
	struct spec s = lib_spec();
	struct img im = build(&s);
	struct flat_image fi;
	const char *why;

	assert_int_equal(flat_parse(im.p, im.n, FLAT_KIND_LIB, &fi, &why), 0);
	assert_int_equal(fi.kind, FLAT_KIND_LIB);
	assert_int_equal(fi.link_base, 0);
	assert_int_equal(fi.export_count, 5);
	assert_int_equal(fi.strtab_size, 6 + 5 + 6 + 6 + 5);
	assert_int_equal(flat_parse(im.p, im.n, FLAT_KIND_EXEC, &fi, &why), -ENOEXEC_);
	assert_string_equal(why, "image is a library, not a program");
	/* why may be NULL. */
	assert_int_equal(flat_parse(im.p, im.n, FLAT_KIND_LIB, &fi, NULL), 0);
	free(im.p);
}

/* Shapes at the edges of what is allowed. */
static void test_good_edges(void **state)
{
	(void)state;
	struct flat_image fi;
	const char *why;
	struct spec s;
	struct img im;

	/* Text only: no data, no bss, no relocations. */
	s = (struct spec){ .entry = 0, .text_size = 1, .data_vaddr = 0x1000 };
	im = build(&s);
	assert_int_equal(flat_parse(im.p, im.n, FLAT_KIND_EXEC, &fi, &why), 0);
	assert_int_equal(fi.image_size, 0x1000);
	free(im.p);

	/* A gap of unmapped pages between text and data is allowed. */
	s = exec_spec();
	s.data_vaddr = 0x5000;
	s.nrelocs = 5;                  /* the text ones */
	im = build(&s);
	assert_int_equal(flat_parse(im.p, im.n, FLAT_KIND_EXEC, &fi, &why), 0);
	assert_int_equal(fi.image_size, 0xa000);
	free(im.p);

	/* Exactly 1 GiB of image, exactly 8 MiB of stack, entry at the last byte. */
	s = exec_spec();
	s.bss_size = FLAT_MAX_IMAGE - 0x3100;
	s.stack = FLAT_MAX_STACK;
	s.entry = 0x17ff;
	im = build(&s);
	assert_int_equal(flat_parse(im.p, im.n, FLAT_KIND_EXEC, &fi, &why), 0);
	assert_int_equal(fi.image_size, FLAT_MAX_IMAGE);
	free(im.p);

	/* A program may carry exports. */
	s = exec_spec();
	s.exps = good_exports;
	s.nexps = 5;
	im = build(&s);
	assert_int_equal(flat_parse(im.p, im.n, FLAT_KIND_EXEC, &fi, &why), 0);
	assert_int_equal(flat_find_export(&fi, "gamma"), 0x3200);
	free(im.p);

	/* A library without exports or relocations. */
	s = (struct spec){ .lib = true, .text_size = 0x20, .data_vaddr = 0x1000,
	                   .bss_size = 0x10 };
	im = build(&s);
	assert_int_equal(flat_parse(im.p, im.n, FLAT_KIND_LIB, &fi, &why), 0);
	assert_int_equal(flat_find_export(&fi, "alpha"), -1);
	free(im.p);
}

/* ---- the corruption table ---------------------------------------------------- */

enum which { EXEC, LIB };

struct corruption {
	const char *what;
	enum which base;
	size_t field;           /* header offset to overwrite, or SIZE_MAX */
	uint32_t value;
	void (*mutate)(struct img *im);
	const char *why;        /* the exact message expected */
	long index;             /* expected bad_index */
};

#define NOFIELD SIZE_MAX

static uint8_t *reloc_p(struct img *im, uint32_t i)
{
	return im->p + get32(im->p + F(reloc_off)) + 4 * i;
}

static uint8_t *export_p(struct img *im, uint32_t i)
{
	return im->p + get32(im->p + F(export_off)) + 16 * i;
}

static void m_magic(struct img *im)        { im->p[3] = 'X'; }
static void m_append(struct img *im)
{
	im->p = realloc(im->p, im->n + 1);
	im->p[im->n++] = 0;
}
static void m_reloc_far(struct img *im)     { put32(reloc_p(im, 8), 0xfffffff0); }
static void m_reloc_end(struct img *im)     { put32(reloc_p(im, 8), 0x60fe); }
static void m_reloc_bss(struct img *im)     { put32(reloc_p(im, 8), 0x6000); }
static void m_reloc_gap(struct img *im)     { put32(reloc_p(im, 5), 0x1800); }
static void m_reloc_text_end(struct img *im) { put32(reloc_p(im, 4), 0x17fe); }
static void m_reloc_data_end(struct img *im) { put32(reloc_p(im, 8), 0x30fe); }
static void m_reloc_dup(struct img *im)     { put32(reloc_p(im, 3), 0xffe); }
static void m_reloc_overlap(struct img *im) { put32(reloc_p(im, 3), 0x1001); }
static void m_reloc_swap(struct img *im)
{
	put32(reloc_p(im, 0), 0x40);
	put32(reloc_p(im, 1), 0x0);
}
static void m_exp_name_far(struct img *im)  { put32(export_p(im, 3), 0xffffffff); }
static void m_exp_name_end(struct img *im)  { put32(export_p(im, 3), get32(im->p + F(strtab_size))); }
static void m_exp_name_empty(struct img *im) { put32(export_p(im, 4), get32(im->p + F(strtab_size)) - 1); }
static void m_exp_type0(struct img *im)     { put32(export_p(im, 1) + 12, 0); }
static void m_exp_type3(struct img *im)     { put32(export_p(im, 1) + 12, 3); }
static void m_exp_value_far(struct img *im) { put32(export_p(im, 2) + 4, 0xfffffff0); }
static void m_exp_value_end(struct img *im) { put32(export_p(im, 2) + 4, 0x6100); }
static void m_exp_size_far(struct img *im)  { put32(export_p(im, 3) + 8, 0xffffffff); }
static void m_exp_straddle(struct img *im)  { put32(export_p(im, 3) + 4, 0x60fe); }
static void m_exp_func_data(struct img *im) { put32(export_p(im, 0) + 4, 0x2000); }
static void m_exp_func_end(struct img *im)
{
	put32(export_p(im, 4) + 4, 0x1800);
	put32(export_p(im, 4) + 8, 0);
}
static void m_exp_func_long(struct img *im) { put32(export_p(im, 4) + 8, 17); }
static void m_exp_obj_gap(struct img *im)   { put32(export_p(im, 1) + 4, 0x1800); }
static void m_exp_obj_long(struct img *im)  { put32(export_p(im, 2) + 8, 0x801); }
static void m_exp_swap(struct img *im)
{
	uint8_t t[4];
	memcpy(t, export_p(im, 0), 4);
	memcpy(export_p(im, 0), export_p(im, 1), 4);
	memcpy(export_p(im, 1), t, 4);
}
static void m_exp_dup(struct img *im)       { memcpy(export_p(im, 2), export_p(im, 1), 4); }
static void m_strtab_nul(struct img *im)    { im->p[im->n - 1] = 'x'; }

#define HDR(f, v, w)  F(f), (v), NULL, (w)

static const struct corruption table[] = {
	{ "magic", EXEC, NOFIELD, 0, m_magic, "bad magic", -1 },
	{ "version 0", EXEC, HDR(version, 0, "unsupported version"), -1 },
	{ "version 2", EXEC, HDR(version, 2, "unsupported version"), -1 },
	{ "version max", EXEC, HDR(version, 0xffffffff, "unsupported version"), -1 },
	{ "header size small", EXEC, HDR(header_size, 76, "bad header size"), -1 },
	{ "header size big", EXEC, HDR(header_size, 84, "bad header size"), -1 },
	{ "header size max", EXEC, HDR(header_size, 0xffffffff, "bad header size"), -1 },
	{ "reserved", EXEC, HDR(reserved, 1, "reserved field not zero"), -1 },
	{ "flag bit 1", EXEC, HDR(flags, 2, "reserved flags set"), -1 },
	{ "flag bit 31", LIB, HDR(flags, 0x80000001, "reserved flags set"), -1 },
	{ "library flag on program", EXEC, HDR(flags, FLAT_F_LIBRARY,
	  "image is a library, not a program"), -1 },
	{ "program flag on library", LIB, HDR(flags, 0, "image is a program, not a library"), -1 },
	{ "exec link base 0", EXEC, HDR(link_base, 0, "bad link base"), -1 },
	{ "exec link base +page", EXEC, HDR(link_base, 0x08049000, "bad link base"), -1 },
	{ "exec link base max", EXEC, HDR(link_base, 0xffffffff, "bad link base"), -1 },
	{ "lib link base", LIB, HDR(link_base, 0x1000, "bad link base"), -1 },
	{ "entry at text end", EXEC, HDR(entry, 0x1800, "entry point outside text"), -1 },
	{ "entry in data", EXEC, HDR(entry, 0x2000, "entry point outside text"), -1 },
	{ "entry max", EXEC, HDR(entry, 0xffffffff, "entry point outside text"), -1 },
	{ "lib entry", LIB, HDR(entry, 4, "library has an entry point"), -1 },
	{ "text off in header", EXEC, HDR(text_off, 76, "text overlaps header"), -1 },
	{ "text off 0", EXEC, HDR(text_off, 0, "text overlaps header"), -1 },
	{ "text off misaligned", EXEC, HDR(text_off, 82, "text misaligned in file"), -1 },
	{ "text off max", EXEC, HDR(text_off, 0xfffffffc, "text extends past end of file"), -1 },
	{ "text size max", EXEC, HDR(text_size, 0xffffffff, "text extends past end of file"), -1 },
	{ "text size into data", EXEC, HDR(text_size, 0x1804, "data overlaps text in file"), -1 },
	{ "text size 0", EXEC, HDR(text_size, 0, "text is empty"), -1 },
	{ "data off misaligned", EXEC, HDR(data_off, FLAT_HEADER_SIZE + 0x1801,
	  "data misaligned in file"), -1 },
	{ "data off into text", EXEC, HDR(data_off, FLAT_HEADER_SIZE + 0x17fc,
	  "data overlaps text in file"), -1 },
	{ "data off max", EXEC, HDR(data_off, 0xfffffffc, "data extends past end of file"), -1 },
	{ "data size max", EXEC, HDR(data_size, 0xffffffff, "data extends past end of file"), -1 },
	{ "data size into relocs", EXEC, HDR(data_size, 0x1104,
	  "relocation table overlaps data in file"), -1 },
	{ "data vaddr misaligned", EXEC, HDR(data_vaddr, 0x2004, "data not page aligned"), -1 },
	{ "data vaddr in text", EXEC, HDR(data_vaddr, 0x1000, "data overlaps text"), -1 },
	{ "data vaddr 0", LIB, HDR(data_vaddr, 0, "data overlaps text"), -1 },
	{ "data vaddr top", EXEC, HDR(data_vaddr, 0xfffff000, "data size overflows"), -1 },
	{ "data vaddr 2GiB", EXEC, HDR(data_vaddr, 0x80000000, "image larger than 1 GiB"), -1 },
	{ "bss max", EXEC, HDR(bss_size, 0xffffffff, "bss size overflows"), -1 },
	{ "bss to 4GiB", EXEC, HDR(bss_size, 0xffffffff - 0x3100 + 1 - 0x100,
	  "bss size overflows"), -1 },  /* mem_end 0xffffff00 fits, its page does not */
	{ "bss 3GiB", EXEC, HDR(bss_size, 0xc0000000, "image larger than 1 GiB"), -1 },
	{ "bss 1GiB + 1", EXEC, HDR(bss_size, FLAT_MAX_IMAGE - 0x3100 + 1,
	  "image larger than 1 GiB"), -1 },
	{ "lib bss max", LIB, HDR(bss_size, 0xffffffff, "bss size overflows"), -1 },
	{ "stack 8MiB + 1", EXEC, HDR(stack_size, FLAT_MAX_STACK + 1,
	  "stack size larger than 8 MiB"), -1 },
	{ "stack max", EXEC, HDR(stack_size, 0xffffffff, "stack size larger than 8 MiB"), -1 },
	{ "lib stack", LIB, HDR(stack_size, 4096, "library requests a stack"), -1 },
	{ "reloc off misaligned", EXEC, HDR(reloc_off, FLAT_HEADER_SIZE + 0x1800 + 0x1102,
	  "relocation table misaligned"), -1 },
	{ "reloc off max", EXEC, HDR(reloc_off, 0xfffffffc,
	  "relocation table extends past end of file"), -1 },
	{ "reloc count +1", EXEC, HDR(reloc_count, 10,
	  "relocation table extends past end of file"), -1 },
	{ "reloc count wraps 32 bits", EXEC, HDR(reloc_count, 0x40000000,
	  "relocation table extends past end of file"), -1 },
	{ "reloc count max", EXEC, HDR(reloc_count, 0xffffffff,
	  "relocation table extends past end of file"), -1 },
	{ "reloc far", EXEC, NOFIELD, 0, m_reloc_far, "relocation outside image", 8 },
	{ "reloc past end", EXEC, NOFIELD, 0, m_reloc_end, "relocation outside image", 8 },
	{ "reloc in bss", EXEC, NOFIELD, 0, m_reloc_bss, "relocation outside text and data", 8 },
	{ "reloc in gap", EXEC, NOFIELD, 0, m_reloc_gap, "relocation outside text and data", 5 },
	{ "reloc across text end", EXEC, NOFIELD, 0, m_reloc_text_end,
	  "relocation outside text and data", 4 },
	{ "reloc across data end", LIB, NOFIELD, 0, m_reloc_data_end,
	  "relocation outside text and data", 8 },
	{ "reloc duplicate", EXEC, NOFIELD, 0, m_reloc_dup, "relocation unsorted or overlapping", 3 },
	{ "reloc overlapping", EXEC, NOFIELD, 0, m_reloc_overlap,
	  "relocation unsorted or overlapping", 3 },
	{ "reloc unsorted", LIB, NOFIELD, 0, m_reloc_swap, "relocation unsorted or overlapping", 1 },
	{ "export off misaligned", LIB, HDR(export_off, 0x2999, "export table misaligned"), -1 },
	{ "export off max", LIB, HDR(export_off, 0xfffffff0,
	  "export table extends past end of file"), -1 },
	{ "export count +1", LIB, HDR(export_count, 6, "string table overlaps export table"), -1 },
	{ "export count +3", LIB, HDR(export_count, 8, "export table extends past end of file"), -1 },
	{ "export count wraps 32 bits", LIB, HDR(export_count, 0x10000000,
	  "export table extends past end of file"), -1 },
	{ "export count max", LIB, HDR(export_count, 0xffffffff,
	  "export table extends past end of file"), -1 },
	{ "export table into relocs", LIB, HDR(export_off, FLAT_HEADER_SIZE + 0x1800 + 0x1100 + 32,
	  "export table overlaps relocation table"), -1 },
	{ "strtab into exports", LIB, HDR(strtab_off, FLAT_HEADER_SIZE + 0x1800 + 0x1100 + 36 + 79,
	  "string table overlaps export table"), -1 },
	{ "strtab off max", LIB, HDR(strtab_off, 0xffffffff,
	  "string table extends past end of file"), -1 },
	{ "strtab size max", LIB, HDR(strtab_size, 0xffffffff,
	  "string table extends past end of file"), -1 },
	{ "strtab size -1", LIB, HDR(strtab_size, 27, "trailing bytes after string table"), -1 },
	{ "trailing byte", EXEC, NOFIELD, 0, m_append, "trailing bytes after string table", -1 },
	{ "trailing byte lib", LIB, NOFIELD, 0, m_append, "trailing bytes after string table", -1 },
	{ "strtab unterminated", LIB, NOFIELD, 0, m_strtab_nul, "string table not NUL-terminated", -1 },
	{ "export name far", LIB, NOFIELD, 0, m_exp_name_far, "export name outside string table", 3 },
	{ "export name at end", LIB, NOFIELD, 0, m_exp_name_end, "export name outside string table", 3 },
	{ "export name empty", LIB, NOFIELD, 0, m_exp_name_empty, "export name empty", 4 },
	{ "export type 0", LIB, NOFIELD, 0, m_exp_type0, "export type unknown", 1 },
	{ "export type 3", LIB, NOFIELD, 0, m_exp_type3, "export type unknown", 1 },
	{ "export value far", LIB, NOFIELD, 0, m_exp_value_far, "export outside image", 2 },
	{ "export value at end", LIB, NOFIELD, 0, m_exp_value_end, "export outside image", 2 },
	{ "export size max", LIB, NOFIELD, 0, m_exp_size_far, "export outside image", 3 },
	{ "export across end", LIB, NOFIELD, 0, m_exp_straddle, "export outside image", 3 },
	{ "export function in data", LIB, NOFIELD, 0, m_exp_func_data,
	  "export function outside text", 0 },
	{ "export function at text end", LIB, NOFIELD, 0, m_exp_func_end,
	  "export function outside text", 4 },
	{ "export function past text end", LIB, NOFIELD, 0, m_exp_func_long,
	  "export function outside text", 4 },
	{ "export object in gap", LIB, NOFIELD, 0, m_exp_obj_gap, "export outside text and data", 1 },
	{ "export object across text end", LIB, NOFIELD, 0, m_exp_obj_long,
	  "export outside text and data", 2 },
	{ "exports unsorted", LIB, NOFIELD, 0, m_exp_swap, "export unsorted or duplicate", 1 },
	{ "exports duplicate", LIB, NOFIELD, 0, m_exp_dup, "export unsorted or duplicate", 2 },
};

static void test_corruptions(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		const struct corruption *c = &table[i];
		struct spec s = c->base == LIB ? lib_spec() : exec_spec();
		unsigned kind = c->base == LIB ? FLAT_KIND_LIB : FLAT_KIND_EXEC;
		struct img im = build(&s);
		struct flat_image fi;
		const char *why = NULL;

		/* The base image is good; only the corruption makes it bad. */
		assert_int_equal(parse_n(im.p, im.n, kind, &fi, &why), 0);
		if (c->mutate)
			c->mutate(&im);
		else
			put32(im.p + c->field, c->value);
		int rc = parse_n(im.p, im.n, kind, &fi, &why);
		if (rc != -ENOEXEC_ || !why || strcmp(why, c->why) != 0 || fi.bad_index != c->index)
			fail_msg("%s: rc %d, why \"%s\" index %ld; expected \"%s\" index %ld",
			         c->what, rc, why ? why : "(null)", fi.bad_index, c->why, c->index);
		/* On failure nothing but bad_index is left for a careless caller. */
		assert_null(fi.file);
		assert_int_equal(fi.text_size, 0);
		assert_int_equal(fi.reloc_count, 0);
		free(im.p);
	}
}

/* Every proper prefix of a good image is refused, without reading past it. */
static void truncate_all(const struct spec *s, unsigned kind)
{
	struct img im = build(s);
	struct flat_image fi;
	const char *why;

	assert_int_equal(parse_n(im.p, im.n, kind, &fi, &why), 0);
	for (size_t n = 0; n < im.n; n++) {
		int rc = parse_n(im.p, n, kind, &fi, &why);
		if (rc != -ENOEXEC_ || !why)
			fail_msg("prefix of %zu bytes accepted", n);
		if (n < FLAT_HEADER_SIZE && strcmp(why, "truncated header") != 0)
			fail_msg("prefix of %zu bytes: \"%s\"", n, why);
	}
	free(im.p);
}

static void test_truncation(void **state)
{
	(void)state;
	struct spec s = exec_spec();
	truncate_all(&s, FLAT_KIND_EXEC);
	s = lib_spec();
	truncate_all(&s, FLAT_KIND_LIB);
}

/* A truncated file names its last region. */
static void test_truncation_messages(void **state)
{
	(void)state;
	struct spec s = lib_spec();
	struct img im = build(&s);
	struct flat_image fi;
	const char *why;
	size_t text_off = FLAT_HEADER_SIZE;
	size_t data_off = get32(im.p + F(data_off));
	size_t reloc_off = get32(im.p + F(reloc_off));
	size_t export_off = get32(im.p + F(export_off));
	size_t str_off = get32(im.p + F(strtab_off));

	parse_n(im.p, text_off + 5, FLAT_KIND_LIB, &fi, &why);
	assert_string_equal(why, "text extends past end of file");
	parse_n(im.p, data_off + 5, FLAT_KIND_LIB, &fi, &why);
	assert_string_equal(why, "data extends past end of file");
	parse_n(im.p, reloc_off + 5, FLAT_KIND_LIB, &fi, &why);
	assert_string_equal(why, "relocation table extends past end of file");
	parse_n(im.p, export_off + 5, FLAT_KIND_LIB, &fi, &why);
	assert_string_equal(why, "export table extends past end of file");
	parse_n(im.p, str_off + 5, FLAT_KIND_LIB, &fi, &why);
	assert_string_equal(why, "string table extends past end of file");
	/* Magic first: three bytes are a truncated header, "BRNX" is not ours. */
	parse_n(im.p, 3, FLAT_KIND_LIB, &fi, &why);
	assert_string_equal(why, "truncated header");
	parse_n((const uint8_t *)"BRNX", 4, FLAT_KIND_LIB, &fi, &why);
	assert_string_equal(why, "bad magic");
	parse_n((const uint8_t *)"\x7f" "ELF\1\1\1", 7, FLAT_KIND_EXEC, &fi, &why);
	assert_string_equal(why, "bad magic");
	free(im.p);
}

/* Random byte flips: no crash, and what passes is safe to use. */
static void test_random_flips(void **state)
{
	(void)state;
	uint32_t seed = 12345;
	uint8_t page[FLAT_PAGE_SIZE];
	int accepted = 0;

	for (int round = 0; round < 20000; round++) {
		struct spec s = round & 1 ? lib_spec() : exec_spec();
		struct img im = build(&s);
		int flips = 1 + round % 4;
		for (int k = 0; k < flips; k++) {
			seed = seed * 1103515245 + 12345;
			/* A third anywhere, a third in the header, a third in the
			 * tables: the header and tables are where the checks are. */
			size_t tables = get32(im.p + F(reloc_off));
			size_t at;
			if (round % 3 == 0)
				at = (seed >> 8) % im.n;
			else if (round % 3 == 1)
				at = (seed >> 8) % FLAT_HEADER_SIZE;
			else
				at = tables + (seed >> 8) % (im.n - tables);
			im.p[at] ^= (uint8_t)(1u << (seed >> 28) % 8);
		}
		struct flat_image fi;
		const char *why;
		uint8_t *copy = malloc(im.n);
		memcpy(copy, im.p, im.n);
		if (flat_parse(copy, im.n, round & 1 ? FLAT_KIND_LIB : FLAT_KIND_EXEC, &fi, &why) == 0) {
			accepted++;
			for (uint32_t off = 0; off < fi.image_size && off < 0x10000; off += FLAT_PAGE_SIZE) {
				flat_read_page(&fi, off, page);
				flat_relocate_page(&fi, off, page, 0x1000);
			}
			for (uint32_t i = 0; i < fi.export_count; i++) {
				struct flat_export e;
				assert_true(flat_export_at(&fi, i, &e));
				assert_int_equal(flat_find_export(&fi, e.name), (long)e.value);
			}
		} else {
			assert_non_null(why);
		}
		free(copy);
		free(im.p);
	}
	/* Some flips hit bytes that do not matter (text, data, strings). */
	assert_true(accepted > 0);
}

/* ---- relocation ---------------------------------------------------------------- */

/* The whole memory image at delta, page by page. */
static uint8_t *load_pages(const struct flat_image *fi, uint32_t delta, bool backwards)
{
	uint32_t pages = fi->image_size / FLAT_PAGE_SIZE;
	uint8_t *mem = malloc(fi->image_size);

	for (uint32_t k = 0; k < pages; k++) {
		uint32_t pg = backwards ? pages - 1 - k : k;
		flat_read_page(fi, pg * FLAT_PAGE_SIZE, mem + pg * FLAT_PAGE_SIZE);
		flat_relocate_page(fi, pg * FLAT_PAGE_SIZE, mem + pg * FLAT_PAGE_SIZE, delta);
	}
	return mem;
}

/* Reference: the original bytes, then every relocation applied at once. */
static uint8_t *load_reference(const struct flat_image *fi, uint32_t delta)
{
	uint8_t *mem = calloc(1, fi->image_size);

	memcpy(mem, fi->file + fi->text_off, fi->text_size);
	memcpy(mem + fi->data_vaddr, fi->file + fi->data_off, fi->data_size);
	for (uint32_t i = 0; i < fi->reloc_count; i++) {
		uint32_t r = flat_reloc_at(fi, i);
		put32(mem + r, get32(mem + r) + delta);
	}
	return mem;
}

static void check_deltas(const struct spec *s, unsigned kind)
{
	static const uint32_t deltas[] = { 0, 0x1000, 0x12345000, 0xfffff000, 0x7fff0003,
	                                   0x80000001 };
	struct img im = build(s);
	struct flat_image fi;
	const char *why;

	assert_int_equal(flat_parse(im.p, im.n, kind, &fi, &why), 0);
	for (size_t d = 0; d < sizeof deltas / sizeof deltas[0]; d++) {
		uint8_t *ref = load_reference(&fi, deltas[d]);
		for (int back = 0; back < 2; back++) {
			uint8_t *mem = load_pages(&fi, deltas[d], back);
			assert_memory_equal(mem, ref, fi.image_size);
			free(mem);
		}
		free(ref);
	}
	free(im.p);
}

static void test_relocate_matches_reference(void **state)
{
	(void)state;
	struct spec s = exec_spec();
	check_deltas(&s, FLAT_KIND_EXEC);
	s = lib_spec();
	check_deltas(&s, FLAT_KIND_LIB);
	/* A relocation every 4 bytes through text and data. */
	static uint32_t dense[(0x1800 + 0x1100) / 4];
	size_t n = 0;
	for (uint32_t r = 0; r < 0x1800; r += 4)
		dense[n++] = r;
	for (uint32_t r = 0x2000; r < 0x3100; r += 4)
		dense[n++] = r;
	s.relocs = dense;
	s.nrelocs = n;
	check_deltas(&s, FLAT_KIND_LIB);
	/* Unaligned, back to back, straddling every text page boundary. */
	static uint32_t odd[0x1800 / 4];
	n = 0;
	for (uint32_t r = 1; r + 4 <= 0x1800; r += 4)
		odd[n++] = r;
	s.relocs = odd;
	s.nrelocs = n;
	check_deltas(&s, FLAT_KIND_LIB);
}

/* The straddling words, byte by byte, and the sum wrapping at 2^32. */
static void test_relocate_straddle(void **state)
{
	(void)state;
	struct spec s = lib_spec();
	struct img im = build(&s);
	struct flat_image fi;
	const char *why;
	uint8_t lo[FLAT_PAGE_SIZE], hi[FLAT_PAGE_SIZE];

	/* The straddling word at 0xffe holds 0xfffffff0. */
	put32(im.p + FLAT_HEADER_SIZE + 0xffe, 0xfffffff0);
	assert_int_equal(flat_parse(im.p, im.n, FLAT_KIND_LIB, &fi, &why), 0);
	flat_read_page(&fi, 0, lo);
	flat_read_page(&fi, 0x1000, hi);
	flat_relocate_page(&fi, 0, lo, 0x20);
	flat_relocate_page(&fi, 0x1000, hi, 0x20);
	uint8_t word[4] = { lo[0xffe], lo[0xfff], hi[0], hi[1] };
	assert_int_equal(get32(word), 0x10);            /* wrapped */
	/* The other bytes of both pages are untouched except other relocs. */
	assert_int_equal(lo[0xffd], (uint8_t)(0xffd * 7 + 3));
	assert_int_equal(hi[2], (uint8_t)(0x1002 * 7 + 3) + 0x20);  /* reloc at 0x1002 */

	/* The straddling data word at 0x2ffe. */
	uint8_t d0[FLAT_PAGE_SIZE], d1[FLAT_PAGE_SIZE];
	flat_read_page(&fi, 0x2000, d0);
	flat_read_page(&fi, 0x3000, d1);
	uint8_t orig[4] = { d0[0xffe], d0[0xfff], d1[0], d1[1] };
	flat_relocate_page(&fi, 0x3000, d1, 0x01020304);  /* the high page first */
	flat_relocate_page(&fi, 0x2000, d0, 0x01020304);
	uint8_t now[4] = { d0[0xffe], d0[0xfff], d1[0], d1[1] };
	assert_int_equal(get32(now), get32(orig) + 0x01020304);
	free(im.p);
}

/* Pages with nothing of the image: zero, and no access outside the file. */
static void test_pages_outside(void **state)
{
	(void)state;
	struct spec s = exec_spec();
	struct img im = build(&s);
	struct flat_image fi;
	const char *why;
	uint8_t page[FLAT_PAGE_SIZE], zero[FLAT_PAGE_SIZE] = { 0 };

	uint8_t *copy = malloc(im.n);         /* exact size, for ASan */
	memcpy(copy, im.p, im.n);
	assert_int_equal(flat_parse(copy, im.n, FLAT_KIND_EXEC, &fi, &why), 0);
	uint32_t offs[] = { 0x7000, 0x10000, 0x40000000, 0xfffff000, 0xffffffff };
	for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
		memset(page, 0xaa, sizeof page);
		flat_read_page(&fi, offs[i], page);
		flat_relocate_page(&fi, offs[i], page, 0x1000);
		assert_memory_equal(page, zero, sizeof page);
	}
	/* The bss page past data's last byte is zero after it. */
	flat_read_page(&fi, 0x3000, page);
	assert_int_equal(page[0xff], (uint8_t)(0x10ff * 13 + 5));
	assert_memory_equal(page + 0x100, zero, FLAT_PAGE_SIZE - 0x100);
	/* The last text page is zero past text. */
	flat_read_page(&fi, 0x1000, page);
	assert_memory_equal(page + 0x800, zero, FLAT_PAGE_SIZE - 0x800);
	free(copy);
	free(im.p);
}

/* ---- exports ------------------------------------------------------------------- */

static void test_exports(void **state)
{
	(void)state;
	struct spec s = lib_spec();
	struct img im = build(&s);
	struct flat_image fi;
	const char *why;
	struct flat_export e;

	assert_int_equal(flat_parse(im.p, im.n, FLAT_KIND_LIB, &fi, &why), 0);
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(flat_find_export(&fi, good_exports[i].name), good_exports[i].value);
		assert_int_equal(flat_lookup_export(&fi, good_exports[i].name, &e), 0);
		assert_string_equal(e.name, good_exports[i].name);
		assert_int_equal(e.size, good_exports[i].size);
		assert_int_equal(e.type, good_exports[i].type);
		assert_true(flat_export_at(&fi, i, &e));
		assert_string_equal(e.name, good_exports[i].name);
	}
	assert_false(flat_export_at(&fi, 5, &e));
	assert_false(flat_export_at(&fi, 0xffffffff, &e));
	static const char *missing[] = { "", "a", "alph", "alphaa", "Alpha", "bet", "betaa",
	                                 "delta", "zeta2", "zz", "\xff" };
	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
		assert_int_equal(flat_find_export(&fi, missing[i]), -1);
		assert_int_equal(flat_lookup_export(&fi, missing[i], &e), -1);
	}
	assert_int_equal(flat_lookup_export(&fi, "gamma", NULL), 0);
	free(im.p);
}

/* Many exports, including bytes above 0x7f: binary search finds each. */
static void test_many_exports(void **state)
{
	(void)state;
	enum { N = 700 };
	static char names[N][8];
	static struct tx exps[N];

	for (int i = 0; i < N; i++) {
		/* Three-character names in bytewise order, the last above 0x7f. */
		snprintf(names[i], sizeof names[i], "%c%c%c", 'a' + i / 100, 'a' + i / 10 % 10,
		         i % 10 < 5 ? '0' + i % 10 : 0xc0 + i % 10);
		exps[i] = (struct tx){ names[i], (uint32_t)i, 1, FLAT_EXPORT_FUNC };
	}
	struct spec s = { .lib = true, .text_size = 0x1000, .data_vaddr = 0x1000,
	                  .exps = exps, .nexps = N };
	struct img im = build(&s);
	struct flat_image fi;
	const char *why;

	assert_int_equal(flat_parse(im.p, im.n, FLAT_KIND_LIB, &fi, &why), 0);
	for (int i = 0; i < N; i++)
		assert_int_equal(flat_find_export(&fi, names[i]), i);
	assert_int_equal(flat_find_export(&fi, "aa"), -1);
	assert_int_equal(flat_find_export(&fi, "zzz"), -1);
	free(im.p);
}

/* ---- flat_describe --------------------------------------------------------------- */

static void test_describe(void **state)
{
	(void)state;
	char buf[64];

	assert_string_equal(flat_describe(buf, sizeof buf, "relocation outside image", 17),
	                    "relocation 17 outside image");
	assert_string_equal(flat_describe(buf, sizeof buf, "export name outside string table", 3),
	                    "export 3 name outside string table");
	assert_string_equal(flat_describe(buf, sizeof buf, "export type unknown", 0),
	                    "export 0 type unknown");
	assert_string_equal(flat_describe(buf, sizeof buf, "bad magic", -1), "bad magic");
	assert_string_equal(flat_describe(buf, sizeof buf, "x", 4294967295L), "x 4294967295");
	assert_string_equal(flat_describe(buf, sizeof buf, NULL, -1), "");
	assert_string_equal(flat_describe(buf, 11, "relocation outside image", 17), "relocation");
	assert_string_equal(flat_describe(buf, 14, "relocation outside image", 17),
	                    "relocation 17");
	assert_string_equal(flat_describe(buf, 1, "bad magic", -1), "");
	buf[0] = 'q';
	flat_describe(buf, 0, "bad magic", -1);
	assert_int_equal(buf[0], 'q');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_exec),
		cmocka_unit_test(test_good_lib),
		cmocka_unit_test(test_good_edges),
		cmocka_unit_test(test_corruptions),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_truncation_messages),
		cmocka_unit_test(test_random_flips),
		cmocka_unit_test(test_relocate_matches_reference),
		cmocka_unit_test(test_relocate_straddle),
		cmocka_unit_test(test_pages_outside),
		cmocka_unit_test(test_exports),
		cmocka_unit_test(test_many_exports),
		cmocka_unit_test(test_describe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
