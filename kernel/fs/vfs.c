/*
 * vfs.c - path lookup, open files and the inode life cycle; everything
 * filesystem-specific goes through struct inode_ops (fs.h).
 *
 * The tree: the initrd's root directory is "/", and its entry "tmp" is the
 * root of the tmpfs (mounting is just that: the tmpfs root is linked into
 * the initrd root, replacing whatever the archive had there).  Each inode
 * knows its name and parent, so ".." is a pointer and a path can be
 * rebuilt for `vmas`.
 */
#include <kernel.h>
#include "../lib/string.h"
#include "../mm/frame.h"
#include "../mm/kheap.h"
#include "../mm/paging.h"
#include "fs.h"

static struct inode *root;
static struct inode *console_ino;
static uint32_t next_ino = 1;

/* ---- inodes ---- */

struct inode *inode_alloc(uint32_t mode, uint8_t dev, const struct inode_ops *ops,
			  const char *name, size_t len)
{
	struct inode *ino = kzalloc(sizeof(*ino));
	if (!ino)
		return NULL;
	ino->name = kmalloc(len + 1);
	if (!ino->name) {
		kfree(ino);
		return NULL;
	}
	memcpy(ino->name, name, len);
	ino->name[len] = '\0';
	ino->ino = next_ino++;
	ino->mode = mode;
	ino->dev = dev;
	ino->ops = ops;
	return ino;
}

void inode_free(struct inode *ino)
{
	if (ino->ops->destroy)
		ino->ops->destroy(ino);
	dir_free(ino);
	kfree(ino->name);
	kfree(ino);
}

void inode_get(struct inode *ino)
{
	if (ino->refcount <= 0 && !ino->linked)
		panic("inode_get: inode %u is dead", ino->ino);
	ino->refcount++;
}

void inode_put(struct inode *ino)
{
	if (ino->refcount <= 0)
		panic("inode_put: inode %u has no references", ino->ino);
	if (--ino->refcount > 0)
		return;
	if (!ino->linked)
		inode_free(ino);
	else if (ino->ops->idle)
		ino->ops->idle(ino);
}

void inode_detach(struct inode *ino)
{
	ino->linked = false;
	ino->parent = NULL;
	if (ino->refcount == 0)
		inode_free(ino);
}

uint32_t inode_size(const struct inode *ino)
{
	return ino->size;
}

uint32_t inode_mode(const struct inode *ino)
{
	return ino->mode;
}

bool inode_writable(const struct inode *ino)
{
	return inode_is_reg(ino) && ino->ops->write != NULL;
}

paddr_t inode_get_page(struct inode *ino, uint32_t pgoff)
{
	if (!inode_is_reg(ino) || !ino->ops->get_page || pgoff >= size_to_pages(ino->size))
		return 0;
	return ino->ops->get_page(ino, pgoff);
}

const void *inode_contiguous_data(const struct inode *ino)
{
	if (ino->dev != DEV_INITRD || !inode_is_reg(ino))
		return NULL;
	return ino->u.initrd.data;
}

/* Append s to buf as snprintf would; return the new length. */
static size_t path_append(char *buf, size_t len, size_t at, const char *s)
{
	for (; *s; s++, at++)
		if (at + 1 < len)
			buf[at] = *s;
	if (len)
		buf[MIN(at, len - 1)] = '\0';
	return at;
}

/* "/a/b/name" from the parent pointers, without recursion (an archive
 * may nest a hundred directories deep; the kernel stack is small). */
static size_t path_build(const struct inode *ino, char *buf, size_t len)
{
	size_t total = 0;
	for (const struct inode *i = ino; i->parent; i = i->parent)
		total += 1 + strlen(i->name);
	size_t end = total;
	for (const struct inode *i = ino; i->parent; i = i->parent) {
		size_t n = strlen(i->name), at = end - n - 1;
		for (size_t k = 0; k <= n; k++)         /* '/' then the name */
			if (at + k + 1 < len)
				buf[at + k] = k ? i->name[k - 1] : '/';
		end = at;
	}
	if (len)
		buf[MIN(total, len - 1)] = '\0';
	return total;
}

