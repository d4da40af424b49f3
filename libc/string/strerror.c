#include <string.h>
#include <errno.h>

/* Linux's messages, for every errno <brink/abi.h> defines. */
static const char *const messages[] = {
	[0]            = "Success",
	[EPERM]        = "Operation not permitted",
	[ENOENT]       = "No such file or directory",
	[ESRCH]        = "No such process",
	[EINTR]        = "Interrupted system call",
	[EIO]          = "Input/output error",
	[E2BIG]        = "Argument list too long",
	[ENOEXEC]      = "Exec format error",
	[EBADF]        = "Bad file descriptor",
	[ECHILD]       = "No child processes",
	[EAGAIN]       = "Resource temporarily unavailable",
	[ENOMEM]       = "Cannot allocate memory",
	[EACCES]       = "Permission denied",
	[EFAULT]       = "Bad address",
	[EBUSY]        = "Device or resource busy",
	[EEXIST]       = "File exists",
	[ENODEV]       = "No such device",
	[ENOTDIR]      = "Not a directory",
	[EISDIR]       = "Is a directory",
	[EINVAL]       = "Invalid argument",
	[ENFILE]       = "Too many open files in system",
	[EMFILE]       = "Too many open files",
	[ENOTTY]       = "Inappropriate ioctl for device",
	[EFBIG]        = "File too large",
	[ENOSPC]       = "No space left on device",
	[ESPIPE]       = "Illegal seek",
	[EROFS]        = "Read-only file system",
	[EDOM]         = "Numerical argument out of domain",
	[ERANGE]       = "Numerical result out of range",
	[ENAMETOOLONG] = "File name too long",
	[ENOSYS]       = "Function not implemented",
	[ENOTEMPTY]    = "Directory not empty",
	[EOVERFLOW]    = "Value too large for defined data type",
	[EILSEQ]       = "Invalid or incomplete multibyte or wide character",
};

#define NMESSAGES (sizeof(messages) / sizeof(messages[0]))

/* "Unknown error N" for the rest, in a static buffer as POSIX allows. */
char *strerror(int errnum)
{
	static char unknown[32];
	char digits[12];
	unsigned int u;
	size_t i = 0, k;

	if (errnum >= 0 && (size_t)errnum < NMESSAGES && messages[errnum])
		return (char *)messages[errnum];

	u = errnum < 0 ? 0u - (unsigned int)errnum : (unsigned int)errnum;
	do
		digits[i++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	strcpy(unknown, "Unknown error ");
	k = strlen(unknown);
	if (errnum < 0)
		unknown[k++] = '-';
	while (i)
		unknown[k++] = digits[--i];
	unknown[k] = '\0';
	return unknown;
}
