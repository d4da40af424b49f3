#ifndef BRINK_SYSCALL_H
#define BRINK_SYSCALL_H
#include "../arch/x86.h"
void syscall_dispatch(struct trapframe *tf);

/* The handlers, one file per family. */
typedef int32_t (*syscall_fn)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
#define SYSCALL(name) int32_t name(uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5, uint32_t a6)
#define UNUSED_ARGS(...) (void)a1; (void)a2; (void)a3; (void)a4; (void)a5; (void)a6

/* file.c */
SYSCALL(sys_read); SYSCALL(sys_write); SYSCALL(sys_open); SYSCALL(sys_close);
SYSCALL(sys_lseek); SYSCALL(sys_fstat); SYSCALL(sys_stat); SYSCALL(sys_ftruncate);
SYSCALL(sys_unlink);
/* proc.c */
SYSCALL(sys_exit); SYSCALL(sys_getpid); SYSCALL(sys_spawn); SYSCALL(sys_waitpid);
SYSCALL(sys_nanosleep); SYSCALL(sys_clock_gettime); SYSCALL(sys_kill); SYSCALL(sys_yield);
SYSCALL(sys_meminfo);
/* mem.c */
SYSCALL(sys_brk); SYSCALL(sys_sbrk); SYSCALL(sys_mmap); SYSCALL(sys_munmap);
SYSCALL(sys_mprotect); SYSCALL(sys_madvise); SYSCALL(sys_mlock); SYSCALL(sys_munlock);
SYSCALL(sys_msync); SYSCALL(sys_mincore);
/* library.c */
SYSCALL(sys_openlib); SYSCALL(sys_libsym);

#endif
