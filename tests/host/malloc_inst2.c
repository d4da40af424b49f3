/*
 * malloc_inst2.c - a second, independent copy of the allocator in the same
 * test process (names b2_*), as each Brink library carries its own copy of
 * libc: the tests make the two share the break and hand each other's
 * pointers over.
 */
#undef MALLOC_PREFIX
#define MALLOC_PREFIX b2_
#include "../../libc/malloc/malloc_os.c"
#include "../../libc/malloc/malloc.c"
#include "../../libc/malloc/malloc_bins.c"
#include "../../libc/malloc/malloc_cache.c"
#include "../../libc/malloc/malloc_heap.c"
#include "../../libc/malloc/malloc_mmap.c"
#include "../../libc/malloc/malloc_misuse.c"
#include "../../libc/malloc/malloc_check.c"
#include "../../libc/malloc/calloc.c"
#include "../../libc/malloc/realloc.c"
#include "../../libc/malloc/memalign.c"
#include "../../libc/malloc/mallopt.c"
#include "../../libc/malloc/malloc_stats.c"
#include "../../libc/malloc/malloc_usable_size.c"
