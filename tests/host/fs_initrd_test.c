/*
 * fs_initrd_test.c - the read-only root: USTAR parsing (archives written
 * here and by the system's tar), reading files, the in-place data pointer
 * for the exec loader, the page cache behind mmap, and every kind of
 * malformed archive: corrupt fields, truncation at every length, and each
 * byte of a header mutated, all under ASan/UBSan.
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

void free(void *p);                     /* <stdlib.h> clashes with brink/abi.h */

static struct tarb tar;

static void mount_buf(const void *buf, size_t len)
{
	initrd_set(buf, len);
	fake_output_clear();
	vfs_init();
}

static void mount(void)
{
	mount_buf(tar.buf, tar.len);
}

static int setup(void **state)
{
	(void)state;
	fake_frames_reset(64);
	fake_kmalloc_budget(-1);
	tar_free(&tar);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mount_buf(NULL, 0);             /* frees the tree */
	assert_int_equal(fake_frames_used(), 0);
	assert_int_equal(fake_kmaps_open(), 0);
	tar_free(&tar);
	return 0;
}

static struct file *open_ok(const char *path)
{
	struct file *f = NULL;
	int r = vfs_open(path, O_RDONLY, &f);
	if (r != 0)
		fail_msg("open %s: %d", path, r);
	return f;
}

/* The whole content of path must be want[0..n). */
static void check_file(const char *path, const void *want, size_t n)
{
	static char buf[70000];
	struct file *f = open_ok(path);
	size_t got = 0;
	int r;
	while ((r = vfs_read(f, buf + got, 777)) > 0)
		got += (size_t)r;
	assert_int_equal(r, 0);
	assert_int_equal(got, n);
	assert_memory_equal(buf, want, n);
	assert_int_equal(inode_size(f->inode), n);
	file_put(f);
}

static bool exists(const char *path)
{
	struct stat st;
	return vfs_stat(path, &st) == 0;
}

static bool output_has(const char *s)
{
	return strstr(fake_output(), s) != NULL;
}

/* ---- good archives ---- */

