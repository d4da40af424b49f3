/*
 * flat_roundtrip.c - host test of tools/elf2flat on a real cross-compiled
 * fixture (tests/host/flat_fixture.c, built by flat_roundtrip.mk).
 *
 * The flat images must parse, load at delta 0 into exactly the ELF's memory
 * image, and at two other bases differ from it by exactly the delta at
 * every relocation and nowhere else.  Known pointers in the fixture are
 * checked one by one against the ELF's symbols (including a word that
 * straddles a page, a missing weak symbol and an absolute symbol, which must
 * not move), the library exports exactly the fixture's own globals, and
 * elf2flat refuses PIC code and ELFs not linked with Brink's scripts.
 */
#include <elf.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../kernel/exec/flat.h"

#ifndef FLATFIX_DIR
#error "FLATFIX_DIR must name the fixture directory"
#endif
#ifndef ELF2FLAT_PATH
#error "ELF2FLAT_PATH must name build/tools/elf2flat"
#endif

struct file {
	uint8_t *p;
	size_t n;
};

static struct file slurp(const char *name)
{
	char path[512];
	struct file f = { 0 };

	snprintf(path, sizeof path, "%s/%s", FLATFIX_DIR, name);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		fail_msg("cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	f.n = (size_t)ftell(fp);
	fseek(fp, 0, SEEK_SET);
	f.p = malloc(f.n ? f.n : 1);
	assert_non_null(f.p);
	assert_int_equal(fread(f.p, 1, f.n, fp), f.n);
	fclose(fp);
	return f;
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- a minimal ELF reader, independent of elf2flat's -------------------------- */

static const Elf32_Shdr *shdr(const struct file *e, unsigned i)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)e->p;
	return (const Elf32_Shdr *)(e->p + eh->e_shoff) + i;
}

static const Elf32_Shdr *symtab(const struct file *e)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)e->p;
	for (unsigned i = 0; i < eh->e_shnum; i++)
		if (shdr(e, i)->sh_type == SHT_SYMTAB)
			return shdr(e, i);
	fail_msg("no symbol table");
	return NULL;
}

static const Elf32_Sym *find_sym(const struct file *e, const char *name)
{
	const Elf32_Shdr *st = symtab(e);
	const char *strs = (const char *)e->p + shdr(e, st->sh_link)->sh_offset;
	const Elf32_Sym *s = (const Elf32_Sym *)(e->p + st->sh_offset);

	for (size_t i = 0; i < st->sh_size / sizeof *s; i++)
		if (strcmp(strs + s[i].st_name, name) == 0 && s[i].st_shndx != SHN_UNDEF)
			return &s[i];
	fail_msg("symbol %s not in the ELF", name);
	return NULL;
}

/* The ELF's memory image from base: segments' file bytes, zeros elsewhere. */
static uint8_t *elf_memory(const struct file *e, uint32_t base, uint32_t size)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)e->p;
	uint8_t *mem = calloc(1, size);

	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf32_Phdr *ph = (const Elf32_Phdr *)(e->p + eh->e_phoff) + i;
		if (ph->p_type != PT_LOAD)
			continue;
		assert_true(ph->p_vaddr >= base && ph->p_vaddr - base + ph->p_memsz <= size);
		memcpy(mem + (ph->p_vaddr - base), e->p + ph->p_offset, ph->p_filesz);
	}
	return mem;
}

/* R_386_32 relocations in loaded sections, as the linker kept them. */
static size_t count_abs_relocs(const struct file *e)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)e->p;
	size_t n = 0;

	for (unsigned i = 0; i < eh->e_shnum; i++) {
		const Elf32_Shdr *sh = shdr(e, i);
		if (sh->sh_type != SHT_REL || !(shdr(e, sh->sh_info)->sh_flags & SHF_ALLOC))
			continue;
		const Elf32_Rel *r = (const Elf32_Rel *)(e->p + sh->sh_offset);
		for (size_t k = 0; k < sh->sh_size / sizeof *r; k++)
			n += ELF32_R_TYPE(r[k].r_info) == R_386_32;
	}
	return n;
}

/* ---- loading the flat image --------------------------------------------------- */

