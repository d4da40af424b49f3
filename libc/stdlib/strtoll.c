#include <stdlib.h>
#include <limits.h>
#include "strtox.h"

long long strtoll(const char *restrict s, char **restrict end, int base)
{
	int neg, overflow;
	unsigned long long m = __strtox(s, end, base, LLONG_MAX,
					0ULL - (unsigned long long)LLONG_MIN,
					&neg, &overflow);

	return neg ? (long long)(0ULL - m) : (long long)m;
}
