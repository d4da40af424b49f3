#include <stdint.h>
#include "stdio_impl.h"

struct strbuf {
	char *p;
	size_t room;            /* bytes left for output, the NUL excluded */
};

static int str_out(void *ctx, const char *s, size_t n)
{
	struct strbuf *b = ctx;
	size_t k;

	if (b->room == 0)
		return 1;       /* size 0: buf may be NULL, do not touch it */
	k = n < b->room ? n : b->room;

	for (size_t i = 0; i < k; i++)
		b->p[i] = s[i];
	b->p += k;
	b->room -= k;
	return b->room == 0;    /* full: the rest is only counted */
}

/* Writes at most size-1 bytes and a NUL (nothing at all if size is 0);
 * returns the length the whole output would have. */
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap)
{
	struct strbuf b = { buf, size ? size - 1 : 0 };
	int r = __vformat(str_out, &b, fmt, ap);

	if (size)
		*b.p = '\0';
	return r;
}
