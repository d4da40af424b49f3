#include "stdio_impl.h"

/*
 * stdout starts undecided: its first output looks at what fd 1 is (see
 * __stdio_mode).  Everything is static, so it works in a library's libc
 * copy that nobody initialised.
 */
static unsigned char stdout_buf[BUFSIZ];

FILE __stdout_FILE = {
	.fd = 1,
	.mode = MODE_UNDECIDED,
	.buf = stdout_buf,
	.size = sizeof(stdout_buf),
	.own_buf = stdout_buf,
	.own_size = sizeof(stdout_buf),
};
