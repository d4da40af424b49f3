#include <string.h>
#include "word.h"

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	if (n >= 2 * WS) {
		while ((uintptr_t)d % WS) {
			*d++ = (unsigned char)c;
			n--;
		}
		fill_words(&d, WORD_OF(c), n / WS);
		n %= WS;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}
