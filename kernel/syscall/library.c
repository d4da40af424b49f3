/*
 * library.c - openLibrary and librarySymbol (seeds/000): a library image is
 * placed at the current break, page aligned, and the break moves past it,
 * so later heap pieces of every allocator in the process land above it.
 */
#include <kernel.h>
#include <brink/abi.h>
#include "../exec/image.h"
#include "../fs/vfs.h"
#include "../lib/format.h"
#include "../lib/string.h"
#include "../mm/mm.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "syscall.h"

/* "maths" -> "/lib/maths.lib"; an absolute path stays as it is. */
static int library_path(char *path, size_t len, uint32_t uname)
{
	char name[64];
	int r = strncpy_from_user(name, (const char *)uname, sizeof(name));
	if (r < 0)
		return r == -ENAMETOOLONG ? -ENOENT : r;
	if (r == 0)
		return -ENOENT;
	if (name[0] == '/')
		strlcpy(path, name, len);
	else if (strchr(name, '/') || (size_t)ksnprintf(path, len, "/lib/%s.lib", name) >= len)
		return -ENOENT;
	return 0;
}

static struct image *find_library(struct mm_struct *mm, uint32_t handle)
{
	for (struct image *img = mm->images; img; img = img->next)
		if (img->fi.kind == FLAT_KIND_LIB && img->base == handle)
			return img;
	return NULL;
}

SYSCALL(sys_openlib)
{
	UNUSED_ARGS();
	struct mm_struct *mm = current->mm;
	char path[80];
	int r = library_path(path, sizeof(path), a1);
	if (r)
		return r;
	/* Already open, under whatever name: the same file gives the same handle. */
	struct file *f;
	if ((r = vfs_open(path, O_RDONLY, &f)))
		return r;
	struct inode *ino = f->inode;
	file_put(f);
	for (struct image *img = mm->images; img; img = img->next)
		if (img->fi.kind == FLAT_KIND_LIB && img->inode == ino)
			return img->base;
	struct image *img;
	char msg[128];
	r = image_map(mm, path, FLAT_KIND_LIB, ALIGN_UP(mm->brk, PAGE_SIZE), &img, msg, sizeof(msg));
	if (r) {
		if (r == -ENOEXEC)
			kprintf("openLibrary: %s (ENOEXEC)\n", msg);
		return r;
	}
	mm->brk = img->end;
	return img->base;
}

SYSCALL(sys_libsym)
{
	UNUSED_ARGS();
	struct image *img = find_library(current->mm, a1);
	if (!img)
		return -EINVAL;
	char name[128];
	int r = strncpy_from_user(name, (const char *)a2, sizeof(name));
	if (r < 0)
		return r == -ENAMETOOLONG ? -ENOENT : r;
	long off = flat_find_export(&img->fi, name);
	return off < 0 ? -ENOENT : (int32_t)(img->base + off);
}
