/*
 * fs_tmpfs_test.c - /tmp: create, write, read, append, truncate, holes,
 * unlink while open, thousands of files, running out of frames and of
 * kernel memory, and the page interface behind MAP_SHARED (the frame is
 * the file: stores through it and write() are the same bytes).  A random
 * sequence of operations is checked against a plain byte array.  Every
 * test ends with every frame, kmap and kmalloc returned.
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

static struct tarb tar;
static long heap_baseline;

static int setup(void **state)
{
	(void)state;
	fake_frames_reset(4200);
	fake_kmalloc_budget(-1);
	tar_free(&tar);
	tar_file(&tar, "etc/motd", "read-only");
	tar_end(&tar);
	initrd_set(tar.buf, tar.len);
	vfs_init();
	heap_baseline = fake_kmalloc_live();
	fake_output_clear();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_kmalloc_budget(-1);
	fake_frames_budget(-1);
	vfs_init();                     /* drops /tmp and whatever is unreferenced */
	assert_int_equal(fake_kmalloc_live(), heap_baseline);
	assert_int_equal(fake_frames_used(), 0);
	assert_int_equal(fake_kmaps_open(), 0);
	tar_free(&tar);
	return 0;
}

static struct file *open_ok(const char *path, int flags)
{
	struct file *f = NULL;
	int r = vfs_open(path, flags, &f);
	if (r != 0)
		fail_msg("open %s flags %#x: %d", path, flags, r);
	return f;
}

static void write_all(struct file *f, const void *buf, size_t n)
{
	assert_int_equal(vfs_write(f, buf, n), (int)n);
}

/* Read n bytes at off and compare with want. */
static void expect_at(struct file *f, uint32_t off, const void *want, size_t n)
{
	static uint8_t buf[1 << 16];
	assert_true(n <= sizeof(buf));
	uint32_t save = f->pos;
	assert_int_equal(vfs_lseek(f, (int32_t)off, SEEK_SET), (int)off);
	assert_int_equal(vfs_read(f, buf, n), (int)n);
	assert_memory_equal(buf, want, n);
	f->pos = save;
}

static void expect_zeros(struct file *f, uint32_t off, size_t n)
{
	static uint8_t zeros[1 << 16];
	expect_at(f, off, zeros, n);
}

static int size_of(const char *path)
{
	struct stat st;
	int r = vfs_stat(path, &st);
	return r ? r : st.st_size;
}

/* ---- read and write ---- */

static void test_create_write_read(void **state)
{
	(void)state;
	struct file *f = open_ok("/tmp/a", O_CREAT | O_RDWR);
	assert_int_equal(size_of("/tmp/a"), 0);
	char buf[32];
	assert_int_equal(vfs_read(f, buf, sizeof(buf)), 0);
	write_all(f, "hello, ", 7);
	write_all(f, "world", 5);
	assert_int_equal(f->pos, 12);
	assert_int_equal(size_of("/tmp/a"), 12);
	assert_int_equal(vfs_read(f, buf, sizeof(buf)), 0);     /* at EOF */
	expect_at(f, 0, "hello, world", 12);
	assert_int_equal(vfs_lseek(f, 7, SEEK_SET), 7);
	write_all(f, "WORLD!", 6);                              /* overwrite and extend */
	expect_at(f, 0, "hello, WORLD!", 13);
	assert_int_equal(vfs_write(f, "x", 0), 0);
	assert_int_equal(fake_frames_used(), 1);
	file_put(f);

	/* The bytes outlive the open file; O_CREAT on it keeps them. */
	f = open_ok("/tmp/a", O_CREAT | O_RDONLY);
	expect_at(f, 0, "hello, WORLD!", 13);
	file_put(f);

	/* Across page boundaries, at odd sizes. */
	static uint8_t big[3 * 4096 + 123];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 13 + 1);
	f = open_ok("/tmp/big", O_CREAT | O_WRONLY);
	write_all(f, big, 1000);
	write_all(f, big + 1000, sizeof(big) - 1000);
	file_put(f);
	f = open_ok("/tmp/big", O_RDONLY);
	expect_at(f, 0, big, sizeof(big));
	expect_at(f, 4090, big + 4090, 20);
	struct stat st;
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.st_blocks, 4 * 8);
	file_put(f);
	assert_int_equal(fake_frames_used(), 1 + 4);
	assert_int_equal(vfs_unlink("/tmp/big"), 0);
	assert_int_equal(vfs_unlink("/tmp/a"), 0);
	assert_int_equal(fake_frames_used(), 0);
}