static uint8_t *flat_memory(const struct flat_image *fi, uint32_t delta)
{
	uint8_t *mem = malloc(fi->image_size);

	for (uint32_t off = 0; off < fi->image_size; off += FLAT_PAGE_SIZE) {
		flat_read_page(fi, off, mem + off);
		flat_relocate_page(fi, off, mem + off, delta);
	}
	return mem;
}

static bool is_reloc(const struct flat_image *fi, uint32_t off)
{
	for (uint32_t i = 0; i < fi->reloc_count; i++)
		if (flat_reloc_at(fi, i) == off)
			return true;
	return false;
}

/* In reloc r's neighbourhood? (for byte-wise comparisons) */
static bool in_some_reloc(const struct flat_image *fi, uint32_t off)
{
	for (uint32_t i = 0; i < fi->reloc_count; i++) {
		uint32_t r = flat_reloc_at(fi, i);
		if (off >= r && off < r + 4)
			return true;
	}
	return false;
}

static void check_image(const char *elf_name, const char *flat_name, unsigned kind)
{
	struct file e = slurp(elf_name), f = slurp(flat_name);
	struct flat_image fi;
	const char *why;
	const uint32_t base = kind == FLAT_KIND_LIB ? 0 : FLAT_EXEC_BASE;

	if (flat_parse(f.p, f.n, kind, &fi, &why) != 0)
		fail_msg("%s: %s", flat_name, why);
	assert_int_equal(fi.link_base, base);
	assert_true(fi.reloc_count > 20);

	/* Delta 0 gives the ELF's memory image byte for byte. */
	uint8_t *ref = elf_memory(&e, base, fi.image_size);
	uint8_t *m0 = flat_memory(&fi, 0);
	assert_memory_equal(m0, ref, fi.image_size);

	/* Two other bases: every relocated word moves by exactly the delta. */
	const uint32_t d1 = 0x10000000, d2 = 0x2345f000;
	uint8_t *m1 = flat_memory(&fi, d1), *m2 = flat_memory(&fi, d2);
	for (uint32_t i = 0; i < fi.reloc_count; i++) {
		uint32_t r = flat_reloc_at(&fi, i);
		assert_int_equal(get32(m1 + r), get32(ref + r) + d1);
		assert_int_equal(get32(m2 + r) - get32(m1 + r), d2 - d1);
		/* Every pointer in this fixture points into its own image. */
		uint32_t target = get32(ref + r);
		if (target < base || target > base + fi.mem_end)
			fail_msg("relocated word at +0x%x holds 0x%x, outside the image", r, target);
	}
	for (uint32_t off = 0; off < fi.image_size; off++)
		if (!in_some_reloc(&fi, off) && (m1[off] != ref[off] || m2[off] != ref[off]))
			fail_msg("byte +0x%x changed by relocation", off);

	/* The converter kept every R_386_32 except the two that must not move. */
	assert_int_equal(fi.reloc_count, count_abs_relocs(&e) - 2);

	/* Known pointers, one by one. */
#define SYM(n)  (find_sym(&e, n)->st_value)
#define OFF(n)  (SYM(n) - base)
	static const char *fns[] = { "add", "fix_twice", "fix_square" };
	for (int i = 0; i < 3; i++) {
		assert_true(is_reloc(&fi, OFF("fix_fns") + 4 * i));
		assert_int_equal(get32(m1 + OFF("fix_fns") + 4 * i), SYM(fns[i]) + d1);
	}
	assert_false(is_reloc(&fi, OFF("fix_fns") + 12));
	assert_int_equal(get32(m2 + OFF("fix_fns") + 12), 0);
	for (int i = 0; i < 4; i++)
		assert_true(is_reloc(&fi, OFF("fix_strings") + 4 * i));
	assert_int_equal(get32(m1 + OFF("fix_strings") + 12), SYM("greeting") + 6 + d1);
	assert_string_equal((char *)m0 + get32(m0 + OFF("fix_strings") + 4) - base, "one");
	assert_true(is_reloc(&fi, OFF("fix_middle")));
	assert_int_equal(get32(m2 + OFF("fix_middle")), SYM("fix_array") + 40 + d2);
	for (int i = 0; i < 3; i++)
		assert_true(is_reloc(&fi, OFF("fix_const_strings") + 4 * i));
	assert_true(OFF("fix_const_strings") < fi.text_size);       /* rodata is text */
	/* The straddling word. */
	uint32_t st = OFF("fix_straddle_page") + 4094;
	assert_int_equal(st % FLAT_PAGE_SIZE, FLAT_PAGE_SIZE - 2);
	assert_true(is_reloc(&fi, st));
	assert_int_equal(get32(m1 + st), SYM("fix_array") + 8 + d1);
	/* What must not move: an absolute symbol and a missing weak one. */
	assert_false(is_reloc(&fi, OFF("fix_abs_ptr")));
	assert_int_equal(get32(m2 + OFF("fix_abs_ptr")), 0x1234);
	assert_false(is_reloc(&fi, OFF("fix_weak_ptr")));
	assert_int_equal(get32(m2 + OFF("fix_weak_ptr")), 0);
	/* Absolute addresses in instructions (fix_switch's table and loads). */
	size_t in_text = 0;
	for (uint32_t i = 0; i < fi.reloc_count; i++)
		in_text += flat_reloc_at(&fi, i) < OFF("fix_straddle_page");
	assert_true(in_text >= 8);

	if (kind == FLAT_KIND_EXEC) {
		const Elf32_Ehdr *eh = (const Elf32_Ehdr *)e.p;
		assert_int_equal(fi.entry, eh->e_entry - base);
		assert_int_equal(fi.entry, OFF("_start"));
		assert_int_equal(fi.stack_size, 64 * 1024);
		assert_int_equal(fi.export_count, 0);
	}
	free(m0); free(m1); free(m2); free(ref);
	free(e.p); free(f.p);
}

