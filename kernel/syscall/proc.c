/* proc.c - process, time and information system calls. */
#include <kernel.h>
#include <brink/abi.h>
#include "../arch/x86.h"
#include "../lib/string.h"
#include "../mm/frame.h"
#include "../mm/kheap.h"
#include "../mm/uaccess.h"
#include "../proc/process.h"
#include "syscall.h"

#define ARGV_MAX 256

SYSCALL(sys_exit)
{
	UNUSED_ARGS();
	proc_exit(W_EXITED(a1));
}

SYSCALL(sys_getpid)
{
	UNUSED_ARGS();
	return current->pid;
}

SYSCALL(sys_yield)
{
	UNUSED_ARGS();
	yield();
	return 0;
}

/* Copy a NULL-terminated user vector of strings into one kernel block:
 * the pointer array first, then the strings. */
static int copy_strv(uint32_t uvec, char ***out, char *buf, size_t bufsize)
{
	char **vec = (char **)buf;
	size_t n = 0;
	if (uvec) {
		for (;; n++) {
			uint32_t p;
			if (n >= ARGV_MAX)
				return -E2BIG;
			if (copy_from_user(&p, (const void *)(uvec + 4 * n), 4))
				return -EFAULT;
			if (!p)
				break;
			vec[n] = (char *)p;
		}
	}
	size_t used = (n + 1) * sizeof(char *);
	if (used > bufsize)
		return -E2BIG;
	for (size_t i = 0; i < n; i++) {
		int len = strncpy_from_user(buf + used, vec[i], bufsize - used);
		if (len < 0)
			return len == -ENAMETOOLONG ? -E2BIG : len;
		vec[i] = buf + used;
		used += len + 1;
	}
	vec[n] = NULL;
	*out = vec;
	return used;
}

SYSCALL(sys_spawn)
{
	UNUSED_ARGS();
	char path[256];
	int r = strncpy_from_user(path, (const char *)a1, sizeof(path));
	if (r <= 0)
		return r == 0 ? -ENOENT : r;
	/* Half the block for argv, half for envp. */
	char *block = kmalloc(2 * SPAWN_ARG_MAX);
	if (!block)
		return -ENOMEM;
	char **argv, **envp;
	if ((r = copy_strv(a2, &argv, block, SPAWN_ARG_MAX)) >= 0 &&
	    (r = copy_strv(a3, &envp, block + SPAWN_ARG_MAX, SPAWN_ARG_MAX)) >= 0)
		r = proc_spawn(path, argv, envp, current);
	kfree(block);
	return r;
}

SYSCALL(sys_waitpid)
{
	UNUSED_ARGS();
	int st = 0;
	if (a2 && !user_range_ok(a2, sizeof(int)))
		return -EFAULT;
	int r = proc_wait((int32_t)a1, &st, a3);
	if (r > 0 && a2 && copy_to_user((void *)a2, &st, sizeof(st)))
		return -EFAULT;
	return r;
}

SYSCALL(sys_kill)
{
	UNUSED_ARGS();
	return proc_kill((int32_t)a1, (int32_t)a2);
}

SYSCALL(sys_nanosleep)
{
	UNUSED_ARGS();
	struct timespec ts;
	if (copy_from_user(&ts, (const void *)a1, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	uint64_t ns = (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
	uint64_t tick_ns = 1000000000u / HZ;
	uint64_t start = ticks;
	int r = sleep_ticks((ns + tick_ns - 1) / tick_ns);
	if (r && a2) {
		uint64_t left = (uint64_t)(ticks - start) * tick_ns;
		left = left < ns ? ns - left : 0;
		struct timespec rem = { (long)(left / 1000000000u), (long)(left % 1000000000u) };
		copy_to_user((void *)a2, &rem, sizeof(rem));
	}
	return r;
}

/* Monotonic time: whole ticks, plus how far the PIT has counted into the
 * current one, for sub-tick resolution (about 0.84 us). */
uint64_t monotonic_ns(void)
{
	uint32_t f = irq_save();
	outb(0x43, 0x00);                       /* latch channel 0 */
	uint32_t count = inb(0x40);
	count |= inb(0x40) << 8;
	uint64_t t = ticks;
	irq_restore(f);
	uint32_t div = 1193182u / HZ;
	uint32_t elapsed = count <= div ? div - count : 0;
	return t * (1000000000u / HZ) + (uint64_t)elapsed * 838u;
}

SYSCALL(sys_clock_gettime)
{
	UNUSED_ARGS();
	if (a1 != CLOCK_MONOTONIC && a1 != CLOCK_REALTIME)
		return -EINVAL;
	uint64_t ns = monotonic_ns();
	struct timespec ts = { (long)(ns / 1000000000u), (long)(ns % 1000000000u) };
	return copy_to_user((void *)a2, &ts, sizeof(ts));
}

SYSCALL(sys_meminfo)
{
	UNUSED_ARGS();
	struct frame_stats st;
	frame_stats(&st);
	struct brink_meminfo mi = { PAGE_SIZE, st.total, st.free, st.kernel, st.user };
	return copy_to_user((void *)a1, &mi, sizeof(mi));
}
