/*
 * spawn.h - starting programs.  Brink has no fork(); posix_spawn is the way
 * to run a program.  File actions and attributes are not supported: both
 * must be NULL (else EINVAL).
 */
#ifndef _SPAWN_H
#define _SPAWN_H

#include <sys/types.h>

typedef struct { int __unused; } posix_spawn_file_actions_t;
typedef struct { int __unused; } posix_spawnattr_t;

int posix_spawn(pid_t *restrict pid, const char *restrict path,
                const posix_spawn_file_actions_t *file_actions,
                const posix_spawnattr_t *restrict attrp,
                char *const argv[restrict], char *const envp[restrict]);

#endif
