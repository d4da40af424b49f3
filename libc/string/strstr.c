#include <string.h>

/*
 * For each occurrence of the needle's first byte, compare the rest.
 * Quadratic only on contrived inputs (aaaa...ab in aaaa...a).
 */
char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return (char *)haystack;
	for (const char *h = haystack; (h = strchr(h, needle[0])) != NULL; h++)
		if (strncmp(h, needle, n) == 0)
			return (char *)h;
	return NULL;
}
