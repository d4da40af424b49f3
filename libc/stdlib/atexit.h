/* stdlib/atexit.h - the atexit() handler stack, shared with exit(). */
#ifndef _LIBC_STDLIB_ATEXIT_H
#define _LIBC_STDLIB_ATEXIT_H

/* room for this many handlers (POSIX asks for at least 32) */
#define ATEXIT_MAX 32

/* The most recently registered handler not yet run, removed; or NULL. */
void (*__atexit_pop(void))(void);

#endif
