#include <string.h>
#include "word.h"

/* Skips equal words, then finds the first differing byte. */
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n >= WS; n -= WS, p += WS, q += WS)
		if (*(const uword_t *)p != *(const uword_t *)q)
			break;
	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}
