#include <sys/mman.h>
#include "../internal/syscall.h"

int msync(void *addr, size_t length, int flags)
{
	return __syscall_ret(__syscall3(SYS_msync, (long)addr, (long)length, flags));
}
