#include <stdlib.h>

/* Out-of-range values are undefined in C; here they wrap as strtol's do. */
int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}