static void test_basic_files(void **state)
{
	(void)state;
	static char big[5000];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + 3);
	tar_dir(&tar, "bin/");
	size_t h_hello = tar_add(&tar, "bin/hello", '0', 0755, "hello image", 11);
	tar_file(&tar, "lib/sub/deep.lib", "deep");     /* parents made implicitly */
	tar_file(&tar, "empty", "");
	size_t h_big = tar_add(&tar, "data/big", '0', 0600, big, sizeof(big));
	tar_add(&tar, "data/block", '7', 0644, big, 512);       /* contiguous file */
	tar_end(&tar);
	mount();
	assert_string_equal(fake_output(), "");         /* no warnings */

	check_file("/bin/hello", "hello image", 11);
	check_file("/lib/sub/deep.lib", "deep", 4);
	check_file("/empty", "", 0);
	check_file("/data/big", big, sizeof(big));
	check_file("/data/block", big, 512);

	struct stat st;
	assert_int_equal(vfs_stat("/bin/hello", &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0755);
	assert_int_equal(vfs_stat("/data/big", &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0600);
	assert_int_equal(st.st_blocks, 10);
	assert_int_equal(vfs_stat("/lib/sub", &st), 0);
	assert_int_equal(st.st_mode, S_IFDIR | 0755);

	/* Partial reads and reads at odd offsets. */
	struct file *f = open_ok("/data/big");
	char buf[100];
	assert_int_equal(vfs_lseek(f, 4990, SEEK_SET), 4990);
	assert_int_equal(vfs_read(f, buf, sizeof(buf)), 10);
	assert_memory_equal(buf, big + 4990, 10);
	assert_int_equal(vfs_read(f, buf, sizeof(buf)), 0);
	assert_int_equal(vfs_lseek(f, 4095, SEEK_SET), 4095);
	assert_int_equal(vfs_read(f, buf, 2), 2);
	assert_memory_equal(buf, big + 4095, 2);

	/* The exec loader's view: the bytes in place, in the module. */
	assert_ptr_equal(inode_contiguous_data(f->inode), tar.buf + h_big + 512);
	assert_false(inode_writable(f->inode));
	file_put(f);
	f = open_ok("/bin/hello");
	assert_ptr_equal(inode_contiguous_data(f->inode), tar.buf + h_hello + 512);
	file_put(f);
	f = open_ok("/bin");
	assert_null(inode_contiguous_data(f->inode));
	assert_false(inode_writable(f->inode));
	assert_int_equal(inode_get_page(f->inode, 0), 0);
	file_put(f);
}

static void test_names(void **state)
{
	(void)state;
	char n100[101], longpath[300];
	memset(n100, 'n', 100);
	n100[100] = '\0';               /* fills the name field: no NUL in the header */
	snprintf(longpath, sizeof(longpath), "%s/%s", "p/q/r-a-fairly-long-directory-name-to-need-the-prefix-field", n100);
	tar_file(&tar, n100, "full name field");
	tar_file(&tar, longpath, "prefix used");
	tar_file(&tar, "/abs/file", "leading slash");
	tar_file(&tar, "./dot//double/./x", "dots");
	tar_file(&tar, "dup", "first");
	tar_file(&tar, "dup", "second wins");
	tar_end(&tar);
	mount();
	assert_string_equal(fake_output(), "");
	char p[320];
	snprintf(p, sizeof(p), "/%s", n100);
	check_file(p, "full name field", 15);
	snprintf(p, sizeof(p), "/%s", longpath);
	check_file(p, "prefix used", 11);
	check_file("/abs/file", "leading slash", 13);
	check_file("/dot/double/x", "dots", 4);
	check_file("/dup", "second wins", 11);
	char name[128];
	int n = 0;
	while (vfs_readdir("/", (unsigned)n, name, sizeof(name), NULL) == 1)
		n++;
	assert_int_equal(n, 6);         /* n100 abs dot dup p tmp */
}

static void test_links_and_other_types(void **state)
{
	(void)state;
	tar_file(&tar, "bin/real", "the real bytes");
	tar_add(&tar, "bin/hard", '1', 0755, NULL, 0);
	memcpy(tar.buf + tar.len - 512 + 157, "./bin/real", 10);       /* linkname */
	tar_checksum(&tar, tar.len - 512);
	tar_add(&tar, "bin/badlink", '1', 0755, NULL, 0);
	memcpy(tar.buf + tar.len - 512 + 157, "bin/none", 8);
	tar_checksum(&tar, tar.len - 512);
	tar_add(&tar, "bin/dirlink", '1', 0755, NULL, 0);
	memcpy(tar.buf + tar.len - 512 + 157, "bin", 3);
	tar_checksum(&tar, tar.len - 512);
	tar_add(&tar, "bin/sym", '2', 0777, NULL, 0);
	tar_add(&tar, "dev/null", '3', 0666, NULL, 0);
	tar_add(&tar, "fifo", '6', 0666, NULL, 0);
	tar_add(&tar, "pax", 'x', 0644, "30 path=some/very/long/name\n", 28);   /* has data */
	tar_add(&tar, "weird", 1, 0644, NULL, 0);                         /* unprintable */
	tar_file(&tar, "after", "still read");
	tar_end(&tar);
	mount();
	check_file("/bin/hard", "the real bytes", 14);
	check_file("/after", "still read", 10);
	assert_true(output_has("initrd: bin/badlink: hard link to a missing file, skipped"));
	assert_true(output_has("initrd: bin/dirlink: hard link to a missing file, skipped"));
	assert_true(output_has("initrd: bin/sym: unsupported entry type '2', skipped"));
	assert_true(output_has("initrd: dev/null: unsupported entry type '3'"));
	assert_true(output_has("initrd: fifo: unsupported entry type '6'"));
	assert_true(output_has("initrd: pax: unsupported entry type 'x'"));
	assert_true(output_has("initrd: weird: unsupported entry type '?'"));
	assert_false(exists("/bin/sym"));
	assert_false(exists("/bin/badlink"));
	assert_false(exists("/dev/null"));
	assert_false(exists("/pax"));
}

static void test_conflicts(void **state)
{
	(void)state;
	tar_file(&tar, "f", "a file");
	tar_file(&tar, "f/under", "below a file");      /* parent is a file */
	tar_dir(&tar, "f");                             /* file then dir */
	tar_dir(&tar, "d");
	tar_file(&tar, "d", "dir then file");
	tar_add(&tar, "d", '5', 0700, NULL, 0);         /* dir again: new mode */
	tar_file(&tar, "../escape", "x");
	tar_file(&tar, "a/../b", "x");
	tar_dir(&tar, "./");                            /* the root itself */
	tar_file(&tar, "ok", "fine");
	tar_end(&tar);
	mount();
	check_file("/f", "a file", 6);
	check_file("/ok", "fine", 4);
	assert_true(output_has("initrd: f/under: a parent is not a directory, skipped"));
	assert_true(output_has("initrd: f: clashes with an earlier entry, skipped"));
	assert_true(output_has("initrd: d: clashes with an earlier entry, skipped"));
	assert_true(output_has("initrd: ../escape: \"..\" in a name, skipped"));
	assert_true(output_has("initrd: a/../b: \"..\" in a name, skipped"));
	struct stat st;
	assert_int_equal(vfs_stat("/d", &st), 0);
	assert_int_equal(st.st_mode, S_IFDIR | 0700);
	assert_false(exists("/escape"));
	assert_false(exists("/b"));
	assert_false(exists("/a/b"));
}

static void test_checksum_variants(void **state)
{
	(void)state;
	/* A name byte >= 0x80: signed and unsigned sums differ.  Old tars
	 * wrote the signed one; both are accepted. */
	size_t h = tar_file(&tar, "caf\xc3\xa9", "unsigned sum");
	size_t h2 = tar_file(&tar, "na\xc3\xafve", "signed sum");
	int sum = 0;
	uint8_t *b = tar.buf + h2;
	memset(b + 148, ' ', 8);
	for (int i = 0; i < 512; i++)
		sum += (int8_t)b[i];
	snprintf((char *)b + 148, 8, "%06o", sum);
	b[155] = ' ';
	/* GNU's magic ("ustar  \0"), whose prefix field means something
	 * else and must be ignored. */
	size_t h3 = tar_file(&tar, "gnu", "gnu magic");
	memcpy(tar.buf + h3 + 257, "ustar  ", 8);
	memcpy(tar.buf + h3 + 345, "garbage-atime", 13);
	tar_checksum(&tar, h3);
	/* Octal fields with leading spaces and space terminators. */
	size_t h4 = tar_file(&tar, "spaces", "0123456789");
	memcpy(tar.buf + h4 + 124, "        12 ", 12);
	memcpy(tar.buf + h4 + 100, "   644 ", 8);
	tar_checksum(&tar, h4);
	tar_end(&tar);
	mount();
	assert_string_equal(fake_output(), "");
	(void)h;
	check_file("/caf\xc3\xa9", "unsigned sum", 12);
	check_file("/na\xc3\xafve", "signed sum", 10);
	check_file("/gnu", "gnu magic", 9);
	check_file("/spaces", "0123456789", 10);
	struct stat st;
	assert_int_equal(vfs_stat("/spaces", &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0644);
}

/* ---- bad archives ---- */

/* Three files; corrupt the second header with edit, then the first must
 * be there and nothing from the second on. */
static void corrupt_second(void (*edit)(uint8_t *h), const char *warning)
{
	tar_free(&tar);
	tar_file(&tar, "one", "first");
	size_t h = tar_file(&tar, "two", "second");
	tar_file(&tar, "three", "third");
	tar_end(&tar);
	edit(tar.buf + h);
	mount();
	check_file("/one", "first", 5);
	assert_false(exists("/two"));
	assert_false(exists("/three"));
	if (!output_has(warning))
		fail_msg("warning \"%s\" missing from \"%s\"", warning, fake_output());
}

static void fix_sum(uint8_t *h)
{
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	h[155] = ' ';
}

static void bad_checksum(uint8_t *h) { h[0] ^= 1; }
static void bad_sum_field(uint8_t *h) { memcpy(h + 148, "12x456\0 ", 8); }
static void empty_sum_field(uint8_t *h) { memset(h + 148, ' ', 8); }
static void bad_magic(uint8_t *h) { memcpy(h + 257, "USTAR", 5); fix_sum(h); }
static void no_magic(uint8_t *h) { memset(h + 257, 0, 8); fix_sum(h); }
static void size_digit_8(uint8_t *h) { memcpy(h + 124, "00000000008", 11); fix_sum(h); }
static void size_spaces(uint8_t *h) { memset(h + 124, ' ', 12); fix_sum(h); }
static void size_garbage_after(uint8_t *h) { memcpy(h + 124, "0000006\0x  ", 12); fix_sum(h); }
static void size_huge(uint8_t *h) { memcpy(h + 124, "77777777777", 11); fix_sum(h); }
static void size_past_end(uint8_t *h) { memcpy(h + 124, "00000010000", 11); fix_sum(h); }
static void size_base256(uint8_t *h) { h[124] = 0x80; fix_sum(h); }
static void mode_bad(uint8_t *h) { memcpy(h + 100, "0009644", 7); fix_sum(h); }
static void size_overflow(uint8_t *h)
{
	/* No terminator: all twelve bytes digits, far beyond 64 bits' worth
	 * of octal in a longer field would be; here 12 digits of 7. */
	memcpy(h + 124, "777777777777", 12);
	fix_sum(h);
}

static void test_bad_headers(void **state)
{
	(void)state;
	const char *bad = "bad header at offset 1024, ignoring the rest of the archive";
	corrupt_second(bad_checksum, bad);
	corrupt_second(bad_sum_field, bad);
	corrupt_second(empty_sum_field, bad);
	corrupt_second(bad_magic, bad);
	corrupt_second(no_magic, bad);
	corrupt_second(size_digit_8, bad);
	corrupt_second(size_spaces, bad);
	corrupt_second(size_garbage_after, bad);
	corrupt_second(size_base256, bad);
	corrupt_second(mode_bad, bad);
	corrupt_second(size_huge, "two: data past the end of the archive, ignoring the rest");
	corrupt_second(size_past_end, "two: data past the end of the archive");
	corrupt_second(size_overflow, "two: data past the end of the archive");
}

static void test_truncation_and_ends(void **state)
{
	(void)state;
	tar_file(&tar, "a", "aaaa");
	tar_file(&tar, "b", "bbbb");
	tar_end(&tar);
	/* Without the end marker, and cut inside it: the files are there. */
	mount_buf(tar.buf, 2048);
	check_file("/a", "aaaa", 4);
	check_file("/b", "bbbb", 4);
	assert_string_equal(fake_output(), "");
	mount_buf(tar.buf, 2048 + 100);
	check_file("/b", "bbbb", 4);
	assert_true(output_has("initrd: 100 stray bytes at the end"));
	/* The last file's data present but its padding cut off. */
	mount_buf(tar.buf, 1024 + 512 + 4);
	check_file("/b", "bbbb", 4);
	mount_buf(tar.buf, 1024 + 512 + 3);
	check_file("/a", "aaaa", 4);
	assert_false(exists("/b"));
	assert_true(output_has("b: data past the end of the archive"));

	/* Every length from 0 to the whole: never a crash, a file is there
	 * exactly when its data is. */
	for (size_t len = 0; len <= tar.len; len++) {
		mount_buf(tar.buf, len);
		assert_int_equal(exists("/a"), len >= 512 + 4);
		assert_int_equal(exists("/b"), len >= 1536 + 4);
		if (exists("/a"))
			check_file("/a", "aaaa", 4);
	}
	/* An empty module, an all-zero one. */
	mount_buf(tar.buf, 0);
	assert_true(output_has("initrd: none"));
	static uint8_t zeros[4096];
	mount_buf(zeros, sizeof(zeros));
	assert_string_equal(fake_output(), "");
	assert_true(exists("/tmp"));
}

/* Open, stat, read and list everything in the tree under path. */
static unsigned walk_all(const char *path, int depth)
{
	char name[FS_NAME_MAX + 1], child[FS_PATH_MAX];
	struct stat st;
	unsigned n = 0;
	if (depth > 200)
		fail_msg("tree deeper than 200 under %s", path);
	for (unsigned i = 0; vfs_readdir(path, i, name, sizeof(name), &st) == 1; i++) {
		int len = snprintf(child, sizeof(child), "%s/%s", strcmp(path, "/") ? path : "", name);
		if (len >= (int)sizeof(child))
			continue;
		n++;
		if ((st.st_mode & S_IFMT) == S_IFDIR) {
			n += walk_all(child, depth + 1);
			continue;
		}
		struct file *f;
		assert_int_equal(vfs_open(child, O_RDONLY, &f), 0);
		char buf[600];
		int r, total = 0;
		while ((r = vfs_read(f, buf, sizeof(buf))) > 0)
			total += r;
		assert_int_equal(r, 0);
		assert_int_equal(total, st.st_size);
		const uint8_t *data = inode_contiguous_data(f->inode);
		assert_non_null(data);
		if (st.st_size > 0) {   /* ASan checks the last byte is in the module */
			volatile uint8_t last = data[st.st_size - 1];
			(void)last;
		}
		file_put(f);
	}
	return n;
}

static void test_mutations(void **state)
{
	(void)state;
	tar_dir(&tar, "bin/");
	tar_add(&tar, "bin/prog", '0', 0755, "0123456789abcdef0123456789", 26);
	tar_file(&tar, "etc/conf", "key=value\n");
	tar_end(&tar);
	static uint8_t copy[8192];
	assert_true(tar.len <= sizeof(copy));
	const uint8_t values[] = { 0, 0xff, '0', '7', '8', ' ', '/', '.', 0x80, 'x' };
	unsigned mounts = 0;
	/* Every byte of the three headers, to every interesting value, with
	 * and without a recomputed checksum. */
	for (size_t hdr = 0; hdr < 3; hdr++) {
		size_t h = hdr == 0 ? 0 : hdr == 1 ? 512 : 1536;
		for (size_t i = 0; i < 512; i++) {
			for (size_t v = 0; v < sizeof(values); v++) {
				for (int fix = 0; fix < 2; fix++) {
					memcpy(copy, tar.buf, tar.len);
					copy[h + i] = values[v];
					if (fix && (i < 148 || i >= 156))
						fix_sum(copy + h);
					mount_buf(copy, tar.len);
					walk_all("/", 0);
					mounts++;
				}
			}
		}
	}
	assert_int_equal(mounts, 3 * 512 * sizeof(values) * 2);
	assert_int_equal(fake_frames_used(), 0);
}

/* ---- the system's tar, as the Makefile runs it ---- */

static void test_real_tar(void **state)
{
	(void)state;
	size_t len = 0;
	uint8_t *buf = tar_from_shell(
		"mkdir -p bin lib deep/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z empty; "
		"printf 'hello world\\n' > bin/hello; "
		"head -c 4097 /dev/zero | tr '\\000' 'z' > lib/big.lib; "
		"head -c 512 /dev/zero | tr '\\000' 'q' > lib/block; "
		": > bin/zero; "
		"echo deep > deep/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/"
		"a-file-name-that-is-rather-long-so-that-the-whole-path-needs-the-ustar-prefix-field.txt; "
		"ln bin/hello bin/hello2; "
		"ln -s hello bin/link; "
		"chmod 0751 bin/hello",
		&len);
	if (!buf) {
		print_message("# no usable tar on this machine; skipped\n");
		skip();
	}
	mount_buf(buf, len);
	check_file("/bin/hello", "hello world\n", 12);
	check_file("/bin/hello2", "hello world\n", 12);
	check_file("/bin/zero", "", 0);
	static char z[4097], q[512];
	memset(z, 'z', sizeof(z));
	memset(q, 'q', sizeof(q));
	check_file("/lib/big.lib", z, sizeof(z));
	check_file("/lib/block", q, sizeof(q));
	check_file("/deep/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/"
		   "a-file-name-that-is-rather-long-so-that-the-whole-path-needs-the-ustar-prefix-field.txt",
		   "deep\n", 5);
	struct stat st;
	assert_int_equal(vfs_stat("/bin/hello", &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0751);
	assert_int_equal(vfs_stat("/empty", &st), 0);
	assert_int_equal(st.st_mode & S_IFMT, S_IFDIR);
	assert_false(exists("/bin/link"));
	assert_true(output_has("initrd: ./bin/link: unsupported entry type '2', skipped"));
	/* bin + 3 files, lib + 2, deep/a..z (27 directories) + 1 file, empty, tmp */
	assert_int_equal(walk_all("/", 0), 4 + 3 + 28 + 2);
	mount_buf(NULL, 0);
	free(buf);
}

/* ---- the page cache behind mmap ---- */

static void test_page_cache(void **state)
{
	(void)state;
	static char big[9000];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i % 251 + 1);
	tar_add(&tar, "big", '0', 0644, big, sizeof(big));
	tar_file(&tar, "empty", "");
	tar_end(&tar);
	mount();
	struct file *f = open_ok("/big");
	struct inode *ino = f->inode;
	inode_get(ino);                 /* as a mapping would */
	file_put(f);

	paddr_t p0 = inode_get_page(ino, 0);
	paddr_t p2 = inode_get_page(ino, 2);
	assert_int_not_equal(p0, 0);
	assert_int_not_equal(p2, 0);
	assert_int_equal(inode_get_page(ino, 3), 0);            /* past EOF's page */
	assert_int_equal(inode_get_page(ino, 0xFFFFFFFFu), 0);
	assert_int_equal(fake_frames_used(), 2);
	assert_int_equal(fake_frame_refs(p0), 2);               /* cache + caller */
	assert_memory_equal(fake_frame_ptr(p0), big, 4096);
	const uint8_t *tail = fake_frame_ptr(p2);
	assert_memory_equal(tail, big + 8192, 9000 - 8192);
	for (size_t i = 9000 - 8192; i < 4096; i++)
		assert_int_equal(tail[i], 0);                   /* zero past EOF */

	/* The same page again: the same frame, one more reference. */
	assert_int_equal(inode_get_page(ino, 0), p0);
	assert_int_equal(fake_frame_refs(p0), 3);
	assert_int_equal(fake_frames_used(), 2);

	/* Out of frames, and out of memory for the cache array. */
	fake_frames_budget(0);
	assert_int_equal(inode_get_page(ino, 1), 0);
	fake_frames_budget(-1);

	/* The last user goes: the cache lets go, the callers' frames live on. */
	inode_put(ino);
	assert_int_equal(fake_frame_refs(p0), 2);
	assert_int_equal(fake_frame_refs(p2), 1);
	frame_put(p0);
	frame_put(p0);
	frame_put(p2);
	assert_int_equal(fake_frames_used(), 0);

	/* A new user starts a new cache. */
	f = open_ok("/big");
	fake_kmalloc_budget(0);
	assert_int_equal(inode_get_page(f->inode, 1), 0);
	fake_kmalloc_budget(-1);
	paddr_t p1 = inode_get_page(f->inode, 1);
	assert_memory_equal(fake_frame_ptr(p1), big + 4096, 4096);
	frame_put(p1);
	assert_int_equal(fake_frames_used(), 1);                /* still cached */
	file_put(f);
	assert_int_equal(fake_frames_used(), 0);

	f = open_ok("/empty");
	assert_int_equal(inode_get_page(f->inode, 0), 0);       /* no page at all */
	file_put(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_basic_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links_and_other_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checksum_variants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncation_and_ends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mutations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real_tar, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_cache, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
