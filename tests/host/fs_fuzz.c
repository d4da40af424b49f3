/*
 * fs_fuzz.c - libFuzzer on the initrd: each input is mounted as the USTAR
 * module (an exact-size copy, so ASan sees any read past its end), then
 * every directory is listed and every file stat'ed, read through the VFS,
 * read in place (inode_contiguous_data) and paged in through the page
 * cache, and the tree is dropped again: every frame must come back.
 * Built and run by `make fuzz` (tests/host/fs_initrd_test.mk).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../../kernel/fs/vfs.h"
#include "../../kernel/mm/frame.h"
#include "fs_fakes.h"

void *malloc(size_t n);                 /* <stdlib.h> clashes with brink/abi.h */
void free(void *p);
void abort(void);

static void visit_file(const char *path, const struct stat *st)
{
	struct file *f;
	if (vfs_open(path, O_RDONLY, &f) != 0)
		abort();
	static char buf[4096];
	int r, total = 0;
	while ((r = vfs_read(f, buf, sizeof(buf))) > 0)
		total += r;
	if (r != 0 || total != st->st_size)
		abort();
	const volatile uint8_t *data = inode_contiguous_data(f->inode);
	if (!data)
		abort();
	uint32_t sum = 0;
	for (int i = 0; i < st->st_size; i++)
		sum += data[i];
	for (uint32_t pg = 0; pg < 4; pg++) {
		paddr_t pa = inode_get_page(f->inode, pg);
		if (pa)
			frame_put(pa);
		else if ((uint64_t)pg * 4096 < (uint64_t)st->st_size)
			abort();        /* frames are plentiful here */
	}
	file_put(f);
	(void)sum;
}

static void visit(const char *dir, int depth)
{
	char name[FS_NAME_MAX + 1], path[FS_PATH_MAX];
	struct stat st;
	if (depth > 200)
		abort();
	for (unsigned i = 0; vfs_readdir(dir, i, name, sizeof(name), &st) == 1; i++) {
		if (snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir : "", name) >= (int)sizeof(path))
			continue;
		if ((st.st_mode & S_IFMT) == S_IFDIR)
			visit(path, depth + 1);
		else
			visit_file(path, &st);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		fake_frames_reset(256);
		ready = 1;
	}
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	initrd_set(copy, size);
	vfs_init();
	visit("/", 0);
	initrd_set(NULL, 0);
	vfs_init();                     /* drop the tree */
	fake_output_clear();
	if (fake_frames_used() != 0 || fake_kmaps_open() != 0)
		abort();
	free(copy);
	return 0;
}
