/*
 * libc_stdio_fakes.c - the fstat() that libc_stdio's copy of stdio calls.
 * A file of its own because it needs Brink's struct stat (<brink/abi.h>),
 * which clashes with glibc's headers.
 */
#include <brink/abi.h>

/* what fstat reports as st_mode; 0 makes it fail with EBADF */
unsigned int fake_fstat_mode;
int fake_fstat_calls;
extern int brink_errno;

int brink_fstat(int fd, struct stat *st);
int brink_fstat(int fd, struct stat *st)
{
	(void)fd;
	fake_fstat_calls++;
	if (!fake_fstat_mode) {
		brink_errno = EBADF;
		return -1;
	}
	*st = (struct stat){ .st_mode = fake_fstat_mode, .st_nlink = 1 };
	return 0;
}
