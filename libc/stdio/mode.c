#include <errno.h>
#include <sys/stat.h>
#include "stdio_impl.h"
#include "../internal/libc.h"

/*
 * stdout's buffering is decided at its first output, not at startup, so a
 * library's libc copy needs no initialisation:
 *  - in a copy that crt0 never started (a library's), unbuffered: that
 *    copy's exit() never runs, so nothing would flush it;
 *  - to the console (a character device), line-buffered;
 *  - to anything else (a file), fully buffered.
 * If fstat fails, line-buffered: the safe choice for a console.
 */
int __stdio_mode(FILE *f)
{
	if (f->mode == MODE_UNDECIDED) {
		struct stat st;
		int saved = errno;      /* a successful printf leaves errno alone */

		if (!__libc_started)
			f->mode = _IONBF;
		else if (fstat(f->fd, &st) == 0 && !S_ISCHR(st.st_mode))
			f->mode = _IOFBF;
		else
			f->mode = _IOLBF;
		errno = saved;
	}
	return f->mode;
}
