/*
 * brink/abi.h - the one header the kernel and libc share.
 *
 * Everything a user program and the kernel must agree on lives here and
 * nowhere else: system-call numbers, errno values, flag bits and the few
 * structures that cross the int 0x80 boundary.  The values follow Linux/i386
 * where Linux has the same concept, so the names mean what users expect.
 *
 * ABI: int 0x80, number in eax, arguments in ebx, ecx, edx, esi, edi, ebp,
 * result in eax; a failure is returned as -errno.
 */
#ifndef BRINK_ABI_H
#define BRINK_ABI_H

/* ---- system-call numbers ------------------------------------------------ */
#define SYS_exit            1   /* (int status) -> does not return          */
#define SYS_read            2   /* (fd, buf, len)                           */
#define SYS_write           3   /* (fd, buf, len)                           */
#define SYS_open            4   /* (path, flags, mode)                      */
#define SYS_close           5   /* (fd)                                     */
#define SYS_lseek           6   /* (fd, off, whence)                        */
#define SYS_fstat           7   /* (fd, struct stat *)                      */
#define SYS_stat            8   /* (path, struct stat *)                    */
#define SYS_ftruncate       9   /* (fd, length)                             */
#define SYS_unlink         10   /* (path)                                   */
#define SYS_getpid         11   /* ()                                       */
#define SYS_spawn          12   /* (path, argv, envp) -> pid                */
#define SYS_waitpid        13   /* (pid, int *status, options) -> pid       */
#define SYS_nanosleep      14   /* (const struct timespec *req, rem)        */
#define SYS_clock_gettime  15   /* (clockid, struct timespec *)             */
#define SYS_brk            16   /* (addr) -> new break (0: query)           */
#define SYS_sbrk           17   /* (increment) -> old break                 */
#define SYS_mmap           18   /* (addr, len, prot, flags, fd, offset)     */
#define SYS_munmap         19   /* (addr, len)                              */
#define SYS_mprotect       20   /* (addr, len, prot)                        */
#define SYS_madvise        21   /* (addr, len, advice)                      */
#define SYS_mlock          22   /* (addr, len)                              */
#define SYS_munlock        23   /* (addr, len)                              */
#define SYS_msync          24   /* (addr, len, flags)                       */
#define SYS_mincore        25   /* (addr, len, unsigned char *vec)          */
#define SYS_openlib        26   /* (name) -> handle                         */
#define SYS_libsym         27   /* (handle, name) -> address                */
#define SYS_kill           28   /* (pid, sig)                               */
#define SYS_meminfo        29   /* (struct brink_meminfo *)                 */
#define SYS_yield          30   /* ()                                       */
#define NR_SYSCALLS        31

/* ---- errno (Linux/i386 values) ----------------------------------------- */
#define EPERM         1
#define ENOENT        2
#define ESRCH         3
#define EINTR         4
#define EIO           5
#define E2BIG         7
#define ENOEXEC       8
#define EBADF         9
#define ECHILD       10
#define EAGAIN       11
#define ENOMEM       12
#define EACCES       13
#define EFAULT       14
#define EBUSY        16
#define EEXIST       17
#define ENODEV       19
#define ENOTDIR      20
#define EISDIR       21
#define EINVAL       22
#define ENFILE       23
#define EMFILE       24
#define ENOTTY       25
#define EFBIG        27
#define ENOSPC       28
#define ESPIPE       29
#define EROFS        30
#define EDOM         33
#define ERANGE       34
#define ENAMETOOLONG 36
#define ENOSYS       38
#define ENOTEMPTY    39
#define EOVERFLOW    75
#define EILSEQ       84

/* ---- open / lseek ------------------------------------------------------- */
#define O_RDONLY   0x0000
#define O_WRONLY   0x0001
#define O_RDWR     0x0002
#define O_ACCMODE  0x0003
#define O_CREAT    0x0040
#define O_TRUNC    0x0200
#define O_APPEND   0x0400

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define S_IFMT   0170000
#define S_IFDIR  0040000
#define S_IFREG  0100000
#define S_IFCHR  0020000

struct stat {
	unsigned int st_dev;
	unsigned int st_ino;
	unsigned int st_mode;
	unsigned int st_nlink;
	int          st_size;
	unsigned int st_blksize;
	unsigned int st_blocks;
};

/* ---- mmap and its family ------------------------------------------------ */
#define PROT_NONE   0x0
#define PROT_READ   0x1
#define PROT_WRITE  0x2
#define PROT_EXEC   0x4

#define MAP_SHARED     0x01
#define MAP_PRIVATE    0x02
#define MAP_FIXED      0x10
#define MAP_ANONYMOUS  0x20
#define MAP_ANON       MAP_ANONYMOUS

#define MADV_NORMAL      0
#define MADV_RANDOM      1
#define MADV_SEQUENTIAL  2
#define MADV_WILLNEED    3
#define MADV_DONTNEED    4

#define MS_ASYNC       1
#define MS_INVALIDATE  2
#define MS_SYNC        4

/* ---- time --------------------------------------------------------------- */
#define CLOCK_REALTIME   0
#define CLOCK_MONOTONIC  1

struct timespec {
	long tv_sec;
	long tv_nsec;
};

/* ---- processes ---------------------------------------------------------- */
/* wait status, encoded as Linux does: exit code in bits 8..15, or the
 * terminating signal in bits 0..6. */
#define WNOHANG  1

#define SIGILL    4
#define SIGABRT   6
#define SIGFPE    8
#define SIGKILL   9
#define SIGSEGV  11
#define SIGTERM  15

/* SYS_meminfo: the figures the shell's `mem` prints. */
struct brink_meminfo {
	unsigned int page_size;
	unsigned int total_frames;
	unsigned int free_frames;
	unsigned int kernel_frames;
	unsigned int user_frames;
};

#endif /* BRINK_ABI_H */
