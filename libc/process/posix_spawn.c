#include <spawn.h>
#include "../internal/syscall.h"

/*
 * SYS_spawn loads path as a new process with argv and envp copied onto its
 * stack and returns its pid.  Like every posix_spawn, this returns the
 * error number instead of setting errno.
 */
int posix_spawn(pid_t *restrict pid, const char *restrict path,
		const posix_spawn_file_actions_t *file_actions,
		const posix_spawnattr_t *restrict attrp,
		char *const argv[restrict], char *const envp[restrict])
{
	long r;

	if (file_actions || attrp)
		return EINVAL;          /* neither is supported */
	r = __syscall3(SYS_spawn, (long)path, (long)argv, (long)envp);
	if (__syscall_failed(r))
		return (int)-r;
	if (pid)
		*pid = (pid_t)r;
	return 0;
}
