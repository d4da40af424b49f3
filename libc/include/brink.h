/* brink.h - Brink's own system calls, beyond POSIX. */
#ifndef _BRINK_H
#define _BRINK_H

#include <brink/abi.h>  /* struct brink_meminfo */

/* The machine's memory in frames, as the shell's `mem` prints it. */
int brink_meminfo(struct brink_meminfo *info);

/* Give up the rest of this time slice. */
int brink_yield(void);

#endif
