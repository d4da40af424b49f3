#include "stdio_impl.h"

int ferror(FILE *f)
{
	return f->error;
}

void clearerr(FILE *f)
{
	f->error = 0;
}
