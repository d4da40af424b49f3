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

/* exit()'s hook: every stream with buffered data is flushed, as C asks
 * (stderr too, when setvbuf gave it a buffer).  Here, beside fflush, so
 * that any program that writes to a stream links it in. */
void __stdio_exit(void)
{
	fflush(NULL);
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

/*
 * Buffered streams fill the buffer and write it when full, so a file gets
 * whole BUFSIZ blocks; a block of a buffer's size or more with the buffer
 * empty is written straight from the caller's memory.  A line-buffered
 * stream is flushed after any output that contains a newline.
 */
int __fwritex(FILE *f, const void *src, size_t n)
{
	const unsigned char *s = src;
	int mode = __stdio_mode(f), newline;

	if (mode == _IONBF) {
		if (fflush(f))
			return EOF;
		return write_all(f, s, n);
	}
	newline = mode == _IOLBF && memchr(s, '\n', n);
	while (n > 0) {
		size_t k;

		if (f->len == 0 && n >= f->size)
			return write_all(f, s, n);
		k = n < f->size - f->len ? n : f->size - f->len;
		memcpy(f->buf + f->len, s, k);
		f->len += k;
		s += k;
		n -= k;
		if (f->len == f->size && fflush(f))
			return EOF;
	}
	return newline ? fflush(f) : 0;
}
