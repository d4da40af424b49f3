/*
 * tests/host/libc_i386_cmocka.h - the part of cmocka's API the libc tests
 * use, for their i386 builds (libc_common.mk): Debian has no i386 cmocka
 * for a cross build.  Prints TAP: the plan "1..N", then "ok"/"not ok" per
 * test; a failed assertion prints where and why, and ends that test.
 */
#ifndef LIBC_I386_CMOCKA_H
#define LIBC_I386_CMOCKA_H

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

struct CMUnitTest {
	const char *name;
	void (*fn)(void **state);
};

static jmp_buf shim_jmp;

#define cmocka_unit_test(f) { #f, f }
#define print_message(...) (printf(__VA_ARGS__), fflush(stdout))
#define print_error(...) fprintf(stderr, __VA_ARGS__)

#define shim_fail(...) do {                                              \
		fprintf(stderr, "# %s:%d: ", __FILE__, __LINE__);        \
		fprintf(stderr, __VA_ARGS__);                            \
		fputc('\n', stderr);                                     \
		longjmp(shim_jmp, 1);                                    \
	} while (0)

#define fail() shim_fail("fail()")
#define fail_msg(...) shim_fail(__VA_ARGS__)
#define assert_true(c) do { if (!(c)) shim_fail("%s", #c); } while (0)
#define assert_false(c) assert_true(!(c))
#define assert_int_equal(a, b) do {                                      \
		long long a_ = (long long)(a), b_ = (long long)(b);      \
		if (a_ != b_)                                            \
			shim_fail("%s == %lld, %s == %lld", #a, a_, #b, b_); \
	} while (0)
#define assert_int_not_equal(a, b) assert_true((long long)(a) != (long long)(b))
#define assert_ptr_equal(a, b) assert_true((const void *)(a) == (const void *)(b))
#define assert_null(a) assert_true((a) == NULL)
#define assert_string_equal(a, b) do {                                   \
		const char *a_ = (a), *b_ = (b);                         \
		if (strcmp(a_, b_))                                      \
			shim_fail("\"%s\" != \"%s\"", a_, b_);           \
	} while (0)
#define assert_memory_equal(a, b, n) assert_true(memcmp((a), (b), (n)) == 0)
#define assert_in_range(v, lo, hi) \
	assert_true((long long)(v) >= (long long)(lo) && (long long)(v) <= (long long)(hi))

#define cmocka_run_group_tests(t, setup, teardown) \
	shim_run((t), sizeof(t) / sizeof(*(t)))

static int shim_run(const struct CMUnitTest *t, size_t n)
{
	static volatile int failed;     /* survives the longjmp */

	printf("1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		fflush(stdout);
		if (setjmp(shim_jmp) == 0) {
			t[i].fn(NULL);
			printf("ok %zu - %s\n", i + 1, t[i].name);
		} else {
			printf("not ok %zu - %s\n", i + 1, t[i].name);
			failed++;
		}
	}
	fflush(stdout);
	return failed != 0;
}

#endif
