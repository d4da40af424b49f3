/*
 * file.c - file-descriptor system calls: user pointers are copied in and
 * out here; the VFS below works on kernel buffers only.
 */
#include <kernel.h>
#include <brink/abi.h>
#include "../fs/vfs.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "syscall.h"

#define PATH_MAX_K 256
#define CHUNK 4096

static struct file *fd_file(uint32_t fd)
{
	return fd < NOFILE ? current->files[fd] : NULL;
}

static int fd_alloc(struct file *f)
{
	for (int fd = 0; fd < NOFILE; fd++)
		if (!current->files[fd]) {
			current->files[fd] = f;
			return fd;
		}
	return -EMFILE;
}

static int get_path(char *buf, uint32_t upath)
{
	int r = strncpy_from_user(buf, (const char *)upath, PATH_MAX_K);
	if (r == 0)
		return -ENOENT;
	return r < 0 ? r : 0;
}

/* read and write go through a page-sized bounce buffer, so the VFS never
 * sees a user pointer.  One buffer each is enough: the kernel runs on one
 * CPU and is never preempted, and nothing between filling the buffer and
 * emptying it can sleep. */
SYSCALL(sys_read)
{
	UNUSED_ARGS();
	struct file *f = fd_file(a1);
	if (!f)
		return -EBADF;
	if (!user_range_ok(a2, a3))
		return -EFAULT;
	static char bounce[CHUNK];      /* one CPU, no kernel preemption: safe */
	uint32_t done = 0;
	while (done < a3) {
		uint32_t chunk = MIN(a3 - done, CHUNK);
		int n = vfs_read(f, bounce, chunk);
		if (n < 0)
			return done ? (int32_t)done : n;
		if (copy_to_user((char *)a2 + done, bounce, n)) {
			/* Not delivered: a file's offset goes back over it (the
			 * console's bytes are gone, as a terminal's would be). */
			vfs_lseek(f, -(int32_t)n, SEEK_CUR);
			return done ? (int32_t)done : -EFAULT;
		}
		done += n;
		if ((uint32_t)n < chunk)
			break;                  /* short read: what the console had, or EOF */
	}
	return done;
}

SYSCALL(sys_write)
{
	UNUSED_ARGS();
	struct file *f = fd_file(a1);
	if (!f)
		return -EBADF;
	if (!user_range_ok(a2, a3))
		return -EFAULT;
	static char bounce[CHUNK];
	uint32_t done = 0;
	while (done < a3) {
		uint32_t chunk = MIN(a3 - done, CHUNK);
		if (copy_from_user(bounce, (const char *)a2 + done, chunk))
			return done ? (int32_t)done : -EFAULT;
		int n = vfs_write(f, bounce, chunk);
		if (n < 0)
			return done ? (int32_t)done : n;
		done += n;
		if ((uint32_t)n < chunk)
			break;
	}
	return done;
}

SYSCALL(sys_open)
{
	UNUSED_ARGS();
	char path[PATH_MAX_K];
	int r = get_path(path, a1);
	if (r)
		return r;
	struct file *f;
	if ((r = vfs_open(path, a2, &f)))
		return r;
	int fd = fd_alloc(f);
	if (fd < 0)
		file_put(f);
	return fd;
}

SYSCALL(sys_close)
{
	UNUSED_ARGS();
	struct file *f = fd_file(a1);
	if (!f)
		return -EBADF;
	current->files[a1] = NULL;
	file_put(f);
	return 0;
}

SYSCALL(sys_lseek)
{
	UNUSED_ARGS();
	struct file *f = fd_file(a1);
	return f ? vfs_lseek(f, (int32_t)a2, a3) : -EBADF;
}

SYSCALL(sys_fstat)
{
	UNUSED_ARGS();
	struct file *f = fd_file(a1);
	if (!f)
		return -EBADF;
	struct stat st;
	int r = vfs_fstat(f, &st);
	return r ? r : copy_to_user((void *)a2, &st, sizeof(st));
}

SYSCALL(sys_stat)
{
	UNUSED_ARGS();
	char path[PATH_MAX_K];
	int r = get_path(path, a1);
	if (r)
		return r;
	struct stat st;
	if ((r = vfs_stat(path, &st)))
		return r;
	return copy_to_user((void *)a2, &st, sizeof(st));
}

SYSCALL(sys_ftruncate)
{
	UNUSED_ARGS();
	struct file *f = fd_file(a1);
	return f ? vfs_ftruncate(f, (int32_t)a2) : -EBADF;
}

SYSCALL(sys_unlink)
{
	UNUSED_ARGS();
	char path[PATH_MAX_K];
	int r = get_path(path, a1);
	return r ? r : vfs_unlink(path);
}
