/*
 * flat.h - Brink's flat executable and library format, and the pure code
 * that validates, relocates and looks up exports in an image.
 *
 * The byte layout, every field and every check are described in
 * docs/flat-format.md.  In short: a fixed 80-byte header, then text, data,
 * the relocation table, the export table and the export string table, in
 * that order, back to back (4-byte aligned), ending exactly at the end of
 * the file.  All multi-byte fields are little-endian uint32.
 *
 * This header is shared by the kernel (loader, openLibrary), the host tool
 * tools/elf2flat and the host tests, so it depends on nothing but
 * <stdint.h>, <stddef.h> and <stdbool.h>.  The code never allocates, keeps
 * no globals, never reads outside [file, file + file_size) and never trusts
 * a field it has not checked: everything the rest of the kernel needs is in
 * struct flat_image, host-endian and validated.
 */
#ifndef BRINK_FLAT_H
#define BRINK_FLAT_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/* ---- on-disk format ------------------------------------------------------ */

#define FLAT_MAGIC0        'B'
#define FLAT_MAGIC1        'R'
#define FLAT_MAGIC2        'N'
#define FLAT_MAGIC3        'K'
#define FLAT_VERSION       1u
#define FLAT_HEADER_SIZE   80u

#define FLAT_F_LIBRARY     0x1u          /* a library (openLibrary), else a program */
#define FLAT_F_ALL         FLAT_F_LIBRARY /* every other flag bit must be 0 */

#define FLAT_PAGE_SIZE     4096u
#define FLAT_EXEC_BASE     0x08048000u   /* programs: link and load address */
#define FLAT_LIB_BASE      0u            /* libraries: linked at 0, relocated */
#define FLAT_USER_LIMIT    0xB0000000u   /* a program image ends below this */
#define FLAT_MAX_IMAGE     0x40000000u   /* 1 GiB: largest memory image */
#define FLAT_MAX_STACK     0x00800000u   /* 8 MiB: largest requested stack */

/* Export types. */
#define FLAT_EXPORT_FUNC   1u
#define FLAT_EXPORT_OBJECT 2u

/*
 * The header as it lies in the file.  Offsets named *_off are file offsets;
 * entry, data_vaddr, relocation entries and export values are offsets from
 * the image's base (the address text starts at), so the same numbers hold
 * whatever address a library ends up at.  The struct documents the layout;
 * the code reads fields by offsetof() with byte loads, so the file needs no
 * particular alignment or host byte order.
 */
struct flat_header {
	uint8_t  magic[4];      /*  0 "BRNK" */
	uint32_t version;       /*  4 FLAT_VERSION */
	uint32_t header_size;   /*  8 FLAT_HEADER_SIZE for version 1 */
	uint32_t flags;         /* 12 FLAT_F_* */
	uint32_t link_base;     /* 16 address the image was linked at */
	uint32_t entry;         /* 20 program entry, offset from base; 0 for a library */
	uint32_t text_off;      /* 24 file offset of text */
	uint32_t text_size;     /* 28 bytes of text, in the file and in memory */
	uint32_t data_off;      /* 32 file offset of data */
	uint32_t data_size;     /* 36 bytes of initialised data, in the file and in memory */
	uint32_t data_vaddr;    /* 40 where data starts, offset from base, page aligned */
	uint32_t bss_size;      /* 44 zero bytes right after data, not in the file */
	uint32_t stack_size;    /* 48 stack the program asks for; 0 = default */
	uint32_t reloc_off;     /* 52 file offset of the relocation table */
	uint32_t reloc_count;   /* 56 its entries (4 bytes each) */
	uint32_t export_off;    /* 60 file offset of the export table */
	uint32_t export_count;  /* 64 its entries (16 bytes each) */
	uint32_t strtab_off;    /* 68 file offset of the export string table */
	uint32_t strtab_size;   /* 72 its bytes */
	uint32_t reserved;      /* 76 must be 0 */
};

/* A relocation entry is one uint32: the offset from base of a 32-bit word to
 * which the loader adds (load address - link_base). */
#define FLAT_RELOC_SIZE    4u

/* An export entry, sorted by name (bytewise, as strcmp) with no duplicates. */
struct flat_export_entry {
	uint32_t name_off;      /*  0 offset of the name in the string table */
	uint32_t value;         /*  4 offset from base */
	uint32_t size;          /*  8 bytes (st_size of the symbol) */
	uint32_t type;          /* 12 FLAT_EXPORT_FUNC or FLAT_EXPORT_OBJECT */
};
#define FLAT_EXPORT_SIZE   16u

