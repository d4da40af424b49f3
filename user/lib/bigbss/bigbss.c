/*
 * bigbss.c - /lib/bigbss.lib: a valid library with 768 MiB of bss (the
 * flat format allows up to 1 GiB).  It costs a few pages of file and no
 * frames until touched; opened when less than that is left between the
 * break and the mmap area, openLibrary must fail with ENOMEM and leave
 * everything as it was.
 */
#include <stdint.h>

#define BIGBSS_SIZE (768u << 20)

char bigbss_area[BIGBSS_SIZE];

uint32_t bigbss_size(void)
{
	return BIGBSS_SIZE;
}

/* Store v at offset (modulo the size) and read back what is there. */
int bigbss_touch(uint32_t offset, int v)
{
	volatile char *p = bigbss_area + offset % BIGBSS_SIZE;
	*p = (char)v;
	return *p;
}
