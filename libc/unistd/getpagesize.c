#include <unistd.h>

/* i386 pages; the kernel's SYS_meminfo reports the same figure. */
int getpagesize(void)
{
	return 4096;
}
