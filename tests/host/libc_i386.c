/*
 * libc_i386 - runs the i386 builds of the libc tests (libc_common.mk): the
 * same test sources and libc files as the x86-64 ones, compiled with the
 * target's compiler and flags, so 32-bit long, size_t and pointers are
 * exercised too.  Each binary prints TAP; here it must exit 0 and pass
 * every test of its plan.  Their lines are echoed with a "# " prefix so the
 * test runner counts one result per binary, here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static void run_i386(const char *name)
{
	char cmd[512], line[1024];
	int plan = -1, ok = 0, not_ok = 0, status;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "%s/%s 2>&1", I386_DIR, name);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		if (sscanf(line, "1..%d", &plan) == 1)
			continue;
		if (!strncmp(line, "ok ", 3))
			ok++;
		else if (!strncmp(line, "not ok ", 7))
			not_ok++;
		print_message("# %s", line);
	}
	status = pclose(p);
	print_message("# i386 %s: %d of %d passed, exit status %d\n", name, ok, plan,
		      WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	/* 126/127: the shell could not run it (no 32-bit support in this kernel?) */
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(plan > 0);
	assert_int_equal(not_ok, 0);
	assert_int_equal(ok, plan);
}

static void test_one(void **state)
{
	run_i386(*state);
}

int main(void)
{
	char names[] = I386_TESTS;
	struct CMUnitTest tests[16];
	size_t n = 0;

	for (char *save, *t = strtok_r(names, " ", &save); t && n < 16;
	     t = strtok_r(NULL, " ", &save)) {
		tests[n] = (struct CMUnitTest){ .name = t, .test_func = test_one,
						.initial_state = t };
		n++;
	}
	return _cmocka_run_group_tests("libc_i386", tests, n, NULL, NULL);
}
