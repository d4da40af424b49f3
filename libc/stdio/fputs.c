#include <string.h>
#include "stdio_impl.h"

int fputs(const char *restrict s, FILE *restrict f)
{
	return __fwritex(f, s, strlen(s));
}