static void test_program(void **state)
{
	(void)state;
	check_image("prog.elf", "prog.flat", FLAT_KIND_EXEC);
}

static void test_library(void **state)
{
	(void)state;
	check_image("lib.elf", "lib.flat", FLAT_KIND_LIB);
}

static void test_kinds(void **state)
{
	(void)state;
	struct file p = slurp("prog.flat"), l = slurp("lib.flat");
	struct flat_image fi;
	const char *why;

	assert_int_not_equal(flat_parse(p.p, p.n, FLAT_KIND_LIB, &fi, &why), 0);
	assert_int_not_equal(flat_parse(l.p, l.n, FLAT_KIND_EXEC, &fi, &why), 0);
	free(p.p);
	free(l.p);
}

/* Exactly the fixture's own global functions and objects. */
static void test_exports(void **state)
{
	(void)state;
	static const char *expected[] = {
		"_start", "fix_abs_ptr", "fix_array", "fix_bss", "fix_const_strings",
		"fix_divide", "fix_fns", "fix_middle", "fix_second_object", "fix_square",
		"fix_straddle_page",
		"fix_strings", "fix_switch", "fix_twice", "fix_weak_ptr",
	};
	const size_t n = sizeof expected / sizeof expected[0];
	struct file e = slurp("lib.elf"), f = slurp("lib.flat");
	struct flat_image fi;
	const char *why;
	struct flat_export x;

	assert_int_equal(flat_parse(f.p, f.n, FLAT_KIND_LIB, &fi, &why), 0);
	assert_int_equal(fi.export_count, n);
	for (size_t i = 0; i < n; i++) {
		const Elf32_Sym *s = find_sym(&e, expected[i]);
		assert_true(flat_export_at(&fi, i, &x));
		assert_string_equal(x.name, expected[i]);       /* sorted */
		assert_int_equal(flat_lookup_export(&fi, expected[i], &x), 0);
		assert_int_equal(x.value, s->st_value);
		assert_int_equal(x.size, s->st_size);
		assert_int_equal(x.type, ELF32_ST_TYPE(s->st_info) == STT_FUNC ? FLAT_EXPORT_FUNC
		                                                               : FLAT_EXPORT_OBJECT);
	}
	/* Static, hidden, absolute, undefined and libgcc's: not exported. */
	static const char *absent[] = { "add", "counter", "greeting", "fix_hidden", "fix_abs",
	                                "fix_missing", "__divdi3", "__brink_library_no_entry" };
	for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++)
		assert_int_equal(flat_find_export(&fi, absent[i]), -1);
	free(e.p);
	free(f.p);
}

