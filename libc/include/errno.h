/*
 * errno.h - the error number of the last failed call.  Brink's processes
 * are single-threaded, so errno is a plain variable.  The E* values are
 * the kernel's, from <brink/abi.h> (Linux/i386 numbering).
 */
#ifndef _ERRNO_H
#define _ERRNO_H

#include <brink/abi.h>

extern int errno;

#endif
