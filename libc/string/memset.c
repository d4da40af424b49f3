#include <string.h>
#include "word.h"

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	if (n >= 2 * WS) {
		word_t w = WORD_OF(c);
		while ((uintptr_t)d % WS) {
			*d++ = (unsigned char)c;
			n--;
		}
		word_t *dw = (word_t *)d;
		for (; n >= 4 * WS; n -= 4 * WS, dw += 4) {
			dw[0] = w;
			dw[1] = w;
			dw[2] = w;
			dw[3] = w;
		}
		for (; n >= WS; n -= WS)
			*dw++ = w;
		d = (unsigned char *)dw;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}
