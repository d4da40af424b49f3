/*
 * fs.h - inside the VFS: the inode, the operations a filesystem supplies,
 * and directory tables.  Only kernel/fs/ includes this; everyone else sees
 * struct inode through vfs.h's functions.
 *
 * Reference counting.  An inode lives while it is named by a directory
 * (linked) or referenced (refcount: open files, mappings, loaded images).
 * When the refcount drops to 0 and it is still linked, the filesystem may
 * drop caches (ops->idle: the initrd's page cache); when it is neither
 * linked nor referenced it is destroyed (ops->destroy frees its storage).
 * So an unlinked /tmp file keeps its bytes until the last close or unmap.
 */
#ifndef BRINK_FS_FS_H
#define BRINK_FS_FS_H

#include <kernel.h>
#include <brink/abi.h>
#include "vfs.h"

enum fs_dev { DEV_INITRD = 1, DEV_TMPFS = 2, DEV_CONSOLE = 3 };

/* A directory's children, sorted by name (binary search), growable. */
struct dirtab {
	struct inode **ents;
	uint32_t n, cap;
};

struct inode_ops {
	/* off < size already; n clipped to the bytes that exist. */
	int (*read)(struct inode *ino, void *buf, uint32_t off, size_t n);
	/* NULL on a read-only filesystem.  May write less than n; 0 bytes
	 * written is returned as an error (-ENOSPC). */
	int (*write)(struct inode *ino, const void *buf, uint32_t off, size_t n);
	int (*truncate)(struct inode *ino, uint32_t len);
	paddr_t (*get_page)(struct inode *ino, uint32_t pgoff);
	/* Directories: make a regular file name[0..len) in dir, with one
	 * reference for the caller.  NULL on a read-only filesystem. */
	int (*create)(struct inode *dir, const char *name, size_t len, struct inode **out);
	void (*idle)(struct inode *ino);        /* refcount 0, still linked; may be NULL */
	void (*destroy)(struct inode *ino);     /* gone; free private storage; may be NULL */
	/* Blocks of 512 bytes the file occupies (st_blocks). */
	uint32_t (*blocks)(const struct inode *ino);
};

struct inode {
	uint32_t ino;
	uint32_t mode;                  /* S_IF* | permission bits */
	uint32_t size;                  /* regular files: bytes */
	int refcount;
	bool linked;                    /* named by a directory (or the root) */
	uint8_t dev;                    /* enum fs_dev */
	const struct inode_ops *ops;
	char *name;                     /* own name (kmalloc'd); "" for the root */
	struct inode *parent;           /* NULL for the root and detached inodes */
	struct dirtab dir;              /* directories only */
	union {
		struct {                /* initrd regular files */
			const uint8_t *data;
			paddr_t *cache;         /* one frame per page, 0: not cached */
		} initrd;
		struct {                /* tmpfs regular files */
			paddr_t *pages;         /* 0: a hole (reads as zeros) */
			uint32_t cap;           /* entries in pages[] */
			uint32_t npages;        /* frames held */
		} tmp;
	} u;
};

static inline bool inode_is_dir(const struct inode *ino)
{
	return (ino->mode & S_IFMT) == S_IFDIR;
}

static inline bool inode_is_reg(const struct inode *ino)
{
	return (ino->mode & S_IFMT) == S_IFREG;
}

/* The number of pages needed for size bytes, without overflow. */
static inline uint32_t size_to_pages(uint32_t size)
{
	return size / PAGE_SIZE + (size % PAGE_SIZE != 0);
}

/* vfs.c */
struct inode *inode_alloc(uint32_t mode, uint8_t dev, const struct inode_ops *ops,
			  const char *name, size_t len);
void inode_free(struct inode *ino);
void inode_detach(struct inode *ino);   /* no longer linked: free it if unused */
/* Zero the bytes [from, PAGE_SIZE) of frame pa. */
void frame_zero_tail(paddr_t pa, uint32_t from);

/* dir.c */
struct inode *dir_lookup(const struct inode *dir, const char *name, size_t len);
int  dir_insert(struct inode *dir, struct inode *child);   /* 0 or -ENOMEM */
void dir_remove(struct inode *dir, struct inode *child);
void dir_free(struct inode *dir);

/* initrd.c: build the tree of the module given to initrd_set under root. */
void initrd_build(struct inode *root);
extern const struct inode_ops initrd_dir_ops;

/* tmpfs.c */
struct inode *tmpfs_mount(void);        /* the root of a new, empty tmpfs */

/* console_file.c */
struct inode *console_inode_create(void);

#endif
