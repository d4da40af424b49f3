/* spin [SECONDS] - burn CPU for a while (default 2 s), then say so: for
 * the tests that a CPU-bound program does not starve the others. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>


int main(int argc, char **argv)
{
	int secs = argc > 1 ? atoi(argv[1]) : 2;
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	unsigned long n = 0;
	do {
		for (int i = 0; i < 100000; i++)
			n++;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < secs);
	printf("spin %d: done after %lu loops\n", getpid(), n);
	return 0;
}
