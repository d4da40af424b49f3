#include <sys/mman.h>
#include "../internal/syscall.h"

/* The sixth argument, the offset, travels in ebp (see internal/syscall.h). */
void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)
{
	long r = __syscall6(SYS_mmap, (long)addr, (long)length, prot, flags, fd, offset);

	if (__syscall_failed(r)) {
		errno = (int)-r;
		return MAP_FAILED;
	}
	return (void *)r;
}
