/*
 * malloc_preload.c - the LD_PRELOAD build of the allocator
 * (build/host/libbrinkmalloc.so) serving whole programs on the host: the
 * test program malloc_preload_prog, sort and Python, each run with and
 * without it and their outputs compared; and a double free under it
 * killed by abort with Brink's message.  The object is what `make bench`
 * measures against glibc, jemalloc, mimalloc and tcmalloc.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/wait.h>
#include <cmocka.h>

struct run {
	int status;             /* as from waitpid */
	char out[1 << 16], err[1 << 14];
};

static void slurp(int fd, char *buf, size_t cap)
{
	size_t n = 0;
	lseek(fd, 0, SEEK_SET);
	for (ssize_t r; n + 1 < cap && (r = read(fd, buf + n, cap - 1 - n)) > 0;)
		n += (size_t)r;
	buf[n] = '\0';
	close(fd);
}

static int tmpfd(void)
{
	char name[] = "/tmp/brink-preload-XXXXXX";
	int fd = mkstemp(name);
	assert_true(fd >= 0);
	unlink(name);
	return fd;
}

/* Run argv with stdin from the file `in` (or /dev/null), LD_PRELOAD set to
 * the Brink object if preload, else unset. */
static void run(struct run *r, char *const argv[], const char *in, int preload)
{
	int fo = tmpfd(), fe = tmpfd();
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fi = open(in ? in : "/dev/null", O_RDONLY);
		if (fi < 0)
			_exit(126);
		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		if (preload)
			setenv("LD_PRELOAD", PRELOAD_SO, 1);
		else
			unsetenv("LD_PRELOAD");
		execv(argv[0], argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &r->status, 0), pid);
	slurp(fo, r->out, sizeof(r->out));
	slurp(fe, r->err, sizeof(r->err));
}

static struct run a, b;

static void assert_same_run(char *const argv[], const char *in)
{
	run(&a, argv, in, 0);
	run(&b, argv, in, 1);
	if (!WIFEXITED(b.status) || WEXITSTATUS(b.status) != 0)
		fail_msg("%s under the Brink allocator: status %#x, stderr: %s", argv[0], b.status, b.err);
	assert_true(WIFEXITED(a.status) && WEXITSTATUS(a.status) == 0);
	assert_true(strlen(b.out) > 0);
	assert_string_equal(a.out, b.out);
}

/* Every function of the family, and glibc's own allocations (strdup,
 * stdio), through the standard names; malloc_stats shows whose they are. */
static void test_family_under_preload(void **state)
{
	(void)state;
	char *argv[] = { PRELOAD_PROG, NULL };
	assert_same_run(argv, NULL);
	assert_non_null(strstr(b.err, "fit policy"));
	assert_null(strstr(a.err, "fit policy"));  /* glibc's malloc_stats has none */
}

/* Real programs: sort (coreutils) and Python, outputs identical. */
static void test_real_programs(void **state)
{
	(void)state;
	char in[] = "/tmp/brink-preload-in-XXXXXX";
	int fd = mkstemp(in);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	unsigned long long r = 0x9e3779b97f4a7c15ull;
	for (int i = 0; i < 30000; i++) {
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		fprintf(f, "%llx %*s%d\n", r % 1000003, (int)(r % 300), "", i);
	}
	fclose(f);
	char *sort[] = { "/usr/bin/sort", "-k1,1", "-s", NULL };
	assert_same_run(sort, in);
	char *py[] = { "/usr/bin/python3", "-c",
		"import json, sys\n"
		"d = {str(i): [j * 'x' for j in range(i % 40)] for i in range(20000)}\n"
		"s = json.dumps(d)\n"
		"e = json.loads(s)\n"
		"b = bytearray()\n"
		"for i in range(2000): b += bytes(i % 256 for _ in range(i))\n"
		"print(len(s), sum(len(v) for v in e.values()), len(b), sum(b))\n",
		NULL };
	assert_same_run(py, NULL);
	unlink(in);
}

/* A double free in a preloaded program: abort, Brink's message. */
static void test_double_free_aborts(void **state)
{
	(void)state;
	char *argv[] = { PRELOAD_PROG, "double-free", NULL };
	run(&b, argv, NULL, 1);
	assert_true(WIFSIGNALED(b.status));
	assert_int_equal(WTERMSIG(b.status), SIGABRT);
	assert_non_null(strstr(b.err, "malloc: free(): double free of 0x"));
}

/* The object makes its system calls itself (malloc_os.c): every glibc
 * function it imports can bring a 64 KiB window of libc's text into each
 * process that preloads it.  What it may import: the string functions
 * (which programs use anyway), errno's location and abort. */
static void test_imports(void **state)
{
	(void)state;
	static const char *const allowed[] = {
		"memcpy", "memset", "__errno_location", "abort", "__cxa_finalize",
		"_ITM_deregisterTMCloneTable", "_ITM_registerTMCloneTable", "__gmon_start__",
	};
	char *argv[] = { "/usr/bin/nm", "-D", "--undefined-only", PRELOAD_SO, NULL };
	run(&b, argv, NULL, 0);
	assert_true(WIFEXITED(b.status) && WEXITSTATUS(b.status) == 0);
	assert_non_null(strstr(b.out, "abort"));        /* nm's output is read right */
	for (char *line = strtok(b.out, "\n"); line; line = strtok(NULL, "\n")) {
		char name[128];
		if (sscanf(line, " %*s %127[^@ ]", name) != 1)
			continue;
		bool ok = false;
		for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
			ok |= !strcmp(name, allowed[i]);
		if (!ok)
			fail_msg("the object imports %s from glibc", name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_family_under_preload),
		cmocka_unit_test(test_real_programs),
		cmocka_unit_test(test_double_free_aborts),
		cmocka_unit_test(test_imports),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
