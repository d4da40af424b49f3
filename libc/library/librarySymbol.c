#include <library.h>
#include "../internal/syscall.h"

void *librarySymbol(void *library, const char *name)
{
	long r = __syscall2(SYS_libsym, (long)library, (long)name);

	if (__syscall_failed(r)) {
		errno = (int)-r;
		return (void *)0;
	}
	return (void *)r;
}
