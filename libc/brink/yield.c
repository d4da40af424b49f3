#include <brink.h>
#include "../internal/syscall.h"

int brink_yield(void)
{
	return __syscall_ret(__syscall0(SYS_yield));
}
