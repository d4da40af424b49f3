#include <stdlib.h>

/* Negated in unsigned: abs(INT_MIN) is INT_MIN, with no overflow trap. */
int abs(int j)
{
	return j < 0 ? (int)(0u - (unsigned int)j) : j;
}

long labs(long j)
{
	return j < 0 ? (long)(0ul - (unsigned long)j) : j;
}

long long llabs(long long j)
{
	return j < 0 ? (long long)(0ull - (unsigned long long)j) : j;
}
