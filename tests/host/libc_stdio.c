/*
 * libc_stdio - Brink's stdio buffering (libc/stdio/) and exit()/atexit(),
 * with write(), fstat() and _exit() faked so that every write() call is
 * recorded.  stdout decides its mode once per process, so each case runs
 * in a fork()ed child with fresh static state; the child reports failure
 * through its exit status.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#ifdef LIBC_I386
#include "libc_i386_cmocka.h"     /* the i386 build: see libc_common.mk */
#else
#include <cmocka.h>
#endif
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libc_host.h"

/* the st_mode values of <brink/abi.h> */
#define B_S_IFCHR 0020000
#define B_S_IFREG 0100000
#define B_EIO     5
#define B_ENOENT  2
#define B_EINVAL  22

extern unsigned int fake_fstat_mode;
extern int fake_fstat_calls;

/* ------------------------------------------------------- fake write() -- */

#define MAXWRITES 256
static struct { int fd; size_t len; char data[4096]; } writes[MAXWRITES];
static int nwrites;
static int write_fail;          /* return -1 with EIO */
static int write_zero;          /* return 0 */
static size_t write_max;        /* short writes of at most this many bytes */

ssize_t brink_write(int fd, const void *buf, size_t n);
ssize_t brink_write(int fd, const void *buf, size_t n)
{
	if (write_fail) {
		brink_errno = B_EIO;
		return -1;
	}
	if (write_zero)
		return 0;
	if (write_max && n > write_max)
		n = write_max;
	if (nwrites < MAXWRITES) {
		writes[nwrites].fd = fd;
		writes[nwrites].len = n < 4096 ? n : 4096;
		memcpy(writes[nwrites].data, buf, writes[nwrites].len);
		nwrites++;
	}
	return (ssize_t)n;
}

/* all bytes written to fd, concatenated */
static const char *written(int fd)
{
	static char all[1 << 16];
	size_t k = 0;

	for (int i = 0; i < nwrites; i++)
		if (writes[i].fd == fd && k + writes[i].len < sizeof(all)) {
			memcpy(all + k, writes[i].data, writes[i].len);
			k += writes[i].len;
		}
	all[k] = '\0';
	return all;
}

static int exit_status;
static jmp_buf exit_jmp;

_Noreturn void brink__exit(int status);
_Noreturn void brink__exit(int status)
{
	exit_status = status;
	longjmp(exit_jmp, 1);
}

/* ------------------------------------------------- running in a child -- */

#define CHECK(cond) do {                                                        \
		if (!(cond)) {                                                  \
			fprintf(stderr, "# %s:%d: check failed: %s\n", __FILE__,  \
				__LINE__, #cond);                               \
			_exit(1);                                               \
		}                                                               \
	} while (0)

#define CHECK_WRITE(i, fd_, str) do {                                           \
		CHECK((i) < nwrites);                                           \
		CHECK(writes[i].fd == (fd_));                                   \
		CHECK(writes[i].len == strlen(str));                            \
		CHECK(memcmp(writes[i].data, str, strlen(str)) == 0);           \
	} while (0)

