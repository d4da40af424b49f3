#include <stdlib.h>
#include <unistd.h>
#include "../internal/libc.h"
#include "atexit.h"

/*
 * Handlers run last-registered first; one may register another (it runs
 * next) or even call exit() again, which carries on where this one was.
 * Then stdout is flushed and the process ends.
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
