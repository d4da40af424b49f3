/*
 * fs_vfs_test.c - the VFS layer: path lookup and normalisation, every
 * errno of every call, the console file, readdir, inode_path, starting
 * over with vfs_init, running out of kernel memory, and the shell's `ls`
 * and `cat`.
 *
 * Each test mounts the same small archive; teardown mounts it again, which
 * frees everything no longer referenced, and then checks that the kernel
 * heap and the frames are back where a fresh mount leaves them: an open
 * file or an inode reference leaked by the code under test shows up there.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../../kernel/fs/vfs.h"
#include "../../kernel/fs/fs_commands.h"
#include "fs_fakes.h"

static struct tarb tar;
static long heap_baseline;

static void build_archive(void)
{
	tar_free(&tar);
	tar_dir(&tar, "./");
	tar_dir(&tar, "./bin/");
	tar_add(&tar, "./bin/hello", '0', 0755, "HELLO-IMAGE", 11);
	tar_file(&tar, "./etc/motd", "welcome to brink\n");
	tar_file(&tar, "./lib/m.lib", "LIB");
	tar_end(&tar);
}

static void mount(void)
{
	initrd_set(tar.buf, tar.len);
	vfs_init();
}

static int setup(void **state)
{
	(void)state;
	fake_frames_reset(256);
	fake_kmalloc_budget(-1);
	build_archive();
	mount();
	heap_baseline = fake_kmalloc_live();
	fake_output_clear();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_kmalloc_budget(-1);
	fake_frames_budget(-1);
	mount();
	assert_int_equal(fake_kmalloc_live(), heap_baseline);
	assert_int_equal(fake_frames_used(), 0);
	assert_int_equal(fake_kmaps_open(), 0);
	return 0;
}

static struct file *open_ok(const char *path, int flags)
{
	struct file *f = NULL;
	int r = vfs_open(path, flags, &f);
	if (r != 0)
		fail_msg("open %s flags %#x: %d", path, flags, r);
	assert_non_null(f);
	return f;
}

static void write_str(const char *path, const char *s)
{
	struct file *f = open_ok(path, O_CREAT | O_WRONLY | O_TRUNC);
	assert_int_equal(vfs_write(f, s, strlen(s)), (int)strlen(s));
	file_put(f);
}

static unsigned ino_of(const char *path)
{
	struct stat st;
	int r = vfs_stat(path, &st);
	if (r != 0)
		fail_msg("stat %s: %d", path, r);
	return st.st_ino;
}

/* ---- paths ---- */

static void test_path_normalisation(void **state)
{
	(void)state;
	unsigned hello = ino_of("/bin/hello"), bin = ino_of("/bin"), root = ino_of("/");
	const char *same_hello[] = {
		"//bin///hello", "/bin/./hello", "/./bin/hello", "/bin/../bin/hello",
		"/../../bin/hello", "bin/hello", "./bin/hello", "/tmp/../bin/hello",
		"/etc/../lib/../bin/hello", "/bin/.//./hello",
	};
	for (size_t i = 0; i < sizeof(same_hello) / sizeof(*same_hello); i++)
		assert_int_equal(ino_of(same_hello[i]), hello);
	assert_int_equal(ino_of("/bin/"), bin);
	assert_int_equal(ino_of("/bin//"), bin);
	assert_int_equal(ino_of("/bin/."), bin);
	assert_int_equal(ino_of("/bin/.."), root);
	assert_int_equal(ino_of("/.."), root);
	assert_int_equal(ino_of("."), root);
	assert_int_equal(ino_of("///"), root);
	assert_int_not_equal(ino_of("/tmp"), root);
	assert_int_equal(ino_of("/tmp/.."), root);

	/* The longest path is FS_PATH_MAX - 1 bytes. */
	char p[FS_PATH_MAX + 1];
	memset(p, '/', FS_PATH_MAX - 1);
	p[FS_PATH_MAX - 1] = '\0';
	assert_int_equal(ino_of(p), root);
	memset(p, '/', FS_PATH_MAX);
	p[FS_PATH_MAX] = '\0';
	struct stat st;
	assert_int_equal(vfs_stat(p, &st), -ENAMETOOLONG);
}

