/* unistd.h - POSIX system calls and constants. */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <sys/types.h>
#include <brink/abi.h>          /* SEEK_SET, SEEK_CUR, SEEK_END */

typedef __INTPTR_TYPE__ intptr_t;
#ifndef NULL
#define NULL ((void *)0)
#endif

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#define _SC_PAGESIZE  30        /* Linux's numbers */
#define _SC_PAGE_SIZE _SC_PAGESIZE

extern char **environ;

void   *sbrk(intptr_t increment);
int     brk(void *addr);

ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
int     close(int fd);
off_t   lseek(int fd, off_t offset, int whence);
int     ftruncate(int fd, off_t length);
int     unlink(const char *path);
int     isatty(int fd);

pid_t   getpid(void);
_Noreturn void _exit(int status);

unsigned int sleep(unsigned int seconds);
int     usleep(useconds_t usec);

int     getpagesize(void);
long    sysconf(int name);

#endif
