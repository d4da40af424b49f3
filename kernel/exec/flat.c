/*
 * flat.c - validate a flat image, relocate it a page at a time, look up its
 * exports.  Format and checks: docs/flat-format.md.
 *
 * Pure code shared by the kernel, tools/elf2flat and the host tests: no
 * allocation, no globals, no kernel calls.  Every size sum is done in 64
 * bits so no field, however large, can wrap a check; every read goes
 * through rd32() at an offset already proven to lie inside the file.
 */
#include "flat.h"
#include <brink/abi.h>

#define HDR(field)  offsetof(struct flat_header, field)
#define EXP(field)  offsetof(struct flat_export_entry, field)

_Static_assert(sizeof(struct flat_header) == FLAT_HEADER_SIZE, "flat header layout");
_Static_assert(sizeof(struct flat_export_entry) == FLAT_EXPORT_SIZE, "flat export layout");
/* A program that passes the size limit cannot reach the user limit, so the
 * image-size check alone keeps a program below it. */
_Static_assert((uint64_t)FLAT_EXEC_BASE + FLAT_MAX_IMAGE <= FLAT_USER_LIMIT,
               "FLAT_MAX_IMAGE must keep programs below FLAT_USER_LIMIT");

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t page_up(uint64_t x)
{
	return (x + FLAT_PAGE_SIZE - 1) & ~(uint64_t)(FLAT_PAGE_SIZE - 1);
}

/* strcmp on bytes as unsigned char, the order elf2flat sorts exports in. */
static int name_cmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y)
		x++, y++;
	return (int)*x - (int)*y;
}

/* ---- the file's regions -------------------------------------------------- */

/* The regions after the header, in the order they must appear.  Messages
 * are spelled out per region so each stays a static string. */
struct region {
	uint64_t off, size;
	bool aligned;                   /* offset must be a multiple of 4 */
	const char *misaligned, *past_eof, *overlaps;
};

static const char *check_regions(const struct region *r, int n, uint64_t header_size,
                                 uint64_t file_size)
{
	uint64_t prev_end = header_size;

	for (int i = 0; i < n; i++) {
		if (r[i].aligned && r[i].off % 4 != 0)
			return r[i].misaligned;
		if (r[i].off > file_size || r[i].size > file_size - r[i].off)
			return r[i].past_eof;
		if (r[i].off < prev_end)
			return r[i].overlaps;
		prev_end = r[i].off + r[i].size;
	}
	if (prev_end != file_size)
		return "trailing bytes after string table";
	return NULL;
}

static const char *parse_header(const uint8_t *f, uint64_t size, unsigned kind,
                                struct flat_image *img)
{
	if (kind != FLAT_KIND_EXEC && kind != FLAT_KIND_LIB)
		return "unknown image kind requested";
	if (size < 4)
		return "truncated header";
	if (f[0] != FLAT_MAGIC0 || f[1] != FLAT_MAGIC1 || f[2] != FLAT_MAGIC2 ||
	    f[3] != FLAT_MAGIC3)
		return "bad magic";
	if (size < HDR(version) + 4)
		return "truncated header";
	if (rd32(f + HDR(version)) != FLAT_VERSION)
		return "unsupported version";
	if (size < FLAT_HEADER_SIZE)
		return "truncated header";
	if (rd32(f + HDR(header_size)) != FLAT_HEADER_SIZE)
		return "bad header size";
	if (rd32(f + HDR(reserved)) != 0)
		return "reserved field not zero";

	img->flags = rd32(f + HDR(flags));
	if (img->flags & ~FLAT_F_ALL)
		return "reserved flags set";
	if (kind == FLAT_KIND_EXEC && (img->flags & FLAT_F_LIBRARY))
		return "image is a library, not a program";
	if (kind == FLAT_KIND_LIB && !(img->flags & FLAT_F_LIBRARY))
		return "image is a program, not a library";
	img->kind = kind;