static void test_path_errors(void **state)
{
	(void)state;
	struct stat st;
	assert_int_equal(vfs_stat("", &st), -ENOENT);
	assert_int_equal(vfs_stat("/nope", &st), -ENOENT);
	assert_int_equal(vfs_stat("/nope/x", &st), -ENOENT);
	assert_int_equal(vfs_stat("/bin/hell", &st), -ENOENT);   /* prefixes are not names */
	assert_int_equal(vfs_stat("/bin/hello0", &st), -ENOENT);
	assert_int_equal(vfs_stat("/bi", &st), -ENOENT);
	assert_int_equal(vfs_stat("/BIN", &st), -ENOENT);
	assert_int_equal(vfs_stat("/nope/..", &st), -ENOENT);
	assert_int_equal(vfs_stat("/bin/hello/", &st), -ENOTDIR);
	assert_int_equal(vfs_stat("/bin/hello/.", &st), -ENOTDIR);
	assert_int_equal(vfs_stat("/bin/hello/..", &st), -ENOTDIR);
	assert_int_equal(vfs_stat("/bin/hello/x", &st), -ENOTDIR);

	char name[FS_NAME_MAX + 3];
	name[0] = '/';
	memset(name + 1, 'a', FS_NAME_MAX);
	name[FS_NAME_MAX + 1] = '\0';
	assert_int_equal(vfs_stat(name, &st), -ENOENT);          /* 255: fine */
	name[FS_NAME_MAX + 1] = 'a';
	name[FS_NAME_MAX + 2] = '\0';
	assert_int_equal(vfs_stat(name, &st), -ENAMETOOLONG);    /* 256 */
}

/* ---- open ---- */

static void test_open_errors(void **state)
{
	(void)state;
	char longname[FS_NAME_MAX + 8];
	strcpy(longname, "/tmp/");
	memset(longname + 5, 'x', FS_NAME_MAX + 1);
	longname[5 + FS_NAME_MAX + 1] = '\0';
	const struct { const char *path; int flags, want; } cases[] = {
		{ "/nope", O_RDONLY, -ENOENT },
		{ "", O_RDONLY, -ENOENT },
		{ "/tmp/nodir/x", O_CREAT | O_RDWR, -ENOENT },
		{ "/bin/hello/x", O_CREAT | O_RDWR, -ENOTDIR },
		{ "/bin/hello/", O_RDONLY, -ENOTDIR },
		{ "/bin/hello", O_ACCMODE, -EINVAL },
		{ "/tmp/new", O_ACCMODE | O_CREAT, -EINVAL },
		{ "/bin/hello", O_WRONLY, -EROFS },
		{ "/bin/hello", O_RDWR, -EROFS },
		{ "/bin/hello", O_RDONLY | O_TRUNC, -EROFS },
		{ "/bin/hello", O_WRONLY | O_APPEND, -EROFS },
		{ "/bin/new", O_CREAT | O_WRONLY, -EROFS },
		{ "/new", O_CREAT | O_RDONLY, -EROFS },
		{ "/bin", O_WRONLY, -EISDIR },
		{ "/bin", O_RDWR, -EISDIR },
		{ "/bin", O_RDONLY | O_TRUNC, -EISDIR },
		{ "/bin", O_RDONLY | O_CREAT, -EISDIR },
		{ "/tmp", O_RDWR, -EISDIR },
		{ "/tmp/", O_CREAT | O_RDWR, -EISDIR },
		{ "/tmp/new/", O_CREAT | O_RDWR, -EISDIR },
		{ "/", O_WRONLY, -EISDIR },
		{ longname, O_CREAT | O_RDWR, -ENAMETOOLONG },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct file *f = (struct file *)&f;
		int r = vfs_open(cases[i].path, cases[i].flags, &f);
		if (r != cases[i].want)
			fail_msg("open \"%.40s\" %#x: got %d, want %d", cases[i].path,
				 cases[i].flags, r, cases[i].want);
		assert_null(f);
	}
	struct stat st;
	assert_int_equal(vfs_stat("/tmp/new", &st), -ENOENT);   /* nothing was created */
	assert_int_equal(vfs_stat("/bin/new", &st), -ENOENT);

	/* What does succeed. */
	file_put(open_ok("/bin/hello", O_RDONLY));
	file_put(open_ok("/bin/hello", O_RDONLY | O_CREAT));    /* exists: fine */
	file_put(open_ok("/bin", O_RDONLY));
	file_put(open_ok("/", O_RDONLY));
	longname[5 + FS_NAME_MAX] = '\0';                       /* 255 bytes */
	file_put(open_ok(longname, O_CREAT | O_RDWR));
	assert_int_equal(vfs_unlink(longname), 0);
}

