#include "stdio_impl.h"

int fputc(int c, FILE *f)
{
	unsigned char ch = (unsigned char)c;

	return __fwritex(f, &ch, 1) ? EOF : ch;
}

int putc(int c, FILE *f)
{
	return fputc(c, f);
}
