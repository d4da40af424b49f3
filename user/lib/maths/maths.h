/*
 * maths.h - the interface of /lib/maths.lib, the maths library of
 * seeds/000: big integers, prime sieves, vectors and matrices, every result
 * allocated by the library's own malloc (its private copy of libc), so the
 * library grows its own pieces of heap with its own sbrk calls.
 *
 * A program binds the functions with openLibrary()/librarySymbol() through
 * maths_bind() below; the library's own sources include this header for
 * the prototypes, so the two cannot disagree.  Results belong to the
 * library: give them back with maths_free(), never with the program's
 * free() (a different allocator, which would refuse them).
 *
 * Every result the library hands out is *tracked*: a header before it
 * links it into the library's list of live results, with its size, a
 * checksum of its contents taken when it was finished and a canary after
 * it.  maths_heap_check() walks that list, so a program can ask the
 * library whether anyone (another allocator trimming, a stray store) has
 * damaged its memory.
 */
#ifndef MATHS_H
#define MATHS_H

#include <stddef.h>
#include <stdint.h>

/* A non-negative integer: len base-2^32 digits, least significant first,
 * no leading zero digit (zero is len 1, limb[0] 0). */
struct maths_bignum {
	uint32_t len;
	uint32_t limb[];
};

struct maths_vector {
	uint32_t len;
	uint32_t v[];
};

/* Arithmetic is modulo 2^64. */
struct maths_matrix {
	uint32_t rows, cols;
	uint64_t m[];           /* row-major */
};

/* The generator behind maths_vector_random(), here so a caller can check a
 * vector's contents without trusting the library (xorshift32; a zero
 * state becomes 1). */
static inline uint32_t maths_xorshift32(uint32_t *state)
{
	uint32_t x = *state ? *state : 1;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

/* Every exported function, once: X(return type, name without "maths_",
 * parameter list). */
#define MATHS_FUNCTIONS(X) \
	X(const struct maths_bignum *, bn_from_u32, (uint32_t v)) \
	X(const struct maths_bignum *, bn_add, (const struct maths_bignum *a, const struct maths_bignum *b)) \
	X(const struct maths_bignum *, bn_mul, (const struct maths_bignum *a, const struct maths_bignum *b)) \
	X(int, bn_cmp, (const struct maths_bignum *a, const struct maths_bignum *b)) \
	X(const struct maths_bignum *, factorial, (uint32_t n)) \
	X(const struct maths_bignum *, fibonacci, (uint32_t n)) \
	X(const struct maths_bignum *, power, (uint32_t base, uint32_t exp)) \
	X(const char *, bn_decimal, (const struct maths_bignum *a)) \
	X(const struct maths_vector *, primes, (uint32_t limit)) \
	X(const struct maths_vector *, vector_random, (uint32_t len, uint32_t seed)) \
	X(uint64_t, vector_sum, (const struct maths_vector *a)) \
	X(const struct maths_matrix *, matrix_new, (uint32_t rows, uint32_t cols, const uint64_t *values)) \
	X(const struct maths_matrix *, matrix_mul, (const struct maths_matrix *a, const struct maths_matrix *b)) \
	X(const struct maths_matrix *, matrix_pow, (const struct maths_matrix *a, uint32_t exp)) \
	X(int, free, (const void *result)) \
	X(long, heap_check, (void)) \
	X(const char *, error, (void)) \
	X(size_t, live_bytes, (void)) \
	X(void *, sbrk0, (void)) \
	X(int, mallopt, (int param, int value))

/*
 * What they do:
 *   bn_*, factorial, fibonacci, power   new big integers (NULL: no memory)
 *   bn_cmp          -1, 0 or 1
 *   bn_decimal      a new NUL-terminated decimal string
 *   primes          the primes below limit (limit <= 1 << 24)
 *   vector_random   len values of maths_xorshift32 from seed
 *   matrix_*        new matrices; NULL also for mismatched shapes
 *   free            gives a result back: 0, or -1 (nothing done) if it is
 *                   not a live result of this library
 *   heap_check      checks every live result (header, links, checksum,
 *                   canary): their number, or -1 with maths_error() saying
 *                   what is wrong and where
 *   live_bytes      bytes in live results
 *   sbrk0           sbrk(0) as the library's own libc sees it
 *   mallopt         the library's own allocator's mallopt()
 * An object is exported too: uint32_t maths_calls, the number of calls
 * made to the library so far (its state survives between calls).
 */

#define MATHS_DECLARE(ret, name, args) ret maths_##name args;
MATHS_FUNCTIONS(MATHS_DECLARE)
#undef MATHS_DECLARE

/* The table a program fills with maths_bind(). */
struct maths_api {
#define MATHS_FIELD(ret, name, args) ret (*name) args;
	MATHS_FUNCTIONS(MATHS_FIELD)
#undef MATHS_FIELD
	uint32_t *calls;        /* &maths_calls in the library */
};

/* Look every function up in the library lib (an openLibrary handle).
 * 0, or -1 with *missing (if not NULL) the first name not found.  The
 * caller includes <library.h>. */
#define maths_bind(lib, api, missing) maths_bind_with(librarySymbol, (lib), (api), (missing))

static inline int maths_bind_with(void *(*sym)(void *, const char *), void *lib,
				  struct maths_api *api, const char **missing)
{
	void *p;
#define MATHS_BIND(ret, name, args) \
	if (!(p = sym(lib, "maths_" #name))) { \
		if (missing) \
			*missing = "maths_" #name; \
		return -1; \
	} \
	api->name = (ret (*) args)p;
	MATHS_FUNCTIONS(MATHS_BIND)
#undef MATHS_BIND
	if (!(api->calls = sym(lib, "maths_calls"))) {
		if (missing)
			*missing = "maths_calls";
		return -1;
	}
	return 0;
}

#endif