	img->link_base = rd32(f + HDR(link_base));
	if (img->link_base != (kind == FLAT_KIND_EXEC ? FLAT_EXEC_BASE : FLAT_LIB_BASE))
		return "bad link base";

	img->entry        = rd32(f + HDR(entry));
	img->text_off     = rd32(f + HDR(text_off));
	img->text_size    = rd32(f + HDR(text_size));
	img->data_off     = rd32(f + HDR(data_off));
	img->data_size    = rd32(f + HDR(data_size));
	img->data_vaddr   = rd32(f + HDR(data_vaddr));
	img->bss_size     = rd32(f + HDR(bss_size));
	img->stack_size   = rd32(f + HDR(stack_size));
	img->reloc_count  = rd32(f + HDR(reloc_count));
	img->export_count = rd32(f + HDR(export_count));
	img->strtab_size  = rd32(f + HDR(strtab_size));

	uint32_t reloc_off  = rd32(f + HDR(reloc_off));
	uint32_t export_off = rd32(f + HDR(export_off));
	uint32_t strtab_off = rd32(f + HDR(strtab_off));
	const struct region regions[] = {
		{ img->text_off, img->text_size, true, "text misaligned in file",
		  "text extends past end of file", "text overlaps header" },
		{ img->data_off, img->data_size, true, "data misaligned in file",
		  "data extends past end of file", "data overlaps text in file" },
		{ reloc_off, (uint64_t)img->reloc_count * FLAT_RELOC_SIZE, true,
		  "relocation table misaligned", "relocation table extends past end of file",
		  "relocation table overlaps data in file" },
		{ export_off, (uint64_t)img->export_count * FLAT_EXPORT_SIZE, true,
		  "export table misaligned", "export table extends past end of file",
		  "export table overlaps relocation table" },
		{ strtab_off, img->strtab_size, false, "",
		  "string table extends past end of file",
		  "string table overlaps export table" },
	};
	const char *why = check_regions(regions, 5, FLAT_HEADER_SIZE, size);
	if (why)
		return why;
	img->relocs  = f + reloc_off;
	img->exports = f + export_off;
	img->strtab  = (const char *)f + strtab_off;
	return NULL;
}

/* ---- the memory image ---------------------------------------------------- */

static const char *check_layout(struct flat_image *img)
{
	if (img->text_size == 0)
		return "text is empty";
	if (img->data_vaddr % FLAT_PAGE_SIZE != 0)
		return "data not page aligned";
	if (img->data_vaddr < page_up(img->text_size))
		return "data overlaps text";

	uint64_t data_end = (uint64_t)img->data_vaddr + img->data_size;
	if (data_end > UINT32_MAX)
		return "data size overflows";
	uint64_t mem_end = data_end + img->bss_size;
	if (page_up(mem_end) > UINT32_MAX)
		return "bss size overflows";
	if (page_up(mem_end) > FLAT_MAX_IMAGE)
		return "image larger than 1 GiB";
	img->mem_end = (uint32_t)mem_end;
	img->image_size = (uint32_t)page_up(mem_end);

	if (img->kind == FLAT_KIND_EXEC) {
		if (img->entry >= img->text_size)
			return "entry point outside text";
		if (img->stack_size > FLAT_MAX_STACK)
			return "stack size larger than 8 MiB";
	} else {
		if (img->entry != 0)
			return "library has an entry point";
		if (img->stack_size != 0)
			return "library requests a stack";
	}
	return NULL;
}

/* ---- relocations --------------------------------------------------------- */

static bool in_text(const struct flat_image *img, uint64_t off, uint64_t size)
{
	return off + size <= img->text_size;
}

static bool in_data(const struct flat_image *img, uint64_t off, uint64_t size)
{
	return off >= img->data_vaddr &&
	       off + size <= (uint64_t)img->data_vaddr + img->data_size;
}

