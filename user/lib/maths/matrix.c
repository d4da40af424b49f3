/*
 * matrix.c - matrices of 64-bit numbers (arithmetic modulo 2^64): new,
 * product, power.  The power of [[1 1] [1 0]] gives Fibonacci numbers
 * modulo 2^64, which a caller can hold against maths_fibonacci().
 */
#include <string.h>
#include "internal.h"

#define MAX_DIM     4096u
#define MAX_CELLS   (1u << 20)

static struct maths_matrix *matrix_alloc(uint32_t rows, uint32_t cols)
{
	if (rows == 0 || cols == 0 || rows > MAX_DIM || cols > MAX_DIM ||
	    (uint64_t)rows * cols > MAX_CELLS)
		return NULL;
	struct maths_matrix *m = track_alloc(sizeof(*m) + (size_t)rows * cols * 8);
	if (m) {
		m->rows = rows;
		m->cols = cols;
	}
	return m;
}

/* values NULL: the identity (zero where it is not square). */
const struct maths_matrix *maths_matrix_new(uint32_t rows, uint32_t cols, const uint64_t *values)
{
	maths_enter();
	struct maths_matrix *m = matrix_alloc(rows, cols);
	if (!m)
		return NULL;
	if (values)
		memcpy(m->m, values, (size_t)rows * cols * 8);
	else
		for (uint32_t i = 0; i < rows; i++)
			for (uint32_t j = 0; j < cols; j++)
				m->m[i * cols + j] = i == j;
	track_seal(m);
	return m;
}

static struct maths_matrix *mul(const struct maths_matrix *a, const struct maths_matrix *b)
{
	if (a->cols != b->rows)
		return NULL;
	struct maths_matrix *r = matrix_alloc(a->rows, b->cols);
	if (!r)
		return NULL;
	for (uint32_t i = 0; i < a->rows; i++)
		for (uint32_t j = 0; j < b->cols; j++) {
			uint64_t s = 0;
			for (uint32_t k = 0; k < a->cols; k++)
				s += a->m[i * a->cols + k] * b->m[k * b->cols + j];
			r->m[i * r->cols + j] = s;
		}
	return r;
}

const struct maths_matrix *maths_matrix_mul(const struct maths_matrix *a, const struct maths_matrix *b)
{
	maths_enter();
	struct maths_matrix *r = mul(a, b);
	if (r)
		track_seal(r);
	return r;
}

const struct maths_matrix *maths_matrix_pow(const struct maths_matrix *a, uint32_t exp)
{
	maths_enter();
	if (a->rows != a->cols)
		return NULL;
	struct maths_matrix *r = matrix_alloc(a->rows, a->cols);
	struct maths_matrix *sq = matrix_alloc(a->rows, a->cols);
	if (!r || !sq) {
		if (r)
			track_discard(r);
		if (sq)
			track_discard(sq);
		return NULL;
	}
	for (uint32_t i = 0; i < a->rows; i++)
		for (uint32_t j = 0; j < a->cols; j++)
			r->m[i * a->cols + j] = i == j;
	memcpy(sq->m, a->m, (size_t)a->rows * a->cols * 8);
	for (uint32_t e = exp; e; e >>= 1) {
		struct maths_matrix *t;
		if (e & 1) {
			if (!(t = mul(r, sq)))
				goto fail;
			track_discard(r);
			r = t;
		}
		if (e > 1) {
			if (!(t = mul(sq, sq)))
				goto fail;
			track_discard(sq);
			sq = t;
		}
	}
	track_discard(sq);
	track_seal(r);
	return r;
fail:
	track_discard(r);
	track_discard(sq);
	return NULL;
}
