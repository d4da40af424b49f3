#include <sys/mman.h>
#include "../internal/syscall.h"

int mprotect(void *addr, size_t length, int prot)
{
	return __syscall_ret(__syscall3(SYS_mprotect, (long)addr, (long)length, prot));
}