static const char *check_relocs(struct flat_image *img)
{
	uint64_t next = 0;      /* lowest offset the next entry may have */

	for (uint32_t i = 0; i < img->reloc_count; i++) {
		uint32_t r = flat_reloc_at(img, i);

		img->bad_index = i;
		if (r < next)
			return "relocation unsorted or overlapping";
		if ((uint64_t)r + 4 > img->mem_end)
			return "relocation outside image";
		if (!in_text(img, r, 4) && !in_data(img, r, 4))
			return "relocation outside text and data";
		next = (uint64_t)r + 4;
	}
	img->bad_index = -1;
	return NULL;
}

uint32_t flat_reloc_at(const struct flat_image *img, uint32_t i)
{
	return rd32(img->relocs + (size_t)i * FLAT_RELOC_SIZE);
}

/* ---- exports ------------------------------------------------------------- */

static void decode_export(const struct flat_image *img, uint32_t i, struct flat_export *e,
                          uint32_t *name_off)
{
	const uint8_t *p = img->exports + (size_t)i * FLAT_EXPORT_SIZE;

	*name_off = rd32(p + EXP(name_off));
	e->value  = rd32(p + EXP(value));
	e->size   = rd32(p + EXP(size));
	e->type   = rd32(p + EXP(type));
	e->name   = *name_off < img->strtab_size ? img->strtab + *name_off : NULL;
}

static const char *check_export(const struct flat_image *img, const struct flat_export *e)
{
	if (e->name == NULL)
		return "export name outside string table";
	if (e->name[0] == '\0')
		return "export name empty";
	if (e->type != FLAT_EXPORT_FUNC && e->type != FLAT_EXPORT_OBJECT)
		return "export type unknown";
	if ((uint64_t)e->value + e->size > img->mem_end || e->value >= img->mem_end)
		return "export outside image";
	if (e->type == FLAT_EXPORT_FUNC &&
	    (e->value >= img->text_size || !in_text(img, e->value, e->size)))
		return "export function outside text";
	/* An object may be read-only data (in text) or data/bss, not the gap. */
	if (!in_text(img, e->value, e->size) && e->value < img->data_vaddr)
		return "export outside text and data";
	return NULL;
}

static const char *check_exports(struct flat_image *img)
{
	/* A NUL as the table's last byte ends every name inside it. */
	if (img->strtab_size > 0 && img->strtab[img->strtab_size - 1] != '\0')
		return "string table not NUL-terminated";

	const char *prev = NULL;
	for (uint32_t i = 0; i < img->export_count; i++) {
		struct flat_export e;
		uint32_t name_off;

		img->bad_index = i;
		decode_export(img, i, &e, &name_off);
		const char *why = check_export(img, &e);
		if (why)
			return why;
		if (prev && name_cmp(prev, e.name) >= 0)
			return "export unsorted or duplicate";
		prev = e.name;
	}
	img->bad_index = -1;
	return NULL;
}

bool flat_export_at(const struct flat_image *img, uint32_t i, struct flat_export *out)
{
	uint32_t name_off;

	if (i >= img->export_count)
		return false;
	decode_export(img, i, out, &name_off);
	return true;
}

