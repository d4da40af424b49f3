/*
 * uaccess.h - the only way the kernel touches user memory.
 *
 * Each routine first checks the range lies below USER_END (no wrap), then
 * copies; a page fault on the way is resolved against the VMAs like any user
 * fault, and one that cannot be resolved lands in the exception table
 * (uaccess.asm), which makes the copy return -EFAULT instead of panicking.
 */
#ifndef BRINK_UACCESS_H
#define BRINK_UACCESS_H

#include <kernel.h>

int copy_from_user(void *dst, const void *usrc, size_t n);   /* 0 or -EFAULT */
int copy_to_user(void *udst, const void *src, size_t n);     /* 0 or -EFAULT */
/* Copy a NUL-terminated string of at most max-1 chars; its length, or
 * -EFAULT, or -ENAMETOOLONG when no NUL comes within max bytes. */
int strncpy_from_user(char *dst, const char *usrc, size_t max);
bool user_range_ok(uint32_t addr, size_t n);

#endif
