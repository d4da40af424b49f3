/*
 * counter.h - the interface of /lib/counter.lib, a second library for the
 * tests: a counter whose state survives between calls, and a pool of
 * numbered blocks that the library allocates with its own malloc (its own
 * copy of libc), fills with a pattern and checks.
 *
 * A program binds the functions with counter_bind(); the library's source
 * includes this header for the prototypes.
 */
#ifndef COUNTER_H
#define COUNTER_H

#include <stddef.h>
#include <stdint.h>

#define COUNTER_SLOTS 256

/* Word i of a block filled with seed; the caller can check a block itself. */
static inline uint32_t counter_pattern(uint32_t seed, uint32_t i)
{
	uint32_t x = seed ^ (i * 0x9e3779b1u);
	x ^= x >> 16;
	x *= 0x7feb352du;
	return x ^ (x >> 15);
}

/* X(return type, name without "counter_", parameter list). */
#define COUNTER_FUNCTIONS(X) \
	X(uint32_t, next, (void)) \
	X(uint32_t, value, (void)) \
	X(uint32_t, history, (void)) \
	X(int, put, (uint32_t slot, size_t size, uint32_t seed)) \
	X(int, drop, (uint32_t slot)) \
	X(long, check, (void)) \
	X(const void *, block, (uint32_t slot, size_t *size)) \
	X(size_t, live_bytes, (void)) \
	X(void *, sbrk0, (void)) \
	X(int, mallopt, (int param, int value))

/*
 *   next        adds one to the counter and returns it
 *   value       the counter
 *   history     a hash of every value next() returned, in order
 *   put         allocates size bytes for slot and fills them from seed:
 *               0, or -1 (slot out of range or in use, or no memory)
 *   drop        checks slot's block and frees it: 0, -1 (empty or out of
 *               range) or -2 (its contents were damaged; it is not freed)
 *   check       checks every block: their number, or -1 - the first slot
 *               whose block was damaged
 *   block       the block of slot and its size, or NULL
 *   live_bytes  bytes in blocks
 *   sbrk0       sbrk(0) as the library's own libc sees it
 *   mallopt     the library's own allocator's mallopt()
 * Exported object: uint32_t counter_calls, calls made to the library.
 */

#define COUNTER_DECLARE(ret, name, args) ret counter_##name args;
COUNTER_FUNCTIONS(COUNTER_DECLARE)
#undef COUNTER_DECLARE

struct counter_api {
#define COUNTER_FIELD(ret, name, args) ret (*name) args;
	COUNTER_FUNCTIONS(COUNTER_FIELD)
#undef COUNTER_FIELD
	uint32_t *calls;        /* &counter_calls in the library */
};

/* 0, or -1 with *missing the first name librarySymbol did not find.  The
 * caller includes <library.h>. */
#define counter_bind(lib, api, missing) counter_bind_with(librarySymbol, (lib), (api), (missing))

static inline int counter_bind_with(void *(*sym)(void *, const char *), void *lib,
				    struct counter_api *api, const char **missing)
{
	void *p;
#define COUNTER_BIND(ret, name, args) \
	if (!(p = sym(lib, "counter_" #name))) { \
		if (missing) \
			*missing = "counter_" #name; \
		return -1; \
	} \
	api->name = (ret (*) args)p;
	COUNTER_FUNCTIONS(COUNTER_BIND)
#undef COUNTER_BIND
	if (!(api->calls = sym(lib, "counter_calls"))) {
		if (missing)
			*missing = "counter_calls";
		return -1;
	}
	return 0;
}

#endif
