/* exit [N] - exit with status N (default 0), through exit() so stdio flushes. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0;
	printf("exiting with %d\n", n);
	exit(n);
}
