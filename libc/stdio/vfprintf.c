#include "stdio_impl.h"

static int file_out(void *ctx, const char *s, size_t n)
{
	return __fwritex(ctx, s, n) != 0;       /* stop at the first error */
}

/*
 * An unbuffered stream borrows a stack buffer for the call, so a printf of
 * up to its size is one write() (a message on stderr is not split).
 * Returns -1 if any write failed during this call.
 */
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	unsigned char tmp[256];
	int old_error = f->error, r;

	f->error = 0;
	if (__stdio_mode(f) == _IONBF) {
		unsigned char *buf = f->buf;
		size_t size = f->size;

		f->buf = tmp;
		f->size = sizeof(tmp);
		f->len = 0;
		f->mode = _IOFBF;
		r = __vformat(file_out, f, fmt, ap);
		fflush(f);
		f->mode = _IONBF;
		f->buf = buf;
		f->size = size;
	} else {
		r = __vformat(file_out, f, fmt, ap);
	}
	if (f->error)
		r = -1;
	f->error |= old_error;
	return r;
}
