#ifndef BRINK_MMAP_H
#define BRINK_MMAP_H
#include "mm.h"

struct file;
struct inode;
extern const char heap_name[], anon_name[];

int32_t mm_sbrk(struct mm_struct *mm, int32_t incr, const char *owner);
int32_t mm_mmap(struct mm_struct *mm, uint32_t addr, uint32_t len, int prot, int flags,
		struct file *file, uint32_t off);
int mm_munmap(struct mm_struct *mm, uint32_t addr, uint32_t len);
int mm_mprotect(struct mm_struct *mm, uint32_t addr, uint32_t len, int prot);
int mm_madvise(struct mm_struct *mm, uint32_t addr, uint32_t len, int advice);
int mm_mlock(struct mm_struct *mm, uint32_t addr, uint32_t len, bool lock);
int mm_msync(struct mm_struct *mm, uint32_t addr, uint32_t len, int flags);
/* File ino shrank to size bytes: every process's pages of it past the new
 * end go (vfs_file_shrunk). */
void mm_file_shrunk(struct inode *ino, uint32_t size);
int mm_mincore(struct mm_struct *mm, uint32_t addr, uint32_t len, unsigned char *vec);
#endif
