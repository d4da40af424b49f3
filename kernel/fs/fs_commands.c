/*
 * fs_commands.c - `ls` and `cat`, the shell's view of the VFS.  They run in
 * the shell's kernel thread, so they use kernel strings and buffers and
 * the vfs_* calls directly.
 */
#include <kernel.h>
#include "../drivers/console.h"
#include "fs_commands.h"
#include "vfs.h"

static const char *fs_strerror(int err)
{
	switch (err) {
	case ENOENT:       return "No such file or directory";
	case ENOTDIR:      return "Not a directory";
	case EISDIR:       return "Is a directory";
	case EACCES:       return "Permission denied";
	case EROFS:        return "Read-only file system";
	case ENAMETOOLONG: return "File name too long";
	case ENOMEM:       return "Cannot allocate memory";
	case ENOSPC:       return "No space left on device";
	case EINVAL:       return "Invalid argument";
	case EBADF:        return "Bad file descriptor";
	default:           return "Error";
	}
}

static char type_char(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return 'd';
	case S_IFCHR: return 'c';
	default:      return '-';
	}
}

static void ls_line(const char *name, const struct stat *st)
{
	if ((st->st_mode & S_IFMT) == S_IFREG)
		kprintf("%c %10d  %s\n", type_char(st->st_mode), st->st_size, name);
	else
		kprintf("%c %10s  %s%s\n", type_char(st->st_mode), "-", name,
			(st->st_mode & S_IFMT) == S_IFDIR ? "/" : "");
}

static int ls_one(const char *path)
{
	struct stat st;
	int r = vfs_stat(path, &st);
	if (r < 0) {
		kprintf("ls: %s: %s\n", path, fs_strerror(-r));
		return 1;
	}
	if ((st.st_mode & S_IFMT) != S_IFDIR) {
		ls_line(path, &st);
		return 0;
	}
	char name[FS_NAME_MAX + 1];
	for (unsigned i = 0; (r = vfs_readdir(path, i, name, sizeof(name), &st)) == 1; i++)
		ls_line(name, &st);
	if (r < 0) {
		kprintf("ls: %s: %s\n", path, fs_strerror(-r));
		return 1;
	}
	return 0;
}

int cmd_ls(int argc, char **argv)
{
	if (argc < 2)
		return ls_one("/");
	int status = 0;
	for (int i = 1; i < argc; i++) {
		if (argc > 2)
			kprintf("%s%s:\n", i > 1 ? "\n" : "", argv[i]);
		status |= ls_one(argv[i]);
	}
	return status;
}

static int cat_one(const char *path)
{
	struct file *f;
	int r = vfs_open(path, O_RDONLY, &f);
	if (r == 0) {
		char buf[512];
		while ((r = vfs_read(f, buf, sizeof(buf))) > 0)
			console_write(buf, (size_t)r);
		file_put(f);
	}
	if (r < 0) {
		kprintf("cat: %s: %s\n", path, fs_strerror(-r));
		return 1;
	}
	return 0;
}

int cmd_cat(int argc, char **argv)
{
	if (argc < 2) {
		kprintf("usage: cat FILE...\n");
		return 1;
	}
	int status = 0;
	for (int i = 1; i < argc; i++)
		status |= cat_one(argv[i]);
	return status;
}
