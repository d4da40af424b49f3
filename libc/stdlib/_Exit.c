#include <stdlib.h>
#include <unistd.h>

/* Ends the process at once: no atexit handlers, no stdio flush. */
_Noreturn void _Exit(int status)
{
	_exit(status);
}
