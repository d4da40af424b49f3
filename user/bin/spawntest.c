/* spawntest - posix_spawn and waitpid from a program: children's exit
 * statuses and signals come back as <sys/wait.h> says. */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int run(char *const argv[], int *status)
{
	pid_t pid;
	int r = posix_spawn(&pid, argv[0], NULL, NULL, argv, environ);
	if (r)
		return -r;
	if (waitpid(pid, status, 0) != pid)
		return -1000;
	return pid;
}

int main(void)
{
	int st, fails = 0;
	char *hello[] = { "/bin/hello", NULL };
	char *crash[] = { "/bin/crash", "null", NULL };
	char *none[] = { "/bin/no-such-program", NULL };

	if (run(hello, &st) <= 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		printf("FAIL hello: status %#x\n", st);
		fails++;
	}
	if (run(crash, &st) <= 0 || !WIFSIGNALED(st) || WTERMSIG(st) != 11) {
		printf("FAIL crash: status %#x\n", st);
		fails++;
	}
	int r = run(none, &st);
	if (r != -ENOENT) {
		printf("FAIL missing program: %d\n", r);
		fails++;
	}
	if (waitpid(-1, &st, 0) != -1 || errno != ECHILD) {
		printf("FAIL waitpid with no children\n");
		fails++;
	}
	printf("spawntest: %s\n", fails ? "FAIL" : "PASS");
	return fails != 0;
}