static void test_append_and_trunc(void **state)
{
	(void)state;
	struct file *w = open_ok("/tmp/log", O_CREAT | O_WRONLY | O_APPEND);
	struct file *r = open_ok("/tmp/log", O_RDWR);
	write_all(w, "one\n", 4);
	write_all(r, "ONE", 3);                 /* r writes at its own offset 0 */
	write_all(w, "two\n", 4);               /* still appends */
	assert_int_equal(vfs_lseek(w, 0, SEEK_SET), 0);
	write_all(w, "three\n", 6);             /* O_APPEND ignores the seek */
	assert_int_equal(w->pos, 14);
	expect_at(r, 0, "ONE\ntwo\nthree\n", 14);
	file_put(w);

	/* O_TRUNC empties it and gives the frames back. */
	assert_int_equal(fake_frames_used(), 1);
	struct file *t = open_ok("/tmp/log", O_WRONLY | O_TRUNC);
	assert_int_equal(size_of("/tmp/log"), 0);
	assert_int_equal(fake_frames_used(), 0);
	char c;
	assert_int_equal(vfs_read(r, &c, 1), 0);        /* r's offset 3 is past EOF now */
	file_put(t);
	/* O_TRUNC with O_RDONLY truncates too, as on Linux. */
	write_all(r, "abc", 3);
	file_put(open_ok("/tmp/log", O_RDONLY | O_TRUNC));
	assert_int_equal(size_of("/tmp/log"), 0);
	file_put(r);
	assert_int_equal(vfs_unlink("/tmp/log"), 0);
}

static void test_truncate_and_holes(void **state)
{
	(void)state;
	static uint8_t ones[3 * 4096];
	memset(ones, 1, sizeof(ones));
	struct file *f = open_ok("/tmp/t", O_CREAT | O_RDWR);
	write_all(f, ones, sizeof(ones));
	assert_int_equal(fake_frames_used(), 3);

	/* Shrinking frees whole pages past the new end... */
	assert_int_equal(vfs_ftruncate(f, 4096 + 10), 0);
	assert_int_equal(size_of("/tmp/t"), 4106);
	assert_int_equal(fake_frames_used(), 2);
	/* ...and growing back shows zeros, not the old bytes. */
	assert_int_equal(vfs_ftruncate(f, 3 * 4096), 0);
	assert_int_equal(fake_frames_used(), 2);                /* lazily */
	expect_at(f, 0, ones, 4106);
	expect_zeros(f, 4106, 3 * 4096 - 4106);
	assert_int_equal(vfs_ftruncate(f, 3 * 4096), 0);        /* same size: nothing */

	/* Growing far is free until written. */
	assert_int_equal(vfs_ftruncate(f, 64 << 20), 0);
	assert_int_equal(size_of("/tmp/t"), 64 << 20);
	assert_int_equal(fake_frames_used(), 2);
	expect_zeros(f, 40 << 20, 9000);
	assert_int_equal(vfs_ftruncate(f, INT32_MAX), 0);
	assert_int_equal(fake_frames_used(), 2);

	/* A write far past EOF leaves a hole that reads as zeros. */
	assert_int_equal(vfs_ftruncate(f, 10), 0);
	assert_int_equal(fake_frames_used(), 1);
	assert_int_equal(vfs_lseek(f, 5 * 4096 + 100, SEEK_SET), 5 * 4096 + 100);
	write_all(f, "end", 3);
	assert_int_equal(size_of("/tmp/t"), 5 * 4096 + 103);
	assert_int_equal(fake_frames_used(), 2);
	expect_at(f, 0, ones, 10);
	expect_zeros(f, 10, 5 * 4096 + 90);
	expect_at(f, 5 * 4096 + 100, "end", 3);

	/* To zero: every frame back. */
	assert_int_equal(vfs_ftruncate(f, 0), 0);
	assert_int_equal(fake_frames_used(), 0);
	expect_zeros(f, 0, 0);
	file_put(f);
	assert_int_equal(vfs_unlink("/tmp/t"), 0);
}

