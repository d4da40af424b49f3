/* sys/mman.h - memory mappings (flag values from <brink/abi.h>). */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <sys/types.h>
#include <brink/abi.h>  /* PROT_*, MAP_*, MADV_*, MS_* */

#define MAP_FAILED ((void *)-1)

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
int   munmap(void *addr, size_t length);
int   mprotect(void *addr, size_t length, int prot);
int   madvise(void *addr, size_t length, int advice);
int   mlock(const void *addr, size_t length);
int   munlock(const void *addr, size_t length);
int   msync(void *addr, size_t length, int flags);
int   mincore(void *addr, size_t length, unsigned char *vec);

#endif
