/* stdlib/strtox.h - the parser behind strtol and its family. */
#ifndef _LIBC_STDLIB_STRTOX_H
#define _LIBC_STDLIB_STRTOX_H

/*
 * Parses [space][sign][0x|0]digits in base (0 or 2..36) as strtol does.
 * Returns the magnitude, or, when it is larger than the limit for the sign
 * (pos_max, neg_max), that limit with errno = ERANGE and *overflow = 1.
 * *neg says whether a '-' was read; *end (if end) is just past the last
 * digit, or s when there is none.  An invalid base gives EINVAL and 0.
 */
unsigned long long __strtox(const char *s, char **end, int base,
			    unsigned long long pos_max, unsigned long long neg_max,
			    int *neg, int *overflow);

#endif
