#include <sys/mman.h>
#include "../internal/syscall.h"

int munlock(const void *addr, size_t length)
{
	return __syscall_ret(__syscall2(SYS_munlock, (long)addr, (long)length));
}
