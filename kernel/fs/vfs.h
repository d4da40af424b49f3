/*
 * vfs.h - the kernel's files: one tree of inodes served by three small
 * filesystems.  See docs/fs.md.
 *
 *   /          the initrd (a USTAR archive loaded by GRUB), read-only
 *   /tmp       tmpfs: flat, writable, kept in page frames
 *   (no path)  the console, a character device: fds 0, 1 and 2
 *
 * Paths are kernel strings; relative ones are taken from "/" (there is no
 * working directory).  Buffers are kernel buffers: the system-call layer
 * copies to and from user memory.  Every function that can fail returns a
 * negative errno (brink/abi.h).  Nothing here sleeps except a read of the
 * console, and the kernel does not preempt itself, so there is no locking.
 */
#ifndef BRINK_FS_VFS_H
#define BRINK_FS_VFS_H

#include <kernel.h>
#include <brink/abi.h>

#define FS_NAME_MAX  255        /* bytes in one path component */
#define FS_PATH_MAX  1024       /* bytes in a path, with its NUL */
#define FS_FILE_MAX  0x7FFFFFFFu /* largest size and offset: st_size is an int */

struct inode;                   /* opaque: see kernel/fs/fs.h */

/* An open file: what a file descriptor points at.  Shared by descriptors
 * that were duplicated (a spawned child's 0/1/2), hence the count. */
struct file {
	struct inode *inode;
	uint32_t pos;
	int flags;                  /* O_ flags given to open */
	int refcount;
};

/* Boot: the initrd module (may be called with len 0: an empty root), then
 * vfs_init to build the tree: the initrd at /, tmpfs at /tmp, the console.
 * vfs_init may be called again to start over (the host tests do): files
 * still open keep their inodes, detached from the new tree. */
void initrd_set(const void *base, size_t len);
void vfs_init(void);
/* Called when a regular file shrinks to size bytes, after its pages past
 * the new end are gone from it: the memory manager drops them from every
 * address space that maps the file (main.c sets it; NULL in the host
 * tests, which map nothing). */
extern void (*vfs_file_shrunk)(struct inode *ino, uint32_t size);

/* Open path with O_RDONLY/O_WRONLY/O_RDWR, O_CREAT (creates in /tmp),
 * O_TRUNC, O_APPEND.  0 and *out (refcount 1), or -errno. */
int  vfs_open(const char *path, int flags, struct file **out);
/* The console, O_RDWR; NULL when out of memory. */
struct file *vfs_open_console(void);

/* Bytes moved (0 at end of file), or -errno. */
int  vfs_read(struct file *f, void *buf, size_t n);
int  vfs_write(struct file *f, const void *buf, size_t n);
/* The new offset, or -errno (EINVAL, EOVERFLOW, ESPIPE). */
int  vfs_lseek(struct file *f, int32_t off, int whence);
int  vfs_fstat(struct file *f, struct stat *st);
int  vfs_stat(const char *path, struct stat *st);
int  vfs_ftruncate(struct file *f, int32_t length);
int  vfs_unlink(const char *path);

/* References to an open file; the last file_put closes it. */
void file_get(struct file *f);
void file_put(struct file *f);

/* Entry number index of directory dirpath, in name order: 1 with name (and
 * *st unless st is NULL) filled, 0 past the last entry, or -errno
 * (-ENAMETOOLONG when the name does not fit namelen bytes). */
int  vfs_readdir(const char *dirpath, unsigned index, char *name, size_t namelen,
		 struct stat *st);

/* ---- what mmap, the page-fault handler and the exec loader use ---- */

/* An inode reference keeps its bytes alive (even after unlink). */
void inode_get(struct inode *ino);
void inode_put(struct inode *ino);
uint32_t inode_size(const struct inode *ino);
uint32_t inode_mode(const struct inode *ino);          /* S_IF* | permission bits */
/* May the file be written (so MAP_SHARED with PROT_WRITE is allowed)?
 * False for the initrd, directories and the console. */
bool inode_writable(const struct inode *ino);
/*
 * The frame holding the file's bytes [pgoff * 4096, +4096), zero past end of
 * file, with one frame reference taken for the caller (frame_put it when the
 * page is unmapped).  A tmpfs page IS the file's storage, so every MAP_SHARED
 * mapping, read() and write() see the same bytes at once; an initrd page
 * comes from a per-inode page cache, kept while the inode is referenced.
 * 0 when out of frames, when pgoff is at or past the page holding end of
 * file (pgoff >= ceil(size / 4096)), or for a directory or the console.
 */
paddr_t inode_get_page(struct inode *ino, uint32_t pgoff);
/* Initrd files: their bytes inside the module (inode_size long), so the exec
 * loader validates an image in place; NULL for any other inode. */
const void *inode_contiguous_data(const struct inode *ino);
/* The inode's absolute path, for `vmas` names ("/tmp/x (deleted)" after
 * unlink, "[console]" for the console).  Returns the full length like
 * snprintf; the result is always NUL-terminated when len > 0. */
size_t inode_path(const struct inode *ino, char *buf, size_t len);

#endif
