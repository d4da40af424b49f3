#include <sys/mman.h>
#include "../internal/syscall.h"

int munmap(void *addr, size_t length)
{
	return __syscall_ret(__syscall2(SYS_munmap, (long)addr, (long)length));
}