size_t inode_path(const struct inode *ino, char *buf, size_t len)
{
	if (len)
		buf[0] = '\0';
	if (ino == console_ino)
		return path_append(buf, len, 0, "[console]");
	if (ino == root)
		return path_append(buf, len, 0, "/");
	if (!ino->linked) {     /* unlinked: only /tmp has files that can be */
		size_t at = path_append(buf, len, 0, ino->dev == DEV_TMPFS ? "/tmp/" : "");
		at = path_append(buf, len, at, ino->name);
		return path_append(buf, len, at, " (deleted)");
	}
	return path_build(ino, buf, len);
}

/* Zero [from, PAGE_SIZE) of a frame: the bytes past end of file. */
void frame_zero_tail(paddr_t pa, uint32_t from)
{
	if (from >= PAGE_SIZE)
		return;
	uint8_t *p = kmap(pa);
	memset(p + from, 0, PAGE_SIZE - from);
	kunmap(p);
}

/* ---- the tree ---- */

/* Detach ino and everything below it; what is still referenced (open files,
 * mappings) lives on, detached, until its last reference goes. */
static void tree_drop(struct inode *ino)
{
	if (inode_is_dir(ino)) {
		for (uint32_t i = 0; i < ino->dir.n; i++)
			tree_drop(ino->dir.ents[i]);
		dir_free(ino);
	}
	inode_detach(ino);
}

void vfs_init(void)
{
	if (root)               /* again: start over with a new tree */
		tree_drop(root);
	root = inode_alloc(S_IFDIR | 0755, DEV_INITRD, &initrd_dir_ops, "", 0);
	if (!root)
		panic("vfs: no memory for the root directory");
	root->linked = true;    /* the root is its own name */
	initrd_build(root);

	struct inode *old = dir_lookup(root, "tmp", 3);
	if (old) {
		kprintf("initrd: /tmp in the archive is hidden by the tmpfs\n");
		dir_remove(root, old);
		tree_drop(old);
	}
	struct inode *tmp = tmpfs_mount();
	if (!tmp || dir_insert(root, tmp) != 0)
		panic("vfs: cannot mount /tmp");
	if (!console_ino) {
		console_ino = console_inode_create();
		if (!console_ino)
			panic("vfs: no memory for the console");
	}
}

/* A path walk's result.  On -ENOENT for the last component only, dir is the
 * directory that would hold it and name/len is that component (for
 * O_CREAT).  node has no reference: nothing runs between the walk and the
 * caller taking one. */
struct walk {
	struct inode *node;
	struct inode *dir;
	const char *name;
	size_t len;
	bool slash;             /* the path ended with '/' */
};

static int walk(const char *path, struct walk *w)
{
	*w = (struct walk){ 0 };
	size_t plen = strnlen(path, FS_PATH_MAX);
	if (plen == FS_PATH_MAX)
		return -ENAMETOOLONG;
	if (plen == 0)
		return -ENOENT;
	if (!root)
		return -ENOENT;
	struct inode *cur = root;
	const char *p = path;
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *comp = p;
		while (*p && *p != '/')
			p++;
		size_t len = (size_t)(p - comp);
		if (len > FS_NAME_MAX)
			return -ENAMETOOLONG;
		if (!inode_is_dir(cur))
			return -ENOTDIR;
		if (len == 1 && comp[0] == '.')
			continue;
		if (len == 2 && comp[0] == '.' && comp[1] == '.') {
			if (cur->parent)
				cur = cur->parent;
			continue;
		}
		struct inode *child = dir_lookup(cur, comp, len);
		if (!child) {
			const char *rest = p;
			while (*rest == '/')
				rest++;
			if (!*rest) {   /* the last component: creatable */
				w->dir = cur;
				w->name = comp;
				w->len = len;
				w->slash = *p == '/';
			}
			return -ENOENT;
		}
		cur = child;
	}
	if (path[plen - 1] == '/' && !inode_is_dir(cur))
		return -ENOTDIR;
	w->node = cur;
	return 0;
}

