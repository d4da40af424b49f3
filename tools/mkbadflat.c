/*
 * mkbadflat - make the bad flat images the in-kernel loader tests refuse.
 *
 *   mkbadflat GOOD-PROGRAM GOOD-LIBRARY OUTDIR
 *
 * Writes one corrupted copy of the good images per check into OUTDIR (it
 * empties OUTDIR first) and OUTDIR/MANIFEST, one line per file:
 *
 *   /bad/NAME KIND EXPECTED
 *
 * KIND is "prog" (spawning it must fail with ENOEXEC) or "lib" (openLibrary
 * must fail with ENOEXEC); EXPECTED is a substring of the kernel's message.
 * Each file is run through the kernel's validator (kernel/exec/flat.c) here
 * and the tool fails unless it is refused with that message, so the
 * manifest always matches the validator.  See docs/flat-format.md.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../kernel/exec/flat.h"

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("mkbadflat: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

struct buf {
	uint8_t *p;
	size_t n;
};

static struct buf slurp(const char *path)
{
	struct buf b = { 0 };
	FILE *f = fopen(path, "rb");

	if (!f)
		die("%s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	b.n = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	b.p = malloc(b.n + 64);         /* room to append */
	if (!b.p || fread(b.p, 1, b.n, f) != b.n)
		die("%s: read error", path);
	fclose(f);
	return b;
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}

#define H(field)        offsetof(struct flat_header, field)
#define GET(b, field)   get32((b)->p + H(field))
#define SET(b, field, v) put32((b)->p + H(field), (v))

static uint8_t *reloc(struct buf *b, uint32_t i)
{
	return b->p + GET(b, reloc_off) + 4 * i;
}

static uint8_t *export(struct buf *b, uint32_t i)
{
	return b->p + GET(b, export_off) + FLAT_EXPORT_SIZE * i;
}

/* ---- the corruptions ------------------------------------------------------ */

/* Each returns false if the good image lacks what it needs (then it is
 * skipped, with a note). */
typedef bool corrupt_fn(struct buf *b);

static bool c_magic(struct buf *b)      { b->p[0] = 'X'; return true; }
static bool c_empty(struct buf *b)      { b->n = 0; return true; }
static bool c_cut_header(struct buf *b) { b->n = FLAT_HEADER_SIZE / 2; return true; }
static bool c_cut_half(struct buf *b)   { b->n /= 2; return true; }
static bool c_cut_text(struct buf *b)
{
	b->n = GET(b, text_off) + GET(b, text_size) / 2;
	return true;
}
static bool c_version(struct buf *b)    { SET(b, version, 2); return true; }
static bool c_hsize(struct buf *b)      { SET(b, header_size, 64); return true; }
static bool c_reserved(struct buf *b)   { SET(b, reserved, 1); return true; }
static bool c_flags(struct buf *b)      { SET(b, flags, GET(b, flags) | 0x100); return true; }
static bool c_flip_kind(struct buf *b)  { SET(b, flags, GET(b, flags) ^ FLAT_F_LIBRARY); return true; }
static bool c_base_exec(struct buf *b)  { SET(b, link_base, FLAT_EXEC_BASE); return true; }
static bool c_base_other(struct buf *b) { SET(b, link_base, 0x00400000); return true; }
static bool c_entry_out(struct buf *b)  { SET(b, entry, GET(b, text_size)); return true; }
static bool c_entry_lib(struct buf *b)  { SET(b, entry, 4); return true; }
static bool c_text_big(struct buf *b)   { SET(b, text_size, 0x7ffffff0); return true; }
static bool c_text_max(struct buf *b)   { SET(b, text_size, 0xffffffff); return true; }
static bool c_data_low(struct buf *b)   { SET(b, data_vaddr, 0); return true; }
static bool c_data_odd(struct buf *b)   { SET(b, data_vaddr, GET(b, data_vaddr) + 4); return true; }
static bool c_data_top(struct buf *b)   { SET(b, data_vaddr, 0xfffff000); return true; }
static bool c_bss_max(struct buf *b)    { SET(b, bss_size, 0xffffffff); return true; }
static bool c_bss_huge(struct buf *b)   { SET(b, bss_size, 0xc0000000); return true; }
static bool c_stack(struct buf *b)      { SET(b, stack_size, 16u << 20); return true; }
static bool c_stack_lib(struct buf *b)  { SET(b, stack_size, 4096); return true; }
static bool c_append(struct buf *b)     { b->p[b->n++] = 0; return true; }

static bool c_reloc_far(struct buf *b)
{
	if (GET(b, reloc_count) < 1)
		return false;
	put32(reloc(b, GET(b, reloc_count) - 1), 0xfffffff0);
	return true;
}

/* A relocation into bss: grow bss by a page (harmless) and point the last
 * relocation at its last word. */
