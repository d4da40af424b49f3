#include <unistd.h>
#include <sys/stat.h>
#include <errno.h>

/*
 * The console is Brink's only terminal and its only character device.
 * POSIX's error for "not a terminal" is ENOTTY, which <brink/abi.h> does
 * not define (yet); EINVAL stands in for it until it does.
 */
int isatty(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return 0;
	if (!S_ISCHR(st.st_mode)) {
#ifdef ENOTTY
		errno = ENOTTY;
#else
		errno = EINVAL;
#endif
		return 0;
	}
	return 1;
}
