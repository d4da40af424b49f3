#include <stdlib.h>

/*
 * A 64-bit linear congruential generator (Knuth's MMIX constants); the top
 * 31 bits are the result, the low bits of an LCG being poor.
 */
static unsigned long long seed = 1;

void srand(unsigned int s)
{
	seed = s;
}

int rand(void)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (int)(seed >> 33);
}
