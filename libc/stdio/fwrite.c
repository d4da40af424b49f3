#include <errno.h>
#include "stdio_impl.h"

size_t fwrite(const void *restrict p, size_t size, size_t nmemb, FILE *restrict f)
{
	if (size == 0 || nmemb == 0)
		return 0;
	if (nmemb > (size_t)-1 / size) {
		errno = EINVAL;
		return 0;
	}
	return __fwritex(f, p, size * nmemb) ? 0 : nmemb;
}
