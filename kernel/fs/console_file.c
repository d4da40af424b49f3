/*
 * console_file.c - the console as a file (a character device): what file
 * descriptors 0, 1 and 2 of every process refer to.  It has no offset and
 * no size; a read blocks until at least one byte was typed.
 */
#include <kernel.h>
#include "../drivers/console.h"
#include "fs.h"

static int con_read(struct inode *ino, void *buf, uint32_t off, size_t n)
{
	(void)ino; (void)off;
	return console_read(buf, n);
}

static int con_write(struct inode *ino, const void *buf, uint32_t off, size_t n)
{
	(void)ino; (void)off;
	console_write(buf, n);
	return (int)n;
}

static const struct inode_ops console_ops = {
	.read = con_read,
	.write = con_write,
};

/* One inode for the kernel's lifetime: linked, so never freed. */
struct inode *console_inode_create(void)
{
	struct inode *ino = inode_alloc(S_IFCHR | 0620, DEV_CONSOLE, &console_ops, "console", 7);
	if (ino)
		ino->linked = true;
	return ino;
}
