#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "stdio_impl.h"

/* write() until all n bytes are out; a failure marks f (ferror). */
static int write_all(FILE *f, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(f->fd, p, n);

		if (w <= 0) {
			if (w == 0)
				errno = EIO;    /* no progress: do not spin */
			f->error = 1;
			return EOF;
		}
		if ((size_t)w > n)
			w = (ssize_t)n;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int fflush(FILE *f)
{
	int r;

	if (!f)
		return fflush(stdout) | fflush(stderr);
	if (f->len == 0)
		return 0;
	/* on failure the bytes are dropped: retrying would repeat a prefix */
	r = write_all(f, f->buf, f->len);
	f->len = 0;
	return r;
}

int __fwritex(FILE *f, const void *s, size_t n)
{
	int mode = __stdio_mode(f);

	if (mode == _IONBF) {
		if (fflush(f))
			return EOF;
		return write_all(f, s, n);
	}
	if (n > f->size - f->len) {
		if (fflush(f))
			return EOF;
		if (n >= f->size)       /* would not fit even in an empty buffer */
			return write_all(f, s, n);
	}
	memcpy(f->buf + f->len, s, n);
	f->len += n;
	if (f->len == f->size || (mode == _IOLBF && memchr(s, '\n', n)))
		return fflush(f);
	return 0;
}
