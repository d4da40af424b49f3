#include <sys/mman.h>
#include "../internal/syscall.h"

int mincore(void *addr, size_t length, unsigned char *vec)
{
	return __syscall_ret(__syscall3(SYS_mincore, (long)addr, (long)length, (long)vec));
}