static void test_access_modes(void **state)
{
	(void)state;
	char buf[16];
	write_str("/tmp/f", "data");
	struct file *ro = open_ok("/tmp/f", O_RDONLY);
	struct file *wo = open_ok("/tmp/f", O_WRONLY);
	struct file *rw = open_ok("/tmp/f", O_RDWR);
	assert_int_equal(vfs_write(ro, "x", 1), -EBADF);
	assert_int_equal(vfs_ftruncate(ro, 0), -EBADF);
	assert_int_equal(vfs_read(wo, buf, sizeof(buf)), -EBADF);
	assert_int_equal(vfs_read(ro, buf, sizeof(buf)), 4);
	assert_int_equal(vfs_write(wo, "D", 1), 1);
	assert_int_equal(vfs_read(rw, buf, 1), 1);
	assert_memory_equal(buf, "D", 1);
	assert_int_equal(vfs_write(rw, "A", 1), 1);
	assert_int_equal(vfs_ftruncate(rw, -1), -EINVAL);
	assert_int_equal(vfs_ftruncate(wo, 2), 0);
	file_put(ro);
	file_put(wo);
	file_put(rw);

	struct file *ini = open_ok("/etc/motd", O_RDONLY);
	assert_int_equal(vfs_write(ini, "x", 1), -EBADF);
	assert_int_equal(vfs_ftruncate(ini, 0), -EBADF);
	file_put(ini);

	struct file *d = open_ok("/bin", O_RDONLY);
	assert_int_equal(vfs_read(d, buf, sizeof(buf)), -EISDIR);
	assert_int_equal(vfs_read(d, buf, 0), -EISDIR);
	assert_int_equal(vfs_write(d, "x", 1), -EBADF);
	assert_int_equal(vfs_ftruncate(d, 0), -EBADF);
	struct stat st;
	assert_int_equal(vfs_fstat(d, &st), 0);
	assert_int_equal(st.st_mode & S_IFMT, S_IFDIR);
	assert_int_equal(st.st_size, 1);                /* one entry: hello */
	assert_int_equal(vfs_lseek(d, 0, SEEK_END), 1);
	file_put(d);
}

static void test_lseek(void **state)
{
	(void)state;
	char c;
	struct file *f = open_ok("/bin/hello", O_RDONLY);
	assert_int_equal(vfs_lseek(f, 3, SEEK_SET), 3);
	assert_int_equal(vfs_lseek(f, 1, SEEK_CUR), 4);
	assert_int_equal(vfs_read(f, &c, 1), 1);
	assert_int_equal(c, 'O');
	assert_int_equal(vfs_lseek(f, -1, SEEK_END), 10);
	assert_int_equal(vfs_read(f, &c, 1), 1);
	assert_int_equal(c, 'E');
	assert_int_equal(vfs_read(f, &c, 1), 0);                /* at EOF */
	assert_int_equal(vfs_lseek(f, 100, SEEK_END), 111);     /* past EOF is fine */
	assert_int_equal(vfs_read(f, &c, 1), 0);
	assert_int_equal(vfs_lseek(f, -12, SEEK_END), -EINVAL);
	assert_int_equal(vfs_lseek(f, -1, SEEK_SET), -EINVAL);
	assert_int_equal(vfs_lseek(f, 0, 3), -EINVAL);
	assert_int_equal(vfs_lseek(f, 0, -1), -EINVAL);
	assert_int_equal(vfs_lseek(f, 0, SEEK_CUR), 111);       /* unchanged by errors */
	assert_int_equal(vfs_lseek(f, INT32_MAX, SEEK_SET), INT32_MAX);
	assert_int_equal(vfs_lseek(f, 1, SEEK_CUR), -EOVERFLOW);
	assert_int_equal(vfs_lseek(f, INT32_MAX, SEEK_END), -EOVERFLOW);
	assert_int_equal(vfs_read(f, &c, 1), 0);
	assert_int_equal(vfs_lseek(f, INT32_MIN, SEEK_CUR), -EINVAL);   /* -1 */
	assert_int_equal(vfs_lseek(f, 0, SEEK_SET), 0);
	file_put(f);
}

