#include <sys/stat.h>
#include "../internal/syscall.h"

int fstat(int fd, struct stat *st)
{
	return __syscall_ret(__syscall2(SYS_fstat, fd, (long)st));
}
