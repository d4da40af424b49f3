#include <stdlib.h>
#include "atexit.h"

/* A fixed table: atexit must work without malloc (and before it). */
static void (*handlers[ATEXIT_MAX])(void);
static int count;

int atexit(void (*fn)(void))
{
	if (!fn || count == ATEXIT_MAX)
		return -1;
	handlers[count++] = fn;
	return 0;
}

void (*__atexit_pop(void))(void)
{
	if (count == 0)
		return NULL;
	return handlers[--count];
}