static void test_unlink_errors(void **state)
{
	(void)state;
	assert_int_equal(vfs_unlink("/nope"), -ENOENT);
	assert_int_equal(vfs_unlink("/tmp/nope"), -ENOENT);
	assert_int_equal(vfs_unlink(""), -ENOENT);
	assert_int_equal(vfs_unlink("/bin/hello"), -EROFS);
	assert_int_equal(vfs_unlink("/bin/hello/"), -ENOTDIR);
	assert_int_equal(vfs_unlink("/bin"), -EISDIR);
	assert_int_equal(vfs_unlink("/tmp"), -EISDIR);
	assert_int_equal(vfs_unlink("/"), -EISDIR);
	write_str("/tmp/a", "a");
	assert_int_equal(vfs_unlink("/tmp/a/"), -ENOTDIR);
	assert_int_equal(vfs_unlink("/tmp//./a"), 0);
	assert_int_equal(vfs_unlink("/tmp/a"), -ENOENT);
	assert_int_equal(ino_of("/bin/hello") != 0, 1);
}

static void test_stat_fields(void **state)
{
	(void)state;
	struct stat st;
	assert_int_equal(vfs_stat("/bin/hello", &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0755);
	assert_int_equal(st.st_size, 11);
	assert_int_equal(st.st_nlink, 1);
	assert_int_equal(st.st_blocks, 1);
	assert_int_equal(st.st_blksize, 4096);
	assert_int_equal(vfs_stat("/lib", &st), 0);             /* made implicitly */
	assert_int_equal(st.st_mode, S_IFDIR | 0755);
	assert_int_equal(vfs_stat("/tmp", &st), 0);
	assert_int_equal(st.st_mode, S_IFDIR | 01777);
	unsigned tmpdev = st.st_dev;
	assert_int_equal(vfs_stat("/", &st), 0);
	assert_int_not_equal(st.st_dev, tmpdev);
	assert_int_equal(st.st_size, 4);                        /* bin etc lib tmp */

	write_str("/tmp/s", "0123456789");
	struct file *f = open_ok("/tmp/s", O_RDONLY);
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0644);
	assert_int_equal(st.st_size, 10);
	assert_int_equal(st.st_dev, tmpdev);
	assert_int_equal(st.st_blocks, 8);                      /* one page */
	assert_int_equal(st.st_ino, ino_of("/tmp/s"));
	file_put(f);
	assert_int_equal(vfs_unlink("/tmp/s"), 0);
}

/* ---- readdir ---- */

static void test_readdir(void **state)
{
	(void)state;
	char name[64];
	struct stat st;
	const char *want[] = { "bin", "etc", "lib", "tmp" };
	unsigned i;
	for (i = 0; vfs_readdir("/", i, name, sizeof(name), &st) == 1; i++) {
		assert_true(i < 4);
		assert_string_equal(name, want[i]);
		assert_int_equal(st.st_mode & S_IFMT, S_IFDIR);
	}
	assert_int_equal(i, 4);
	assert_int_equal(vfs_readdir("/", 4, name, sizeof(name), NULL), 0);
	assert_int_equal(vfs_readdir("/", 1000, name, sizeof(name), NULL), 0);
	assert_int_equal(vfs_readdir("/bin", 0, name, sizeof(name), NULL), 1);
	assert_string_equal(name, "hello");
	assert_int_equal(vfs_readdir("/bin", 0, name, 6, NULL), 1);       /* just fits */
	assert_int_equal(vfs_readdir("/bin", 0, name, 5, NULL), -ENAMETOOLONG);
	assert_int_equal(vfs_readdir("/bin", 0, name, 0, NULL), -ENAMETOOLONG);
	assert_int_equal(vfs_readdir("/bin/hello", 0, name, sizeof(name), NULL), -ENOTDIR);
	assert_int_equal(vfs_readdir("/nope", 0, name, sizeof(name), NULL), -ENOENT);
	assert_int_equal(vfs_readdir("/tmp", 0, name, sizeof(name), NULL), 0);   /* empty */

	write_str("/tmp/b", "bb");
	write_str("/tmp/a", "a");
	write_str("/tmp/c", "ccc");
	const char *tw[] = { "a", "b", "c" };
	for (i = 0; i < 3; i++) {
		assert_int_equal(vfs_readdir("/tmp/", i, name, sizeof(name), &st), 1);
		assert_string_equal(name, tw[i]);
		assert_int_equal(st.st_size, (int)i + 1);
		assert_int_equal(st.st_mode & S_IFMT, S_IFREG);
	}
	assert_int_equal(vfs_readdir("/tmp", 3, name, sizeof(name), &st), 0);
	for (i = 0; i < 3; i++) {
		char p[16];
		snprintf(p, sizeof(p), "/tmp/%s", tw[i]);
		assert_int_equal(vfs_unlink(p), 0);
	}
}

