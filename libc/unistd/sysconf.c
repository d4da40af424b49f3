#include <unistd.h>
#include <errno.h>

long sysconf(int name)
{
	switch (name) {
	case _SC_PAGESIZE:
		return getpagesize();
	default:
		errno = EINVAL;
		return -1;
	}
}