/* Runs fn in a child as a program started by crt0 whose fd 1 has mode. */
static void in_child(void (*fn)(void), unsigned int mode, int started)
{
	fflush(stdout);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		fake_fstat_mode = mode;
		__libc_started = started;
		fn();
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* ------------------------------------------------------------- cases -- */

static void console_is_line_buffered(void)
{
	CHECK(brink_printf("abc") == 3);
	CHECK(nwrites == 0);
	CHECK(fake_fstat_calls == 1);
	CHECK(brink_printf("def%d\n", 7) == 5);
	CHECK(nwrites == 1);
	CHECK_WRITE(0, 1, "abcdef7\n");
	CHECK(brink_puts("hi") == 0);
	CHECK_WRITE(1, 1, "hi\n");
	CHECK(brink_putchar('x') == 'x' && brink_fputc('y', brink_stdout) == 'y');
	CHECK(brink_putc('\n', brink_stdout) == '\n');
	CHECK_WRITE(2, 1, "xy\n");
	/* a newline in the middle sends everything so far */
	CHECK(brink_fputs("one\ntw", brink_stdout) >= 0);
	CHECK_WRITE(3, 1, "one\ntw");
	CHECK(brink_printf("o") == 1 && nwrites == 4);
	CHECK(brink_fflush(brink_stdout) == 0);
	CHECK_WRITE(4, 1, "o");
	CHECK(brink_fflush(brink_stdout) == 0 && nwrites == 5);     /* nothing left */
	CHECK(fake_fstat_calls == 1);   /* decided once */
}

static void file_is_fully_buffered(void)
{
	char line[100];
	size_t total = 0;

	memset(line, 'z', sizeof(line) - 2);
	line[sizeof(line) - 2] = '\n';
	line[sizeof(line) - 1] = '\0';
	for (int i = 0; i < 30; i++) {
		CHECK(brink_fputs(line, brink_stdout) >= 0);
		total += strlen(line);
		/* only whole buffers go out, newlines or not */
		CHECK(nwrites == (int)(total / BRINK_BUFSIZ));
		for (int k = 0; k < nwrites; k++)
			CHECK(writes[k].len == BRINK_BUFSIZ);
	}
	CHECK(brink_fflush(NULL) == 0);
	CHECK(strlen(written(1)) == total);
}

static void fstat_failure_means_line_buffered(void)
{
	brink_errno = 1234;
	CHECK(brink_printf("a") == 1 && nwrites == 0);
	CHECK(brink_errno == 1234);     /* fstat's EBADF did not leak out */
	CHECK(brink_printf("b\n") == 2);
	CHECK_WRITE(0, 1, "ab\n");
}

static void library_copy_is_unbuffered(void)
{
	/* __libc_started is 0: nobody will ever flush this copy's stdout */
	CHECK(brink_printf("abc") == 3);
	CHECK_WRITE(0, 1, "abc");
	CHECK(brink_printf("%s-%d|%5s\n", "x", 42, "pad") == 11);
	CHECK(nwrites == 2);            /* one printf, one write */
	CHECK_WRITE(1, 1, "x-42|  pad\n");
	CHECK(brink_puts("p") == 0);
	CHECK(!strcmp(written(1), "abcx-42|  pad\np\n"));
	CHECK(fake_fstat_calls == 0);
}

static void stderr_is_unbuffered(void)
{
	CHECK(brink_printf("pending") == 7);
	CHECK(brink_fprintf(brink_stderr, "error %d: %s\n", 5, "bad") == 13);
	CHECK(nwrites == 1);            /* the whole message in one write */
	CHECK_WRITE(0, 2, "error 5: bad\n");
	CHECK(brink_fputs("raw", brink_stderr) >= 0);
	CHECK_WRITE(1, 2, "raw");
	/* a message longer than vfprintf's 256-byte stack buffer arrives
	 * whole, in buffer-sized writes */
	char big[1000];
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(brink_fprintf(brink_stderr, "<%s>", big) == 1001);
	CHECK(nwrites > 2);
	CHECK(!strncmp(written(2), "error 5: bad\nraw<qqq", 20));
	CHECK(strlen(written(2)) == 16 + 1001);
	CHECK(strlen(written(1)) == 0); /* stdout still holds its line */
}

static int order[40], norder;
static void h1(void) { order[norder++] = 1; brink_printf("h1;"); }
static void h2(void) { order[norder++] = 2; }
static void h4(void) { order[norder++] = 4; }
static void h3(void) { order[norder++] = 3; brink_atexit(h4); /* runs next */ }
static void hn(void) { order[norder++] = 9; }

static void exit_runs_handlers_then_flushes(void)
{
	CHECK(brink_atexit(h1) == 0);
	CHECK(brink_atexit(h2) == 0);
	CHECK(brink_atexit(h3) == 0);
	CHECK(brink_atexit(NULL) != 0);
	CHECK(brink_printf("unfinished line;") == 16);
	CHECK(nwrites == 0);
	if (setjmp(exit_jmp) == 0)
		brink_exit(42);
	CHECK(exit_status == 42);
	CHECK(norder == 4 && order[0] == 3 && order[1] == 4 && order[2] == 2 && order[3] == 1);
	/* the handlers' output too, flushed before _exit */
	CHECK(!strcmp(written(1), "unfinished line;h1;"));
}

/* C: exit flushes every stream with buffered data, stderr too once
 * setvbuf gave it a buffer. */
static void exit_flushes_a_buffered_stderr(void)
{
	static char ebuf[128];
	CHECK(brink_setvbuf(brink_stderr, ebuf, BRINK_IOFBF, sizeof(ebuf)) == 0);
	CHECK(brink_fprintf(brink_stderr, "fatal: %d\n", 42) == 10);
	CHECK(brink_printf("out\n") == 4);
	CHECK(strcmp(written(2), "") == 0);
	if (setjmp(exit_jmp) == 0)
		brink_exit(3);
	CHECK(exit_status == 3);
	CHECK(!strcmp(written(1), "out\n"));
	CHECK(!strcmp(written(2), "fatal: 42\n"));
}

static void atexit_holds_32(void)
{
	for (int i = 0; i < 32; i++)
		CHECK(brink_atexit(hn) == 0);
	CHECK(brink_atexit(hn) != 0);
	if (setjmp(exit_jmp) == 0)
		brink_exit(0);
	CHECK(norder == 32);
}

static void write_errors(void)
{
	write_fail = 1;
	CHECK(brink_printf("lost\n") == -1);
	CHECK(brink_ferror(brink_stdout));
	CHECK(brink_errno == B_EIO);
	brink_clearerr(brink_stdout);
	CHECK(!brink_ferror(brink_stdout));
	CHECK(brink_fputs("x\n", brink_stdout) == -1);
	CHECK(brink_puts("y") == -1);
	CHECK(brink_fputc('\n', brink_stdout) == -1);
	CHECK(brink_fprintf(brink_stderr, "e") == -1);
	CHECK(brink_ferror(brink_stderr));
	/* no progress at all: an error, not an endless loop */
	write_fail = 0;
	write_zero = 1;
	brink_clearerr(brink_stdout);
	CHECK(brink_printf("zero\n") == -1);
	CHECK(brink_errno == B_EIO);
	/* working again */
	write_zero = 0;
	brink_clearerr(brink_stdout);
	CHECK(brink_printf("ok\n") == 3);
	CHECK_WRITE(0, 1, "ok\n");
	/* an earlier error stays visible to ferror, but not to printf's result */
	write_fail = 1;
	CHECK(brink_printf("a\n") == -1);
	write_fail = 0;
	CHECK(brink_printf("b\n") == 2);
	CHECK(brink_ferror(brink_stdout));
}

static void short_writes_are_completed(void)
{
	write_max = 3;
	CHECK(brink_printf("a fairly long line of text\n") == 27);
	CHECK(!strcmp(written(1), "a fairly long line of text\n"));
	CHECK(nwrites == 9);
	CHECK(brink_fprintf(brink_stderr, "%s", "0123456789") == 10);
	CHECK(!strcmp(written(2), "0123456789"));
}

static void big_writes_bypass_the_buffer(void)
{
	static char big[3000];
	memset(big, 'b', sizeof(big) - 1);
	CHECK(brink_printf("head ") == 5);
	CHECK(brink_fputs(big, brink_stdout) >= 0);
	/* the buffer is topped up and written, the rest goes straight out */
	CHECK(nwrites == 2);
	CHECK(writes[0].len == BRINK_BUFSIZ);
	CHECK(writes[1].len == 5 + sizeof(big) - 1 - BRINK_BUFSIZ);
	CHECK(!strncmp(written(1), "head bbb", 8) && strlen(written(1)) == 5 + sizeof(big) - 1);
	CHECK(brink_fwrite("abc", 1, 3, brink_stdout) == 3);
	CHECK(brink_fwrite("abcd", 2, 2, brink_stdout) == 2);
	CHECK(brink_fwrite("x", SIZE_MAX / 2 + 1, 2, brink_stdout) == 0);
	CHECK(brink_fwrite("x", 0, 5, brink_stdout) == 0);
	CHECK(brink_fflush(brink_stdout) == 0);
	CHECK_WRITE(2, 1, "abcabcd");
}

static void perror_messages(void)
{
	brink_errno = B_ENOENT;
	brink_perror("open");
	CHECK_WRITE(0, 2, "open: No such file or directory\n");
	brink_errno = B_EINVAL;
	brink_perror(NULL);
	CHECK_WRITE(1, 2, "Invalid argument\n");
	brink_perror("");
	CHECK_WRITE(2, 2, "Invalid argument\n");
	CHECK(brink_errno == B_EINVAL);
	CHECK(nwrites == 3);
}

static void setvbuf_modes(void)
{
	char mine[8];

	CHECK(brink_setvbuf(brink_stdout, NULL, BRINK_IONBF, 0) == 0);
	CHECK(brink_printf("now") == 3 && nwrites == 1);
	CHECK(brink_setvbuf(brink_stdout, NULL, BRINK_IOFBF, 0) == 0);
	CHECK(brink_printf("later\n") == 6 && nwrites == 1);
	/* switching flushes what was pending */
	CHECK(brink_setvbuf(brink_stdout, mine, BRINK_IOLBF, sizeof(mine)) == 0);
	CHECK_WRITE(1, 1, "later\n");
	CHECK(brink_printf("0123456789") == 10);
	CHECK(!strcmp(written(1), "nowlater\n0123456789"));
	CHECK(brink_setvbuf(brink_stdout, NULL, 7, 0) == -1 && brink_errno == B_EINVAL);
	/* stderr has no buffer of its own to fall back on */
	CHECK(brink_setvbuf(brink_stderr, NULL, BRINK_IOLBF, 0) == -1);
	CHECK(brink_setvbuf(brink_stderr, mine, BRINK_IOLBF, sizeof(mine)) == 0);
	CHECK(brink_fprintf(brink_stderr, "ab") == 2);
	CHECK(brink_fprintf(brink_stderr, "c\n") == 2);
	CHECK(!strcmp(written(2), "abc\n"));
}

static int call_vprintf(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = brink_vprintf(fmt, ap);
	va_end(ap);
	return r;
}

static void vprintf_counts(void)
{
	CHECK(call_vprintf("%d%s%c\n", 123, "ab", 'c') == 7);
	CHECK(nwrites == 0);            /* fd 1 is a file: fully buffered */
	CHECK(brink_fflush(brink_stdout) == 0);
	CHECK(!strcmp(written(1), "123abc\n"));
	CHECK(brink_printf("%s", "") == 0);
	CHECK(brink_printf("%5d\n", 1) == 6);
	CHECK(brink_fflush(NULL) == 0);
	CHECK(!strcmp(written(1), "123abc\n    1\n"));
}

#define CASE(fn, mode, started) \
	static void test_##fn(void **state) { (void)state; in_child(fn, mode, started); }
CASE(console_is_line_buffered, B_S_IFCHR, 1)
CASE(file_is_fully_buffered, B_S_IFREG, 1)
CASE(fstat_failure_means_line_buffered, 0, 1)
CASE(library_copy_is_unbuffered, B_S_IFCHR, 0)
CASE(stderr_is_unbuffered, B_S_IFCHR, 1)
CASE(exit_runs_handlers_then_flushes, B_S_IFCHR, 1)
CASE(exit_flushes_a_buffered_stderr, B_S_IFCHR, 1)
CASE(atexit_holds_32, B_S_IFCHR, 1)
CASE(write_errors, B_S_IFCHR, 1)
CASE(short_writes_are_completed, B_S_IFCHR, 1)
CASE(big_writes_bypass_the_buffer, B_S_IFCHR, 1)
CASE(perror_messages, B_S_IFCHR, 1)
CASE(setvbuf_modes, B_S_IFCHR, 1)
CASE(vprintf_counts, B_S_IFREG, 1)

/* the checks themselves can fail: a child that breaks one is reported */
static void a_failing_case(void)
{
	CHECK(brink_printf("x") == 2);
}

static void test_a_failing_case_is_caught(void **state)
{
	(void)state;
	fflush(stdout);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		freopen("/dev/null", "w", stderr);
		a_failing_case();
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_console_is_line_buffered),
		cmocka_unit_test(test_file_is_fully_buffered),
		cmocka_unit_test(test_fstat_failure_means_line_buffered),
		cmocka_unit_test(test_library_copy_is_unbuffered),
		cmocka_unit_test(test_stderr_is_unbuffered),
		cmocka_unit_test(test_exit_runs_handlers_then_flushes),
		cmocka_unit_test(test_exit_flushes_a_buffered_stderr),
		cmocka_unit_test(test_atexit_holds_32),
		cmocka_unit_test(test_write_errors),
		cmocka_unit_test(test_short_writes_are_completed),
		cmocka_unit_test(test_big_writes_bypass_the_buffer),
		cmocka_unit_test(test_perror_messages),
		cmocka_unit_test(test_setvbuf_modes),
		cmocka_unit_test(test_vprintf_counts),
		cmocka_unit_test(test_a_failing_case_is_caught),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
