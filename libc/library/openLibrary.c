#include <library.h>
#include "../internal/syscall.h"

/* The handle is the library's load address, so it may look negative. */
void *openLibrary(const char *name)
{
	long r = __syscall1(SYS_openlib, (long)name);

	if (__syscall_failed(r)) {
		errno = (int)-r;
		return (void *)0;
	}
	return (void *)r;
}