static bool c_reloc_bss(struct buf *b)
{
	uint32_t n = GET(b, reloc_count);
	if (n < 1)
		return false;
	SET(b, bss_size, GET(b, bss_size) + FLAT_PAGE_SIZE);
	put32(reloc(b, n - 1), GET(b, data_vaddr) + GET(b, data_size) + GET(b, bss_size) - 4);
	return true;
}

static bool c_reloc_swap(struct buf *b)
{
	uint8_t t[4];
	if (GET(b, reloc_count) < 2)
		return false;
	memcpy(t, reloc(b, 0), 4);
	memcpy(reloc(b, 0), reloc(b, 1), 4);
	memcpy(reloc(b, 1), t, 4);
	return true;
}

static bool c_reloc_count(struct buf *b) { SET(b, reloc_count, 0x40000000); return true; }

static bool c_exptab_eof(struct buf *b)
{
	SET(b, export_off, (uint32_t)(b->n + 16) & ~3u);
	return true;
}

static bool c_export_count(struct buf *b) { SET(b, export_count, 0x10000000); return true; }

static bool c_export_value(struct buf *b)
{
	if (GET(b, export_count) < 1)
		return false;
	put32(export(b, 0) + offsetof(struct flat_export_entry, value), 0xfffffff0);
	return true;
}

static bool c_export_name(struct buf *b)
{
	if (GET(b, export_count) < 1)
		return false;
	put32(export(b, 0) + offsetof(struct flat_export_entry, name_off), 0x00ffffff);
	return true;
}

static bool c_export_type(struct buf *b)
{
	if (GET(b, export_count) < 1)
		return false;
	put32(export(b, 0) + offsetof(struct flat_export_entry, type), 7);
	return true;
}

static bool c_export_swap(struct buf *b)
{
	uint8_t t[4];
	if (GET(b, export_count) < 2)
		return false;
	memcpy(t, export(b, 0), 4);
	memcpy(export(b, 0), export(b, 1), 4);
	memcpy(export(b, 1), t, 4);
	return true;
}

static bool c_strtab_nul(struct buf *b)
{
	if (GET(b, strtab_size) < 1)
		return false;
	b->p[GET(b, strtab_off) + GET(b, strtab_size) - 1] = 'x';
	return true;
}

struct bad {
	const char *name;
	bool lib;
	corrupt_fn *fn;
	const char *expect;
	bool header_only;       /* refused before any region is looked at: keep */
};                              /* just the header, to keep the initrd small */

static const struct bad bads[] = {
	{ "prog-magic", false, c_magic, "bad magic", true },
	{ "prog-empty", false, c_empty, "truncated header", false },
	{ "prog-truncated-header", false, c_cut_header, "truncated header", false },
	{ "prog-truncated-text", false, c_cut_text, "text extends past end of file", false },
	{ "prog-version", false, c_version, "unsupported version", true },
	{ "prog-header-size", false, c_hsize, "bad header size", true },
	{ "prog-reserved", false, c_reserved, "reserved field not zero", true },
	{ "prog-flags", false, c_flags, "reserved flags set", true },
	{ "prog-is-library", false, c_flip_kind, "image is a library, not a program", true },
	{ "prog-link-base", false, c_base_other, "bad link base", true },
	{ "prog-entry-outside", false, c_entry_out, "entry point outside text", false },
	{ "prog-text-past-eof", false, c_text_big, "text extends past end of file", false },
	{ "prog-text-size-overflow", false, c_text_max, "text extends past end of file", false },
	{ "prog-data-overlaps-text", false, c_data_low, "data overlaps text", false },
	{ "prog-data-misaligned", false, c_data_odd, "data not page aligned", false },
	{ "prog-data-vaddr-overflow", false, c_data_top, "size overflows", false },
	{ "prog-bss-overflow", false, c_bss_max, "bss size overflows", false },
	{ "prog-bss-huge", false, c_bss_huge, "image larger than 1 GiB", false },
	{ "prog-stack-huge", false, c_stack, "stack size larger than 8 MiB", false },
	{ "prog-reloc-outside", false, c_reloc_far, "outside image", false },
	{ "prog-reloc-bss", false, c_reloc_bss, "outside text and data", false },
	{ "prog-reloc-unsorted", false, c_reloc_swap, "unsorted or overlapping", false },
	{ "prog-reloc-count-overflow", false, c_reloc_count,
	  "relocation table extends past end of file", false },
	{ "prog-trailing-bytes", false, c_append, "trailing bytes after string table", false },

	{ "lib-magic.lib", true, c_magic, "bad magic", true },
	{ "lib-empty.lib", true, c_empty, "truncated header", false },
	{ "lib-truncated.lib", true, c_cut_half, "extends past end of file", false },
	{ "lib-not-library.lib", true, c_flip_kind, "image is a program, not a library", true },
	{ "lib-link-base.lib", true, c_base_exec, "bad link base", true },
	{ "lib-entry.lib", true, c_entry_lib, "library has an entry point", false },
	{ "lib-stack.lib", true, c_stack_lib, "library requests a stack", false },
	{ "lib-text-size-overflow.lib", true, c_text_max, "text extends past end of file", false },
	{ "lib-bss-overflow.lib", true, c_bss_max, "bss size overflows", false },
	{ "lib-bss-huge.lib", true, c_bss_huge, "image larger than 1 GiB", false },
	{ "lib-reloc-outside.lib", true, c_reloc_far, "outside image", false },
	{ "lib-reloc-bss.lib", true, c_reloc_bss, "outside text and data", false },
	{ "lib-reloc-unsorted.lib", true, c_reloc_swap, "unsorted or overlapping", false },
	{ "lib-export-table-outside.lib", true, c_exptab_eof,
	  "export table extends past end of file", false },
	{ "lib-export-count-overflow.lib", true, c_export_count,
	  "export table extends past end of file", false },
	{ "lib-export-outside.lib", true, c_export_value, "outside image", false },
	{ "lib-export-name.lib", true, c_export_name, "name outside string table", false },
	{ "lib-export-type.lib", true, c_export_type, "type unknown", false },
	{ "lib-export-unsorted.lib", true, c_export_swap, "unsorted or duplicate", false },
	{ "lib-strtab-unterminated.lib", true, c_strtab_nul, "string table not NUL-terminated", false },
};

