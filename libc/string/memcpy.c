#include <string.h>
#include "word.h"

/* Align the destination, move whole words (word.h), then the tail bytes. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

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
	return dst;
}