/* ---- elf2flat's refusals --------------------------------------------------------- */

/* Run elf2flat with args; return its exit status and its stderr in out. */
static int run_tool(const char *args, char *out, size_t len)
{
	char cmd[1024];

	snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s 2>&1", FLATFIX_DIR, ELF2FLAT_PATH, args);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void expect_refusal(const char *args, const char *message)
{
	char out[2048];
	int rc = run_tool(args, out, sizeof out);

	if (rc != 1 || !strstr(out, message))
		fail_msg("elf2flat %s: status %d, said \"%s\"; expected \"%s\"", args, rc, out,
		         message);
}

static void test_refusals(void **state)
{
	(void)state;
	char tmpl[] = "/tmp/flat_roundtrip.XXXXXX", args[1024];
	char *dir = mkdtemp(tmpl);
	assert_non_null(dir);

	snprintf(args, sizeof args, "--library pic.elf %s/pic.lib", dir);
	expect_refusal(args, "unsupported relocation R_386_GOTPC");
	snprintf(args, sizeof args, "default.elf %s/default", dir);
	expect_refusal(args, "link with user/user.ld");
	snprintf(args, sizeof args, "--library prog.elf %s/a.lib", dir);
	expect_refusal(args, "text starts at 0x8048000, expected 0x0");
	snprintf(args, sizeof args, "lib.elf %s/a", dir);
	expect_refusal(args, "text starts at 0x0, expected 0x8048000");
	snprintf(args, sizeof args, "prog.flat %s/a", dir);
	expect_refusal(args, "not an ELF file");
	snprintf(args, sizeof args, "fixture.o %s/a", dir);
	expect_refusal(args, "expected a linked executable");
	snprintf(args, sizeof args, "--library --export-from lib.elf lib.elf %s/a.lib", dir);
	expect_refusal(args, "expected an object file");
	snprintf(args, sizeof args, "--stack 9M prog.elf %s/a", dir);
	expect_refusal(args, "bad stack size");
	/* a count that the K or M would wrap round to a small size */
	snprintf(args, sizeof args, "--stack 18014398509481985K prog.elf %s/a", dir);
	expect_refusal(args, "bad stack size");
	snprintf(args, sizeof args, "--stack 17592186044417M prog.elf %s/a", dir);
	expect_refusal(args, "bad stack size");
	snprintf(args, sizeof args, "no-such.elf %s/a", dir);
	expect_refusal(args, "No such file or directory");

	/* Nothing was left behind, not even a temporary file. */
	char cmd[600], out[64];
	snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
	FILE *p = popen(cmd, "r");
	assert_non_null(fgets(out, sizeof out, p));
	pclose(p);
	assert_int_equal(atoi(out), 0);
	rmdir(dir);
}

static void test_info(void **state)
{
	(void)state;
	char out[4096];

	assert_int_equal(run_tool("--info lib.flat", out, sizeof out), 0);
	assert_non_null(strstr(out, "library"));
	assert_non_null(strstr(out, "fix_switch"));

	/* A truncated copy is described as invalid. */
	char tmpl[] = "/tmp/flat_roundtrip.XXXXXX", args[1024], path[600];
	char *dir = mkdtemp(tmpl);
	struct file f = slurp("lib.flat");
	snprintf(path, sizeof path, "%s/cut.lib", dir);
	FILE *fp = fopen(path, "wb");
	fwrite(f.p, 1, f.n - 1, fp);
	fclose(fp);
	snprintf(args, sizeof args, "--info %s", path);
	assert_int_equal(run_tool(args, out, sizeof out), 1);
	assert_non_null(strstr(out, "invalid library: string table extends past end of file"));
	unlink(path);
	rmdir(dir);
	free(f.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_program),
		cmocka_unit_test(test_library),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_exports),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_info),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
