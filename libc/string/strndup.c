#include <string.h>
#include <stdlib.h>

/* Reads at most n bytes of s: s need not be terminated within them. */
char *strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = malloc(len + 1);

	if (!d)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}
