#include <stdlib.h>
#include <unistd.h>
#include "atexit.h"

/* stdio's exit hook, which flushes stdout and stderr (libc/stdio/fwritex.c).
 * Weak: a program that never writes to a stream does not get stdio linked
 * in for it. */
extern void __stdio_exit(void) __attribute__((weak));

/*
 * Handlers run last-registered first; one may register another (it runs
 * next) or even call exit() again, which carries on where this one was.
 * Then the streams are flushed and the process ends.
 */
_Noreturn void exit(int status)
{
	void (*fn)(void);

	while ((fn = __atexit_pop()) != NULL)
		fn();
	if (__stdio_exit)
		__stdio_exit();
	_exit(status);
}
