/*
 * bignum.c - non-negative big integers: sums, products, factorials,
 * Fibonacci numbers, powers and their decimal strings.  Results come from
 * the library's own malloc (track.c); the factorial grows its result with
 * realloc as it goes, so the library's allocator sees every kind of call.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define MAX_LIMBS   (1u << 20)          /* 32 Mbit numbers at most */

struct maths_bignum *bn_alloc(uint32_t len)
{
	if (len == 0 || len > MAX_LIMBS)
		return NULL;
	struct maths_bignum *a = track_alloc(sizeof(*a) + (size_t)len * 4);
	if (a) {
		a->len = len;
		memset(a->limb, 0, (size_t)len * 4);
	}
	return a;
}

const struct maths_bignum *bn_finish(struct maths_bignum *a)
{
	uint32_t len = a->len;
	while (len > 1 && a->limb[len - 1] == 0)
		len--;
	if (len != a->len) {
		struct maths_bignum *s = track_resize(a, sizeof(*a) + (size_t)len * 4);
		if (s)
			a = s;          /* else keep the longer block: its tail is zero */
		a->len = len;
	}
	track_seal(a);
	return a;
}

/* Room for cap limbs, the new ones zero; NULL (and a given back) if not. */
static struct maths_bignum *bn_grow(struct maths_bignum *a, uint32_t cap)
{
	uint32_t old = a->len;
	struct maths_bignum *g = cap <= MAX_LIMBS ? track_resize(a, sizeof(*a) + (size_t)cap * 4) : NULL;
	if (!g) {
		track_discard(a);
		return NULL;
	}
	memset(g->limb + old, 0, (size_t)(cap - old) * 4);
	g->len = cap;
	return g;
}

static uint32_t max_u32(uint32_t a, uint32_t b) { return a > b ? a : b; }

static struct maths_bignum *add(const struct maths_bignum *a, const struct maths_bignum *b)
{
	struct maths_bignum *r = bn_alloc(max_u32(a->len, b->len) + 1);
	if (!r)
		return NULL;
	uint64_t carry = 0;
	for (uint32_t i = 0; i < r->len; i++) {
		uint64_t s = carry + (i < a->len ? a->limb[i] : 0) + (i < b->len ? b->limb[i] : 0);
		r->limb[i] = (uint32_t)s;
		carry = s >> 32;
	}
	return r;
}

static struct maths_bignum *mul(const struct maths_bignum *a, const struct maths_bignum *b)
{
	if ((uint64_t)a->len + b->len > MAX_LIMBS)
		return NULL;
	struct maths_bignum *r = bn_alloc(a->len + b->len);
	if (!r)
		return NULL;
	for (uint32_t i = 0; i < a->len; i++) {
		uint64_t carry = 0;
		for (uint32_t j = 0; j < b->len; j++) {
			uint64_t p = (uint64_t)a->limb[i] * b->limb[j] + r->limb[i + j] + carry;
			r->limb[i + j] = (uint32_t)p;
			carry = p >> 32;
		}
		r->limb[i + b->len] = (uint32_t)carry;
	}
	return r;
}

const struct maths_bignum *maths_bn_from_u32(uint32_t v)
{
	maths_enter();
	struct maths_bignum *r = bn_alloc(1);
	if (!r)
		return NULL;
	r->limb[0] = v;
	return bn_finish(r);
}

const struct maths_bignum *maths_bn_add(const struct maths_bignum *a, const struct maths_bignum *b)
{
	maths_enter();
	struct maths_bignum *r = add(a, b);
	return r ? bn_finish(r) : NULL;
}

const struct maths_bignum *maths_bn_mul(const struct maths_bignum *a, const struct maths_bignum *b)
{
	maths_enter();
	struct maths_bignum *r = mul(a, b);
	return r ? bn_finish(r) : NULL;
}

int maths_bn_cmp(const struct maths_bignum *a, const struct maths_bignum *b)
{
	maths_enter();
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	for (uint32_t i = a->len; i-- > 0; )
		if (a->limb[i] != b->limb[i])
			return a->limb[i] < b->limb[i] ? -1 : 1;
	return 0;
}

/* n! by multiplying in place, growing the block by doubling. */
const struct maths_bignum *maths_factorial(uint32_t n)
{
	maths_enter();
	if (n > 100000)
		return NULL;
	struct maths_bignum *a = bn_alloc(2);
	if (!a)
		return NULL;
	a->limb[0] = 1;
	uint32_t used = 1;
	for (uint32_t k = 2; k <= n; k++) {
		uint64_t carry = 0;
		for (uint32_t i = 0; i < used; i++) {
			uint64_t p = (uint64_t)a->limb[i] * k + carry;
			a->limb[i] = (uint32_t)p;
			carry = p >> 32;
		}
		if (carry) {
			if (used == a->len && !(a = bn_grow(a, 2 * a->len)))
				return NULL;
			a->limb[used++] = (uint32_t)carry;
		}
	}
	return bn_finish(a);
}