static void test_size_limits(void **state)
{
	(void)state;
	struct file *f = open_ok("/tmp/huge", O_CREAT | O_RDWR);
	assert_int_equal(vfs_lseek(f, INT32_MAX - 2, SEEK_SET), INT32_MAX - 2);
	assert_int_equal(vfs_write(f, "abcdef", 6), 2);         /* what fits */
	assert_int_equal(size_of("/tmp/huge"), INT32_MAX);
	assert_int_equal(vfs_write(f, "x", 1), -EFBIG);
	assert_int_equal(size_of("/tmp/huge"), INT32_MAX);
	expect_at(f, INT32_MAX - 2, "ab", 2);
	struct stat st;
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.st_blocks, 8);                      /* one page really held */
	/* Appending at the maximum size. */
	struct file *a = open_ok("/tmp/huge", O_WRONLY | O_APPEND);
	assert_int_equal(vfs_write(a, "x", 1), -EFBIG);
	file_put(a);
	assert_int_equal(vfs_ftruncate(f, -5), -EINVAL);
	file_put(f);
	assert_int_equal(vfs_unlink("/tmp/huge"), 0);
	assert_int_equal(fake_frames_used(), 0);
}

/* ---- unlink ---- */

static void test_unlink_while_open(void **state)
{
	(void)state;
	struct file *f = open_ok("/tmp/u", O_CREAT | O_RDWR);
	write_all(f, "still here", 10);
	struct file *g = open_ok("/tmp/u", O_RDONLY);
	assert_int_equal(vfs_unlink("/tmp/u"), 0);
	assert_int_equal(size_of("/tmp/u"), -ENOENT);
	assert_int_equal(vfs_unlink("/tmp/u"), -ENOENT);
	char name[16];
	assert_int_equal(vfs_readdir("/tmp", 0, name, sizeof(name), NULL), 0);

	/* Both open files still reach the bytes, and can change them. */
	expect_at(g, 0, "still here", 10);
	write_all(f, "!", 1);
	expect_at(g, 0, "still here!", 11);
	struct stat st;
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.st_nlink, 0);
	assert_int_equal(st.st_size, 11);

	/* A new file by the same name is a different file. */
	struct file *n = open_ok("/tmp/u", O_CREAT | O_RDWR);
	write_all(n, "new", 3);
	expect_at(g, 0, "still here!", 11);
	assert_int_equal(size_of("/tmp/u"), 3);
	file_put(n);
	assert_int_equal(vfs_unlink("/tmp/u"), 0);

	/* The last close frees the data. */
	assert_int_equal(fake_frames_used(), 1);
	file_put(f);
	assert_int_equal(fake_frames_used(), 1);
	file_put(g);
	assert_int_equal(fake_frames_used(), 0);
}

static void test_unlink_while_mapped(void **state)
{
	(void)state;
	struct file *f = open_ok("/tmp/m", O_CREAT | O_RDWR);
	write_all(f, "mapped", 6);
	struct inode *ino = f->inode;
	inode_get(ino);                 /* the mapping's reference */
	paddr_t pa = inode_get_page(ino, 0);
	file_put(f);
	assert_int_equal(vfs_unlink("/tmp/m"), 0);
	assert_memory_equal(fake_frame_ptr(pa), "mapped", 6);
	assert_int_equal(fake_frame_refs(pa), 2);               /* file + mapping */
	inode_put(ino);                                         /* munmap: inode gone */
	assert_int_equal(fake_frame_refs(pa), 1);
	frame_put(pa);                                          /* ...and the page */
	assert_int_equal(fake_frames_used(), 0);
}

/* ---- many files ---- */

