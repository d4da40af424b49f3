/* hello [SECONDS] - the first program: greets, says who it is, and stays
 * alive SECONDS more (default 0) so `ps`, `vmas` and `mem` can look at it. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	printf("Hello, world! I am pid %d.\n", getpid());
	if (argc > 1)
		sleep(atoi(argv[1]));
	return 0;
}
