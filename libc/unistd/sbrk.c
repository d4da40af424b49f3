#include <unistd.h>
#include "../internal/syscall.h"

/*
 * The break is shared by the program and every library it loaded, each with
 * its own libc: any of them may move it, so it is never cached here and
 * every call asks the kernel.
 */
void *sbrk(intptr_t increment)
{
	long r = __syscall1(SYS_sbrk, increment);

	if (__syscall_failed(r)) {
		errno = (int)-r;
		return (void *)-1;
	}
	return (void *)r;
}