int flat_lookup_export(const struct flat_image *img, const char *name, struct flat_export *out)
{
	uint32_t lo = 0, hi = img->export_count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		struct flat_export e;

		flat_export_at(img, mid, &e);
		int c = name_cmp(name, e.name);
		if (c == 0) {
			if (out)
				*out = e;
			return 0;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

long flat_find_export(const struct flat_image *img, const char *name)
{
	struct flat_export e;

	if (flat_lookup_export(img, name, &e) < 0)
		return -1;
	return (long)e.value;   /* < FLAT_MAX_IMAGE, so positive even in 32 bits */
}

/* ---- parse --------------------------------------------------------------- */

int flat_parse(const void *file, size_t file_size, unsigned kind,
               struct flat_image *out, const char **why)
{
	struct flat_image img = { .file = file, .file_size = file_size, .bad_index = -1 };
	const char *msg;

	msg = parse_header(file, file_size, kind, &img);
	if (!msg)
		msg = check_layout(&img);
	if (!msg)
		msg = check_relocs(&img);
	if (!msg)
		msg = check_exports(&img);
	if (why)
		*why = msg;
	if (msg) {
		*out = (struct flat_image){ .bad_index = img.bad_index };
		return -ENOEXEC;
	}
	*out = img;
	return 0;
}

char *flat_describe(char *buf, size_t len, const char *why, long index)
{
	char num[24];
	int n = 0;
	size_t o = 0;
	const char *s = why ? why : "";

	if (len == 0)
		return buf;
	if (index >= 0) {
		unsigned long v = (unsigned long)index;
		do
			num[n++] = (char)('0' + v % 10);
		while ((v /= 10) != 0);
	}
	/* The first word, then " index", then the rest of the message. */
	while (*s && *s != ' ' && o + 1 < len)
		buf[o++] = *s++;
	if (n > 0 && o + 1 < len)
		buf[o++] = ' ';
	while (n > 0 && o + 1 < len)
		buf[o++] = num[--n];
	while (*s && o + 1 < len)
		buf[o++] = *s++;
	buf[o] = '\0';
	return buf;
}

/* ---- pages --------------------------------------------------------------- */

/* Copy the part of [seg, seg + size) (offsets from base, bytes at src)
 * that falls in the page at page_offset. */
static void copy_overlap(uint8_t *page, uint64_t page_offset, uint64_t seg,
                         uint64_t size, const uint8_t *src)
{
	uint64_t lo = seg > page_offset ? seg : page_offset;
	uint64_t hi = seg + size;

	if (hi > page_offset + FLAT_PAGE_SIZE)
		hi = page_offset + FLAT_PAGE_SIZE;
	if (lo >= hi)
		return;
	uint8_t *dst = page + (size_t)(lo - page_offset);
	const uint8_t *from = src + (size_t)(lo - seg);
	for (size_t n = (size_t)(hi - lo); n > 0; n--)
		*dst++ = *from++;
}

void flat_read_page(const struct flat_image *img, uint32_t page_offset, uint8_t *page)
{
	for (uint32_t i = 0; i < FLAT_PAGE_SIZE; i++)
		page[i] = 0;
	copy_overlap(page, page_offset, 0, img->text_size, img->file + img->text_off);
	copy_overlap(page, page_offset, img->data_vaddr, img->data_size,
	             img->file + img->data_off);
}

/* The original file bytes of the relocated word at r (validated to lie
 * wholly in text or data). */
static const uint8_t *reloc_source(const struct flat_image *img, uint32_t r)
{
	if (in_text(img, r, 4))
		return img->file + img->text_off + r;
	return img->file + img->data_off + (r - img->data_vaddr);
}

/* Index of the first relocation at or above off. */
static uint32_t first_reloc_from(const struct flat_image *img, uint32_t off)
{
	uint32_t lo = 0, hi = img->reloc_count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (flat_reloc_at(img, mid) < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void flat_relocate_page(const struct flat_image *img, uint32_t page_offset,
                        uint8_t *page, uint32_t delta)
{
	uint64_t start = page_offset, end = start + FLAT_PAGE_SIZE;

	if (delta == 0)
		return;
	/* A word starting up to 3 bytes before the page reaches into it. */
	uint32_t i = first_reloc_from(img, page_offset >= 3 ? page_offset - 3 : 0);
	for (; i < img->reloc_count; i++) {
		uint32_t r = flat_reloc_at(img, i);
		if (r >= end)
			break;
		uint32_t v = rd32(reloc_source(img, r)) + delta;
		for (uint32_t k = 0; k < 4; k++) {
			uint64_t a = (uint64_t)r + k;
			if (a >= start && a < end)
				page[a - start] = (uint8_t)(v >> (8 * k));
		}
	}
}
