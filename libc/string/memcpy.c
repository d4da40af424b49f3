#include <string.h>
#include "word.h"

/*
 * Align the destination, then copy four words per turn (the source may be
 * unaligned, which x86 reads at full speed), then the tail bytes.
 */
void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (n >= 2 * WS) {
		while ((uintptr_t)d % WS) {
			*d++ = *s++;
			n--;
		}
		word_t *dw = (word_t *)d;
		const uword_t *sw = (const uword_t *)s;
		for (; n >= 4 * WS; n -= 4 * WS, dw += 4, sw += 4) {
			dw[0] = sw[0];
			dw[1] = sw[1];
			dw[2] = sw[2];
			dw[3] = sw[3];
		}
		for (; n >= WS; n -= WS)
			*dw++ = *sw++;
		d = (unsigned char *)dw;
		s = (const unsigned char *)sw;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}
