/* fcntl.h - open() and its flags (values from <brink/abi.h>). */
#ifndef _FCNTL_H
#define _FCNTL_H

#include <sys/types.h>
#include <brink/abi.h>          /* O_RDONLY ... O_APPEND, SEEK_* */

/* mode is read only with O_CREAT */
int open(const char *path, int flags, ...);

#endif
