/*
 * gdbtest [SECONDS] - the program the gdb tests (tests/qemu/test_gdb.py)
 * and the debugging guide (docs/debugging.md) drive.
 *
 * It opens the library gdbtestlib, calls its gdbtestlib_sum (which
 * allocates with the library's malloc), allocates with its own malloc and
 * maps a file, so its address space has every kind of VMA: program text
 * and data, a library image, heap pieces of two owners, a file mapping, the
 * stack.  Then it sleeps SECONDS (default 0), so that its VMAs can be read
 * from the shell and from gdb at the same moment.
 *
 * main's first line writes to a bss page of its own, which nothing touched
 * before: `next` over that line meets a page fault (demand paging) in the
 * middle of the step.
 */
#include <fcntl.h>
#include <library.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef long (*sum_fn)(int n, int scale);

static volatile int first_touch[1024] __attribute__((aligned(4096)));

int main(int argc, char **argv)
{
	first_touch[0] = argc;
	int secs = argc > 1 ? atoi(argv[1]) : 0;

	void *lib = openLibrary("gdbtestlib");
	if (!lib) {
		perror("gdbtest: openLibrary");
		return 1;
	}
	sum_fn sum = (sum_fn)librarySymbol(lib, "gdbtestlib_sum");
	if (!sum) {
		perror("gdbtest: librarySymbol");
		return 1;
	}
	long total = sum(argc + 3, 10);

	char *mine = malloc(20000);
	if (!mine) {
		perror("gdbtest: malloc");
		return 1;
	}
	memset(mine, 'x', 20000);

	int fd = open("/bin/gdbtest", O_RDONLY);
	void *file = fd < 0 ? MAP_FAILED : mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	if (file == MAP_FAILED) {
		perror("gdbtest: mmap");
		return 1;
	}
	printf("gdbtest: library at %p, sum %ld, heap %p, file at %p\n", lib, total, mine, file);
	if (secs > 0)
		sleep(secs);
	return 0;
}
