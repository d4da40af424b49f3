/*
 * malloc_test.h - shared by the allocator's host tests (tests/host/malloc_*.c).
 *
 * The allocator is built with MALLOC_PREFIX=bk_ (so bk_malloc, bk_free...
 * beside the host libc's own malloc, which ASan replaces), with the raw brk
 * system call as its sbrk.  malloc_inst2.c builds a second, independent
 * instance named b2_*, as a library's own copy of libc would be.
 */
#ifndef MALLOC_TEST_H
#define MALLOC_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <signal.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "../../libc/malloc/malloc_impl.h"

/* The second instance (tests/host/malloc_inst2.c). */
void *b2_malloc(size_t n);
void  b2_free(void *p);
void *b2_realloc(void *p, size_t n);
void *b2_memalign(size_t align, size_t n);
int   b2_mallopt(int param, int value);
const char *b2_m_check(void);

#define ST (&MI(state))

/* Every invariant of the heap holds. */
#define assert_heap_ok() do {                                   \
		const char *e_ = MI(check)();                   \
		if (e_)                                         \
			fail_msg("heap check: %s", e_);         \
	} while (0)

/* Everything was freed: nothing in use or cached, the heap one free
 * chunk (top), every invariant holding. */
#define assert_all_freed() do {                                 \
		struct mallinfo2 mi_ = mallinfo2();             \
		assert_int_equal(mi_.uordblks, 0);              \
		assert_int_equal(mi_.hblks, 0);                 \
		assert_int_equal(mi_.smblks, 0);                \
		assert_int_equal(mi_.ordblks, 1);               \
		assert_heap_ok();                               \
	} while (0)

/* A ballast: *n blocks of 500 bytes, more than twice the front cache's
 * guard in all, from a heap that grows to at least twice the guard (the
 * last ones from top).  Held, free's fast path is open; freed but for
 * the last, the heap stays big while the program holds little, and the
 * allocator counts (docs/malloc.md, "The front cache"). */
static inline void **ballast_alloc(size_t *n)
{
	*n = 4 * MI(state).cache_guard / 500 + 16;
	void **b = malloc(*n * sizeof(*b));
	assert_non_null(b);
	for (size_t i = 0; i < *n; i++)
		assert_non_null(b[i] = malloc(500));
	return b;
}

/* Free the ballast's blocks [from, n) and the array. */
static inline void ballast_free(void **b, size_t from, size_t n)
{
	for (size_t i = from; i < n; i++)
		free(b[i]);
	free(b);
}

/* A byte pattern that differs per block and per offset. */
static inline unsigned char pat(uint32_t seed, size_t i)
{
	uint32_t x = seed * 2654435761u + (uint32_t)i * 40503u;
	return (unsigned char)(x >> 13);
}

static inline void fill(void *p, size_t n, uint32_t seed)
{
	unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		b[i] = pat(seed, i);
}

static inline bool intact(const void *p, size_t n, uint32_t seed)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i] != pat(seed, i))
			return false;
	return true;
}

/* The kernel's break, asked each time. */
static inline char *cur_brk(void)
{
	return (char *)syscall(SYS_brk, 0);
}

/* Move the break by inc with the raw system call; return the old break. */
static inline char *raw_sbrk(intptr_t inc)
{
	char *old = cur_brk();
	char *want = old + inc;
	if ((char *)syscall(SYS_brk, want) != want)
		return (char *)-1;
	return old;
}

/* Run fn(arg) in a child process whose stderr is captured; the child must
 * die of SIGABRT after writing a line containing `want`. */
static inline void expect_abort(void (*fn)(void *), void *arg, const char *want)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		fn(arg);
		_exit(0);       /* it should not get here */
	}
	close(fds[1]);
	char buf[4096];
	size_t n = 0;
	ssize_t r;
	while (n < sizeof(buf) - 1 && (r = read(fds[0], buf + n, sizeof(buf) - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = 0;
	close(fds[0]);
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGABRT)
		fail_msg("child did not abort (status %#x); stderr: %s", st, buf);
	if (!strstr(buf, want))
		fail_msg("expected \"%s\" in: %s", want, buf);
}

/* Between tests: defaults back, nothing left allocated, heap sound. */
static inline int malloc_test_setup(void **state)
{
	(void)state;
	MI(reset_params)();
	return 0;
}

static inline int malloc_test_teardown(void **state)
{
	(void)state;
	const char *e = MI(check)();
	if (e) {
		fprintf(stderr, "heap check after test: %s\n", e);
		return -1;
	}
	struct mallinfo2 mi = mallinfo2();
	if (mi.uordblks || mi.hblks) {
		fprintf(stderr, "test left %zu bytes in use, %zu mappings\n", mi.uordblks, mi.hblks);
		return -1;
	}
	return 0;
}

#define MTEST(f) cmocka_unit_test_setup_teardown(f, malloc_test_setup, malloc_test_teardown)

#endif
