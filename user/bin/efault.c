/*
 * efault - every system call that takes a pointer, given one into the
 * kernel, one to unmapped memory and (where it writes) one to read-only or
 * PROT_NONE memory: each must fail with EFAULT and the program goes on.
 */
#include <errno.h>
#include <fcntl.h>
#include <library.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int fails, checks;

static void expect_efault(const char *what, long r)
{
	checks++;
	if (r != -1 || errno != EFAULT) {
		printf("FAIL %s: returned %ld, errno %d\n", what, r, errno);
		fails++;
	}
	errno = 0;
}

int main(void)
{
	void *kern = (void *)0xC0100000, *unmapped = (void *)0x00020000;
	char *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *bad[] = { kern, unmapped, none };
	const char *names[] = { "kernel", "unmapped", "PROT_NONE" };
	struct stat st;
	int fd = open("/bin/hello", O_RDONLY);

	for (int i = 0; i < 3; i++) {
		char what[64];
#define CHECK(call, expr) snprintf(what, sizeof(what), "%s %s", call, names[i]); expect_efault(what, (long)(expr))
		CHECK("write", write(1, bad[i], 16));
		CHECK("read", read(fd, bad[i], 16));
		CHECK("open", open(bad[i], O_RDONLY));
		CHECK("stat-path", stat(bad[i], &st));
		CHECK("stat-buf", stat("/bin/hello", bad[i]));
		CHECK("fstat", fstat(fd, bad[i]));
		CHECK("clock_gettime", clock_gettime(CLOCK_MONOTONIC, bad[i]));
		CHECK("nanosleep", nanosleep(bad[i], NULL));
		CHECK("mincore", mincore(ro, 4096, bad[i]));
		CHECK("unlink", unlink(bad[i]));
		char *argv[] = { "/bin/hello", bad[i], NULL };
		pid_t pid;
		int r = posix_spawn(&pid, "/bin/hello", NULL, NULL, argv, NULL);
		CHECK("spawn-argv", r == EFAULT ? (errno = EFAULT, -1) : r);
		CHECK("openLibrary", openLibrary(bad[i]) ? 0 : -1);
	}
	expect_efault("read into read-only", read(fd, ro, 16));
	expect_efault("read into text", read(fd, (void *)main, 16));
	expect_efault("write wrapping past 4 GiB", write(1, (void *)0xBFFFFFF0, 0x20000000));
	/* every read above failed, so none moved the file's offset */
	checks++;
	long pos = lseek(fd, 0, SEEK_CUR);
	if (pos != 0) {
		printf("FAIL reads that failed moved the offset to %ld\n", pos);
		fails++;
	}
	printf("efault: %d checks, %s\n", checks, fails ? "FAIL" : "PASS");
	return fails != 0;
}
