#include <unistd.h>
#include "../internal/syscall.h"

/* SYS_brk returns the break after the call; it is addr only on success. */
int brk(void *addr)
{
	long r = __syscall1(SYS_brk, (long)addr);

	if (__syscall_failed(r)) {
		errno = (int)-r;
		return -1;
	}
	if ((void *)r != addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}
