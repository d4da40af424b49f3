/*
 * vector.c - vectors of 32-bit numbers: the primes below a limit (a sieve
 * of Eratosthenes in a scratch block of the library's own malloc, as big
 * as the limit) and pseudo-random vectors a caller can check.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define MAX_PRIMES_LIMIT (1u << 24)
#define MAX_LEN          (1u << 26)

static struct maths_vector *vector_alloc(uint32_t len)
{
	if (len > MAX_LEN)
		return NULL;
	struct maths_vector *v = track_alloc(sizeof(*v) + (size_t)len * 4);
	if (v)
		v->len = len;
	return v;
}

const struct maths_vector *maths_primes(uint32_t limit)
{
	maths_enter();
	if (limit > MAX_PRIMES_LIMIT)
		return NULL;
	unsigned char *composite = calloc(limit ? limit : 1, 1);
	if (!composite)
		return NULL;
	uint32_t count = 0;
	for (uint32_t i = 2; i < limit; i++) {
		if (composite[i])
			continue;
		count++;
		for (uint64_t j = (uint64_t)i * i; j < limit; j += i)
			composite[j] = 1;
	}
	struct maths_vector *v = vector_alloc(count);
	if (v) {
		uint32_t k = 0;
		for (uint32_t i = 2; i < limit; i++)
			if (!composite[i])
				v->v[k++] = i;
		track_seal(v);
	}
	free(composite);
	return v;
}

const struct maths_vector *maths_vector_random(uint32_t len, uint32_t seed)
{
	maths_enter();
	struct maths_vector *v = vector_alloc(len);
	if (!v)
		return NULL;
	uint32_t state = seed;
	for (uint32_t i = 0; i < len; i++)
		v->v[i] = maths_xorshift32(&state);
	track_seal(v);
	return v;
}

uint64_t maths_vector_sum(const struct maths_vector *a)
{
	maths_enter();
	uint64_t s = 0;
	for (uint32_t i = 0; i < a->len; i++)
		s += a->v[i];
	return s;
}