/* ---- main ------------------------------------------------------------------ */

static void check_good(const struct buf *b, unsigned kind, const char *path)
{
	struct flat_image fi;
	const char *why;
	char msg[128];

	if (flat_parse(b->p, b->n, kind, &fi, &why) != 0)
		die("%s: not a good %s: %s", path, kind == FLAT_KIND_LIB ? "library" : "program",
		    flat_describe(msg, sizeof msg, why, fi.bad_index));
}

static void empty_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4096];

	if (!d)
		die("%s: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (unlink(path) != 0)
			die("%s: %s", path, strerror(errno));
	}
	closedir(d);
}

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0)
		die("%s: write error", path);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: mkbadflat GOOD-PROGRAM GOOD-LIBRARY OUTDIR\n");
		return 2;
	}
	struct buf good[2] = { slurp(argv[1]), slurp(argv[2]) };
	check_good(&good[0], FLAT_KIND_EXEC, argv[1]);
	check_good(&good[1], FLAT_KIND_LIB, argv[2]);

	char cmd[4200], path[4096], msg[160];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", argv[3]);
	if (system(cmd) != 0)
		die("cannot create %s", argv[3]);
	empty_dir(argv[3]);

	size_t cap = 8192, len = 0;
	char *manifest = malloc(cap);
	len += snprintf(manifest, cap,
	                "# Bad flat images (tools/mkbadflat from %s and %s).\n"
	                "# PATH KIND EXPECTED: spawning a prog, or openLibrary of a lib, must\n"
	                "# fail with ENOEXEC and a message containing EXPECTED.\n",
	                argv[1], argv[2]);
	for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		const struct bad *b = &bads[i];
		const struct buf *src = &good[b->lib];
		struct buf copy = { malloc(src->n + 64), src->n };
		memcpy(copy.p, src->p, src->n);
		if (!b->fn(&copy)) {
			fprintf(stderr, "mkbadflat: note: %s skipped (%s lacks what it needs)\n",
			        b->name, argv[1 + b->lib]);
			free(copy.p);
			continue;
		}
		if (b->header_only)
			copy.n = FLAT_HEADER_SIZE;
		/* The kernel's validator must refuse it with the expected message. */
		struct flat_image fi;
		const char *why;
		if (flat_parse(copy.p, copy.n, b->lib ? FLAT_KIND_LIB : FLAT_KIND_EXEC, &fi, &why) == 0)
			die("%s: the validator accepts it", b->name);
		flat_describe(msg, sizeof msg, why, fi.bad_index);
		if (!strstr(msg, b->expect))
			die("%s: refused with \"%s\", expected \"%s\"", b->name, msg, b->expect);

		snprintf(path, sizeof path, "%s/%s", argv[3], b->name);
		write_file(path, copy.p, copy.n);
		free(copy.p);
		if (len + 256 > cap)
			manifest = realloc(manifest, cap *= 2);
		len += snprintf(manifest + len, cap - len, "/bad/%s %s %s\n", b->name,
		                b->lib ? "lib" : "prog", b->expect);
	}
	snprintf(path, sizeof path, "%s/MANIFEST", argv[3]);
	write_file(path, manifest, len);
	free(manifest);
	free(good[0].p);
	free(good[1].p);
	return 0;
}