/* ---- open files ---- */

static struct file *file_alloc(struct inode *ino, int flags)
{
	struct file *f = kzalloc(sizeof(*f));
	if (!f)
		return NULL;
	f->inode = ino;
	f->flags = flags;
	f->refcount = 1;
	return f;
}

static bool may_read(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY;
}

static bool may_write(const struct file *f)
{
	int acc = f->flags & O_ACCMODE;
	return acc == O_WRONLY || acc == O_RDWR;
}

void (*vfs_file_shrunk)(struct inode *ino, uint32_t size);

/* Every truncation, so that mappings of the file hear when it shrinks. */
static int truncate_inode(struct inode *ino, uint32_t len)
{
	bool shrinks = len < ino->size;
	int r = ino->ops->truncate(ino, len);
	if (!r && shrinks && vfs_file_shrunk)
		vfs_file_shrunk(ino, len);
	return r;
}

/* Checks for opening an existing inode; then O_TRUNC. */
static int open_existing(struct inode *ino, int flags)
{
	int acc = flags & O_ACCMODE;
	if (inode_is_dir(ino))
		return acc != O_RDONLY || (flags & (O_TRUNC | O_CREAT)) ? -EISDIR : 0;
	if (!inode_is_reg(ino))
		return 0;
	if ((acc != O_RDONLY || (flags & O_TRUNC)) && !ino->ops->write)
		return -EROFS;
	if ((flags & O_TRUNC) && ino->size)
		return truncate_inode(ino, 0);
	return 0;
}

