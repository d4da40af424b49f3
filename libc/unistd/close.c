#include <unistd.h>
#include "../internal/syscall.h"

int close(int fd)
{
	return __syscall_ret(__syscall1(SYS_close, fd));
}