static void test_many_files(void **state)
{
	(void)state;
	enum { N = 4000 };
	char path[32], name[32];
	/* Created in a scrambled order, each with its number as content. */
	for (unsigned k = 0; k < N; k++) {
		unsigned i = (k * 7919u) % N;           /* 7919 is prime, coprime with N */
		snprintf(path, sizeof(path), "/tmp/f%05u", i);
		struct file *f = open_ok(path, O_CREAT | O_WRONLY);
		int len = snprintf(name, sizeof(name), "%u", i);
		write_all(f, name, (size_t)len);
		file_put(f);
	}
	assert_int_equal(fake_frames_used(), N);
	/* Listed in name order, every one readable through its path. */
	struct stat st;
	for (unsigned i = 0; i < N; i++) {
		assert_int_equal(vfs_readdir("/tmp", i, name, sizeof(name), &st), 1);
		snprintf(path, sizeof(path), "f%05u", i);
		assert_string_equal(name, path);
		int len = snprintf(path, sizeof(path), "%u", i);
		assert_int_equal(st.st_size, len);
	}
	assert_int_equal(vfs_readdir("/tmp", N, name, sizeof(name), NULL), 0);
	for (unsigned i = 0; i < N; i += 97) {
		snprintf(path, sizeof(path), "/tmp/f%05u", i);
		struct file *f = open_ok(path, O_RDONLY);
		int len = snprintf(name, sizeof(name), "%u", i);
		expect_at(f, 0, name, (size_t)len);
		file_put(f);
	}
	/* Removed in another order. */
	for (unsigned k = 0; k < N; k++) {
		unsigned i = (k * 104729u + 17) % N;
		snprintf(path, sizeof(path), "/tmp/f%05u", i);
		assert_int_equal(vfs_unlink(path), 0);
	}
	assert_int_equal(vfs_readdir("/tmp", 0, name, sizeof(name), NULL), 0);
	assert_int_equal(fake_frames_used(), 0);
}

/* ---- running out ---- */

static void test_out_of_frames(void **state)
{
	(void)state;
	static uint8_t data[3 * 4096];
	memset(data, 7, sizeof(data));
	struct file *f = open_ok("/tmp/oom", O_CREAT | O_RDWR);
	fake_frames_budget(0);
	assert_int_equal(vfs_write(f, data, 10), -ENOSPC);
	assert_int_equal(size_of("/tmp/oom"), 0);
	assert_int_equal(f->pos, 0);
	fake_frames_budget(2);
	/* Starts mid-page: 4000 + 4096 bytes fit in two frames. */
	assert_int_equal(vfs_lseek(f, 96, SEEK_SET), 96);
	assert_int_equal(vfs_write(f, data, sizeof(data)), 4000 + 4096);
	assert_int_equal(size_of("/tmp/oom"), 96 + 4000 + 4096);
	assert_int_equal(f->pos, 96 + 4000 + 4096);
	assert_int_equal(vfs_write(f, data, 1), -ENOSPC);
	expect_zeros(f, 0, 96);
	expect_at(f, 96, data, 8096);
	/* No frame for a hole page either. */
	assert_int_equal(vfs_ftruncate(f, 5 * 4096), 0);
	assert_int_equal(inode_get_page(f->inode, 4), 0);
	fake_frames_budget(-1);
	paddr_t pa = inode_get_page(f->inode, 4);
	assert_int_not_equal(pa, 0);
	frame_put(pa);
	file_put(f);
	assert_int_equal(vfs_unlink("/tmp/oom"), 0);
	assert_int_equal(fake_frames_used(), 0);
}

static void test_out_of_kmalloc(void **state)
{
	(void)state;
	/* The page array cannot grow: the write fails, nothing changes. */
	struct file *f = open_ok("/tmp/k", O_CREAT | O_RDWR);
	fake_kmalloc_budget(0);
	assert_int_equal(vfs_write(f, "abc", 3), -ENOSPC);
	assert_int_equal(fake_frames_used(), 0);
	fake_kmalloc_budget(-1);
	write_all(f, "abc", 3);
	/* Growing past the array's first 16 entries needs a bigger array. */
	assert_int_equal(vfs_lseek(f, 16 * 4096, SEEK_SET), 16 * 4096);
	fake_kmalloc_budget(0);
	assert_int_equal(vfs_write(f, "x", 1), -ENOSPC);
	assert_int_equal(size_of("/tmp/k"), 3);
	fake_kmalloc_budget(-1);
	write_all(f, "x", 1);
	expect_zeros(f, 3, 16 * 4096 - 3);
	file_put(f);

	/* The /tmp directory's table cannot grow: create fails cleanly. */
	char path[32];
	for (int i = 0; i < 7; i++) {           /* 8 entries fill the first table */
		snprintf(path, sizeof(path), "/tmp/fill%d", i);
		file_put(open_ok(path, O_CREAT | O_RDWR));
	}
	long live = fake_kmalloc_live();
	fake_kmalloc_budget(2);                 /* the inode and its name, not the table */
	f = (struct file *)&f;
	assert_int_equal(vfs_open("/tmp/ninth", O_CREAT | O_RDWR, &f), -ENOSPC);
	assert_null(f);
	fake_kmalloc_budget(-1);
	assert_int_equal(fake_kmalloc_live(), live);
	assert_int_equal(size_of("/tmp/ninth"), -ENOENT);
	file_put(open_ok("/tmp/ninth", O_CREAT | O_RDWR));
	for (int i = 0; i < 7; i++) {
		snprintf(path, sizeof(path), "/tmp/fill%d", i);
		assert_int_equal(vfs_unlink(path), 0);
	}
	assert_int_equal(vfs_unlink("/tmp/ninth"), 0);
	assert_int_equal(vfs_unlink("/tmp/k"), 0);
}

