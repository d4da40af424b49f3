#include <string.h>
#include "stdio_impl.h"

int puts(const char *s)
{
	if (__fwritex(stdout, s, strlen(s)) || __fwritex(stdout, "\n", 1))
		return EOF;
	return 0;
}
