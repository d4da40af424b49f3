#include <fcntl.h>
#include <stdarg.h>
#include "../internal/syscall.h"

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	/* the mode argument exists only when the caller creates the file */
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return __syscall_ret(__syscall3(SYS_open, (long)path, flags, (long)mode));
}