/* ---- the page interface (MAP_SHARED) ---- */

static void test_shared_pages(void **state)
{
	(void)state;
	struct file *f = open_ok("/tmp/shm", O_CREAT | O_RDWR);
	assert_true(inode_writable(f->inode));
	assert_null(inode_contiguous_data(f->inode));
	assert_int_equal(inode_get_page(f->inode, 0), 0);       /* empty: no page */
	assert_int_equal(vfs_ftruncate(f, 2 * 4096), 0);
	assert_int_equal(inode_size(f->inode), 2 * 4096);

	/* Two processes mapping page 1: the same frame, which is the file's. */
	paddr_t a = inode_get_page(f->inode, 1);
	paddr_t b = inode_get_page(f->inode, 1);
	assert_int_not_equal(a, 0);
	assert_int_equal(a, b);
	assert_int_equal(fake_frame_refs(a), 3);        /* file + two mappings */
	assert_int_equal(fake_frames_used(), 1);
	uint8_t *page = fake_frame_ptr(a);
	for (int i = 0; i < 4096; i++)
		assert_int_equal(page[i], 0);           /* a hole becomes a zeroed page */
	assert_int_equal(inode_get_page(f->inode, 2), 0);       /* past EOF's page */

	/* A store through the mapping is what read() sees... */
	memcpy(page + 10, "via mmap", 8);
	expect_at(f, 4096 + 10, "via mmap", 8);
	/* ...and write() is what the mapping sees. */
	assert_int_equal(vfs_lseek(f, 4096 + 100, SEEK_SET), 4096 + 100);
	write_all(f, "via write", 9);
	assert_memory_equal(page + 100, "via write", 9);
	/* A page written first, then mapped. */
	assert_int_equal(vfs_lseek(f, 5, SEEK_SET), 5);
	write_all(f, "page zero", 9);
	paddr_t z = inode_get_page(f->inode, 0);
	assert_memory_equal((uint8_t *)fake_frame_ptr(z) + 5, "page zero", 9);
	assert_int_equal(fake_frames_used(), 2);
	struct stat st;
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.st_blocks, 16);

	/* Truncation takes the page from the file, not from the mappings. */
	assert_int_equal(vfs_ftruncate(f, 4096 + 50), 0);
	assert_int_equal(fake_frame_refs(a), 3);
	for (int i = 50; i < 4096; i++)
		assert_int_equal(page[i], 0);           /* zero past the new EOF */
	assert_int_equal(vfs_ftruncate(f, 4096), 0);
	assert_int_equal(fake_frame_refs(a), 2);        /* the mappings' only */
	frame_put(a);
	frame_put(b);
	frame_put(z);
	assert_int_equal(fake_frames_used(), 1);        /* page 0, the file's */
	file_put(f);
	assert_int_equal(vfs_unlink("/tmp/shm"), 0);
	assert_int_equal(fake_frames_used(), 0);
}

static void test_store_past_eof_then_grow(void **state)
{
	(void)state;
	/* A shared mapping may store past EOF inside the last page; when the
	 * file grows over those bytes they must read as zeros. */
	struct file *f = open_ok("/tmp/g", O_CREAT | O_RDWR);
	write_all(f, "0123456789", 10);
	paddr_t pa = inode_get_page(f->inode, 0);
	uint8_t *page = fake_frame_ptr(pa);
	memset(page + 10, 'X', 4096 - 10);
	assert_int_equal(vfs_ftruncate(f, 100), 0);
	expect_at(f, 0, "0123456789", 10);
	expect_zeros(f, 10, 90);
	memset(page + 100, 'Y', 4096 - 100);
	assert_int_equal(vfs_lseek(f, 200, SEEK_SET), 200);
	write_all(f, "w", 1);                   /* a write past EOF too */
	expect_zeros(f, 100, 100);
	expect_at(f, 200, "w", 1);
	memset(page + 201, 'Z', 4096 - 201);
	assert_int_equal(vfs_lseek(f, 5000, SEEK_SET), 5000);
	write_all(f, "next page", 9);
	expect_zeros(f, 201, 5000 - 201);
	frame_put(pa);
	file_put(f);
	assert_int_equal(vfs_unlink("/tmp/g"), 0);
}

