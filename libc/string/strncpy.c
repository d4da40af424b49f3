#include <string.h>

/* Copies at most n bytes and pads with NULs to n: not always terminated. */
char *strncpy(char *restrict dst, const char *restrict src, size_t n)
{
	size_t i = 0;

	for (; i < n && src[i]; i++)
		dst[i] = src[i];
	memset(dst + i, 0, n - i);
	return dst;
}
