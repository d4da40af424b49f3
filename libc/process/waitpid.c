#include <sys/wait.h>
#include "../internal/syscall.h"

pid_t waitpid(pid_t pid, int *status, int options)
{
	return __syscall_ret(__syscall3(SYS_waitpid, pid, (long)status, options));
}
