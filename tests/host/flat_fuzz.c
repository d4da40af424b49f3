/*
 * flat_fuzz.c - libFuzzer target for kernel/exec/flat.c (`make fuzz`).
 *
 * Any input is parsed as a program and as a library.  Whatever is accepted
 * must then be safe to use: every page of the image (the first 64) read and
 * relocated, every export decoded and found again by name.  ASan and UBSan
 * catch a read outside the input or an overflow; the seed corpus is the
 * round-trip fixture's images and /bin/hello.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../kernel/exec/flat.h"

static void use(const struct flat_image *fi)
{
	static uint8_t page[FLAT_PAGE_SIZE];

	for (uint32_t off = 0; off < fi->image_size && off < 64 * FLAT_PAGE_SIZE;
	     off += FLAT_PAGE_SIZE) {
		flat_read_page(fi, off, page);
		flat_relocate_page(fi, off, page, 0x40001000);
	}
	for (uint32_t i = 0; i < fi->export_count; i++) {
		struct flat_export e;
		if (!flat_export_at(fi, i, &e) || flat_find_export(fi, e.name) != (long)e.value)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned kinds[] = { FLAT_KIND_EXEC, FLAT_KIND_LIB };

	for (int k = 0; k < 2; k++) {
		struct flat_image fi;
		const char *why;
		char msg[96];

		if (flat_parse(data, size, kinds[k], &fi, &why) == 0)
			use(&fi);
		else if (!why || !flat_describe(msg, sizeof msg, why, fi.bad_index)[0])
			abort();
	}
	return 0;
}