/* ---- the console ---- */

static void test_console(void **state)
{
	(void)state;
	struct file *c = vfs_open_console();
	assert_non_null(c);
	assert_int_equal(vfs_write(c, "hi there", 8), 8);
	assert_string_equal(fake_output(), "hi there");
	assert_int_equal(vfs_write(c, "", 0), 0);
	fake_console_input("abc\n");
	char buf[8];
	assert_int_equal(vfs_read(c, buf, 0), 0);              /* does not block */
	assert_int_equal(vfs_read(c, buf, 2), 2);
	assert_memory_equal(buf, "ab", 2);
	assert_int_equal(vfs_read(c, buf, sizeof(buf)), 2);
	assert_memory_equal(buf, "c\n", 2);
	assert_int_equal(vfs_lseek(c, 0, SEEK_SET), -ESPIPE);
	assert_int_equal(vfs_ftruncate(c, 0), -EINVAL);
	struct stat st;
	assert_int_equal(vfs_fstat(c, &st), 0);
	assert_int_equal(st.st_mode & S_IFMT, S_IFCHR);
	assert_int_equal(st.st_size, 0);
	assert_false(inode_writable(c->inode));
	assert_int_equal(inode_get_page(c->inode, 0), 0);
	assert_null(inode_contiguous_data(c->inode));
	char path[32];
	assert_int_equal(inode_path(c->inode, path, sizeof(path)), 9);
	assert_string_equal(path, "[console]");

	/* Shared by descriptors: the last put closes. */
	file_get(c);
	assert_int_equal(c->refcount, 2);
	file_put(c);
	struct file *c2 = vfs_open_console();
	assert_ptr_equal(c2->inode, c->inode);
	file_put(c);
	file_put(c2);
}

/* ---- inode_path ---- */

static void test_inode_path(void **state)
{
	(void)state;
	char buf[64];
	struct file *f = open_ok("/bin/../bin/hello", O_RDONLY);
	assert_int_equal(inode_path(f->inode, buf, sizeof(buf)), 10);
	assert_string_equal(buf, "/bin/hello");
	assert_int_equal(inode_path(f->inode, buf, 5), 10);      /* truncated */
	assert_string_equal(buf, "/bin");
	assert_int_equal(inode_path(f->inode, buf, 0), 10);
	for (size_t len = 1; len < 14; len++) {         /* snprintf's truncation */
		char want[16];
		snprintf(want, len, "%s", "/bin/hello");
		memset(buf, '#', sizeof(buf));
		assert_int_equal(inode_path(f->inode, buf, len), 10);
		assert_string_equal(buf, want);
		assert_int_equal(buf[len], '#');        /* nothing past len */
	}
	file_put(f);
	f = open_ok("/", O_RDONLY);
	inode_path(f->inode, buf, sizeof(buf));
	assert_string_equal(buf, "/");
	file_put(f);
	f = open_ok("/tmp", O_RDONLY);
	inode_path(f->inode, buf, sizeof(buf));
	assert_string_equal(buf, "/tmp");
	file_put(f);

	f = open_ok("/tmp/x", O_CREAT | O_RDWR);
	inode_path(f->inode, buf, sizeof(buf));
	assert_string_equal(buf, "/tmp/x");
	assert_int_equal(vfs_unlink("/tmp/x"), 0);
	inode_path(f->inode, buf, sizeof(buf));
	assert_string_equal(buf, "/tmp/x (deleted)");
	file_put(f);
}

/* ---- starting over ---- */