/* ---- validated image ------------------------------------------------------ */

#define FLAT_KIND_EXEC     1u
#define FLAT_KIND_LIB      2u

/*
 * What flat_parse() fills in: every value checked, host-endian, with
 * pointers into the caller's file buffer (which must stay alive).
 *
 * Memory image, as offsets from base:
 *   [0, text_size)                         text, file bytes at text_off
 *   [data_vaddr, data_vaddr + data_size)   data, file bytes at data_off
 *   [data_vaddr + data_size, mem_end)      bss, zero
 *   image_size = mem_end rounded up to a page
 * Text is mapped r-x over [0, round_up(text_size)), data and bss rw- over
 * [data_vaddr, image_size).  Pages between the two (possible only when
 * data_vaddr > round_up(text_size)) are not part of the image.
 */
struct flat_image {
	const uint8_t *file;
	size_t   file_size;
	unsigned kind;          /* FLAT_KIND_EXEC or FLAT_KIND_LIB */
	uint32_t flags;
	uint32_t link_base;
	uint32_t entry;         /* offset from base; 0 for a library */
	uint32_t text_off, text_size;
	uint32_t data_off, data_size, data_vaddr;
	uint32_t bss_size;
	uint32_t mem_end;       /* data_vaddr + data_size + bss_size */
	uint32_t image_size;    /* mem_end rounded up to a page */
	uint32_t stack_size;    /* 0 = the kernel's default */
	const uint8_t *relocs;  /* reloc_count little-endian uint32 */
	uint32_t reloc_count;
	const uint8_t *exports; /* export_count entries of FLAT_EXPORT_SIZE */
	uint32_t export_count;
	const char *strtab;     /* NUL-terminated if strtab_size > 0 */
	uint32_t strtab_size;
	/* On failure: the table entry the message is about (relocation or
	 * export index), or -1.  The rest of the struct is zeroed. */
	long     bad_index;
};

/* An export, decoded. */
struct flat_export {
	const char *name;       /* points into the image's string table */
	uint32_t value;         /* offset from base */
	uint32_t size;
	uint32_t type;          /* FLAT_EXPORT_FUNC or FLAT_EXPORT_OBJECT */
};

/*
 * Validate an image of the given kind (FLAT_KIND_EXEC or FLAT_KIND_LIB).
 * Returns 0 and fills *out, or -ENOEXEC with *why (if why is not NULL) a
 * short static message naming what is wrong ("bad magic", "relocation
 * outside image", ...) and out->bad_index the offending table entry or -1.
 * flat_describe() turns the two into one line.
 */
int  flat_parse(const void *file, size_t file_size, unsigned kind,
                struct flat_image *out, const char **why);

/* "relocation outside image" + 17 -> "relocation 17 outside image" (the
 * index goes after the first word); index < 0 copies why.  Always
 * NUL-terminates when len > 0; returns buf. */
char *flat_describe(char *buf, size_t len, const char *why, long index);

/* The i-th relocation (offset from base); i < img->reloc_count. */
uint32_t flat_reloc_at(const struct flat_image *img, uint32_t i);

/* Decode the i-th export; false if i is out of range. */
bool flat_export_at(const struct flat_image *img, uint32_t i, struct flat_export *out);

/* Binary search by name: the export's offset from base, or -1. */
long flat_find_export(const struct flat_image *img, const char *name);

/* Same, with type and size: 0 and *out filled, or -1. */
int  flat_lookup_export(const struct flat_image *img, const char *name, struct flat_export *out);

/*
 * Fill page[0..FLAT_PAGE_SIZE) with the original file bytes of the memory
 * image at [page_offset, page_offset + FLAT_PAGE_SIZE) (offsets from base):
 * text and data bytes where they lie, zero everywhere else (bss, the tail of
 * the last text page, anything past the image).  No relocation.
 */
void flat_read_page(const struct flat_image *img, uint32_t page_offset, uint8_t *page);

/*
 * Apply every relocation that overlaps [page_offset, page_offset +
 * FLAT_PAGE_SIZE) to page, which holds that range of the image as
 * flat_read_page() gives it.  Each relocated word is computed from the
 * original file bytes plus delta (load address - link_base, modulo 2^32), and
 * only its bytes inside this page are written, so a word straddling two
 * pages comes out right whichever page is loaded first.  A binary search
 * finds the first relocation; cost O(log n + relocations in the page).
 * Nothing to do when delta is 0.
 */
void flat_relocate_page(const struct flat_image *img, uint32_t page_offset,
                        uint8_t *page, uint32_t delta);

#endif /* BRINK_FLAT_H */
