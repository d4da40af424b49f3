#include <string.h>
#include "word.h"

/*
 * Copies forwards when the destination is below the source (or they do not
 * overlap) and backwards otherwise, so every byte is read before the copy
 * overwrites it.  Forwards is memcpy's word copy (safe for this overlap,
 * see word.h); backwards is a C word loop, whose may_alias accesses keep
 * each load before the store that might clobber it.
 */
static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
	if (n >= 2 * WS) {
		while ((uintptr_t)d % WS) {
			*d++ = *s++;
			n--;
		}
		copy_words_forward(&d, &s, n / WS);
		n %= WS;
	}
	while (n--)
		*d++ = *s++;
}

static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	if (n >= 2 * WS) {
		while ((uintptr_t)d % WS) {
			*--d = *--s;
			n--;
		}
		word_t *dw = (word_t *)d;
		const uword_t *sw = (const uword_t *)s;
		for (; n >= WS; n -= WS)
			*--dw = *--sw;
		d = (unsigned char *)dw;
		s = (const unsigned char *)sw;
	}
	while (n--)
		*--d = *--s;
}

void *memmove(void *dst, const void *src, size_t n)
{
	/* unsigned distance: d below s wraps around to a huge value */
	if ((uintptr_t)dst - (uintptr_t)src >= n)
		copy_forward(dst, src, n);
	else
		copy_backward(dst, src, n);
	return dst;
}