static void test_initrd_not_writable(void **state)
{
	(void)state;
	struct file *f = open_ok("/etc/motd", O_RDONLY);
	assert_false(inode_writable(f->inode));
	assert_non_null(inode_contiguous_data(f->inode));
	file_put(f);
	f = open_ok("/tmp", O_RDONLY);
	assert_false(inode_writable(f->inode));
	assert_int_equal(inode_get_page(f->inode, 0), 0);
	file_put(f);
}

/* ---- random operations against a model ---- */

static uint32_t rng = 12345;
static uint32_t rnd(uint32_t n)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 8) % n;
}

static void test_random_against_model(void **state)
{
	(void)state;
	enum { MAX = 40000 };
	static uint8_t model[MAX + 9000], buf[MAX + 9000];
	uint32_t size = 0;
	struct file *f = open_ok("/tmp/model", O_CREAT | O_RDWR);
	paddr_t held[64];
	uint32_t held_pg[64];
	int nheld = 0;
	for (int step = 0; step < 20000; step++) {
		uint32_t off = rnd(MAX), n = rnd(3) ? rnd(300) : rnd(9000);
		switch (rnd(6)) {
		case 0: case 1:         /* write */
			for (uint32_t i = 0; i < n; i++)
				buf[i] = (uint8_t)rnd(256);
			assert_int_equal(vfs_lseek(f, (int32_t)off, SEEK_SET), (int)off);
			if (n == 0) {
				assert_int_equal(vfs_write(f, buf, 0), 0);
				break;
			}
			write_all(f, buf, n);
			if (off > size)
				memset(model + size, 0, off - size);
			memcpy(model + off, buf, n);
			size = MAX(size, off + n);
			break;
		case 2: {               /* read */
			assert_int_equal(vfs_lseek(f, (int32_t)off, SEEK_SET), (int)off);
			int want = off >= size ? 0 : (int)MIN(n, size - off);
			assert_int_equal(vfs_read(f, buf, n), want);
			if (want)
				assert_memory_equal(buf, model + off, (size_t)want);
			break;
		}
		case 3:                 /* truncate */
			if (rnd(4) == 0)
				off = rnd(3) * 4096;
			assert_int_equal(vfs_ftruncate(f, (int32_t)off), 0);
			if (off > size)
				memset(model + size, 0, off - size);
			size = off;
			break;
		case 4: {               /* map a page, store through it */
			if (!size || nheld == 64)
				break;
			uint32_t pg = rnd((size + 4095) / 4096);
			paddr_t pa = inode_get_page(f->inode, pg);
			assert_int_not_equal(pa, 0);
			uint8_t *p = fake_frame_ptr(pa);
			uint32_t end = MIN(4096u, size - pg * 4096);
			assert_memory_equal(p, model + pg * 4096, end);
			uint32_t at = rnd(end);
			p[at] = (uint8_t)rnd(256);
			model[pg * 4096 + at] = p[at];
			held[nheld] = pa;
			held_pg[nheld++] = pg;
			break;
		}
		case 5:                 /* unmap one */
			if (nheld) {
				int k = (int)rnd((uint32_t)nheld);
				frame_put(held[k]);
				held[k] = held[--nheld];
				held_pg[k] = held_pg[nheld];
			}
			break;
		}
		assert_int_equal(size_of("/tmp/model"), (int)size);
	}
	/* Every byte at the end. */
	assert_int_equal(vfs_lseek(f, 0, SEEK_SET), 0);
	assert_int_equal(vfs_read(f, buf, sizeof(buf)), (int)size);
	assert_memory_equal(buf, model, size);
	while (nheld)
		frame_put(held[--nheld]);
	file_put(f);
	assert_int_equal(vfs_unlink("/tmp/model"), 0);
	assert_int_equal(fake_frames_used(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_write_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_and_trunc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncate_and_holes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlink_while_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlink_while_mapped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_frames, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_kmalloc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_past_eof_then_grow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_initrd_not_writable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_against_model, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
