#include <sys/mman.h>
#include "../internal/syscall.h"

int madvise(void *addr, size_t length, int advice)
{
	return __syscall_ret(__syscall3(SYS_madvise, (long)addr, (long)length, advice));
}
