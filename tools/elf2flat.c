/*
 * elf2flat - turn a linked i386 ELF (ld --emit-relocs, user/user.ld or
 * user/lib.ld) into a Brink flat image.  Format: docs/flat-format.md.
 *
 *   elf2flat [--stack BYTES] PROG.elf OUT
 *   elf2flat --library [--export-from OBJ.o]... LIB.elf OUT.lib
 *   elf2flat --info IMAGE              validate and describe an image
 *
 * The ELF's two PT_LOAD segments become text and data byte for byte, so the
 * flat image has the ELF's memory layout (gdb uses the ELF).  Every R_386_32
 * relocation the linker kept (--emit-relocs) whose target moves with the
 * image becomes a relocation entry; PC-relative ones need nothing.  With
 * --export-from, the global functions and objects defined in those objects
 * (the library's own sources, not its private libc) are exported.  The
 * result is checked with the kernel's own validator before it is written.
 */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../kernel/exec/flat.h"

static const char *tmp_path;    /* removed if we die while writing */

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("elf2flat: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (tmp_path)
		unlink(tmp_path);
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

/* ---- reading ELF files ----------------------------------------------------- */

struct elf {
	const char *path;
	uint8_t *data;
	size_t size;
	Elf32_Ehdr eh;
	int symtab;             /* index of the SHT_SYMTAB section, or -1 */
};

static uint8_t *read_whole(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		die("%s: %s", path, strerror(errno));
	for (;;) {
		if (n == cap)
			buf = xrealloc(buf, cap = cap ? cap * 2 : 65536);
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		die("%s: read error", path);
	fclose(f);
	*size = n;
	return buf;
}

/* Copy size bytes at off out of the file, or die naming what was read. */
static void elf_get(const struct elf *e, uint64_t off, void *dst, size_t size, const char *what)
{
	if (off > e->size || size > e->size - off)
		die("%s: %s lies outside the file", e->path, what);
	memcpy(dst, e->data + off, size);
}

static Elf32_Shdr elf_shdr(const struct elf *e, unsigned i)
{
	Elf32_Shdr sh;

	if (i >= e->eh.e_shnum)
		die("%s: section index %u out of range", e->path, i);
	elf_get(e, e->eh.e_shoff + (uint64_t)i * sizeof sh, &sh, sizeof sh, "section header");
	return sh;
}

static Elf32_Phdr elf_phdr(const struct elf *e, unsigned i)
{
	Elf32_Phdr ph;

	elf_get(e, e->eh.e_phoff + (uint64_t)i * sizeof ph, &ph, sizeof ph, "program header");
	return ph;
}

/* A NUL-terminated string at off in string-table section strndx. */
static const char *elf_str(const struct elf *e, unsigned strndx, uint32_t off)
{
	Elf32_Shdr sh = elf_shdr(e, strndx);

	if (sh.sh_type != SHT_STRTAB || off >= sh.sh_size ||
	    sh.sh_offset > e->size || sh.sh_size > e->size - sh.sh_offset)
		die("%s: bad string table reference", e->path);
	const char *s = (const char *)e->data + sh.sh_offset + off;
	if (!memchr(s, '\0', sh.sh_size - off))
		die("%s: unterminated string", e->path);
	return s;
}

static const char *section_name(const struct elf *e, unsigned i)
{
	return elf_str(e, e->eh.e_shstrndx, elf_shdr(e, i).sh_name);
}

static uint32_t sym_count(const struct elf *e)
{
	if (e->symtab < 0)
		return 0;
	return elf_shdr(e, e->symtab).sh_size / sizeof(Elf32_Sym);
}

static Elf32_Sym elf_sym(const struct elf *e, uint32_t i)
{
	Elf32_Sym s;

	if (e->symtab < 0 || i >= sym_count(e))
		die("%s: symbol index %u out of range", e->path, i);
	elf_get(e, elf_shdr(e, e->symtab).sh_offset + (uint64_t)i * sizeof s, &s, sizeof s,
	        "symbol");
	return s;
}

static const char *sym_name(const struct elf *e, const Elf32_Sym *s)
{
	return elf_str(e, elf_shdr(e, e->symtab).sh_link, s->st_name);
}

static void elf_open(struct elf *e, const char *path, unsigned type)
{
	e->path = path;
	e->data = read_whole(path, &e->size);
	elf_get(e, 0, &e->eh, sizeof e->eh, "ELF header");
	if (memcmp(e->eh.e_ident, ELFMAG, SELFMAG) != 0)
		die("%s: not an ELF file", path);
	if (e->eh.e_ident[EI_CLASS] != ELFCLASS32 || e->eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    e->eh.e_machine != EM_386)
		die("%s: not a 32-bit little-endian i386 ELF", path);
	if (e->eh.e_type != type)
		die("%s: expected %s", path, type == ET_EXEC ? "a linked executable (ET_EXEC)"
		                                             : "an object file (ET_REL)");
	if (e->eh.e_shentsize != sizeof(Elf32_Shdr) ||
	    (e->eh.e_phnum && e->eh.e_phentsize != sizeof(Elf32_Phdr)))
		die("%s: unexpected header entry sizes", path);
	e->symtab = -1;
	for (unsigned i = 0; i < e->eh.e_shnum; i++) {
		Elf32_Shdr sh = elf_shdr(e, i);
		if (sh.sh_type == SHT_SYMTAB) {
			if (e->symtab >= 0)
				die("%s: more than one symbol table", path);
			if (sh.sh_entsize != sizeof(Elf32_Sym))
				die("%s: bad symbol table entry size", path);
			e->symtab = (int)i;
		}
	}
}

/* ---- the image being built ------------------------------------------------- */

struct exp {
	char *name;
	uint32_t value, size, type;
};

struct image {
	bool library;
	uint32_t link_base, entry, stack_size;
	const uint8_t *text; uint32_t text_size;
	const uint8_t *data; uint32_t data_size, data_vaddr, bss_size;
	uint32_t *relocs; size_t nrelocs;
	struct exp *exps; size_t nexps;
};

/* Text is the PT_LOAD at link_base, data the writable one after it. */
static void take_segments(const struct elf *e, struct image *im)
{
	bool have_text = false, have_data = false;

	for (unsigned i = 0; i < e->eh.e_phnum; i++) {
		Elf32_Phdr ph = elf_phdr(e, i);

		if (ph.p_type == PT_DYNAMIC || ph.p_type == PT_INTERP || ph.p_type == PT_TLS)
			die("%s: dynamic linking and TLS are not supported", e->path);
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (ph.p_filesz > ph.p_memsz || ph.p_offset > e->size ||
		    ph.p_filesz > e->size - ph.p_offset)
			die("%s: segment %u lies outside the file", e->path, i);
		if (!(ph.p_flags & PF_W)) {
			if (have_text)
				die("%s: more than one read-only segment (link with user/%s)",
				    e->path, im->library ? "lib.ld" : "user.ld");
			if (ph.p_vaddr != im->link_base)
				die("%s: text starts at 0x%x, expected 0x%x (link with user/%s)",
				    e->path, ph.p_vaddr, im->link_base,
				    im->library ? "lib.ld" : "user.ld");
			if (ph.p_filesz != ph.p_memsz)
				die("%s: text segment has zero-fill bytes", e->path);
			im->text = e->data + ph.p_offset;
			im->text_size = ph.p_memsz;
			have_text = true;
		} else {
			if (have_data)
				die("%s: more than one writable segment", e->path);
			if (ph.p_flags & PF_X)
				die("%s: writable and executable segment", e->path);
			im->data = e->data + ph.p_offset;
			im->data_size = ph.p_filesz;
			im->bss_size = ph.p_memsz - ph.p_filesz;
			im->data_vaddr = ph.p_vaddr - im->link_base;
			if (ph.p_vaddr < im->link_base)
				die("%s: data below the link base", e->path);
			have_data = true;
		}
	}
	if (!have_text)
		die("%s: no text segment", e->path);
	if (!have_data)         /* no data nor bss: an empty one on the next page */
		im->data_vaddr = (im->text_size + FLAT_PAGE_SIZE - 1) & ~(FLAT_PAGE_SIZE - 1);
	if (im->data_vaddr % FLAT_PAGE_SIZE ||
	    im->data_vaddr < ((uint64_t)im->text_size + FLAT_PAGE_SIZE - 1) / FLAT_PAGE_SIZE * FLAT_PAGE_SIZE)
		die("%s: data must start on a page after text (link with user/%s)", e->path,
		    im->library ? "lib.ld" : "user.ld");
}

static const char *rel_type_name(unsigned t)
{
	static const char *names[] = {
		[R_386_NONE] = "R_386_NONE", [R_386_32] = "R_386_32",
		[R_386_PC32] = "R_386_PC32", [R_386_GOT32] = "R_386_GOT32",
		[R_386_PLT32] = "R_386_PLT32", [R_386_COPY] = "R_386_COPY",
		[R_386_GLOB_DAT] = "R_386_GLOB_DAT", [R_386_JMP_SLOT] = "R_386_JMP_SLOT",
		[R_386_RELATIVE] = "R_386_RELATIVE", [R_386_GOTOFF] = "R_386_GOTOFF",
		[R_386_GOTPC] = "R_386_GOTPC", [R_386_16] = "R_386_16",
		[R_386_PC16] = "R_386_PC16", [R_386_8] = "R_386_8", [R_386_PC8] = "R_386_PC8",
		[R_386_GOT32X] = "R_386_GOT32X",
	};
	if (t < sizeof names / sizeof names[0] && names[t])
		return names[t];
	return "unknown";
}

/* Does an R_386_32 against this symbol hold an address inside the image? */
static bool moves_with_image(const struct elf *e, uint32_t symi, const char *where)
{
	if (symi == 0)
		return false;                   /* no symbol: a plain constant */
	Elf32_Sym s = elf_sym(e, symi);
	if (s.st_shndx == SHN_UNDEF) {
		if (ELF32_ST_BIND(s.st_info) == STB_WEAK)
			return false;           /* an absent weak symbol stays 0 */
		die("%s: %s refers to undefined symbol %s", e->path, where, sym_name(e, &s));
	}
	if (s.st_shndx == SHN_ABS)
		return false;
	if (s.st_shndx >= SHN_LORESERVE)
		die("%s: %s refers to a symbol in special section 0x%x", e->path, where,
		    s.st_shndx);
	if (!(elf_shdr(e, s.st_shndx).sh_flags & SHF_ALLOC))
		die("%s: %s refers to non-loaded section %s", e->path, where,
		    section_name(e, s.st_shndx));
	return true;
}

static void add_reloc(struct image *im, uint32_t off)
{
	im->relocs = xrealloc(im->relocs, (im->nrelocs + 1) * sizeof *im->relocs);
	im->relocs[im->nrelocs++] = off;
}

static void take_rel_section(const struct elf *e, struct image *im, unsigned i)
{
	Elf32_Shdr rs = elf_shdr(e, i);
	Elf32_Shdr ts = elf_shdr(e, rs.sh_info);
	const char *rname = section_name(e, i);

	if (!(ts.sh_flags & SHF_ALLOC))
		return;                         /* debug info: not loaded */
	if (rs.sh_entsize != sizeof(Elf32_Rel) || (int)rs.sh_link != e->symtab)
		die("%s: malformed relocation section %s", e->path, rname);
	for (uint32_t k = 0; k < rs.sh_size / sizeof(Elf32_Rel); k++) {
		Elf32_Rel r;
		char where[128];

		elf_get(e, rs.sh_offset + (uint64_t)k * sizeof r, &r, sizeof r, "relocation");
		unsigned type = ELF32_R_TYPE(r.r_info);
		uint32_t symi = ELF32_R_SYM(r.r_info);
		snprintf(where, sizeof where, "%s (type %u) at 0x%x in %s",
		         rel_type_name(type), type, r.r_offset, rname);

		if (type == R_386_NONE)
			continue;
		if (type == R_386_PC32 || type == R_386_PLT32) {
			moves_with_image(e, symi, where);  /* only to reject undefined */
			continue;                          /* relative: moves with us */
		}
		if (type != R_386_32)
			die("%s: unsupported relocation %s; build with -fno-pic", e->path, where);
		if (!moves_with_image(e, symi, where))
			continue;
		if (ts.sh_type == SHT_NOBITS || r.r_offset < ts.sh_addr ||
		    (uint64_t)r.r_offset + 4 > (uint64_t)ts.sh_addr + ts.sh_size)
			die("%s: %s lies outside its section", e->path, where);
		uint32_t off = r.r_offset - im->link_base;
		bool in_text = (uint64_t)off + 4 <= im->text_size;
		bool in_data = off >= im->data_vaddr &&
		               (uint64_t)off + 4 <= (uint64_t)im->data_vaddr + im->data_size;
		if (r.r_offset < im->link_base || (!in_text && !in_data))
			die("%s: %s is not in text or data", e->path, where);
		add_reloc(im, off);
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static void take_relocs(const struct elf *e, struct image *im)
{
	for (unsigned i = 0; i < e->eh.e_shnum; i++) {
		Elf32_Shdr sh = elf_shdr(e, i);
		if (sh.sh_type == SHT_RELA && (elf_shdr(e, sh.sh_info).sh_flags & SHF_ALLOC))
			die("%s: RELA relocations are not used on i386", e->path);
		if (sh.sh_type == SHT_REL)
			take_rel_section(e, im, i);
	}
	if (e->symtab < 0 && im->nrelocs == 0)
		fprintf(stderr, "elf2flat: %s: warning: no symbol table; was it linked "
		        "with --emit-relocs?\n", e->path);
	if (im->nrelocs > 1)
		qsort(im->relocs, im->nrelocs, sizeof *im->relocs, cmp_u32);
	for (size_t i = 1; i < im->nrelocs; i++)
		if (im->relocs[i] < im->relocs[i - 1] + 4)
			die("%s: relocations at 0x%x and 0x%x overlap", e->path,
			    im->relocs[i - 1], im->relocs[i]);
}

/* ---- exports ----------------------------------------------------------------- */

static int cmp_exp(const void *a, const void *b)
{
	return strcmp(((const struct exp *)a)->name, ((const struct exp *)b)->name);
}

static bool is_exported(const Elf32_Sym *s)
{
	unsigned bind = ELF32_ST_BIND(s->st_info), type = ELF32_ST_TYPE(s->st_info);
	unsigned vis = ELF32_ST_VISIBILITY(s->st_other);

	return (bind == STB_GLOBAL || bind == STB_WEAK) &&
	       (type == STT_FUNC || type == STT_OBJECT) &&
	       s->st_shndx != SHN_UNDEF && s->st_shndx != SHN_ABS && s->st_shndx != SHN_COMMON &&
	       (vis == STV_DEFAULT || vis == STV_PROTECTED);
}

/* Names of the globals defined in one of the library's own objects. */
static void names_from_object(const char *path, struct image *im)
{
	struct elf o;

	elf_open(&o, path, ET_REL);
	for (uint32_t i = 1; i < sym_count(&o); i++) {
		Elf32_Sym s = elf_sym(&o, i);
		if (!is_exported(&s))
			continue;
		im->exps = xrealloc(im->exps, (im->nexps + 1) * sizeof *im->exps);
		im->exps[im->nexps++] = (struct exp){ .name = strdup(sym_name(&o, &s)) };
		if (!im->exps[im->nexps - 1].name)
			die("out of memory");
	}
	free(o.data);
}

/* Give each export its value, size and type from the linked ELF. */
static void resolve_exports(const struct elf *e, struct image *im)
{
	if (im->nexps > 1)
		qsort(im->exps, im->nexps, sizeof *im->exps, cmp_exp);
	for (size_t i = 1; i < im->nexps; i++)
		if (strcmp(im->exps[i].name, im->exps[i - 1].name) == 0)
			die("%s is defined in two --export-from objects", im->exps[i].name);

	uint64_t mem_end = (uint64_t)im->data_vaddr + im->data_size + im->bss_size;
	for (size_t i = 0; i < im->nexps; i++) {
		struct exp *x = &im->exps[i];
		bool found = false;

		for (uint32_t k = 1; k < sym_count(e) && !found; k++) {
			Elf32_Sym s = elf_sym(e, k);
			if (!is_exported(&s) || strcmp(sym_name(e, &s), x->name) != 0)
				continue;
			if (s.st_value < im->link_base ||
			    (uint64_t)s.st_value - im->link_base + s.st_size > mem_end)
				die("%s: exported %s lies outside the image", e->path, x->name);
			x->value = s.st_value - im->link_base;
			x->size = s.st_size;
			x->type = ELF32_ST_TYPE(s.st_info) == STT_FUNC ? FLAT_EXPORT_FUNC
			                                               : FLAT_EXPORT_OBJECT;
			found = true;
		}
		if (!found)
			die("%s: exported %s not found among its global symbols", e->path, x->name);
	}
}

/* ---- writing ------------------------------------------------------------------ */

struct out {
	uint8_t *p;
	size_t n;
};

static void put(struct out *o, const void *src, size_t n)
{
	if (n == 0)
		return;
	o->p = xrealloc(o->p, o->n + n);
	memcpy(o->p + o->n, src, n);
	o->n += n;
}

static void put32(struct out *o, uint32_t v)
{
	uint8_t b[4] = { v, v >> 8, v >> 16, v >> 24 };
	put(o, b, 4);
}

static void align4(struct out *o)
{
	static const uint8_t zero[4];
	put(o, zero, (4 - o->n % 4) % 4);
}

static void set32(struct out *o, size_t field, uint32_t v)
{
	uint8_t b[4] = { v, v >> 8, v >> 16, v >> 24 };
	memcpy(o->p + field, b, 4);
}

#define SET(o, field, v)  set32(o, offsetof(struct flat_header, field), v)

static struct out build(const struct image *im)
{
	struct out o = { 0 };
	uint8_t header[FLAT_HEADER_SIZE] = { FLAT_MAGIC0, FLAT_MAGIC1, FLAT_MAGIC2, FLAT_MAGIC3 };

	put(&o, header, sizeof header);
	SET(&o, version, FLAT_VERSION);
	SET(&o, header_size, FLAT_HEADER_SIZE);
	SET(&o, flags, im->library ? FLAT_F_LIBRARY : 0);
	SET(&o, link_base, im->link_base);
	SET(&o, entry, im->entry);
	SET(&o, stack_size, im->stack_size);

	SET(&o, text_off, o.n);
	SET(&o, text_size, im->text_size);
	put(&o, im->text, im->text_size);
	align4(&o);

	SET(&o, data_off, o.n);
	SET(&o, data_size, im->data_size);
	SET(&o, data_vaddr, im->data_vaddr);
	SET(&o, bss_size, im->bss_size);
	put(&o, im->data, im->data_size);
	align4(&o);

	SET(&o, reloc_off, o.n);
	SET(&o, reloc_count, im->nrelocs);
	for (size_t i = 0; i < im->nrelocs; i++)
		put32(&o, im->relocs[i]);

	SET(&o, export_off, o.n);
	SET(&o, export_count, im->nexps);
	uint32_t name_off = 0;
	for (size_t i = 0; i < im->nexps; i++) {
		put32(&o, name_off);
		put32(&o, im->exps[i].value);
		put32(&o, im->exps[i].size);
		put32(&o, im->exps[i].type);
		name_off += strlen(im->exps[i].name) + 1;
	}

	SET(&o, strtab_off, o.n);
	SET(&o, strtab_size, name_off);
	for (size_t i = 0; i < im->nexps; i++)
		put(&o, im->exps[i].name, strlen(im->exps[i].name) + 1);
	return o;
}

static void write_atomically(const char *path, const struct out *o)
{
	static char tmp[4096];

	snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
	tmp_path = tmp;
	FILE *f = fopen(tmp, "wb");
	if (!f)
		die("%s: %s", tmp, strerror(errno));
	if (fwrite(o->p, 1, o->n, f) != o->n || fclose(f) != 0)
		die("%s: write error", tmp);
	if (rename(tmp, path) != 0)
		die("%s: %s", path, strerror(errno));
	tmp_path = NULL;
}

/* ---- --info ------------------------------------------------------------------- */

static int info(const char *path)
{
	size_t size;
	uint8_t *f = read_whole(path, &size);
	struct flat_image img;
	const char *why;
	char msg[160];
	unsigned kind = FLAT_KIND_EXEC;

	if (size >= FLAT_HEADER_SIZE && (f[offsetof(struct flat_header, flags)] & FLAT_F_LIBRARY))
		kind = FLAT_KIND_LIB;
	if (flat_parse(f, size, kind, &img, &why) != 0) {
		printf("%s: invalid %s: %s\n", path, kind == FLAT_KIND_LIB ? "library" : "program",
		       flat_describe(msg, sizeof msg, why, img.bad_index));
		free(f);
		return 1;
	}
	printf("%s: %s, %zu bytes, link base 0x%08x\n", path,
	       kind == FLAT_KIND_LIB ? "library" : "program", size, img.link_base);
	if (kind == FLAT_KIND_EXEC)
		printf("  entry      +0x%x\n  stack      %u%s\n", img.entry, img.stack_size,
		       img.stack_size ? "" : " (default)");
	printf("  text       +0x%08x..+0x%08x  file 0x%x\n", 0, img.text_size, img.text_off);
	printf("  data       +0x%08x..+0x%08x  file 0x%x\n", img.data_vaddr,
	       img.data_vaddr + img.data_size, img.data_off);
	printf("  bss        +0x%08x..+0x%08x\n", img.data_vaddr + img.data_size, img.mem_end);
	printf("  image      0x%x bytes (%u pages)\n", img.image_size,
	       img.image_size / FLAT_PAGE_SIZE);
	printf("  relocs     %u\n  exports    %u\n", img.reloc_count, img.export_count);
	for (uint32_t i = 0; i < img.export_count; i++) {
		struct flat_export e;
		flat_export_at(&img, i, &e);
		printf("    +0x%08x %6u %-6s %s\n", e.value, e.size,
		       e.type == FLAT_EXPORT_FUNC ? "func" : "object", e.name);
	}
	free(f);
	return 0;
}

/* ---- main ------------------------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr,
	        "usage: elf2flat [--stack BYTES] PROG.elf OUT\n"
	        "       elf2flat --library [--export-from OBJ.o]... LIB.elf OUT.lib\n"
	        "       elf2flat --info IMAGE\n");
	exit(2);
}

static uint32_t parse_size(const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	unsigned shift = 0;

	if (*end == 'K' || *end == 'k')
		shift = 10, end++;
	else if (*end == 'M' || *end == 'm')
		shift = 20, end++;
	/* bounded before the shift, which would wrap a huge count round */
	if (errno || end == s || *end || v > FLAT_MAX_STACK >> shift)
		die("bad stack size '%s' (at most %u bytes)", s, FLAT_MAX_STACK);
	return (uint32_t)(v << shift);
}

int main(int argc, char **argv)
{
	struct image im = { 0 };
	const char *in = NULL, *outp = NULL;
	const char **objs = NULL;
	size_t nobjs = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--info") == 0 && i + 1 < argc)
			return info(argv[i + 1]);
		else if (strcmp(argv[i], "--library") == 0)
			im.library = true;
		else if (strcmp(argv[i], "--export-from") == 0 && i + 1 < argc) {
			objs = xrealloc(objs, (nobjs + 1) * sizeof *objs);
			objs[nobjs++] = argv[++i];
		} else if (strcmp(argv[i], "--stack") == 0 && i + 1 < argc)
			im.stack_size = parse_size(argv[++i]);
		else if (argv[i][0] == '-')
			usage();
		else if (!in)
			in = argv[i];
		else if (!outp)
			outp = argv[i];
		else
			usage();
	}
	if (!in || !outp)
		usage();
	if (im.library && im.stack_size)
		die("a library cannot request a stack");

	struct elf e;
	elf_open(&e, in, ET_EXEC);
	im.link_base = im.library ? FLAT_LIB_BASE : FLAT_EXEC_BASE;
	take_segments(&e, &im);
	if (!im.library) {
		if (e.eh.e_entry < im.link_base || e.eh.e_entry - im.link_base >= im.text_size)
			die("%s: entry point 0x%x is not in text", in, e.eh.e_entry);
		im.entry = e.eh.e_entry - im.link_base;
	}
	take_relocs(&e, &im);
	for (size_t i = 0; i < nobjs; i++)
		names_from_object(objs[i], &im);
	resolve_exports(&e, &im);

	struct out o = build(&im);
	struct flat_image img;
	const char *why;
	char msg[160];
	if (flat_parse(o.p, o.n, im.library ? FLAT_KIND_LIB : FLAT_KIND_EXEC, &img, &why) != 0)
		die("%s: produced an invalid image: %s", in,
		    flat_describe(msg, sizeof msg, why, img.bad_index));
	write_atomically(outp, &o);

	for (size_t i = 0; i < im.nexps; i++)
		free(im.exps[i].name);
	free(im.exps);
	free(im.relocs);
	free(objs);
	free(o.p);
	free(e.data);
	return 0;
}
