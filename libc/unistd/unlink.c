#include <unistd.h>
#include "../internal/syscall.h"

int unlink(const char *path)
{
	return __syscall_ret(__syscall1(SYS_unlink, (long)path));
}
