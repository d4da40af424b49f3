#include <stdlib.h>
#include <limits.h>
#include "strtox.h"

long strtol(const char *restrict s, char **restrict end, int base)
{
	int neg, overflow;
	unsigned long long m = __strtox(s, end, base, LONG_MAX,
					0ULL - (unsigned long long)LONG_MIN,
					&neg, &overflow);

	/* -m in unsigned arithmetic, converted back: LONG_MIN included */
	return neg ? (long)(0UL - (unsigned long)m) : (long)m;
}