/* A directory that once held many files does not keep their table. */
static void test_dir_table_shrinks(void **state)
{
	(void)state;
	char path[32];
	size_t before = fake_kmalloc_bytes();
	for (int i = 0; i < 2000; i++) {
		snprintf(path, sizeof(path), "/tmp/f%d", i);
		file_put(open_ok(path, O_CREAT | O_RDWR));
	}
	assert_true(fake_kmalloc_bytes() > before + 2000 * sizeof(void *));
	for (int i = 0; i < 2000; i++) {
		snprintf(path, sizeof(path), "/tmp/f%d", i);
		assert_int_equal(vfs_unlink(path), 0);
	}
	assert_true(fake_kmalloc_bytes() <= before);
	write_str("/tmp/again", "x");   /* and the directory still works */
	struct stat st;
	assert_int_equal(vfs_stat("/tmp/again", &st), 0);
}

static void test_reinit_keeps_open_files(void **state)
{
	(void)state;
	write_str("/tmp/keep", "kept bytes");
	struct file *t = open_ok("/tmp/keep", O_RDWR);
	struct file *i = open_ok("/etc/motd", O_RDONLY);
	struct file *d = open_ok("/bin", O_RDONLY);
	mount();                        /* a new tree: /tmp is empty again */
	struct stat st;
	assert_int_equal(vfs_stat("/tmp/keep", &st), -ENOENT);
	assert_int_equal(vfs_stat("/etc/motd", &st), 0);
	char buf[32];
	assert_int_equal(vfs_read(t, buf, sizeof(buf)), 10);
	assert_memory_equal(buf, "kept bytes", 10);
	assert_int_equal(vfs_write(t, "!", 1), 1);
	assert_int_equal(vfs_read(i, buf, 7), 7);
	assert_memory_equal(buf, "welcome", 7);
	assert_int_equal(vfs_fstat(t, &st), 0);
	assert_int_equal(st.st_nlink, 0);
	inode_path(t->inode, buf, sizeof(buf));
	assert_string_equal(buf, "/tmp/keep (deleted)");
	assert_int_equal(fake_frames_used(), 1);
	file_put(t);
	file_put(i);
	file_put(d);
	assert_int_equal(fake_frames_used(), 0);
}

static void test_archive_tmp_hidden(void **state)
{
	(void)state;
	tar_free(&tar);
	tar_file(&tar, "tmp/old", "old");
	tar_file(&tar, "tmp/sub/deeper", "x");
	tar_file(&tar, "etc/motd", "m");
	tar_end(&tar);
	fake_output_clear();
	mount();
	assert_non_null(strstr(fake_output(), "/tmp in the archive is hidden"));
	struct stat st;
	assert_int_equal(vfs_stat("/tmp/old", &st), -ENOENT);
	assert_int_equal(vfs_stat("/tmp", &st), 0);
	assert_int_equal(st.st_mode, S_IFDIR | 01777);
	write_str("/tmp/new", "n");
	assert_int_equal(vfs_unlink("/tmp/new"), 0);
	build_archive();                /* for teardown's baseline */
}

static void test_no_initrd(void **state)
{
	(void)state;
	fake_output_clear();
	initrd_set(NULL, 1234);
	vfs_init();
	assert_non_null(strstr(fake_output(), "initrd: none"));
	char name[8];
	assert_int_equal(vfs_readdir("/", 0, name, sizeof(name), NULL), 1);
	assert_string_equal(name, "tmp");
	assert_int_equal(vfs_readdir("/", 1, name, sizeof(name), NULL), 0);
	write_str("/tmp/x", "works");
	assert_int_equal(vfs_unlink("/tmp/x"), 0);
}

/* ---- out of kernel memory at every allocation ---- */

