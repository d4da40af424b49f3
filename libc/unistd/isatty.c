#include <unistd.h>
#include <sys/stat.h>
#include <errno.h>

/* The console is Brink's only terminal and its only character device. */
int isatty(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return 0;
	if (!S_ISCHR(st.st_mode)) {
		errno = ENOTTY;
		return 0;
	}
	return 1;
}
