#include <sys/stat.h>
#include "../internal/syscall.h"

int stat(const char *restrict path, struct stat *restrict st)
{
	return __syscall_ret(__syscall2(SYS_stat, (long)path, (long)st));
}
