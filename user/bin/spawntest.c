/* spawntest - posix_spawn, waitpid and kill from a program: children's
 * exit statuses and signals come back as <sys/wait.h> says, and a child
 * blocked reading the console dies when it is killed.  (`spawntest read`
 * is that child.) */
#include <errno.h>
#include <signal.h>
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

/* A child waiting for a key, killed: it must die without one (the
 * console's wait sees the kill), and kill(pid, 0) says it was there. */
static int kill_reader(void)
{
	char *reader[] = { "/bin/spawntest", "read", NULL };
	pid_t pid;
	int st, fails = 0;
	if (posix_spawn(&pid, reader[0], NULL, NULL, reader, environ)) {
		printf("FAIL reader: not started\n");
		return 1;
	}
	usleep(300000);                 /* it is blocked in read(0) by now */
	if (kill(pid, 0) != 0) {
		printf("FAIL kill(pid, 0) of a live child: errno %d\n", errno);
		fails++;
	}
	kill(pid, SIGTERM);
	int r = 0;
	for (int i = 0; i < 100 && (r = waitpid(pid, &st, WNOHANG)) == 0; i++)
		usleep(20000);
	if (r != pid || !WIFSIGNALED(st) || WTERMSIG(st) != SIGTERM) {
		printf("FAIL reader killed while reading: waitpid %d, status %#x\n", r, st);
		fails++;
	}
	if (kill(pid, 0) != -1 || errno != ESRCH) {
		printf("FAIL kill(pid, 0) of a reaped child\n");
		fails++;
	}
	return fails;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "read")) {
		char c;
		return read(0, &c, 1) == 1 ? 0 : 2;
	}
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
	if (waitpid(-1, &st, 0x7fff0000) != -1 || errno != EINVAL) {
		printf("FAIL waitpid with unknown options\n");
		fails++;
	}
	fails += kill_reader();
	printf("spawntest: %s\n", fails ? "FAIL" : "PASS");
	return fails != 0;
}
