#include <stdlib.h>
#include <ctype.h>
#include <errno.h>
#include "strtox.h"

static int digit_value(unsigned char c)
{
	if (isdigit(c))
		return c - '0';
	if (islower(c))
		return c - 'a' + 10;
	if (isupper(c))
		return c - 'A' + 10;
	return 99;
}

unsigned long long __strtox(const char *s, char **end, int base,
			    unsigned long long pos_max, unsigned long long neg_max,
			    int *neg, int *overflow)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *digits;
	unsigned long long v = 0, max;

	*neg = 0;
	*overflow = 0;
	if (end)
		*end = (char *)s;
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		return 0;
	}
	while (isspace(*p))
		p++;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	/* "0x" counts as a prefix only if a hex digit follows it; otherwise
	 * the number is the "0" alone. */
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 0x20) == 'x' &&
	    digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}

	max = *neg ? neg_max : pos_max;
	digits = p;
	for (int d; (d = digit_value(*p)) < base; p++) {
		if (v > (max - (unsigned)d) / (unsigned)base)
			*overflow = 1;
		else
			v = v * (unsigned)base + (unsigned)d;
	}
	if (p == digits) {
		*neg = 0;
		return 0;               /* no number: *end stays at s */
	}
	if (end)
		*end = (char *)p;
	if (*overflow) {
		errno = ERANGE;
		return max;
	}
	return v;
}