static void test_kmalloc_failures(void **state)
{
	(void)state;
	int successes = 0;
	write_str("/tmp/first", "");    /* /tmp's table exists from here on */
	assert_int_equal(vfs_unlink("/tmp/first"), 0);
	for (long budget = 0; budget < 8; budget++) {
		long live = fake_kmalloc_live();
		fake_kmalloc_budget(budget);
		struct file *f = NULL;
		int r = vfs_open("/tmp/oom", O_CREAT | O_RDWR, &f);
		if (r == 0) {
			r = vfs_write(f, "abc", 3);
			assert_true(r == 3 || r == -ENOSPC);
			fake_kmalloc_budget(-1);
			file_put(f);
			assert_int_equal(vfs_unlink("/tmp/oom"), 0);
			successes++;
		} else {
			assert_true(r == -ENOSPC || r == -ENOMEM);
			assert_null(f);
			fake_kmalloc_budget(-1);
			struct stat st;
			/* A failed open may have created the file (POSIX allows
			 * it); if so it must be empty and removable. */
			if (vfs_stat("/tmp/oom", &st) == 0) {
				assert_int_equal(st.st_size, 0);
				assert_int_equal(vfs_unlink("/tmp/oom"), 0);
			}
		}
		assert_int_equal(fake_kmalloc_live(), live);
		assert_int_equal(fake_frames_used(), 0);
	}
	assert_true(successes > 0);

	/* Opening an existing file, and the console. */
	fake_kmalloc_budget(0);
	struct file *f = NULL;
	assert_int_equal(vfs_open("/etc/motd", O_RDONLY, &f), -ENOMEM);
	assert_null(vfs_open_console());
	fake_kmalloc_budget(-1);
}

/* ---- the shell commands ---- */

static void test_cmd_ls(void **state)
{
	(void)state;
	write_str("/tmp/data", "12345");
	char *root[] = { "ls", NULL };
	fake_output_clear();
	assert_int_equal(cmd_ls(1, root), 0);
	assert_string_equal(fake_output(),
			    "d          -  bin/\n"
			    "d          -  etc/\n"
			    "d          -  lib/\n"
			    "d          -  tmp/\n");
	char *tmp[] = { "ls", "/tmp", NULL };
	fake_output_clear();
	assert_int_equal(cmd_ls(2, tmp), 0);
	assert_string_equal(fake_output(), "-          5  data\n");
	char *file[] = { "ls", "/bin/hello", NULL };
	fake_output_clear();
	assert_int_equal(cmd_ls(2, file), 0);
	assert_string_equal(fake_output(), "-         11  /bin/hello\n");
	char *bad[] = { "ls", "/nope", NULL };
	fake_output_clear();
	assert_int_equal(cmd_ls(2, bad), 1);
	assert_string_equal(fake_output(), "ls: /nope: No such file or directory\n");
	char *two[] = { "ls", "/bin", "/bin/hello/x", NULL };
	fake_output_clear();
	assert_int_equal(cmd_ls(3, two), 1);
	assert_string_equal(fake_output(),
			    "/bin:\n-         11  hello\n"
			    "\n/bin/hello/x:\nls: /bin/hello/x: Not a directory\n");
	assert_int_equal(vfs_unlink("/tmp/data"), 0);
}

static void test_cmd_cat(void **state)
{
	(void)state;
	char *one[] = { "cat", "/etc/motd", NULL };
	fake_output_clear();
	assert_int_equal(cmd_cat(2, one), 0);
	assert_string_equal(fake_output(), "welcome to brink\n");
	char *many[] = { "cat", "/bin/hello", "/nope", "/bin", "/lib/m.lib", NULL };
	fake_output_clear();
	assert_int_equal(cmd_cat(5, many), 1);
	assert_string_equal(fake_output(),
			    "HELLO-IMAGE"
			    "cat: /nope: No such file or directory\n"
			    "cat: /bin: Is a directory\n"
			    "LIB");
	char *none[] = { "cat", NULL };
	fake_output_clear();
	assert_int_equal(cmd_cat(1, none), 1);
	assert_string_equal(fake_output(), "usage: cat FILE...\n");

	/* A file longer than cat's buffer, with NUL bytes in it. */
	struct file *f = open_ok("/tmp/big", O_CREAT | O_RDWR);
	char blob[3000];
	for (size_t i = 0; i < sizeof(blob); i++)
		blob[i] = (char)(i % 7 == 0 ? 0 : 'a' + i % 26);
	assert_int_equal(vfs_write(f, blob, sizeof(blob)), (int)sizeof(blob));
	file_put(f);
	char *big[] = { "cat", "/tmp/big", NULL };
	fake_output_clear();
	assert_int_equal(cmd_cat(2, big), 0);
	assert_memory_equal(fake_output(), blob, sizeof(blob));
	assert_int_equal(vfs_unlink("/tmp/big"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_path_normalisation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lseek, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlink_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stat_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readdir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inode_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dir_table_shrinks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reinit_keeps_open_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_archive_tmp_hidden, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_initrd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kmalloc_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cmd_ls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cmd_cat, setup, teardown),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	tar_free(&tar);
	return r;
}
