#include <brink.h>
#include "../internal/syscall.h"

int brink_meminfo(struct brink_meminfo *info)
{
	return __syscall_ret(__syscall1(SYS_meminfo, (long)info));
}