/* F(n) < 2^(0.7 n): two running numbers of that many limbs, a += b and
 * swap, n times. */
const struct maths_bignum *maths_fibonacci(uint32_t n)
{
	maths_enter();
	if (n > 20000)
		return NULL;
	uint32_t cap = n / 45 + 2;
	struct maths_bignum *x = bn_alloc(cap), *y = bn_alloc(cap);
	if (!x || !y) {
		if (x)
			track_discard(x);
		if (y)
			track_discard(y);
		return NULL;
	}
	y->limb[0] = 1;                 /* x = F(0), y = F(1) */
	for (uint32_t k = 0; k < n; k++) {
		uint64_t carry = 0;
		for (uint32_t i = 0; i < cap; i++) {
			uint64_t s = (uint64_t)x->limb[i] + y->limb[i] + carry;
			x->limb[i] = (uint32_t)s;
			carry = s >> 32;
		}
		struct maths_bignum *t = x;     /* (x, y) = (y, x + y) */
		x = y;
		y = t;
	}
	track_discard(y);
	return bn_finish(x);
}

/* Square and multiply; the intermediate numbers are given back as soon as
 * they are used. */
const struct maths_bignum *maths_power(uint32_t base, uint32_t exp)
{
	maths_enter();
	uint32_t bits = 0;
	for (uint32_t b = base; b; b >>= 1)
		bits++;
	if ((uint64_t)bits * exp > (uint64_t)MAX_LIMBS * 32 / 4)
		return NULL;
	struct maths_bignum *r = bn_alloc(1), *sq = bn_alloc(1);
	if (!r || !sq) {
		if (r)
			track_discard(r);
		if (sq)
			track_discard(sq);
		return NULL;
	}
	r->limb[0] = 1;
	sq->limb[0] = base;
	for (uint32_t e = exp; ; ) {
		if (e & 1) {
			struct maths_bignum *t = mul(r, sq);
			track_discard(r);
			if (!t) {
				track_discard(sq);
				return NULL;
			}
			r = t;
		}
		e >>= 1;
		if (!e)
			break;
		struct maths_bignum *t = mul(sq, sq);
		track_discard(sq);
		if (!t) {
			track_discard(r);
			return NULL;
		}
		sq = t;
	}
	track_discard(sq);
	return bn_finish(r);
}

/* Divide by 10^9 again and again on a scratch copy; the scratch buffers
 * are untracked blocks of the same allocator. */
const char *maths_bn_decimal(const struct maths_bignum *a)
{
	maths_enter();
	uint32_t n = a->len;
	if (n == 0 || n > MAX_LIMBS)
		return NULL;
	uint32_t nparts = n * 32 / 29 + 2;      /* 10^9 > 2^29 */
	uint32_t *t = malloc((size_t)n * 4), *parts = malloc((size_t)nparts * 4);
	char *s = track_alloc((size_t)nparts * 9 + 1);
	if (!t || !parts || !s) {
		free(t);
		free(parts);
		if (s)
			track_discard(s);
		return NULL;
	}
	memcpy(t, a->limb, (size_t)n * 4);
	uint32_t used = n, np = 0;
	do {
		uint64_t rem = 0;
		for (uint32_t i = used; i-- > 0; ) {
			uint64_t cur = (rem << 32) | t[i];
			t[i] = (uint32_t)(cur / 1000000000u);
			rem = cur % 1000000000u;
		}
		parts[np++] = (uint32_t)rem;
		while (used > 0 && t[used - 1] == 0)
			used--;
	} while (used > 0 && np < nparts);
	char *o = s;
	for (uint32_t i = np; i-- > 0; ) {
		char d[9];
		uint32_t v = parts[i];
		for (int k = 8; k >= 0; k--, v /= 10)
			d[k] = (char)('0' + v % 10);
		int skip = 0;
		if (i == np - 1)                /* no leading zeros, but keep one digit */
			while (skip < 8 && d[skip] == '0')
				skip++;
		memcpy(o, d + skip, 9 - skip);
		o += 9 - skip;
	}
	*o = 0;
	free(t);
	free(parts);
	char *fit = track_resize(s, (size_t)(o - s) + 1);
	if (fit)
		s = fit;
	track_seal(s);
	return s;
}
