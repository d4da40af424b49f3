/*
 * memtest TEST - the address-space tests of issue 4, one per argument, each
 * printing "memtest TEST: PASS" or FAIL lines saying what went wrong.
 * Some tests end by getting themselves killed (the QEMU test checks the
 * kernel's message); those say so before the fatal access.
 */
#include <brink.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096u

static int fails;
static const char *test;

#define CHECK(cond, ...) do { if (!(cond)) { fails++; \
	printf("FAIL %s:%d: %s: ", test, __LINE__, #cond); printf(__VA_ARGS__); printf("\n"); } } while (0)
#define CHECK_ERR(expr, err) do { errno = 0; long r_ = (long)(expr); \
	CHECK(r_ == -1 && errno == (err), "%s gave %ld errno %d, want errno %d", #expr, r_, errno, err); } while (0)
#define CHECK_MAPERR(expr, err) do { errno = 0; void *p_ = (expr); \
	CHECK(p_ == MAP_FAILED && errno == (err), "%s gave %p errno %d, want errno %d", #expr, p_, errno, err); } while (0)

static char bss_block[16 * PG] __attribute__((aligned(4096)));
static char data_block[2 * PG] __attribute__((aligned(4096))) = { 1 };

/* The first page boundary at or above p. */
static char *page_up(const volatile void *p)
{
	return (char *)(((uintptr_t)p + PG - 1) & ~(uintptr_t)(PG - 1));
}

static int resident(void *p, size_t len)
{
	unsigned char vec[64];
	size_t pages = (len + PG - 1) / PG;
	if (pages > sizeof(vec) || mincore(p, len, vec))
		return -1;
	int n = 0;
	for (size_t i = 0; i < pages; i++)
		n += vec[i] & 1;
	return n;
}

static void *map_anon(size_t len, int prot)
{
	return mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* Nothing has a frame before it is touched; touching one page gives one. */
static void t_lazy(void)
{
	char *m = map_anon(8 * PG, PROT_READ | PROT_WRITE);
	CHECK(m != MAP_FAILED, "mmap");
	CHECK(resident(m, 8 * PG) == 0, "fresh mapping resident: %d", resident(m, 8 * PG));
	CHECK(resident(bss_block, sizeof(bss_block)) == 0, "bss resident before touch");
	struct brink_meminfo a, b;
	brink_meminfo(&a);
	m[3 * PG] = 1;
	brink_meminfo(&b);
	CHECK(resident(m, 8 * PG) == 1, "after one touch: %d", resident(m, 8 * PG));
	CHECK(a.free_frames - b.free_frames >= 1, "no frame taken");
	char *brk0 = sbrk(0);
	CHECK(sbrk(8 * PG) == brk0, "sbrk");
	CHECK(resident(brk0, 8 * PG) == 0, "heap resident before touch");
	sbrk(-(intptr_t)(8 * PG));
	munmap(m, 8 * PG);
}

static void t_zero(void)
{
	CHECK(all_zero((unsigned char *)bss_block, sizeof(bss_block)), "bss not zero");
	unsigned char *m = map_anon(4 * PG, PROT_READ | PROT_WRITE);
	CHECK(all_zero(m, 4 * PG), "anon not zero");
	unsigned char *h = sbrk(2 * PG);
	CHECK(all_zero(h, 2 * PG), "heap not zero");
	sbrk(-(intptr_t)(2 * PG));
	munmap(m, 4 * PG);
}

static void t_sbrk(void)
{
	char *b0 = sbrk(0);
	char *p = sbrk(10000);
	CHECK(p == b0, "sbrk returns the old break");
	CHECK(sbrk(0) == b0 + 10000, "break moved");
	memset(p, 0x5a, 10000);
	struct brink_meminfo a, b;
	brink_meminfo(&a);
	CHECK(sbrk(-10000) == b0 + 10000, "shrink returns old");
	brink_meminfo(&b);
	CHECK(b.free_frames - a.free_frames >= 2, "shrinking freed %u frames", b.free_frames - a.free_frames);
	CHECK(sbrk(0) == b0, "back at start");
	/* Down past the start: refused, nothing changed. */
	char *start = sbrk(0);
	CHECK_MAPERR(sbrk(-(intptr_t)(64 << 20)), EINVAL);
	CHECK(sbrk(0) == start, "break moved by a failed sbrk");
	/* Up into the mmap area / beyond RAM: ENOMEM. */
	CHECK_MAPERR(sbrk(0x7fffffff), ENOMEM);
	CHECK(sbrk(0) == start, "break moved by a failed sbrk");
	/* brk() to an address. */
	CHECK(brk(start + 3 * PG) == 0, "brk up");
	CHECK(sbrk(0) == start + 3 * PG, "brk landed");
	start[3 * PG - 1] = 1;
	CHECK(brk(start) == 0, "brk down");
	CHECK_ERR(brk((void *)0x1000), ENOMEM);
}

static void t_mmap(void)
{
	/* A hint in the room the stack grows into is not taken. */
	int here;
	char *shint = page_up(&here) - 65 * PG;
	char *sh = mmap(shint, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED && (uintptr_t)sh + PG <= (uintptr_t)&here - (8u << 20),
	      "a hint %p below the stack gave %p", (void *)shint, (void *)sh);
	munmap(sh, PG);
	char *m = map_anon(6 * PG, PROT_READ | PROT_WRITE);
	for (unsigned i = 0; i < 6; i++)
		m[i * PG] = 'a' + i;
	/* Unmap the middle two pages: the two ends survive. */
	CHECK(munmap(m + 2 * PG, 2 * PG) == 0, "partial munmap");
	CHECK(m[0] == 'a' && m[5 * PG] == 'f', "ends kept");
	CHECK(resident(m, 2 * PG) == 2, "front resident");
	unsigned char v;
	CHECK_ERR(mincore(m + 2 * PG, PG, &v), ENOMEM);
	/* Put a fresh page back in the hole with MAP_FIXED. */
	char *f = mmap(m + 2 * PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(f == m + 2 * PG, "MAP_FIXED at the address");
	CHECK(f[0] == 0, "fresh page");
	/* MAP_FIXED over live pages replaces them. */
	char *g = mmap(m, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(g == m && m[0] == 0, "MAP_FIXED replaced: %d", m[0]);
	/* A free hint is honoured. */
	char *hint = (char *)0x40000000;
	char *h = mmap(hint, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(h == hint, "hint %p gave %p", hint, h);
	munmap(h, PG);
	CHECK(munmap(m, 6 * PG) == 0, "munmap over a hole");
	CHECK(munmap(m, 6 * PG) == 0, "munmap of nothing");
}

static void t_mprotect(void)
{
	char *m = map_anon(3 * PG, PROT_READ | PROT_WRITE);
	m[PG] = 7;
	CHECK(mprotect(m + PG, PG, PROT_READ) == 0, "to read-only");
	CHECK(m[PG] == 7, "still readable");
	CHECK(mprotect(m + PG, PG, PROT_READ | PROT_WRITE) == 0, "back to rw");
	m[PG] = 8;
	CHECK(m[PG] == 8, "writable again");
	CHECK(mprotect(m, 3 * PG, PROT_NONE) == 0, "PROT_NONE");
	CHECK(resident(m, 3 * PG) == 1, "PROT_NONE keeps the page");
	CHECK(mprotect(m, 3 * PG, PROT_READ) == 0, "and back");
	CHECK(m[PG] == 8, "contents kept through PROT_NONE");
	CHECK_ERR(mprotect(m + 1, PG, PROT_READ), EINVAL);
	CHECK_ERR(mprotect(m, PG, 0x100), EINVAL);
	munmap(m, 3 * PG);
	CHECK_ERR(mprotect(m, PG, PROT_READ), ENOMEM);

	/* Every private area, not only a mapping, may be made read-only and
	 * writable again: the heap, .data, .bss and the stack (a page wholly
	 * inside st, which no call below this frame reaches). */
	char *h = sbrk(2 * PG);
	volatile char st[2 * PG];
	st[0] = 1;
	char *areas[] = {
		page_up(h), data_block, bss_block, page_up(st),
	};
	static const char *const names[] = { "heap", ".data", ".bss", "stack" };
	for (int i = 0; i < 4; i++) {
		areas[i][0] = 5;
		CHECK(mprotect(areas[i], PG, PROT_READ) == 0, "%s to read-only", names[i]);
		CHECK(mprotect(areas[i], PG, PROT_READ | PROT_WRITE) == 0, "%s back to rw: errno %d",
		      names[i], errno);
		areas[i][0] = 6;
		CHECK(areas[i][0] == 6, "%s writable again", names[i]);
	}
}

/* Ends killed: a write to a page made read-only. */
static void t_mprotect_kill(void)
{
	char *m = map_anon(PG, PROT_READ | PROT_WRITE);
	m[0] = 1;
	mprotect(m, PG, PROT_READ);
	printf("memtest mprotect-kill: writing to read-only %p\n", m);
	fflush(stdout);
	m[0] = 2;
	printf("FAIL mprotect-kill: the write went through\n");
}

static void t_dontneed(void)
{
	unsigned char *m = map_anon(4 * PG, PROT_READ | PROT_WRITE);
	memset(m, 0xab, 4 * PG);
	CHECK(resident(m, 4 * PG) == 4, "touched");
	CHECK(madvise(m, 4 * PG, MADV_DONTNEED) == 0, "madvise");
	CHECK(resident(m, 4 * PG) == 0, "frames freed");
	CHECK(all_zero(m, 4 * PG), "zeros after DONTNEED");
	/* A private file mapping comes back with the file's bytes. */
	int fd = open("/bin/hello", O_RDONLY);
	unsigned char *f = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(f != MAP_FAILED && f[0] == 'B', "file mapping");
	f[0] = 'X';
	CHECK(madvise(f, PG, MADV_DONTNEED) == 0, "madvise file");
	CHECK(f[0] == 'B', "file bytes again after DONTNEED: %c", f[0]);
	CHECK(madvise(m, PG, MADV_WILLNEED) == 0 && resident(m, PG) == 1, "WILLNEED faults in");
	CHECK(madvise(m, PG, MADV_SEQUENTIAL) == 0 && madvise(m, PG, MADV_RANDOM) == 0 &&
	      madvise(m, PG, MADV_NORMAL) == 0, "hints");
	CHECK_ERR(madvise(m, PG, 99), EINVAL);
	CHECK_ERR(madvise(m + 1, PG, MADV_NORMAL), EINVAL);
	munmap(f, PG);
	close(fd);
	munmap(m, 4 * PG);
	CHECK_ERR(madvise(m, PG, MADV_NORMAL), ENOMEM);
}

static void t_mlock(void)
{
	char *m = map_anon(8 * PG, PROT_READ | PROT_WRITE);
	CHECK(resident(m, 8 * PG) == 0, "fresh");
	CHECK(mlock(m, 8 * PG) == 0, "mlock");
	CHECK(resident(m, 8 * PG) == 8, "locked pages resident: %d", resident(m, 8 * PG));
	CHECK_ERR(madvise(m, PG, MADV_DONTNEED), EINVAL);
	CHECK(resident(m, 8 * PG) == 8, "still resident");
	CHECK(munlock(m, 8 * PG) == 0, "munlock");
	CHECK(madvise(m, PG, MADV_DONTNEED) == 0, "unlocked pages can go");
	/* a length that wraps past 4 GiB with the offset in the page */
	CHECK_ERR(mlock(m + 1, 0xffffffffu), ENOMEM);
	CHECK_ERR(munlock(m + 0x10, 0xfffffff0u), ENOMEM);
	munmap(m, 8 * PG);
	CHECK_ERR(mlock(m, PG), ENOMEM);
}

static const char shared_path[] = "/tmp/memtest-shared";

/* Writer: map a /tmp file shared, store, msync, and let a second process
 * check it sees the store (through its own mapping and through read). */
static void t_shared(void)
{
	int fd = open(shared_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0, "create");
	CHECK(ftruncate(fd, 2 * PG) == 0, "ftruncate");
	char *m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap shared");
	strcpy(m + PG, "written through a shared mapping");
	CHECK(msync(m, 2 * PG, MS_SYNC) == 0, "msync");
	char *argv[] = { "/bin/memtest", "shared-reader", NULL };
	pid_t pid;
	int st;
	CHECK(posix_spawn(&pid, argv[0], NULL, NULL, argv, NULL) == 0, "spawn reader");
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "reader status %#x", st);
	/* The reader wrote back through its own mapping. */
	CHECK(!strcmp(m, "reply from the reader"), "reader's store seen: '%.30s'", m);
	/* Truncated and grown again, the file is new and empty, and the
	 * mapping shows it: its pages went with the truncation. */
	CHECK(ftruncate(fd, 0) == 0 && ftruncate(fd, 2 * PG) == 0, "truncate, grow");
	CHECK(m[0] == 0 && m[PG] == 0, "mapping after truncation: '%.20s'", m);
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && write(fd, "after", 5) == 5, "write");
	CHECK(!memcmp(m, "after", 5), "a write after it seen through the mapping: '%.20s'", m);
	strcpy(m + PG, "stored after");
	char back[16] = "";
	CHECK(msync(m, 2 * PG, MS_SYNC) == 0 && lseek(fd, PG, SEEK_SET) == PG &&
	      read(fd, back, 12) == 12 && !memcmp(back, "stored after", 12),
	      "a store after it seen by read: '%s'", back);
	munmap(m, 2 * PG);
	close(fd);
	CHECK(unlink(shared_path) == 0, "unlink");
}

static void t_shared_reader(void)
{
	int fd = open(shared_path, O_RDWR);
	CHECK(fd >= 0, "open");
	char buf[64] = "";
	CHECK(lseek(fd, PG, SEEK_SET) == PG && read(fd, buf, 32) == 32, "read");
	CHECK(!memcmp(buf, "written through a shared mapping", 32), "read sees the store: '%s'", buf);
	char *m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED && !strcmp(m + PG, "written through a shared mapping"), "mapping sees it");
	strcpy(m, "reply from the reader");
	CHECK(msync(m, PG, MS_ASYNC) == 0 && msync(m, PG, MS_SYNC | MS_INVALIDATE) == 0, "msync");
	munmap(m, 2 * PG);
	close(fd);
}

static void t_private_file(void)
{
	int fd = open("/bin/hello", O_RDONLY);
	char before[16], after[16];
	read(fd, before, 16);
	char *m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(m != MAP_FAILED && !memcmp(m, before, 16), "maps the file");
	memset(m, 'Z', 16);
	lseek(fd, 0, SEEK_SET);
	read(fd, after, 16);
	CHECK(!memcmp(before, after, 16), "MAP_PRIVATE write changed the file");
	munmap(m, PG);
	close(fd);
}

static void t_errors(void)
{
	int rdonly = open("/bin/hello", O_RDONLY);
	int tmp = open("/tmp/memtest-err", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int wronly = open("/tmp/memtest-err", O_WRONLY);
	ftruncate(tmp, PG);
	CHECK_MAPERR(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_MAPERR(mmap((void *)0x40000001, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL);
	CHECK_MAPERR(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, rdonly, 100), EINVAL);
	CHECK_MAPERR(mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_MAPERR(mmap(NULL, PG, PROT_READ, MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_MAPERR(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 99, 0), EBADF);
	CHECK_MAPERR(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, -1, 0), EBADF);
	CHECK_MAPERR(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, rdonly, 0), EACCES);
	CHECK_MAPERR(mmap(NULL, PG, PROT_READ, MAP_SHARED, wronly, 0), EACCES);
	CHECK_MAPERR(mmap(NULL, 0x80000000u, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
	CHECK_MAPERR(mmap(NULL, 0xF0000000u, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
	CHECK_MAPERR(mmap((void *)0x1000, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EPERM);
	CHECK_MAPERR(mmap((void *)0xBFFFF000, 2 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), ENOMEM);
	CHECK_MAPERR(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 0, 0), ENODEV);   /* the console */
	/* A shared read-only mapping of a read-only fd cannot be made writable. */
	char *ro = mmap(NULL, PG, PROT_READ, MAP_SHARED, rdonly, 0);
	CHECK(ro != MAP_FAILED, "shared read-only of the initrd");
	CHECK_ERR(mprotect(ro, PG, PROT_READ | PROT_WRITE), EACCES);
	munmap(ro, PG);
	CHECK_ERR(munmap((void *)0x40000001, PG), EINVAL);
	CHECK_ERR(munmap((void *)0x40000000, 0), EINVAL);
	CHECK_ERR(msync((void *)0x40000001, PG, MS_SYNC), EINVAL);
	char *m = map_anon(PG, PROT_READ);
	CHECK_ERR(msync(m, PG, MS_SYNC | MS_ASYNC), EINVAL);
	CHECK_ERR(msync(m, PG, 0x80), EINVAL);
	CHECK_ERR(mincore(m + 1, PG, (unsigned char *)&fails), EINVAL);
	CHECK_ERR(mlock((void *)0x7000, PG), ENOMEM);
	munmap(m, PG);
	CHECK_ERR(msync(m, PG, MS_SYNC), ENOMEM);
	close(rdonly);
	close(tmp);
	close(wronly);
	unlink("/tmp/memtest-err");
}

/* Grow the stack to 4 MiB one page at a time, as deep recursion would. */
static int grow(int depth_kib)
{
	volatile char frame[1024];
	frame[0] = (char)depth_kib;
	if (depth_kib <= 0)
		return frame[0];
	return grow(depth_kib - 1) + frame[0];
}

static void t_stack(void)
{
	char here;
	grow(4096);
	uintptr_t low = (uintptr_t)&here - (4u << 20) + 64 * 1024;
	CHECK(resident((void *)(low & ~(uintptr_t)(PG - 1)), PG) == 1, "4 MiB down is resident");
}

/* Ends killed: more touching than there is memory. */
static void t_oom(void)
{
	struct brink_meminfo mi;
	brink_meminfo(&mi);
	size_t len = (size_t)mi.free_frames * PG;           /* all of it, and then some */
	char *m = map_anon(len, PROT_READ | PROT_WRITE);
	CHECK(m != MAP_FAILED, "mmap of %u bytes", (unsigned)len);
	printf("memtest oom: touching %u pages\n", mi.free_frames);
	fflush(stdout);
	for (size_t off = 0; off < len; off += PG)
		m[off] = 1;
	char *m2 = map_anon(len, PROT_READ | PROT_WRITE);
	for (size_t off = 0; off < len; off += PG)
		m2[off] = 1;
	printf("FAIL oom: survived\n");
}

/* For the randomization tests: where things landed. */
static void t_layout(void)
{
	int local;
	void *m = map_anon(PG, PROT_READ);
	printf("layout: brk %p mmap %p stack %p\n", sbrk(0), m, (void *)&local);
}

static const struct { const char *name; void (*fn)(void); } tests[] = {
	{ "lazy", t_lazy }, { "zero", t_zero }, { "sbrk", t_sbrk }, { "mmap", t_mmap },
	{ "mprotect", t_mprotect }, { "mprotect-kill", t_mprotect_kill },
	{ "dontneed", t_dontneed }, { "mlock", t_mlock }, { "shared", t_shared },
	{ "shared-reader", t_shared_reader }, { "private-file", t_private_file },
	{ "errors", t_errors }, { "stack", t_stack }, { "oom", t_oom }, { "layout", t_layout },
};

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		size_t t;
		for (t = 0; t < sizeof(tests) / sizeof(tests[0]); t++)
			if (!strcmp(argv[i], tests[t].name))
				break;
		if (t == sizeof(tests) / sizeof(tests[0])) {
			printf("memtest: no test %s\n", argv[i]);
			return 2;
		}
		test = argv[i];
		int before = fails;
		tests[t].fn();
		if (strcmp(test, "layout"))
			printf("memtest %s: %s\n", test, fails == before ? "PASS" : "FAIL");
	}
	return fails != 0;
}