int vfs_open(const char *path, int flags, struct file **out)
{
	*out = NULL;
	if ((flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	struct walk w;
	struct inode *ino;
	int r = walk(path, &w);
	if (r == 0) {
		ino = w.node;
		inode_get(ino);
		r = open_existing(ino, flags);
		if (r) {
			inode_put(ino);
			return r;
		}
	} else if (r == -ENOENT && w.dir && (flags & O_CREAT)) {
		if (w.slash)
			return -EISDIR;
		if (!w.dir->ops->create)
			return -EROFS;
		r = w.dir->ops->create(w.dir, w.name, w.len, &ino);
		if (r)
			return r;
	} else {
		return r;
	}
	struct file *f = file_alloc(ino, flags);
	if (!f) {
		inode_put(ino);
		return -ENOMEM;
	}
	*out = f;
	return 0;
}

struct file *vfs_open_console(void)
{
	if (!console_ino)
		return NULL;
	struct file *f = file_alloc(console_ino, O_RDWR);
	if (f)
		inode_get(console_ino);
	return f;
}

void file_get(struct file *f)
{
	if (f->refcount <= 0)
		panic("file_get: closed file");
	f->refcount++;
}

void file_put(struct file *f)
{
	if (f->refcount <= 0)
		panic("file_put: closed file");
	if (--f->refcount > 0)
		return;
	inode_put(f->inode);
	kfree(f);
}

int vfs_read(struct file *f, void *buf, size_t n)
{
	struct inode *ino = f->inode;
	if (!may_read(f))
		return -EBADF;
	if (inode_is_dir(ino))
		return -EISDIR;
	n = MIN(n, (size_t)FS_FILE_MAX);
	if (!inode_is_reg(ino))         /* the console: no offset */
		return n ? ino->ops->read(ino, buf, 0, n) : 0;
	if (f->pos >= ino->size || n == 0)
		return 0;
	n = MIN(n, (size_t)(ino->size - f->pos));
	int r = ino->ops->read(ino, buf, f->pos, n);
	if (r > 0)
		f->pos += (uint32_t)r;
	return r;
}

int vfs_write(struct file *f, const void *buf, size_t n)
{
	struct inode *ino = f->inode;
	if (!may_write(f))
		return -EBADF;
	if (!ino->ops->write)
		return -EROFS;      /* not reachable through open; be safe */
	n = MIN(n, (size_t)FS_FILE_MAX);
	if (!inode_is_reg(ino))
		return ino->ops->write(ino, buf, 0, n);
	if (f->flags & O_APPEND)
		f->pos = ino->size;
	if (n == 0)
		return 0;
	if (f->pos >= FS_FILE_MAX)
		return -EFBIG;
	n = MIN(n, (size_t)(FS_FILE_MAX - f->pos));
	int r = ino->ops->write(ino, buf, f->pos, n);
	if (r > 0)
		f->pos += (uint32_t)r;
	return r;
}

int vfs_lseek(struct file *f, int32_t off, int whence)
{
	struct inode *ino = f->inode;
	int64_t base;
	if (!inode_is_reg(ino) && !inode_is_dir(ino))
		return -ESPIPE;
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = f->pos; break;
	case SEEK_END: base = inode_is_reg(ino) ? ino->size : ino->dir.n; break;
	default: return -EINVAL;
	}
	int64_t pos = base + off;
	if (pos < 0)
		return -EINVAL;
	if (pos > (int64_t)FS_FILE_MAX)
		return -EOVERFLOW;
	f->pos = (uint32_t)pos;
	return (int)pos;
}

static void fill_stat(const struct inode *ino, struct stat *st)
{
	*st = (struct stat){ 0 };
	st->st_dev = ino->dev;
	st->st_ino = ino->ino;
	st->st_mode = ino->mode;
	if (inode_is_dir(ino))
		st->st_nlink = 2;
	else
		st->st_nlink = ino->linked ? 1 : 0;
	st->st_size = (int)(inode_is_dir(ino) ? ino->dir.n : ino->size);
	st->st_blksize = PAGE_SIZE;
	st->st_blocks = ino->ops->blocks ? ino->ops->blocks(ino) : 0;
}

int vfs_fstat(struct file *f, struct stat *st)
{
	fill_stat(f->inode, st);
	return 0;
}

int vfs_stat(const char *path, struct stat *st)
{
	struct walk w;
	int r = walk(path, &w);
	if (r)
		return r;
	fill_stat(w.node, st);
	return 0;
}

int vfs_ftruncate(struct file *f, int32_t length)
{
	struct inode *ino = f->inode;
	if (length < 0)
		return -EINVAL;
	if (!may_write(f))
		return -EBADF;
	if (!inode_is_reg(ino))
		return -EINVAL;
	if (!ino->ops->truncate)
		return -EROFS;
	if ((uint32_t)length == ino->size)
		return 0;
	return truncate_inode(ino, (uint32_t)length);
}

int vfs_unlink(const char *path)
{
	struct walk w;
	int r = walk(path, &w);
	if (r)
		return r;
	struct inode *ino = w.node;
	if (inode_is_dir(ino))
		return -EISDIR;
	if (!ino->parent || !ino->parent->ops->create)
		return -EROFS;
	dir_remove(ino->parent, ino);
	inode_detach(ino);
	return 0;
}

int vfs_readdir(const char *dirpath, unsigned index, char *name, size_t namelen,
		struct stat *st)
{
	struct walk w;
	int r = walk(dirpath, &w);
	if (r)
		return r;
	if (!inode_is_dir(w.node))
		return -ENOTDIR;
	if (index >= w.node->dir.n)
		return 0;
	const struct inode *child = w.node->dir.ents[index];
	size_t len = strlen(child->name);
	if (len >= namelen)
		return -ENAMETOOLONG;
	memcpy(name, child->name, len + 1);
	if (st)
		fill_stat(child, st);
	return 1;
}
