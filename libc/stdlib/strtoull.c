#include <stdlib.h>
#include <limits.h>
#include "strtox.h"

unsigned long long strtoull(const char *restrict s, char **restrict end, int base)
{
	int neg, overflow;
	unsigned long long m = __strtox(s, end, base, ULLONG_MAX, ULLONG_MAX,
					&neg, &overflow);

	if (overflow)
		return ULLONG_MAX;
	return neg ? 0ULL - m : m;
}
