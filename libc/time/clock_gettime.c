#include <time.h>
#include "../internal/syscall.h"

int clock_gettime(clockid_t clk, struct timespec *ts)
{
	return __syscall_ret(__syscall2(SYS_clock_gettime, clk, (long)ts));
}
