/* malloc_usable_size.c - how many bytes a block really has (>= asked). */
#include "malloc_impl.h"

MALLOC_API size_t malloc_usable_size(void *p)
{
	if (!p)
		return 0;
	struct mchunk *c = MI(own_chunk)(&MI(state), p, "malloc_usable_size()");
	return csize(c) - HEAD_SIZE;
}
