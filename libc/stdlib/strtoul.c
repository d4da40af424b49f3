#include <stdlib.h>
#include <limits.h>
#include "strtox.h"

/* As C says, "-N" is accepted and gives the negation of N in unsigned;
 * a magnitude too large gives ULONG_MAX whatever the sign. */
unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
	int neg, overflow;
	unsigned long long m = __strtox(s, end, base, ULONG_MAX, ULONG_MAX,
					&neg, &overflow);

	if (overflow)
		return ULONG_MAX;
	return neg ? 0UL - (unsigned long)m : (unsigned long)m;
}
