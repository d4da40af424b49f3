/*
 * tmpfs.c - /tmp: a flat, writable filesystem kept in page frames.
 *
 * A file is an array of frames, one per page, grown (doubling) as pages are
 * first written; a 0 entry is a hole that reads as zeros, so ftruncate up
 * costs nothing until the bytes are written or mapped.  The frames are the
 * file's only storage: inode_get_page hands out the very frame, so shared
 * mappings in any number of processes and read()/write() all see one copy
 * and msync has nothing to do.
 *
 * Invariant: no frame is held for a page at or past end of file, and bytes
 * past end of file inside the last page are zero whenever the size grows
 * over them (a shared mapping may scribble there, as on Linux; growing the
 * file clears them, so the new bytes read as zeros as POSIX says).
 */
#include <kernel.h>
#include "../lib/string.h"
#include "../mm/frame.h"
#include "../mm/kheap.h"
#include "../mm/paging.h"
#include "fs.h"

static const struct inode_ops tmpfs_file_ops;
static const struct inode_ops tmpfs_dir_ops;

/* The frame of page i, or 0 for a hole. */
static paddr_t page_at(const struct inode *ino, uint32_t i)
{
	return i < ino->u.tmp.cap ? ino->u.tmp.pages[i] : 0;
}

/* Room in pages[] for index i. */
static int pages_reserve(struct inode *ino, uint32_t i)
{
	uint32_t cap = ino->u.tmp.cap;
	if (i < cap)
		return 0;
	cap = cap ? cap : 16;
	while (cap <= i)
		cap *= 2;               /* i < 2^19: files are below 2 GiB */
	paddr_t *pages = kzalloc(cap * sizeof(*pages));
	if (!pages)
		return -ENOSPC;
	if (ino->u.tmp.cap)
		memcpy(pages, ino->u.tmp.pages, ino->u.tmp.cap * sizeof(*pages));
	kfree(ino->u.tmp.pages);
	ino->u.tmp.pages = pages;
	ino->u.tmp.cap = cap;
	return 0;
}

/* The frame of page i, filling a hole with a new frame (zeroed unless the
 * caller is about to overwrite all of it); 0 when out of memory. */
static paddr_t page_fill(struct inode *ino, uint32_t i, bool zero)
{
	paddr_t pa = page_at(ino, i);
	if (pa)
		return pa;
	if (pages_reserve(ino, i) != 0)
		return 0;
	pa = frame_alloc(FRAME_USER);
	if (!pa)
		return 0;
	if (zero)
		frame_zero_tail(pa, 0);
	ino->u.tmp.pages[i] = pa;
	ino->u.tmp.npages++;
	return pa;
}

static void free_pages_from(struct inode *ino, uint32_t first)
{
	for (uint32_t i = first; i < ino->u.tmp.cap; i++) {
		if (ino->u.tmp.pages[i]) {
			frame_put(ino->u.tmp.pages[i]);
			ino->u.tmp.pages[i] = 0;
			ino->u.tmp.npages--;
		}
	}
	if (first == 0) {
		kfree(ino->u.tmp.pages);
		ino->u.tmp.pages = NULL;
		ino->u.tmp.cap = 0;
	}
}

/* Clear what lies past end of file in the last page, before the size grows
 * over it. */
static void zero_past_eof(struct inode *ino)
{
	uint32_t in = ino->size % PAGE_SIZE;
	paddr_t pa = page_at(ino, ino->size / PAGE_SIZE);
	if (in && pa)
		frame_zero_tail(pa, in);
}

static int tmpfs_read(struct inode *ino, void *buf, uint32_t off, size_t n)
{
	uint8_t *out = buf;
	for (size_t done = 0; done < n; ) {
		uint32_t pos = off + (uint32_t)done, in = pos % PAGE_SIZE;
		size_t chunk = MIN((size_t)(PAGE_SIZE - in), n - done);
		paddr_t pa = page_at(ino, pos / PAGE_SIZE);
		if (pa) {
			uint8_t *p = kmap(pa);
			memcpy(out + done, p + in, chunk);
			kunmap(p);
		} else {
			memset(out + done, 0, chunk);
		}
		done += chunk;
	}
	return (int)n;
}

/* The VFS has checked off + n stays below 2 GiB. */
static int tmpfs_write(struct inode *ino, const void *buf, uint32_t off, size_t n)
{
	const uint8_t *in_buf = buf;
	if (off + n > ino->size)
		zero_past_eof(ino);
	size_t done = 0;
	while (done < n) {
		uint32_t pos = off + (uint32_t)done, in = pos % PAGE_SIZE;
		size_t chunk = MIN((size_t)(PAGE_SIZE - in), n - done);
		paddr_t pa = page_fill(ino, pos / PAGE_SIZE, chunk < PAGE_SIZE);
		if (!pa)
			break;
		uint8_t *p = kmap(pa);
		memcpy(p + in, in_buf + done, chunk);
		kunmap(p);
		done += chunk;
	}
	if (done == 0)
		return -ENOSPC;
	if (off + done > ino->size)
		ino->size = off + (uint32_t)done;
	return (int)done;
}

static int tmpfs_truncate(struct inode *ino, uint32_t len)
{
	if (len > FS_FILE_MAX)
		return -EFBIG;
	if (len < ino->size) {
		ino->size = len;
		free_pages_from(ino, size_to_pages(len));
		zero_past_eof(ino);
	} else {
		zero_past_eof(ino);
		ino->size = len;        /* the new pages are holes */
	}
	return 0;
}

static paddr_t tmpfs_get_page(struct inode *ino, uint32_t pgoff)
{
	paddr_t pa = page_fill(ino, pgoff, true);
	if (pa)
		frame_get(pa);          /* the caller's reference */
	return pa;
}

static void tmpfs_destroy(struct inode *ino)
{
	free_pages_from(ino, 0);
}

static uint32_t tmpfs_blocks(const struct inode *ino)
{
	return ino->u.tmp.npages * (PAGE_SIZE / 512);
}

static int tmpfs_create(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct inode *ino = inode_alloc(S_IFREG | 0644, DEV_TMPFS, &tmpfs_file_ops, name, len);
	if (!ino)
		return -ENOSPC;
	if (dir_insert(dir, ino) != 0) {
		inode_free(ino);
		return -ENOSPC;
	}
	ino->refcount = 1;
	*out = ino;
	return 0;
}

struct inode *tmpfs_mount(void)
{
	return inode_alloc(S_IFDIR | 01777, DEV_TMPFS, &tmpfs_dir_ops, "tmp", 3);
}

static const struct inode_ops tmpfs_file_ops = {
	.read = tmpfs_read,
	.write = tmpfs_write,
	.truncate = tmpfs_truncate,
	.get_page = tmpfs_get_page,
	.destroy = tmpfs_destroy,
	.blocks = tmpfs_blocks,
};

static const struct inode_ops tmpfs_dir_ops = {
	.create = tmpfs_create,
};
