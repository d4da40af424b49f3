#include <errno.h>
#include "stdio_impl.h"

/*
 * buf NULL (or size 0) means the stream's own static buffer; stderr has
 * none, so it can only be given a caller's buffer.  Pending output is
 * flushed first, so setvbuf works at any time, not only before the first
 * output as C requires.
 */
int setvbuf(FILE *restrict f, char *restrict buf, int mode, size_t size)
{
	if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) {
		errno = EINVAL;
		return -1;
	}
	if (fflush(f))
		return -1;
	if (mode == _IONBF) {
		f->mode = _IONBF;
		return 0;
	}
	if (buf && size > 0) {
		f->buf = (unsigned char *)buf;
		f->size = size;
	} else if (f->own_buf) {
		f->buf = f->own_buf;
		f->size = f->own_size;
	} else {
		errno = EINVAL;
		return -1;
	}
	f->mode = mode;
	return 0;
}
