#include <sys/mman.h>
#include "../internal/syscall.h"

int mlock(const void *addr, size_t length)
{
	return __syscall_ret(__syscall2(SYS_mlock, (long)addr, (long)length));
}
