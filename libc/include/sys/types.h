/* sys/types.h - the POSIX system data types. */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

typedef __SIZE_TYPE__    size_t;
typedef __PTRDIFF_TYPE__ ssize_t;     /* the signed type of size_t's width */
typedef long             off_t;
typedef int              pid_t;
typedef unsigned int     mode_t;
typedef unsigned int     uid_t;
typedef unsigned int     gid_t;
typedef unsigned int     dev_t;
typedef unsigned int     ino_t;
typedef unsigned int     nlink_t;
typedef unsigned int     blksize_t;
typedef unsigned int     blkcnt_t;
typedef long             time_t;
typedef int              clockid_t;
typedef unsigned int     useconds_t;
typedef long             suseconds_t;

#endif
